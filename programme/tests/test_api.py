"""The programme API: scoping, computed progress, writes through the services (reason after approval), roles."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from audit.models import AuditEntry
from programme.indicators import IndicatorType
from programme.models import Activity, Plan, PlanStatus

from .factories import ActivityFactory, BudgetLineFactory, PlanFactory, TargetFactory, source

pytestmark = pytest.mark.django_db
BASE = "/api/programme"


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_lists_are_scoped_to_the_users_area(area_tree, plan, district_plan, officer_d1, officer_d2):
    d2_plan = PlanFactory(unit=area_tree["d2"], year=2023)
    line = BudgetLineFactory(plan=d2_plan)
    target = TargetFactory(plan=d2_plan)
    activity = ActivityFactory(unit=area_tree["d2"])
    d1 = api_for(officer_d1)
    assert ids(d1.get(f"{BASE}/plans/")) == {district_plan.pk}
    assert ids(d1.get(f"{BASE}/budget-lines/")) == set()
    assert ids(d1.get(f"{BASE}/targets/")) == set()
    assert ids(d1.get(f"{BASE}/activities/")) == set()
    for path in (
        f"plans/{d2_plan.pk}/",
        f"budget-lines/{line.pk}/",
        f"targets/{target.pk}/",
        f"activities/{activity.pk}/",
    ):
        assert d1.get(f"{BASE}/{path}").status_code == 404, path
    assert d1.patch(f"{BASE}/budget-lines/{line.pk}/", {"planned_mvnd": "1"}, format="json").status_code == 404
    assert Decimal(d1.get(f"{BASE}/budget-lines/totals/").json()["total"]["lines"]) == 0
    assert ids(api_for(officer_d2).get(f"{BASE}/budget-lines/")) == {line.pk}


def test_targets_carry_their_progress_on_a_date(plan, office, area_tree):
    from products.tests.factories import ProductFactory

    target = TargetFactory(plan=plan, indicator_type=IndicatorType.FIVE_STAR_SUPPORT, target_value=Decimal("2"))
    ProductFactory(unit=area_tree["c1"], subject__unit=area_tree["c1"], potential_five_star=True)
    ProductFactory(unit=area_tree["c3"], subject__unit=area_tree["c3"], potential_five_star=True)
    data = api_for(office).get(f"{BASE}/targets/{target.pk}/", {"on": "2023-12-31"}).json()
    progress = data["progress"]
    assert Decimal(progress["value"]) == 2 and Decimal(progress["percent"]) == 100 and progress["met"] is True
    assert progress["on"] == "2023-12-31" and data["records_url"].endswith(f"/targets/{target.pk}/records/")
    assert data["indicator_label"] == "Sản phẩm tiềm năng 5 sao được hỗ trợ"


def test_create_plan_target_and_line_then_approval_requires_reasons(office, area_tree):
    api = api_for(office)
    created = api.post(
        f"{BASE}/plans/",
        {
            "unit": area_tree["province"].pk,
            "year": 2023,
            "title": "Kế hoạch OCOP năm 2023",
            "number": "95/KH-UBND",
            "issued_on": "2023-04-20",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    plan_id = created.json()["id"]
    assert created.json()["status"] == PlanStatus.DRAFT
    duplicate = api.post(
        f"{BASE}/plans/", {"unit": area_tree["province"].pk, "year": 2023, "title": "x"}, format="json"
    )
    assert duplicate.status_code == 400 and "year" in duplicate.json()

    target = api.post(
        f"{BASE}/targets/",
        {
            "plan": plan_id,
            "indicator_type": IndicatorType.NEW_PRODUCTS_3STAR,
            "title": "50 sản phẩm mới",
            "target_value": "50",
        },
        format="json",
    )
    assert target.status_code == 201, target.json()
    line = api.post(
        f"{BASE}/budget-lines/",
        {
            "plan": plan_id,
            "source": source("ntp_nrd").pk,
            "unit": area_tree["province"].pk,
            "task": "training",
            "planned_mvnd": "6464.79",
        },
        format="json",
    )
    assert line.status_code == 201, line.json()
    line_id = line.json()["id"]

    assert api.post(f"{BASE}/plans/{plan_id}/approve/", {}, format="json").json()["status"] == PlanStatus.APPROVED
    refused = api.patch(f"{BASE}/budget-lines/{line_id}/", {"allocated_mvnd": "6000", "version": 1}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()
    ok = api.patch(
        f"{BASE}/budget-lines/{line_id}/",
        {"allocated_mvnd": "6000", "reason": "QĐ giao vốn 45/QĐ-UBND", "version": 1},
        format="json",
    )
    assert ok.status_code == 200 and Decimal(ok.json()["allocated_mvnd"]) == 6000
    assert AuditEntry.objects.filter(object_id=str(line_id), reason="QĐ giao vốn 45/QĐ-UBND").exists()
    refused_plan = api.patch(f"{BASE}/plans/{plan_id}/", {"title": "Sửa", "version": 2}, format="json")
    assert refused_plan.status_code == 400 and "reason" in refused_plan.json()
    assert api.post(f"{BASE}/plans/{plan_id}/reopen/", {}, format="json").status_code == 400
    assert api.post(f"{BASE}/plans/{plan_id}/reopen/", {"reason": "Điều chỉnh"}, format="json").status_code == 200
    assert Plan.objects.get(pk=plan_id).status == PlanStatus.DRAFT


def test_leadership_and_council_only_read(plan, leader, area_tree, make_user):
    from accounts.models import Role

    council = make_user(role=Role.COUNCIL_MEMBER, unit=area_tree["province"])
    for user in (leader, council):
        api = api_for(user)
        assert api.get(f"{BASE}/plans/").status_code == 200
        assert api.patch(f"{BASE}/plans/{plan.pk}/", {"title": "x"}, format="json").status_code == 403
        assert api.post(f"{BASE}/activities/", {}, format="json").status_code == 403


def test_free_text_actual_through_the_api(plan, office):
    target = TargetFactory(plan=plan, indicator_type=IndicatorType.FREE_TEXT, target_value=Decimal("1"))
    url = f"{BASE}/targets/{target.pk}/actual/"
    without_version = api_for(office).post(url, {"entered_value": "1", "evidence_text": "Biên bản"}, format="json")
    assert without_version.status_code == 400 and "version" in without_version.json()
    response = api_for(office).post(
        url, {"entered_value": "1", "evidence_text": "Biên bản", "version": target.version}, format="json"
    )
    assert response.status_code == 200 and response.json()["progress"]["met"] is True
    # A second client that read the target before that result was entered does not overwrite it.
    stale = api_for(office).post(
        url, {"entered_value": "0", "evidence_text": "Khác", "version": target.version}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"
    target.refresh_from_db()
    assert target.entered_value == Decimal("1")
    computed = TargetFactory(plan=plan)
    refused = api_for(office).post(
        f"{BASE}/targets/{computed.pk}/actual/", {"entered_value": "3", "version": computed.version}, format="json"
    )
    assert refused.status_code == 400


def test_activity_crud(office, area_tree):
    api = api_for(office)
    created = api.post(
        f"{BASE}/activities/",
        {
            "kind": "market_bulletin",
            "title": "Bản tin thị trường nông sản tháng 5",
            "start_date": "2023-05-31",
            "unit": area_tree["province"].pk,
            "sessions": 1,
            "cost_mvnd": "2.5",
            "funding_source": source("local_province").pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["funding_source_name"] == "Vốn địa phương – ngân sách tỉnh"
    bad = api.patch(f"{BASE}/activities/{pk}/", {"participants": 10, "women_participants": 11}, format="json")
    assert bad.status_code == 400 and "women_participants" in bad.json()
    assert api.get(f"{BASE}/activities/", {"kind": "market_bulletin", "year": 2023}).json()["count"] == 1
    assert api.delete(f"{BASE}/activities/{pk}/").status_code == 204
    assert not Activity.objects.exists()


def test_funding_sources_endpoint(office):
    data = api_for(office).get(f"{BASE}/funding-sources/").json()
    codes = [row["code"] for row in data]
    assert codes == ["ntp_nrd", "integrated", "local", "local_province", "local_district", "socialised"]
