"""The reports API: figures from the same selectors, scoped to the caller's area (another area -> 404)."""

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from reports.models import Report


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def test_figures_by_code_or_id_for_the_office(dataset, api):
    client = api(dataset["office"])
    province = dataset["tree"]["province"]
    by_code = client.get("/api/reports/figures/", {"period": "2022", "area": "87"})
    by_id = client.get("/api/reports/figures/", {"period": "2022", "area": province.pk})
    assert by_code.status_code == by_id.status_code == 200
    assert by_code.json() == by_id.json()
    data = by_code.json()
    assert data["schema"] == "ocop-report-figures/1" and data["valid"]["products"] == 4
    assert data["valid"]["female_led"]["subjects_percent"] == "66.67"
    h1 = client.get("/api/reports/figures/", {"period": "2022-H1", "area": "87"}).json()
    assert h1["valid"]["products"] == 5


def test_figures_are_scoped_to_the_callers_area(dataset, api, make_user):
    tree = dataset["tree"]
    officer = api(make_user(role=Role.LOCAL_OFFICER, unit=tree["d1"]))
    assert officer.get("/api/reports/figures/", {"period": "2022", "area": "D1"}).status_code == 200
    assert officer.get("/api/reports/figures/", {"period": "2022", "area": "87"}).status_code == 404
    assert officer.get("/api/reports/figures/", {"period": "2022", "area": tree["d2"].pk}).status_code == 404
    office = api(dataset["office"])
    assert office.get("/api/reports/figures/", {"period": "2022", "area": "82"}).status_code == 404
    assert office.get("/api/reports/figures/", {"period": "2022", "area": "nope"}).status_code == 404
    assert office.get("/api/reports/figures/", {"period": "2022-Q1", "area": "87"}).status_code == 400
    assert office.get("/api/reports/figures/", {"period": "2022"}).status_code == 400
    no_role = api(make_user(role="", unit=tree["province"]))
    assert no_role.get("/api/reports/figures/", {"period": "2022", "area": "87"}).status_code == 403
    assert APIClient().get("/api/reports/figures/", {"period": "2022", "area": "87"}).status_code in {401, 403}


def test_report_jobs_one_per_request_key_and_scoped(dataset, api, make_user):
    office = api(dataset["office"])
    body = {"kind": "annual", "period": "2022", "area": dataset["tree"]["province"].pk, "request_key": "api-1"}
    first = office.post("/api/reports/jobs/", body, format="json")
    again = office.post("/api/reports/jobs/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and Report.objects.count() == 1
    assert first.json()["status"] in {"queued", "done"}
    bad = office.post("/api/reports/jobs/", {**body, "period": "2022-H1"}, format="json")
    assert bad.status_code == 400

    officer = api(make_user(role=Role.LOCAL_OFFICER, unit=dataset["tree"]["d1"]))
    assert officer.get("/api/reports/jobs/").json()["count"] == 0
    assert officer.get(f"/api/reports/jobs/{first.json()['id']}/").status_code == 404
    outside = officer.post("/api/reports/jobs/", body | {"request_key": "x"}, format="json")
    assert outside.status_code == 404
    leader = api(make_user(role=Role.LEADERSHIP, unit=dataset["tree"]["province"]))
    assert leader.get("/api/reports/jobs/").json()["count"] == 1
    assert leader.post("/api/reports/jobs/", body | {"request_key": "y"}, format="json").status_code == 403
