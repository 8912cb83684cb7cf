"""The columns of the report list: the page, its sort keys and its export (``ocop_portal.tables``)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.formatting import unit_name
from ocop_portal.tables import Column, Table

CELLS = "reports/cells/"


def _area(report):
    area = report.area
    text = unit_name(area)
    if area.parent_id and area.level != "province":
        text = f"{text}, {area.parent.name}"
    return text


def _requested_by(report):
    return str(report.requested_by) if report.requested_by_id else _("Lập tự động theo lịch")


class ReportTable(Table):
    kind = Column(gettext_lazy("Báo cáo"), "kind", template=CELLS + "kind.html")
    period = Column(gettext_lazy("Kỳ"), "period", order_by="period")
    area = Column(gettext_lazy("Địa bàn"), _area, order_by="area__path", template=CELLS + "area.html")
    status = Column(gettext_lazy("Trạng thái"), "status", order_by="status", template=CELLS + "status.html")
    progress = Column(gettext_lazy("Tiến độ (%)"), "progress", template=CELLS + "progress.html")
    created = Column(gettext_lazy("Yêu cầu lúc"), "created_at", order_by="created_at")
    requested_by = Column(gettext_lazy("Người yêu cầu"), _requested_by)
    empty_template = "reports/_empty.html"
