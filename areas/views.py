from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.views.generic import ListView

from accounts.permissions import can_view_registry
from accounts.scoping import visible_units
from ocop_portal.text import fold

from .models import UnitLevel


class UnitListView(LoginRequiredMixin, ListView):
    template_name = "areas/unit_list.html"
    context_object_name = "units"
    paginate_by = 100

    def get_queryset(self):
        if not can_view_registry(self.request.user):
            raise PermissionDenied
        qs = visible_units(self.request.user).select_related("parent")
        level = self.request.GET.get("level")
        if level in UnitLevel.values:
            qs = qs.filter(level=level)
        structure = self.request.GET.get("structure")
        if structure == "current":
            qs = qs.filter(valid_to__isnull=True)
        elif structure == "historical":
            qs = qs.filter(valid_to__isnull=False)
        q = self.request.GET.get("q", "").strip()
        if q:
            qs = qs.filter(Q(search_text__contains=fold(q)) | Q(code=q))
        return qs.prefetch_related("successors")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["levels"] = UnitLevel.choices
        params = self.request.GET.copy()
        params.pop("page", None)
        context["query_string"] = params.urlencode()
        return context
