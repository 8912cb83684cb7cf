"""Reads for the dashboard. Every number comes from the report figures' selectors (``reports.figures``): the
dashboard of an area and a year IS ``reports.figures.compute(area, period)`` plus three extras computed with the
same selectors (products expiring within 90 days, the trend by year since 2019, the ids of the targets), so a
dashboard number always equals the corresponding report figure.

* **Period**: a past year is the annual report's period (``Period(2025)``, cut-off 31/12/2025). The current year is
  the year to date (``YearToDate``: same start, cut-off today), because "valid" and "expiring" mean valid today;
  it is the same computation with an earlier cut-off.
* **Area**: a unit the user may see (``accounts.scoping.visible_units``); anything else is a 404. A local officer
  starts at their own unit.
* **Summary table**: figures are read from ``DashboardSnapshot`` (see ``dashboard.models``); ``dashboard_data``
  serves a snapshot younger than ``DASHBOARD_FRESH_SECONDS`` (60 s) as is, an older one while the data fingerprint
  (``data_version(area)``: the area's own subjects, products, registrations and audit entries, the other tables as
  a whole) is unchanged, and otherwise recomputes it (``services.snapshot_refresh``). Celery beat
  refreshes the snapshots viewed recently every 30 s, so a change is on the dashboard within a minute; when a
  worker runs, a request serves a snapshot up to ``DASHBOARD_STALE_SECONDS`` old and leaves the recomputation to
  it (``refreshed_in_background``).
* **Map**: ``commune_map(scope)`` places every valid product on the commune in force on the cut-off date that holds
  its unit (its own commune, or the commune that absorbed it in 2025: the default successor where one was split),
  counted in one grouped query; the drill-down ``valid`` with ``commune=<id>`` lists exactly the products of a dot.
* **Drill-down**: ``drilldown(metric, scope, params)`` returns the queryset of exactly the rows a number counts,
  built from the same selectors (``valid_at_end``, ``recognised_in_period``, ``entry_registrations``...).
"""

import dataclasses
import datetime
import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import user_scope_paths, visible_units
from areas.cache import cached_scope_paths
from areas.formatting import unit_name, unit_option
from areas.models import AdministrativeUnit, UnitLevel, in_force_q
from areas.selectors import ids_in_path, paths_q, unit_id_of_path
from areas.services import structure_version
from decisions.models import DecisionStatus, Recognition, RecognitionKind, Revocation
from decisions.selectors import EXPIRY_WARNING_DAYS
from evaluations.models import Registration, RegistrationStatus, Round
from ocop_portal.formatting import format_date
from products.models import Product, ProductChannel, ProductClass
from programme.models import Activity, BudgetLine, FundingSource, Plan, Target
from reports import figures
from reports.periods import Period
from subjects.models import Gender, Subject

from .models import DashboardSnapshot

TREND_FROM = 2019
STARS = ("3", "4", "5")


def fresh_seconds():
    return getattr(settings, "DASHBOARD_FRESH_SECONDS", 60)


# --------------------------------------------------------------------------------------------------------------
# Period and area
# --------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class YearToDate(Period):
    """The current year up to ``as_of`` (included): the annual period with an earlier cut-off."""

    as_of: datetime.date | None = None

    @property
    def end(self):
        full = datetime.date(self.year, 12, 31)
        return min(full, self.as_of) if self.as_of else full

    @property
    def label(self):
        return f"năm {self.year} (đến ngày {format_date(self.end)})"


def dashboard_period(year, today=None):
    today = today or timezone.localdate()
    if int(year) < today.year:
        return Period(year=int(year))
    return YearToDate(year=int(year), as_of=today)


def year_choices(today=None):
    today = today or timezone.localdate()
    return list(range(today.year, TREND_FROM - 1, -1))


_DEFAULT_YEAR_KEY = "ocop:dashboard:default-year:{version}:{unit}:{day}"


