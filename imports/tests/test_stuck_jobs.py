"""Issue #12, findings 9 and 10 for imports: the database lost during the commit leaves nothing half-applied and
a job that can be retried (exactly once applied); a job whose worker died is found by the reaper; a Redis outage
is reported at once, with a retry button."""

import datetime
import threading
import time

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from audit.models import AuditEntry
from imports import services
from imports.models import ImportJob, JobStatus, RetryStep
from ocop_portal.celery import app
from ocop_portal.tasks import reap_stale_jobs
from subjects.models import Subject

from .conftest import SUBJECT_HEADERS, subject_row, xlsx_bytes

ROWS = [SUBJECT_HEADERS] + [subject_row(f"14000{n:05d}", f"HTX số {n}") for n in range(6)]


def _checked_job(upload, office):
    job = upload(office, "subjects", xlsx_bytes(ROWS))
    assert (job.status, job.error_count, job.total_rows) == (JobStatus.CHECKED, 0, 6)
    return job


def _subject_audits():
    return AuditEntry.objects.filter(content_type__model="subject").count()


def _commit_then_retry_exactly_once(client, job):
    """The job failed during its commit: nothing was written; the retry button commits it once, a second does nothing."""
    job.refresh_from_db()
    assert (job.status, job.retry_step) == (JobStatus.FAILED, RetryStep.COMMIT), job.failure
    assert Subject.objects.count() == 0 and _subject_audits() == 0  # nothing half-applied
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "Lỗi hệ thống" in page and f"/imports/jobs/{job.pk}/retry/" in page and "Thử lại: nhập" in page

    client.post(f"/imports/jobs/{job.pk}/retry/")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.created_count == 6
    assert Subject.objects.count() == 6 and _subject_audits() == 6

    response = client.post(f"/imports/jobs/{job.pk}/retry/", follow=True)
    assert "không chạy lại được" in response.content.decode()
    response = client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"}, follow=True)
    assert Subject.objects.count() == 6 and _subject_audits() == 6  # never applied twice


@pytest.mark.django_db
def test_a_database_error_at_the_commit_point_leaves_nothing_and_a_retry_commits_once(
    client, upload, office, monkeypatch
):
    job = _checked_job(upload, office)
    calls = {"n": 0}

    def lost(job):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "_before_commit_done", lost)
    client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"})
    _commit_then_retry_exactly_once(client, job)


def _terminate(pid):
    """Kill a backend from ANOTHER connection (a thread has its own), as a database restart would."""
    errors = []

    def run():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert not errors, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_database_connection_killed_during_the_commit_leaves_nothing_and_a_retry_commits_once(
    client, upload, office, monkeypatch
):
    job = _checked_job(upload, office)
    calls = {"n": 0}

    def kill_my_backend(job):
        calls["n"] += 1
        if calls["n"] == 1:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            _terminate(pid)
            with connection.cursor() as cursor:  # the next statement of the commit meets the dead connection
                cursor.execute("SELECT 1")

    monkeypatch.setattr(services, "_before_commit_done", kill_my_backend)
    client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"})
    assert calls["n"] == 1
    _commit_then_retry_exactly_once(client, job)


@pytest.mark.django_db
def test_a_commit_without_heartbeat_is_failed_by_the_reaper_with_a_retry_button(client, upload, office, settings):
    job = _checked_job(upload, office)
    old = timezone.now() - datetime.timedelta(minutes=10)
    # As a worker killed during the commit leaves it (its transaction rolled back; retried once already).
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.IMPORTING, progress=0, attempts=2, heartbeat_at=old)
    assert reap_stale_jobs.apply().get()["imports"] == [(job.pk, "failed")]
    _commit_then_retry_exactly_once(client, job)


@pytest.mark.django_db
def test_a_check_without_heartbeat_is_run_again_once_automatically(upload, office, settings):
    job = upload(office, "subjects", xlsx_bytes(ROWS))
    old = timezone.now() - datetime.timedelta(minutes=10)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.CHECKING, attempts=1, heartbeat_at=old, task_id="x")
    settings.CELERY_TASK_ALWAYS_EAGER = True
    previous, app.conf.task_always_eager = app.conf.task_always_eager, True
    try:
        assert reap_stale_jobs.apply().get()["imports"] == [(job.pk, "retried")]
    finally:
        app.conf.task_always_eager = previous
    job.refresh_from_db()
    assert (job.status, job.total_rows, job.attempts) == (JobStatus.CHECKED, 6, 2)  # the second run
    # A running job with a recent heartbeat is left alone.
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.IMPORTING, heartbeat_at=timezone.now())
    assert reap_stale_jobs.apply().get()["imports"] == []


@pytest.fixture
def redis_down(settings, monkeypatch):
    """A real (not eager) Celery whose broker is a closed port: what the web worker sees during a Redis outage."""
    url = "redis://127.0.0.1:9/0"
    monkeypatch.setenv("CELERY_BROKER_URL", url)  # Celery reads this variable before its own setting
    saved = (app.conf.task_always_eager, app.conf.broker_url, app.conf.result_backend)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = url
    app.conf.task_always_eager = False
    app.conf.broker_url = app.conf.result_backend = url
    app._pool = None
    try:
        yield url
    finally:
        app.conf.task_always_eager, app.conf.broker_url, app.conf.result_backend = saved
        app._pool = None


@pytest.mark.django_db
def test_redis_outage_import_check_and_commit_answer_fast_with_a_retry_button(
    client, upload, office, settings, redis_down
):
    job = _checked_job(upload, office)  # small file, checked in the request
    settings.OCOP_IMPORT_ASYNC_ROWS = 2  # from now on this file goes to the background

    started = time.monotonic()
    page = client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"}, follow=True).content.decode()
    assert time.monotonic() - started < 3
    job.refresh_from_db()
    assert (job.status, job.retry_step) == (JobStatus.FAILED, RetryStep.COMMIT)
    assert "Redis/Celery" in page and "Đang nhập ở chế độ nền" not in page
    assert f"/imports/jobs/{job.pk}/retry/" in page and Subject.objects.count() == 0

    started = time.monotonic()
    second = upload(office, "subjects", xlsx_bytes(ROWS))
    assert time.monotonic() - started < 3
    assert (second.status, second.retry_step) == (JobStatus.FAILED, RetryStep.CHECK)
    assert "Redis/Celery" in second.failure
