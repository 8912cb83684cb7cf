"""Budget totals by source, area and task: database sums of Decimals, no rounding drift, Vietnamese display."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from programme import selectors
from programme.models import BudgetLine, BudgetTask
from programme.templatetags.programme_tags import mvnd

from .factories import BudgetLineFactory, PlanFactory, source

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines_2022(plan, area_tree):
    """The 2022 actuals of the seed (I.3.7), spread over the province and district 1."""
    plan.year = 2022
    plan.save()
    province, d1 = area_tree["province"], area_tree["d1"]
    return [
        BudgetLineFactory(
            plan=plan, source=source("ntp_nrd"), unit=province, planned_mvnd=None, disbursed_mvnd=Decimal("3972.29")
        ),
        BudgetLineFactory(
            plan=plan,
            source=source("integrated"),
            unit=d1,
            task=BudgetTask.TRAINING,
            planned_mvnd=None,
            disbursed_mvnd=Decimal("3310.42"),
        ),
        BudgetLineFactory(
            plan=plan,
            source=source("local_province"),
            unit=province,
            task=BudgetTask.TRAINING,
            planned_mvnd=None,
            disbursed_mvnd=Decimal("295.9"),
        ),
        BudgetLineFactory(
            plan=plan,
            source=source("local_district"),
            unit=d1,
            task=BudgetTask.PROMOTION,
            planned_mvnd=None,
            disbursed_mvnd=Decimal("100"),
        ),
    ]


def test_totals_are_exact_decimals_by_source_group_source_area_and_task(lines_2022, area_tree):
    totals = selectors.budget_totals(BudgetLine.objects.all())
    assert totals["total"]["disbursed"] == Decimal("7678.61")
    assert totals["total"]["planned"] is None
    assert Decimal("3972.29") + Decimal("3310.42") + Decimal("395.9") == Decimal("7678.61")

    by_group = {row["group_name"]: row["disbursed"] for row in totals["by_group"]}
    assert by_group == {
        "Vốn Chương trình MTQG xây dựng nông thôn mới": Decimal("3972.29"),
        "Vốn lồng ghép từ các chương trình khác": Decimal("3310.42"),
        "Vốn địa phương": Decimal("395.9"),  # province 295,9 + district 100 under one group
    }
    assert [row["group_name"] for row in totals["by_group"]][0].startswith("Vốn Chương trình MTQG")
    assert totals["has_sub_sources"]
    assert {row["source__name"]: row["disbursed"] for row in totals["by_source"]}[
        "Vốn địa phương – ngân sách tỉnh"
    ] == (Decimal("295.9"))

    by_area = {row["unit_id"]: row["disbursed"] for row in totals["by_area"]}
    assert by_area == {area_tree["province"].pk: Decimal("4268.19"), area_tree["d1"].pk: Decimal("3410.42")}
    by_task = {row["task"]: row["disbursed"] for row in totals["by_task"]}
    assert by_task == {
        BudgetTask.TRAINING: Decimal("3606.32"),
        BudgetTask.PROMOTION: Decimal("100"),
        BudgetTask.GENERAL: Decimal("3972.29"),
    }
    assert sum(by_task.values()) == Decimal("7678.61")


def test_many_small_amounts_add_up_without_drift(plan):
    for _ in range(100):
        BudgetLineFactory(plan=plan, planned_mvnd=Decimal("0.1"), allocated_mvnd=Decimal("0.01"))
    totals = selectors.budget_totals(BudgetLine.objects.all())["total"]
    assert totals["planned"] == Decimal("10") and totals["allocated"] == Decimal("1")


def test_2023_plan_budget_and_disbursement_rate(plan):
    for code, amount in (("ntp_nrd", "6464.79"), ("integrated", "2000"), ("local", "3305"), ("socialised", "4861")):
        BudgetLineFactory(plan=plan, source=source(code), planned_mvnd=Decimal(amount), allocated_mvnd=Decimal(amount))
    BudgetLine.objects.filter(source__code="ntp_nrd").update(disbursed_mvnd=Decimal("3232.395"))
    totals = selectors.budget_totals(BudgetLine.objects.all())
    assert totals["total"]["planned"] == Decimal("16630.79")
    ntp = totals["by_group"][0]
    assert ntp["rate"] == Decimal("50.00")


def test_amounts_render_in_vietnamese_format():
    assert mvnd(Decimal("7678.610")) == "7.678,61"
    assert mvnd(Decimal("2000.000")) == "2.000"
    assert mvnd(Decimal("395.900")) == "395,9"
    assert mvnd(Decimal("16630.79")) == "16.630,79"
    assert mvnd(None) == "—"


def test_budget_page_shows_totals_by_source_area_and_task(client, office, lines_2022):
    client.force_login(office)
    response = client.get(reverse("programme:budget"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "7.678,61" in html and "3.972,29" in html and "3.310,42" in html and "395,9" in html
    assert "Theo địa bàn" in html and "Theo nhiệm vụ" in html and "Đào tạo, tập huấn" in html

    filtered = client.get(reverse("programme:budget"), {"source": source("local").pk})
    assert [line.source.code for line in filtered.context["lines"]] == ["local_province", "local_district"]
    assert filtered.context["totals"]["total"]["disbursed"] == Decimal("395.9")


def test_plan_page_budget_summary_by_source(client, office, lines_2022, plan):
    client.force_login(office)
    html = client.get(reverse("programme:plan_detail", args=[plan.pk])).content.decode()
    assert "7.678,61" in html and "Vốn lồng ghép từ các chương trình khác" in html


def test_totals_endpoint_with_filters(office, lines_2022, area_tree):
    other_year = PlanFactory(unit=area_tree["province"], year=2024)
    BudgetLineFactory(plan=other_year, planned_mvnd=Decimal("999"))
    api = APIClient()
    api.force_authenticate(office)
    data = api.get("/api/programme/budget-lines/totals/", {"year": 2022}).json()
    assert Decimal(data["total"]["disbursed"]) == Decimal("7678.61")
    assert data["total"]["planned"] is None
    assert [row["name"] for row in data["by_group"]][:2] == [
        "Vốn Chương trình MTQG xây dựng nông thôn mới",
        "Vốn lồng ghép từ các chương trình khác",
    ]
    by_area = {row["id"]: Decimal(row["disbursed"]) for row in data["by_area"]}
    assert by_area[area_tree["d1"].pk] == Decimal("3410.42")
    all_years = api.get("/api/programme/budget-lines/totals/").json()
    assert Decimal(all_years["total"]["planned"]) == Decimal("999")
