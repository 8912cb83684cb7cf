"""Figures of the 6-month and annual reports: ONE set of selectors read by the report documents, the
``report_figures`` command, the figures page and the API (``/api/reports/figures/``).

Every figure is a database aggregate (``Count``/``Sum`` with ``filter=``, ``Exists`` subqueries) over the records of
an **area** — an administrative unit, its subtree and the subtrees of the units it replaced
(``areas.selectors.scope_paths``) — for a **period** (``reports.periods.Period``: "2022" or "2022-H1").

Definitions (period P = [start, end], cut-off = end):

* **entries** — products registered (any status but draft) into the evaluation rounds of P's year that opened by
  P's end, counted once per product, by registration kind (new / re-evaluation / upgrade); ``subjects`` are the
  participating subjects (chủ thể tham gia), ``units`` the sub-units (districts) the entries came from.
* **recognised** — products whose latest recognition on the cut-off date (``decisions.selectors`` status rule:
  issued decisions only, a correction replaces what it corrects) took effect in P (``valid_from`` in P), by stars
  and by kind; their subjects; shares by product group: a recognition that took effect before Decision 148
  (24/02/2023) counts under the 1048-era class the product was recorded with, any other under its Decision 148
  category; shares of those subjects by legal form (LLCs with one and several members together).
* **valid** — products whose latest recognition is in force on the cut-off date: recognised, not expired and not
  revoked (``decisions.selectors.in_force_on``); their subjects; by stars; by sub-unit; female-led subjects (legal
  representative is a woman) and their products; products with at least one e-commerce / modern-retail channel
  (sales channels have no history: counted as recorded now).
* **revocations** — recognitions revoked by issued revocation decisions dated in P, by ground and by stars.
* **targets**, **budget**, **activities** — from ``programme``: the progress on the cut-off date of the targets of the
  area's own plan of P's year (``programme.selectors.plan_progress``), budget lines of plans of P's year carried out
  in the area by funding source (top-level source), activities started in P by kind.

Percentages are ``Decimal`` rounded half up to two decimals (47/119 -> 39,50); ``None`` when nothing to divide by.
In the JSON, percentages are strings with two decimals ("39.50"); amounts (million VND) and target values are
strings without trailing zeros ("7678.61", "395.9", "100").

``compute(area, period)`` returns a JSON-ready dict (decimals as strings "81.41", dates ISO). Its keys are stable
(schema ``ocop-report-figures/1``); every key is listed in ``reports/README-figures.md``::

    schema                       "ocop-report-figures/1"
    period      code kind label start end cutoff
    area        id code name display_name level unit_type valid_from valid_to
    entries     products new re_evaluation upgrade subjects units
    recognised  products subjects stars{3,4,5}
                kinds{new,re_evaluation,upgrade}{products subjects stars{3,4,5}}
                groups[{key regime code name products percent}]
                legal_forms{subjects rows[{key label subjects percent}]}
    participation  subjects recognised_subjects percent
    valid       products subjects stars{3,4,5}
                units[{id code name products stars{3,4,5}}]
                female_led{subjects subjects_percent products stars{3,4,5}}
                channels{ecommerce,modern_retail}{products percent}
    revocations decisions products stars{3,4,5} grounds[{key label products}]
    targets     [{plan number title indicator unit target actual percent met entered}]
    budget      total{planned allocated disbursed} sources[{key name planned allocated disbursed}]
    activities  total{activities sessions participants women cost_mvnd}
                kinds[{key label activities sessions participants women cost_mvnd}]
"""

import copy
import dataclasses
import datetime
import functools
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from areas.cache import cached_scope_paths
from areas.formatting import unit_name
from areas.models import AdministrativeUnit
from areas.selectors import ids_in_path, paths_q, unit_id_of_path
from decisions.models import DecisionStatus, Recognition, RecognitionKind, Revocation, RevocationGround
from decisions.selectors import in_force_on, recognised_between
from evaluations.models import Registration, RegistrationKind, RegistrationStatus
from products.models import ChannelKind, ProductChannel, ProductClass, Regime
from programme.models import Activity, BudgetLine, Plan
from programme.selectors import activity_summary, exact, plan_progress
from subjects.models import Gender, LegalForm

