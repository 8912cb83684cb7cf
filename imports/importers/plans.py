"""Import of yearly plans with their targets (kế hoạch OCOP năm, chỉ tiêu) through ``programme.services``
(``plan_create`` / ``plan_update`` / ``target_create`` / ``target_update``).

One row per target: the plan (year, unit, number, date, title, issuer) and the target (kind of indicator, value).
Key: (year, unit, kind of target); for «Chỉ tiêu khác» the content of the target too (a plan may have several). The
first row of a plan creates it; every row of the same plan must give the same plan details.
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop_portal.text import fold
from programme.indicators import IndicatorType
from programme.models import Plan, Target
from programme.permissions import can_change_programme, can_edit_plan
from programme.services import plan_create, plan_update, target_create, target_update

from ..columns import Choice, Column, Date, Integer, Number, Text
from .base import Importer, RowError
from .common import UnitLookup, unit_columns

PLAN_FIELDS = ("number", "issued_on", "title", "issuer")
TARGET_FIELDS = ("target_number", "target_title", "target_value", "unit_label")
TARGET_MODEL_FIELDS = {"target_number": "number", "target_title": "title", "unit_label": "unit_label"}


def default_title(year):
    return _("Kế hoạch triển khai Chương trình Mỗi xã một sản phẩm năm %(year)s") % {"year": year}


class PlanTargetImporter(Importer):
    kind = "plans"
    label = gettext_lazy("Kế hoạch năm và chỉ tiêu")
    description = gettext_lazy(
        "Kế hoạch OCOP từng năm của tỉnh, huyện, xã và các chỉ tiêu của kế hoạch: mỗi dòng một chỉ tiêu. Dòng đầu "
        "tiên của một kế hoạch chưa có trên cổng sẽ lập kế hoạch (dự thảo); các dòng cùng kế hoạch phải ghi giống "
        "nhau phần thông tin kế hoạch."
    )
    model = Target
    exports_list = False
    key_fields = ("year", "unit_key", "indicator_type", "title_key")
    key_label = gettext_lazy("chỉ tiêu của một kế hoạch (năm, địa bàn, loại chỉ tiêu)")
    error_columns = {
        "unit": "unit_code",
        "year": "year",
        "number": "number",
        "issued_on": "issued_on",
        "title": "title",
        "target_value": "target_value",
        "indicator_type": "indicator_type",
    }
    columns = [
        Column("Năm kế hoạch", "year", Integer(minimum=2018, maximum=2100), required=True, key=True, example=2023),
        *unit_columns(code_header="Mã đơn vị hành chính của kế hoạch", name_header="Địa bàn của kế hoạch"),
        Column("Số, ký hiệu kế hoạch", "number", Text(60), example="81/KH-UBND"),
        Column("Ngày ban hành kế hoạch", "issued_on", Date(), example="10/04/2023"),
        Column(
            "Trích yếu kế hoạch",
            "title",
            Text(500),
            help=gettext_lazy("Để trống: «Kế hoạch triển khai Chương trình Mỗi xã một sản phẩm năm …»."),
            example="Kế hoạch thực hiện Chương trình OCOP năm 2023",
        ),
        Column("Cơ quan ban hành kế hoạch", "issuer", Text(200), example="UBND tỉnh Đồng Tháp"),
        Column(
            "Loại chỉ tiêu",
            "indicator_type",
            Choice(IndicatorType.choices),
            required=True,
            key=True,
            help=gettext_lazy("Ghi đúng tên loại chỉ tiêu như danh sách hoặc mã loại (vd. new_products_3star)."),
            example=str(IndicatorType.NEW_PRODUCTS_3STAR.label),
        ),
        Column(
            "Nội dung chỉ tiêu",
            "target_title",
            Text(500),
            help=gettext_lazy(
                "Để trống: tên loại chỉ tiêu. Bắt buộc với «Chỉ tiêu khác»; các chỉ tiêu khác cùng kế hoạch phân biệt "
                "bằng nội dung."
            ),
            example="Có ít nhất 30 sản phẩm OCOP mới đạt 3 sao trở lên",
        ),
        Column(
            "Giá trị chỉ tiêu",
            "target_value",
            Number(),
            required=True,
            help=gettext_lazy("Số sản phẩm, chủ thể... hoặc tỷ lệ phần trăm (vd. 30 hoặc 12,5)."),
            example=30,
        ),
        Column("Đơn vị tính", "unit_label", Text(60), help=gettext_lazy("Để trống: theo loại chỉ tiêu.")),
        Column("Số thứ tự chỉ tiêu", "target_number", Text(10), example="(1)"),
    ]

    @classmethod
    def allowed(cls, user):
        return can_change_programme(user)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.units = UnitLookup(self.actor)
        self.plans = {}
        self.targets = {}
        self.first_row_of_plan = {}

    def key(self, row):
        values = row.values
        unit = (values.get("unit_code") or "").lstrip("0") or fold(values.get("unit_name"))
        title = fold(values.get("target_title")) if values.get("indicator_type") == IndicatorType.FREE_TEXT else ""
        return values.get("year"), unit, values.get("indicator_type"), title

    def key_text(self, row):
        values = row.values
        return _("năm %(year)s, %(unit)s, %(kind)s") % {
            "year": values.get("year"),
            "unit": values.get("unit_code") or values.get("unit_name"),
            "kind": dict(IndicatorType.choices).get(values.get("indicator_type"), ""),
        }

    describe = key_text

    def prepare(self, rows):
        self.units.prepare(row.values.get("unit_code") for row in rows)
        years = {row.values.get("year") for row in rows if row.values.get("year")}
        for plan in Plan.objects.filter(year__in=years).select_related("unit"):
            self.plans[(plan.year, plan.unit_id)] = plan
        for target in Target.objects.filter(plan__year__in=years).select_related("plan"):
            self.targets.setdefault((target.plan_id, target.indicator_type), []).append(target)

    def resolve(self, row):
        values = row.values
        unit = self.units.find(
            code=values.get("unit_code"),
            name=values.get("unit_name"),
            code_field="unit_code" if self.present("unit_code") else "unit_name",
            name_field="unit_name" if self.present("unit_name") else "unit_code",
            on=datetime.date(values["year"], 12, 31),
        )
        if values["indicator_type"] == IndicatorType.FREE_TEXT and not values.get("target_title"):
            raise RowError("target_title", _("«Chỉ tiêu khác» phải ghi nội dung chỉ tiêu."))
        plan = self.plans.get((values["year"], unit.pk))
        if plan is not None and not can_edit_plan(self.actor, plan):
            raise RowError(None, _("bạn không được sửa kế hoạch «%(plan)s».") % {"plan": plan})
        row.refs.update(unit=unit, plan=plan)
        plan_key = (values["year"], unit.pk)
        first = self.first_row_of_plan.setdefault(plan_key, row)
        if first is not row:
            for name in PLAN_FIELDS:
                if name in values and name in first.values and values[name] != first.values[name]:
                    raise RowError(
                        name,
                        _("khác thông tin kế hoạch ở dòng %(row)s; mọi dòng của cùng một kế hoạch phải ghi giống nhau.")
                        % {"row": first.number},
                    )
        if plan is not None:
            row.refs["target"] = self._existing_target(row, plan)

    def _existing_target(self, row, plan):
        values = row.values
        targets = self.targets.get((plan.pk, values["indicator_type"]), [])
        if values["indicator_type"] == IndicatorType.FREE_TEXT:
            targets = [t for t in targets if fold(t.title) == fold(values.get("target_title"))]
        if len(targets) > 1:
            raise RowError(
                "indicator_type",
                _("kế hoạch đã có %(n)s chỉ tiêu loại này; hãy sửa trên trang kế hoạch.") % {"n": len(targets)},
            )
        return targets[0] if targets else None

    def plan_data(self, row):
        values = row.values
        data = {name: values[name] for name in PLAN_FIELDS if name in values}
        if not data.get("title"):
            data.pop("title", None)
        return data

    def target_data(self, row):
        values = row.values
        data = {"indicator_type": values["indicator_type"], "target_value": values["target_value"]}
        for name, model_name in TARGET_MODEL_FIELDS.items():
            if name in values:
                data[model_name] = values[name]
        if not data.get("title"):
            data["title"] = str(IndicatorType(values["indicator_type"]).label)
        return data

    def apply(self, row):
        values = row.values
        plan = row.refs["plan"]
        texts = []
        action = "unchanged"
        plan_key = (values["year"], row.refs["unit"].pk)
        if plan is None:
            plan = self.plans.get(plan_key)
        if plan is None:
            data = {"unit": row.refs["unit"], "year": values["year"], "title": default_title(values["year"])}
            data.update(self.plan_data(row))
            plan = plan_create(actor=self.actor, data=data)
            self.plans[plan_key] = plan
            texts.append(_("lập %(plan)s") % {"plan": plan})
            action = "create"
        elif self.first_row_of_plan.get(plan_key) is row:
            changed = self.changes(plan, self.plan_data(row))
            if changed:
                texts += self.change_texts(plan, changed)
                plan = plan_update(actor=self.actor, plan=plan, data=changed, reason=self.reason)
                self.plans[plan_key] = plan
                action = "update"
        target = row.refs.get("target")
        data = self.target_data(row)
        if target is None:
            target = target_create(actor=self.actor, plan=plan, data=data, reason=self.reason)
            self.targets.setdefault((plan.pk, target.indicator_type), []).append(target)
            return "create", texts
        changed = self.changes(target, data)
        if changed:
            texts += [
                f"{Target._meta.get_field(name).verbose_name}: «{getattr(target, name)}» → «{value}»"
                for name, value in changed.items()
            ]
            target_update(actor=self.actor, target=target, data=changed, reason=self.reason)
            action = "update"
        return action, texts
