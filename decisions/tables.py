"""The columns of the decision lists: the page, its sort keys and its export (``ocop_portal.tables``)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.formatting import unit_name
from ocop_portal.formatting import format_date
from ocop_portal.tables import Column, Table

CELLS = "decisions/cells/"


class DecisionTable(Table):
    number = Column(
        gettext_lazy("Số, ký hiệu"), "number_display", order_by="number", template=CELLS + "decision_number.html"
    )
    date = Column(gettext_lazy("Ngày ban hành"), "date", order_by="date")
    kind = Column(gettext_lazy("Loại quyết định"), "kind", order_by="kind", template=CELLS + "decision_kind.html")
    subject_line = Column(gettext_lazy("Trích yếu"), "subject_line")
    authority = Column(gettext_lazy("Cơ quan ban hành"), "authority__name", order_by="authority__name")
    items = Column(gettext_lazy("Số sản phẩm"), "item_count", order_by="item_count", numeric=True)
    status = Column(gettext_lazy("Trạng thái"), "status", order_by="status", template=CELLS + "decision_status.html")
    empty_template = "decisions/_decisions_empty.html"


def register_state_text(recognition):
    state = recognition.register_state
    if state == "valid":
        return _("Còn hiệu lực")
    if state == "revoked":
        return _("Thu hồi %(date)s") % {"date": format_date(recognition.revoked_on)}
    if state == "replaced":
        return _("Đã thay bằng quyết định sau")
    return _("Hết hiệu lực")


class RecognitionTable(Table):
    """Sổ theo dõi sản phẩm OCOP."""

    product = Column(
        gettext_lazy("Sản phẩm"),
        "product__name",
        order_by="product__name",
        template=CELLS + "recognition_product.html",
    )
    unit = Column(gettext_lazy("Địa bàn"), lambda r: unit_name(r.product.unit), order_by="product__unit__path")
    subject = Column(gettext_lazy("Chủ thể"), "product__subject__name", order_by="product__subject__name")
    stars = Column(gettext_lazy("Hạng sao"), lambda r: r.stars, order_by="stars", template=CELLS + "stars.html")
    score = Column(gettext_lazy("Điểm"), "score", order_by="score", numeric=True, decimals=2)
    decision = Column(
        gettext_lazy("Số quyết định"),
        "decision__number_display",
        order_by="decision__number",
        template=CELLS + "recognition_decision.html",
    )
    date = Column(gettext_lazy("Ngày quyết định"), "decision__date", order_by="decision__date")
    authority = Column(gettext_lazy("Cơ quan ban hành"), "decision__authority__name")
    valid_from = Column(gettext_lazy("Hiệu lực từ"), "valid_from", order_by="valid_from")
    until = Column(gettext_lazy("Hiệu lực đến"), "valid_until", order_by="valid_until")
    state = Column(
        gettext_lazy("Tình trạng hiện nay"),
        register_state_text,
        order_by="register_state",
        template=CELLS + "register_state.html",
    )
    empty_template = "decisions/_recognitions_empty.html"


class RevocationTable(Table):
    number = Column(
        gettext_lazy("Số quyết định"),
        "decision__number_display",
        order_by="decision__number",
        template=CELLS + "revocation_number.html",
    )
    date = Column(gettext_lazy("Ngày"), "decision__date", order_by="decision__date")
    authority = Column(
        gettext_lazy("Cơ quan ban hành"), "decision__authority__name", order_by="decision__authority__name"
    )
    product = Column(
        gettext_lazy("Sản phẩm"),
        "recognition__product__name",
        order_by="recognition__product__name",
        template=CELLS + "revocation_product.html",
    )
    subject = Column(gettext_lazy("Chủ thể"), "recognition__product__subject__name")
    unit = Column(
        gettext_lazy("Địa bàn"),
        lambda item: unit_name(item.recognition.product.unit),
        order_by="recognition__product__unit__path",
    )
    stars = Column(
        gettext_lazy("Hạng sao bị thu hồi"),
        lambda item: item.recognition.stars,
        order_by="recognition__stars",
        template=CELLS + "stars.html",
    )
    recognition = Column(gettext_lazy("Quyết định công nhận bị thu hồi"), "recognition__decision__number_display")
    ground = Column(
        gettext_lazy("Căn cứ thu hồi"), "ground", order_by="ground", template=CELLS + "revocation_ground.html"
    )
    ground_text = Column(gettext_lazy("Nêu rõ lý do"), "ground_text")
    status = Column(
        gettext_lazy("Trạng thái"),
        "decision__status",
        order_by="decision__status",
        template=CELLS + "revocation_status.html",
    )
    empty_template = "decisions/_revocations_empty.html"


class ExpiredTable(Table):
    """Recognitions expired and not re-evaluated (``/decisions/expiring/``, first list)."""

    product = Column(gettext_lazy("Sản phẩm"), "product__name", template=CELLS + "expiring_product.html")
    unit = Column(gettext_lazy("Địa bàn"), lambda r: unit_name(r.product.unit))
    subject = Column(gettext_lazy("Chủ thể"), "product__subject__name")
    stars = Column(gettext_lazy("Hạng sao"), lambda r: r.stars, template=CELLS + "stars.html")
    decision = Column(
        gettext_lazy("Quyết định công nhận"), "decision__number_display", template=CELLS + "expiring_decision.html"
    )
    date = Column(gettext_lazy("Ngày quyết định"), "decision__date")
    until = Column(gettext_lazy("Hết hiệu lực từ"), "valid_until", template=CELLS + "expired_until.html")
    empty_text = gettext_lazy("Không có sản phẩm nào hết hiệu lực mà chưa được xử lý.")


class ExpiringTable(Table):
    """Recognitions expiring within 90 days (``/decisions/expiring/``, second list)."""

    product = Column(gettext_lazy("Sản phẩm"), "product__name", template=CELLS + "expiring_product.html")
    unit = Column(gettext_lazy("Địa bàn"), lambda r: unit_name(r.product.unit))
    subject = Column(gettext_lazy("Chủ thể"), "product__subject__name")
    stars = Column(gettext_lazy("Hạng sao"), lambda r: r.stars, template=CELLS + "stars.html")
    decision = Column(
        gettext_lazy("Quyết định công nhận"), "decision__number_display", template=CELLS + "expiring_decision.html"
    )
    date = Column(gettext_lazy("Ngày quyết định"), "decision__date")
    until = Column(gettext_lazy("Hiệu lực đến"), "valid_until", template=CELLS + "expiring_until.html")
    email = Column(gettext_lazy("E-mail"), "product__subject__email", template=CELLS + "email.html")
    phone = Column(gettext_lazy("Điện thoại"), "product__subject__phone")
    empty_text = gettext_lazy("Không có sản phẩm nào hết hiệu lực trong 90 ngày tới.")
