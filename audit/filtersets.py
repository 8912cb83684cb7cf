"""The filters of the audit log (``/audit/``): what, who, when."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import AuditAction, AuditEntry


def _record_kinds():
    """The kinds of record that have entries, by their Vietnamese name (not the internal "app.model")."""
    kinds = ContentType.objects.filter(pk__in=AuditEntry.objects.values("content_type").distinct())
    choices = [(ct.pk, capfirst(str(ct.model_class()._meta.verbose_name))) for ct in kinds if ct.model_class()]
    return sorted(choices, key=lambda item: item[1])


class AuditEntryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"), method="filter_search", help_text=_("Tên đối tượng, lý do hoặc mã yêu cầu")
    )
    action = django_filters.ChoiceFilter(label=_("Thao tác"), choices=AuditAction.choices, empty_label=_("Tất cả"))
    content_type = django_filters.ChoiceFilter(
        label=_("Loại đối tượng"), choices=_record_kinds, empty_label=_("Tất cả")
    )
    actor = django_filters.CharFilter(label=_("Người thực hiện"), method="filter_actor")
    since = django_filters.DateFilter(
        label=_("Từ ngày"), field_name="at", lookup_expr="date__gte", help_text=_("dd/mm/yyyy")
    )
    until = django_filters.DateFilter(
        label=_("Đến ngày"), field_name="at", lookup_expr="date__lte", help_text=_("dd/mm/yyyy")
    )

    class Meta:
        model = AuditEntry
        fields = ["q", "action", "content_type", "actor", "since", "until"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(object_repr__icontains=value) | Q(reason__icontains=value) | Q(request_id__startswith=value)
        )

    def filter_actor(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(actor__username__icontains=value) | Q(actor__full_name__icontains=value))
