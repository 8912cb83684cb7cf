"""The columns of the decision lists: the page, its sort keys and its export (``ocop_portal.tables``)."""

from django.utils.html import format_html
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.formatting import unit_name
from ocop_portal.formatting import format_date
from ocop_portal.tables import Column, Table, blocktrans, date_text, per_language, stars, text, trans, url

# The pages' cells: a function per column (``ocop_portal.tables``).


def _number_text(value):
    """``{{ value|default:_("(chưa có số)") }}``."""
    return text(value) if value else trans("(chưa có số)")


def _decision_number_cell(decision, value):
    return format_html(
        '<a href="{}"><strong>{}</strong></a>\n', url("decisions:detail", decision.pk), _number_text(value)
    )


def _decision_kind_cell(decision, value):
    corrects = ""
    if decision.corrects:
        corrects = format_html(
            '<br><small class="muted">{}</small>', blocktrans("của QĐ %(n)s", n=decision.corrects.number_display)
        )
    return format_html("{}{}\n", text(value), corrects)


@per_language
def _historical_badge():
    return format_html(
        ' <span class="badge" title="{}">{}</span>',
        trans("Nhập lại từ sổ theo dõi, giữ nguyên số gốc"),
        trans("nhập lại"),
    )


def _decision_status_cell(decision, value):
    return format_html(
        '<span class="badge {}">{}</span>{}\n',
        "ok" if decision.status == "issued" else "warn",
        text(value),
        _historical_badge() if decision.historical else "",
    )


def _linked(address, value):
    """``{% url ... as address %}{% if address %}<a href="{{ address }}">{{ value }}</a>{% else %}{{ value }}...``"""
    if address:
        return format_html('<a href="{}">{}</a>\n', address, text(value))
    return format_html("{}\n", text(value))


def _recognition_product_cell(recognition, value):
    return _linked(url("products:detail", recognition.product_id), value)


def _stars_cell(row, value):
    return format_html("{}\n", stars(value) if value else "—")


def _recognition_decision_cell(recognition, value):
    return format_html('<a href="{}">{}</a>\n', url("decisions:detail", recognition.decision_id), text(value))


REGISTER_CSS = {"valid": " ok", "revoked": " bad", "expired": " warn"}


def _register_state_cell(recognition, value):
    return format_html(
        '<span class="badge{}">{}</span>\n', REGISTER_CSS.get(recognition.register_state, ""), text(value)
    )


def _revocation_number_cell(item, value):
    if getattr(item, "decision_in_scope", None):
        return format_html(
            '<a href="{}"><strong>{}</strong></a>\n', url("decisions:detail", item.decision_id), _number_text(value)
        )
    return format_html("<strong>{}</strong>\n", _number_text(value))


def _revocation_product_cell(item, value):
    return _linked(url("products:detail", item.recognition.product_id), value)


def _plain_cell(row, value):
    return format_html("{}\n", text(value))


def _revocation_status_cell(item, value):
    return format_html(
        '<span class="badge {}">{}</span>\n', "ok" if item.decision.status == "issued" else "warn", text(value)
    )


def _expiring_product_cell(recognition, value):
    return format_html(
        '{}<br><small class="muted">{}</small>\n', text(value), text(recognition.product.unit.display_name)
    )


def _expiring_decision_cell(recognition, value):
    return format_html(
        '<a href="{}">{}</a> ({})\n',
        url("decisions:detail", recognition.decision_id),
        text(value),
        date_text(recognition.decision.date),
    )


def _expired_until_cell(recognition, value):
    return format_html('<span class="badge bad">{}</span>\n', date_text(recognition.valid_until))


def _time_until(value):
    """``{{ value|timeuntil }}``."""
    if not value:
        return ""
    try:
        return timeuntil(value)
    except (ValueError, TypeError):
        return ""


def _expiring_until_cell(recognition, value):
    return format_html(
        '<span class="badge warn">{}</span> <small class="muted">{}</small>\n',
        date_text(recognition.valid_until),
        blocktrans("còn %(n)s", n=_time_until(recognition.valid_until)),
    )


def _email_cell(recognition, value):
    if value:
        return format_html('<a href="mailto:{}">{}</a>\n', text(value), text(value))
    return format_html('<span class="muted">{}</span>\n', trans("chưa có e-mail"))


