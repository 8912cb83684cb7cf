"""The columns of the evaluation round list: the page, its sort keys and its export (``ocop_portal.tables``); the
registration rows of a round's page (``round_registration_rows``)."""

import html

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.formatting import unit_name
from ocop_portal.tables import Column, Table, text, url
from ocop_portal.templatetags.ocop import vn_number

from .templatetags.evaluations_tags import badge_class, star_rating


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


# --- the registrations of a round's page ------------------------------------------------------------------------
# A round of 200 registrations rendered 200 rows through the template engine (``star_rating``, ``vn_number``, three
# ``{% url %}``...): two thirds of the page's CPU (issue #20). Each row is written here, exactly as the template
# wrote it; ``evaluations/round_detail.html`` loops over the ready rows. Texts are marked with ``_()`` outside any
# f-string (not ``ocop_portal.tables.trans``) so that ``makemessages`` finds them.


def _text(value):
    """``text(value)``; a plain string (most cells) escaped directly, as ``escape`` does."""
    return html.escape(value) if type(value) is str else text(value)


_MARK = 987654320123  # an integer key no route holds as text


def _link_of(name):
    """``lambda pk: {% url name pk %}`` (escaped), the route reversed once for the page."""
    before, mark, after = conditional_escape(url(name, _MARK)).partition(str(_MARK))
    if not mark:
        return lambda pk: conditional_escape(url(name, pk))
    return lambda pk: f"{before}{pk}{after}"


def _widthratio(value, maximum):
    """``{% widthratio value maximum 100 %}``."""
    try:
        return str(round(float(value) / float(maximum) * 100))
    except ZeroDivisionError:
        return "0"


def _star_rating(stars, cache):
    """``{% star_rating stars %}`` (``evaluations_tags.star_rating``), once per number of stars and page."""
    html = cache.get(stars)
    if html is None:
        html = cache[stars] = conditional_escape(star_rating(stars))
    return html


def _progress_cell(registration, progress, round_closed, fixed):
    """The "Phiếu đã nộp" cell: submitted/expected sheets, the quorum and who has not submitted (no points)."""
    if registration.status not in ("accepted", "scored"):
        return "<td>—</td>"
    p = progress.get(registration.pk)
    submitted, expected = p[0], p[1]
    if p.quorum_met:
        quorum = fixed["quorum_met"]
    else:
        needed = _("Chưa đủ túc số (cần %(n)s phiếu)") % {"n": text(p.needed)}
        quorum = f'<small class="badge warn">{needed}</small>'
        if p.chair_missing:
            quorum += fixed["chair_missing"]
    missing = ""
    if p.missing:
        heading = fixed["absent"] if round_closed else fixed["not_submitted"]
        names = ", ".join(text(user) for user in p.missing)
        missing = f'<br><small class="muted">{heading} {names}</small>'
    return (
        f'<td>{text(submitted)}/{text(expected)} <div class="progress" aria-hidden="true"><span style="width:'
        f'{_widthratio(submitted, expected)}%"></span></div>\n        {quorum}\n        {missing}\n        </td>'
    )


def _my_sheet_cell(registration, round_scoring, fixed):
    """The "Phiếu của tôi" cell of a scoring member: recused, their sheet (submitted or to continue), or a button
    to score an accepted registration while the round is scoring."""
    sheet = registration.my_sheet
    if registration.i_am_recused:
        inner = fixed["recused"] + "\n        "
    elif sheet:
        if sheet.status == "submitted":
            inner = f'<a href="{conditional_escape(url("evaluations:sheet_detail", sheet.pk))}">{fixed["done"]}</a>'
        else:
            link = conditional_escape(url("evaluations:my_sheet", registration.pk))
            inner = f'<a class="button" href="{link}">{fixed["continue"]}</a>'
        inner += "\n        "
    elif registration.status == "accepted" and round_scoring:
        link = conditional_escape(url("evaluations:my_sheet", registration.pk))
        inner = f'<a class="button primary" href="{link}">{fixed["score"]}</a>\n        '
    else:
        inner = "—"
    return f"<td>\n        {inner}\n      </td>"


def round_registration_rows(registrations, *, round_, progress, my_sheet_column):
    """The ``<tr>`` of each registration on the round's page (with the text between rows the template wrote):
    product (link, class code, unit), subject, kind, status, the progress column when ``progress`` is given (the
    secretary and the office), score, stars and, when ``my_sheet_column``, the user's own sheet. The registrations
    carry ``unit_label``, ``kind_label``, ``status_label`` and, for the last column, ``my_sheet`` and
    ``i_am_recused`` (``RoundDetailView``)."""
    fixed = {
        "quorum_met": '<small class="badge ok">' + _("Đủ túc số") + "</small>",
        "chair_missing": ' <small class="error">' + _("chủ tịch hội đồng chưa nộp") + "</small>",
        "absent": _("Vắng (không chấm, không tính điểm 0):"),
        "not_submitted": _("Chưa nộp:"),
        "recused": '<span class="badge">' + _("Không tham gia") + "</span>",
        "done": _("Đã nộp"),
        "continue": _("Tiếp tục chấm"),
        "score": _("Chấm điểm"),
    }
    registration_link = _link_of("evaluations:registration_detail")
    round_closed = round_.status == "closed"
    round_scoring = round_.status == "scoring"
    stars_cache = {}
    rows = []
    for registration in registrations:
        product = registration.product
        product_class = product.product_class
        subject = product.subject
        cells = [
            f'\n    <tr>\n      <td><a href="{registration_link(registration.pk)}">'
            f'<strong>{_text(product.name)}</strong></a><br><small class="muted">'
            f"{_text(product_class.code if product_class is not None else '')} · {_text(registration.unit_label)}"
            f"</small></td>\n      <td>{_text(subject.name if subject is not None else '')}</td>\n"
            f"      <td>{_text(registration.kind_label)}</td>\n"
            f'      <td><span class="badge {conditional_escape(badge_class(registration.status))}">'
            f"{_text(registration.status_label)}</span></td>\n      "
        ]
        if progress is not None:
            cells.append(_progress_cell(registration, progress, round_closed, fixed))
        cells.append(
            f'\n      <td class="num">{conditional_escape(vn_number(registration.score, 2) or "—")}</td>\n'
            f"      <td>{_star_rating(registration.stars, stars_cache)}</td>\n      "
        )
        if my_sheet_column:
            cells.append(_my_sheet_cell(registration, round_scoring, fixed))
        cells.append("\n    </tr>\n  ")
        rows.append(mark_safe("".join(cells)))  # noqa: S308 - every value above is escaped
    return rows
