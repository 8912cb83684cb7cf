"""A real Celery worker process generates a report end to end against the PostgreSQL test database."""

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from ocop_portal.celery import app
from reports import services
from reports.models import Report, ReportStatus

from .helpers import pdf_text


def _test_database_url():
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(transactional_db, settings):
    """``celery worker`` on a private queue, with the test database and media root; stopped in ``finally``."""
    queue = f"reports-test-{uuid.uuid4().hex[:12]}"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.OCOP_REPORTS_QUEUE = queue
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
    log = tempfile.NamedTemporaryFile(prefix="reports-worker-", suffix=".log", delete=False)  # noqa: SIM115
    command = [
        sys.executable, "-m", "celery", "-A", "ocop_portal", "worker", "--pool=solo", "--without-gossip",
        "--without-mingle", "--without-heartbeat", "-l", "info", "-Q", queue, "-n", f"{queue}@%h",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield {"queue": queue, "process": process, "log": log.name}
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


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_generates_the_report_and_the_progress_moves(dataset, worker, tmp_path):
    report, created = services.report_request(
        actor=dataset["office"], kind="annual", period="2022", area=dataset["tree"]["province"], request_key="w1"
    )
    assert created
    seen = []
    deadline = time.monotonic() + 240
    status = ReportStatus.QUEUED
    while time.monotonic() < deadline:
        status, progress = Report.objects.filter(pk=report.pk).values_list("status", "progress").get()
        if not seen or seen[-1] != progress:
            seen.append(progress)
        if status in {ReportStatus.DONE, ReportStatus.FAILED}:
            break
        time.sleep(0.05)
    if status != ReportStatus.DONE:
        with open(worker["log"], encoding="utf-8", errors="replace") as fh:
            print(fh.read()[-6000:])
    assert status == ReportStatus.DONE
    assert worker["process"].poll() is None  # it ran in the separate worker process
    assert seen[-1] == 100 and any(0 < value < 100 for value in seen), seen  # the bar moved while it ran

    report.refresh_from_db()
    assert (report.attempts, Report.objects.count()) == (1, 1)
    folder = settings.MEDIA_ROOT / "reports" / str(report.pk)
    assert sorted(p.name for p in folder.iterdir()) == ["bao-cao.docx", "bao-cao.html", "bao-cao.pdf", "bao-cao.xlsx"]
    text = pdf_text(report.pdf_file.read(), tmp_path)
    assert "BÁO CÁO" in text and "66,67%" in text

    # Asking again with the same key gives the same report; the worker does not make another.
    again, created = services.report_request(
        actor=dataset["office"], kind="annual", period="2022", area=dataset["tree"]["province"], request_key="w1"
    )
    assert (again.pk, created) == (report.pk, False)
