"""The columns of the programme lists (plans, activities, budget lines): the page, its sort keys and its export
(``ocop_portal.tables``)."""

from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy as _

from areas.formatting import unit_name
from ocop_portal.tables import Column, Table, blocktrans, text, trans, url
from ocop_portal.templatetags.ocop import vn_number

from .templatetags.programme_tags import mvnd


def _unit(obj):
    return unit_name(obj.unit)


# The pages' cells: a function per column (``ocop_portal.tables``), the markup the cell templates wrote.


def _number_text(value):
    """``{{ value|default:_("(chưa có số)") }}``."""
    return text(value) if value else trans("(chưa có số)")


def _year_cell(row, value):
    """``{{ value|unlocalize }}`` in bold."""
    return format_html("<strong>{}</strong>\n", conditional_escape(str(value)))


def _unit_cell(row, value):
    """``programme/_unit.html`` with the row's unit: its name and, for a unit ended, the day it ended."""
    unit = row.unit
    ended = ""
    if unit.valid_to:
        day = blocktrans("đến %(day)s", day=formats.date_format(unit.valid_to, "d/m/Y"))
        ended = format_html(' <small class="muted">({})</small>', day)
    return format_html("{}{}\n\n", text(unit.display_name), ended)


def _money_cell(row, value):
    """``{{ value|mvnd }}``."""
    return format_html("{}\n", text(mvnd(value)))


def _number_or_dash_cell(row, value):
    """``{{ value|vn_number|default:"—" }}``."""
    number = vn_number(value)
    return format_html("{}\n", text(number) if number else "—")


def _plan_number_cell(plan, value):
    return format_html('<a href="{}">{}</a>\n', url("programme:plan_detail", plan.pk), _number_text(value))


def _plan_title_cell(plan, value):
    return format_html('<a href="{}">{}</a>\n', url("programme:plan_detail", plan.pk), text(value))


def _plan_status_cell(plan, value):
    return format_html('<span class="badge {}">{}</span>\n', "ok" if plan.status == "approved" else "warn", text(value))


def _activity_kind_cell(activity, value):
    return format_html('<span class="badge">{}</span>\n', text(value))


def _activity_title_cell(activity, value):
    organiser = ""
    if activity.organiser:
        organiser = format_html('<br><small class="muted">{}</small>', text(activity.organiser))
    return format_html('<a href="{}">{}</a>{}\n', url("programme:activity_detail", activity.pk), text(value), organiser)


def _activity_cost_cell(activity, value):
    source = ""
    if activity.funding_source:
        funding = activity.funding_source
        source = format_html('<br><small class="muted">{}</small>', text(funding.short_name or funding.name))
    return format_html("{}{}\n", text(mvnd(value)), source)


def _budget_plan_cell(line, value):
    plan = line.plan
    return format_html(
        '<a href="{}">{}</a><br><small class="muted">{}</small>\n',
        url("programme:plan_detail", line.plan_id),
        _number_text(plan.number),
        text(plan.unit.name),
    )


def _budget_source_cell(line, value):
    description = ""
    if line.description:
        description = format_html('<br><small class="muted">{}</small>', text(line.description))
    return format_html(
        '<a href="{}">{}</a>{}\n', url("programme:budget_line_detail", line.pk), text(value), description
    )


class PlanTable(Table):
    year = Column(_("Năm"), "year", order_by="year", render=_year_cell)
    unit = Column(_("Địa bàn"), _unit, order_by="unit__path", render=_unit_cell)
    number = Column(_("Số, ký hiệu"), "number", order_by="number", render=_plan_number_cell)
    issued_on = Column(_("Ngày ban hành"), "issued_on", order_by="issued_on")
    title = Column(_("Trích yếu"), "title", render=_plan_title_cell)
    status = Column(_("Trạng thái"), "status", order_by="status", render=_plan_status_cell)
    targets = Column(_("Chỉ tiêu"), "target_count", order_by="target_count", numeric=True)
    planned = Column(
        _("Kế hoạch vốn (triệu đồng)"),
        "planned_total",
        order_by="planned_total",
        numeric=True,
        render=_money_cell,
    )
    disbursed = Column(
        _("Đã giải ngân (triệu đồng)"),
        "disbursed_total",
        order_by="disbursed_total",
        numeric=True,
        render=_money_cell,
    )
    empty_template = "programme/_plans_empty.html"


class ActivityTable(Table):
    date = Column(_("Từ ngày"), "start_date", order_by="start_date")
    end_date = Column(_("Đến ngày"), "end_date", order_by="end_date")
    kind = Column(_("Loại"), "kind", order_by="kind", render=_activity_kind_cell)
    title = Column(_("Hoạt động"), "title", order_by="title", render=_activity_title_cell)
    unit = Column(_("Địa bàn"), _unit, order_by="unit__path", render=_unit_cell)
    sessions = Column(_("Lớp / kỳ / buổi"), "sessions", order_by="sessions", numeric=True)
    participants = Column(
        _("Người dự"), "participants", order_by="participants", numeric=True, render=_number_or_dash_cell
    )
    women = Column(
        _("Nữ"),
        "women_participants",
        order_by="women_participants",
        numeric=True,
        render=_number_or_dash_cell,
    )
    cost = Column(
        _("Kinh phí (triệu đồng)"),
        "cost_mvnd",
        order_by="cost_mvnd",
        numeric=True,
        render=_activity_cost_cell,
    )
    empty_template = "programme/_activities_empty.html"


class BudgetLineTable(Table):
    year = Column(_("Năm"), "plan__year", order_by="plan__year", render=_year_cell)
    plan = Column(_("Kế hoạch"), "plan__number", render=_budget_plan_cell)
    source = Column(_("Nguồn vốn"), "source__name", order_by="source__order", render=_budget_source_cell)
    unit = Column(_("Địa bàn"), _unit, order_by="unit__path", render=_unit_cell)
    task = Column(_("Nhiệm vụ"), "task", order_by="task")
    planned = Column(
        _("Kế hoạch (triệu đồng)"), "planned_mvnd", order_by="planned_mvnd", numeric=True, render=_money_cell
    )
    allocated = Column(
        _("Đã phân bổ (triệu đồng)"),
        "allocated_mvnd",
        order_by="allocated_mvnd",
        numeric=True,
        render=_money_cell,
    )
    disbursed = Column(
        _("Đã giải ngân (triệu đồng)"),
        "disbursed_mvnd",
        order_by="disbursed_mvnd",
        numeric=True,
        render=_money_cell,
    )
    empty_template = "programme/_budget_empty.html"
