"""The columns of the drill-down lists (one table per kind of row): the page and its export
(``ocop_portal.tables``). The rows are the dashboard selector's queryset, so the export holds exactly the records
behind the number, in the user's area."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from areas.formatting import unit_place
from areas.selectors import units_now
from ocop_portal.tables import Column, Table, text, url

# The page's cells: a function per column (``ocop_portal.tables``), the markup the cell templates wrote.


def _link(address, value):
    return format_html('<a href="{}">{}</a>\n', address, text(value))


def _recognition_product_cell(recognition, value):
    return _link(url("products:detail", recognition.product_id), value)


def _product_cell(product, value):
    return _link(url("products:detail", product.pk), value)


def _subject_cell(subject, value):
    return _link(url("subjects:detail", subject.pk), value)


def _budget_plan_cell(line, value):
    return _link(url("programme:budget_line_detail", line.pk), value)


def _stars_cell(recognition, value):
    return format_html('<span class="stars">{}★</span>\n', text(value))


def _place(rows, unit_of):
    """Each row's place: the unit it was entered under and, for a unit ended in 2025, the unit in force it now
    belongs to ("Xã Tân Thành (trước 01/07/2025) → nay Xã Lai Vung"); a few queries per page, not per row."""
    units = [unit_of(row) for row in rows]
    now = units_now([unit for unit in units if unit is not None])
    for row, unit in zip(rows, units, strict=True):
        row.place = unit_place(unit, now.get(unit.pk)) if unit is not None else ""


def _place_of(row):
    return getattr(row, "place", "")


class RecognitionDrillTable(Table):
    select_related = ("product__unit",)
    product = Column(_("Sản phẩm"), "product__name", render=_recognition_product_cell)
    subject = Column(_("Chủ thể"), "product__subject__name")
    unit = Column(_("Nơi sản xuất"), _place_of)
    stars = Column(_("Hạng sao"), lambda r: r.stars, render=_stars_cell)
    kind = Column(_("Hình thức công nhận"), "kind")
    decision = Column(_("Số quyết định"), "decision__number_display")
    date = Column(_("Ngày quyết định"), "decision__date")
    valid_until = Column(_("Hiệu lực đến"), "valid_until")

    @classmethod
    def prepare(cls, rows):
        _place(rows, lambda row: row.product.unit)


class SubjectDrillTable(Table):
    select_related = ("unit",)
    name = Column(_("Chủ thể"), "name", render=_subject_cell)
    legal_form = Column(_("Loại hình"), "legal_form")
    unit = Column(_("Địa bàn"), _place_of)
    representative = Column(_("Người đại diện"), "representative_name")
    gender = Column(_("Giới tính người đại diện"), "representative_gender")

    @classmethod
    def prepare(cls, rows):
        _place(rows, lambda row: row.unit)


class ProductDrillTable(Table):
    select_related = ("unit",)
    name = Column(_("Sản phẩm"), "name", render=_product_cell)
    subject = Column(_("Chủ thể"), "subject__name")
    unit = Column(_("Nơi sản xuất"), _place_of)

    @classmethod
    def prepare(cls, rows):
        _place(rows, lambda row: row.unit)


class RevokedDrillTable(ProductDrillTable):
    revocation = Column(_("Quyết định thu hồi"), "revocation_number")
    revoked_on = Column(_("Ngày thu hồi"), "revoked_on")


class BudgetDrillTable(Table):
    plan = Column(_("Kế hoạch"), lambda line: f"{line.plan.unit.name} {line.plan.year}", render=_budget_plan_cell)
    source = Column(_("Nguồn vốn"), "source__name")
    unit = Column(_("Địa bàn thực hiện"), "unit__name")
    task = Column(_("Nhiệm vụ"), "task")
    planned = Column(_("Kế hoạch (triệu đồng)"), "planned_mvnd", numeric=True, decimals=3)
    allocated = Column(_("Đã phân bổ"), "allocated_mvnd", numeric=True, decimals=3)
    disbursed = Column(_("Đã giải ngân"), "disbursed_mvnd", numeric=True, decimals=3)


DRILLDOWN_TABLES = {
    "recognition": RecognitionDrillTable,
    "subject": SubjectDrillTable,
    "product": ProductDrillTable,
    "product_revoked": RevokedDrillTable,
    "budget": BudgetDrillTable,
}