from .periods import Period

SCHEMA = "ocop-report-figures/1"
QD148_EFFECTIVE = datetime.date(2023, 2, 24)  # Decision 148/QĐ-TTg, effective on signing
STARS = (3, 4, 5)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
KINDS = (RecognitionKind.NEW, RecognitionKind.RE_EVALUATION, RecognitionKind.UPGRADE)

# (key, legal forms, label as in the province's reports)
LEGAL_FORM_GROUPS = (
    ("household", (LegalForm.HOUSEHOLD,), "Cơ sở sản xuất, hộ kinh doanh"),
    ("llc", (LegalForm.LLC_SINGLE, LegalForm.LLC_MULTI), "Công ty trách nhiệm hữu hạn"),
    ("joint_stock", (LegalForm.JOINT_STOCK,), "Công ty cổ phần"),
    ("cooperative", (LegalForm.COOPERATIVE,), "Hợp tác xã"),
    ("private_enterprise", (LegalForm.PRIVATE_ENTERPRISE,), "Doanh nghiệp tư nhân"),
    ("cooperative_group", (LegalForm.COOPERATIVE_GROUP,), "Tổ hợp tác"),
)


def percent(part, whole):
    """``part`` as a percentage of ``whole``, Decimal rounded half up to 2 decimals; None if ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def _text(value):
    """JSON form of a Decimal/date (str), None stays None."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _plain(value):
    """A Decimal without trailing zeros, as a string: 7678.610 -> "7678.61", 100.000 -> "100"; None stays None."""
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


def _stars(row, prefix="stars_"):
    return {str(s): row[f"{prefix}{s}"] for s in STARS}


def _star_counts(field, prefix="stars_", extra=None, stars_field="stars"):
    extra = extra or Q()
    return {f"{prefix}{s}": Count(field, distinct=True, filter=extra & Q(**{stars_field: s})) for s in STARS}


# --------------------------------------------------------------------------------------------------------------
# Area and its sub-units
# --------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Scope:
    """An area for a period: the path prefixes it covers and its sub-units (each with its own prefixes)."""

    area: AdministrativeUnit
    period: Period
    paths: list
    children: list  # [(unit, [paths])]: the sub-units in force on the cut-off date

    def q(self, lookup):
        return paths_q(self.paths, lookup)

    @property
    def root_ids(self):
        """The area itself and the units it replaced (last id of each scope path)."""
        return [unit_id_of_path(path) for path in self.paths]

    def child_case(self, lookup):
        """Case(): the id of the sub-unit a row's ``lookup`` unit lies in (None outside every sub-unit)."""
        whens = [When(paths_q(paths, lookup), then=Value(unit.pk)) for unit, paths in self.children]
        if not whens:
            return Value(None, output_field=IntegerField())
        return Case(*whens, default=Value(None), output_field=IntegerField())

    @functools.cached_property
    def _child_owners(self):
        """{id of the unit a sub-unit's path ends with: (order of the sub-unit, its id)}, the first sub-unit kept
        where several cover the same unit (as the first matching ``When`` of ``child_case``)."""
        owners = {}
        for order, (unit, paths) in enumerate(self.children):
            for path in paths:
                owners.setdefault(unit_id_of_path(path), (order, unit.pk))
        return owners

    def child_of_path(self, path):
        """The id of the sub-unit a unit with ``path`` lies in, as ``child_case`` gives it (None outside every
        sub-unit), computed in Python: rows grouped by unit are folded onto the sub-units without a CASE of every
        sub-unit's paths in the statement (115 sub-units and 476 paths for a merged province: the ORM took 30 ms to
        build that statement)."""
        owners = self._child_owners
        found = [owners[pk] for pk in ids_in_path(path) if pk in owners]
        return min(found)[1] if found else None


