"""The columns of the audit log: the page, its sort keys and its export (``ocop_portal.tables``)."""

from django.conf import settings
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ocop_portal.tables import Column, Table, text, url

from .presentation import attach_readable_changes, changes_text

# The page's cells: a function per column (``ocop_portal.tables``), the markup the cell templates wrote.


def _at_cell(entry, value):
    """``{{ row.at|date:"d/m/Y H:i:s" }}`` (in local time)."""
    at = entry.at
    if not at:
        return format_html("{}\n", "")
    if settings.USE_TZ and timezone.is_aware(at):
        at = timezone.localtime(at)
    return format_html("{}\n", text(formats.date_format(at, "d/m/Y H:i:s")))


def _record_cell(entry, value):
    content_type = entry.content_type
    address = url("audit:history", f"{content_type.app_label}.{content_type.model}", entry.object_id)
    return format_html('<a href="{}">{}</a>\n', address, text(entry.object_repr))


def _changes_cell(entry, value):
    """``audit/cells/changes.html`` (still included by ``audit/_entries.html``)."""
    items = format_html_join(
        "",
        "<li><strong>{}</strong>: <del>{}</del> → <ins>{}</ins></li>",
        ((text(label), text(before), text(after)) for label, before, after in entry.readable_changes),
    )
    return format_html('<ul class="changes">{}</ul>\n', items)


def _request_id_cell(entry, value):
    """``<code>{{ row.request_id|truncatechars:12 }}</code>``."""
    return format_html("<code>{}</code>\n", text(Truncator(str(entry.request_id)).chars(12)))


class AuditEntryTable(Table):
    at = Column(_("Thời điểm"), "at", order_by="at", render=_at_cell)
    actor = Column(_("Người thực hiện"), "actor", order_by="actor__username")
    action = Column(_("Thao tác"), "action", order_by="action")
    record = Column(_("Đối tượng"), "object_repr", order_by="object_repr", render=_record_cell)
    changes = Column(_("Thay đổi"), changes_text, render=_changes_cell)
    reason = Column(_("Lý do"), "reason")
    request_id = Column(_("Mã yêu cầu"), "request_id", render=_request_id_cell)
    empty_text = _("Chưa có thay đổi nào được ghi nhận.")

    def prepare(self, rows):
        """Field names, choice labels, local times and related names of the changes (``audit.presentation``)."""
        attach_readable_changes(rows, self.request.user)
