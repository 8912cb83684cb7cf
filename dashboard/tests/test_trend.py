"""The trend by year (issue #13): every trend year's counts are those of that year's annual report, on a history of
upgrades, re-evaluations, a revocation, a correction, expiries and another province's product; the recomputation
sends one statement for all the trend years (not two per year), so its statement count does not grow with them."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from dashboard.models import DashboardSnapshot
from decisions import services as decision_services
from decisions.models import RecognitionKind, RevocationGround
from decisions.tests.factories import AuthorityFactory, recognise, revoke
from products.tests.factories import ProductFactory
from reports.figures import compute as report_figures
from subjects.tests.factories import SubjectFactory

URL = reverse("dashboard:index")


def d(text):
    return datetime.date.fromisoformat(text)


def stars(three, four, five):
    return {"3": three, "4": four, "5": five}


@pytest.fixture
def history(area_tree, make_user):
    """Province "87" (area_tree): D1/C1, D2/C2, D3/C3; another province "82".

    a (C1)  new 3★ 01/03/2019; re-evaluated 4★ 15/02/2022 (before the first certificate ended); then expired (2025)
    b (C2)  new 4★ 01/06/2020; revoked 01/08/2021
    c (C3)  new 3★ 01/04/2021; corrected to 5★ on 01/05/2023 (same validity, ends 2024)
    d (C1)  new 3★ 01/07/2023; upgraded to 5★ 01/03/2024
    e       another province: new 4★ 01/01/2020
    f (D2)  entered under the district itself: new 3★ 10/01/2025
    """
    t = area_tree
    office = make_user(role=Role.COORDINATION_OFFICE, unit=t["province"])
    admin = make_user(role=Role.ADMINISTRATOR, unit=t["country"])
    authority = AuthorityFactory(unit=t["province"])
    other_authority = AuthorityFactory(unit=t["other_province"])

    def product(unit):
        return ProductFactory(subject=SubjectFactory(unit=unit), unit=unit)

    a, b, c, d1 = product(t["c1"]), product(t["c2"]), product(t["c3"]), product(t["c1"])
    e, f = product(t["other_province"]), product(t["d2"])
    new, score = RecognitionKind.NEW, Decimal("60")
    recognise(office, authority, d("2019-03-01"), (a, 3, score, new))
    to_revoke = recognise(office, authority, d("2020-06-01"), (b, 4, score, new))
    recognise(admin, other_authority, d("2020-01-01"), (e, 4, score, new))
    to_correct = recognise(office, authority, d("2021-04-01"), (c, 3, score, new))
    revoke(office, authority, d("2021-08-01"), (to_revoke.recognitions.get(), RevocationGround.PRODUCTION_STOPPED))
    recognise(office, authority, d("2022-02-15"), (a, 4, score, RecognitionKind.RE_EVALUATION))
    recognise(office, authority, d("2023-07-01"), (d1, 3, score, new))
    correction = decision_services.correction_draft_create(actor=office, decision=to_correct)
    decision_services.recognition_item_update(actor=office, item=correction.recognitions.get(), stars=5)
    decision_services.decision_issue(actor=office, decision=correction, date=d("2023-05-01"))
    recognise(office, authority, d("2024-03-01"), (d1, 5, score, RecognitionKind.UPGRADE))
    recognise(office, authority, d("2025-01-10"), (f, 3, score, new))
    leader = make_user(role=Role.LEADERSHIP, unit=t["country"])
    return {"tree": t, "office": office, "leader": leader}


def recomputed(client, user, **params):
    """The dashboard recomputed (summary table emptied): the response and the statements it sent."""
    DashboardSnapshot.objects.all().delete()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return response, len(queries)


def trend_of(response):
    return {p["year"]: (p["valid"], p["recognised"]) for p in response.context["data"]["trend"]}


@pytest.mark.django_db
def test_each_trend_year_equals_that_years_annual_report(client, history):
    tree, office = history["tree"], history["office"]
    this_year = timezone.localdate().year
    response, _count = recomputed(client, office, year=this_year)
    trend = trend_of(response)
    assert sorted(trend) == list(range(2019, this_year + 1))
    # Valid on 31/12 by stars, and products recognised in the year (each once), counted by hand.
    assert {year: trend[year] for year in range(2019, 2026)} == {
        2019: (stars(1, 0, 0), 1),  # a
        2020: (stars(1, 1, 0), 1),  # a, b (e is another province)
        2021: (stars(2, 0, 0), 1),  # a, c; b revoked
        2022: (stars(1, 1, 0), 1),  # a re-evaluated 4★, c
        2023: (stars(1, 1, 1), 1),  # a, c corrected to 5★ (its 2021 validity: not recognised in 2023), d new
        2024: (stars(0, 1, 1), 1),  # a, d upgraded (counted once); c ended
        2025: (stars(1, 0, 1), 1),  # d, f; a ended
    }
    # Every past year's point is that year's annual report (the province, one of its districts, the country).
    for area in (tree["province"], tree["d1"], tree["country"]):
        if area != tree["province"]:
            response, _count = recomputed(client, history["leader"], year=this_year, area=area.pk)
            trend = trend_of(response)
        for year in range(2019, this_year):
            report = report_figures(area, str(year))
            assert trend[year] == (report["valid"]["stars"], report["recognised"]["products"]), (area, year)
    # A past year's dashboard: the trend ends with the year shown (the year's own figures).
    response, _count = recomputed(client, office, year=2022)
    assert trend_of(response) == {
        2019: (stars(1, 0, 0), 1),
        2020: (stars(1, 1, 0), 1),
        2021: (stars(2, 0, 0), 1),
        2022: (stars(1, 1, 0), 1),
    }


@pytest.mark.django_db
def test_recomputation_sends_one_statement_for_all_trend_years(client, history):
    office = history["office"]
    recomputed(client, office, year=2020)  # the area's scope paths are cached (areas.cache), as in production
    # 2021 has 2 trend years before it, 2025 has 6: the same statements (two per trend year before).
    _response, two_years = recomputed(client, office, year=2021)
    _response, six_years = recomputed(client, office, year=2025)
    assert two_years == six_years
    # The current year (7 trend years before it): the report's figures, the trend, the map and the page.
    _response, current = recomputed(client, office, year=timezone.localdate().year)
    assert current <= 40
