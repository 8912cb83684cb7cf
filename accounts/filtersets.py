"""The filters of the user list (``/accounts/users/``)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from areas.filtersets import AreaFilter

from .models import Role, User


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"), method="filter_search", help_text=_("Tên đăng nhập, họ và tên, thư điện tử")
    )
    role = django_filters.ChoiceFilter(label=_("Vai trò"), choices=Role.choices, empty_label=_("Tất cả"))
    unit = AreaFilter(label=_("Đơn vị"))
    is_active = django_filters.ChoiceFilter(
        label=_("Hoạt động"), choices=[("true", _("Có")), ("false", _("Không"))], empty_label=_("Tất cả"),
        method="filter_active",
    )  # fmt: skip

    class Meta:
        model = User
        fields = ["q", "role", "unit", "is_active"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value) | Q(email__icontains=value))

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "true")
