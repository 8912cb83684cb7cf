"""A real Celery worker checks and commits a large file; the page's progress comes from the result backend.

Run with PostgreSQL and Redis, e.g.
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_h8 CELERY_BROKER_URL=redis://127.0.0.1:6379/8 pytest imports``.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from imports import selectors, services
from imports.models import ImportJob, JobStatus
from ocop_portal.celery import app
from subjects.models import Subject

from .conftest import SUBJECT_HEADERS, subject_row, xlsx_bytes


def _test_database_url():
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(transactional_db, settings):
    """``celery worker`` on a private queue with the test database and media root; stopped in ``finally``."""
    queue = f"imports-test-{uuid.uuid4().hex[:12]}"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.OCOP_IMPORTS_QUEUE = queue
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND or settings.CELERY_BROKER_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_SETTINGS_MODULE": "ocop_portal.settings",
    }
    log = tempfile.NamedTemporaryFile(prefix="imports-worker-", suffix=".log", delete=False)  # noqa: SIM115
    command = [
        sys.executable, "-m", "celery", "-A", "ocop_portal", "worker", "--pool=solo", "--without-gossip",
        "--without-mingle", "--without-heartbeat", "-l", "info", "-Q", queue, "-n", f"{queue}@%h",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield {"process": process, "log": log.name}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        app.conf.task_always_eager = previous
        log.close()
        os.unlink(log.name)


def _follow(job, worker, until):
    """Poll like the page does; return (final status, progress percentages seen while running)."""
    seen = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        job.refresh_from_db()
        percent, _done, _total = selectors.job_progress(job)
        if job.is_running and (not seen or seen[-1] != percent):
            seen.append(percent)
        if job.status in until:
            return job.status, seen
        time.sleep(0.05)
    with open(worker["log"], encoding="utf-8", errors="replace") as handle:
        print(handle.read()[-6000:])
    return job.status, seen


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_checks_and_commits_a_large_file(worker, office, settings):
    settings.OCOP_IMPORT_ASYNC_ROWS = 50
    rows = [SUBJECT_HEADERS] + [subject_row(f"14000{n:05d}", f"HTX số {n}") for n in range(400)]
    job = services.import_job_create(
        actor=office, kind="subjects", uploaded_file=SimpleUploadedFile("lon.xlsx", xlsx_bytes(rows))
    )
    assert services.import_job_start_check(job=job) is True  # queued, not run here
    status, seen = _follow(job, worker, {JobStatus.CHECKED, JobStatus.FAILED})
    assert status == JobStatus.CHECKED
    assert (job.total_rows, job.created_count, job.error_count) == (400, 400, 0)
    assert Subject.objects.count() == 0
    assert any(0 < percent < 100 for percent in seen), seen  # the bar moved while the worker applied rows

    assert services.import_job_start_commit(actor=office, job=job) is True
    status, _seen = _follow(job, worker, {JobStatus.DONE, JobStatus.FAILED})
    errors = (job.outcome or {}).get("errors", [])[:3]
    assert status == JobStatus.DONE, (job.failure, errors)
    assert worker["process"].poll() is None  # it ran in the separate worker process
    assert Subject.objects.count() == 400
    assert ImportJob.objects.get(pk=job.pk).finished_at is not None
