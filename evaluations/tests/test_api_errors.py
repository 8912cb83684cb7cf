"""Evaluation API refusals come from ``ocop_portal.errors.api_exception_handler`` (issue #13): a service's
ValidationError is 400 in DRF's shape, a refused move or scoring action
409 ``{"detail": ...}``."""

import pytest
from rest_framework.test import APIClient

from evaluations.models import RegistrationStatus

from .conftest import accept

pytestmark = pytest.mark.django_db


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_service_validation_error_is_400_with_non_field_errors(world):
    body = {"round": world.round.pk, "product": world.product.pk, "kind": "new"}
    assert api_for(world.officer).post("/api/registrations/", body, format="json").status_code == 201
    again = api_for(world.officer).post("/api/registrations/", body, format="json")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["Sản phẩm đã được đăng ký trong đợt này."]}


def test_a_refused_move_is_409_with_its_message(world):
    registration = accept(world, start=False)
    response = api_for(world.office).post(
        f"/api/registrations/{registration.pk}/transition/", {"to_status": RegistrationStatus.DECIDED}, format="json"
    )
    assert response.status_code == 409, response.content
    assert list(response.json()) == ["detail"] and response.json()["detail"]


def test_a_refused_scoring_action_is_409_with_its_message(world):
    registration = accept(world, start=False)  # scoring not started: a sheet cannot be opened yet
    response = api_for(world.member_a).post("/api/my-score-sheets/", {"registration": registration.pk}, format="json")
    assert response.status_code == 409, response.content
    assert list(response.json()) == ["detail"] and response.json()["detail"]