def _predecessor_paths(units):
    """{unit id: scope paths} for many units (see ``scope_paths``): the successor links are followed one
    generation per query, from these units only (one query per generation of mergers, not per unit)."""
    edges = {}
    frontier = {unit.pk for unit in units}
    seen = set(frontier)
    while frontier:
        rows = AdministrativeUnit.successors.through.objects.filter(to_administrativeunit_id__in=frontier).values_list(
            "to_administrativeunit_id", "from_administrativeunit_id", "from_administrativeunit__path"
        )
        frontier = set()
        for to_id, from_id, from_path in rows:
            edges.setdefault(to_id, []).append((from_id, from_path))
            if from_id not in seen:
                seen.add(from_id)
                frontier.add(from_id)
    result = {}
    for unit in units:
        paths, reached, frontier = {unit.path}, {unit.pk}, [unit.pk]
        while frontier:
            nxt = []
            for pk in frontier:
                for from_id, from_path in edges.get(pk, ()):
                    if from_id not in reached:
                        reached.add(from_id)
                        paths.add(from_path)
                        nxt.append(from_id)
            frontier = nxt
        result[unit.pk] = sorted(paths)
    return result


# --------------------------------------------------------------------------------------------------------------
# Names of units as they were on a date
# --------------------------------------------------------------------------------------------------------------


def names_before(units, day):
    """{unit id: {"name": ..., "unit_type": ...}}: the name and type each of ``units`` had on ``day``, for the units
    renamed after it (one query). A rename is written to the audit log with the name before it (``load_areas``
    records each renamed unit; so does an edit through the services); the earliest change after ``day`` tells the
    name the unit had on that day. Units not renamed since are left out (their name is the current one)."""
    from django.contrib.contenttypes.models import ContentType

    from audit.models import AuditEntry

    ids = [str(unit.pk) for unit in units if unit is not None and unit.pk]
    if not ids:
        return {}
    entries = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(AdministrativeUnit), object_id__in=ids, at__date__gt=day
        )
        .order_by("at", "pk")
        .values_list("object_id", "before")
    )
    result = {}
    for object_id, before in entries:
        for key in ("name", "unit_type"):
            if isinstance(before, dict) and key in before:
                result.setdefault(int(object_id), {}).setdefault(key, before[key])
    return result


def name_on(unit, day, renamed=None):
    """ "Huyện Lai Vung": the unit's name with its type as it was on ``day`` (``names_before``)."""
    renamed = names_before([unit], day) if renamed is None else renamed
    old = renamed.get(unit.pk)
    if not old:
        return unit_name(unit)
    then = copy.copy(unit)
    for key, value in old.items():
        setattr(then, key, value)
    return unit_name(then)


def naming_day(area, period):
    """The day the report names its area on: the period's cut-off date, or the area's last day when it ended
    before (old Đồng Tháp's 2025 report names it as on 30/06/2025), or its first day when it began after (the
    merged province's report of 2024 names the issuing province as it is)."""
    day = period.cutoff
    if area.valid_to is not None and area.valid_to < day:
        day = area.valid_to
    if area.valid_from is not None and area.valid_from > day:
        day = area.valid_from
    return day


def scope_for(area, period, *, with_children=True):
    """The area for the period; ``with_children=False`` leaves out the sub-units (figures that are not broken
    down by sub-unit, such as the dashboard's trend points, need no query for them)."""
    period = Period.parse(period)
    paths = cached_scope_paths(area)
    if not with_children:
        return Scope(area=area, period=period, paths=paths, children=[])
    roots = [unit_id_of_path(path) for path in paths]
    units = list(
        AdministrativeUnit.objects.in_force(period.cutoff).filter(parent_id__in=roots).order_by("code", "path")
    )
    child_paths = _predecessor_paths(units)
    return Scope(area=area, period=period, paths=paths, children=[(u, child_paths[u.pk]) for u in units])


