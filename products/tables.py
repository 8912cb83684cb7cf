"""The columns of the product list: the page, its sort keys and its export (``ocop_portal.tables``)."""

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ocop_portal.tables import Column, Table, blocktrans, label_of, stars, text, trans, url

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


# The page's cells (``ocop_portal.tables``: a function per column, the markup the cell templates wrote).


def _name_cell(product, value):
    badge = ""
    if product.potential_five_star:
        badge = format_html(
            '<span class="badge ok" title="{}">{}</span>', trans("Tiềm năng 5 sao"), trans("tiềm năng 5★")
        )
    return format_html('<a href="{}">{}</a>\n{}\n', url("products:detail", product.pk), text(product.name), badge)


def _subject_cell(product, value):
    subject = product.subject
    return format_html(
        '{}<br><small class="muted">{}</small>\n', text(subject.name), text(label_of(subject, "legal_form"))
    )


def _class_cell(product, value):
    product_class = product.product_class
    if product_class.set_148_id or product_class.category_148_id:
        first = text(value)
    else:
        first = format_html('<span class="muted">{}</span>', trans("không có bộ tương ứng"))
    second = ""
    if product_class.regime == "qd1048":
        second = format_html('<br><small class="muted">{}: {}</small>', trans("QĐ 1048"), text(product_class.name))
    return format_html("{}\n{}\n", first, second)


def stars_cell(product, value):
    """The product's stars (also the producer's own list of products)."""
    return format_html(
        '<span title="{}">{}</span>\n',
        trans("Hạng sao được tính từ quyết định công nhận"),
        stars(value) if value else "—",
    )


def ocop_status_cell(product, value):
    status = product.ocop_status
    css = " ok" if status == "valid" else " bad" if status in ("expired", "revoked") else ""
    return format_html('<span class="badge{}">{}</span>\n', css, text(value))


def _dossier_cell(product, value):
    completeness = product.dossier
    if not completeness.category_known:
        return mark_safe('<span class="muted">—</span>\n')
    css = "ok" if completeness.complete else "warn" if completeness.done else "bad"
    label = blocktrans("%(done)s/%(total)s hồ sơ", done=completeness.done, total=completeness.total)
    return format_html('<span class="badge {}">{}</span>\n', css, label)


def _production_cell(product, value):
    if product.production_status == "active":
        return format_html("{}\n", text(value))
    return format_html('<span class="badge bad">{}</span>\n', text(value))


class ProductTable(Table):
    name = Column(_("Tên sản phẩm"), "name", order_by="name", render=_name_cell)
    ocop_code = Column(_("Mã sản phẩm OCOP"), "ocop_code", order_by="ocop_code")
    subject = Column(_("Chủ thể"), "subject__name", order_by="subject__name", render=_subject_cell)
    unit = Column(_("Nơi sản xuất"), "unit__name", order_by="unit__path")
    product_class = Column(
        _("Bộ sản phẩm (QĐ 148)"), _class_text, order_by="product_class__set_148__set_number", render=_class_cell
    )
    stars = Column(_("Hạng sao"), "ocop_stars", order_by="ocop_stars", render=stars_cell)
    ocop_status = Column(_("Tình trạng OCOP"), "ocop_status", order_by="ocop_status", render=ocop_status_cell)
    valid_until = Column(_("Hiệu lực đến"), "ocop_valid_until", order_by="ocop_valid_until")
    dossier = Column(_("Hồ sơ"), _dossier_text, render=_dossier_cell)
    production_status = Column(
        _("Tình trạng sản xuất"), "production_status", order_by="production_status", render=_production_cell
    )
    updated = Column(_("Cập nhật"), lambda p: timezone.localdate(p.updated_at), order_by="updated_at")
    empty_template = "products/_empty.html"

    @classmethod
    def prepare(cls, rows):
        completeness = selectors.completeness_map(rows)
        for product in rows:
            product.dossier = completeness[product.pk]
