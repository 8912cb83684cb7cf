"""FilterSets shared by the product pages and the API (``/api/products/``, ``/api/documents/``)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from areas.filtersets import AreaFilter
from areas.forms import OptionsOnce, empty_option
from ocop_portal.filtersets import IdFilter
from ocop_portal.text import fold
from subjects.models import Gender, LegalForm

from . import selectors
from .forms import SalesChannelField
from .models import (
    Certification,
    CertificationKind,
    ChannelKind,
    CraftVillage,
    Document,
    DocumentType,
    OcopStatus,
    Product,
    ProductChannel,
    ProductionStatus,
    Regime,
    SalesChannel,
)

# A product's OCOP status (stars, valid until, revoked) follows from the decisions; the decisions services store it
# on the product (``Product.ocop_*``, indexed), which these filters read.
STAR_CHOICES = [(3, _("3 sao")), (4, _("4 sao")), (5, _("5 sao"))]


def _user(request):
    return getattr(request, "user", None)


def _craft_villages(request):
    if request is None:
        return CraftVillage.objects.none()
    return selectors.craft_villages_for(_user(request))


YES_NO = forms.Select(choices=[("", _("Tất cả")), ("True", _("Có")), ("False", _("Không"))])


class ChannelFilter(django_filters.ModelChoiceFilter):
    field_class = SalesChannelField


class LabelColumnsChoiceField(forms.ModelChoiceField):
    """A filter's select whose options are read once when the page is rendered, with only the columns their labels
    (``str(row)``) need: one plain query, not a server-side cursor and a full row per option through Django's
    model choice iterator. The queryset still checks the submitted value."""

    label_fields = ("pk", "name")

    def _get_choices(self):
        if hasattr(self, "_choices"):
            return self._choices

        def build():
            rows = self.queryset.select_related(None).only(*self.label_fields)
            return [*empty_option(self), *((row.pk, self.label_from_instance(row)) for row in rows)]

        return OptionsOnce(build)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


class ClassChoiceField(LabelColumnsChoiceField):
    label_fields = ("pk", "regime", "code", "name")  # ProductClass.__str__


class ClassFilter(django_filters.ModelChoiceFilter):
    field_class = ClassChoiceField


class CraftVillageFilter(django_filters.ModelChoiceFilter):
    field_class = LabelColumnsChoiceField  # CraftVillage.__str__: its name


def _active(value):
    return value not in (None, "", [])


class ProductFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_q")
    area = AreaFilter(empty_label=_("Tất cả địa bàn"))
    category = ClassFilter(
        label=_("Nhóm sản phẩm"),
        queryset=selectors.categories_148(),
        field_name="product_class__category_148",
        empty_label=_("Tất cả nhóm"),
    )
    product_set = ClassFilter(
        label=_("Bộ sản phẩm"),
        queryset=selectors.sets_148(),
        field_name="product_class__set_148",
        empty_label=_("Tất cả bộ sản phẩm"),
    )
    regime = django_filters.ChoiceFilter(
        label=_("Phân loại theo"), field_name="product_class__regime", choices=Regime.choices, empty_label=_("Tất cả")
    )
    legal_form = django_filters.ChoiceFilter(
        label=_("Loại hình chủ thể"),
        field_name="subject__legal_form",
        choices=LegalForm.choices,
        empty_label=_("Tất cả"),
    )
    female_led = django_filters.BooleanFilter(
        label=_("Chủ thể do nữ đại diện"), method="filter_female_led", widget=YES_NO
    )
    production_status = django_filters.ChoiceFilter(
        label=_("Tình trạng sản xuất"), choices=ProductionStatus.choices, empty_label=_("Tất cả")
    )
    channel_kind = django_filters.ChoiceFilter(
        label=_("Loại kênh bán hàng"),
        choices=ChannelKind.choices,
        method="filter_channel_kind",
        empty_label=_("Tất cả"),
    )
    channel = ChannelFilter(
        label=_("Kênh bán hàng"),
        queryset=SalesChannel.objects.order_by("kind", "name"),
        method="filter_channel",
        empty_label=_("Tất cả"),
    )
    certification_kind = django_filters.ChoiceFilter(
        label=_("Có chứng nhận"),
        choices=CertificationKind.choices,
        method="filter_certification_kind",
        empty_label=_("Tất cả"),
    )
    craft_village = CraftVillageFilter(label=_("Làng nghề"), queryset=_craft_villages, empty_label=_("Tất cả"))
    potential_five_star = django_filters.BooleanFilter(label=_("Tiềm năng 5 sao"), widget=YES_NO)
    circular_value_chain = django_filters.BooleanFilter(label=_("Chuỗi giá trị kinh tế tuần hoàn"), widget=YES_NO)
    subject = IdFilter(label=_("Mã chủ thể"), field_name="subject_id")
    stars = django_filters.ChoiceFilter(
        label=_("Hạng sao"), choices=STAR_CHOICES, method="filter_stars", empty_label=_("Tất cả")
    )
    ocop_status = django_filters.ChoiceFilter(
        label=_("Tình trạng OCOP"), choices=OcopStatus.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = Product
        fields = []

    # Shown in the always-visible row of the page; the others sit under "Bộ lọc khác" ("subject" is set by links
    # from a subject's page and shown as a note instead).
    main_fields = ("q", "area", "category", "product_set")
    hidden_fields = ("subject",)

    def filter_q(self, queryset, name, value):
        # The national OCOP product code ("82-869-29926-001-2023") finds its product.
        code = value.strip()
        if code and " " not in code and any(ch.isdigit() for ch in code) and "-" in code:
            return queryset.filter(ocop_code__iexact=code)
        # Every word must appear in the product's or the subject's folded name: "banh phong" finds "Bánh phồng".
        for word in fold(value).split()[:8]:
            queryset = queryset.filter(Q(search_text__contains=word) | Q(subject__search_text__contains=word))
        return queryset

    @extend_schema_field(OpenApiTypes.INT)
    def filter_female_led(self, queryset, name, value):
        if value is None:
            return queryset
        female = Q(subject__representative_gender=Gender.FEMALE)
        return queryset.filter(female if value else ~female)

    def filter_channel_kind(self, queryset, name, value):
        links = ProductChannel.objects.filter(product=OuterRef("pk"), channel__kind=value)
        return queryset.filter(Exists(links))

    @extend_schema_field(OpenApiTypes.INT)
    def filter_channel(self, queryset, name, channel):
        return queryset.filter(Exists(ProductChannel.objects.filter(product=OuterRef("pk"), channel=channel)))

    def filter_certification_kind(self, queryset, name, value):
        return queryset.filter(Exists(Certification.objects.filter(product=OuterRef("pk"), kind=value)))

    def filter_stars(self, queryset, name, value):
        if value in (None, ""):
            return queryset
        return queryset.filter(ocop_stars=int(value))  # stored: set only while the recognition is in force

    @property
    def main_form_fields(self):
        return [self.form[name] for name in self.main_fields if name in self.form.fields]

    def _more_names(self):
        return [name for name in self.form.fields if name not in self.main_fields and name not in self.hidden_fields]

    @property
    def more_form_fields(self):
        return [self.form[name] for name in self._more_names()]

    @property
    def more_active(self):
        return any(_active(self.data.get(name)) for name in self._more_names())


class DocumentFilterSet(django_filters.FilterSet):
    subject = IdFilter(label=_("Mã chủ thể"), field_name="subject_id")
    product = IdFilter(label=_("Mã sản phẩm"), field_name="product_id")
    subject_level = django_filters.BooleanFilter(
        label=_("Hồ sơ chủ thể (dùng chung)"), field_name="product", lookup_expr="isnull"
    )
    document_type = django_filters.ModelChoiceFilter(label=_("Loại hồ sơ"), queryset=DocumentType.objects.all())
    content_type = django_filters.ChoiceFilter(
        label=_("Định dạng"),
        choices=[("application/pdf", "PDF"), ("image/jpeg", "JPEG"), ("image/png", "PNG")],
    )

    class Meta:
        model = Document
        fields = ["subject", "product", "subject_level", "document_type", "content_type"]