# --------------------------------------------------------------------------------------------------------------
# Entries, recognitions, valid products, revocations
# --------------------------------------------------------------------------------------------------------------


def entry_registrations(scope):
    """Registrations (not drafts) into rounds of the period's year opened by its end, in the area."""
    period = scope.period
    return Registration.objects.filter(
        scope.q("product__unit"), round__year=period.year, round__opens_on__lte=period.end
    ).exclude(status=RegistrationStatus.DRAFT)


def entries(scope):
    regs = entry_registrations(scope)
    totals = regs.aggregate(
        products=Count("product", distinct=True),
        new=Count("product", distinct=True, filter=Q(kind=RegistrationKind.NEW)),
        re_evaluation=Count("product", distinct=True, filter=Q(kind=RegistrationKind.RE_EVALUATION)),
        upgrade=Count("product", distinct=True, filter=Q(kind=RegistrationKind.UPGRADE)),
        subjects=Count("product__subject", distinct=True),
    )
    # The sub-units the entries came from: the units entered under, folded onto the sub-units (``child_of_path``).
    units = set()
    if scope.children:
        paths = regs.values_list("product__unit__path", flat=True).distinct().order_by()
        units = {scope.child_of_path(path) for path in paths} - {None}
    return {**totals, "units": len(units)}


def recognised_in_period(scope):
    """Each product's latest recognition on the cut-off date, when it took effect in the period (one per product)."""
    period = scope.period
    return recognised_between(period.start, period.end, on=period.cutoff).filter(scope.q("product__unit"))


def _group_expression():
    pc = "product__product_class__"
    legacy = Coalesce(F(f"{pc}parent__parent_id"), F(f"{pc}parent_id"), F("product__product_class_id"))
    return Case(
        When(Q(valid_from__lt=QD148_EFFECTIVE, **{f"{pc}regime": Regime.QD1048}), then=legacy),
        default=F(f"{pc}category_148_id"),
        output_field=IntegerField(),
    )


def recognised(scope):
    qs = recognised_in_period(scope)
    aggregates = {
        "products": Count("product", distinct=True),
        "subjects": Count("product__subject", distinct=True),
        **_star_counts("product"),
        # The recognised products' subjects by legal form (in the same statement).
        **{
            f"form_{key}": Count("product__subject", distinct=True, filter=Q(product__subject__legal_form__in=forms))
            for key, forms, _label in LEGAL_FORM_GROUPS
        },
    }
    for kind in KINDS:
        only = Q(kind=kind)
        aggregates[f"{kind}_products"] = Count("product", distinct=True, filter=only)
        aggregates[f"{kind}_subjects"] = Count("product__subject", distinct=True, filter=only)
        aggregates.update(_star_counts("product", prefix=f"{kind}_stars_", extra=only))
    row = qs.aggregate(**aggregates)
    total = row["products"]

    group_rows = list(
        qs.annotate(group=_group_expression()).values("group").annotate(n=Count("product", distinct=True)).order_by()
    )
    classes = ProductClass.objects.in_bulk([r["group"] for r in group_rows if r["group"] is not None])
    groups = []
    for r in group_rows:
        node = classes.get(r["group"])
        groups.append(
            {
                "key": f"{node.regime}:{node.code}" if node else "unclassified",
                "regime": node.regime if node else None,
                "code": node.code if node else None,
                "name": node.name if node else "Chưa phân loại",
                "products": r["n"],
                "percent": _text(percent(r["n"], total)),
            }
        )
    order = {Regime.QD1048: 0, Regime.QD148: 1, None: 2}
    groups.sort(key=lambda g: (order.get(g["regime"], 2), _code_key(g["code"])))

    return {
        "products": total,
        "subjects": row["subjects"],
        "stars": _stars(row),
        "kinds": {
            str(kind): {
                "products": row[f"{kind}_products"],
                "subjects": row[f"{kind}_subjects"],
                "stars": _stars(row, f"{kind}_stars_"),
            }
            for kind in KINDS
        },
        "groups": groups,
        "legal_forms": {
            "subjects": row["subjects"],
            "rows": [
                {
                    "key": key,
                    "label": label,
                    "subjects": row[f"form_{key}"],
                    "percent": _text(percent(row[f"form_{key}"], row["subjects"])),
                }
                for key, _lf, label in LEGAL_FORM_GROUPS
            ],
        },
    }


