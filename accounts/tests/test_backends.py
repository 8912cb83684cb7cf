"""The signed-in user is read with its unit in one query (accounts.backends.PortalModelBackend, issue #20)."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY

from accounts.backends import PortalModelBackend
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_user_comes_with_its_unit(django_assert_num_queries):
    user = UserFactory(username="lan")
    with django_assert_num_queries(1):
        loaded = PortalModelBackend().get_user(user.pk)
        assert loaded.unit.name == user.unit.name


def test_inactive_or_missing_user_is_nobody():
    user = UserFactory(username="nghi", is_active=False)
    assert PortalModelBackend().get_user(user.pk) is None
    assert PortalModelBackend().get_user(user.pk + 1000) is None


def test_login_form_signs_in_with_the_portal_backend_and_pages_follow(client):
    UserFactory(username="lan")
    assert client.post("/login/", {"username": "lan", "password": PASSWORD}).status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.PortalModelBackend"
    assert client.get("/subjects/").status_code == 200


def test_session_opened_with_djangos_backend_still_works(client):
    user = UserFactory(username="cu")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/subjects/")
    assert response.status_code == 200
    assert response.wsgi_request.user == user
