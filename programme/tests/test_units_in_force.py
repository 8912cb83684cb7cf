"""Plans, budget lines and activities are put only on units in force in their period (issue #14 item 3): a 2026
plan of an abolished province is refused naming the merged province; the old province's 2025 plan (in force until
30/06/2025) is accepted; an activity dated after the reorganisation on an old commune is refused naming its
successors; a record left on its old unit can still be edited."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from areas.tests.factories import merged_province
from programme import services
from programme.models import ActivityKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def merger(make_user):
    units = merged_province()
    return {**units, "office": make_user(role=Role.COORDINATION_OFFICE, unit=units["new"])}


def plan_data(unit, year):
    return {"unit": unit, "year": year, "title": f"Kế hoạch OCOP năm {year}"}


def test_a_plan_after_the_reorganisation_on_the_old_province_is_refused(merger):
    with pytest.raises(ValidationError) as refused:
        services.plan_create(actor=merger["office"], data=plan_data(merger["old"], 2026))
    message = " ".join(refused.value.message_dict["unit"])
    assert "không còn hiệu lực từ 01/07/2025" in message and "Tỉnh Đồng Tháp" in message
    assert services.plan_create(actor=merger["office"], data=plan_data(merger["old"], 2025)).pk
    assert services.plan_create(actor=merger["office"], data=plan_data(merger["new"], 2026)).pk


def activity_data(unit, day):
    return {"kind": ActivityKind.values[0], "title": "Tập huấn OCOP", "start_date": day, "end_date": day, "unit": unit,
            "sessions": 1}  # fmt: skip


def test_an_activity_on_an_old_commune_after_the_reorganisation_is_refused(merger):
    with pytest.raises(ValidationError) as refused:
        services.activity_create(
            actor=merger["office"], data=activity_data(merger["old_commune"], datetime.date(2026, 3, 1))
        )
    assert "Tân Dương" in " ".join(refused.value.message_dict["unit"])
    old_activity = services.activity_create(
        actor=merger["office"], data=activity_data(merger["old_commune"], datetime.date(2024, 3, 1))
    )
    # Left on its old unit, an old record is still edited (history keeps its unit).
    services.activity_update(actor=merger["office"], activity=old_activity, data={"title": "Tập huấn OCOP 2024"})


def test_a_budget_line_of_a_2026_plan_on_an_old_commune_is_refused(merger):
    plan = services.plan_create(actor=merger["office"], data=plan_data(merger["new"], 2026))
    from programme.models import FundingSource

    source = FundingSource.objects.first() or FundingSource.objects.create(name="Ngân sách tỉnh", code="NST")
    with pytest.raises(ValidationError) as refused:
        services.budget_line_create(
            actor=merger["office"],
            plan=plan,
            data={"unit": merger["old_commune"], "source": source, "planned_mvnd": 10},  # fmt: skip
        )
    assert "không còn hiệu lực" in " ".join(refused.value.message_dict["unit"])
