"""Business rules: duplicates, workforce, delete protection, audit log, search without diacritics."""

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditAction, AuditEntry
from products.tests.factories import ProductFactory
from subjects.models import Subject
from subjects.tests.factories import SubjectFactory

from .helpers import form_data

pytestmark = pytest.mark.django_db


def test_duplicate_registration_number_is_refused_and_names_the_visible_subject(web, area_tree):
    SubjectFactory(unit=area_tree["c1"], name="HTX Quýt hồng Lai Vung", registration_number="1401234504")
    client = web(Role.LOCAL_OFFICER)
    response = client.post(reverse("subjects:create"), form_data(area_tree["c1"], registration_number="1401234504"))
    assert response.status_code == 200
    errors = response.context["form"].errors["registration_number"]
    assert errors == [
        "Số đăng ký kinh doanh 1401234504 đã được dùng cho chủ thể “HTX Quýt hồng Lai Vung” (Xã 1). "
        "Mỗi số đăng ký chỉ thuộc một chủ thể."
    ]
    assert Subject.objects.count() == 1


def test_duplicate_registration_number_of_another_area_is_refused_without_naming_it(web, area_tree):
    SubjectFactory(unit=area_tree["c2"], name="Bí mật huyện 2", registration_number="1401234504")
    client = web(Role.LOCAL_OFFICER)
    # spaces and lower case are normalised before comparing
    response = client.post(reverse("subjects:create"), form_data(area_tree["c1"], registration_number=" 1401234504 "))
    message = response.context["form"].errors["registration_number"][0]
    assert "một chủ thể ở địa bàn khác" in message
    assert "Bí mật" not in message
    assert Subject.objects.count() == 1


def test_similar_subject_is_a_warning_not_a_refusal(web, area_tree):
    SubjectFactory(unit=area_tree["c1"], name="Hợp tác xã Sen Hồng", registration_number="1400000001", tax_code="")
    client = web(Role.LOCAL_OFFICER)
    response = client.post(
        reverse("subjects:create"), form_data(area_tree["c1"], name="Hop tac xa SEN HONG"), follow=True
    )
    assert Subject.objects.count() == 2
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "tên giống hệt" in warnings[0] and "Hợp tác xã Sen Hồng" in warnings[0]


def test_same_tax_code_is_a_warning(api, area_tree):
    SubjectFactory(unit=area_tree["c1"], name="Công ty A", tax_code="1401999001", registration_number="1400000009")
    client = api(Role.LOCAL_OFFICER)
    response = client.post("/api/subjects/", form_data(area_tree["c1"], registration_number="1401999002"))
    assert response.status_code == 201
    assert response.json()["warnings"] == ["Mã số thuế trùng với chủ thể “Công ty A” (Xã 1)."]


@pytest.mark.parametrize("field", ["workforce_local", "workforce_qualified"])
def test_workforce_part_larger_than_total_is_refused(web, area_tree, field):
    client = web(Role.LOCAL_OFFICER)
    response = client.post(reverse("subjects:create"), form_data(area_tree["c1"], workforce_total=5, **{field: 6}))
    assert response.status_code == 200
    [message] = response.context["form"].errors[field]
    assert "không được lớn hơn tổng số lao động (5)" in message
    assert "Chưa lưu được" in response.content.decode()
    assert not Subject.objects.exists()


def test_missing_fields_get_vietnamese_messages(web, area_tree):
    client = web(Role.LOCAL_OFFICER)
    response = client.post(reverse("subjects:create"), {"status": "active"})
    errors = response.context["form"].errors
    assert errors["name"] == ["Nhập tên chủ thể."]
    assert errors["unit"] == ["Chọn đơn vị hành chính."]
    assert errors["representative_gender"] == ["Chọn giới tính người đại diện."]