class DecisionTable(Table):
    number = Column(gettext_lazy("Số, ký hiệu"), "number_display", order_by="number", render=_decision_number_cell)
    date = Column(gettext_lazy("Ngày ban hành"), "date", order_by="date")
    kind = Column(gettext_lazy("Loại quyết định"), "kind", order_by="kind", render=_decision_kind_cell)
    subject_line = Column(gettext_lazy("Trích yếu"), "subject_line")
    authority = Column(gettext_lazy("Cơ quan ban hành"), "authority__name", order_by="authority__name")
    items = Column(gettext_lazy("Số sản phẩm"), "item_count", order_by="item_count", numeric=True)
    status = Column(gettext_lazy("Trạng thái"), "status", order_by="status", render=_decision_status_cell)
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
        render=_recognition_product_cell,
    )
    unit = Column(gettext_lazy("Địa bàn"), lambda r: unit_name(r.product.unit), order_by="product__unit__path")
    subject = Column(gettext_lazy("Chủ thể"), "product__subject__name", order_by="product__subject__name")
    stars = Column(gettext_lazy("Hạng sao"), lambda r: r.stars, order_by="stars", render=_stars_cell)
    score = Column(gettext_lazy("Điểm"), "score", order_by="score", numeric=True, decimals=2)
    decision = Column(
        gettext_lazy("Số quyết định"),
        "decision__number_display",
        order_by="decision__number",
        render=_recognition_decision_cell,
    )
    date = Column(gettext_lazy("Ngày quyết định"), "decision__date", order_by="decision__date")
    authority = Column(gettext_lazy("Cơ quan ban hành"), "decision__authority__name")
    valid_from = Column(gettext_lazy("Hiệu lực từ"), "valid_from", order_by="valid_from")
    until = Column(gettext_lazy("Hiệu lực đến"), "valid_until", order_by="valid_until")
    state = Column(
        gettext_lazy("Tình trạng hiện nay"),
        register_state_text,
        order_by="register_state",
        render=_register_state_cell,
    )
    empty_template = "decisions/_recognitions_empty.html"


class RevocationTable(Table):
    number = Column(
        gettext_lazy("Số quyết định"),
        "decision__number_display",
        order_by="decision__number",
        render=_revocation_number_cell,
    )
    date = Column(gettext_lazy("Ngày"), "decision__date", order_by="decision__date")
    authority = Column(
        gettext_lazy("Cơ quan ban hành"), "decision__authority__name", order_by="decision__authority__name"
    )
    product = Column(
        gettext_lazy("Sản phẩm"),
        "recognition__product__name",
        order_by="recognition__product__name",
        render=_revocation_product_cell,
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
        render=_stars_cell,
    )
    recognition = Column(gettext_lazy("Quyết định công nhận bị thu hồi"), "recognition__decision__number_display")
    ground = Column(gettext_lazy("Căn cứ thu hồi"), "ground", order_by="ground", render=_plain_cell)
    ground_text = Column(gettext_lazy("Nêu rõ lý do"), "ground_text")
    status = Column(
        gettext_lazy("Trạng thái"),
        "decision__status",
        order_by="decision__status",
        render=_revocation_status_cell,
    )
    empty_template = "decisions/_revocations_empty.html"


class ExpiredTable(Table):
    """Recognitions expired and not re-evaluated (``/decisions/expiring/``, first list)."""

    product = Column(gettext_lazy("Sản phẩm"), "product__name", render=_expiring_product_cell)
    unit = Column(gettext_lazy("Địa bàn"), lambda r: unit_name(r.product.unit))
    subject = Column(gettext_lazy("Chủ thể"), "product__subject__name")
    stars = Column(gettext_lazy("Hạng sao"), lambda r: r.stars, render=_stars_cell)
    decision = Column(gettext_lazy("Quyết định công nhận"), "decision__number_display", render=_expiring_decision_cell)
    date = Column(gettext_lazy("Ngày quyết định"), "decision__date")
    until = Column(gettext_lazy("Hết hiệu lực từ"), "valid_until", render=_expired_until_cell)
    empty_text = gettext_lazy("Không có sản phẩm nào hết hiệu lực mà chưa được xử lý.")


class ExpiringTable(Table):
    """Recognitions expiring within 90 days (``/decisions/expiring/``, second list)."""

    product = Column(gettext_lazy("Sản phẩm"), "product__name", render=_expiring_product_cell)
    unit = Column(gettext_lazy("Địa bàn"), lambda r: unit_name(r.product.unit))
    subject = Column(gettext_lazy("Chủ thể"), "product__subject__name")
    stars = Column(gettext_lazy("Hạng sao"), lambda r: r.stars, render=_stars_cell)
    decision = Column(gettext_lazy("Quyết định công nhận"), "decision__number_display", render=_expiring_decision_cell)
    date = Column(gettext_lazy("Ngày quyết định"), "decision__date")
    until = Column(gettext_lazy("Hiệu lực đến"), "valid_until", render=_expiring_until_cell)
    email = Column(gettext_lazy("E-mail"), "product__subject__email", render=_email_cell)
    phone = Column(gettext_lazy("Điện thoại"), "product__subject__phone")
    empty_text = gettext_lazy("Không có sản phẩm nào hết hiệu lực trong 90 ngày tới.")
