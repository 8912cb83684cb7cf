"""Reads of import jobs: always from ``ImportJob.objects.restrict(user, action)``."""

from celery.result import AsyncResult

from .importers import IMPORTERS
from .models import ImportJob, JobStatus


def jobs_for(user, action="view"):
    return ImportJob.objects.restrict(user, action).select_related("requested_by", "unit")


def importers_for(user):
    """The kinds of file ``user`` may import, in the order of the import page."""
    return [importer for importer in IMPORTERS.values() if importer.allowed(user)]


def job_progress(job):
    """(percent, done, total) of a running job. A background job reports rows applied through Celery's result
    backend (inside the import's transaction the job row cannot show it); otherwise the job row's own figure."""
    if job.status in (JobStatus.CHECKING, JobStatus.IMPORTING) and job.task_id:
        try:
            result = AsyncResult(job.task_id)
            info = result.info if result.state == "PROGRESS" else None
        except Exception:  # no result backend, or it is unreachable: fall back to the row
            info = None
        if isinstance(info, dict) and info.get("total"):
            done, total = int(info.get("done", 0)), int(info["total"])
            return min(99, int(done * 100 / total)), done, total
    return job.progress, None, None
