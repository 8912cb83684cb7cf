"""The product page runs a fixed number of queries whatever its rows (certifications, channels, documents, decisions)
and says the same things (issue #20): where it is made, its decisions, its documents."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from decisions.tests.factories import AuthorityFactory, recognise
from products import services
from products.tests.factories import CertificationFactory, ProductChannelFactory, ProductFactory
from products.tests.helpers import PDF_BYTES, channel, doc_type

pytestmark = pytest.mark.django_db

# session, the user with its unit (role check), the product with its subject and the subject's unit, class, village
# and author, its certifications, its channels, its documents, the dossier checklist (2), the evaluations, the
# decisions (recognitions, revocations), from which today's OCOP status is read at the stored recognition
PRODUCT_PAGE_QUERIES = 11
# with an empty shared cache, also: the user's scope (the unit's predecessors) and the names of the product's unit
# and its ancestors (one query for the whole path)
PRODUCT_PAGE_COLD_CACHE_QUERIES = PRODUCT_PAGE_QUERIES + 2


def without_tokens(response):
    """The page without what changes on every request (CSRF token, CSP nonce)."""
    return re.sub(r'(csrfmiddlewaretoken" value=|nonce=|X-CSRFToken": )"[^"]*"', "", response.content.decode())


def product_with(rows, office, area_tree):
    product = ProductFactory(name="Hạt sen sấy Tháp Mười", subject__unit=area_tree["c1"])
    names = ["Postmart", "Tiki", "Lazada", "Co.opmart"]
    for i in range(rows):
        CertificationFactory(product=product, number=f"ATTP-{i}")
        ProductChannelFactory(product=product, channel=channel(names[i]))
        services.document_upload(
            actor=office,
            subject=product.subject,
            product=product if i % 2 else None,
            document_type=doc_type("test_report" if i % 2 else "business_registration"),
            uploaded_file=SimpleUploadedFile(f"hs-{i}.pdf", PDF_BYTES),
        )
    authority = AuthorityFactory(unit=area_tree["province"])
    for i in range(rows):
        recognise(office, authority, datetime.date.today() - datetime.timedelta(days=400 * (rows - i)), (product, 3))
    return product


@pytest.mark.parametrize("rows", [1, 3])
def test_product_page_queries_do_not_grow_with_its_rows(client, make_user, area_tree, rows, django_assert_num_queries):
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    product = product_with(rows, office, area_tree)
    client.force_login(office)
    url = reverse("products:detail", args=[product.pk])
    cache.clear()
    with django_assert_num_queries(PRODUCT_PAGE_COLD_CACHE_QUERIES):
        page = client.get(url)
    assert page.status_code == 200
    assert len(page.context["decision_history"]) == rows
    assert len(page.context["documents"]) == rows
    with django_assert_num_queries(PRODUCT_PAGE_QUERIES):
        assert without_tokens(client.get(url)) == without_tokens(page)


def test_product_page_names_the_place_and_follows_a_rename(client, make_user, area_tree):
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    product = ProductFactory(subject__unit=area_tree["c1"], unit=area_tree["c1"])
    client.force_login(office)
    url = reverse("products:detail", args=[product.pk])
    assert "<dd>Xã 1, Huyện 1, Tỉnh Đồng Tháp</dd>" in client.get(url).content.decode()
    district = area_tree["d1"]
    district.name = "Lai Vung"
    district.save()
    assert "<dd>Xã 1, Huyện Lai Vung, Tỉnh Đồng Tháp</dd>" in client.get(url).content.decode()
