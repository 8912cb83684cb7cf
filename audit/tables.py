"""The columns of the audit log: the page, its sort keys and its export (``ocop_portal.tables``)."""

from django.utils.translation import gettext_lazy as _

from ocop_portal.tables import Column, Table

from .presentation import attach_readable_changes, changes_text


class AuditEntryTable(Table):
    at = Column(_("Thời điểm"), "at", order_by="at", template="audit/cells/at.html")
    actor = Column(_("Người thực hiện"), "actor", order_by="actor__username")
    action = Column(_("Thao tác"), "action", order_by="action")
    record = Column(_("Đối tượng"), "object_repr", order_by="object_repr", template="audit/cells/record.html")
    changes = Column(_("Thay đổi"), changes_text, template="audit/cells/changes.html")
    reason = Column(_("Lý do"), "reason")
    request_id = Column(_("Mã yêu cầu"), "request_id", template="audit/cells/request_id.html")
    empty_text = _("Chưa có thay đổi nào được ghi nhận.")

    def prepare(self, rows):
        """Field names, choice labels, local times and related names of the changes (``audit.presentation``)."""
        attach_readable_changes(rows, self.request.user)
