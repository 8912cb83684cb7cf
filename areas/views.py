from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.views.generic import ListView

from accounts.permissions import can_view_registry
from accounts.scoping import visible_units
from ocop_portal.exports import ExportMixin
from ocop_portal.text import fold
from ocop_portal.views import portable_order

from .models import AdministrativeUnit, UnitLevel
from .tables import UnitTable


class UnitListView(ExportMixin, LoginRequiredMixin, ListView):
    """The units the user may see (``visible_units``), filtered, sorted by ``UnitTable``'s keys, exported."""

    model = AdministrativeUnit
    table_class = UnitTable
    template_name = "areas/unit_list.html"
    context_object_name = "units"
    paginate_by = 100

    def get_table(self, rows=()):
        return self.table_class(self.request, rows)

    def get_queryset(self):
        if not can_view_registry(self.request.user):
            raise PermissionDenied
        qs = visible_units(self.request.user).select_related("parent")
        level = self.request.GET.get("level")
        if level in UnitLevel.values:
            qs = qs.filter(level=level)
        structure = self.request.GET.get("structure")
        if structure == "current":
            qs = qs.current()
        elif structure == "historical":
            qs = qs.ended()
        q = self.request.GET.get("q", "").strip()
        if q:
            qs = qs.filter(Q(search_text__contains=fold(q)) | Q(code=q))
        requested = self.request.GET.get("sort", "")
        fields = self.get_table().ordering().get(requested.lstrip("-"))
        self.current_sort = requested if fields else ""
        if fields:
            sign = "-" if requested.startswith("-") else ""
            qs = qs.order_by(*portable_order(*(sign + field for field in fields), "pk"))
        return qs.prefetch_related("successors")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["levels"] = UnitLevel.choices
        params = self.request.GET.copy()
        params.pop("page", None)
        context["query_string"] = params.urlencode()
        context["table"] = self.get_table(context["object_list"])
        context["current_sort"] = self.current_sort
        params.pop("sort", None)
        context["query_string_without_sort"] = params.urlencode()
        return context
