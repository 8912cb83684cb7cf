"""The columns of the subject list: the page, its sort keys and its export (``ocop_portal.tables``)."""

from django.utils.translation import gettext_lazy as _

from areas.formatting import unit_name
from ocop_portal.tables import Column, Table


class SubjectTable(Table):
    name = Column(_("Tên chủ thể"), "name", order_by="name", template="subjects/cells/name.html")
    legal_form = Column(_("Loại hình"), "legal_form", order_by="legal_form", template="subjects/cells/legal_form.html")
    unit = Column(_("Địa bàn"), lambda s: unit_name(s.unit), order_by="unit__name", template="subjects/cells/unit.html")
    representative = Column(
        _("Người đại diện"),
        "representative_name",
        order_by="representative_name",
        template="subjects/cells/representative.html",
    )
    workforce = Column(_("Lao động"), "workforce_total", order_by="workforce_total", numeric=True)
    products = Column(_("Sản phẩm"), "product_count", order_by="product_count", numeric=True)
    status = Column(_("Trạng thái"), "status", order_by="status", template="subjects/cells/status.html")
    empty_template = "subjects/_empty.html"
