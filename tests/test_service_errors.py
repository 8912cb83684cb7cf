"""One error adapter (issue #13): a service's ValidationError / PermissionDenied / domain refusal reaches a form
through ``ocop_portal.errors.apply_service_error`` and the API through ``REST_FRAMEWORK["EXCEPTION_HANDLER"]``;
no app keeps its own translation."""

import re
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from accounts.models import Role
from ocop_portal.errors import ServiceError, apply_service_error
from programme.tests.factories import source
from subjects.tests.factories import SubjectFactory

ROOT = Path(__file__).resolve().parent.parent


class _NameForm(forms.Form):
    name = forms.CharField()
    year = forms.IntegerField()


def _bound_form():
    form = _NameForm(data={"name": "x", "year": "2023"})
    assert form.is_valid()
    return form


def test_a_field_error_lands_on_its_field_and_the_rest_on_top_of_the_form():
    form = apply_service_error(
        _bound_form(),
        ValidationError({"name": "Tên đã có.", "unknown": "Trường lạ.", NON_FIELD_ERRORS: "Lỗi chung."}),
    )
    assert form.errors["name"] == ["Tên đã có."]
    assert sorted(form.non_field_errors()) == ["Lỗi chung.", "Trường lạ."]
    assert "unknown" not in form.errors


def test_a_message_list_a_permission_refusal_and_a_domain_refusal_are_non_field_errors():
    form = apply_service_error(_bound_form(), ValidationError(["Một.", "Hai."]))
    assert form.non_field_errors() == ["Một.", "Hai."]
    assert apply_service_error(_bound_form(), PermissionDenied("Không được.")).non_field_errors() == ["Không được."]
    assert apply_service_error(_bound_form(), PermissionDenied()).non_field_errors() == [
        "Bạn không có quyền thực hiện thao tác này."
    ]
    assert apply_service_error(_bound_form(), ServiceError("Đang dùng.")).non_field_errors() == ["Đang dùng."]


@pytest.mark.django_db
def test_api_service_validation_error_is_400_with_the_field_key(area_tree, make_user):
    client = APIClient()
    client.force_authenticate(make_user(Role.COORDINATION_OFFICE, area_tree["province"]))
    response = client.post(
        "/api/programme/activities/",
        {
            "kind": "market_bulletin",
            "title": "Bản tin",
            "start_date": "2023-05-31",
            "unit": area_tree["province"].pk,
            "sessions": 0,
            "cost_mvnd": "2.5",
            "funding_source": source("local_province").pk,
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert response.json()["sessions"] == ["Số lớp / kỳ / buổi phải từ 1 trở lên."]


class _Refusing(APIView):
    """A DRF view whose "service" raises what it is given (the handler is configured in settings)."""

    permission_classes = []
    authentication_classes = []
    error = None

    def post(self, request):
        raise self.error


def _answer(error):
    return _Refusing.as_view(error=error)(APIRequestFactory().post("/x/", {}, format="json"))


class _Locked(ServiceError):
    code = "locked"


class _BadMove(ServiceError):
    status_code = 400
    field = "to_status"


def test_api_service_permission_denied_is_403_with_the_services_message():
    response = _answer(PermissionDenied("Bạn không có quyền ghi hoạt động cho địa bàn này."))
    assert response.status_code == 403
    assert response.data == {"detail": "Bạn không có quyền ghi hoạt động cho địa bàn này."}
    assert _answer(PermissionDenied()).data == {"detail": "Bạn không có quyền thực hiện thao tác này."}


def test_api_validation_error_without_fields_is_400_non_field_errors():
    response = _answer(ValidationError("Đợt đã khóa chấm điểm."))
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Đợt đã khóa chấm điểm."]}


def test_api_service_errors_answer_their_own_status():
    locked = _answer(_Locked("Đang khóa."))
    assert (locked.status_code, locked.data) == (409, {"detail": "Đang khóa."})
    bad = _answer(_BadMove("Không chuyển bằng tay được."))
    assert (bad.status_code, bad.data) == (400, {"to_status": ["Không chuyển bằng tay được."]})


@pytest.mark.django_db
def test_api_domain_conflict_is_409_with_its_body(area_tree, make_user):
    from products.tests.factories import ProductFactory

    subject = SubjectFactory(unit=area_tree["c1"], name="HTX Sen")
    ProductFactory(subject=subject, unit=area_tree["c1"])
    client = APIClient()
    client.force_authenticate(make_user(Role.COORDINATION_OFFICE, area_tree["province"]))
    response = client.delete(f"/api/subjects/{subject.pk}/")
    assert response.status_code == 409
    assert list(response.json()) == ["detail"]
    assert response.json()["detail"].startswith("Không thể xoá chủ thể “HTX Sen”")


API_ADAPTER = re.compile(
    r"as_serializer_error|\bexcept\b\s*\(?[^)\n]*\b(\w*ValidationError|\w*PermissionDenied|ServiceError|\w*InUse"
    r"|\w*TransitionError|ScoringError|VersionConflict|ProtectedError)\b"
)
PAGE_ADAPTER = re.compile(
    r"def (_call|_drf|as_drf_error|_errors|_error_messages|_message|_flash_errors|_add_service_errors"
    r"|add_service_errors|_protected_message|protected_error)\b"
)


def _offending_lines(paths, pattern):
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_no_api_view_translates_service_errors_itself():
    """API views call services without try/except: ``ocop_portal.errors.api_exception_handler`` answers
    ValidationError (400), PermissionDenied (403), ServiceError / VersionConflict / ProtectedError (409)."""
    assert _offending_lines(sorted(ROOT.glob("*/api/views.py")), API_ADAPTER) == []


def test_no_page_view_keeps_its_own_error_adapter():
    """Pages show service errors through ``apply_service_error`` / ``flash_service_error`` only."""
    modules = [*ROOT.glob("*/views.py"), *ROOT.glob("*/views_*.py"), *ROOT.glob("*/views/*.py")]
    assert _offending_lines(sorted(modules), PAGE_ADAPTER) == []
