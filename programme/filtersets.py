"""The FilterSets behind both the programme pages and ``/api/programme/...`` (one definition each)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.filtersets import AreaFilter
from ocop_portal.filtersets import YearFilter
from ocop_portal.text import fold

from .indicators import IndicatorType
from .models import Activity, ActivityKind, BudgetLine, BudgetTask, FundingSource, Plan, PlanStatus, Target

RECENT_PLAN_YEARS = 2


def _plans(request):
    """The plans offered by a "plan" filter: those of the chosen year, or, without a year, of the recent years (the
    current one, the one before, and plans made ahead), and always the plan already chosen, so ``?plan=<id>`` of
    any year keeps working (pages and API). A national account sees some 60 plans a year: offering all of them
    made every budget page carry a 600-option list."""
    if request is None:
        return Plan.objects.none()
    plans = Plan.objects.restrict(request.user).select_related("unit")
    year = (request.GET.get("year") or "").strip()
    keep = Q(year=int(year)) if year.isdigit() else Q(year__gt=timezone.localdate().year - RECENT_PLAN_YEARS)
    chosen = (request.GET.get("plan") or "").strip()
    if chosen.isdigit():
        keep |= Q(pk=int(chosen))
    return plans.filter(keep)


class PlanFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_search", help_text=_("Số hoặc trích yếu"))
    year = YearFilter()
    unit = AreaFilter()
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=PlanStatus.choices, empty_label=_("Tất cả"))

    class Meta:
        model = Plan
        fields = ["q", "year", "unit", "status"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value) | Q(issuer__icontains=value))


class TargetFilterSet(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(label=_("Kế hoạch"), queryset=_plans)
    year = YearFilter(field_name="plan__year")
    indicator_type = django_filters.ChoiceFilter(
        label=_("Loại chỉ tiêu"), choices=IndicatorType.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = Target
        fields = ["plan", "year", "indicator_type"]


class SourceFilter(django_filters.ModelChoiceFilter):
    """A source group also matches the lines of its sub-sources."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(Q(**{self.field_name: value}) | Q(**{f"{self.field_name}__parent": value}))


class BudgetLineFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="plan__year")
    plan = django_filters.ModelChoiceFilter(label=_("Kế hoạch"), queryset=_plans, empty_label=_("Tất cả"))
    source = SourceFilter(
        label=_("Nguồn vốn"), queryset=FundingSource.objects.all(), field_name="source", empty_label=_("Tất cả")
    )
    unit = AreaFilter(label=_("Địa bàn thực hiện"))
    task = django_filters.ChoiceFilter(label=_("Nhiệm vụ"), choices=BudgetTask.choices, empty_label=_("Tất cả"))

    class Meta:
        model = BudgetLine
        fields = ["year", "plan", "source", "unit", "task"]


class ActivityFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"), method="filter_search", help_text=_("Tên hoạt động hoặc đơn vị tổ chức, có dấu hay không")
    )
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=ActivityKind.choices, empty_label=_("Tất cả"))
    year = YearFilter(field_name="start_date", lookup_expr="year")
    date_from = django_filters.DateFilter(label=_("Từ ngày"), field_name="start_date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("Đến ngày"), field_name="start_date", lookup_expr="lte")
    unit = AreaFilter()
    funding_source = SourceFilter(
        label=_("Nguồn vốn"), queryset=FundingSource.objects.all(), field_name="funding_source", empty_label=_("Tất cả")
    )

    class Meta:
        model = Activity
        fields = ["q", "kind", "year", "date_from", "date_to", "unit", "funding_source"]

    def filter_search(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset
