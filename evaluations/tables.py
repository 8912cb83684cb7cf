"""The columns of the evaluation round list: the page, its sort keys and its export (``ocop_portal.tables``)."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.formatting import unit_name
from ocop_portal.tables import Column, Table, text, url

from .templatetags.evaluations_tags import badge_class


def _round_name(round_):
    return _("Đợt %(seq)s năm %(year)s") % {"seq": round_.sequence, "year": round_.year}


# The page's cells: a function per column (``ocop_portal.tables``).


def _round_cell(round_, value):
    return format_html(
        '<a href="{}"><strong>{}</strong></a>\n', url("evaluations:round_detail", round_.pk), text(value)
    )


def _rule_set_cell(round_, value):
    return format_html("<small>{}</small>\n", text(value))


def _status_cell(round_, value):
    return format_html('<span class="badge {}">{}</span>\n', text(badge_class(round_.status)), text(value))


def _review_product_cell(registration, value):
    return format_html('<a href="{}">{}</a>\n', url("evaluations:registration_detail", registration.pk), text(value))


class RoundTable(Table):
    year = Column(gettext_lazy("Đợt"), _round_name, order_by=("year", "sequence"), render=_round_cell)
    level = Column(gettext_lazy("Cấp"), "level", order_by="level")
    unit = Column(gettext_lazy("Đơn vị tổ chức"), lambda r: unit_name(r.unit), order_by="unit__name")
    rule_set = Column(gettext_lazy("Bộ quy định"), "rule_set__name", render=_rule_set_cell)
    opens_on = Column(gettext_lazy("Mở nhận hồ sơ"), "opens_on", order_by="opens_on")
    scoring_closes_on = Column(gettext_lazy("Hạn chấm"), "scoring_closes_on", order_by="scoring_closes_on")
    count = Column(gettext_lazy("Hồ sơ"), "registration_count", order_by="registration_count", numeric=True)
    council = Column(gettext_lazy("Hội đồng"), "council_size", numeric=True)
    status = Column(gettext_lazy("Trạng thái"), "status", order_by="status", render=_status_cell)
    empty_template = "evaluations/_rounds_empty.html"


def _round_of(registration):
    return _round_name(registration.round)


class ReviewTable(Table):
    """The commune's queue of producers' applications waiting for its pre-assessment."""

    product = Column(gettext_lazy("Sản phẩm"), "product__name", order_by="product__name", render=_review_product_cell)
    subject = Column(gettext_lazy("Chủ thể"), "product__subject__name", order_by="product__subject__name")
    unit = Column(gettext_lazy("Nơi sản xuất"), lambda r: unit_name(r.product.unit))
    round = Column(gettext_lazy("Đợt"), _round_of, order_by=("round__year", "round__sequence"))
    kind = Column(gettext_lazy("Hình thức"), "kind", order_by="kind")
    submitted_at = Column(gettext_lazy("Gửi lúc"), "submitted_at", order_by="submitted_at")
    empty_text = gettext_lazy("Không có hồ sơ nào của chủ thể đang chờ xã thẩm định.")
