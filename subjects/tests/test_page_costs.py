"""The subject form's unit list costs one query whatever the size of the area (issue #20) and offers the same units
with the same labels: indented by level, the old structure marked."""

import pytest
from django.urls import reverse

from accounts.models import Role
from areas.formatting import unit_label
from areas.models import UnitLevel
from areas.selectors import units_for_form
from areas.tests.factories import UnitFactory, merged_province
from products.tests.selects import selects
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db

# session, the user with its unit (role check), the subject (restricted), the units offered
EDIT_PAGE_QUERIES = 4


@pytest.mark.parametrize("communes", [1, 20])
def test_edit_page_queries_do_not_grow_with_the_units_offered(
    client, make_user, area_tree, communes, django_assert_num_queries
):
    for i in range(communes):
        UnitFactory(name=f"Xã mới {i:02d}", unit_type="xã", level=UnitLevel.COMMUNE, parent=area_tree["d1"])
    subject = SubjectFactory(unit=area_tree["c1"])
    client.force_login(make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"]))
    url = reverse("subjects:update", args=[subject.pk])
    client.get(url)  # the user's scope in the shared cache
    with django_assert_num_queries(EDIT_PAGE_QUERIES):
        page = selects(client.get(url))
    assert len(page["unit"]) == 1 + 1 + 3 * 2 + communes  # empty line, province, districts and communes


def test_edit_page_offers_the_units_with_their_labels(client, make_user):
    units = merged_province()
    office = make_user(role=Role.COORDINATION_OFFICE, unit=units["new"])
    subject = SubjectFactory(unit=units["old_commune"], name="HTX cũ Tân Thành")
    client.force_login(office)
    page = selects(client.get(reverse("subjects:update", args=[subject.pk])))
    assert page["unit"] == [(None, "", "— Chọn xã, phường, thị trấn —", False)] + [
        (None, str(unit.pk), unit_label(unit), unit == units["old_commune"])
        for unit in units_for_form(office, keep=units["old_commune"])
    ]
    assert [label for _g, _v, label, _s in page["unit"]] == [
        "— Chọn xã, phường, thị trấn —",
        "Tỉnh Đồng Tháp",
        "· · Xã Tân Dương",
        "· · Xã Tân Thành (trước 01/07/2025)",  # the subject's own old commune, kept
    ]
    new_page = selects(client.get(reverse("subjects:create")))
    assert [label for _g, _v, label, _s in new_page["unit"]] == [
        "— Chọn xã, phường, thị trấn —",
        "Tỉnh Đồng Tháp",
        "· · Xã Tân Dương",
    ]
