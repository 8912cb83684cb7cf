"""Issue #18 integration: the menu sends a commune officer to the queue of producers' applications, and a verified
producer's product page to the application form, pre-filled with the product."""

import pytest
from django.urls import reverse

from accounts.models import Role
from producers.tests.factories import producer_user
from products.tests.factories import ProductFactory
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db


def test_the_commune_officer_has_the_review_queue_in_the_menu(client, make_user, area_tree):
    queue = reverse("evaluations:review_queue")
    client.force_login(make_user(role=Role.LOCAL_OFFICER, unit=area_tree["c1"]))
    html = client.get("/").content.decode()
    assert f'href="{queue}"' in html and "Hồ sơ chờ xã thẩm định" in html
    assert client.get(queue).status_code == 200
    for role in (Role.LEADERSHIP, Role.COUNCIL_MEMBER):
        client.force_login(make_user(role=role, unit=area_tree["province"]))
        assert "Hồ sơ chờ xã thẩm định" not in client.get("/").content.decode()


def test_a_producers_product_page_leads_to_the_application_for_that_product(client, area_tree):
    product = ProductFactory(subject=SubjectFactory(unit=area_tree["c1"]))
    client.force_login(producer_user(product.subject))
    html = client.get(reverse("producers:product_detail", args=[product.pk])).content.decode()
    url = f"{reverse('producers:application_new')}?product={product.pk}"
    assert f'href="{url}"' in html and "Nộp hồ sơ đánh giá" in html
    form = client.get(url)
    assert form.status_code == 200 and form.context["chosen"] == product
