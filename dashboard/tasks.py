"""Celery tasks: thin wrappers around ``dashboard.services``. The schedule is in settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task
from django.db import connection

from . import services

LOCK_KEY = 74_2607  # PostgreSQL advisory lock: one refresh at a time across workers


@shared_task(ignore_result=True)
def refresh_dashboard_snapshots():
    """Recompute the recently viewed dashboard snapshots whose data changed (every 30 s; skipped while the previous
    run is still going)."""
    if connection.vendor != "postgresql":
        return services.snapshots_refresh_recent()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        if not cursor.fetchone()[0]:
            return None
    try:
        return services.snapshots_refresh_recent()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
