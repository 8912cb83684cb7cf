"""Every role sees exactly the subjects of its area, in the pages and in the API."""

import pytest
from django.urls import reverse

from accounts.models import Role
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db


def _three_subjects(role, tree):
    """Two subjects inside the user's area and one outside, with the user's unit."""
    if role == Role.LOCAL_OFFICER:
        inside = [SubjectFactory(unit=tree["d1"]), SubjectFactory(unit=tree["c1"])]
        outside = SubjectFactory(unit=tree["d2"])
        return tree["d1"], inside, outside
    inside = [SubjectFactory(unit=tree["d1"]), SubjectFactory(unit=tree["c2"])]
    outside = SubjectFactory(unit=tree["other_province"])
    return tree["province"], inside, outside


# The office roles; a producer has no area and sees its own subject only (producers/tests/test_scoping.py).
OFFICE_ROLES = [role for role in Role.values if role != Role.PRODUCER]


@pytest.mark.parametrize("role", OFFICE_ROLES)
def test_each_role_sees_exactly_the_subjects_of_its_area(web, api, area_tree, role):
    unit, inside, outside = _three_subjects(role, area_tree)
    expected = {s.pk for s in inside}

    page = web(role, unit).get(reverse("subjects:list"))
    assert page.status_code == 200
    assert {s.pk for s in page.context["subjects"]} == expected
    assert outside.name not in page.content.decode()

    response = api(role, unit).get("/api/subjects/")
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == expected


def test_commune_officer_sees_only_the_commune(web, area_tree):
    in_commune = SubjectFactory(unit=area_tree["c1"])
    SubjectFactory(unit=area_tree["d1"])
    page = web(Role.LOCAL_OFFICER, area_tree["c1"]).get(reverse("subjects:list"))
    assert [s.pk for s in page.context["subjects"]] == [in_commune.pk]


def test_new_commune_officer_sees_the_subjects_of_the_old_communes_it_absorbed(web, area_tree):
    from areas.tests.factories import UnitFactory

    new_commune = UnitFactory(code="C1N", name="Xã mới", level="commune", parent=area_tree["province"])
    area_tree["c1"].successors.add(new_commune)
    old = SubjectFactory(unit=area_tree["c1"])
    SubjectFactory(unit=area_tree["c2"])
    page = web(Role.LOCAL_OFFICER, new_commune).get(reverse("subjects:list"))
    assert [s.pk for s in page.context["subjects"]] == [old.pk]


def test_a_user_without_role_or_unit_sees_nothing(client, make_user, area_tree):
    SubjectFactory(unit=area_tree["c1"])
    client.force_login(make_user(role="", unit=area_tree["province"]))
    assert client.get(reverse("subjects:list")).status_code == 403
    assert client.get("/api/subjects/").status_code == 403
