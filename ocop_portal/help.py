"""The in-portal "first hour" guide (``/help/``): for each role, what to try first, each step with a link.

The README's "First hour" section says the same for the demo accounts; this is what a real user reads in the portal.
A step's link is shown only when the user may open it (the navigation's predicates), so a guide never points to a
page the reader would get a 403 on.
"""

from django.utils.translation import gettext_lazy as _

from accounts import permissions as perms
from accounts.models import Role


def has_producer_account(user):
    """A producer with its registration on file (``producers:home`` shows it; a bare producer role has no page)."""
    from producers.selectors import account_for

    return perms.is_producer(user) and account_for(user) is not None


# role: (who this is for, [(what to do, url name or None, predicate)])
GUIDES = {
    Role.LOCAL_OFFICER: (
        _("Cán bộ huyện/xã giữ sổ theo dõi chủ thể và sản phẩm OCOP của địa bàn mình, với hồ sơ kèm theo."),
        [
            (_("Tìm một chủ thể: gõ tên không dấu (vd. “banh phong”) vào ô tìm kiếm, lọc theo loại hình, địa bàn."),
             "subjects:list", perms.can_view_registry),
            (_("Thêm chủ thể mới: số đăng ký kinh doanh, mã số thuế (10 chữ số), người đại diện, lao động."),
             "subjects:create", perms.can_edit_registry),
            (_("Thêm sản phẩm của chủ thể, rồi tải hồ sơ (PDF, ảnh) lên trang sản phẩm; mục “Hồ sơ” cho biết còn thiếu "
               "giấy tờ nào."), "products:list", perms.can_view_registry),
            (_("Đăng ký sản phẩm vào đợt đánh giá đang mở của địa bàn."), "evaluations:index", perms.can_view_registry),
            (_("Xuất danh sách đang lọc ra Excel bằng nút “Xuất Excel” trên mỗi trang danh sách."), None, None),
        ],
    ),
    Role.COUNCIL_MEMBER: (
        _("Thành viên hội đồng chấm điểm sản phẩm theo phiếu của Quyết định 148/QĐ-TTg."),
        [
            (_("Mở đợt đánh giá đang chấm, chọn hồ sơ và mở “Phiếu chấm của tôi”."), "evaluations:index",
             perms.can_view_registry),
            (_("Chọn một mức cho từng tiêu chí; phiếu lưu ngay khi chọn. Nếu sản phẩm không đáp ứng tiêu chí nào, "
               "chọn “Không đáp ứng (0 điểm)”."), None, None),
            (_("Nộp phiếu khi đã chấm đủ; phiếu của bạn được giữ kín với người khác cho đến khi thư ký khóa chấm."),
             None, None),
            (_("Nếu có quan hệ với một chủ thể, khai báo không tham gia chấm sản phẩm của chủ thể đó trên trang đợt."),
             None, None),
        ],
    ),
    Role.COUNCIL_SECRETARY: (
        _("Thư ký hội đồng lo thủ tục của đợt đánh giá: thành phần hội đồng, tiến độ chấm, khóa chấm và kết quả."),
        [
            (_("Mở đợt đánh giá, cập nhật thành phần hội đồng (chủ tịch, thư ký, thành viên)."), "evaluations:index",
             perms.can_view_registry),
            (_("Bắt đầu chấm; trang đợt cho biết thành viên nào chưa nộp phiếu."), None, None),
            (_("Khóa chấm khi đủ phiếu; xem bảng kết quả: điểm trung bình, hạng sao, các tiêu chí bắt buộc chưa đạt."),
             None, None),
        ],
    ),
    Role.COORDINATION_OFFICE: (
        _("Văn phòng Điều phối duyệt kết quả, ban hành quyết định công nhận, thu hồi, theo dõi kế hoạch và báo cáo."),
        [
            (_("Tạo đợt đánh giá của năm và lập hội đồng."), "evaluations:index", perms.can_view_registry),
            (_("Lập dự thảo quyết định công nhận từ các hồ sơ đã duyệt, ban hành, in quyết định và giấy chứng nhận."),
             "decisions:index", perms.can_view_registry),
            (_("Xem các sản phẩm sắp hết hạn công nhận (36 tháng) và đề nghị thu hồi khi cần."), "decisions:expiring",
             perms.can_view_registry),
            (_("Nhập kế hoạch năm, chỉ tiêu và kinh phí theo nguồn vốn; tiến độ chỉ tiêu được tính từ dữ liệu."),
             "programme:index", perms.can_view_registry),
            (_("Lập báo cáo 6 tháng (hạn 15/6) và báo cáo năm (hạn 15/12): HTML, PDF, Excel."), "reports:list",
             perms.can_view_registry),
            (_("Nhập dữ liệu cũ từ Excel: tải mẫu, xem trước, rồi ghi."), "imports:index", perms.can_edit_registry),
            (_("Xem ai đã thay đổi gì, khi nào, vì sao."), "audit:list", perms.can_read_audit),
        ],
    ),
    Role.LEADERSHIP: (
        _("Lãnh đạo theo dõi kết quả Chương trình qua bảng điều khiển và báo cáo."),
        [
            (_("Mở bảng điều khiển, chọn năm và địa bàn; bấm vào một con số để xem danh sách tạo nên con số đó."),
             "dashboard:index", perms.can_view_registry),
            (_("Đọc báo cáo 6 tháng và báo cáo năm đã lập."), "reports:list", perms.can_view_registry),
            (_("Xem tiến độ các chỉ tiêu của kế hoạch năm."), "programme:index", perms.can_view_registry),
        ],
    ),
    Role.ADMINISTRATOR: (
        _("Quản trị hệ thống quản lý tài khoản, danh mục và theo dõi nhật ký."),
        [
            (_("Xem danh sách người dùng theo vai trò, đơn vị; tạo, sửa tài khoản trong trang quản trị."),
             "accounts:user_list", perms.can_manage_users),
            (_("Danh mục đơn vị hành chính (trước và sau 01/07/2025)."), "areas:list", perms.can_view_registry),
            (_("Nhật ký thay đổi của toàn hệ thống."), "audit:list", perms.can_read_audit),
        ],
    ),
    Role.PRODUCER: (
        _("Chủ thể OCOP xem và cập nhật hồ sơ của chính mình sau khi cán bộ xã xác minh tài khoản."),
        [
            (_("Xem trạng thái tài khoản: chờ xác minh, đã xác minh hay bị từ chối (kèm lý do)."), "producers:home",
             has_producer_account),
            (_("Cập nhật thông tin chủ thể, tải hồ sơ dùng chung (giấy đăng ký kinh doanh...)."),
             "producers:my_subject", perms.is_verified_producer),
            (_("Sửa sản phẩm, tải ảnh và hồ sơ sản phẩm từ điện thoại; trang sản phẩm cho biết hồ sơ còn thiếu."),
             "producers:my_products", perms.is_verified_producer),
            (_("Nộp hồ sơ đánh giá, xem hồ sơ bị trả lại, kết quả và giấy chứng nhận."), "producers:application_list",
             perms.is_verified_producer),
            (_("Đọc thông báo của cổng (hồ sơ bị trả lại, kết quả, giấy chứng nhận sắp hết hạn)."), "notices:list",
             perms.is_producer),
        ],
    ),
}  # fmt: skip


def guide_for(user):
    """(intro, [(text, url or "")]) of the user's role; links the user may not open are left out."""
    from django.urls import reverse

    intro, steps = GUIDES.get(user.role, (None, []))
    shown = []
    for text, url_name, predicate in steps:
        url = reverse(url_name) if url_name and (predicate is None or predicate(user)) else ""
        shown.append((text, url))
    return intro, shown


def all_guides():
    """Every role's guide (the help page shows the reader's first, then the others for reference)."""
    return [
        (role, Role(role).label, GUIDES[role][0], [text for text, _url, _pred in GUIDES[role][1]]) for role in GUIDES
    ]
