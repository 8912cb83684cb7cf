"""Per-request work in production (issue #20): cached sessions with a shared cache, cached templates, persistent
database connections, far-future static files; and the gunicorn login limit (ocop_portal/gunicorn.conf.py)."""

import json
import os
import runpy
import secrets
import subprocess
import sys
import threading
import time
import types

import pytest
from django.conf import settings

PRODUCTION = {
    "OCOP_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "ocop.example.gov.vn",
    "DATABASE_URL": "postgres://ocop@db.internal:5432/ocop",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
}

PRINT_SETTINGS = """
import json
from django.conf import settings
from django.template import engines
engine = engines["django"].engine
loaders = [type(loader).__module__ + "." + type(loader).__name__ for loader in engine.template_loaders]
inner = [type(l).__module__ for loader in engine.template_loaders for l in getattr(loader, "loaders", [])]
print(json.dumps({
    "session_engine": settings.SESSION_ENGINE,
    "cache_backend": settings.CACHES["default"]["BACKEND"],
    "loaders": loaders,
    "inner_loaders": inner,
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "staticfiles": settings.STORAGES["staticfiles"]["BACKEND"],
    "whitenoise": "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE,
    "debug": settings.DEBUG,
    "db_options": settings.DATABASES["default"].get("OPTIONS", {}).get("options", ""),
}))
"""


def _settings_of(**env):
    environ = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    environ.update(env)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRINT_SETTINGS],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_with_a_shared_cache_reads_sessions_from_it_and_caches_templates():
    found = _settings_of(**PRODUCTION, CACHE_URL="redis://redis.internal:6379/2")
    assert found["debug"] is False
    assert found["cache_backend"] == "django.core.cache.backends.redis.RedisCache"
    # Session read from Redis, written through to the database: no session query per request.
    assert found["session_engine"] == "django.contrib.sessions.backends.cached_db"
    # Templates compiled once per process.
    assert found["loaders"] == ["django.template.loaders.cached.Loader"]
    assert "django.template.loaders.app_directories" in found["inner_loaders"]
    # Persistent connections, and hashed static file names WhiteNoise serves with a far-future max-age.
    assert found["conn_max_age"] > 0
    assert found["staticfiles"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert found["whitenoise"] is True


def test_postgresql_connections_turn_jit_off_and_price_index_reads_for_cached_data():
    found = _settings_of(**PRODUCTION)
    assert found["db_options"].split(" -c ") == ["-c jit=off", "random_page_cost=1.1"]
    assert _settings_of(**PRODUCTION, DB_RANDOM_PAGE_COST="server", DB_JIT="on")["db_options"] == ""
    assert "random_page_cost=2.0" in _settings_of(**PRODUCTION, DB_RANDOM_PAGE_COST="2")["db_options"]


@pytest.mark.postgres
def test_the_test_database_connection_has_the_planner_settings(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_without_a_shared_cache_sessions_stay_in_the_database():
    """A per-process memory cache must not hold sessions: a logout in one worker would not reach the others."""
    found = _settings_of(**PRODUCTION)
    assert found["cache_backend"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["session_engine"] == "django.contrib.sessions.backends.db"


def test_session_engine_can_be_chosen():
    found = _settings_of(**PRODUCTION, CACHE_URL="redis://redis.internal:6379/2", SESSION_ENGINE="x.y")
    assert found["session_engine"] == "x.y"


# --- gunicorn: the login concurrency limit --------------------------------------------------------------------


@pytest.fixture
def gunicorn_conf(tmp_path, monkeypatch):
    monkeypatch.setenv("GUNICORN_LOGIN_SLOT_DIR", str(tmp_path))
    monkeypatch.setenv("GUNICORN_LOGIN_CONCURRENCY", "1")
    monkeypatch.setenv("GUNICORN_LOGIN_WAIT", "5")
    monkeypatch.delenv("GUNICORN_WORKER_CLASS", raising=False)
    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    return runpy.run_path(str(settings.BASE_DIR / "ocop_portal" / "gunicorn.conf.py"))


def _request(method, path):
    return types.SimpleNamespace(method=method, path=path)


def test_gunicorn_defaults_are_threaded_workers_sized_for_the_cores(gunicorn_conf):
    cores = os.cpu_count() or 1
    assert gunicorn_conf["worker_class"] == "gthread"
    assert gunicorn_conf["workers"] == cores + 1
    assert gunicorn_conf["threads"] == 8
    assert gunicorn_conf["control_socket_disable"] is True


def test_a_second_login_waits_for_the_first_while_other_requests_do_not(gunicorn_conf):
    pre, post = gunicorn_conf["pre_request"], gunicorn_conf["post_request"]
    first = _request("POST", "/login/")
    pre(None, first)
    assert first.ocop_login_slot is not None

    events = []

    def second_login():
        request = _request("POST", "/api/token/")
        pre(None, request)
        events.append(("second login in", time.monotonic()))
        post(None, request, {}, None)

    def other_request():
        request = _request("GET", "/products/")
        pre(None, request)
        events.append(("page in", time.monotonic()))
        post(None, request, {}, None)

    waiting = threading.Thread(target=second_login)
    waiting.start()
    other = threading.Thread(target=other_request)
    other.start()
    other.join(timeout=5)
    time.sleep(0.3)
    assert [name for name, _at in events] == ["page in"]  # the page went through, the second login waits

    released = time.monotonic()
    post(None, first, {}, None)
    waiting.join(timeout=5)
    assert [name for name, _at in events] == ["page in", "second login in"]
    assert events[-1][1] >= released


def test_a_login_goes_ahead_after_the_wait_limit(gunicorn_conf, monkeypatch):
    pre, post = gunicorn_conf["pre_request"], gunicorn_conf["post_request"]
    first = _request("POST", "/login/")
    pre(None, first)
    gunicorn_conf["_take_slot"].__globals__["LOGIN_WAIT"] = 0.2
    late = _request("POST", "/login/")
    started = time.monotonic()
    pre(None, late)
    assert late.ocop_login_slot is None  # not refused: let through without a slot
    assert 0.2 <= time.monotonic() - started < 3
    post(None, late, {}, None)
    post(None, first, {}, None)
    again = _request("POST", "/login/")
    pre(None, again)
    assert again.ocop_login_slot is not None
    post(None, again, {}, None)


def test_waiting_logins_never_hold_more_than_half_of_the_threads(gunicorn_conf):
    pre, post = gunicorn_conf["pre_request"], gunicorn_conf["post_request"]
    holder = _request("POST", "/login/")
    pre(None, holder)
    half = gunicorn_conf["threads"] // 2
    waiters = [_request("POST", "/login/") for _ in range(half)]
    threads = [threading.Thread(target=pre, args=(None, request)) for request in waiters]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 5
    while gunicorn_conf["_waiting"]["count"] < half and time.monotonic() < deadline:
        time.sleep(0.01)
    assert gunicorn_conf["_waiting"]["count"] == half

    started = time.monotonic()
    beyond = _request("POST", "/login/")
    pre(None, beyond)  # half the threads already wait: this one goes ahead at once, without a slot
    assert beyond.ocop_login_slot is None
    assert time.monotonic() - started < 1

    post(None, holder, {}, None)
    for request, thread in zip(waiters, threads, strict=True):
        thread.join(timeout=10)
        post(None, request, {}, None)
    assert gunicorn_conf["_waiting"]["count"] == 0
