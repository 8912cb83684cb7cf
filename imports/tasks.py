"""Background import jobs (files of ``OCOP_IMPORT_ASYNC_ROWS`` rows or more). Thin: the work is in the services."""

import logging

from celery import shared_task
from django.utils.translation import gettext as _

from . import services
from .models import ImportJob

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True)
def run_import_job(self, job_id, commit):
    """Check or commit one import job; progress goes to the result backend (state "PROGRESS": done, total)."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return None

    def progress(done, total):
        if not self.request.is_eager:
            self.update_state(state="PROGRESS", meta={"done": done, "total": total})

    try:
        result = services.import_job_run(job=job, commit=commit, progress=progress)
    except Exception:
        logger.exception("Import job %s failed", job_id)
        services.mark_failed(job, _("Lỗi hệ thống khi xử lý tệp; không dòng nào được ghi. Hãy báo quản trị hệ thống."))
        raise
    return {"committed": result.get("committed"), "error_count": result.get("error_count")}
