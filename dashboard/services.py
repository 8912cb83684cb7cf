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
from django.db.models import Q
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
    version = version or selectors.data_version(area)  # taken BEFORE computing: a change made meanwhile shows next time
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


def _landing_unit_ids(now):
    """The units whose dashboard leaders open first (their own unit, the current year): those of the active
    leadership and coordination-office users who signed in within ``DASHBOARD_WARM_LOGIN_DAYS`` (30) days."""
    from accounts.models import Role, User

    days = getattr(settings, "DASHBOARD_WARM_LOGIN_DAYS", 30)
    return set(
        User.objects.filter(
            is_active=True,
            role__in=[Role.LEADERSHIP, Role.COORDINATION_OFFICE],
            unit__isnull=False,
            last_login__gte=now - timezone.timedelta(days=days),
        ).values_list("unit_id", flat=True)
    )


def snapshots_refresh_recent(*, now=None, today=None):
    """Keep current the snapshots viewed recently and the leaders' landing dashboards (computed when missing, so
    that the first visit of the day is served from the summary table too). Returns {"confirmed": n,
    "recomputed": n}."""
    from areas.models import AdministrativeUnit

    now = now or timezone.now()
    minutes = getattr(settings, "DASHBOARD_KEEP_WARM_MINUTES", 15)
    current = selectors.dashboard_period((today or timezone.localdate()).year, today)
    landing = _landing_unit_ids(now)
    recent = DashboardSnapshot.objects.filter(
        Q(last_viewed_at__gte=now - timezone.timedelta(minutes=minutes)) | Q(area_id__in=landing, year=current.year)
    ).select_related("area")
    versions = {}  # the fingerprint of each area's figures, read once per run

    def version_of(area):
        if area.pk not in versions:
            versions[area.pk] = selectors.data_version(area)
        return versions[area.pk]

    summary = {"confirmed": 0, "recomputed": 0}
    have = set(recent.filter(year=current.year).values_list("area_id", flat=True))
    for area in AdministrativeUnit.objects.filter(pk__in=landing - have).order_by("path"):
        try:
            snapshot_refresh(area=area, period=current, version=version_of(area))
        except Exception:  # noqa: BLE001 - one failing area must not stop the others
            logger.exception("dashboard snapshot of unit %s could not be computed", area.pk)
            continue
        summary["recomputed"] += 1
    recent = recent.exclude(area_id__in=landing - have, year=current.year)
    for snapshot in recent.order_by("-last_viewed_at"):
        period = selectors.dashboard_period(snapshot.year, today)
        if snapshot.as_of == period.cutoff and snapshot.data_version == version_of(snapshot.area):
            snapshot_confirm(snapshot=snapshot, now=now)
            summary["confirmed"] += 1
            continue
        try:
            snapshot_refresh(area=snapshot.area, period=period, version=version_of(snapshot.area))
        except Exception:  # noqa: BLE001 - one failing area must not stop the others
            logger.exception("dashboard snapshot %s could not be refreshed", snapshot.pk)
            continue
        summary["recomputed"] += 1
    return summary