def default_year(area, today=None):
    """The year the dashboard opens on: the current one, or, when nothing has happened in it yet in ``area`` (no
    recognition decision issued, no product registered into a round), the latest earlier year that has some, so a
    new year's first days (or a demo loaded later) do not open on empty cards. Two aggregate queries (12-40 ms of
    PostgreSQL for a province or the country), so the answer is kept in the shared cache for as long as the
    dashboard's figures themselves are (``fresh_seconds``: a change shows within a minute)."""
    today = today or timezone.localdate()
    key = _DEFAULT_YEAR_KEY.format(version=structure_version(), unit=area.pk, day=today.isoformat())
    year = cache.get(key)
    if year is None:
        year = _default_year(area, today)
        cache.set(key, year, fresh_seconds())
    return year


def _default_year(area, today):
    paths = cached_scope_paths(area)
    decided = Recognition.objects.filter(
        paths_q(paths, "product__unit"), decision__status=DecisionStatus.ISSUED, decision__date__lte=today
    ).aggregate(last=Max("decision__date"))["last"]
    registered = (
        Registration.objects.filter(paths_q(paths, "product__unit"), round__year__lte=today.year)
        .exclude(status=RegistrationStatus.DRAFT)
        .aggregate(last=Max("round__year"))["last"]
    )
    years = [year for year in (decided.year if decided else None, registered) if year]
    return max(years) if years else today.year


def area_for(user, area_id=None):
    """The unit to show: ``area_id`` if the user may see it, else None (the view answers 404); without an id, the
    user's own unit."""
    units = visible_units(user)
    if area_id in (None, ""):
        return units.filter(pk=user.unit_id).first()
    try:
        area_id = int(area_id)
    except (TypeError, ValueError):
        return None
    return units.filter(pk=area_id).first()


def area_choices(user, area, data):
    """Options of the area select: the user's own units, the current area's ancestors the user may see, the area,
    the units it replaced (old structure) and its sub-units in the period (from the figures: no query)."""
    scope_ids = {unit_id_of_path(path) for path in user_scope_paths(user)}
    ancestor_ids = ids_in_path(area.path)
    replaced_ids = [int(p["id"]) for p in data.get("replaced", [])]
    ids = scope_ids | set(ancestor_ids) | set(replaced_ids)
    allowed = visible_units(user).filter(pk__in=ids).order_by("path")
    units = {u.pk: u for u in allowed}
    groups = []
    own = [unit for unit in units.values() if unit.pk in scope_ids]
    above = [units[i] for i in ancestor_ids if i in units and i != area.pk and i not in scope_ids]
    if own:
        groups.append((_("Địa bàn của bạn"), [(u.pk, unit_option(u)) for u in own]))
    if above:
        groups.append((_("Cấp trên"), [(u.pk, unit_option(u)) for u in above]))
    if area.pk not in scope_ids:  # each unit once (the own unit was listed twice: "Đồng Tháp" under both)
        groups.append((_("Đang xem"), [(area.pk, unit_option(area))]))
    replaced = [units[i] for i in replaced_ids if i in units]
    if replaced:
        groups.append((_("Đơn vị cũ đã hợp nhất vào địa bàn này"), [(u.pk, unit_option(u)) for u in replaced]))
    children = data["figures"]["valid"]["units"]
    if children:
        groups.append((_("Trực thuộc"), [(c["id"], c["name"]) for c in children]))
    return groups


# --------------------------------------------------------------------------------------------------------------
# The figures (computed by the report selectors) and the dashboard's extras
# --------------------------------------------------------------------------------------------------------------


def expiring_recognitions(scope):
    """Valid on the cut-off date and ending within 90 days of it (soonest first)."""
    cutoff = scope.period.cutoff
    horizon = cutoff + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    return figures.valid_at_end(scope).filter(valid_until__lte=horizon)


# The trend's statements are built once, for a year without records, and sent for every trend year with that
# year's dates in place of these (``trend_points``).
TREND_TEMPLATE = Period(year=1900)
_DATE_TEXT = re.compile(r"^(\d{4})-\d\d-\d\d")


def _aggregate_sql(queryset, **aggregates):
    """The SQL and parameters ``queryset.aggregate(**aggregates)`` sends (one row, no GROUP BY), without running
    it."""
    query = (
        queryset.annotate(one=Value(1, output_field=IntegerField()))
        .values("one")
        .annotate(**aggregates)
        .values(*aggregates)
        .order_by()
    )
    return query.query.get_compiler(query.db).as_sql()


