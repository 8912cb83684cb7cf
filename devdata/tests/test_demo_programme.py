"""The demo data from the seed plan: idempotent, exact budget totals, all ten 2023 targets."""

from decimal import Decimal

import pytest

from devdata.demo import areas as areas_demo
from devdata.demo import programme as demo
from programme import selectors
from programme.indicators import IndicatorType
from programme.models import Activity, BudgetLine, Plan, PlanStatus, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    areas_demo.load()
    first = demo.load()
    counts = (Plan.objects.count(), Target.objects.count(), BudgetLine.objects.count(), Activity.objects.count())
    second = demo.load()
    assert counts == (
        Plan.objects.count(),
        Target.objects.count(),
        BudgetLine.objects.count(),
        Activity.objects.count(),
    )
    assert first["plan_2023"] == second["plan_2023"]
    return first


def test_plans_belong_to_the_old_province(loaded):
    for plan in (loaded["plan_2022"], loaded["plan_2023"]):
        assert plan.unit.code == "87" and plan.unit.level == "province" and plan.unit.valid_to is not None
    assert loaded["plan_2022"].number == "81/KH-UBND" and loaded["plan_2022"].status == PlanStatus.APPROVED
    plan_2023 = loaded["plan_2023"]
    assert plan_2023.number == "" and plan_2023.issued_on is None and plan_2023.status == PlanStatus.DRAFT
    assert len(plan_2023.legal_basis_list) == 2 and "148/QĐ-TTg" in plan_2023.legal_basis_list[0]


def test_budget_totals_match_the_seed(loaded):
    totals_2022 = selectors.budget_totals(BudgetLine.objects.filter(plan=loaded["plan_2022"]))
    assert totals_2022["total"]["disbursed"] == Decimal("7678.61")
    assert [row["disbursed"] for row in totals_2022["by_group"]] == [
        Decimal("3972.29"),
        Decimal("3310.42"),
        Decimal("395.9"),
    ]
    totals_2023 = selectors.budget_totals(BudgetLine.objects.filter(plan=loaded["plan_2023"]))
    assert totals_2023["total"]["planned"] == Decimal("16630.79")
    assert [row["planned"] for row in totals_2023["by_group"]] == [
        Decimal("6464.79"),
        Decimal("2000"),
        Decimal("3305"),
        Decimal("4861"),
    ]


def test_the_2023_targets_cover_the_ten_seed_indicators(loaded):
    targets = list(loaded["plan_2023"].targets.all())
    items = {t.number.strip("()").rstrip("abcd") for t in targets}
    assert items == {str(n) for n in range(1, 11)}
    by_number = {t.number: t for t in targets}
    assert by_number["(1)"].indicator_type == IndicatorType.NEW_PRODUCTS_3STAR and by_number["(1)"].target_value == 50
    assert by_number["(2)"].target_value == 9
    assert by_number["(4b)"].indicator_type == IndicatorType.SME_SHARE and by_number["(4b)"].target_value == 30
    assert by_number["(7c)"].baseline_value == 47
    computed_types = {t.indicator_type for t in targets} - {IndicatorType.FREE_TEXT}
    assert computed_types == set(IndicatorType.values) - {IndicatorType.FREE_TEXT}
    progress = selectors.plan_progress(loaded["plan_2023"])
    assert len(progress) == len(targets)


def test_seed_activities(loaded):
    training = Activity.objects.get(title__startswith="Tập huấn kỹ năng khai thác ứng dụng di động")
    assert (training.sessions, training.participants) == (55, 3345)
    assert Activity.objects.filter(kind="market_bulletin").count() == 2
    summary = selectors.activity_summary(Activity.objects.filter(start_date__year=2022))
    assert summary["total"]["count"] == Activity.objects.count()
