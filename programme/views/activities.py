"""Activity pages: list with filters and totals by kind, detail, create, edit, delete (with confirmation), history;
declarations on the generic scoped views (``ocop_portal.generic``)."""

from django.utils.translation import gettext_lazy

from ocop_portal.generic import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectHistoryView
from ocop_portal.views import ScopedListView

from .. import selectors, services
from ..filtersets import ActivityFilterSet
from ..forms import ActivityForm, ReasonForm
from ..models import Activity
from ..permissions import can_change_programme, can_edit_activity
from ..tables import ActivityTable


class ActivityListView(ScopedListView):
    model = Activity
    template_name = "programme/activity_list.html"
    context_object_name = "activities"
    filterset_class = ActivityFilterSet
    table_class = ActivityTable
    default_ordering = ("-start_date", "-pk")

    def base_queryset(self):
        return Activity.objects.select_related("unit__parent", "funding_source")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = can_change_programme(self.request.user)
        context["summary"] = selectors.activity_summary(self.object_list)
        return context


class ActivityDetailView(ObjectDetailView):
    model = Activity
    template_name = "programme/activity_detail.html"
    context_object_name = "activity"
    edit_permission = staticmethod(can_edit_activity)
    history_url_name = "programme:activity_history"

    def base_queryset(self):
        return Activity.objects.select_related("unit__parent", "funding_source", "created_by")


class ActivityEditView(ObjectEditView):
    """Create (``activities/new/``) and edit; another area's activity: 404."""

    model = Activity
    form_class = ActivityForm
    template_name = "programme/activity_form.html"
    create_permission = staticmethod(can_change_programme)
    create_service = staticmethod(services.activity_create)
    update_service = staticmethod(services.activity_update)
    success_message_create = gettext_lazy("Đã thêm hoạt động “%(object)s”.")
    success_message_update = gettext_lazy("Đã lưu hoạt động.")
    detail_url_name = "programme:activity_detail"

    def base_queryset(self):
        return Activity.objects.select_related("unit", "funding_source")


class ActivityDeleteView(ObjectDeleteView):
    model = Activity
    form_class = ReasonForm
    template_name = "programme/activity_confirm_delete.html"
    context_object_name = "activity"
    delete_service = staticmethod(services.activity_delete)
    success_message = gettext_lazy("Đã xoá hoạt động.")
    success_url_name = "programme:activities"
    detail_url_name = "programme:activity_detail"

    def base_queryset(self):
        return Activity.objects.select_related("unit", "funding_source")


class ActivityHistoryView(ObjectHistoryView):
    model = Activity
    detail_url_name = "programme:activity_detail"
