import pytest
from rest_framework.test import APIClient

from products.tests.factories import ProductFactory
from products.tests.helpers import home_unit
from subjects.tests.factories import SubjectFactory


@pytest.fixture
def user_for(make_user, area_tree):
    def make(role, unit=None):
        return make_user(role=role, unit=unit or home_unit(role, area_tree))

    return make


@pytest.fixture
def web(client, user_for):
    """A logged-in Django test client for a role (``client.user`` is the user)."""

    def login(role, unit=None):
        user = user_for(role, unit)
        client.force_login(user)
        client.user = user
        return client

    return login


@pytest.fixture
def api(user_for):
    def login(role, unit=None):
        user = user_for(role, unit)
        client = APIClient()
        client.force_authenticate(user)
        client.user = user
        return client

    return login


@pytest.fixture
def subject_d1(area_tree):
    return SubjectFactory(name="Hợp tác xã Sen Hồng Tháp Mười", unit=area_tree["c1"])


@pytest.fixture
def subject_d2(area_tree):
    return SubjectFactory(name="Cơ sở nem Út Thảo", unit=area_tree["c2"])


@pytest.fixture
def product_d1(subject_d1):
    return ProductFactory(subject=subject_d1, name="Hạt sen sấy Tháp Mười")


@pytest.fixture
def product_d2(subject_d2):
    return ProductFactory(subject=subject_d2, name="Nem Lai Vung")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
