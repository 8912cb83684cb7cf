"""Report pages: list (scoped, fixed number of queries), request form (one report per form), progress partial
(htmx polling), downloads (area-checked, names with diacritics) and the figures page."""

import pytest
from django.urls import reverse

from accounts.models import Role
from reports import services
from reports.models import Report, ReportStatus


@pytest.fixture
def client_of(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def make_reports(area, count, actor=None):
    return [
        Report.objects.create(kind="annual", period=str(2000 + i), area=area, request_key=f"k{i}", requested_by=actor)
        for i in range(count)
    ]


@pytest.mark.parametrize("count", [1, 30])
def test_list_queries_do_not_grow_with_rows(area_tree, office, client_of, django_assert_num_queries, count):
    make_reports(area_tree["province"], count, office)
    client = client_of(office)
    client.get(reverse("reports:list"))  # warm up (session, content types)
    # 6: session, the user with its unit, ...; the list reads a page's keys first, then its rows
    # (ocop_portal.pagination, the same for page 1 and 100).
    with django_assert_num_queries(6):
        response = client.get(reverse("reports:list"))
    assert response.status_code == 200
    assert len(response.context["reports"]) == min(count, 25)


def test_list_shows_only_reports_of_the_users_area(area_tree, make_user, client_of):
    make_reports(area_tree["d1"], 1)
    make_reports(area_tree["other_province"], 1)
    officer = make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d1"])
    response = client_of(officer).get(reverse("reports:list"))
    assert [r.area.code for r in response.context["reports"]] == ["D1"]
    nav = [item["label"] for item in response.context["nav_items"]]
    assert "Báo cáo" in nav


def test_list_filters_by_period_and_kind(area_tree, office, client_of):
    Report.objects.create(kind="six_month", period="2022-H1", area=area_tree["province"], request_key="a")
    Report.objects.create(kind="annual", period="2022", area=area_tree["province"], request_key="b")
    response = client_of(office).get(reverse("reports:list"), {"period": "2022-h1"})
    assert [r.period for r in response.context["reports"]] == ["2022-H1"]
    response = client_of(office).get(reverse("reports:list"), {"kind": "annual"})
    assert [r.period for r in response.context["reports"]] == ["2022"]


def test_request_form_creates_one_report_per_form(dataset, client_of, eager_celery, django_capture_on_commit_callbacks):
    client = client_of(dataset["office"])
    form = client.get(reverse("reports:create")).context["form"]
    key = form.initial["request_key"]
    assert len(key) == 32
    data = {"kind": "annual", "year": 2022, "area": dataset["tree"]["province"].pk, "request_key": key}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("reports:create"), data)
    second = client.post(reverse("reports:create"), data)  # double click
    report = Report.objects.get()
    assert first.url == second.url == reverse("reports:detail", args=[report.pk])
    assert (report.kind, report.period, report.requested_by) == ("annual", "2022", dataset["office"])
    assert report.status == ReportStatus.DONE  # eager: generated right after the commit


def test_request_form_refuses_an_area_outside_the_users_scope(area_tree, make_user, client_of):
    officer = make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d1"])
    data = {"kind": "annual", "year": 2022, "area": area_tree["province"].pk, "request_key": "x"}
    response = client_of(officer).post(reverse("reports:create"), data)
    assert response.status_code == 400 and "area" in response.context["form"].errors
    assert not Report.objects.exists()
    leader = make_user(role=Role.LEADERSHIP, unit=area_tree["province"])
    assert client_of(leader).get(reverse("reports:create")).status_code == 403


def test_request_form_refuses_a_future_year(area_tree, office, client_of):
    data = {"kind": "annual", "year": 2100, "area": area_tree["province"].pk, "request_key": "x"}
    response = client_of(office).post(reverse("reports:create"), data)
    assert response.status_code == 400 and "year" in response.context["form"].errors


def test_progress_partial_polls_every_second_until_done(dataset, client_of):
    report, _created = services.report_request(
        actor=dataset["office"], kind="annual", period="2022", area=dataset["tree"]["province"]
    )
    client = client_of(dataset["office"])
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and f"/reports/{report.pk}/progress/" in page
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=40)
    partial = client.get(reverse("reports:progress", args=[report.pk]) + "?polling=1", HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert 'data-progress="40"' in body and 'aria-valuenow="40"' in body and "width: 40%" in body
    assert 'hx-trigger="every 1s"' in body and "HX-Refresh" not in partial

    services.report_generate(report_id=report.pk)
    partial = client.get(reverse("reports:progress", args=[report.pk]) + "?polling=1", HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "hx-trigger" not in body and 'data-status="done"' in body and "Tải PDF" in body
    assert partial["HX-Refresh"] == "true"  # reload once to show the preview
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "hx-trigger" not in page and "Xem trước" in page and "<svg" in page and "CỘNG HÒA XÃ HỘI" in page


def test_downloads_keep_diacritics_and_other_areas_get_404(dataset, client_of, make_user):
    report, _created = services.report_request(
        actor=dataset["office"], kind="annual", period="2022", area=dataset["tree"]["province"]
    )
    client = client_of(dataset["office"])
    assert client.get(reverse("reports:download", args=[report.pk, "pdf"])).status_code == 404  # not generated yet
    services.report_generate(report_id=report.pk)
    response = client.get(reverse("reports:download", args=[report.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        'attachment; filename="Bao cao nam 2022 - Tinh Dong Thap.pdf"; '
        "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20n%C4%83m%202022%20-%20T%E1%BB%89nh%20%C4%90%E1%BB%93ng%20Th%C3%A1p.pdf"
    )
    xlsx = client.get(reverse("reports:download", args=[report.pk, "xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    html = client.get(reverse("reports:download", args=[report.pk, "html"]))
    assert html["Content-Disposition"].startswith("inline;")
    assert client.get(f"/reports/{report.pk}/files/exe/").status_code == 404

    outsider = make_user(role=Role.COORDINATION_OFFICE, unit=dataset["tree"]["other_province"])
    other = client_of(outsider)
    for name, args in (
        ("reports:detail", [report.pk]),
        ("reports:progress", [report.pk]),
        ("reports:download", [report.pk, "pdf"]),
    ):
        assert other.get(reverse(name, args=args)).status_code == 404
    district = client_of(make_user(role=Role.LOCAL_OFFICER, unit=dataset["tree"]["d1"]))
    assert district.get(reverse("reports:download", args=[report.pk, "pdf"])).status_code == 404


def test_anonymous_users_are_sent_to_login(area_tree, client):
    report = make_reports(area_tree["province"], 1)[0]
    for url in (reverse("reports:list"), reverse("reports:detail", args=[report.pk]), reverse("reports:figures")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/login/")


def test_figures_page_uses_the_same_selectors(dataset, client_of):
    client = client_of(dataset["office"])
    empty = client.get(reverse("reports:figures"))
    assert empty.status_code == 200 and "doc" not in empty.context
    response = client.get(reverse("reports:figures"), {"period": "2022", "area": dataset["tree"]["province"].pk})
    assert response.context["figures"]["valid"]["products"] == 4
    assert "66,67" in response.content.decode()
    bad = client.get(reverse("reports:figures"), {"period": "2022-Q3", "area": dataset["tree"]["province"].pk})
    assert "period" in bad.context["form"].errors
    outside = client.get(reverse("reports:figures"), {"period": "2022", "area": dataset["tree"]["other_province"].pk})
    assert "area" in outside.context["form"].errors