def _params_for_year(params, year):
    """The template's parameters with its first and last day replaced by those of ``year`` (dates, or their ISO
    text where the backend sends dates as text). A date left from the template year means the selectors derived
    another date from the period: the statement would be wrong for every other year, so it fails loudly."""
    period = Period(year=year)
    swap = {}
    for old, new in ((TREND_TEMPLATE.start, period.start), (TREND_TEMPLATE.end, period.end)):
        swap[old], swap[old.isoformat()] = new, new.isoformat()
    result = [swap.get(value, value) if isinstance(value, str | datetime.date) else value for value in params]
    for value in result:
        text = value.isoformat() if isinstance(value, datetime.date) else value
        match = _DATE_TEXT.match(text) if isinstance(text, str) else None
        if match and int(match.group(1)) < TREND_FROM - 100:
            raise RuntimeError(f"The trend's statement has a date derived from its template year: {value!r}")
    return result


def trend_points(area, years):
    """For each of ``years``: the valid products at the end of the year by stars and the products recognised in
    the year (the figures ``valid.stars`` and ``recognised.products`` of the annual report of that year), in ONE
    statement. Each year's counts are exactly the report's two aggregates (``figures.valid_at_end``,
    ``figures.recognised_in_period``), built once by the ORM for a template year and repeated with each year's dates
    (``UNION ALL``): building and reading them anew for every year (14 statements for 2026) took a third of the
    Python time of a province's recomputation (~65 of ~230 ms; now ~10 ms)."""
    years = list(years)
    if not years:
        return []
    scope = figures.scope_for(area, TREND_TEMPLATE, with_children=False)
    star_counts = figures._star_counts("product")
    valid_sql, valid_params = _aggregate_sql(figures.valid_at_end(scope), **star_counts)
    recognised_sql, recognised_params = _aggregate_sql(
        figures.recognised_in_period(scope), n=Count("product", distinct=True)
    )
    quote = connection.ops.quote_name
    columns = ", ".join([*(f"v.{quote(key)}" for key in star_counts), f"r.{quote('n')}"])
    parts, params = [], []
    for year in years:
        # The statements are the ORM's; the year is an integer.
        parts.append(f"SELECT {int(year)}, {columns} FROM ({valid_sql}) v CROSS JOIN ({recognised_sql}) r")  # noqa: S608
        params += [*_params_for_year(valid_params, year), *_params_for_year(recognised_params, year)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = {row[0]: row[1:] for row in cursor.fetchall()}
    points = []
    for year in years:
        *stars, recognised = rows[year]
        valid = figures._stars(dict(zip(star_counts, stars, strict=True)))
        points.append({"year": year, "valid": valid, "recognised": recognised})
    return points


def compute(area, period):
    """The dashboard's data for an area and a period (JSON-ready): the report figures and the extras."""
    period = Period.parse(period)
    scope = figures.scope_for(area, period)
    data = figures.compute(area, period, scope=scope)
    trend = trend_points(area, range(TREND_FROM, period.year))
    trend.append({"year": period.year, "valid": data["valid"]["stars"], "recognised": data["recognised"]["products"]})
    target_ids = list(
        Target.objects.filter(plan__year=period.year, plan__unit_id__in=scope.root_ids)
        .order_by("plan__unit__path", "plan__pk", "order", "pk")
        .values_list("pk", flat=True)
    )
    replaced = [
        {"id": unit.pk, "name": unit.name}
        for unit in AdministrativeUnit.objects.filter(pk__in=[i for i in scope.root_ids if i != area.pk]).order_by(
            "path"
        )
    ]
    return {
        "figures": data,
        "map": commune_map(scope),
        "expiring": expiring_recognitions(scope).count(),
        "expiring_days": EXPIRY_WARNING_DAYS,
        "trend": trend,
        "target_ids": target_ids,
        "replaced": replaced,
    }


# --------------------------------------------------------------------------------------------------------------
# The map of communes
# --------------------------------------------------------------------------------------------------------------


def map_day(scope):
    """The day whose structure the map shows: the cut-off date, or the area's last day if it ended before (old
    Đồng Tháp viewed in 2026 shows its old communes)."""
    cutoff = scope.period.cutoff
    area = scope.area
    if area.valid_to is not None and area.valid_to < cutoff:
        return area.valid_to
    return cutoff


def map_communes(scope):
    """The communes in force on ``map_day(scope)`` in the area (or in a unit it replaced), in tree order."""
    return AdministrativeUnit.objects.filter(scope.q(""), in_force_q(map_day(scope)), level=UnitLevel.COMMUNE).order_by(
        "path"
    )


def commune_owners(communes):
    """{unit id: id of the commune of ``communes`` that records entered under the unit belong to}: each commune
    itself and the units it absorbed (successor links, followed one generation per query); a unit absorbed by
    several communes (a commune split in 2025) belongs to its default successor."""
    owner = {commune.pk: commune.pk for commune in communes}
    frontier = set(owner)
    while frontier:
        rows = AdministrativeUnit.successors.through.objects.filter(to_administrativeunit_id__in=frontier).values_list(
            "to_administrativeunit_id", "from_administrativeunit_id", "from_administrativeunit__default_successor_id"
        )
        frontier = set()
        # The links to a unit's default successor first, so that it wins over the other successors.
        for to_id, from_id, _default in sorted(rows, key=lambda r: (r[2] != r[0], r[0])):
            if from_id not in owner:
                owner[from_id] = owner[to_id]
                frontier.add(from_id)
    return owner


def commune_map(scope):
    """The map's data (JSON-ready, stored with the dashboard's figures): every commune of the area with its
    coordinates, and per commune the valid products (count and highest stars) from one grouped query."""
    communes = list(map_communes(scope))
    owner = commune_owners(communes)
    # One grouped query by the unit a product was entered under (a product has one unit, so the counts of the units
    # of a commune add up), folded onto the communes: no CASE over thousands of units, no query per commune.
    rows = (
        figures.valid_at_end(scope)
        .values("product__unit_id")
        .annotate(n=Count("product", distinct=True), top=Max("stars"))
        .order_by()
    )
    counts = {}
    for row in rows:
        commune = owner.get(row["product__unit_id"])
        if commune is not None:
            n, top = counts.get(commune, (0, None))
            counts[commune] = (n + row["n"], max(filter(None, (top, row["top"])), default=None))
    return {
        "day": map_day(scope).isoformat(),
        "communes": [
            [
                c.pk,
                c.name,
                c.unit_type,
                c.latitude,
                c.longitude,
                c.valid_from and c.valid_from.isoformat(),
                c.valid_to and c.valid_to.isoformat(),
            ]
            for c in communes
        ],  # fmt: skip
        "points": [[pk, n, top] for pk, (n, top) in sorted(counts.items())],
    }


def stored_map_communes(stored):
    """The communes of a stored map (``commune_map(...)["communes"]``) as unsaved units by id, for drawing it
    (the dashboard and the report's figure) without a query."""
    units = {}
    for pk, name, unit_type, lat, lon, valid_from, valid_to in (stored or {}).get("communes") or []:
        units[pk] = AdministrativeUnit(
            pk=pk,
            name=name,
            unit_type=unit_type,
            level=UnitLevel.COMMUNE,
            latitude=lat,
            longitude=lon,
            valid_from=datetime.date.fromisoformat(valid_from) if valid_from else None,
            valid_to=datetime.date.fromisoformat(valid_to) if valid_to else None,
        )
    return units


# --------------------------------------------------------------------------------------------------------------
# The summary table: freshness and the data fingerprint
# --------------------------------------------------------------------------------------------------------------

# Tables the figures read: (model, extra columns whose max/sum changes when a row is edited in place).
WATCHED = [
    (AdministrativeUnit, []),
    (AdministrativeUnit.successors.through, []),
    (Subject, ["MAX(updated_at)"]),
    (Product, ["MAX(updated_at)"]),
    (ProductChannel, ["SUM(channel_id)"]),
    (ProductClass, []),
    (Round, ["MAX(scoring_closed_at)"]),
    (Registration, ["MAX(updated_at)"]),
    (Recognition, ["SUM(stars)"]),
    (Revocation, []),
    (Plan, ["MAX(updated_at)"]),
    (Target, ["SUM(target_value)", "SUM(entered_value)", "MAX(entered_at)"]),
    (BudgetLine, ["MAX(updated_at)"]),
    (FundingSource, []),
    (Activity, ["MAX(updated_at)"]),
]


# The tables edited all day long by the local officers: an area's fingerprint reads them within the area only, so an
# edit in one commune does not make every other area's dashboard recompute (issue #20).
SCOPED = [(Subject, "unit"), (Product, "unit"), (Registration, "product__unit")]


def data_version(area=None):
    """A fingerprint of the data behind the figures: the last audit entry (every change made through a service is
    audited) and, per table, the row count, the highest id and what edits in place change. Bulk writes outside the
    services (imports of the generator, fixtures) change counts and ids.

    With ``area``, the fingerprint of that area's figures: the subjects, products and registrations (``SCOPED``)
    and the audit entries are read within the area (its scope paths, the units it replaced included; audit entries
    without a unit, national reference data, count for every area), the other tables (units, classes, rounds,
    decisions, plans, budget...) as a whole."""
    from audit.models import AuditEntry
    from decisions.models import Decision

    if area is not None and area.parent_id is None:
        area = None  # the country: its area is every row, the whole-table fingerprint is the cheaper read
    quote = connection.ops.quote_name
    decisions = quote(Decision._meta.db_table)
    issued = DecisionStatus.ISSUED.value
    scoped = {model for model, _lookup in SCOPED} if area is not None else set()
    queries = [] if area is not None else [(quote(AuditEntry._meta.db_table), "MAX(id)", "")]
    queries += [
        (decisions, "COUNT(*)", f" WHERE status = '{issued}'"),
        (decisions, "MAX(issued_at)", ""),
    ]
    for model, extra in WATCHED:
        if model not in scoped:
            queries += [(quote(model._meta.db_table), column, "") for column in ["COUNT(*)", "MAX(id)", *extra]]
    # Table and column names come from the models above, never from a request.
    parts = [f"(SELECT {column} FROM {table}{where})" for table, column, where in queries]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = list(cursor.fetchone())
    if area is not None:
        paths = cached_scope_paths(area)
        units = AdministrativeUnit.objects.filter(paths_q(paths, "")).values("pk")
        row.append(
            AuditEntry.objects.filter(Q(unit_id__in=units) | Q(unit__isnull=True)).aggregate(last=Max("id"))["last"]
        )
        for model, lookup in SCOPED:
            found = model.objects.filter(paths_q(paths, lookup)).aggregate(
                n=Count("pk"), top=Max("pk"), last=Max("updated_at")
            )
            row.append((found["n"], found["top"], found["last"]))
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32]


