"""Celery tasks: thin wrappers around ``decisions.services``. The schedule is in settings.CELERY_BEAT_SCHEDULE."""

import datetime

from celery import shared_task

from . import services


@shared_task
def check_expiring_recognitions(today=None):
    """Daily: notify the office of recognitions expiring within 90 days or expired, and producers 30 days before.

    ``today`` (ISO date) is for tests and catch-up runs; by default the portal's local date."""
    day = datetime.date.fromisoformat(today) if today else None
    return services.expiry_check_run(today=day)
