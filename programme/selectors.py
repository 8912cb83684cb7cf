"""Reads for plans, targets, budget lines and activities. Every queryset starts from ``restrict(user, action)``.

Budget totals are database aggregates (``Sum`` over DecimalFields, grouped with ``values().annotate()``): money is
never summed in Python floats, so 3.972,29 + 3.310,42 + 395,9 is exactly 7.678,61.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.scoping import AreaScopedQuerySet
from areas.models import type_and_name
from areas.selectors import paths_q, scope_paths, subtree_q

from .indicators import evaluate, indicator_for
from .models import Activity, ActivityKind, BudgetDocument, BudgetLine, BudgetTask, FundingSource, Plan, Target

MONEY = DecimalField(max_digits=16, decimal_places=3)
AMOUNT_FIELDS = ("planned_mvnd", "allocated_mvnd", "disbursed_mvnd")


def _sum_of_lines(field):
    lines = BudgetLine.objects.filter(plan=OuterRef("pk")).order_by().values("plan").annotate(total=Sum(field))
    return Subquery(lines.values("total"), output_field=MONEY)


def _count_of(model, fk="plan"):
    rows = model.objects.filter(**{fk: OuterRef("pk")}).order_by().values(fk).annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n"), output_field=IntegerField()), Value(0))


def with_plan_list_data(queryset):
    """Plans with their unit, number of targets and budget totals, in a fixed number of queries."""
    return queryset.select_related("unit__parent").annotate(
        target_count=_count_of(Target),
        line_count=_count_of(BudgetLine),
        planned_total=_sum_of_lines("planned_mvnd"),
        allocated_total=_sum_of_lines("allocated_mvnd"),
        disbursed_total=_sum_of_lines("disbursed_mvnd"),
    )


def plans(user, action="view"):
    return with_plan_list_data(Plan.objects.restrict(user, action))


# --------------------------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------------------------


def targets(user, action="view"):
    return Target.objects.restrict(user, action).select_related("plan__unit", "entered_by")


def parse_on(value, default=None):
    """The "on" date of a progress page: dd/mm/yyyy or yyyy-mm-dd; anything else means today."""
    if isinstance(value, datetime.date):
        return value
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime((value or "").strip(), fmt).date()
        except ValueError:
            continue
    return default or timezone.localdate()


def plan_progress(plan, on=None):
    """Each target of the plan with its progress on ``on``; targets of the same type share one computation."""
    cache = {}
    on = on or timezone.localdate()
    items = list(plan.targets.select_related("entered_by").order_by("order", "pk"))
    for target in items:
        target.plan = plan
    return [evaluate(target, on, cache=cache) for target in items]


def progress_summary(progresses):
    measured = [p for p in progresses if p.actual.value is not None]
    return {
        "total": len(progresses),
        "met": sum(1 for p in progresses if p.met),
        "measured": len(measured),
        "missing": len(progresses) - len(measured),
    }


def drilldown_records(user, progress, *, counted=None, district=None):
    """The records a target counted, also restricted to what the user may see (defence in depth).

    ``counted`` (True/False) keeps only the counted / not counted rows of a share; ``district`` (a unit) keeps the
    rows under that district of a per-district target."""
    records = progress.actual.records
    if records is None:
        return None
    model = records.model
    if isinstance(model._default_manager.all(), AreaScopedQuerySet):
        records = records.filter(pk__in=model.objects.restrict(user).values("pk"))
    if counted is not None and "counted" in records.query.annotations:
        records = records.filter(counted=counted)
    if district is not None and hasattr(model, "area_lookup"):
        records = records.filter(subtree_q(district, model.area_lookup))
    return records


# --------------------------------------------------------------------------------------------------------------
# Budget
# --------------------------------------------------------------------------------------------------------------


def budget_lines(user, action="view"):
    return BudgetLine.objects.restrict(user, action).select_related("plan__unit", "source__parent", "unit__parent")


THOUSANDTH = Decimal("0.001")


def exact(value):
    """Round a database sum back to the amounts' 3 decimals. PostgreSQL sums NUMERIC exactly; SQLite sums as
    floats (100 x 0,1 = 9,99999999999998), and every stored amount has at most 3 decimals, so rounding to 3
    decimals gives back the exact sum."""
    if value is None:
        return None
    return Decimal(value).quantize(THOUSANDTH, rounding=ROUND_HALF_UP)


def _sums():
    return {
        "planned": Sum("planned_mvnd"),
        "allocated": Sum("allocated_mvnd"),
        "disbursed": Sum("disbursed_mvnd"),
        "lines": Count("pk"),
    }


def _rate(row):
    base = row.get("allocated") or row.get("planned")
    if row.get("disbursed") is None or not base:
        return None
    return (row["disbursed"] * 100 / base).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _finish(rows):
    for row in rows:
        for key in ("planned", "allocated", "disbursed"):
            row[key] = exact(row[key])
        row["rate"] = _rate(row)
    return rows


def budget_totals(lines):
    """Totals of a queryset of budget lines: overall, by source group, by source, by area and by task."""
    lines = lines.order_by()
    total = _finish([lines.aggregate(**_sums())])[0]
    by_group = _finish(
        list(
            lines.values(
                group_id=Coalesce(F("source__parent_id"), F("source_id")),
                group_name=Coalesce(F("source__parent__name"), F("source__name")),
                group_order=Coalesce(F("source__parent__order"), F("source__order")),
            )
            .annotate(**_sums())
            .order_by("group_order", "group_id")
        )
    )
    by_source = _finish(
        list(
            lines.values("source_id", "source__name", "source__order", "source__parent_id")
            .annotate(**_sums())
            .order_by("source__order", "source_id")
        )
    )
    by_area = _finish(
        list(
            lines.values("unit_id", "unit__name", "unit__unit_type", "unit__path", "unit__level")
            .annotate(**_sums())
            .order_by("unit__path")
        )
    )
    for row in by_area:  # the type and the name once ("Phường 1", never "Phường Phường 1")
        row["unit_label"] = type_and_name(row["unit__unit_type"], row["unit__name"])
    task_labels = dict(BudgetTask.choices)
    by_task = _finish(list(lines.values("task").annotate(**_sums()).order_by("task")))
    for row in by_task:
        row["label"] = task_labels.get(row["task"], row["task"])
    by_task.sort(key=lambda row: list(task_labels).index(row["task"]) if row["task"] in task_labels else 99)
    return {
        "total": total,
        "by_group": by_group,
        "by_source": by_source,
        "by_area": by_area,
        "by_task": by_task,
        "has_sub_sources": any(row["source__parent_id"] for row in by_source),
    }


def budget_documents(user, line):
    return BudgetDocument.objects.restrict(user).filter(line=line).select_related("uploaded_by")


def funding_sources(active_only=False):
    qs = FundingSource.objects.select_related("parent")
    return qs.filter(is_active=True) if active_only else qs


# --------------------------------------------------------------------------------------------------------------
# Activities
# --------------------------------------------------------------------------------------------------------------


def activities(user, action="view"):
    return Activity.objects.restrict(user, action).select_related("unit__parent", "funding_source")


def plan_activities(user, plan):
    """Activities in the plan's area (and the units it replaced) that started in the plan year."""
    return activities(user).filter(paths_q(scope_paths(plan.unit), "unit"), start_date__year=plan.year)


def activity_summary(queryset):
    """By kind: number of activities, sessions, participants, women and cost (one grouped query)."""
    labels = dict(ActivityKind.choices)
    rows = list(
        queryset.order_by()
        .values("kind")
        .annotate(
            count=Count("pk"),
            sessions=Sum("sessions"),
            participants=Sum("participants"),
            women=Sum("women_participants"),
            cost=Sum("cost_mvnd"),
        )
        .order_by("kind")
    )
    for row in rows:
        row["label"] = labels.get(row["kind"], row["kind"])
        row["cost"] = exact(row["cost"])
    rows.sort(key=lambda row: list(labels).index(row["kind"]) if row["kind"] in labels else 99)
    total = queryset.order_by().aggregate(
        count=Count("pk"),
        sessions=Sum("sessions"),
        participants=Sum("participants"),
        women=Sum("women_participants"),
        cost=Sum("cost_mvnd"),
    )
    total["cost"] = exact(total["cost"])
    return {"rows": rows, "total": total}


def indicator_choices_help():
    """(type, label, unit, explanation) for the target form's help table."""
    from .indicators import IndicatorType

    return [
        (value, label, indicator_for(value).unit, indicator_for(value).explanation)
        for value, label in IndicatorType.choices
    ]
