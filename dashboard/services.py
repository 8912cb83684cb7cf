"""Writes of the dashboard: its summary table (``DashboardSnapshot``). No business record is changed here, so no
audit entry is written: a snapshot is a cache of figures computed by the report selectors.

* ``snapshot_refresh`` computes the figures of an area and a period and stores them (insert or replace);
* ``snapshot_confirm`` marks a snapshot current again when the data fingerprint has not changed;
* ``snapshots_refresh_recent`` (Celery beat, every 30 s) keeps current the snapshots viewed in the last
  ``DASHBOARD_KEEP_WARM_MINUTES`` (15) minutes: recomputed when the fingerprint or the cut-off date changed,
  confirmed otherwise.
"""

import logging
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import selectors
from .models import DashboardSnapshot

logger = logging.getLogger(__name__)


def snapshot_viewed(*, snapshot, now=None):
    """Remember that someone looked at it (the beat task keeps viewed snapshots warm); at most once a minute."""
    now = now or timezone.now()
    if snapshot.last_viewed_at is None or (now - snapshot.last_viewed_at).total_seconds() > 60:
        DashboardSnapshot.objects.filter(pk=snapshot.pk).update(last_viewed_at=now)
        snapshot.last_viewed_at = now


def snapshot_confirm(*, snapshot, now=None, viewed=False):
    now = now or timezone.now()
    changes = {"computed_at": now}
    if viewed:
        changes["last_viewed_at"] = now
    DashboardSnapshot.objects.filter(pk=snapshot.pk).update(**changes)
    for key, value in changes.items():
        setattr(snapshot, key, value)
    return snapshot


def snapshot_refresh(*, area, period, version=None, viewed=False):
    """Compute the dashboard data of ``area`` for ``period`` with the report selectors and store it."""
    started_at = timezone.now()
    version = version or selectors.data_version()  # taken BEFORE computing: a change made meanwhile shows next time
    t0 = time.perf_counter()
    data = selectors.compute(area, period)
    duration = int((time.perf_counter() - t0) * 1000)
    values = {
        "as_of": period.cutoff,
        "data": data,
        "data_version": version,
        "computed_at": started_at,
        "duration_ms": duration,
    }
    if viewed:
        values["last_viewed_at"] = started_at
    try:
        with transaction.atomic():
            snapshot, _created = DashboardSnapshot.objects.update_or_create(
                area=area, year=period.year, defaults=values
            )
    except IntegrityError:  # another process stored the same snapshot at the same time
        snapshot = DashboardSnapshot.objects.get(area=area, year=period.year)
    return snapshot


def snapshots_refresh_recent(*, now=None, today=None):
    """Keep the recently viewed snapshots current. Returns {"confirmed": n, "recomputed": n}."""
    now = now or timezone.now()
    minutes = getattr(settings, "DASHBOARD_KEEP_WARM_MINUTES", 15)
    recent = DashboardSnapshot.objects.filter(
        last_viewed_at__gte=now - timezone.timedelta(minutes=minutes)
    ).select_related("area")
    version = selectors.data_version()
    summary = {"confirmed": 0, "recomputed": 0}
    for snapshot in recent.order_by("-last_viewed_at"):
        period = selectors.dashboard_period(snapshot.year, today)
        if snapshot.as_of == period.cutoff and snapshot.data_version == version:
            snapshot_confirm(snapshot=snapshot, now=now)
            summary["confirmed"] += 1
            continue
        try:
            snapshot_refresh(area=snapshot.area, period=period, version=version)
        except Exception:  # noqa: BLE001 - one failing area must not stop the others
            logger.exception("dashboard snapshot %s could not be refreshed", snapshot.pk)
            continue
        summary["recomputed"] += 1
    return summary
