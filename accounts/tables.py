"""The columns of the user list: the page, its sort keys and its export (``ocop_portal.tables``)."""

from django.utils.translation import gettext_lazy as _

from areas.formatting import unit_name
from ocop_portal.tables import Column, Table


class UserTable(Table):
    username = Column(_("Tên đăng nhập"), "username", order_by="username")
    full_name = Column(_("Họ và tên"), "full_name", order_by="full_name")
    role = Column(_("Vai trò"), "role", order_by="role")
    unit = Column(_("Đơn vị"), lambda u: unit_name(u.unit), order_by="unit__name")
    position = Column(_("Chức vụ"), "position", order_by="position")
    email = Column(_("Thư điện tử"), "email", order_by="email")
    last_login = Column(_("Đăng nhập lần cuối"), "last_login", order_by="last_login")
    is_active = Column(_("Hoạt động"), "is_active", order_by="is_active")
    empty_text = _("Không có tài khoản nào khớp bộ lọc.")
