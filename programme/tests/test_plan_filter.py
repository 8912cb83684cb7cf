"""The "plan" filter of the budget and target lists offers the plans of the chosen year (recent years without one),
and a plan already chosen always stays valid, on the page and in the API."""

import re

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from .factories import BudgetLineFactory, PlanFactory

pytestmark = pytest.mark.django_db


def _offered(content):
    select = re.search(r'<select name="plan".*?</select>', content, re.S).group(0)
    return set(re.findall(r"Kế hoạch OCOP năm (\d{4})", select))


@pytest.fixture
def plans(area_tree):
    this_year = timezone.localdate().year
    old = PlanFactory(unit=area_tree["province"], year=2019)
    new = PlanFactory(unit=area_tree["province"], year=this_year)
    BudgetLineFactory(plan=old)
    BudgetLineFactory(plan=new)
    return old, new


def test_recent_plans_without_a_year_the_year_s_plans_with_one(client, office, plans):
    old, new = plans
    client.force_login(office)
    assert _offered(client.get("/programme/budget/").content.decode()) == {str(new.year)}
    assert _offered(client.get("/programme/budget/", {"year": 2019}).content.decode()) == {"2019"}


def test_a_chosen_plan_of_any_year_stays_valid(client, office, plans):
    old, _new = plans
    client.force_login(office)
    response = client.get("/programme/budget/", {"plan": old.pk})
    assert response.status_code == 200
    assert not response.context["filterset"].errors
    assert "2019" in _offered(response.content.decode())
    api = APIClient()
    api.force_authenticate(office)
    answer = api.get("/api/programme/budget-lines/", {"plan": old.pk})
    assert answer.status_code == 200 and answer.json()["count"] == 1
