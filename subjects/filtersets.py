"""The one FilterSet behind both the subject list page and ``/api/subjects/``."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from areas.filtersets import AreaFilter
from ocop_portal.text import fold
from products.models import Product

from .models import Gender, LegalForm, Subject, SubjectStatus

YES_NO = [("true", _("Có")), ("false", _("Không"))]


class YesNoFilter(django_filters.ChoiceFilter):
    """ "true"/"false" in the URL and the API, "Có"/"Không" on the page, empty for both."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", YES_NO)
        kwargs.setdefault("empty_label", _("Tất cả"))
        super().__init__(*args, **kwargs)


class SubjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"),
        method="filter_search",
        help_text=_("Tên, số đăng ký, mã số thuế hoặc người đại diện; gõ có dấu hay không dấu đều được."),
    )
    unit = AreaFilter()
    legal_form = django_filters.ChoiceFilter(label=_("Loại hình"), choices=LegalForm.choices, empty_label=_("Tất cả"))
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=SubjectStatus.choices, empty_label=_("Tất cả"))
    female_led = YesNoFilter(label=_("Nữ làm chủ"), method="filter_female_led")
    ethnic_minority = YesNoFilter(label=_("Đại diện là người DTTS"), method="filter_ethnic_minority")
    is_sme = YesNoFilter(label=_("Doanh nghiệp nhỏ và vừa"), method="filter_bool")
    has_products = YesNoFilter(label=_("Có sản phẩm"), method="filter_has_products")

    class Meta:
        model = Subject
        fields = ["q", "unit", "legal_form", "status", "female_led", "ethnic_minority", "is_sme", "has_products"]

    def filter_search(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_female_led(self, queryset, name, value):
        if value == "true":
            return queryset.filter(representative_gender=Gender.FEMALE)
        return queryset.exclude(representative_gender=Gender.FEMALE)

    def filter_ethnic_minority(self, queryset, name, value):
        return queryset.filter(representative_ethnic_minority=value == "true")

    def filter_bool(self, queryset, name, value):
        return queryset.filter(**{name: value == "true"})

    def filter_has_products(self, queryset, name, value):
        has = Exists(Product.objects.filter(subject=OuterRef("pk")))
        return queryset.filter(has if value == "true" else ~has)
