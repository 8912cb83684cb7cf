"""Production settings pass Django's deployment checklist with nothing to report."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "OCOP_ENV": "production",
    "ALLOWED_HOSTS": "ocop.example.gov.vn",
    "DATABASE_URL": "postgres://ocop@db.internal:5432/ocop",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
}


def _without(*names):
    return {key: value for key, value in PRODUCTION.items() if key not in names}


def _manage(*args, **env):
    # A clean environment: only what a production process would get (no DEBUG, nothing the test runner set,
    # such as DJANGO_ALLOW_ASYNC_UNSAFE).
    environ = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_in_production():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secrets.token_urlsafe(64), **PRODUCTION)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "ERRORS" not in output, output
    assert "no issues" in output


def test_development_defaults_do_fail_the_deploy_check():
    """The check above can fail: the development defaults (DEBUG, dev key, no HTTPS) do not pass."""
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr  # DEBUG on


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL"])
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {**_without(missing), "SECRET_KEY": secrets.token_urlsafe(64)}
    env.pop(missing, None)
    result = _manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} " in result.stderr and "must be set" in result.stderr
