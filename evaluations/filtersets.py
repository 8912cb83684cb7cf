"""The FilterSets behind both the evaluation pages and ``/api/evaluations/...``."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop_portal.filtersets import IdFilter
from ocop_portal.text import fold

from .models import EvaluationLevel, Registration, RegistrationKind, RegistrationStatus, Round, RoundStatus


class RoundFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Năm"), min_value=2018, max_value=2100)
    level = django_filters.ChoiceFilter(label=_("Cấp"), choices=EvaluationLevel.choices, empty_label=_("Tất cả"))
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=RoundStatus.choices, empty_label=_("Tất cả"))
    rule_set = django_filters.CharFilter(label=_("Bộ quy định"), field_name="rule_set__code")

    class Meta:
        model = Round
        fields = ["year", "level", "status", "rule_set"]


class RegistrationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm sản phẩm, chủ thể"), method="filter_search")
    round = IdFilter(label=_("Đợt"), field_name="round_id")
    product = IdFilter(label=_("Sản phẩm"), field_name="product_id")
    kind = django_filters.ChoiceFilter(label=_("Hình thức"), choices=RegistrationKind.choices, empty_label=_("Tất cả"))
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=RegistrationStatus.choices, empty_label=_("Tất cả")
    )
    stars = django_filters.NumberFilter(label=_("Hạng sao"), min_value=1, max_value=5)

    class Meta:
        model = Registration
        fields = ["round", "product", "kind", "status", "stars"]

    def filter_search(self, queryset, name, value):
        folded = fold(value)
        if not folded:
            return queryset
        return queryset.filter(
            Q(product__search_text__contains=folded) | Q(product__subject__search_text__contains=folded)
        )


class ReviewFilterSet(django_filters.FilterSet):
    """The commune's queue: search by product or subject (without diacritics), kind."""

    q = django_filters.CharFilter(label=_("Tìm sản phẩm, chủ thể"), method="filter_search")
    kind = django_filters.ChoiceFilter(label=_("Hình thức"), choices=RegistrationKind.choices, empty_label=_("Tất cả"))

    class Meta:
        model = Registration
        fields = ["kind"]

    filter_search = RegistrationFilterSet.filter_search
