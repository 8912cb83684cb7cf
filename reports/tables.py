"""The columns of the report list: the page, its sort keys and its export (``ocop_portal.tables``)."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.formatting import unit_name
from ocop_portal.tables import Column, Table, date_text, text, trans, url

# The page's cells: a function per column (``ocop_portal.tables``), the markup the cell templates wrote.


def _kind_cell(report, value):
    return format_html('<a href="{}">{}</a>\n', url("reports:detail", report.pk), text(value))


def _area_cell(report, value):
    ended = ""
    if report.area.valid_to:
        ended = format_html(' <small class="muted">({} {})</small>', trans("đến"), date_text(report.area.valid_to))
    return format_html("{}{}\n", text(value), ended)


def _status_cell(report, value):
    css = "ok" if report.status == "done" else "bad" if report.status == "failed" else "warn"
    return format_html('<span class="badge {}">{}</span>\n', css, text(value))


def _progress_cell(report, value):
    shown = text(value)
    return format_html('<div class="progress" title="{} %"><span style="width: {}%"></span></div>\n', shown, shown)


def _area(report):
    area = report.area
    text = unit_name(area)
    if area.parent_id and area.level != "province":
        text = f"{text}, {area.parent.name}"
    return text


def _requested_by(report):
    return str(report.requested_by) if report.requested_by_id else _("Lập tự động theo lịch")


class ReportTable(Table):
    kind = Column(gettext_lazy("Báo cáo"), "kind", render=_kind_cell)
    period = Column(gettext_lazy("Kỳ"), "period", order_by="period")
    area = Column(gettext_lazy("Địa bàn"), _area, order_by="area__path", render=_area_cell)
    status = Column(gettext_lazy("Trạng thái"), "status", order_by="status", render=_status_cell)
    progress = Column(gettext_lazy("Tiến độ (%)"), "progress", render=_progress_cell)
    created = Column(gettext_lazy("Yêu cầu lúc"), "created_at", order_by="created_at")
    requested_by = Column(gettext_lazy("Người yêu cầu"), _requested_by)
    empty_template = "reports/_empty.html"
