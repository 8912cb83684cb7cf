"""Background import jobs (files of ``OCOP_IMPORT_ASYNC_ROWS`` rows or more). Thin: the work is in the services."""

import logging

from celery import shared_task

from ocop_portal.tasks import Heartbeat

from . import services
from .models import ImportJob

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, time_limit=1800, soft_time_limit=1740)
def run_import_job(self, job_id, commit):
    """Check or commit one import job; progress goes to the result backend (state "PROGRESS": done, total).

    A run whose task id is no longer the job's (a redelivered message after the reaper gave the job to another run)
    does nothing. While it runs, a heartbeat thread stamps the job so the reaper can tell a dead worker."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return None
    eager = bool(self.request.is_eager)

    def progress(done, total):
        if not eager:
            self.update_state(state="PROGRESS", meta={"done": done, "total": total})

    try:
        with Heartbeat(ImportJob.objects.filter(pk=job_id), thread=not eager):
            result = services.import_job_run(
                job=job, commit=commit, progress=progress, task_id=None if eager else self.request.id
            )
    except Exception:
        logger.exception("Import job %s failed", job_id)
        services.mark_system_failure(job, commit=commit)
        raise
    if result is None:
        return None
    return {"committed": result.get("committed"), "error_count": result.get("error_count")}