def snapshot_for(area, year):
    return DashboardSnapshot.objects.filter(area=area, year=year).first()


def is_fresh(snapshot, period, now=None):
    now = now or timezone.now()
    return (
        snapshot is not None
        and snapshot.as_of == period.cutoff
        and (now - snapshot.computed_at).total_seconds() <= fresh_seconds()
    )


def stale_seconds():
    return getattr(settings, "DASHBOARD_STALE_SECONDS", 300)


def refreshed_in_background(snapshot, period, now=None):
    """Is this snapshot kept current by the Celery worker, so that the request may serve it as it is? When a worker
    runs (a broker is set: tasks are not run in-process), beat recomputes the snapshots viewed recently every 30 s
    (``tasks.refresh_dashboard_snapshots``); a request finding one older than ``fresh_seconds`` but younger than
    ``DASHBOARD_STALE_SECONDS`` (300) serves it and marks it viewed, and the next beat run (within 30 s)
    recomputes it if its data changed. A request never waits for a recomputation then, nor for the fingerprint
    (``data_version``, ~80 ms of PostgreSQL at national scale); an older snapshot (nobody looked at it for five
    minutes, or no worker keeps up) or one of another day is recomputed in the request as before."""
    if snapshot is None or snapshot.as_of != period.cutoff or getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
        return False
    now = now or timezone.now()
    return (now - snapshot.computed_at).total_seconds() <= stale_seconds()


