"""The columns of the producers' lists: the officer's list of producer accounts and the producer's own products
(``ocop_portal.tables``: the page, its sort keys and its export from one declaration)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop_portal.tables import Column, Table
from products.tables import ocop_status_cell, stars_cell


class ProducerAccountTable(Table):
    organisation = Column(
        _("Tên chủ thể đăng ký"),
        "organisation_name",
        order_by="organisation_name",
        template="producers/cells/account_name.html",
    )
    registration_number = Column(_("Số đăng ký kinh doanh"), "registration_number", order_by="registration_number")
    tax_code = Column(_("Mã số thuế"), "tax_code")
    representative = Column(_("Người đại diện"), "representative_name")
    commune = Column(_("Xã, phường"), lambda account: account.commune.display_name, order_by="commune__name")
    phone = Column(_("Điện thoại"), "phone")
    status = Column(_("Trạng thái"), "status", order_by="status", template="producers/cells/account_status.html")
    subject = Column(_("Chủ thể trong sổ"), lambda account: account.subject.name if account.subject_id else "")
    created = Column(_("Ngày đăng ký"), lambda account: timezone.localdate(account.created_at), order_by="created_at")
    empty_text = _("Không có tài khoản chủ thể nào khớp bộ lọc.")


class MyProductTable(Table):
    name = Column(_("Tên sản phẩm"), "name", order_by="name", template="producers/cells/product_name.html")
    stars = Column(_("Hạng sao"), "ocop_stars", order_by="ocop_stars", render=stars_cell)
    ocop_status = Column(_("Tình trạng OCOP"), "ocop_status", order_by="ocop_status", render=ocop_status_cell)
    valid_until = Column(_("Hiệu lực đến"), "ocop_valid_until", order_by="ocop_valid_until")
    empty_text = _("Chủ thể chưa có sản phẩm nào trong sổ.")
