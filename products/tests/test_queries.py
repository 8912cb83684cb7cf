"""Lists run a fixed number of SQL queries whatever the number of rows (1 or 30)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from products import services
from products.tests.factories import CertificationFactory, CraftVillageFactory, ProductChannelFactory, ProductFactory
from products.tests.helpers import PDF_BYTES, channel, class_1048, doc_type

pytestmark = pytest.mark.django_db

# session, the user with its unit, the unit's predecessors (scope), count, the page's keys, its rows, completeness (2),
# filter-form choices (area, category, set, channel, craft village)
LIST_PAGE_QUERIES = 13
# user's unit + predecessors (scope), count, the page's keys, its rows, certifications, channels (with their channel)
API_PRODUCT_QUERIES = 6
# user's unit + predecessors (scope), count, the page's keys, its rows (document type joined)
API_DOCUMENT_QUERIES = 4


def make_products(n, subject, area_tree):
    village = CraftVillageFactory(unit=area_tree["d1"])
    for i in range(n):
        product = (
            ProductFactory(
                subject=subject,
                name=f"Sản phẩm {i:02d}",
                product_class=class_1048("1.01") if i % 2 else None,
                craft_village=village,
            )
            if i % 2
            else ProductFactory(subject=subject, name=f"Sản phẩm {i:02d}", craft_village=village)
        )
        CertificationFactory(product=product)
        CertificationFactory(product=product, kind="trademark")
        ProductChannelFactory(product=product, channel=channel("Postmart"))
        ProductChannelFactory(product=product, channel=channel("Co.opmart"))


def make_documents(n, product, actor):
    for i in range(n):
        services.document_upload(
            actor=actor,
            subject=product.subject,
            product=product if i % 2 else None,
            document_type=doc_type("test_report" if i % 2 else "business_registration"),
            uploaded_file=SimpleUploadedFile(f"hs-{i}.pdf", PDF_BYTES),
        )


@pytest.mark.parametrize("rows", [1, 30])
def test_product_list_page_queries(web, subject_d1, area_tree, rows, django_assert_num_queries, user_for):
    make_products(rows, subject_d1, area_tree)
    first = subject_d1.products.order_by("pk").first()
    make_documents(2, first, user_for(Role.ADMINISTRATOR))
    client = web(Role.LOCAL_OFFICER)
    with django_assert_num_queries(LIST_PAGE_QUERIES):
        response = client.get(reverse("products:list"), {"sort": "-name"})
    assert response.status_code == 200
    assert len(response.context["products"]) == min(rows, 25)


@pytest.mark.parametrize("rows", [1, 30])
def test_api_product_list_queries(api, subject_d1, area_tree, rows, django_assert_num_queries):
    make_products(rows, subject_d1, area_tree)
    client = api(Role.COORDINATION_OFFICE)
    with django_assert_num_queries(API_PRODUCT_QUERIES):
        response = client.get("/api/products/")
    assert response.status_code == 200
    assert response.json()["count"] == rows
    assert len(response.json()["results"][0]["certifications"]) == 2


@pytest.mark.parametrize("rows", [1, 30])
def test_api_document_list_queries(api, product_d1, rows, django_assert_num_queries, user_for):
    make_documents(rows, product_d1, user_for(Role.ADMINISTRATOR))
    client = api(Role.LOCAL_OFFICER)
    with django_assert_num_queries(API_DOCUMENT_QUERIES):
        response = client.get("/api/documents/")
    assert response.status_code == 200
    assert response.json()["count"] == rows
