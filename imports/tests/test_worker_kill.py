"""Issue #12, finding 9 for imports: a real Celery worker is killed (kill -9) inside the import's commit; nothing is
half-applied, the reaper finds the job without heartbeat and runs the commit again once, a second worker commits
it exactly once.

Run with PostgreSQL and Redis, e.g. ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_h3
CELERY_BROKER_URL=redis://127.0.0.1:6379/13 pytest imports/tests/test_worker_kill.py``.
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

from audit.models import AuditEntry
from imports import services
from imports.models import JobStatus
from ocop_portal.celery import app
from ocop_portal.tasks import reap_stale_jobs
from subjects.models import Subject

from .conftest import SUBJECT_HEADERS, subject_row, xlsx_bytes


def _test_database_url():
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def workers(transactional_db, settings):
    """Start ``celery worker`` processes on one private queue (``start(**env)``); all stopped in ``finally``."""
    queue = f"imports-kill-{uuid.uuid4().hex[:12]}"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.OCOP_IMPORTS_QUEUE = queue
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    started = []

    def start(**extra):
        env = {
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND or settings.CELERY_BROKER_URL,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DJANGO_SETTINGS_MODULE": "ocop_portal.settings",
            **extra,
        }
        log = tempfile.NamedTemporaryFile(prefix="imports-kill-", suffix=".log", delete=False)  # noqa: SIM115
        command = [
            sys.executable, "-m", "celery", "-A", "ocop_portal", "worker", "--pool=solo", "--without-gossip",
            "--without-mingle", "--without-heartbeat", "-l", "info", "-Q", queue, "-n", f"{queue}-{len(started)}@%h",
        ]  # fmt: skip
        process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
        started.append((process, log))
        return process

    try:
        yield start
    finally:
        for process, log in started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)
            log.close()
        app.conf.task_always_eager = previous
        for _process, log in started:
            with open(log.name, encoding="utf-8", errors="replace") as handle:
                print(handle.read()[-3000:])
            os.unlink(log.name)


def _wait(job, until, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if until(job):
            return job
        time.sleep(0.1)
    return job


def _subject_audits():
    return AuditEntry.objects.filter(content_type__model="subject").count()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_inside_the_commit_leaves_nothing_and_the_retry_commits_exactly_once(workers, office, settings):
    settings.OCOP_IMPORT_ASYNC_ROWS = 5
    rows = [SUBJECT_HEADERS] + [subject_row(f"14000{n:05d}", f"HTX số {n}") for n in range(40)]
    job = services.import_job_create(
        actor=office, kind="subjects", uploaded_file=SimpleUploadedFile("lon.xlsx", xlsx_bytes(rows))
    )
    # test-only: this worker stops for 2 min inside the commit's transaction, after the rows, before COMMIT
    first = workers(OCOP_TEST_JOB_PAUSE="import-commit=120")
    assert services.import_job_start_check(job=job) is True
    job = _wait(job, lambda j: j.status in (JobStatus.CHECKED, JobStatus.FAILED))
    assert (job.status, job.total_rows, job.error_count) == (JobStatus.CHECKED, 40, 0), job.failure

    assert services.import_job_start_commit(actor=office, job=job) is True
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # the worker is inside the commit: its rows exist, uncommitted
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = 'subjects_subject' AND l.mode = 'RowExclusiveLock'"
            )
            if cursor.fetchone()[0]:
                break
        time.sleep(0.2)
    time.sleep(1)
    first.send_signal(signal.SIGKILL)  # kill -9 inside the transaction
    first.wait(timeout=10)
    settings.OCOP_JOB_STALE_SECONDS = 2
    time.sleep(3)
    job.refresh_from_db()
    assert job.status == JobStatus.IMPORTING  # what the page showed forever
    assert Subject.objects.count() == 0 and _subject_audits() == 0  # nothing half-applied

    handled = []
    for _attempt in range(20):  # the killed backend's row lock goes away as soon as PostgreSQL sees the socket close
        handled = reap_stale_jobs.apply().get()["imports"]
        if handled:
            break
        time.sleep(0.5)
    assert handled == [(job.pk, "retried")]

    workers()  # a healthy worker takes the job again
    job = _wait(job, lambda j: j.status in (JobStatus.DONE, JobStatus.FAILED))
    assert job.status == JobStatus.DONE, job.failure
    assert (job.created_count, job.attempts) == (40, 2)
    assert Subject.objects.count() == 40 and _subject_audits() == 40  # exactly once
    assert reap_stale_jobs.apply().get()["imports"] == []
