"""The columns of the administrative unit list: the page, its sort keys and its export (``ocop_portal.tables``)."""

from django.utils.translation import gettext_lazy as _

from ocop_portal.tables import Column, Table

from .formatting import unit_name


def _successors(unit):
    return ", ".join(str(successor) for successor in unit.successors.all())


class UnitTable(Table):
    code = Column(_("Mã"), "code", order_by="code")
    name = Column(_("Tên"), unit_name, order_by="name")
    level = Column(_("Cấp"), "level", order_by="level")
    parent = Column(_("Trực thuộc"), lambda unit: str(unit.parent) if unit.parent_id else "", order_by="parent__name")
    valid_from = Column(_("Hiệu lực từ"), "valid_from", order_by="valid_from")
    valid_to = Column(_("Hiệu lực đến"), "valid_to", order_by="valid_to")
    successors = Column(_("Đơn vị kế thừa"), _successors)
    empty_text = _("Không có đơn vị nào khớp bộ lọc.")

    def row_class(self, obj):
        return "historical" if obj.valid_to else ""