def dashboard_data(area, year, *, today=None):
    """The dashboard's data for an area and a year, from the summary table when it is current (see module doc).
    Returns ``(data, snapshot)``."""
    from . import services

    period = dashboard_period(year, today)
    snapshot = snapshot_for(area, period.year)
    now = timezone.now()
    if is_fresh(snapshot, period, now) or refreshed_in_background(snapshot, period, now):
        services.snapshot_viewed(snapshot=snapshot, now=now)
        return snapshot.data, snapshot
    version = data_version(area)
    if snapshot is not None and snapshot.as_of == period.cutoff and snapshot.data_version == version:
        services.snapshot_confirm(snapshot=snapshot, now=now, viewed=True)
        return snapshot.data, snapshot
    snapshot = services.snapshot_refresh(area=area, period=period, version=version, viewed=True)
    return snapshot.data, snapshot


# --------------------------------------------------------------------------------------------------------------
# Drill-down: exactly the rows behind a number
# --------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Metric:
    label: str
    kind: str  # "recognition", "subject", "product", "budget"
    figure: str  # where the number is in the dashboard data (dotted path), for the page header


def _stars_filter(queryset, params, field="stars"):
    stars = params.get("stars")
    if stars in STARS:
        return queryset.filter(**{field: int(stars)})
    return queryset


