"""Checks a clerk expects on a subject's codes and contacts (issue #15 item 8), the same on the form, the API and the
import: the error says what the right form is, the entered data is kept, an old record with a legacy value can still
be edited, and no Django message has a space before its full stop."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role
from subjects.models import Subject
from subjects.tests.factories import SubjectFactory
from subjects.tests.helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(make_user, area_tree):
    return make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])


@pytest.fixture
def client_for(office):
    def make(api=False):
        client = APIClient() if api else Client()
        client.force_login(office)
        return client

    return make


@pytest.mark.parametrize("tax_code", ["1400123456", "1400123456-001", "14 0012 3456"])
def test_valid_tax_codes(client_for, area_tree, tax_code):
    response = client_for().post(reverse("subjects:create"), form_data(area_tree["c1"], tax_code=tax_code))
    assert response.status_code == 302
    assert Subject.objects.get().tax_code == tax_code.replace(" ", "")


@pytest.mark.parametrize("tax_code", ["999", "14001234567", "1400123456-01", "ABC1234567"])
def test_invalid_tax_code_says_the_right_form_and_keeps_the_input(client_for, area_tree, tax_code):
    response = client_for().post(
        reverse("subjects:create"), form_data(area_tree["c1"], tax_code=tax_code, name="HTX Gạo Tháp Mười")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["tax_code"]
    assert any("10 chữ số" in error and "1400123456-001" in error for error in errors)
    page = response.content.decode()
    assert "HTX Gạo Tháp Mười" in page  # what the clerk typed is still there
    assert not Subject.objects.exists()


@pytest.mark.parametrize("phone", ["0912 345 678", "0277 3 851 234", "0277.3851.234", "+84 912 345 678"])
def test_valid_phone_numbers(client_for, area_tree, phone):
    assert client_for().post(reverse("subjects:create"), form_data(area_tree["c1"], phone=phone)).status_code == 302


@pytest.mark.parametrize("phone", ["0277 1", "12345678901", "số máy bàn"])
def test_invalid_phone_number(client_for, area_tree, phone):
    response = client_for().post(reverse("subjects:create"), form_data(area_tree["c1"], phone=phone))
    assert response.status_code == 200
    assert "10 hoặc 11 chữ số" in response.context["form"].errors["phone"][0]


def test_registration_number_is_required_for_a_new_subject(client_for, area_tree):
    response = client_for().post(reverse("subjects:create"), form_data(area_tree["c1"], registration_number=""))
    assert response.status_code == 200
    assert "Nhập số đăng ký kinh doanh" in response.context["form"].errors["registration_number"][0]
    api = client_for(api=True).post("/api/subjects/", form_data(area_tree["c1"], registration_number=""), format="json")
    assert api.status_code == 400
    assert "Nhập số đăng ký kinh doanh" in str(api.json()["registration_number"])


def test_an_old_record_with_legacy_values_can_still_be_edited(client_for, area_tree):
    subject = SubjectFactory(unit=area_tree["c1"], registration_number="", tax_code="999", phone="0277 1")
    url = reverse("subjects:update", args=[subject.pk])
    data = form_data(area_tree["c1"], name="Tên mới", registration_number="", tax_code="999", phone="0277 1")
    response = client_for().post(url, {**data, "version": subject.version})
    assert response.status_code == 302, response.context["form"].errors
    subject.refresh_from_db()
    assert subject.name == "Tên mới"
    # ... but a changed value is checked
    data = {**data, "tax_code": "12345", "version": subject.version}
    assert "tax_code" in client_for().post(url, data).context["form"].errors


def test_api_refuses_a_bad_tax_code_with_the_same_message(client_for, area_tree):
    response = client_for(api=True).post("/api/subjects/", form_data(area_tree["c1"], tax_code="999"), format="json")
    assert response.status_code == 400
    assert "1400123456-001" in str(response.json()["tax_code"])


def test_number_limits_read_without_a_stray_space(client_for, area_tree):
    response = client_for().post(reverse("subjects:create"), form_data(area_tree["c1"], workforce_total=-1))
    message = response.context["form"].errors["workforce_total"][0]
    assert message == "Giá trị phải lớn hơn hoặc bằng 0."
