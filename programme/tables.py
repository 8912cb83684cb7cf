"""The columns of the programme lists (plans, activities, budget lines): the page, its sort keys and its export
(``ocop_portal.tables``)."""

from django.utils.translation import gettext_lazy as _

from areas.formatting import unit_name
from ocop_portal.tables import Column, Table

CELLS = "programme/cells/"


def _unit(obj):
    return unit_name(obj.unit)


class PlanTable(Table):
    year = Column(_("Năm"), "year", order_by="year", template=CELLS + "year.html")
    unit = Column(_("Địa bàn"), _unit, order_by="unit__path", template=CELLS + "unit.html")
    number = Column(_("Số, ký hiệu"), "number", order_by="number", template=CELLS + "plan_number.html")
    issued_on = Column(_("Ngày ban hành"), "issued_on", order_by="issued_on")
    title = Column(_("Trích yếu"), "title", template=CELLS + "plan_title.html")
    status = Column(_("Trạng thái"), "status", order_by="status", template=CELLS + "plan_status.html")
    targets = Column(_("Chỉ tiêu"), "target_count", order_by="target_count", numeric=True)
    planned = Column(
        _("Kế hoạch vốn (triệu đồng)"),
        "planned_total",
        order_by="planned_total",
        numeric=True,
        template=CELLS + "money.html",
    )
    disbursed = Column(
        _("Đã giải ngân (triệu đồng)"),
        "disbursed_total",
        order_by="disbursed_total",
        numeric=True,
        template=CELLS + "money.html",
    )
    empty_template = "programme/_plans_empty.html"


class ActivityTable(Table):
    date = Column(_("Từ ngày"), "start_date", order_by="start_date")
    end_date = Column(_("Đến ngày"), "end_date", order_by="end_date")
    kind = Column(_("Loại"), "kind", order_by="kind", template=CELLS + "activity_kind.html")
    title = Column(_("Hoạt động"), "title", order_by="title", template=CELLS + "activity_title.html")
    unit = Column(_("Địa bàn"), _unit, order_by="unit__path", template=CELLS + "unit.html")
    sessions = Column(_("Lớp / kỳ / buổi"), "sessions", order_by="sessions", numeric=True)
    participants = Column(
        _("Người dự"), "participants", order_by="participants", numeric=True, template=CELLS + "number_or_dash.html"
    )
    women = Column(
        _("Nữ"),
        "women_participants",
        order_by="women_participants",
        numeric=True,
        template=CELLS + "number_or_dash.html",
    )
    cost = Column(
        _("Kinh phí (triệu đồng)"),
        "cost_mvnd",
        order_by="cost_mvnd",
        numeric=True,
        template=CELLS + "activity_cost.html",
    )
    empty_template = "programme/_activities_empty.html"


class BudgetLineTable(Table):
    year = Column(_("Năm"), "plan__year", order_by="plan__year", template=CELLS + "year.html")
    plan = Column(_("Kế hoạch"), "plan__number", template=CELLS + "budget_plan.html")
    source = Column(_("Nguồn vốn"), "source__name", order_by="source__order", template=CELLS + "budget_source.html")
    unit = Column(_("Địa bàn"), _unit, order_by="unit__path", template=CELLS + "unit.html")
    task = Column(_("Nhiệm vụ"), "task", order_by="task")
    planned = Column(
        _("Kế hoạch (triệu đồng)"), "planned_mvnd", order_by="planned_mvnd", numeric=True, template=CELLS + "money.html"
    )
    allocated = Column(
        _("Đã phân bổ (triệu đồng)"),
        "allocated_mvnd",
        order_by="allocated_mvnd",
        numeric=True,
        template=CELLS + "money.html",
    )
    disbursed = Column(
        _("Đã giải ngân (triệu đồng)"),
        "disbursed_mvnd",
        order_by="disbursed_mvnd",
        numeric=True,
        template=CELLS + "money.html",
    )
    empty_template = "programme/_budget_empty.html"