def _valid(scope, params):
    """Valid products; ``sub`` (a sub-unit id) keeps those the figure ``valid.units`` counts under that sub-unit."""
    queryset = figures.valid_at_end(scope)
    sub = params.get("sub")
    if sub:
        try:
            sub = int(sub)
        except (TypeError, ValueError):
            return queryset.none()
        queryset = queryset.annotate(child=scope.child_case("product__unit")).filter(child=sub)
    commune = params.get("commune")
    if commune:  # a dot of the map: the products it counts (see ``commune_map``)
        try:
            commune = int(commune)
        except (TypeError, ValueError):
            return queryset.none()
        owner = commune_owners(list(map_communes(scope)))
        queryset = queryset.filter(product__unit_id__in=[unit for unit, pk in owner.items() if pk == commune])
    return _stars_filter(queryset, params)


def sub_unit_name(scope, sub, commune=None):
    for unit, _paths in scope.children:
        if str(unit.pk) == str(sub or ""):
            return unit.name
    if commune:
        unit = map_communes(scope).filter(pk=commune).first() if str(commune).isdigit() else None
        return unit_name(unit) if unit else ""
    return ""


def _recognised(scope, params):
    queryset = figures.recognised_in_period(scope)
    kind = params.get("kind")
    if kind in RecognitionKind.values:
        queryset = queryset.filter(kind=kind)
    return _stars_filter(queryset, params)


def _new(scope, params):
    return _stars_filter(figures.recognised_in_period(scope).filter(kind=RecognitionKind.NEW), params)


def _group(scope, params):
    queryset = figures.recognised_in_period(scope).annotate(group=figures._group_expression())
    key = params.get("group", "")
    if key == "unclassified":
        return queryset.filter(group__isnull=True)
    regime, _sep, code = key.partition(":")
    categories = ProductClass.objects.filter(regime=regime, code=code, level="category").values("pk")
    return queryset.filter(group__in=categories)


def _valid_subjects(scope, params):
    holders = figures.valid_at_end(scope).values("product__subject_id")
    return Subject.objects.filter(pk__in=holders).select_related("unit")


def _female_subjects(scope, params):
    return _valid_subjects(scope, params).filter(representative_gender=Gender.FEMALE)


def _female_products(scope, params):
    female = figures.valid_at_end(scope).filter(product__subject__representative_gender=Gender.FEMALE)
    return _stars_filter(female, params)


def _expiring(scope, params):
    return _stars_filter(expiring_recognitions(scope), params)


