"""A user's scope paths are cached (shared cache) and follow every change of units and successor links at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from areas.models import UnitLevel
from areas.tests.factories import UnitFactory
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db


def names(client):
    response = client.get(reverse("subjects:list"))
    assert response.status_code == 200
    return {subject.name for subject in response.context["object_list"]}


def test_a_new_successor_link_is_seen_at_once_and_a_cached_scope_costs_no_query(client, make_user):
    country = UnitFactory(code="VN", level=UnitLevel.COUNTRY)
    old = UnitFactory(code="87", name="Đồng Tháp cũ", parent=country)
    new = UnitFactory(code="82", name="Đồng Tháp mới", parent=country)
    SubjectFactory(unit=old, name="HTX cũ")
    SubjectFactory(unit=new, name="HTX mới")
    office = make_user(role=Role.COORDINATION_OFFICE, unit=new)
    client.force_login(office)
    assert names(client) == {"HTX mới"}

    with CaptureQueriesContext(connection) as cached:
        names(client)
    assert not any("administrativeunit_successors" in q["sql"] for q in cached.captured_queries)

    old.successors.add(new)  # the merger: the old province's records now belong to the new one
    assert names(client) == {"HTX mới", "HTX cũ"}
    old.successors.remove(new)
    assert names(client) == {"HTX mới"}
