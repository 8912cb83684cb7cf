"""Passwords are stored with Argon2id (accounts/hashers.py, issue #20: logins must not starve the other requests);
hashes made before with PBKDF2 still log in and are re-made with Argon2id at that login."""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from ocop_portal import settings as project_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_hashers(settings):
    """The project's hashers (conftest.py swaps in MD5 for speed everywhere else)."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_new_password_is_argon2id_with_the_owasp_parameters(real_hashers):
    user = UserFactory(username="lan")
    algorithm, variety, version, params, *_ = user.password.split("$")
    assert (algorithm, variety) == ("argon2", "argon2id")
    assert params == "m=19456,t=2,p=1"
    assert user.check_password(PASSWORD)
    assert not user.check_password(PASSWORD + "x")


def test_pbkdf2_hash_logs_in_and_is_upgraded_to_argon2id(real_hashers, client):
    user = UserFactory(username="old")
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "saltsaltsalt", iterations=1000)
    user.save(update_fields=["password"])
    assert identify_hasher(User.objects.get(pk=user.pk).password).algorithm == "pbkdf2_sha256"

    response = client.post("/login/", {"username": "old", "password": PASSWORD})

    assert response.status_code == 302
    stored = User.objects.get(pk=user.pk).password
    assert identify_hasher(stored).algorithm == "argon2"
    assert "m=19456,t=2,p=1" in stored


def test_wrong_password_does_not_touch_the_old_hash(real_hashers, client):
    user = UserFactory(username="old2")
    old = PBKDF2PasswordHasher().encode(PASSWORD, "saltsaltsalt", iterations=1000)
    user.password = old
    user.save(update_fields=["password"])

    response = client.post("/login/", {"username": "old2", "password": "sai-mat-khau"})

    assert response.status_code == 200
    assert User.objects.get(pk=user.pk).password == old
