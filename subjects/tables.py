"""The columns of the subject list: the page, its sort keys and its export (``ocop_portal.tables``)."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from areas.formatting import unit_name
from ocop_portal.tables import Column, Table, per_language, text, trans, url

# The page's cells: a function per column (``ocop_portal.tables``).


def _name_cell(subject, value):
    number = ""
    if subject.registration_number:
        number = format_html('<br><small class="muted">{} {}</small>', trans("ĐKKD"), text(subject.registration_number))
    return format_html(
        '<a href="{}"><strong>{}</strong></a>{}\n', url("subjects:detail", subject.pk), text(subject.name), number
    )


@per_language
def _sme_badge():
    return format_html(' <span class="badge" title="{}">{}</span>', trans("Doanh nghiệp nhỏ và vừa"), trans("DNNVV"))


def _legal_form_cell(subject, value):
    return format_html("{}{}\n", text(value), _sme_badge() if subject.is_sme else "")


def _unit_cell(subject, value):
    unit = subject.unit
    parent = ""
    if unit is not None and unit.level == "commune" and unit.parent_id is not None:
        parent = format_html('<br><small class="muted">{}</small>', text(unit_name(unit.parent)))
    return format_html("{}{}\n", text(value), parent)


@per_language
def _female_badge():
    return format_html(' <span class="badge ok" title="{}">{}</span>', trans("Chủ thể do nữ làm chủ"), trans("Nữ"))


@per_language
def _minority_badge():
    return format_html(' <span class="badge" title="{}">{}</span>', trans("Người dân tộc thiểu số"), trans("DTTS"))


def _representative_cell(subject, value):
    return format_html(
        "{}{}{}\n",
        text(subject.representative_name),
        _female_badge() if subject.is_female_led else "",
        _minority_badge() if subject.representative_ethnic_minority else "",
    )


def _status_cell(subject, value):
    return format_html('<span class="badge {}">{}</span>\n', "ok" if subject.status == "active" else "bad", text(value))


class SubjectTable(Table):
    name = Column(_("Tên chủ thể"), "name", order_by="name", render=_name_cell)
    legal_form = Column(_("Loại hình"), "legal_form", order_by="legal_form", render=_legal_form_cell)
    unit = Column(_("Địa bàn"), lambda s: unit_name(s.unit), order_by="unit__name", render=_unit_cell)
    representative = Column(
        _("Người đại diện"), "representative_name", order_by="representative_name", render=_representative_cell
    )
    workforce = Column(_("Lao động"), "workforce_total", order_by="workforce_total", numeric=True)
    products = Column(_("Sản phẩm"), "product_count", order_by="product_count", numeric=True)
    status = Column(_("Trạng thái"), "status", order_by="status", render=_status_cell)
    empty_template = "subjects/_empty.html"
