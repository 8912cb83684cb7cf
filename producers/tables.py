"""The columns of the producers' lists: the officer's list of producer accounts and the producer's own products
(``ocop_portal.tables``: the page, its sort keys and its export from one declaration)."""

from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ocop_portal.tables import Column, Table, label_of, text, url
from products.tables import ocop_status_cell, stars_cell

# The pages' cells: a function per column (``ocop_portal.tables``), the markup the cell templates wrote.


def _account_name_cell(account, value):
    return format_html(
        '<a href="{}">{}</a><br><small class="muted">{}</small>\n',
        url("producers:account_detail", account.pk),
        text(value),
        text(account.user.username),
    )


def _account_status_cell(account, value):
    """``producers/cells/account_status.html`` (still included by the account's page)."""
    status = account.status
    css = " ok" if status == "verified" else " bad" if status == "rejected" else " warn"
    return format_html('<span class="badge{}">{}</span>\n', css, text(label_of(account, "status")))


def _product_name_cell(product, value):
    return format_html('<a href="{}">{}</a>\n', url("producers:product_detail", product.pk), text(value))


class ProducerAccountTable(Table):
    organisation = Column(
        _("Tên chủ thể đăng ký"),
        "organisation_name",
        order_by="organisation_name",
        render=_account_name_cell,
    )
    registration_number = Column(_("Số đăng ký kinh doanh"), "registration_number", order_by="registration_number")
    tax_code = Column(_("Mã số thuế"), "tax_code")
    representative = Column(_("Người đại diện"), "representative_name")
    commune = Column(_("Xã, phường"), lambda account: account.commune.display_name, order_by="commune__name")
    phone = Column(_("Điện thoại"), "phone")
    status = Column(_("Trạng thái"), "status", order_by="status", render=_account_status_cell)
    subject = Column(_("Chủ thể trong sổ"), lambda account: account.subject.name if account.subject_id else "")
    created = Column(_("Ngày đăng ký"), lambda account: timezone.localdate(account.created_at), order_by="created_at")
    empty_text = _("Không có tài khoản chủ thể nào khớp bộ lọc.")


class MyProductTable(Table):
    name = Column(_("Tên sản phẩm"), "name", order_by="name", render=_product_name_cell)
    stars = Column(_("Hạng sao"), "ocop_stars", order_by="ocop_stars", render=stars_cell)
    ocop_status = Column(_("Tình trạng OCOP"), "ocop_status", order_by="ocop_status", render=ocop_status_cell)
    valid_until = Column(_("Hiệu lực đến"), "ocop_valid_until", order_by="ocop_valid_until")
    empty_text = _("Chủ thể chưa có sản phẩm nào trong sổ.")
