from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

STATUS_CLASS = {
    "draft": "",
    "submitted": "warn",
    "returned": "bad",
    "accepted": "warn",
    "scored": "ok",
    "approved": "ok",
    "moved_down": "bad",
    "decided": "ok",
    "open": "ok",
    "scoring": "warn",
    "closed": "",
    "recognise": "ok",
    "forward": "ok",
    "forwarded": "ok",
    "return_lower": "warn",
    "not_eligible": "bad",
}


@register.filter
def badge_class(status):
    return STATUS_CLASS.get(str(status), "")


@register.simple_tag
def star_rating(stars):
    """★★★☆☆ with an accessible label; an em dash when there is no rating yet."""
    if not stars:
        return "—"
    stars = int(stars)
    return format_html(
        '<span class="stars" title="{label}" aria-label="{label}">{full}<span class="muted">{empty}</span></span>',
        label=_("%s sao") % stars,
        full="★" * stars,
        empty="☆" * (5 - stars),
    )


@register.filter
def status_label(value):
    """A registration status as stored in the audit trail ("submitted") → its label ("Đã gửi")."""
    from evaluations.models import RegistrationStatus

    if value in RegistrationStatus.values:
        return RegistrationStatus(value).label
    return value


@register.filter
def get_item(mapping, key):
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def points(value):
    """Points without useless decimals: 5,00 → 5; 0,50 → 0,5."""
    if value in (None, ""):
        return "—"
    from ocop_portal.formatting import format_number

    return format_number(value, None, strip_zeros=True)


@register.filter
def option_text(text):
    """An option as printed on the sheet, without the check box and the star marks (shown as a badge)."""
    return str(text).lstrip("□ ").rstrip("* ").strip()


@register.filter
def criterion_title(text):
    """A criterion line without its star mark (shown as a badge): "e) Sở hữu trí tuệ****" → "e) Sở hữu trí tuệ"."""
    return str(text).rstrip("* ").strip()
