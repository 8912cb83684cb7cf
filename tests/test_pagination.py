"""Pages of every list read their keys first, then their rows (``ocop_portal.pagination.KeysFirstPaginator``), and
a national account's scope needs no join to the units (``accounts.scoping``): same rows, same order, fewer costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import Role
from areas.models import UnitLevel
from areas.tests.factories import UnitFactory
from subjects.models import Subject
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db

NAMES = [f"Hợp tác xã {i:02d}" for i in range(1, 31)]


@pytest.fixture
def thirty(area_tree):
    for i, name in enumerate(NAMES):
        SubjectFactory(name=name, unit=area_tree["c1"] if i % 2 else area_tree["c2"])


def _names_on_page(content):
    return [name for name in sorted(NAMES, reverse=True) if name in content]


def test_page_two_sorted_shows_the_rows_that_follow_page_one_in_order(client, make_user, area_tree, thirty):
    client.force_login(make_user(Role.COORDINATION_OFFICE, area_tree["province"]))
    first = client.get("/subjects/", {"sort": "-name"}).content.decode()
    second = client.get("/subjects/", {"sort": "-name", "page": 2}).content.decode()
    expected = sorted(NAMES, reverse=True)
    assert _names_on_page(first) == expected[:25]
    assert _names_on_page(second) == expected[25:]
    # In the page's own order (descending), not in the order the rows were read by key.
    positions = [second.index(name) for name in expected[25:]]
    assert positions == sorted(positions)


def test_api_page_two_in_order(make_user, area_tree, thirty):
    api = APIClient()
    api.force_authenticate(make_user(Role.COORDINATION_OFFICE, area_tree["province"]))
    first = api.get("/api/subjects/", {"ordering": "name", "page_size": 20}).json()
    second = api.get("/api/subjects/", {"ordering": "name", "page_size": 20, "page": 2}).json()
    assert first["count"] == 30
    assert [row["name"] for row in first["results"] + second["results"]] == NAMES


def test_a_national_account_reads_without_joining_the_units(make_user, area_tree, thirty):
    national = make_user(Role.LEADERSHIP, area_tree["country"])
    with CaptureQueriesContext(connection) as captured:
        assert Subject.objects.restrict(national).count() == 30
    assert "areas_administrativeunit" not in captured.captured_queries[-1]["sql"]


def test_with_a_second_root_the_national_scope_is_the_paths_again(make_user, area_tree, thirty):
    """A unit outside the country's tree (a second root) must stay outside a national account's area."""
    elsewhere = UnitFactory(code="XX", name="Nước khác", level=UnitLevel.COUNTRY, unit_type="quốc gia")
    SubjectFactory(name="Ngoài cây", unit=UnitFactory(code="X1", name="Tỉnh X", parent=elsewhere))
    national = make_user(Role.LEADERSHIP, area_tree["country"])
    seen = set(Subject.objects.restrict(national).values_list("name", flat=True))
    assert seen == set(NAMES)
