"""List pages and API lists run the same number of SQL queries for 1 row and for 30 rows."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from areas.tests.factories import UnitFactory
from programme.indicators import IndicatorType

from .factories import ActivityFactory, BudgetLineFactory, PlanFactory, TargetFactory, source

pytestmark = pytest.mark.django_db


def count_queries(fetch):
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
    assert response.status_code == 200
    return len(ctx.captured_queries)


def units_under(parent, n):
    return [UnitFactory(level="commune", parent=parent, unit_type="xã") for _ in range(n)]


def plans(area_tree, n):
    return [PlanFactory(unit=unit, year=2023) for unit in units_under(area_tree["d1"], n)]


def lines(plan, n):
    sources = [source("ntp_nrd"), source("local_district"), source("socialised")]
    return [
        BudgetLineFactory(plan=plan, source=sources[i % 3], planned_mvnd=Decimal("1.5"), disbursed_mvnd=Decimal("1"))
        for i in range(n)
    ]


def activities(area_tree, n):
    funding = source("local_province")
    return [ActivityFactory(unit=area_tree["c1"], funding_source=funding, cost_mvnd=Decimal("2.25")) for _ in range(n)]


def targets(plan, n):
    return [TargetFactory(plan=plan, indicator_type=IndicatorType.FIVE_STAR_SUPPORT) for _ in range(n)]


def _same_count(make, fetch):
    make(1)
    fetch()  # warm-up: per-user caches (scope paths) and content types are filled by the first request
    one = count_queries(fetch)
    make(29)
    fetch()  # new units change the structure: the cached scope paths are computed once again
    thirty = count_queries(fetch)
    assert one == thirty


@pytest.fixture
def browser(client, office):
    client.force_login(office)
    return client


@pytest.fixture
def api(office):
    client = APIClient()
    client.force_authenticate(office)
    return client


def test_plan_list_page(browser, area_tree):
    _same_count(
        lambda n: [BudgetLineFactory(plan=p) for p in plans(area_tree, n)],
        lambda: browser.get(reverse("programme:index")),
    )


def test_budget_list_page(browser, plan):
    _same_count(lambda n: lines(plan, n), lambda: browser.get(reverse("programme:budget")))


def test_activity_list_page(browser, area_tree):
    _same_count(lambda n: activities(area_tree, n), lambda: browser.get(reverse("programme:activities")))


def test_plans_api(api, area_tree):
    _same_count(lambda n: plans(area_tree, n), lambda: api.get("/api/programme/plans/"))


def test_budget_lines_api_and_totals(api, plan):
    _same_count(lambda n: lines(plan, n), lambda: api.get("/api/programme/budget-lines/"))
    assert count_queries(lambda: api.get("/api/programme/budget-lines/totals/")) <= 8


def test_activities_api(api, area_tree):
    _same_count(lambda n: activities(area_tree, n), lambda: api.get("/api/programme/activities/"))


def test_targets_api_computes_each_indicator_once(api, plan):
    _same_count(lambda n: targets(plan, n), lambda: api.get("/api/programme/targets/"))
