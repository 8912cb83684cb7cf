"""A real Celery worker process runs a maintenance task against the PostgreSQL test database."""

import os
import signal
import subprocess
import sys
import tempfile
import uuid
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from areas.models import AdministrativeUnit
from areas.tasks import rebuild_unit_paths
from audit.models import AuditEntry
from ocop_portal.celery import app


def _test_database_url():
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def not_eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def worker(transactional_db, not_eager):
    """Start ``celery worker`` on a private queue; stop it before the test database is dropped."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND or settings.CELERY_BROKER_URL,
        "DJANGO_SETTINGS_MODULE": "ocop_portal.settings",
    }
    log = tempfile.NamedTemporaryFile(prefix="celery-worker-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ocop_portal",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "info",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield {"queue": queue, "process": process, "log": log.name}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()
        os.unlink(log.name)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_worker_repairs_unit_paths_in_the_test_database(area_tree, worker):
    good = {unit.pk: unit.path for unit in AdministrativeUnit.objects.all()}
    broken = [area_tree["d1"], area_tree["c1"], area_tree["c3"]]
    AdministrativeUnit.objects.filter(pk__in=[u.pk for u in broken]).update(path="/0/")

    result = rebuild_unit_paths.apply_async(queue=worker["queue"])
    try:
        fixed = result.get(timeout=90)
    except Exception:
        with open(worker["log"], encoding="utf-8", errors="replace") as fh:
            print(fh.read()[-5000:])
        raise
    finally:
        result.forget()

    assert fixed == 3
    assert worker["process"].poll() is None  # it really ran in the separate worker process
    assert {unit.pk: unit.path for unit in AdministrativeUnit.objects.all()} == good
    entries = AuditEntry.objects.filter(object_id__in=[str(u.pk) for u in broken])
    assert entries.count() == 3
    assert set(entries.values_list("request_id", flat=True)) == {result.id}  # the job's id, set in the worker
