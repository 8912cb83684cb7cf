"""Plan pages: list by year (the programme's index), detail with progress at a date, create, edit, approve,
return to draft, delete (with a confirmation page)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from ocop_portal.errors import apply_service_error
from ocop_portal.generic import ObjectDetailView, ObjectEditView, ObjectHistoryView
from ocop_portal.views import ScopedListView, ScopedMixin

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


# not generic: the shared confirmation of a workflow step (approve, return to draft, delete) with a reason
class PlanActionView(ScopedMixin, FormView):
    """A confirmation page with a reason, then a service call (approve, return to draft, delete)."""

    model = Plan
    form_class = ReasonForm
    scope_action = "change"
    template_name = "programme/plan_action.html"
    reason_required = False
    action = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = get_object_or_404(self.get_queryset().select_related("unit"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def is_reason_required(self):
        return self.reason_required

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["required"] = self.is_reason_required()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(plan=self.object, action=self.action, reason_required=self.is_reason_required())
        context.update(self.extra_context_data())
        return context

    def extra_context_data(self):
        return {}

    def call(self, reason):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            url = self.call(form.cleaned_data.get("reason", ""))
        except ValidationError as exc:
            apply_service_error(form, exc)
            return self.form_invalid(form)
        return HttpResponseRedirect(url)


# not generic: workflow step (approval), not an object edit
class PlanApproveView(PlanActionView):
    action = "approve"

    def call(self, reason):
        services.plan_approve(actor=self.request.user, plan=self.object, reason=reason)
        messages.success(self.request, _("Đã ghi nhận kế hoạch được phê duyệt."))
        return reverse("programme:plan_detail", args=[self.object.pk])


# not generic: workflow step (back to draft), not an object edit
class PlanReopenView(PlanActionView):
    action = "reopen"
    reason_required = True

    def call(self, reason):
        services.plan_reopen(actor=self.request.user, plan=self.object, reason=reason)
        messages.success(self.request, _("Kế hoạch đã chuyển về dự thảo."))
        return reverse("programme:plan_detail", args=[self.object.pk])


# not generic: shares the workflow confirmation page (reason required once approved, counts of targets/lines)
class PlanDeleteView(PlanActionView):
    action = "delete"

    def extra_context_data(self):
        plan = self.object
        return {
            "target_count": plan.targets.count(),
            "line_count": plan.budget_lines.count(),
            "is_approved": plan.status == PlanStatus.APPROVED,
        }

    def call(self, reason):
        services.plan_delete(actor=self.request.user, plan=self.object, reason=reason)
        messages.success(self.request, _("Đã xoá kế hoạch."))
        return reverse("programme:index")