def _code_key(code):
    parts = []
    for part in (code or "").replace(".", " ").split():
        parts.append((0, int(part), "") if part.isdigit() else (1, 0, part))
    return parts


def valid_at_end(scope):
    """Recognitions in force on the cut-off date in the area (one per product). On today (the dashboard's year to
    date), read from the status stored on the product (``Product.ocop_status`` / ``ocop_recognition``, kept by the
    decisions services and the daily job); on a past date, computed from the decisions: ``in_force_on`` decides
    (a semi-join on the stored columns, which PostgreSQL estimates well; comparing the product's current
    recognition with the row's own id was estimated at one row and joined by nested loops: 2,5 s nationally)."""
    return in_force_on(Recognition.objects.filter(scope.q("product__unit")), scope.period.cutoff)


def valid(scope):
    female = Q(product__subject__representative_gender=Gender.FEMALE)
    channel = ProductChannel.objects.filter(product=OuterRef("product_id"))
    qs = valid_at_end(scope).annotate(
        on_ecommerce=Exists(channel.filter(channel__kind=ChannelKind.ECOMMERCE)),
        in_modern_retail=Exists(channel.filter(channel__kind=ChannelKind.MODERN_RETAIL)),
    )
    row = qs.aggregate(
        products=Count("product", distinct=True),
        subjects=Count("product__subject", distinct=True),
        female_subjects=Count("product__subject", distinct=True, filter=female),
        female_products=Count("product", distinct=True, filter=female),
        ecommerce=Count("product", distinct=True, filter=Q(on_ecommerce=True)),
        modern_retail=Count("product", distinct=True, filter=Q(in_modern_retail=True)),
        **_star_counts("product"),
        **_star_counts("product", prefix="female_stars_", extra=female),
    )
    # By sub-unit: grouped by the unit a product was entered under and folded onto the sub-units (a product has one
    # unit and one recognition in force, so the counts of the units of a sub-unit add up).
    by_child = {}
    if scope.children:
        rows = (
            valid_at_end(scope)
            .values("product__unit__path")
            .annotate(n=Count("product", distinct=True), **_star_counts("product"))
            .order_by()
        )
        for r in rows:
            child = scope.child_of_path(r["product__unit__path"])
            if child is not None:
                total = by_child.setdefault(child, dict.fromkeys(("n", *(f"stars_{s}" for s in STARS)), 0))
                for key in total:
                    total[key] += r[key]
    units = []
    renamed = names_before([unit for unit, _paths in scope.children], scope.period.cutoff)
    for unit, _paths in scope.children:
        r = by_child.get(unit.pk)
        units.append(
            {
                "id": unit.pk,
                "code": unit.code,
                "name": name_on(unit, scope.period.cutoff, renamed),
                "products": r["n"] if r else 0,
                "stars": _stars(r) if r else {str(s): 0 for s in STARS},
            }
        )
    products = row["products"]
    return {
        "products": products,
        "subjects": row["subjects"],
        "stars": _stars(row),
        "units": units,
        "female_led": {
            "subjects": row["female_subjects"],
            "subjects_percent": _text(percent(row["female_subjects"], row["subjects"])),
            "products": row["female_products"],
            "stars": _stars(row, "female_stars_"),
        },
        "channels": {
            "ecommerce": {"products": row["ecommerce"], "percent": _text(percent(row["ecommerce"], products))},
            "modern_retail": {
                "products": row["modern_retail"],
                "percent": _text(percent(row["modern_retail"], products)),
            },
        },
    }