def test_delete_of_a_subject_with_a_product_is_refused_with_a_message(web, area_tree):
    subject = SubjectFactory(unit=area_tree["c1"], name="Cơ sở bánh phồng tôm Sa Giang")
    ProductFactory(subject=subject, name="Bánh phồng tôm Sa Giang")
    client = web(Role.LOCAL_OFFICER)

    confirm = client.get(reverse("subjects:delete", args=[subject.pk])).content.decode()
    assert "Không thể xoá" in confirm and "Bánh phồng tôm Sa Giang" in confirm
    assert "Xoá vĩnh viễn" not in confirm

    response = client.post(reverse("subjects:delete", args=[subject.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("subjects:detail", args=[subject.pk])
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert errors == [
        "Không thể xoá chủ thể “Cơ sở bánh phồng tôm Sa Giang” vì còn dữ liệu tham chiếu đến nó: "
        "1 sản phẩm OCOP (“Bánh phồng tôm Sa Giang”)."
    ]
    assert Subject.objects.filter(pk=subject.pk).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.DELETE).exists()


def test_create_update_delete_through_the_pages_are_audited(web, area_tree):
    client = web(Role.LOCAL_OFFICER)
    client.post(reverse("subjects:create"), form_data(area_tree["c1"]))
    subject = Subject.objects.get()
    client.post(
        reverse("subjects:update", args=[subject.pk]), form_data(area_tree["c1"], workforce_total=30, version=1)
    )
    client.post(reverse("subjects:delete", args=[subject.pk]), {"reason": "Nhập trùng"})

    entries = list(AuditEntry.objects.filter(object_id=str(subject.pk)).order_by("pk"))
    assert [e.action for e in entries] == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    assert all(e.actor == client.user for e in entries)
    created, updated, deleted = entries
    assert created.before is None and created.after["name"] == "Hợp tác xã Sen Hồng"
    assert updated.before["workforce_total"] == 20 and updated.after["workforce_total"] == 30
    assert deleted.before["registration_number"] == "1401999001" and deleted.after is None
    assert deleted.reason == "Nhập trùng"


def test_saving_an_unchanged_form_writes_no_audit_entry(web, area_tree):
    client = web(Role.LOCAL_OFFICER)
    client.post(reverse("subjects:create"), form_data(area_tree["c1"]))
    subject = Subject.objects.get()
    client.post(reverse("subjects:update", args=[subject.pk]), form_data(area_tree["c1"]))
    assert AuditEntry.objects.filter(object_id=str(subject.pk)).count() == 1


@pytest.mark.parametrize(
    "query,expected",
    [
        ("hop tac xa sen", {"Hợp tác xã Sen Hồng"}),
        ("dong thap", {"Công ty TNHH Nam Huy Đồng Tháp"}),
        ("ĐỒNG THÁP", {"Công ty TNHH Nam Huy Đồng Tháp"}),
        ("banh phong", {"Cơ sở sản xuất bánh phồng tôm Sa Giang"}),
        ("sen hong", {"Hợp tác xã Sen Hồng"}),
        ("1401678901", {"Công ty TNHH Nam Huy Đồng Tháp"}),
        ("nguyen thi mai", {"Hộ kinh doanh Nguyễn Thị Mai"}),
    ],
)
def test_search_ignores_diacritics_in_the_page_and_the_api(web, api, area_tree, query, expected):
    SubjectFactory(unit=area_tree["c1"], name="Hợp tác xã Sen Hồng", representative_name="Lê Văn A")
    SubjectFactory(
        unit=area_tree["c1"],
        name="Công ty TNHH Nam Huy Đồng Tháp",
        registration_number="1401678901",
        representative_name="Trần Nam Huy",
    )
    SubjectFactory(unit=area_tree["c1"], name="Cơ sở sản xuất bánh phồng tôm Sa Giang", representative_name="Lê Văn B")
    SubjectFactory(unit=area_tree["c1"], name="Hộ kinh doanh Nguyễn Thị Mai", representative_name="Nguyễn Thị Mai")
    page = web(Role.LOCAL_OFFICER).get(reverse("subjects:list"), {"q": query})
    assert {s.name for s in page.context["subjects"]} == expected
    response = api(Role.LOCAL_OFFICER).get("/api/subjects/", {"q": query})
    assert {row["name"] for row in response.json()["results"]} == expected
