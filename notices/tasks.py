"""Celery tasks of the notices app. The schedule is ``CELERY_BEAT_SCHEDULE`` in settings."""

import datetime

from celery import shared_task

from . import services_expiry


@shared_task
def send_expiry_notices(today=None):
    """Daily: tell the producer accounts of a subject that its product's recognition expires in 90 and in 30 days
    (in the portal and by e-mail), each notice once (keyed); ``today`` (ISO date) is for tests and catch-up runs."""
    day = datetime.date.fromisoformat(today) if today else None
    return services_expiry.send_expiry_notices(today=day)
