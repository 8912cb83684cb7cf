"""Celery tasks: thin wrappers around ``reports.services``. The schedule is in settings.CELERY_BEAT_SCHEDULE."""

import logging

from celery import shared_task
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection

from ocop_portal.tasks import Heartbeat

from . import services
from .models import Report

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    dont_autoretry_for=(ObjectDoesNotExist,),
    max_retries=3,
    retry_backoff=True,
    acks_late=True,
    time_limit=1800,
    soft_time_limit=1740,
)
def generate_report(self, report_id):
    """Generate one report. Re-running it on a finished report does nothing; a failed attempt is retried (with
    exponential back-off) and overwrites its own partial files. While it runs a heartbeat thread stamps the report,
    so ``ocop_portal.tasks.reap_stale_jobs`` can tell a dead worker from a slow one."""
    try:
        with Heartbeat(Report.objects.filter(pk=report_id), thread=not self.request.is_eager):
            report = services.report_generate(report_id=report_id, from_queue=True)
    except ObjectDoesNotExist:
        return None
    except Exception as exc:
        will_retry = self.request.retries < self.max_retries
        try:
            services.report_mark_failed(report_id=report_id, error=exc, will_retry=will_retry)
        except Exception:  # the database connection died with the attempt: record it on a new one
            connection.close()
            try:
                services.report_mark_failed(report_id=report_id, error=exc, will_retry=will_retry)
            except Exception:  # still away: the heartbeat goes stale and the reaper takes over
                logger.exception("report %s: cannot record the failed attempt", report_id)
        raise
    return {"report": report.pk, "status": report.status, "data_hash": report.data_hash}


@shared_task
def draft_scheduled_reports(kind, today=None):
    """1/6: the 6-month reports; 1/12: the annual reports (``kind`` "six_month" or "annual")."""
    import datetime

    day = datetime.date.fromisoformat(today) if today else None
    return services.scheduled_reports_draft(kind=kind, today=day)
