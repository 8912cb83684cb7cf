"""``areas.selectors.units_now``: the unit in force that records entered under a unit belong to (issue #14 item 2),
for many units in a few queries: the unit itself while in force, the default successor of a split commune, the
successor of the nearest ancestor for a unit without links of its own; ``unit_place`` names both."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from areas.formatting import unit_place
from areas.models import LAST_OLD_DAY, REFORM_DAY, UnitLevel
from areas.selectors import units_now
from areas.tests.factories import UnitFactory, merged_province

pytestmark = pytest.mark.django_db


def test_units_now_follows_the_successors_in_a_few_queries():
    units = merged_province()
    old, new, old_commune, new_commune = units["old"], units["new"], units["old_commune"], units["new_commune"]
    other = UnitFactory(code="30190", name="Long Hậu", unit_type="xã", level=UnitLevel.COMMUNE, parent=new,
                        valid_from=REFORM_DAY)  # fmt: skip
    split = UnitFactory(code="30217", name="Hòa Long", unit_type="xã", level=UnitLevel.COMMUNE, parent=old,
                        valid_to=LAST_OLD_DAY)  # fmt: skip
    split.successors.add(new_commune, other)
    split.default_successor = other
    split.save()
    unlinked = UnitFactory(code="30999", name="Ấp cũ", unit_type="xã", level=UnitLevel.COMMUNE, parent=old,
                           valid_to=LAST_OLD_DAY)  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        now = units_now([old_commune, split, unlinked, new_commune, old])
    assert len(queries) <= 2
    assert now == {
        old_commune.pk: new_commune,
        split.pk: other,  # the default successor, not the first by path
        unlinked.pk: new,  # no links of its own: its province's successor
        new_commune.pk: new_commune,
        old.pk: new,
    }
    # Before the reform every unit is its own.
    assert units_now([old_commune], day=datetime.date(2024, 1, 1)) == {old_commune.pk: old_commune}
    assert unit_place(old_commune, now[old_commune.pk]) == "Xã Tân Thành (trước 01/07/2025) → nay Xã Tân Dương"
    assert unit_place(new_commune, new_commune) == "Xã Tân Dương"


def test_the_template_filter_names_the_successor():
    from django.template import Context, Template

    units = merged_province()
    rendered = Template("{% load areas_tags %}{{ old|unit_place }} | {{ new|unit_place }} | {{ old|unit_option }}")
    text = rendered.render(Context({"old": units["old_commune"], "new": units["new_commune"]}))
    assert text == "Xã Tân Thành (trước 01/07/2025) → nay Xã Tân Dương | Xã Tân Dương | Xã Tân Thành (trước 01/07/2025)"
