from django.apps import apps
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from accounts.permissions import can_read_audit
from ocop_portal.views import ScopedListView

from .filtersets import AuditEntryFilterSet
from .models import AuditEntry
from .selectors import history_for, record_visible
from .tables import AuditEntryTable


class AuditListView(ScopedListView):
    """``/audit/``: the entries of the user's area (``AuditEntry.objects.restrict``), newest first."""

    model = AuditEntry
    scope_action = "audit"
    filterset_class = AuditEntryFilterSet
    table_class = AuditEntryTable
    template_name = "audit/entry_list.html"
    paginate_by = 50
    default_ordering = ("-at", "-pk")
    title = _("Nhật ký thay đổi")

    def base_queryset(self):
        return AuditEntry.objects.select_related("actor", "content_type")


class ObjectHistoryView(LoginRequiredMixin, ListView):
    """The change history of one object (lịch sử thay đổi), also of a deleted one.

    Another area's record, or a score sheet still sealed for this user, is a 404, as is a deleted record of which
    the user may read no entry.
    """

    template_name = "audit/object_history.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        user = self.request.user
        if not can_read_audit(user):
            raise PermissionDenied
        try:
            self.target_model = apps.get_model(self.kwargs["model"])
        except (LookupError, ValueError) as exc:
            raise Http404 from exc
        pk = self.kwargs["pk"]
        try:
            self.target = self.target_model._base_manager.filter(pk=pk).first()
        except (ValueError, TypeError):
            self.target = None
        entries = history_for(user, self.target_model, pk)
        if self.target is not None:
            if not record_visible(user, self.target):
                raise Http404  # another area's record (or a sealed sheet): its history is not shown either
        elif not entries.exists():
            raise Http404  # a deleted record: shown only when the user may read some of its entries
        return entries

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["target"] = self.target
        context["target_model"] = self.target_model._meta
        return context
