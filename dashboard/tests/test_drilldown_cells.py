"""The cells of the dashboard's drill-down lists (render functions, ``dashboard.tables``): each kind of row links
to its record and escapes what it shows, as the cell templates did."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from decisions.tests.factories import AuthorityFactory, product_in, recognise, revoke
from programme.tests.factories import BudgetLineFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(make_user, area_tree):
    return make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])


@pytest.fixture
def authority(area_tree):
    return AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])


def cells_of(response):
    """The drill-down's body cells, as written."""
    assert response.status_code == 200
    body = re.findall(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S)[-1]
    return re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)


def drill(client, metric, **params):
    return cells_of(client.get(reverse("dashboard:drilldown", args=[metric]), params))


def test_drilldown_cells_link_their_records_with_escaped_names(client, office, authority, area_tree):
    today = timezone.localdate()
    jam = product_in(area_tree["c1"], name="Mứt <gừng>", subject__name="Cơ sở <Gừng>")
    recognise(office, authority, today - datetime.timedelta(days=30), (jam, 5))
    mango = product_in(area_tree["c2"], name="Xoài & cát")
    recognise(office, authority, today - datetime.timedelta(days=400), (mango, 4))
    revoke(office, authority, today - datetime.timedelta(days=2), (mango.recognitions.get(), "production_stopped"))
    line = BudgetLineFactory(plan=PlanFactory(unit=area_tree["d1"], year=today.year))
    client.force_login(office)

    valid = drill(client, "valid", year=today.year)
    assert valid[0] == f'<a href="/products/{jam.pk}/">Mứt &lt;gừng&gt;</a>\n'
    assert valid[1] == "Cơ sở &lt;Gừng&gt;"
    assert valid[3] == '<span class="stars">5★</span>\n'

    subjects = drill(client, "valid_subjects", year=today.year)
    assert subjects[0] == f'<a href="/subjects/{jam.subject_id}/">Cơ sở &lt;Gừng&gt;</a>\n'

    revoked = drill(client, "revoked", year=today.year)
    assert revoked[0] == f'<a href="/products/{mango.pk}/">Xoài &amp; cát</a>\n'

    budget = drill(client, "budget", year=today.year)
    assert budget[0] == f'<a href="/programme/budget/{line.pk}/">Huyện 1 {today.year}</a>\n'
