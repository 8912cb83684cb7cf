"""The area filter of every list (``areas.filtersets.AreaFilter``): a bounded set of choices that opens one level
at a time, the chosen unit always among them, and nothing outside the user's area."""

import re

import pytest

from accounts.models import Role
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db


def options(response):
    html = response.content.decode()
    select = re.search(r'<select name="unit"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {int(v) for v in re.findall(r'<option value="(\d+)"', select)}


def test_leader_sees_the_first_two_levels_then_the_next_one_after_choosing(client, make_user, area_tree):
    leader = make_user(role=Role.LEADERSHIP, unit=area_tree["country"])
    client.force_login(leader)
    t = area_tree
    first = options(client.get("/subjects/"))
    assert first == {t["country"].pk, t["province"].pk, t["other_province"].pk}
    opened = options(client.get("/subjects/", {"unit": t["province"].pk}))
    assert opened == first | {t["d1"].pk, t["d2"].pk, t["d3"].pk}
    deepest = options(client.get("/subjects/", {"unit": t["c2"].pk}))
    assert deepest == first | {t["d2"].pk, t["c2"].pk}


def test_choosing_a_commune_filters_and_keeps_it_selected(client, make_user, area_tree):
    leader = make_user(role=Role.LEADERSHIP, unit=area_tree["country"])
    SubjectFactory(name="HTX Xã Hai", unit=area_tree["c2"])
    SubjectFactory(name="HTX Xã Ba", unit=area_tree["c3"])
    client.force_login(leader)
    response = client.get("/subjects/", {"unit": area_tree["c2"].pk})
    html = response.content.decode()
    assert "HTX Xã Hai" in html and "HTX Xã Ba" not in html
    assert re.search(rf'<option value="{area_tree["c2"].pk}" selected>', html)


def test_officer_cannot_pick_a_unit_outside_their_area(client, make_user, area_tree):
    officer = make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d1"])
    SubjectFactory(name="HTX Huyện Hai", unit=area_tree["c2"])
    client.force_login(officer)
    assert options(client.get("/subjects/")) == {area_tree["d1"].pk, area_tree["c1"].pk}
    response = client.get("/api/subjects/", {"unit": area_tree["d2"].pk})
    assert response.status_code == 400
    assert "HTX Huyện Hai" not in response.content.decode()


def test_the_select_stays_small_however_many_communes(client, make_user, area_tree):
    from areas.models import UnitLevel
    from areas.tests.factories import UnitFactory

    for i in range(60):
        UnitFactory(code=f"X{i}", name=f"Xã thêm {i}", level=UnitLevel.COMMUNE, parent=area_tree["d3"])
    leader = make_user(role=Role.LEADERSHIP, unit=area_tree["country"])
    client.force_login(leader)
    assert len(options(client.get("/subjects/"))) == 3
    assert len(options(client.get("/subjects/", {"unit": area_tree["d3"].pk}))) == 3 + 1 + 61
