from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts import permissions as perms

# (label, url name, predicate): the navigation each role sees. A link shows only if its predicate allows it.
NAVIGATION = [
    (_("Trang chủ"), "home", perms.is_active_member),
    (_("Bảng điều khiển"), "dashboard:index", perms.can_view_registry),
    (_("Chủ thể OCOP"), "subjects:list", perms.can_view_registry),
    (_("Sản phẩm"), "products:list", perms.can_view_registry),
    (_("Đánh giá, phân hạng"), "evaluations:index", perms.can_view_registry),
    (_("Quyết định"), "decisions:index", perms.can_view_registry),
    (_("Kế hoạch, chỉ tiêu"), "programme:index", perms.can_view_registry),
    (_("Báo cáo"), "reports:list", perms.can_view_registry),
    (_("Nhập dữ liệu"), "imports:index", perms.can_edit_registry),
    (_("Đơn vị hành chính"), "areas:list", perms.can_view_registry),
    (_("Nhật ký thay đổi"), "audit:list", perms.can_read_audit),
    (_("Người dùng"), "accounts:user_list", perms.can_manage_users),
    (_("Tài liệu API"), "api-docs", perms.can_view_api_docs),
    (_("Hướng dẫn"), "help", perms.can_read_help),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_unassigned": False}
    items = []
    for label, url_name, predicate in NAVIGATION:
        if not predicate(user):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": request.path.startswith(url) and url != "/"})
    # Templates ask named predicates, never ``user.role``: "no role or unit yet" shows the warning on the home page.
    return {"nav_items": items, "user_unassigned": perms.is_unassigned(user), **read_only_banner(user)}


def read_only_banner(user):
    """The banner of an account whose unit has ended (read-only until reassigned): the unit, the day it ended and
    the unit proposed in its place (``areas.selectors.proposed_successor``)."""
    if not perms.is_read_only_account(user):
        return {"read_only_account": False}
    from areas.selectors import proposed_successor

    return {
        "read_only_account": True,
        "read_only_unit": user.unit,
        "read_only_successor": proposed_successor(user.unit),
    }
