"""The columns of the product list: the page, its sort keys and its export (``ocop_portal.tables``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop_portal.tables import Column, Table

from . import selectors


def _class_text(product):
    product_class = product.product_class
    if product_class.set_148_id:
        return f"{product_class.set_148.code} {product_class.set_148.name}"
    if product_class.category_148_id:
        return f"{product_class.category_148.code}. {product_class.category_148.name}"
    return ""


def _dossier_text(product):
    completeness = product.dossier
    if not completeness.category_known:
        return ""
    return f"{completeness.done}/{completeness.total}"


class ProductTable(Table):
    name = Column(_("Tên sản phẩm"), "name", order_by="name", template="products/cells/name.html")
    ocop_code = Column(_("Mã sản phẩm OCOP"), "ocop_code", order_by="ocop_code")
    subject = Column(_("Chủ thể"), "subject__name", order_by="subject__name", template="products/cells/subject.html")
    unit = Column(_("Nơi sản xuất"), "unit__name", order_by="unit__path")
    product_class = Column(
        _("Bộ sản phẩm (QĐ 148)"),
        _class_text,
        order_by="product_class__set_148__set_number",
        template="products/cells/class.html",
    )
    stars = Column(_("Hạng sao"), "ocop_stars", order_by="ocop_stars", template="products/cells/stars.html")
    ocop_status = Column(
        _("Tình trạng OCOP"), "ocop_status", order_by="ocop_status", template="products/cells/ocop_status.html"
    )
    valid_until = Column(_("Hiệu lực đến"), "ocop_valid_until", order_by="ocop_valid_until")
    dossier = Column(_("Hồ sơ"), _dossier_text, template="products/cells/dossier.html")
    production_status = Column(
        _("Tình trạng sản xuất"),
        "production_status",
        order_by="production_status",
        template="products/cells/production.html",
    )
    updated = Column(_("Cập nhật"), lambda p: timezone.localdate(p.updated_at), order_by="updated_at")
    empty_template = "products/_empty.html"

    @classmethod
    def prepare(cls, rows):
        completeness = selectors.completeness_map(rows)
        for product in rows:
            product.dossier = completeness[product.pk]
