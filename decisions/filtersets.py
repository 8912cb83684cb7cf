"""The FilterSets behind the decision and recognition lists, shared by the pages and the API."""

import django_filters
from django.db.models import Q, Value
from django.db.models.functions import Lower, Replace
from django.utils.translation import gettext_lazy as _

from areas.filtersets import AreaFilter
from ocop_portal.filtersets import IdFilter, YearFilter
from ocop_portal.text import fold

from .models import Authority, Decision, DecisionKind, DecisionStatus, Recognition, Revocation, RevocationGround, Stars
from .selectors import authorities_for, in_force_on


def _authorities(request):
    if request is None:
        return Authority.objects.none()
    # the area's authorities, and the central ones whose 5★ decisions the office records for its products
    return authorities_for(request.user, "view", active_only=False, include_central=True)


class DecisionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_search", help_text=_("Số, trích yếu, sản phẩm"))
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=DecisionKind.choices, empty_label=_("Tất cả"))
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=DecisionStatus.choices, empty_label=_("Tất cả"))
    authority = django_filters.ModelChoiceFilter(
        label=_("Cơ quan ban hành"), queryset=_authorities, empty_label=_("Tất cả")
    )
    year = YearFilter(field_name="date", lookup_expr="year")
    historical = django_filters.BooleanFilter(label=_("Quyết định nhập lại"))

    class Meta:
        model = Decision
        fields = ["q", "kind", "status", "authority", "year", "historical"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        words = fold(value).split()
        product_q = Q()
        for word in words:
            product_q &= Q(recognitions__product__search_text__contains=word)
        revoked_q = Q()
        for word in words:
            revoked_q &= Q(revocations__recognition__product__search_text__contains=word)
        matches = Decision.objects.filter(
            Q(number_display__icontains=value) | Q(subject_line__icontains=value) | product_q | revoked_q
        ).values("pk")
        return queryset.filter(pk__in=matches)


class RecognitionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm sản phẩm"), method="filter_search")
    product = IdFilter(label=_("Mã sản phẩm"), field_name="product_id")
    decision = IdFilter(label=_("Mã quyết định"), field_name="decision_id")
    stars = django_filters.ChoiceFilter(label=_("Hạng sao"), choices=Stars.choices, empty_label=_("Tất cả"))
    valid_on = django_filters.DateFilter(
        label=_("Còn hiệu lực vào ngày"),
        method="filter_valid_on",
        help_text=_("Đã ban hành, trong 36 tháng và chưa bị thu hồi vào ngày này"),
    )

    class Meta:
        model = Recognition
        fields = ["q", "product", "decision", "stars", "valid_on"]

    def filter_search(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(product__search_text__contains=word)
        return queryset

    def filter_valid_on(self, queryset, name, value):
        return in_force_on(queryset, value)


def _folded(field):
    """``field`` lower-cased with Đ/đ as d, to compare with ``fold``ed words ("1446/QĐ-UBND" -> "1446/qd-ubnd")."""
    return Lower(Replace(Replace(field, Value("Đ"), Value("D")), Value("đ"), Value("d")))


class RevocationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"), method="filter_search", help_text=_("Sản phẩm, chủ thể, số quyết định")
    )
    year = YearFilter(field_name="decision__date", lookup_expr="year")
    ground = django_filters.ChoiceFilter(
        label=_("Căn cứ thu hồi"), choices=RevocationGround.choices, empty_label=_("Tất cả")
    )
    area = AreaFilter(lookup="recognition__product__unit")
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), field_name="decision__status", choices=DecisionStatus.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = Revocation
        fields = ["q", "year", "ground", "area", "status"]

    def filter_search(self, queryset, name, value):
        """Every word (accents ignored) in the product's name, the subject's name or the decision's number."""
        words = fold(value).split()
        if not words:
            return queryset
        queryset = queryset.alias(decision_number_folded=_folded("decision__number_display"))
        for word in words:
            queryset = queryset.filter(
                Q(recognition__product__search_text__contains=word)
                | Q(recognition__product__subject__search_text__contains=word)
                | Q(decision_number_folded__contains=word)
            )
        return queryset