def _revocations_in_period(scope):
    period = scope.period
    return Revocation.objects.filter(
        scope.q("recognition__product__unit"),
        decision__status=DecisionStatus.ISSUED,
        decision__date__gte=period.start,
        decision__date__lte=period.end,
    )


def _revoked(scope, params):
    """Products revoked in the period (each once), with the first revocation of the period."""
    revocations = _revocations_in_period(scope)
    stars = params.get("stars")
    if stars in STARS:
        revocations = revocations.filter(recognition__stars=int(stars))
    first = revocations.filter(recognition__product=OuterRef("pk")).order_by("decision__date", "pk")
    return (
        Product.objects.filter(pk__in=revocations.values("recognition__product_id"))
        .select_related("subject", "unit")
        .annotate(
            revoked_on=Subquery(first.values("decision__date")[:1]),
            revocation_number=Subquery(first.values("decision__number_display")[:1]),
            revocation_ground=Subquery(first.values("ground")[:1]),
        )
    )


def _entries(scope, params):
    registrations = figures.entry_registrations(scope)
    kind = params.get("kind")
    if kind:
        registrations = registrations.filter(kind=kind)
    return Product.objects.filter(pk__in=registrations.values("product_id")).select_related("subject", "unit")


def _budget(scope, params):
    lines = BudgetLine.objects.filter(scope.q("unit"), plan__year=scope.period.year).annotate(
        source_key=Coalesce(F("source__parent__code"), F("source__code"))
    )
    key = params.get("source")
    if key:
        lines = lines.filter(source_key=key)
    return lines.select_related("plan__unit", "source", "unit")


METRICS = {
    "valid": (Metric(_("Sản phẩm OCOP còn hiệu lực"), "recognition", "figures.valid.products"), _valid),
    "recognised": (
        Metric(_("Sản phẩm được công nhận trong năm"), "recognition", "figures.recognised.products"),
        _recognised,
    ),
    "new": (
        Metric(_("Sản phẩm công nhận lần đầu trong năm"), "recognition", "figures.recognised.kinds.new.products"),
        _new,
    ),
    "group": (Metric(_("Sản phẩm được công nhận trong năm theo nhóm"), "recognition", ""), _group),
    "valid_subjects": (
        Metric(_("Chủ thể có sản phẩm OCOP còn hiệu lực"), "subject", "figures.valid.subjects"),
        _valid_subjects,
    ),
    "female_subjects": (
        Metric(_("Chủ thể OCOP do nữ làm đại diện"), "subject", "figures.valid.female_led.subjects"),
        _female_subjects,
    ),
    "female_products": (
        Metric(_("Sản phẩm còn hiệu lực của chủ thể nữ"), "recognition", "figures.valid.female_led.products"),
        _female_products,
    ),
    "expiring": (Metric(_("Sản phẩm sắp hết hiệu lực (trong 90 ngày)"), "recognition", "expiring"), _expiring),
    "revoked": (
        Metric(_("Sản phẩm bị thu hồi trong năm"), "product_revoked", "figures.revocations.products"),
        _revoked,
    ),
    "entries": (Metric(_("Sản phẩm đăng ký đánh giá trong năm"), "product", "figures.entries.products"), _entries),
    "budget": (Metric(_("Dòng kinh phí của năm"), "budget", ""), _budget),
}

ORDERING = {
    "recognition": ("product__name", "pk"),
    "subject": ("name", "pk"),
    "product": ("name", "pk"),
    "product_revoked": ("name", "pk"),
    "budget": ("plan__unit__path", "source__order", "unit__path", "pk"),
}
RELATED = {
    "recognition": ("product__subject", "product__unit", "decision"),
}


def drilldown(metric, scope, params):
    """``(Metric, queryset)`` of the rows behind ``metric`` for ``scope`` (KeyError for an unknown metric)."""
    info, build = METRICS[metric]
    queryset = build(scope, params)
    related = RELATED.get(info.kind)
    if related:
        queryset = queryset.select_related(*related)
    return info, queryset.order_by(*ORDERING[info.kind])
