"""Lookups shared by the importers: administrative units, subjects and products, loaded in bulk."""

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scoping import in_scope, visible_units
from areas.formatting import unit_name
from areas.models import AdministrativeUnit
from areas.selectors import unit_for_code
from ocop_portal.formatting import format_date
from ocop_portal.text import fold
from subjects.services import describe_subject, normalize_code

from ..columns import Column, Text
from .base import RowError

CHUNK = 500


def chunks(values, size=CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def accepted(names, limit=12):
    """ "«Co.opmart»; «Shopee»; ... (và 3 tên khác)": the names a refused cell may take, for the message."""
    names = sorted({str(name) for name in names if name})
    shown = "; ".join(f"«{name}»" for name in names[:limit])
    if len(names) > limit:
        shown += " " + _("(và %(n)s tên khác)") % {"n": len(names) - limit}
    return shown or _("(danh mục đang trống)")


def unit_columns(*, code_header, name_header, field_prefix="unit", required=True, help_extra=""):
    """The pair of columns naming an administrative unit: its code (used first) and its name (used if no code)."""
    help_code = gettext_lazy(
        "Mã đơn vị hành chính (mã thống kê GSO) của xã, phường, thị trấn hoặc huyện; xem trang «Đơn vị hành chính»."
    )
    if required:
        required_note = format_lazy(gettext_lazy("Bắt buộc ghi mã, hoặc ghi tên ở cột «{name}»."), name=name_header)
        help_code = format_lazy("{} {}", help_code, required_note)
    if help_extra:
        help_code = format_lazy("{} {}", help_code, help_extra)
    return [
        Column(
            code_header,
            f"{field_prefix}_code",
            Text(20),
            help=help_code,
            example="30316",
            export=f"{field_prefix}__code",
            extra={"model_field": field_prefix},
        ),
        Column(
            name_header,
            f"{field_prefix}_name",
            Text(200),
            help=gettext_lazy(
                "Tên đơn vị hành chính; chỉ dùng khi không ghi mã. Tên trùng nhau ở hai nơi thì phải ghi mã."
            ),
            example="Xã Tân Thành",
            export=f"{field_prefix}__name",
        ),
    ]


def _unit_period(unit):
    """ "Tỉnh Tiền Giang (đến 30/06/2025)": a unit and its validity, to tell units sharing a code apart."""
    if unit.valid_to:
        return _("%(unit)s (đến %(date)s)") % {"unit": unit_name(unit), "date": format_date(unit.valid_to)}
    if unit.valid_from:
        return _("%(unit)s (từ %(date)s)") % {"unit": unit_name(unit), "date": format_date(unit.valid_from)}
    return unit_name(unit)


class UnitLookup:
    """Administrative units by code (resolved by the row's date when a code was reused) or by name."""

    def __init__(self, actor, action="change"):
        self.actor = actor
        self.action = action
        self.by_code = {}
        self.by_name = None

    def prepare(self, codes):
        codes = {code for code in codes if code}
        wanted = codes | {code.lstrip("0") for code in codes}
        for part in chunks(wanted):
            for unit in AdministrativeUnit.objects.filter(code__in=part):
                self.by_code.setdefault(unit.code, []).append(unit)
                self.by_code.setdefault(unit.code.lstrip("0"), []).append(unit)

    def _names(self):
        if self.by_name is None:
            self.by_name = {}
            for unit in visible_units(self.actor, "view"):
                for label in {fold(unit.name), fold(unit_name(unit))}:
                    self.by_name.setdefault(label, []).append(unit)
        return self.by_name

    @staticmethod
    def _pick(units, on=None):
        return unit_for_code(units, on)

    def find(self, *, code, name, code_field, name_field, required=True, on=None):
        """The unit, or None when both cells are blank and ``required`` is false; RowError otherwise.

        ``on``: the row's date. A code reused by the 2025 structure means the unit in force on that date (a 2023
        row: the old unit; a 2026 row: the new one), an ended unit's code on a later row its successor
        (``areas.selectors.unit_for_code``); without a date, the unit in force today."""
        if code:
            units = self.by_code.get(code) or self.by_code.get(code.lstrip("0")) or []
            if not units:
                raise RowError(
                    code_field,
                    _(
                        "không có đơn vị hành chính nào mang mã này; ghi mã thống kê (GSO) của xã, phường, huyện hoặc "
                        "tỉnh như trên trang «Đơn vị hành chính» (vd. 30316), hoặc để trống mã và ghi tên đơn vị."
                    ),
                )
            unit = self._pick(units, on)
            if unit is None and on is not None and not any(unit.is_in_force(on) for unit in units):
                raise RowError(
                    code_field,
                    _(
                        "không có đơn vị hành chính nào mang mã này còn hiệu lực vào ngày %(date)s (các đơn vị: %(units)s)."
                    )
                    % {"date": format_date(on), "units": "; ".join(_unit_period(unit) for unit in units)},
                )
            if unit is None:
                raise RowError(code_field, _("mã này thuộc nhiều đơn vị hành chính; liên hệ quản trị hệ thống."))
        elif name:
            units = self._names().get(fold(name), [])
            if not units:
                raise RowError(
                    name_field, _("không có đơn vị hành chính nào tên như vậy trong địa bàn của bạn; hãy ghi mã.")
                )
            unit = self._pick(units, on)
            if unit is None:
                codes = ", ".join(sorted(unit.code for unit in units))
                raise RowError(
                    name_field, _("tên này trùng ở nhiều nơi (mã %(codes)s); hãy ghi mã.") % {"codes": codes}
                )
        else:
            if not required:
                return None
            raise RowError(code_field, _("thiếu đơn vị hành chính: ghi mã hoặc tên."))
        if not in_scope(self.actor, unit, self.action):
            field = code_field if code else name_field
            raise RowError(
                field,
                _("đơn vị hành chính «%(unit)s» nằm ngoài địa bàn bạn quản lý.") % {"unit": unit_name(unit)},
            )
        return unit


class SubjectLookup:
    """Subjects by registration number, loaded in bulk."""

    def __init__(self, actor):
        self.actor = actor
        self.by_number = {}

    def prepare(self, numbers):
        from subjects.models import Subject

        numbers = {normalize_code(number) for number in numbers if number}
        for part in chunks(numbers):
            for subject in Subject.objects.filter(registration_number__in=part).select_related("unit"):
                self.by_number[normalize_code(subject.registration_number)] = subject

    def get(self, number):
        return self.by_number.get(normalize_code(number))

    def find(self, number, field, *, action="change"):
        subject = self.get(number)
        if subject is None:
            raise RowError(field, _("không có chủ thể nào có số đăng ký kinh doanh này; hãy nhập chủ thể trước."))
        if not in_scope(self.actor, subject, action):
            raise RowError(
                field,
                _("số đăng ký này thuộc %(subject)s, ngoài địa bàn bạn quản lý.")
                % {"subject": describe_subject(subject, self.actor)},
            )
        return subject


def normalize_ocop_code(code):
    """ "82-869-29926-001-2023", " 82 - 869 - 29926 - 001 - 2023 " and "82–869–29926–001–2023" are one code."""
    text = "".join((code or "").split()).replace("–", "-").replace("—", "-")
    return text.upper()


class ProductLookup:
    """Products by the national OCOP product code (``Product.ocop_code``) when a row has one, otherwise by
    (registration number of the subject, product name without diacritics or case)."""

    def __init__(self, actor, action="change"):
        self.actor = actor
        self.action = action
        self.by_key = {}
        self.by_code = {}

    @staticmethod
    def key(number, name):
        return normalize_code(number), fold(name)

    def prepare(self, numbers, related=(), prefetch=(), codes=()):
        from products.models import Product

        numbers = {normalize_code(number) for number in numbers if number}
        codes = {normalize_ocop_code(code) for code in codes if code}
        for part in chunks(numbers):
            queryset = (
                Product.objects.filter(subject__registration_number__in=part)
                .select_related("subject", "unit", *related)
                .prefetch_related(*prefetch)
            )
            for product in queryset:
                self._add(product)
        for part in chunks(codes):
            queryset = (
                Product.objects.filter(ocop_code__in=part)
                .select_related("subject", "unit", *related)
                .prefetch_related(*prefetch)
            )
            for product in queryset:
                self._add(product)

    def _add(self, product):
        key = self.key(product.subject.registration_number, product.name)
        if all(other.pk != product.pk for other in self.by_key.get(key, [])):
            self.by_key.setdefault(key, []).append(product)
        if product.ocop_code:
            self.by_code[normalize_ocop_code(product.ocop_code)] = product

    def candidates(self, number, name):
        return self.by_key.get(self.key(number, name), [])

    def by_ocop_code(self, code):
        return self.by_code.get(normalize_ocop_code(code))

    def find(self, number, name, field, *, code=None, code_field="ocop_code"):
        if code:
            product = self.by_ocop_code(code)
            if product is None:
                raise RowError(
                    code_field,
                    _(
                        "không có sản phẩm nào mang mã sản phẩm OCOP này trên cổng (mã dạng tỉnh-huyện-xã-số thứ "
                        "tự-năm, vd. 82-869-29926-001-2023); để trống thì cổng tìm theo số đăng ký kinh doanh và tên "
                        "sản phẩm."
                    ),
                )
            if not in_scope(self.actor, product, self.action):
                raise RowError(code_field, _("sản phẩm này nằm ngoài địa bàn bạn quản lý."))
            return product
        products = self.candidates(number, name)
        if not products:
            raise RowError(
                field,
                _("không có sản phẩm nào tên như vậy của chủ thể có số đăng ký kinh doanh «%(number)s».")
                % {"number": normalize_code(number)},
            )
        if len(products) > 1:
            raise RowError(field, _("chủ thể có nhiều sản phẩm trùng tên này; hãy sửa tên trên cổng trước."))
        product = products[0]
        if not in_scope(self.actor, product, self.action):
            raise RowError(field, _("sản phẩm này nằm ngoài địa bàn bạn quản lý."))
        return product


OCOP_CODE_HELP = gettext_lazy(
    "Mã sản phẩm trên hệ thống OCOP quốc gia (tỉnh-huyện-xã-số thứ tự-năm, vd. 82-869-29926-001-2023). Có mã thì "
    "cổng nhận sản phẩm theo mã; để trống thì theo số đăng ký kinh doanh của chủ thể và tên sản phẩm."
)


def product_columns(path="product__"):
    """The columns naming an existing product (its OCOP code, used first when given; the subject's registration
    number, subject name to read, product name), exported from the row's product at ``path``. Formerly the three columns naming an existing product (subject's registration number, subject name to read, product
    name), exported from the row's product at ``path``."""
    return [
        Column(
            "Mã sản phẩm OCOP",
            "ocop_code",
            Text(40),
            help=OCOP_CODE_HELP,
            example="82-869-29926-001-2023",
            export=f"{path}ocop_code",
        ),
        Column(
            "Số đăng ký kinh doanh của chủ thể",
            "subject_number",
            Text(50, code=True),
            required=True,
            key=True,
            example="1400123456",
            export=f"{path}subject__registration_number",
        ),
        Column(
            "Tên chủ thể",
            "subject_name",
            Text(255),
            imported=False,
            help=gettext_lazy("Chỉ để đọc cho dễ; khi nhập, cổng không dùng cột này."),
            export=f"{path}subject__name",
        ),
        Column(
            "Tên sản phẩm",
            "product_name",
            Text(255),
            required=True,
            key=True,
            help=gettext_lazy("Sản phẩm phải có trên cổng (nhập sản phẩm trước); so tên không kể hoa thường, dấu."),
            example="Bánh phồng tôm Sa Giang",
            export=f"{path}name",
        ),
    ]
