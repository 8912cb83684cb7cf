"""API messages come in Vietnamese in every app: Django REST framework's Vietnamese catalogue translates 20 of its
125 messages, and the project's catalogue (locale/vi) gives the rest, so no endpoint answers in English."""

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from products.tests.factories import ProductFactory
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db


def test_an_invalid_choice_and_a_wrong_type_are_explained_in_vietnamese(area_tree, make_user):
    officer = make_user(Role.LOCAL_OFFICER, area_tree["d1"])
    product = ProductFactory(subject=SubjectFactory(unit=area_tree["c1"]))
    api = APIClient()
    api.force_authenticate(officer)
    response = api.patch(f"/api/products/{product.pk}/", {"production_status": "bogus", "subject": "x"}, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert errors["production_status"] == ["«bogus» không phải là lựa chọn hợp lệ."]
    assert "is not" not in str(errors) and "Incorrect type" not in str(errors), errors


def test_anonymous_and_bad_token_answers_are_in_vietnamese():
    response = APIClient().get("/api/products/")
    assert response.status_code in (401, 403)
    assert response.json()["detail"] in ("Chưa đăng nhập: thiếu thông tin xác thực.", "Thông tin xác thực không đúng.")
    response = APIClient().get("/api/products/", HTTP_AUTHORIZATION="Token not-a-token")
    assert response.json()["detail"] == "Mã truy cập (token) không hợp lệ."
