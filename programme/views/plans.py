"""Plan pages: list by year (the programme's index), detail with progress at a date, create, edit, approve,
return to draft, delete (with a confirmation page)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ocop_portal.generic import ObjectActionView, ObjectDetailView, ObjectEditView, ObjectHistoryView
from ocop_portal.views import ScopedListView

from .. import selectors, services
from ..filtersets import PlanFilterSet
from ..forms import OnDateForm, PlanForm, ReasonForm
from ..models import Plan, PlanStatus
from ..permissions import can_change_programme, can_edit_plan
from ..tables import PlanTable


class PlanListView(ScopedListView):
    model = Plan
    template_name = "programme/plan_list.html"
    context_object_name = "plans"
    filterset_class = PlanFilterSet
    table_class = PlanTable
    default_ordering = ("-year", "unit__path", "pk")

    def base_queryset(self):
        return selectors.with_plan_list_data(Plan.objects.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = can_change_programme(self.request.user)
        return context


class PlanDetailView(ObjectDetailView):
    model = Plan
    template_name = "programme/plan_detail.html"
    context_object_name = "plan"
    edit_permission = staticmethod(can_edit_plan)
    history_url_name = "programme:plan_history"

    def base_queryset(self):
        return Plan.objects.select_related("unit__parent", "created_by", "approved_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, plan = self.request.user, self.object
        on_form = OnDateForm(self.request.GET or None)
        on = timezone.localdate()
        if on_form.is_valid() and on_form.cleaned_data.get("on"):
            on = on_form.cleaned_data["on"]
        progresses = selectors.plan_progress(plan, on)
        lines = selectors.budget_lines(user).filter(plan=plan)
        context.update(
            on=on,
            on_form=on_form,
            progresses=progresses,
            summary=selectors.progress_summary(progresses),
            budget=selectors.budget_totals(lines),
            activity_summary=selectors.activity_summary(selectors.plan_activities(user, plan)),
        )
        return context


class PlanEditView(ObjectEditView):
    """Create and edit; only plans inside the user's area for "change" are found (another area's: 404)."""

    model = Plan
    form_class = PlanForm
    template_name = "programme/plan_form.html"
    create_permission = staticmethod(can_change_programme)
    create_service = staticmethod(services.plan_create)
    update_service = staticmethod(services.plan_update)
    success_message_create = gettext_lazy("Đã tạo kế hoạch “%(object)s”.")
    success_message_update = gettext_lazy("Đã lưu thay đổi của kế hoạch.")
    detail_url_name = "programme:plan_detail"

    def base_queryset(self):
        return Plan.objects.select_related("unit")


class PlanHistoryView(ObjectHistoryView):
    model = Plan
    detail_url_name = "programme:plan_detail"


class PlanActionView(ObjectActionView):
    """The shared confirmation of a plan's workflow step (approve, return to draft, delete) with a reason."""

    model = Plan
    form_class = ReasonForm
    template_name = "programme/plan_action.html"
    context_object_name = "plan"
    detail_url_name = "programme:plan_detail"
    action = ""

    def base_queryset(self):
        return Plan.objects.select_related("unit")

    def is_reason_required(self):
        return self.reason_required

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["required"] = self.is_reason_required()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(action=self.action, reason_required=self.is_reason_required())
        return context


class PlanApproveView(PlanActionView):
    action = "approve"
    service = staticmethod(services.plan_approve)
    success_message = gettext_lazy("Đã ghi nhận kế hoạch được phê duyệt.")


class PlanReopenView(PlanActionView):
    action = "reopen"
    reason_required = True
    service = staticmethod(services.plan_reopen)
    success_message = gettext_lazy("Kế hoạch đã chuyển về dự thảo.")


class PlanDeleteView(PlanActionView):
    """The workflow confirmation page rather than ObjectDeleteView's: a reason once approved, counts of targets
    and budget lines deleted with the plan."""

    action = "delete"
    service = staticmethod(services.plan_delete)
    success_message = gettext_lazy("Đã xoá kế hoạch.")
    success_url_name = "programme:index"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        context.update(
            target_count=plan.targets.count(),
            line_count=plan.budget_lines.count(),
            is_approved=plan.status == PlanStatus.APPROVED,
        )
        return context

    def get_success_url(self):
        return reverse(self.success_url_name)
