"""Issue #12, finding 9: a real Celery worker is killed (kill -9) while it generates a report at 40 %; the reaper
finds the report without heartbeat and queues it again; a second worker finishes it. Never stuck "Đang lập 40 %".

Run with PostgreSQL and Redis, e.g. ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_h3
CELERY_BROKER_URL=redis://127.0.0.1:6379/13 pytest reports/tests/test_worker_kill.py``.
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
from django.db import connection

from ocop_portal.celery import app
from ocop_portal.tasks import reap_stale_jobs
from reports import services
from reports.models import Report, ReportStatus


def _test_database_url():
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def workers(transactional_db, settings):
    """Start ``celery worker`` processes on one private queue (``start(**env)``); all stopped in ``finally``."""
    queue = f"reports-kill-{uuid.uuid4().hex[:12]}"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.OCOP_REPORTS_QUEUE = queue
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
        log = tempfile.NamedTemporaryFile(prefix="reports-kill-", suffix=".log", delete=False)  # noqa: SIM115
        name = f"{queue}-{len(started)}@%h"
        command = [
            sys.executable, "-m", "celery", "-A", "ocop_portal", "worker", "--pool=solo", "--without-gossip",
            "--without-mingle", "--without-heartbeat", "-l", "info", "-Q", queue, "-n", name,
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


def _wait(report, until, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = Report.objects.filter(pk=report.pk).values("status", "progress").get()
        if until(row):
            return row
        time.sleep(0.1)
    return Report.objects.filter(pk=report.pk).values("status", "progress").get()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_at_40_percent_is_detected_and_a_second_worker_finishes_the_report(dataset, workers, settings):
    first = workers(OCOP_TEST_JOB_PAUSE="report-40=120")  # test-only: this worker stops for 2 min at 40 %
    report, created = services.report_request(
        actor=dataset["office"], kind="annual", period="2022", area=dataset["tree"]["province"], request_key="kill"
    )
    assert created
    row = _wait(report, lambda r: r["status"] == ReportStatus.RUNNING and r["progress"] == 40)
    assert (row["status"], row["progress"]) == (ReportStatus.RUNNING, 40)

    first.send_signal(signal.SIGKILL)  # kill -9: no clean-up, the message is not acknowledged
    first.wait(timeout=10)
    settings.OCOP_JOB_STALE_SECONDS = 2
    time.sleep(3)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RUNNING  # what the page showed for 19 minutes

    assert reap_stale_jobs.apply().get()["reports"] == [(report.pk, "retried")]
    queued = Report.objects.get(pk=report.pk)
    assert queued.status == ReportStatus.QUEUED and "đang tự lập lại" in queued.error

    workers()  # a healthy worker takes the queued report
    row = _wait(report, lambda r: r["status"] in (ReportStatus.DONE, ReportStatus.FAILED))
    done = Report.objects.get(pk=report.pk)
    assert (done.status, done.progress, done.attempts, done.error) == (ReportStatus.DONE, 100, 2, "")
    folder = settings.MEDIA_ROOT / "reports" / str(report.pk)
    assert sorted(p.name for p in folder.iterdir()) == ["bao-cao.docx", "bao-cao.html", "bao-cao.pdf", "bao-cao.xlsx"]
    assert Report.objects.count() == 1
    # The reaper has nothing more to do.
    assert reap_stale_jobs.apply().get()["reports"] == []
