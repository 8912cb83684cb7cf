"""``/api/subjects/``: CRUD for the roles that may, refusal for the others, Vietnamese errors."""

import pytest

from accounts.models import Role
from audit.models import AuditAction, AuditEntry
from products.tests.factories import ProductFactory
from subjects.models import Subject
from subjects.tests.factories import SubjectFactory

from .helpers import EDITOR_ROLES, READ_ONLY_ROLES, form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", EDITOR_ROLES)
def test_editor_creates_lists_updates_and_deletes_through_the_api(api, area_tree, role):
    client = api(role)
    response = client.post("/api/subjects/", form_data(area_tree["c1"]), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["is_female_led"] is True
    assert (body["unit"], body["unit_name"]) == (area_tree["c1"].pk, "Xã 1")
    assert body["warnings"] == []
    pk = body["id"]

    listing = client.get("/api/subjects/").json()
    assert [row["id"] for row in listing["results"]] == [pk]
    assert client.get(f"/api/subjects/{pk}/").json()["product_count"] == 0

    response = client.patch(f"/api/subjects/{pk}/", {"representative_gender": "male", "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["is_female_led"] is False
    response = client.put(
        f"/api/subjects/{pk}/", {**form_data(area_tree["c1"], name="HTX Sen Hồng mới"), "version": 2}, format="json"
    )
    assert response.status_code == 200, response.content
    assert Subject.objects.get(pk=pk).name == "HTX Sen Hồng mới"

    assert client.delete(f"/api/subjects/{pk}/").status_code == 204
    assert not Subject.objects.filter(pk=pk).exists()
    actions = list(AuditEntry.objects.filter(object_id=str(pk)).order_by("pk").values_list("action", "actor"))
    assert actions == [
        (AuditAction.CREATE, client.user.pk),
        (AuditAction.UPDATE, client.user.pk),
        (AuditAction.UPDATE, client.user.pk),
        (AuditAction.DELETE, client.user.pk),
    ]


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_read_only_roles_may_read_but_not_write(api, area_tree, role):
    subject = SubjectFactory(unit=area_tree["c1"])
    client = api(role)
    assert client.get("/api/subjects/").json()["count"] == 1
    assert client.get(f"/api/subjects/{subject.pk}/").status_code == 200
    response = client.post("/api/subjects/", form_data(area_tree["c1"]), format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không có quyền thực hiện thao tác này."
    assert client.patch(f"/api/subjects/{subject.pk}/", {"name": "X"}, format="json").status_code == 403
    assert client.delete(f"/api/subjects/{subject.pk}/").status_code == 403
    assert Subject.objects.filter(pk=subject.pk, name=subject.name).exists()
    assert Subject.objects.count() == 1


def test_officer_of_another_district_gets_404(api, area_tree):
    subject = SubjectFactory(unit=area_tree["c1"])
    client = api(Role.LOCAL_OFFICER, area_tree["d2"])
    assert client.get(f"/api/subjects/{subject.pk}/").status_code == 404
    assert client.patch(f"/api/subjects/{subject.pk}/", {"name": "X"}, format="json").status_code == 404
    assert client.delete(f"/api/subjects/{subject.pk}/").status_code == 404
    response = client.post("/api/subjects/", form_data(area_tree["c1"]), format="json")
    assert response.status_code == 400
    assert response.json()["unit"] == [
        f"Không tìm thấy đơn vị hành chính {area_tree['c1'].pk} trong địa bàn bạn quản lý."
    ]
    assert Subject.objects.count() == 1


def test_validation_errors_are_in_vietnamese(api, area_tree):
    SubjectFactory(unit=area_tree["c1"], name="HTX cũ", registration_number="1401999001")
    client = api(Role.LOCAL_OFFICER)
    response = client.post(
        "/api/subjects/",
        form_data(area_tree["c1"], workforce_total=5, workforce_local=9, email="khong-phai-email", legal_form="x"),
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["email"] == ["Thư điện tử không hợp lệ."]
    assert errors["legal_form"] == ["“x” không phải là lựa chọn hợp lệ."]

    response = client.post(
        "/api/subjects/", form_data(area_tree["c1"], workforce_total=5, workforce_local=9), format="json"
    )
    errors = response.json()
    assert errors["workforce_local"] == ["Số lao động địa phương (9) không được lớn hơn tổng số lao động (5)."]
    assert errors["registration_number"][0].startswith(
        "Số đăng ký kinh doanh 1401999001 đã được dùng cho chủ thể “HTX cũ”"
    )

    response = client.post("/api/subjects/", {}, format="json")
    assert response.json()["name"] == ["Trường này là bắt buộc."]

    response = client.post(
        "/api/subjects/",
        {**form_data(area_tree["c1"], name="x" * 300, workforce_total=-1, is_sme="maybe"), "unit": "abc"},
        format="json",
    )
    errors = response.json()
    assert errors["name"] == ["Không được dài quá 255 ký tự."]
    assert errors["workforce_total"] == ["Giá trị phải lớn hơn hoặc bằng 0."]
    assert errors["is_sme"] == ["Cần giá trị đúng/sai (true hoặc false)."]
    assert errors["unit"] == ["Cần mã số (số nguyên), nhận được str."]
    assert Subject.objects.count() == 1


def test_is_female_led_is_read_only(api, area_tree):
    client = api(Role.LOCAL_OFFICER)
    data = form_data(area_tree["c1"], representative_gender="male", is_female_led=True)
    body = client.post("/api/subjects/", data, format="json").json()
    assert body["is_female_led"] is False


def test_api_delete_of_a_referenced_subject_is_refused(api, area_tree):
    subject = SubjectFactory(unit=area_tree["c1"], name="HTX Xoài Mỹ Xương")
    ProductFactory(subject=subject, name="Xoài sấy dẻo")
    response = api(Role.COORDINATION_OFFICE).delete(f"/api/subjects/{subject.pk}/")
    assert response.status_code == 409
    assert "Xoài sấy dẻo" in response.json()["detail"]
    assert Subject.objects.filter(pk=subject.pk).exists()


def test_api_filters_are_the_pages_filters(api, area_tree):
    SubjectFactory(unit=area_tree["c1"], name="A", representative_gender="female")
    SubjectFactory(unit=area_tree["c2"], name="B", representative_gender="male", legal_form="household")
    client = api(Role.LEADERSHIP)

    def names(**params):
        return {row["name"] for row in client.get("/api/subjects/", params).json()["results"]}

    assert names(female_led="true") == {"A"}
    assert names(legal_form="household") == {"B"}
    assert names(unit=area_tree["d2"].pk) == {"B"}
    assert [row["name"] for row in client.get("/api/subjects/", {"ordering": "-name"}).json()["results"]] == ["B", "A"]
    assert client.get("/api/subjects/", {"legal_form": "nope"}).status_code == 400


def test_token_authentication_works(area_tree, make_user):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    SubjectFactory(unit=area_tree["c1"])
    user = make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d1"])
    client = APIClient()
    assert client.get("/api/subjects/").status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert client.get("/api/subjects/").json()["count"] == 1