def revocations(scope):
    period = scope.period
    qs = Revocation.objects.filter(
        scope.q("recognition__product__unit"),
        decision__status=DecisionStatus.ISSUED,
        decision__date__gte=period.start,
        decision__date__lte=period.end,
    )
    row = qs.aggregate(
        decisions=Count("decision", distinct=True),
        products=Count("recognition__product", distinct=True),
        **_star_counts("recognition__product", stars_field="recognition__stars"),
        **{
            f"ground_{ground}": Count("recognition__product", distinct=True, filter=Q(ground=ground))
            for ground in RevocationGround.values
        },
    )
    return {
        "decisions": row["decisions"],
        "products": row["products"],
        "stars": _stars(row),
        "grounds": [
            {"key": ground, "label": str(label), "products": row[f"ground_{ground}"]}
            for ground, label in RevocationGround.choices
        ],
    }


# --------------------------------------------------------------------------------------------------------------
# Programme: targets, budget, activities
# --------------------------------------------------------------------------------------------------------------


def targets(scope):
    plans = Plan.objects.filter(year=scope.period.year, unit_id__in=scope.root_ids).select_related("unit")
    rows = []
    for plan in plans.order_by("unit__path", "pk"):
        for progress in plan_progress(plan, on=scope.period.cutoff):
            target = progress.target
            rows.append(
                {
                    "plan": plan.number or plan.title,
                    "number": target.number,
                    "title": target.title,
                    "indicator": target.indicator_type,
                    "unit": str(target.display_unit or ""),
                    "target": _plain(progress.goal),
                    "actual": _plain(progress.actual.value),
                    "percent": _text(progress.percent),
                    "met": progress.met,
                    "entered": progress.actual.entered,
                }
            )
    return rows


def budget(scope):
    lines = BudgetLine.objects.filter(scope.q("unit"), plan__year=scope.period.year).order_by()
    sums = {
        "planned": Sum("planned_mvnd"),
        "allocated": Sum("allocated_mvnd"),
        "disbursed": Sum("disbursed_mvnd"),
    }
    rows = (
        lines.values(
            key=Coalesce(F("source__parent__code"), F("source__code")),
            name=Coalesce(F("source__parent__name"), F("source__name")),
            order=Coalesce(F("source__parent__order"), F("source__order")),
        )
        .annotate(**sums)
        .order_by("order", "key")
    )
    sources = [{"key": r["key"], "name": r["name"], **{key: exact(r[key]) for key in sums}} for r in rows]
    # The total is the sum of the sources' sums (every line is under one source; a sum of NULLs stays NULL, as SUM).
    total = {}
    for key in sums:
        amounts = [source[key] for source in sources if source[key] is not None]
        total[key] = sum(amounts) if amounts else None
    return {
        "total": {key: _plain(total[key]) for key in sums},
        "sources": [{**source, **{key: _plain(source[key]) for key in sums}} for source in sources],
    }


def activities(scope):
    period = scope.period
    qs = Activity.objects.filter(scope.q("unit"), start_date__gte=period.start, start_date__lte=period.end)
    summary = activity_summary(qs)

    def row(data):
        return {
            "activities": data["count"],
            "sessions": data["sessions"] or 0,
            "participants": data["participants"] or 0,
            "women": data["women"] or 0,
            "cost_mvnd": _plain(data["cost"]),
        }

    return {
        "total": row(summary["total"]),
        "kinds": [{"key": r["kind"], "label": str(r["label"]), **row(r)} for r in summary["rows"]],
    }


# --------------------------------------------------------------------------------------------------------------
# Everything
# --------------------------------------------------------------------------------------------------------------


