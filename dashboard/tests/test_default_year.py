"""The dashboard opens on the current year, or, when nothing happened in it yet in the area, on the latest year
with data, and says so (issue #15 item 9: clock-sensitive defaults)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from decisions.tests.factories import AuthorityFactory, product_in, recognise

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(make_user, area_tree):
    return make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])


def test_opens_on_the_latest_year_with_data_when_this_year_is_empty(client, office, area_tree):
    this_year = timezone.localdate().year
    authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])
    recognise(office, authority, datetime.date(this_year - 2, 5, 5), (product_in(area_tree["c1"]), 3))
    client.force_login(office)
    response = client.get(reverse("dashboard:index"))
    assert response.context["year"] == this_year - 2
    assert 'id="dash-earlier-year"' in response.content.decode()
    chosen = client.get(reverse("dashboard:index"), {"year": this_year})
    assert chosen.context["year"] == this_year  # a year the user picked is kept
    assert 'id="dash-earlier-year"' not in chosen.content.decode()


def test_opens_on_this_year_when_it_has_data(client, office, area_tree):
    today = timezone.localdate()
    authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])
    recognise(office, authority, today.replace(year=today.year - 2), (product_in(area_tree["c1"]), 3))
    recognise(office, authority, today, (product_in(area_tree["c2"]), 4))
    client.force_login(office)
    response = client.get(reverse("dashboard:index"))
    assert response.context["year"] == today.year
    assert 'id="dash-earlier-year"' not in response.content.decode()


def test_an_empty_area_opens_on_this_year(client, office):
    client.force_login(office)
    assert client.get(reverse("dashboard:index")).context["year"] == timezone.localdate().year
