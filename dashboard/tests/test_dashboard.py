"""The dashboard: every number equals the report figure and its drill-down lists exactly that many rows; local
officers see their unit only; a fixed number of queries; the summary table follows changes within a minute."""

import datetime
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from dashboard import selectors, services
from dashboard.models import DashboardSnapshot
from reports.figures import compute as report_figures
from reports.periods import Period

URL = reverse("dashboard:index")
NUMBER = re.compile(r'<a class="value" href="([^"]+)" data-number="(\d+)"')
PART = re.compile(r'<li><a href="(/dashboard/drilldown/[^"]+)">[^<:]+: <b>([\d.]+)</b>')


def page(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def drill_count(client, url):
    response = client.get(unescape(url))
    assert response.status_code == 200, url
    return int(re.search(r'data-count="(\d+)"', response.content.decode()).group(1))


def drill_rows(client, url):
    """Every row of a drill-down list, following the pages."""
    rows, number = [], 1
    while True:
        response = client.get(f"{unescape(url)}&page={number}")
        rows += list(response.context["rows"])
        if not response.context["page_obj"].has_next():
            return rows
        number += 1


def card_numbers(response):
    html = response.content.decode()
    return [(url, int(n)) for url, n in NUMBER.findall(html)] + [
        (url, int(n.replace(".", ""))) for url, n in PART.findall(html)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("year_offset", [0, 2])
def test_every_number_equals_the_report_figure_and_its_drilldown(client, generated, year_offset):
    province, user = generated["province"], generated["office"]
    year = timezone.localdate().year - year_offset
    period = selectors.dashboard_period(year)
    if year_offset:
        assert period == Period(year=year)  # a past year is exactly the annual report's period
    response = page(client, user, year=year)
    assert response.status_code == 200
    data = response.context["data"]
    report = report_figures(province, period)
    assert data["figures"] == report

    f = report
    shown = {card["key"]: card["value"] for card in response.context["cards"]}
    assert shown == {
        "valid": f["valid"]["products"],
        "new": f["recognised"]["kinds"]["new"]["products"],
        "subjects": f["valid"]["subjects"],
        "female": f["valid"]["female_led"]["subjects"],
        "expiring": data["expiring"],
        "revoked": f["revocations"]["products"],
        "entries": f["entries"]["products"],
    }
    assert f["valid"]["products"] > 0 and f["entries"]["products"] > 0
    # Every number on a card (and each of its parts) opens the list of exactly the rows it counts.
    numbers = card_numbers(response)
    assert len(numbers) >= 7 + 3 + 2 + 1 + 3 + 3
    for url, value in numbers:
        assert drill_count(client, url) == value, url


@pytest.mark.django_db
def test_chart_tables_drill_down_to_their_rows(client, generated):
    province, user = generated["province"], generated["office"]
    year = timezone.localdate().year - 1
    response = page(client, user, year=year)
    context = response.context
    f = context["data"]["figures"]
    assert context["units"] and context["groups"] and context["sources"] and context["targets"]
    for unit in context["units"]:
        assert drill_count(client, unit["drill"]) == unit["products"]
    for group in context["groups"]:
        assert drill_count(client, group["url"]) == group["products"]
    for point in context["trend"]:
        assert drill_count(client, point["url"]) == point["total"]
        if point["year"] < year:
            past = report_figures(province, str(point["year"]))
            assert point["valid"] == past["valid"]["stars"] and point["recognised"] == past["recognised"]["products"]
    for source in context["sources"]:
        lines = drill_rows(client, source["url"])
        assert sum((line.planned_mvnd or Decimal(0)) for line in lines) == Decimal(source["planned"])
        assert sum((line.disbursed_mvnd or Decimal(0)) for line in lines) == Decimal(source["disbursed"])
    all_lines = drill_rows(client, context["budget_url"])
    assert sum(line.planned_mvnd or 0 for line in all_lines) == Decimal(f["budget"]["total"]["planned"])
    # Targets link to the programme's own drill-down of each target.
    client.force_login(user)
    assert client.get(context["targets"][0]["url"]).status_code == 200
    # The charts are inline SVG drawn on the server; no script, no external asset.
    html = response.content.decode()
    assert html.count("<svg") == 6
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)  # nothing loaded from elsewhere


@pytest.mark.django_db
def test_area_filter_national_and_old_structure(client, generated):
    national, province = generated["national"], generated["province"]
    response = page(client, national)
    assert response.context["area"] == generated["country"]
    ids = {pk for _label, options in response.context["area_groups"] for pk, _unit in options}
    assert province.pk in ids
    # The old province (before 01/07/2025) can be picked: the dashboard then counts its records only.
    old = generated["old_provinces"][0]
    year = timezone.localdate().year - 2
    response = page(client, national, year=year, area=old.pk)
    assert response.context["data"]["figures"] == report_figures(old, str(year))
    whole = page(client, national, year=year, area=province.pk).context["data"]["figures"]["valid"]["products"]
    parts = sum(
        page(client, national, year=year, area=p.pk).context["data"]["figures"]["valid"]["products"]
        for p in generated["old_provinces"]
    )
    assert whole == parts


@pytest.mark.django_db
def test_local_officer_sees_only_their_unit(client, generated):
    officer = generated["officer"]
    mine, other = generated["districts"][0], generated["districts"][1]
    year = timezone.localdate().year - 2
    response = page(client, officer, year=year)
    assert response.status_code == 200
    assert response.context["area"] == mine  # default: the officer's unit
    assert response.context["data"]["figures"] == report_figures(mine, str(year))
    province_valid = report_figures(generated["province"], str(year))["valid"]["products"]
    assert response.context["cards"][0]["value"] < province_valid
    ids = {pk for _label, options in response.context["area_groups"] for pk, _unit in options}
    assert other.pk not in ids and generated["province"].pk not in ids
    # Another district, the province, or their drill-downs: 404.
    assert page(client, officer, year=year, area=other.pk).status_code == 404
    assert page(client, officer, year=year, area=generated["province"].pk).status_code == 404
    drill = reverse("dashboard:drilldown", args=["valid"])
    assert client.get(drill, {"year": year, "area": other.pk}).status_code == 404
    assert client.get(drill, {"year": year, "area": mine.pk}).status_code == 200
    for url, value in card_numbers(response):
        assert drill_count(client, url) == value


@pytest.mark.django_db
def test_bad_parameters_and_roles(client, generated, make_user):
    office = generated["office"]
    client.force_login(office)
    assert client.get(URL, {"year": timezone.localdate().year + 1}).status_code == 404
    assert client.get(URL, {"year": "abc"}).status_code == 404
    assert client.get(URL, {"area": 999999}).status_code == 404
    assert client.get(reverse("dashboard:drilldown", args=["nothing"])).status_code == 404
    no_role = make_user(role="", unit=generated["province"])
    client.force_login(no_role)
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def _recognise_products(count, unit, office, authority, day):
    from decisions.tests.factories import product_in, recognise

    products = [product_in(unit) for _ in range(count)]
    recognise(office, authority, day, *[(product, 3) for product in products])
    return products


@pytest.mark.django_db
@pytest.mark.parametrize("cached", [False, True])
def test_query_count_does_not_depend_on_the_number_of_products(
    client, area_tree, make_user, settings, django_assert_num_queries, cached
):
    from decisions.tests.factories import AuthorityFactory

    settings.DASHBOARD_FRESH_SECONDS = 60
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    authority = AuthorityFactory(unit=area_tree["province"])
    day = timezone.localdate() - datetime.timedelta(days=10)
    client.force_login(office)
    for i, key in enumerate(("c1", "c2", "c3")):  # the map draws communes with coordinates
        unit = area_tree[key]
        unit.latitude, unit.longitude = 10.3 + i / 10, 105.6 + i / 10
        unit.save()
    client.get(URL)  # the area's scope paths are cached (areas.cache) after a first request, as in production
    counts = []
    for n, unit in ((1, area_tree["c1"]), (29, area_tree["c2"])):
        _recognise_products(n, unit, office, authority, day)
        DashboardSnapshot.objects.all().delete()
        if cached:
            client.get(URL)  # computes and stores the snapshot: the measured request reads it
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        assert response.status_code == 200
        counts.append(len(queries))
    assert response.context["cards"][0]["value"] == 30
    # The map's counts come from the same (cached) computation: a dot per commune with products, no query per dot.
    assert response.context["map_points"] == 2 and 'data-count="29"' in response.content.decode()
    assert counts[0] == counts[1]
    assert counts[0] < 15 if cached else counts[0] > 15  # the summary table spares the figures' queries


@pytest.mark.django_db
def test_a_change_shows_within_a_minute(client, area_tree, make_user, settings):
    from decisions.tests.factories import AuthorityFactory

    settings.DASHBOARD_FRESH_SECONDS = 60
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    authority = AuthorityFactory(unit=area_tree["province"])
    day = timezone.localdate() - datetime.timedelta(days=3)
    _recognise_products(2, area_tree["c1"], office, authority, day)
    client.force_login(office)
    assert client.get(URL).context["cards"][0]["value"] == 2
    _recognise_products(1, area_tree["c2"], office, authority, day)
    # Within the minute the summary is served as computed...
    assert client.get(URL).context["cards"][0]["value"] == 2
    # ...then the Celery beat task (every 30 s) sees the fingerprint changed and recomputes it.
    snapshot = DashboardSnapshot.objects.get()
    assert services.snapshots_refresh_recent() == {"confirmed": 0, "recomputed": 1}
    assert client.get(URL).context["cards"][0]["value"] == 3
    # Without a worker (tasks run in-process), a request after the minute recomputes it itself.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    _recognise_products(1, area_tree["c3"], office, authority, day)
    DashboardSnapshot.objects.filter(pk=snapshot.pk).update(computed_at=timezone.now() - datetime.timedelta(seconds=61))
    assert client.get(URL).context["cards"][0]["value"] == 4
    # Nothing changed: the beat task only confirms the snapshot.
    assert services.snapshots_refresh_recent() == {"confirmed": 1, "recomputed": 0}


@pytest.mark.django_db
def test_with_a_worker_a_request_serves_the_snapshot_and_beat_recomputes_it(
    client, area_tree, make_user, settings, django_assert_max_num_queries
):
    """A request never waits for a recomputation while a worker keeps the viewed snapshots current: after the
    minute it serves the stored figures (marked viewed), the next beat run recomputes them; a snapshot nobody looked
    at for DASHBOARD_STALE_SECONDS is recomputed in the request."""
    from decisions.tests.factories import AuthorityFactory

    settings.DASHBOARD_FRESH_SECONDS = 60
    settings.DASHBOARD_STALE_SECONDS = 300
    settings.CELERY_TASK_ALWAYS_EAGER = False
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    authority = AuthorityFactory(unit=area_tree["province"])
    day = timezone.localdate() - datetime.timedelta(days=3)
    _recognise_products(2, area_tree["c1"], office, authority, day)
    client.force_login(office)
    assert client.get(URL).context["cards"][0]["value"] == 2  # no snapshot yet: computed in the request
    snapshot = DashboardSnapshot.objects.get()

    _recognise_products(1, area_tree["c2"], office, authority, day)
    two_minutes_ago = timezone.now() - datetime.timedelta(seconds=120)
    DashboardSnapshot.objects.filter(pk=snapshot.pk).update(computed_at=two_minutes_ago, last_viewed_at=None)
    with django_assert_max_num_queries(12):  # the stored figures: no recomputation, no fingerprint
        assert client.get(URL).context["cards"][0]["value"] == 2
    snapshot.refresh_from_db()
    assert snapshot.computed_at == two_minutes_ago and snapshot.last_viewed_at is not None
    assert services.snapshots_refresh_recent() == {"confirmed": 0, "recomputed": 1}
    assert client.get(URL).context["cards"][0]["value"] == 3

    _recognise_products(1, area_tree["c3"], office, authority, day)
    DashboardSnapshot.objects.update(computed_at=timezone.now() - datetime.timedelta(seconds=301))
    assert client.get(URL).context["cards"][0]["value"] == 4  # too old to serve: recomputed in the request


@pytest.mark.django_db
def test_refresh_task_runs_the_service(generated):
    from dashboard.tasks import refresh_dashboard_snapshots

    selectors.dashboard_data(generated["province"], timezone.localdate().year)
    assert refresh_dashboard_snapshots.apply().get() == {
        "confirmed": 1,
        "recomputed": 0,
    }  # run here, whatever the broker
    assert DashboardSnapshot.objects.count() == 1


@pytest.mark.django_db
def test_leaders_landing_dashboard_is_ready_before_their_first_visit(client, generated):
    office, national = generated["office"], generated["national"]
    year = timezone.localdate().year
    office.last_login = timezone.now() - datetime.timedelta(days=2)
    office.save(update_fields=["last_login"])  # signed in recently; the national user never did
    assert services.snapshots_refresh_recent() == {"confirmed": 0, "recomputed": 1}
    snapshot = DashboardSnapshot.objects.get()
    assert (snapshot.area, snapshot.year, snapshot.last_viewed_at) == (office.unit, year, None)
    # The next run only confirms it, and the first visit is served from it (nothing recomputed).
    assert services.snapshots_refresh_recent() == {"confirmed": 1, "recomputed": 0}
    computed_at = DashboardSnapshot.objects.get().computed_at
    response = page(client, office)
    assert response.status_code == 200
    assert DashboardSnapshot.objects.get().computed_at == computed_at
    assert not DashboardSnapshot.objects.filter(area=national.unit).exists()


def test_beat_schedule_refreshes_the_dashboard(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-dashboard-snapshots"]
    assert entry["task"] == "dashboard.tasks.refresh_dashboard_snapshots"
    assert entry["schedule"] <= 30


@pytest.mark.django_db
def test_navigation_has_the_dashboard(client, generated):
    client.force_login(generated["office"])
    response = client.get(reverse("home"))
    labels = [item["label"] for item in response.context["nav_items"]]
    assert labels[:2] == ["Trang chủ", "Bảng điều khiển"]


@pytest.mark.django_db
def test_budget_sums_match(generated):
    from programme.models import BudgetLine

    year = timezone.localdate().year - 1
    data = selectors.compute(generated["province"], Period(year=year))
    total = BudgetLine.objects.filter(plan__year=year).aggregate(s=Sum("planned_mvnd"))["s"]
    assert Decimal(data["figures"]["budget"]["total"]["planned"]) == total


@pytest.mark.django_db
def test_todays_figures_read_the_stored_status_past_years_the_decisions(generated):
    """The year-to-date "valid" figures come from ``Product.ocop_*`` (kept by the decisions services and the daily
    job); a past year's figures are still computed from the decisions."""
    from django.core.management import call_command

    from products.models import Product

    province = generated["province"]
    this_year = timezone.localdate().year
    today_figures = report_figures(province, selectors.dashboard_period(this_year))
    past_figures = report_figures(province, selectors.dashboard_period(this_year - 2))
    stored_valid = Product.objects.filter(ocop_status="valid").count()
    assert today_figures["valid"]["products"] == stored_valid > 0

    one = Product.objects.filter(ocop_status="valid").order_by("pk").first()
    Product.objects.filter(pk=one.pk).update(ocop_status="expired", ocop_stars=None)  # drift, on purpose
    assert report_figures(province, selectors.dashboard_period(this_year))["valid"]["products"] == stored_valid - 1
    assert report_figures(province, selectors.dashboard_period(this_year - 2)) == past_figures

    call_command("check_product_status", "--repair", stdout=io.StringIO())
    assert report_figures(province, selectors.dashboard_period(this_year)) == today_figures
