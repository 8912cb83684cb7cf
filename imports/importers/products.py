"""Import of sản phẩm OCOP through ``products.services.product_create`` / ``product_update``.

A row is matched by the national OCOP product code when it has one (``Product.ocop_code``, «Mã sản phẩm OCOP»),
otherwise by (registration number of the subject, product name compared without diacritics, case or extra spaces):
the same name of the same subject is the same product.
"""

import re

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import can_edit_registry, role_allows
from areas.selectors import path_within
from ocop_portal.text import fold
from products.models import (
    ClassLevel,
    CraftVillage,
    Product,
    ProductChannel,
    ProductClass,
    ProductionStatus,
    Regime,
    SalesChannel,
)
from products.services import product_create, product_update
from subjects.services import normalize_code

from ..columns import Boolean, Choice, Column, Text
from .base import Importer, RowError
from .common import ProductLookup, SubjectLookup, UnitLookup, accepted, normalize_ocop_code, unit_columns

REGIME_ALIASES = {
    "148": Regime.QD148,
    "QĐ 148": Regime.QD148,
    "148/QĐ-TTg": Regime.QD148,
    "1048": Regime.QD1048,
    "QĐ 1048": Regime.QD1048,
    "1048/QĐ-TTg": Regime.QD1048,
}
FIELDS = [
    "name",
    "description",
    "story",
    "raw_material_area",
    "circular_value_chain",
    "potential_five_star",
    "production_status",
]
CHANNEL_SEPARATOR = ";"
SET_NUMBER_RE = re.compile(r"^(?:bo\s*(?:san\s*pham\s*)?(?:so\s*)?)?0*(\d{1,2})$")
DETAIL_SEPARATOR = ": "


def _channel_links(product):
    """The product's sales channels in the order they were entered (prefetched on export and import)."""
    return sorted(product.channel_links.all(), key=lambda link: link.pk)


def channels_text(product):
    """ "Co.opmart; Shopee: https://shopee.vn/htx-a": the export cell of the sales channels column."""
    return "; ".join(
        f"{link.channel.name}{DETAIL_SEPARATOR}{link.detail}" if link.detail else link.channel.name
        for link in _channel_links(product)
    )


