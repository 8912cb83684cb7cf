"""Portal-wide Celery tasks and what every background job (imports, reports) shares:

* ``broker_reachable()`` — can a task be queued right now? Checked with a short timeout (about 1 s,
  ``OCOP_BROKER_CHECK_SECONDS``) before queuing, so a Redis outage is reported at once instead of holding the web
  worker while kombu retries.
* ``Heartbeat`` — while a job runs in a worker, a thread with its own database connection stamps the job's
  ``heartbeat_at`` every ``OCOP_JOB_HEARTBEAT_SECONDS`` (15 s), also while the job is inside a long transaction.
* ``reap_stale_jobs`` (beat, every minute) — a running job whose heartbeat is older than ``OCOP_JOB_STALE_SECONDS``
  (120 s) lost its worker (killed, out of memory, machine restarted): it is queued again once, then shown as failed
  with a retry button.
* ``pause_point(name)`` — test hook only: ``OCOP_TEST_JOB_PAUSE="report-40=30"`` makes a job sleep 30 s at that point
  so a test can kill the worker mid-job. Never set in production.
"""

import logging
import os
import threading
import time

from celery import shared_task
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task
def clear_expired_sessions():
    call_command("clearsessions")


def stale_seconds():
    return int(getattr(settings, "OCOP_JOB_STALE_SECONDS", 120))


def heartbeat_seconds():
    return float(getattr(settings, "OCOP_JOB_HEARTBEAT_SECONDS", 15))


def broker_reachable(timeout=None):
    """True when the broker answers within ``timeout`` seconds (with eager Celery there is nothing to reach)."""
    from ocop_portal.celery import app

    if app.conf.task_always_eager:
        return True
    timeout = float(timeout or getattr(settings, "OCOP_BROKER_CHECK_SECONDS", 1))
    try:
        with app.connection_for_write() as conn:
            conn.transport_options = {
                **conn.transport_options,
                "socket_connect_timeout": timeout,
                "socket_timeout": timeout,
                "max_retries": 0,
            }
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
            _channel = conn.default_channel  # the redis channel pings the server when it is made
    except Exception as exc:  # kombu and redis-py raise transport-specific errors
        logger.warning("Celery broker unreachable: %s", exc)
        return False
    return True


def publish(task, **options):
    """Queue ``task`` without kombu's publish retries (the broker was just checked): raises if it cannot. The web
    process does not subscribe to the task's result (the Redis result backend would retry for 20 s when Redis is
    away); the jobs report their progress on their own rows and through ``update_state``."""
    return task.apply_async(retry=False, ignore_result=True, **options)


class Heartbeat:
    """Stamp ``heartbeat_at`` on the rows of ``queryset`` now and then every few seconds until the block ends."""

    def __init__(self, queryset, *, thread=True):
        self.queryset = queryset
        self.thread = thread
        self._stop = threading.Event()
        self._worker = None

    def beat(self):
        self.queryset.update(heartbeat_at=timezone.now())

    def _run(self):
        try:
            while not self._stop.wait(heartbeat_seconds()):
                try:
                    self.beat()
                except Exception:  # the database may be away for a moment; the next beat tries again
                    logger.warning("heartbeat failed", exc_info=True)
                    connection.close()
        finally:
            connection.close()  # this thread's own connection

    def __enter__(self):
        if self.thread:
            self._worker = threading.Thread(target=self._run, name="job-heartbeat", daemon=True)
            self._worker.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._worker is not None:
            self._worker.join(timeout=heartbeat_seconds() + 5)
        return False


def pause_point(name):
    """Test hook: sleep at ``name`` when ``OCOP_TEST_JOB_PAUSE`` says so (``"name=seconds,other=seconds"``)."""
    spec = os.environ.get("OCOP_TEST_JOB_PAUSE", "")
    for item in filter(None, spec.split(",")):
        point, _sep, seconds = item.partition("=")
        if point.strip() == name:
            time.sleep(float(seconds or 0))


@shared_task
def reap_stale_jobs():
    """Find import and report jobs whose worker died; retry each once, else mark it failed (with a retry button)."""
    from imports.services import reap_stale_import_jobs
    from reports.services import reap_stale_reports

    return {"imports": reap_stale_import_jobs(), "reports": reap_stale_reports()}
