"""Import of budget lines (dòng kinh phí) through ``programme.services.budget_line_create`` / ``budget_line_update``.

Key: (year, funding source, unit, task). A new line goes into the plan of that year named by «Mã đơn vị hành chính
của kế hoạch», or, when that cell is blank, into the plan of the nearest unit at or above the line's unit. Lines of
approved plans change with the import's reason in the audit log.
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.formatting import unit_name
from areas.selectors import ids_in_path
from ocop_portal.text import fold
from programme.models import BudgetLine, BudgetTask, FundingSource, Plan
from programme.permissions import can_change_programme, can_edit_plan
from programme.services import budget_line_create, budget_line_update

from ..columns import Choice, Column, Integer, Number, Text
from .base import Importer, RowError
from .common import UnitLookup, accepted, chunks, unit_columns

AMOUNT_HELP = gettext_lazy("Triệu đồng, vd. 1.234,5; để trống nếu chưa có (phải có ít nhất một trong ba số tiền).")
FIELDS = ["description", "planned_mvnd", "allocated_mvnd", "disbursed_mvnd", "document_reference", "note"]


class BudgetLineImporter(Importer):
    kind = "budget"
    label = gettext_lazy("Kinh phí (dòng kinh phí theo nguồn vốn)")
    description = gettext_lazy(
        "Kinh phí kế hoạch, đã phân bổ, đã giải ngân của kế hoạch OCOP từng năm theo nguồn vốn, địa bàn và nhiệm vụ. "
        "Kế hoạch của năm phải có trên cổng trước."
    )
    model = BudgetLine
    key_fields = ("year", "source", "unit_key", "task")
    key_label = gettext_lazy("dòng kinh phí (năm, nguồn vốn, địa bàn, nhiệm vụ)")
    error_columns = {"unit": "unit_code", "source": "source", "plan": "plan_unit_code"}
    export_related = ("plan__unit", "source", "unit")
    columns = [
        Column("Năm", "year", Integer(minimum=2018, maximum=2100), required=True, example=2023, export="plan__year"),
        Column(
            "Nguồn vốn",
            "source",
            Text(200),
            required=True,
            help=gettext_lazy("Tên, tên ngắn hoặc mã nguồn vốn trong danh mục (vd. Vốn địa phương, MTQG XD NTM)."),
            example="Vốn địa phương",
            export="source__name",
        ),
        *unit_columns(code_header="Mã đơn vị hành chính thực hiện", name_header="Địa bàn thực hiện"),
        Column(
            "Nhiệm vụ",
            "task",
            Choice(BudgetTask.choices),
            required=True,
            example="Đào tạo, tập huấn",
        ),
        Column("Nội dung", "description", Text(500)),
        Column("Kế hoạch (triệu đồng)", "planned_mvnd", Number(), help=AMOUNT_HELP, example="1.234,5"),
        Column("Đã phân bổ (triệu đồng)", "allocated_mvnd", Number(), help=AMOUNT_HELP),
        Column("Đã giải ngân (triệu đồng)", "disbursed_mvnd", Number(), help=AMOUNT_HELP),
        Column("Văn bản giao vốn / chứng từ", "document_reference", Text(255), example="81/KH-UBND ngày 10/4/2023"),
        Column("Ghi chú", "note", Text()),
        Column(
            "Mã đơn vị hành chính của kế hoạch",
            "plan_unit_code",
            Text(20),
            help=gettext_lazy(
                "Địa bàn của kế hoạch chứa dòng này. Để trống: kế hoạch cùng năm của địa bàn gần nhất, từ địa bàn "
                "thực hiện trở lên."
            ),
            export="plan__unit__code",
        ),
    ]

    @classmethod
    def allowed(cls, user):
        return can_change_programme(user)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.units = UnitLookup(self.actor)
        self.sources = {}
        self.plans = {}
        self.existing = {}

    def prepare(self, rows):
        self.units.prepare(
            [row.values.get("unit_code") for row in rows] + [row.values.get("plan_unit_code") for row in rows]
        )
        for source in FundingSource.objects.all():
            for label in {source.code, source.name, source.short_name}:
                if label:
                    self.sources.setdefault(fold(label), []).append(source)
        years = {row.values.get("year") for row in rows if row.values.get("year")}
        for plan in Plan.objects.filter(year__in=years).select_related("unit"):
            self.plans[(plan.year, plan.unit_id)] = plan
        for part in chunks(years):
            for line in BudgetLine.objects.filter(plan__year__in=part).select_related("plan__unit", "source", "unit"):
                key = (line.plan.year, line.source_id, line.unit_id, line.task)
                self.existing.setdefault(key, []).append(line)

    def _source(self, row):
        sources = self.sources.get(fold(row.values["source"]), [])
        if not sources:
            names = accepted(source.short_name or source.name for group in self.sources.values() for source in group)
            raise RowError(
                "source",
                _("không có nguồn vốn nào như vậy trong danh mục nguồn vốn; ghi tên, tên ngắn hoặc mã: %(names)s.")
                % {"names": names},
            )
        if len(sources) > 1:
            raise RowError("source", _("tên này trùng nhiều nguồn vốn; hãy ghi mã nguồn vốn."))
        return sources[0]

    def _plan(self, row, unit):
        year = row.values["year"]
        code = row.values.get("plan_unit_code")
        if code:
            plan_unit = self.units.find(
                code=code,
                name="",
                code_field="plan_unit_code",
                name_field="plan_unit_code",
                required=True,
                on=self.row_day(row),
            )
            plan = self.plans.get((year, plan_unit.pk))
            if plan is None:
                raise RowError(
                    "plan_unit_code",
                    _("%(unit)s chưa có kế hoạch OCOP năm %(year)s; hãy lập kế hoạch trước.")
                    % {"unit": unit_name(plan_unit), "year": year},
                )
            return plan
        ancestors = ids_in_path(unit.path)
        for unit_id in reversed(ancestors):
            plan = self.plans.get((year, unit_id))
            if plan is not None:
                return plan
        raise RowError(
            "year",
            _("chưa có kế hoạch OCOP năm %(year)s của %(unit)s hoặc đơn vị cấp trên; hãy lập kế hoạch trước.")
            % {"year": year, "unit": unit_name(unit)},
        )

    @staticmethod
    def row_day(row):
        """The day a budget row's unit codes are read on: 1 January of its year (a plan is set at the start of the
        year; a code reused by the 2025 structure means the unit in force then)."""
        return datetime.date(row.values["year"], 1, 1)

    def resolve(self, row):
        values = row.values
        unit = self.units.find(
            code=values.get("unit_code"),
            name=values.get("unit_name"),
            code_field="unit_code" if self.present("unit_code") else "unit_name",
            name_field="unit_name" if self.present("unit_name") else "unit_code",
            on=self.row_day(row),
        )
        source = self._source(row)
        row.refs.update(unit=unit, source=source)
        lines = self.existing.get((values["year"], source.pk, unit.pk, values["task"]), [])
        if len(lines) > 1:
            raise RowError(
                None,
                _(
                    "trên cổng đã có %(n)s dòng kinh phí cùng năm, nguồn vốn, địa bàn và nhiệm vụ; hãy gộp trên cổng trước."
                )
                % {"n": len(lines)},
            )
        existing = lines[0] if lines else None
        if existing is not None:
            if not can_edit_plan(self.actor, existing.plan):
                raise RowError(None, _("dòng kinh phí này thuộc kế hoạch ngoài địa bàn bạn được sửa."))
            code = values.get("plan_unit_code")
            if code and existing.plan.unit.code != code:
                raise RowError("plan_unit_code", _("dòng kinh phí này đã thuộc kế hoạch của địa bàn khác."))
        else:
            plan = self._plan(row, unit)
            if not can_edit_plan(self.actor, plan):
                raise RowError(None, _("bạn không được sửa kế hoạch «%(plan)s».") % {"plan": plan})
            row.refs["plan"] = plan
        row.refs["existing"] = existing

    def key(self, row):
        values = row.values
        unit = (values.get("unit_code") or "").lstrip("0") or fold(values.get("unit_name"))
        return values.get("year"), fold(values.get("source")), unit, values.get("task")

    def key_text(self, row):
        values = row.values
        return _("năm %(year)s, %(source)s, %(unit)s, %(task)s") % {
            "year": values.get("year"),
            "source": values.get("source"),
            "unit": values.get("unit_code") or values.get("unit_name"),
            "task": dict(BudgetTask.choices).get(values.get("task"), ""),
        }

    describe = key_text

    def data(self, row):
        data = {name: row.values[name] for name in FIELDS if name in row.values}
        data.update(source=row.refs["source"], unit=row.refs["unit"], task=row.values["task"])
        return data

    def apply(self, row):
        data = self.data(row)
        existing = row.refs["existing"]
        if existing is None:
            budget_line_create(actor=self.actor, plan=row.refs["plan"], data=data, reason=self.reason)
            return "create", []
        changed = self.changes(existing, data)
        if not changed:
            return "unchanged", []
        texts = self.change_texts(existing, changed)
        budget_line_update(actor=self.actor, line=existing, data=changed, reason=self.reason)
        return "update", texts