def compute(area, period, *, scope=None):
    """Every figure of the report for ``area`` and ``period`` ("2022", "2022-H1" or a ``Period``), JSON-ready.
    ``scope``: the caller's ``scope_for(area, period)`` when it has one (the dashboard needs it for its extras)."""
    scope = scope or scope_for(area, period)
    period = scope.period
    day = naming_day(area, period)
    then = names_before([area], day).get(area.pk, {})  # the area's name on the period's last day
    rec = recognised(scope)
    ent = entries(scope)
    return {
        "schema": SCHEMA,
        "period": {
            "code": period.code,
            "kind": period.kind,
            "label": period.label,
            "start": _text(period.start),
            "end": _text(period.end),
            "cutoff": _text(period.cutoff),
        },
        "area": {
            "id": area.pk,
            "code": area.code,
            "name": then.get("name", area.name),
            "display_name": name_on(area, day, {area.pk: then}),
            "level": area.level,
            "unit_type": then.get("unit_type", area.unit_type),
            "valid_from": _text(area.valid_from),
            "valid_to": _text(area.valid_to),
        },
        "entries": ent,
        "recognised": rec,
        "participation": {
            "subjects": ent["subjects"],
            "recognised_subjects": rec["subjects"],
            "percent": _text(percent(rec["subjects"], ent["subjects"])),
        },
        "valid": valid(scope),
        "revocations": revocations(scope),
        "targets": targets(scope),
        "budget": budget(scope),
        "activities": activities(scope),
    }


# --------------------------------------------------------------------------------------------------------------
# Context of a report (not part of ``compute``): the plans a target comes from, and the previous period
# --------------------------------------------------------------------------------------------------------------


def plans_of(area, period):
    """The plans of the period's year of ``area`` (and the units it replaced), for the footnotes citing them and
    to tell "no plan" from "a plan without targets": [{number issued_on title issuer targets}]."""
    scope = scope_for(area, period)
    plans = Plan.objects.filter(year=scope.period.year, unit_id__in=scope.root_ids).select_related("unit")
    return [
        {
            "number": plan.number,
            "issued_on": _text(plan.issued_on),
            "title": plan.title,
            "issuer": plan.issuer or _people_committee(plan.unit),
            "targets": plan.targets.count(),
        }
        for plan in plans.order_by("unit__path", "pk")
    ]


def _people_committee(unit):
    """ "UBND tỉnh Đồng Tháp": the issuer of a plan that does not name one."""
    name = unit_name(unit)
    return f"UBND {name[:1].lower()}{name[1:]}"


def previous_summary(area, period):
    """The previous period's main counts (the same half of the year before, or the year before), for the
    comparison of an annual report; None when the previous period is before the portal's first year."""
    period = Period.parse(period)
    try:
        previous = Period.parse(f"{period.year - 1}-H1" if period.half else str(period.year - 1))
    except ValueError:
        return None
    data = compute(area, previous)
    return {
        "code": previous.code,
        "label": previous.label,
        "entries": data["entries"]["products"],
        "recognised": data["recognised"]["products"],
        "valid": data["valid"]["products"],
        "valid_stars": data["valid"]["stars"],
        "valid_subjects": data["valid"]["subjects"],
        "revoked": data["revocations"]["products"],
    }


def commune_map(area, period):
    """The map of the report (valid products by commune on the cut-off date, with the communes' coordinates): the
    dashboard's map selector (``dashboard.selectors.commune_map``), stored with the report."""
    from dashboard.selectors import commune_map as map_of  # the dashboard reads these figures: import late

    return map_of(scope_for(area, period))


def report_context(area, period):
    """Stored with a report when it is generated (``Report.context``): the plans (footnotes), the previous period
    (comparison) and the map of communes (a figure)."""
    return {
        "plans": plans_of(area, period),
        "previous": previous_summary(area, period),
        "map": commune_map(area, period),
    }
