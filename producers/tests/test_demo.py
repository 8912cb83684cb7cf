"""The demo's producer accounts (``devdata/producers_demo.py``): ``chuthe.demo`` logs in with the demo password and
acts for a subject of canbo.xatanhong's commune; that officer sees the producer still waiting for verification."""

import pytest
from django.urls import reverse

from accounts.models import User
from devdata import producers_demo
from devdata.demo import accounts as accounts_demo
from devdata.demo import areas as areas_demo
from devdata.demo import products as products_demo
from devdata.demo import subjects as subjects_demo
from producers.models import ProducerAccount, ProducerAccountStatus
from products.models import Product

pytestmark = pytest.mark.django_db


def test_the_demo_producer_logs_in_and_sees_its_subject_and_products(client):
    areas_demo.load()
    accounts_demo.load()
    subjects_demo.load()
    products_demo.load()
    first = producers_demo.load()
    assert [u.pk for u in producers_demo.load()] == [u.pk for u in first]  # idempotent
    account = ProducerAccount.objects.select_related("subject", "verified_by").get(user__username="chuthe.demo")
    officer = User.objects.get(username="canbo.xatanhong")
    assert account.status == ProducerAccountStatus.VERIFIED and account.verified_by == officer
    assert account.commune == officer.unit
    assert client.login(username="chuthe.demo", password="Ocop@2026")
    page = client.get(reverse("producers:my_subject"))
    assert page.status_code == 200 and account.subject.name in page.content.decode()
    products = client.get(reverse("producers:my_products"))
    expected = set(Product.objects.filter(subject=account.subject).values_list("name", flat=True))
    assert expected and {p.name for p in products.context["object_list"]} == expected
    client.logout()
    client.force_login(officer)
    listing = client.get(reverse("producers:account_list")).content.decode()
    assert "Bánh pía Mai" in listing and "Chờ xác minh" in listing
