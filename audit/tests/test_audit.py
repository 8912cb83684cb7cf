import pytest
from django.http import HttpResponse
from django.urls import path

from accounts.models import Role
from areas.models import AdministrativeUnit
from audit.context import current_request_id, reset_request_id, set_request_id
from audit.models import AuditAction, AuditEntry
from audit.services import record_change, snapshot


def rename_unit(request, pk):
    """A tiny view standing in for any service call made during a request."""
    unit = AdministrativeUnit.objects.get(pk=pk)
    before = snapshot(unit)
    unit.name = "Tên mới"
    unit.save()
    record_change(actor=request.user, action=AuditAction.UPDATE, instance=unit, before=before, reason="Đổi tên")
    return HttpResponse("ok")


urlpatterns = [path("rename/<int:pk>/", rename_unit)]


def test_record_change_stores_actor_before_after_reason_and_request_id(area_tree, make_user):
    actor = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    unit = area_tree["d1"]
    before = snapshot(unit)
    unit.name = "Huyện Một"
    unit.save()
    token, request_id = set_request_id("job-1234567890")
    try:
        entry = record_change(
            actor=actor, action=AuditAction.UPDATE, instance=unit, before=before, reason="Sửa chính tả"
        )
    finally:
        reset_request_id(token)
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor == actor
    assert entry.request_id == request_id == "job-1234567890"
    assert entry.reason == "Sửa chính tả"
    assert entry.before["name"] == "Huyện 1" and entry.after["name"] == "Huyện Một"
    assert entry.object_id == str(unit.pk) and entry.content_type.model == "administrativeunit"
    assert entry.changes() == [("name", "Huyện 1", "Huyện Một")]
    assert current_request_id() == ""


def test_record_change_refuses_an_unknown_action(area_tree):
    with pytest.raises(ValueError):
        record_change(actor=None, action="publish", instance=area_tree["d1"])


def test_snapshot_includes_many_to_many_ids(area_tree):
    area_tree["c1"].successors.add(area_tree["c2"], area_tree["c3"])
    data = snapshot(area_tree["c1"])
    assert data["successors"] == sorted([area_tree["c2"].pk, area_tree["c3"].pk])
    assert data["parent_id"] == area_tree["d1"].pk


@pytest.mark.urls(__name__)
def test_request_id_header_equals_the_stored_id(client, area_tree, make_user):
    client.force_login(make_user(role=Role.ADMINISTRATOR, unit=area_tree["country"]))
    response = client.get(f"/rename/{area_tree['d2'].pk}/")
    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert entry.request_id and response["X-Request-ID"] == entry.request_id
    assert entry.reason == "Đổi tên"


def test_every_response_carries_a_request_id(client, db):
    first = client.get("/login/")["X-Request-ID"]
    second = client.get("/does-not-exist/")
    assert len(first) >= 8 and second["X-Request-ID"] and second["X-Request-ID"] != first
    assert client.get("/login/", headers={"X-Request-ID": "proxy-abc-123456"})["X-Request-ID"] == "proxy-abc-123456"
    unsafe = client.get("/login/", headers={"X-Request-ID": "<script>"})["X-Request-ID"]
    assert unsafe != "<script>" and unsafe.isalnum()


@pytest.fixture
def history(area_tree, make_user):
    unit = area_tree["d3"]
    record_change(actor=None, action=AuditAction.UPDATE, instance=unit, before={"name": "Cũ"}, reason="Lý do A")
    return f"/audit/areas.administrativeunit/{unit.pk}/"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATION_OFFICE, 200),
        (Role.ADMINISTRATOR, 200),
        (Role.LOCAL_OFFICER, 403),
        (Role.LEADERSHIP, 403),
        (Role.COUNCIL_MEMBER, 403),
        ("", 403),
    ],
)
def test_history_page_only_for_coordination_office_and_admin(client, area_tree, make_user, history, role, status):
    client.force_login(make_user(role=role, unit=area_tree["province"]))
    response = client.get(history)
    assert response.status_code == status
    if status == 200:
        text = response.content.decode()
        assert "Lịch sử thay đổi" in text and "Lý do A" in text and "Huyện 3" in text


def test_history_of_an_unknown_model_is_404(client, area_tree, make_user):
    client.force_login(make_user(role=Role.ADMINISTRATOR, unit=area_tree["country"]))
    assert client.get("/audit/nope.model/1/").status_code == 404
    assert client.get("/audit/nomodel/1/").status_code == 404


def test_list_page_shows_entries(client, area_tree, make_user, history):
    record_change(actor=None, action=AuditAction.CREATE, instance=area_tree["c1"], reason="Lý do B")
    client.force_login(make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"]))
    response = client.get("/audit/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nhật ký thay đổi" in text and "Lý do A" in text and "Lý do B" in text and "Xã 1" in text
    assert history in text  # each entry links to the object's history
    client.force_login(make_user(role=Role.LEADERSHIP, unit=area_tree["province"]))
    assert client.get("/audit/").status_code == 403


def test_list_page_empty_state(client, area_tree, make_user):
    client.force_login(make_user(role=Role.ADMINISTRATOR, unit=area_tree["country"]))
    assert "Chưa có thay đổi nào được ghi nhận." in client.get("/audit/").content.decode()
