"""The filters of the officer's list of producer accounts."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import ProducerAccount, ProducerAccountStatus


class ProducerAccountFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"),
        method="filter_search",
        help_text=_("Tên, số đăng ký, mã số thuế, người đại diện, điện thoại hoặc tên đăng nhập."),
    )
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=ProducerAccountStatus.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = ProducerAccount
        fields = ["q", "status"]

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(organisation_name__icontains=word)
                | Q(registration_number__icontains=word)
                | Q(tax_code__icontains=word)
                | Q(representative_name__icontains=word)
                | Q(phone__icontains=word)
                | Q(user__username__icontains=word)
            )
        return queryset
