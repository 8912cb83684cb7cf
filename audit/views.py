from django.apps import apps
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.generic import ListView

from accounts.permissions import can_read_audit
from accounts.scoping import in_scope

from .selectors import history_for, recent_entries


class AuditListView(LoginRequiredMixin, ListView):
    template_name = "audit/entry_list.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        if not can_read_audit(self.request.user):
            raise PermissionDenied
        return recent_entries()


class ObjectHistoryView(LoginRequiredMixin, ListView):
    """The change history of one object (lịch sử thay đổi)."""

    template_name = "audit/object_history.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        if not can_read_audit(self.request.user):
            raise PermissionDenied
        try:
            self.target_model = apps.get_model(self.kwargs["model"])
        except (LookupError, ValueError) as exc:
            raise Http404 from exc
        manager = self.target_model._default_manager
        pk = self.kwargs["pk"]
        self.target = manager.filter(pk=pk).first() if str(pk).isdigit() else None
        if self.target is not None and hasattr(manager, "restrict") and not in_scope(self.request.user, self.target):
            raise Http404  # another area's record: its history is not shown either
        return history_for(self.target_model, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["target"] = self.target
        context["target_model"] = self.target_model._meta
        return context
