"""Two people edit the same plan, target or budget line (issue #12, finding 8): the first save stays, the second
is refused with the changed fields and their current values, and keeps its input."""

from decimal import Decimal

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role

from .factories import BudgetLineFactory, PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db


def _client(user, api=False):
    client = APIClient() if api else Client()
    client.force_login(user)
    return client


def _post_data(form, **changes):
    """What the browser would send back for ``form`` as rendered, with ``changes`` typed in."""
    data = {}
    for field in form:
        widget, value = field.field.widget, field.value()
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[field.html_name] = "on"
            continue
        shown = widget.format_value(value)
        if isinstance(shown, list):
            shown = shown[0] if shown else ""
        data[field.html_name] = "" if shown is None else shown
    data.update(changes)
    return data


def _plan(area_tree):
    return PlanFactory(unit=area_tree["province"], year=2023)


KINDS = {
    "plan": (lambda tree: _plan(tree), "plan_update", "title", "Trích yếu"),
    "target": (lambda tree: TargetFactory(plan=_plan(tree)), "target_update", "title", "Nội dung chỉ tiêu"),
    "budget_line": (
        lambda tree: BudgetLineFactory(plan=_plan(tree), planned_mvnd=Decimal("100")),
        "budget_line_update",
        "note",
        "Ghi chú",
    ),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_second_saver_sees_what_changed_and_keeps_their_input(kind, area_tree, make_user):
    make, url_name, field, label = KINDS[kind]
    record = make(area_tree)
    users = [make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"]) for _ in range(2)]
    first, second = _client(users[0]), _client(users[1])
    url = reverse(f"programme:{url_name}", args=[record.pk])
    form_first, form_second = first.get(url).context["form"], second.get(url).context["form"]
    assert form_first["version"].value() == form_second["version"].value() == 1

    saved = first.post(url, _post_data(form_first, **{field: "Nội dung của người thứ nhất"}))
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved

    refused = second.post(url, _post_data(form_second, **{field: "Nội dung của người thứ hai"}))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "vừa được người khác lưu" in page
    assert f"{label}: “Nội dung của người thứ nhất”" in page
    assert refused.context["form"][field].value() == "Nội dung của người thứ hai"
    record.refresh_from_db()
    assert getattr(record, field) == "Nội dung của người thứ nhất"
    assert record.version == 2


def test_api_update_of_a_budget_line_with_a_stale_version_gets_409(area_tree, make_user):
    line = BudgetLineFactory(plan=_plan(area_tree), planned_mvnd=Decimal("100"))
    users = [make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"]) for _ in range(2)]
    first, second = _client(users[0], api=True), _client(users[1], api=True)
    url = f"/api/programme/budget-lines/{line.pk}/"
    version = first.get(url).json()["version"]
    assert second.get(url).json()["version"] == version == 1

    ok = first.patch(url, {"planned_mvnd": "150.5", "version": version}, format="json")
    assert ok.status_code == 200, ok.json()
    assert ok.json()["version"] == 2
    stale = second.patch(url, {"note": "Ghi chú khác", "version": version}, format="json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["version"] == 2
    assert body["changed_fields"] == [{"field": "planned_mvnd", "label": "Kế hoạch (triệu đồng)", "value": "150,5"}]
    line.refresh_from_db()
    assert (line.planned_mvnd, line.note, line.version) == (Decimal("150.5"), "", 2)
    assert second.patch(url, {"note": "Ghi chú khác"}, format="json").status_code == 400


def test_approving_a_plan_makes_an_open_edit_form_stale(area_tree, make_user):
    plan = _plan(area_tree)
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    editor = _client(office)
    url = reverse("programme:plan_update", args=[plan.pk])
    form = editor.get(url).context["form"]
    assert editor.post(reverse("programme:plan_approve", args=[plan.pk]), {"reason": ""}).status_code == 302
    refused = editor.post(url, _post_data(form, title="Trích yếu mới", reason="Sửa sau phê duyệt"))
    assert refused.status_code == 200
    assert "Trạng thái: “Đã phê duyệt”" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.title != "Trích yếu mới"


def test_result_entered_by_two_people_keeps_the_first_and_shows_it_to_the_second(area_tree, make_user):
    from programme.indicators import IndicatorType

    target = TargetFactory(plan=_plan(area_tree), indicator_type=IndicatorType.FREE_TEXT, target_value=Decimal("1"))
    users = [make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"]) for _ in range(2)]
    first, second = _client(users[0]), _client(users[1])
    url = reverse("programme:target_actual", args=[target.pk])
    version = first.get(url).context["form"]["version"].value()
    assert second.get(url).context["form"]["version"].value() == version == 1
    ok = first.post(url, {"entered_value": "1", "evidence_text": "Biên bản hội chợ", "version": version})
    assert ok.status_code == 302
    refused = second.post(url, {"entered_value": "0", "evidence_text": "Chưa tổ chức", "version": version})
    assert refused.status_code == 200
    assert "Minh chứng: “Biên bản hội chợ”" in refused.content.decode()
    assert refused.context["form"]["evidence_text"].value() == "Chưa tổ chức"
    target.refresh_from_db()
    assert (target.evidence_text, target.version) == ("Biên bản hội chợ", 2)