class ProductImporter(Importer):
    kind = "products"
    label = gettext_lazy("Sản phẩm OCOP")
    description = gettext_lazy(
        "Sản phẩm của các chủ thể đã có trên cổng. Một sản phẩm được nhận ra theo số đăng ký kinh doanh của chủ thể "
        "và tên sản phẩm (không phân biệt hoa thường, có dấu hay không): đã có thì cập nhật, chưa có thì thêm mới."
    )
    model = Product
    key_fields = ("subject_number", "name")
    key_label = gettext_lazy("sản phẩm (chủ thể và tên sản phẩm)")
    error_columns = {"unit": "unit_code", "subject": "subject_number", "product_class": "class_code"}
    export_related = ("subject", "unit", "product_class", "craft_village")
    export_prefetch = (Prefetch("channel_links", queryset=ProductChannel.objects.select_related("channel")),)
    columns = [
        Column(
            "Số đăng ký kinh doanh của chủ thể",
            "subject_number",
            Text(50, code=True),
            required=True,
            key=True,
            help=gettext_lazy("Chủ thể phải có trên cổng (nhập chủ thể trước)."),
            example="1400123456",
            export="subject__registration_number",
        ),
        Column(
            "Tên chủ thể",
            "subject_name",
            Text(255),
            imported=False,
            help=gettext_lazy("Chỉ để đọc cho dễ; khi nhập, cổng không dùng cột này."),
            export="subject__name",
        ),
        Column(
            "Tên sản phẩm",
            "name",
            Text(255),
            required=True,
            key=True,
            help=gettext_lazy("Cùng chủ thể, cùng tên (không kể hoa thường, dấu) là cùng một sản phẩm."),
            example="Bánh phồng tôm Sa Giang",
        ),
        Column(
            "Mã sản phẩm OCOP",
            "ocop_code",
            Text(40),
            help=gettext_lazy(
                "Mã sản phẩm trên hệ thống OCOP quốc gia (tỉnh-huyện-xã-số thứ tự-năm, vd. 82-869-29926-001-2023). "
                "Có mã thì cổng nhận sản phẩm theo mã (kể cả khi tên đã đổi); để trống thì theo chủ thể và tên sản "
                "phẩm, mã đang có trên cổng được giữ nguyên."
            ),
            example="82-869-29926-001-2023",
        ),
        Column(
            "Mã bộ sản phẩm",
            "class_code",
            Text(255),
            required=True,
            help=gettext_lazy(
                "Mã bộ sản phẩm theo QĐ 148 (vd. I.3.c), số thứ tự bộ (1–26, vd. 7) hoặc tên bộ sản phẩm; mã phân "
                "loại theo QĐ 1048 (vd. 1.07) khi cột «Phân loại theo» ghi QĐ 1048."
            ),
            example="I.3.c",
            export="product_class__code",
        ),
        Column(
            "Phân loại theo",
            "regime",
            Choice(Regime.choices, aliases=REGIME_ALIASES),
            default=Regime.QD148,
            help=gettext_lazy("Để trống là QĐ 148; cũng nhận «148», «1048»."),
            example="QĐ 148",
            export=lambda product: str(product.product_class.get_regime_display()),
        ),
        Column(
            "Tên bộ sản phẩm",
            "class_name",
            Text(255),
            imported=False,
            help=gettext_lazy("Chỉ để đọc cho dễ; khi nhập, cổng dùng cột «Mã bộ sản phẩm»."),
            export="product_class__name",
        ),
        *unit_columns(
            code_header="Mã đơn vị hành chính nơi sản xuất",
            name_header="Nơi sản xuất",
            required=False,
            help_extra=gettext_lazy("Để trống cả hai cột: lấy địa bàn của chủ thể."),
        ),
        Column("Mô tả", "description", Text()),
        Column("Câu chuyện sản phẩm", "story", Text()),
        Column("Vùng nguyên liệu", "raw_material_area", Text(255)),
        Column(
            "Làng nghề",
            "craft_village",
            Text(255),
            help=gettext_lazy("Tên làng nghề đã có trong danh mục làng nghề; để trống nếu không thuộc làng nghề."),
            export="craft_village__name",
        ),
        Column("Chuỗi giá trị gắn kinh tế tuần hoàn", "circular_value_chain", Boolean(), example="Không"),
        Column("Tiềm năng 5 sao", "potential_five_star", Boolean(), example="Không"),
        Column(
            "Tình trạng sản xuất",
            "production_status",
            Choice(ProductionStatus.choices),
            default=ProductionStatus.ACTIVE,
            help=gettext_lazy("Để trống là «Đang sản xuất»."),
            example="Đang sản xuất",
        ),
        Column(
            "Kênh bán hàng",
            "channels",
            Text(),
            help=gettext_lazy(
                "Tên các kênh trong danh mục kênh bán hàng, cách nhau bằng dấu chấm phẩy; thêm chi tiết sau dấu hai "
                "chấm, vd. «Co.opmart; Shopee: https://shopee.vn/htx-a». Có cột này thì danh sách thay cho các kênh "
                "đang ghi trên cổng (để trống là không có kênh nào); không có cột thì giữ nguyên."
            ),
            example="Co.opmart; Shopee: https://shopee.vn/htx-a",
            export=channels_text,
        ),
    ]

    @classmethod
    def allowed(cls, user):
        return role_allows(user, "change")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.units = UnitLookup(self.actor)
        self.subjects = SubjectLookup(self.actor)
        self.products = ProductLookup(self.actor)
        self.classes = {}
        self.villages = {}
        self.channels = {}

    def prepare(self, rows):
        numbers = [row.values.get("subject_number") for row in rows]
        self.units.prepare(row.values.get("unit_code") for row in rows)
        self.subjects.prepare(numbers)
        self.products.prepare(
            numbers,
            related=("product_class", "craft_village"),
            prefetch=self.export_prefetch,
            codes=[row.values.get("ocop_code") for row in rows],
        )
        if self.present("channels"):
            for channel in SalesChannel.objects.all():
                self.channels.setdefault(fold(channel.name), []).append(channel)
        for product_class in ProductClass.objects.all():
            labels = {product_class.code, product_class.name}
            if product_class.level == ClassLevel.SET and product_class.set_number:
                labels.add(str(product_class.set_number))  # «bộ sản phẩm số 7» of Decision 148
            for label in labels:
                self.classes.setdefault((product_class.regime, fold(label)), []).append(product_class)
        if any(row.values.get("craft_village") for row in rows):
            for village in CraftVillage.objects.restrict(self.actor, "view").select_related("unit"):
                self.villages.setdefault(fold(village.name), []).append(village)

    def _product_class(self, row):
        regime = row.values.get("regime") or Regime.QD148
        text = row.values["class_code"]
        found = self.classes.get((regime, fold(text)), [])
        if not found:  # «Bộ 7», «bộ số 7», «Bộ sản phẩm số 7»
            number = SET_NUMBER_RE.match(fold(text))
            if number:
                found = self.classes.get((regime, str(int(number.group(1)))), [])
        sets = [product_class for product_class in found if product_class.level == ClassLevel.SET]
        if len(sets) == 1:
            return sets[0]
        if found and not sets:
            raise RowError(
                "class_code",
                _("«%(code)s» là một nhóm, không phải bộ sản phẩm; hãy ghi mã bộ sản phẩm (cấp cuối, vd. I.3.c).")
                % {"code": text},
            )
        if len(sets) > 1:
            raise RowError("class_code", _("tên này trùng nhiều bộ sản phẩm; hãy ghi mã."))
        regime_label = dict(Regime.choices)[regime]
        if regime == Regime.QD148:
            accepted = _(
                "ghi mã bộ sản phẩm (vd. I.3.c), số thứ tự bộ từ 1 đến 26 (vd. 7) hoặc tên bộ sản phẩm (vd. «Chế biến "
                "từ rau, củ, quả, hạt»), như trong danh mục phân loại sản phẩm"
            )
        else:
            accepted = _(
                "ghi mã phân loại theo QĐ 1048 (vd. 1.07) hoặc tên phân loại, như trong danh mục phân loại sản phẩm"
            )
        raise RowError(
            "class_code",
            _("không có bộ sản phẩm nào mang mã, số hoặc tên này theo %(regime)s: %(accepted)s.")
            % {"regime": regime_label, "accepted": accepted},
        )

    def _craft_village(self, row, unit):
        name = row.values.get("craft_village")
        if not name:
            return None
        villages = self.villages.get(fold(name), [])
        if len(villages) > 1:
            villages = [village for village in villages if path_within(unit.path, [village.unit.path])] or villages
        if not villages:
            names = accepted(village.name for group in self.villages.values() for village in group)
            raise RowError(
                "craft_village",
                _(
                    "không có làng nghề nào tên như vậy trong danh mục làng nghề của địa bàn bạn; các tên được nhận: %(names)s."
                )
                % {"names": names},
            )
        if len(villages) > 1:
            raise RowError("craft_village", _("tên làng nghề này trùng ở nhiều nơi."))
        return villages[0]

    def _channels(self, row):
        """The sales channels cell as [(channel, detail)], each name from the catalogue, none twice."""
        found, seen = [], set()
        for item in (row.values.get("channels") or "").split(CHANNEL_SEPARATOR):
            item = item.strip()
            if not item:
                continue
            name, _sep, detail = item.partition(DETAIL_SEPARATOR.strip())
            name = name.strip()
            channels = self.channels.get(fold(name), [])
            if not channels:
                names = accepted(channel.name for group in self.channels.values() for channel in group)
                raise RowError(
                    "channels",
                    _("không có kênh «%(name)s» trong danh mục kênh bán hàng; các kênh được nhận: %(names)s.")
                    % {"name": name, "names": names},
                )
            if len(channels) > 1:
                raise RowError("channels", _("tên kênh «%(name)s» trùng nhiều loại kênh.") % {"name": name})
            if channels[0].pk in seen:
                raise RowError("channels", _("kênh «%(name)s» được ghi hai lần.") % {"name": name})
            seen.add(channels[0].pk)
            found.append((channels[0], detail.strip()))
        return found

    def resolve(self, row):
        values = row.values
        subject = self.subjects.find(values["subject_number"], "subject_number")
        unit = self.units.find(
            code=values.get("unit_code"),
            name=values.get("unit_name"),
            code_field="unit_code" if self.present("unit_code") else "unit_name",
            name_field="unit_name" if self.present("unit_name") else "unit_code",
            required=False,
        )
        row.refs["subject"] = subject
        row.refs["unit"] = unit or subject.unit
        row.refs["product_class"] = self._product_class(row)
        if self.present("craft_village"):
            row.refs["craft_village"] = self._craft_village(row, row.refs["unit"])
        if self.present("channels"):
            row.refs["channels"] = self._channels(row)
        code = normalize_ocop_code(values.get("ocop_code"))
        if code:
            values["ocop_code"] = code
        by_code = self.products.by_ocop_code(code) if code else None
        if by_code is not None:
            if by_code.subject_id != subject.pk:
                raise RowError(
                    "ocop_code",
                    _("mã sản phẩm OCOP này đã là của sản phẩm «%(name)s» thuộc chủ thể khác.")
                    % {"name": by_code.name},
                )
            existing = by_code
        else:
            candidates = self.products.candidates(values["subject_number"], values["name"])
            if len(candidates) > 1:
                raise RowError(
                    "name", _("chủ thể có nhiều sản phẩm trùng tên này trên cổng; hãy sửa tên trên cổng trước.")
                )
            existing = candidates[0] if candidates else None
            if code and existing is not None and existing.ocop_code and existing.ocop_code != code:
                raise RowError(
                    "ocop_code",
                    _("sản phẩm này trên cổng mang mã sản phẩm OCOP «%(code)s», khác mã trong tệp.")
                    % {"code": existing.ocop_code},
                )
        if existing is not None and not can_edit_registry(self.actor, existing):
            raise RowError("name", _("sản phẩm này nằm ngoài địa bàn bạn được sửa."))
        row.refs["existing"] = existing

    def data(self, row):
        data = {name: row.values[name] for name in FIELDS if name in row.values}
        if row.values.get("ocop_code"):  # a blank cell keeps the code the portal has
            data["ocop_code"] = row.values["ocop_code"]
        data["subject"] = row.refs["subject"]
        data["unit"] = row.refs["unit"]
        data["product_class"] = row.refs["product_class"]
        if "craft_village" in row.refs:
            data["craft_village"] = row.refs["craft_village"]
        return data

    def _channel_rows(self, row, existing):
        """The service's channel rows; a channel the product already has keeps its row (and id)."""
        if "channels" not in row.refs:
            return None
        kept = {link.channel_id: link.pk for link in _channel_links(existing)} if existing else {}
        rows = []
        for channel, detail in row.refs["channels"]:
            item = {"channel": channel, "detail": detail}
            if channel.pk in kept:
                item["id"] = kept[channel.pk]
            rows.append(item)
        return rows

    @staticmethod
    def _same_channels(existing, rows):
        current = sorted((link.channel_id, link.detail) for link in _channel_links(existing))
        return current == sorted((item["channel"].pk, item["detail"]) for item in rows)

    def apply(self, row):
        data = self.data(row)
        existing = row.refs["existing"]
        channels = self._channel_rows(row, existing)
        if existing is None:
            product_create(actor=self.actor, data=data, channels=channels or ())
            return "create", []
        changed = self.changes(existing, data)
        if channels is not None and self._same_channels(existing, channels):
            channels = None
        if not changed and channels is None:
            return "unchanged", []
        texts = self.change_texts(existing, changed)
        if channels is not None:
            new = "; ".join(
                f"{i['channel'].name}: {i['detail']}" if i["detail"] else i["channel"].name for i in channels
            )
            texts.append(f"{self.column('channels').header}: «{channels_text(existing)}» → «{new}»")
        product_update(actor=self.actor, product=existing, data=changed, channels=channels, reason=self.reason)
        return "update", texts

    def key(self, row):
        return normalize_code(row.values.get("subject_number")), fold(row.values.get("name"))

    def describe(self, row):
        return f"{row.values.get('name', '')} ({row.values.get('subject_number', '')})"

    def key_text(self, row):
        return _("sản phẩm «%(name)s» của chủ thể %(number)s") % {
            "name": row.values.get("name", ""),
            "number": row.values.get("subject_number", ""),
        }
