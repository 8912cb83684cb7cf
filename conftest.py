"""Shared fixtures and the rule for tests that need real services.

A test marked ``postgres``, ``redis``, ``celery_worker`` or ``browser`` needs that service. On a developer machine
without it the test is skipped with the reason (``-ra`` prints them at the end). Under ``CI=true`` the same
test FAILS instead: CI never silently skips.
"""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings

from accounts.models import Role
from accounts.tests.factories import UserFactory
from areas.models import UnitLevel
from areas.tests.factories import UnitFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _redis_reachable():
    url = settings.CELERY_BROKER_URL
    if not url or not url.startswith("redis"):
        return False
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _missing(marker_name):
    if marker_name == "postgres":
        return None if settings.USING_POSTGRES else "needs PostgreSQL (set DATABASE_URL=postgres://...)"
    if marker_name == "redis":
        return None if _redis_reachable() else "needs Redis (set CELERY_BROKER_URL=redis://127.0.0.1:6379/1)"
    if marker_name == "celery_worker":
        if not settings.USING_POSTGRES:
            return "a Celery worker needs PostgreSQL (set DATABASE_URL)"
        return None if _redis_reachable() else "a Celery worker needs Redis (set CELERY_BROKER_URL)"
    if marker_name == "browser":
        try:
            import playwright  # noqa: F401
        except ImportError:
            return "needs the playwright package"
        return None if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM) else f"needs chromium at {CHROMIUM}"
    return None


def pytest_runtest_setup(item):
    for name in ("postgres", "redis", "celery_worker", "browser"):
        if item.get_closest_marker(name) is None:
            continue
        reason = _missing(name)
        if reason:
            if IN_CI:
                pytest.fail(f"CI=true, so not skipped: {reason}", pytrace=False)
            pytest.skip(reason)


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests start after another one's ``flush``: put the migrations' reference data back."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not (marker.kwargs.get("transaction") or "transactional_db" in request.fixturenames):
        return
    request.getfixturevalue("transactional_db")
    from django.contrib.contenttypes.models import ContentType

    from ocop_portal.reference_data import ensure_reference_data

    ContentType.objects.clear_cache()  # the flush recreated the content types with new ids
    ensure_reference_data()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The API throttles count requests in the cache: every test starts with no earlier test's counts."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the portal's language (Vietnamese): a request made in English by an earlier test leaves
    English active in the thread, which would make a later test's messages depend on the order of the run."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """PBKDF2 takes ~0.5 s per login on these machines; tests only need a working hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def area_tree(db):
    """A province with three districts (D1, D2, D3), each with one commune."""
    country = UnitFactory(code="VN", name="Việt Nam", level=UnitLevel.COUNTRY, unit_type="quốc gia")
    province = UnitFactory(code="87", name="Đồng Tháp", level=UnitLevel.PROVINCE, parent=country)
    other_province = UnitFactory(code="82", name="Tiền Giang", level=UnitLevel.PROVINCE, parent=country)
    tree = {"country": country, "province": province, "other_province": other_province}
    for i in (1, 2, 3):
        district = UnitFactory(
            code=f"D{i}", name=f"Huyện {i}", level=UnitLevel.DISTRICT, parent=province, unit_type="huyện"
        )
        tree[f"d{i}"] = district
        tree[f"c{i}"] = UnitFactory(
            code=f"C{i}", name=f"Xã {i}", level=UnitLevel.COMMUNE, parent=district, unit_type="xã"
        )
    return tree


@pytest.fixture
def make_user(db):
    def make(role=Role.LOCAL_OFFICER, unit=None, **kwargs):
        return UserFactory(role=role, unit=unit, **kwargs)

    return make


# --- browser fixtures (Playwright driving Debian chromium, never a downloaded browser) ----------------------------

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium_browser():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@pytest.fixture
def portal_page(chromium_browser, live_server):
    """A fresh Vietnamese browser context and page; ``page.requested_urls`` lists every URL it requested (the
    offline checks: nothing outside the live server)."""
    context = chromium_browser.new_context(locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30000)
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    try:
        yield page
    finally:
        context.close()
