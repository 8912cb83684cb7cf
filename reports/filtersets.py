"""The FilterSet behind the report list page and ``/api/reports/jobs/`` (one definition)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.scoping import visible_units
from areas.selectors import paths_q, scope_paths
from subjects.forms import UnitChoiceField

from .models import Report, ReportKind, ReportStatus


def _units(request):
    if request is None:
        return visible_units(None)
    return visible_units(request.user).select_related("parent")


class AreaFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(paths_q(scope_paths(value), "area"))


class ReportFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Loại báo cáo"), choices=ReportKind.choices, empty_label=_("Tất cả"))
    period = django_filters.CharFilter(
        label=_("Kỳ báo cáo"), method="filter_period", help_text=_("vd. 2022 hoặc 2022-H1")
    )
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=ReportStatus.choices, empty_label=_("Tất cả"))
    area = AreaFilter(queryset=_units, label=_("Địa bàn"), empty_label=_("Toàn bộ địa bàn"))

    class Meta:
        model = Report
        fields = ["kind", "period", "status", "area"]

    def filter_period(self, queryset, name, value):
        return queryset.filter(period="".join(value.split()).upper()) if value else queryset
