"""The FilterSet behind the report list page and ``/api/reports/jobs/`` (one definition)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from areas.filtersets import AreaFilter

from .models import Report, ReportKind, ReportStatus


class ReportFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Loại báo cáo"), choices=ReportKind.choices, empty_label=_("Tất cả"))
    period = django_filters.CharFilter(
        label=_("Kỳ báo cáo"), method="filter_period", help_text=_("vd. 2022 hoặc 2022-H1")
    )
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=ReportStatus.choices, empty_label=_("Tất cả"))
    area = AreaFilter(lookup="area")

    class Meta:
        model = Report
        fields = ["kind", "period", "status", "area"]

    def filter_period(self, queryset, name, value):
        return queryset.filter(period="".join(value.split()).upper()) if value else queryset
