"""The product page says the product's OCOP stars, status and validity as its decisions give them (the columns the
decisions services store on the product), and its OCOP product code."""

import datetime

import pytest

from accounts.models import Role
from decisions.tests.factories import AuthorityFactory, product_in, recognise, revoke
from products.models import Product

pytestmark = pytest.mark.django_db


def test_the_page_shows_stars_validity_revocation_and_code(client, area_tree, make_user):
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    authority = AuthorityFactory(unit=area_tree["province"])
    product = product_in(area_tree["c1"], name="Trà tim sen")
    Product.objects.filter(pk=product.pk).update(ocop_code="87-866-30001-001-2024")
    client.force_login(office)
    url = f"/products/{product.pk}/"
    page = client.get(url).content.decode()
    assert "Chưa được công nhận" in page and "87-866-30001-001-2024" in page

    day = datetime.date.today() - datetime.timedelta(days=10)
    decision = recognise(office, authority, day, (product, 4))
    page = client.get(url).content.decode()
    recognition = decision.recognitions.get()
    assert "★★★★<" in page and "Đang hiệu lực" in page
    assert f"hiệu lực đến {recognition.valid_until:%d/%m/%Y}" in page

    revoke(office, authority, datetime.date.today(), (recognition, "production_stopped"))
    page = client.get(url).content.decode()
    assert "Đã thu hồi" in page and f"thu hồi ngày {datetime.date.today():%d/%m/%Y}" in page
