"""Plan pages: list by year (the programme's index), detail with progress at a date, create, edit, approve,
return to draft, delete (with a confirmation page)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import CreateView, FormView, UpdateView

from accounts.permissions import can_read_audit
from ocop_portal.errors import apply_service_error
from ocop_portal.views import OneTimeSubmitMixin, ScopedDetailView, ScopedListView, ScopedMixin

from .. import selectors, services
from ..filtersets import PlanFilterSet
from ..forms import OnDateForm, PlanForm, ReasonForm
from ..models import Plan, PlanStatus
from ..tables import PlanTable
from ..permissions import can_change_programme, can_edit_plan
from .common import ServiceFormMixin


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


class PlanDetailView(ScopedDetailView):
    model = Plan
    template_name = "programme/plan_detail.html"
    context_object_name = "plan"

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
            can_edit=can_edit_plan(user, plan),
            can_read_audit=can_read_audit(user),
        )
        return context


class PlanCreateView(OneTimeSubmitMixin, ScopedMixin, ServiceFormMixin, CreateView):
    model = Plan
    form_class = PlanForm
    template_name = "programme/plan_form.html"
    scope_action = "change"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_change_programme(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def perform(self, form):
        data = {key: value for key, value in form.cleaned_data.items() if key != "reason"}
        plan = services.plan_create(actor=self.request.user, data=data)
        messages.success(self.request, _("Đã tạo kế hoạch “%(plan)s”.") % {"plan": plan})
        return plan

    def success_url_for(self, obj):
        return reverse("programme:plan_detail", args=[obj.pk])


class PlanUpdateView(ScopedMixin, ServiceFormMixin, UpdateView):
    """Only plans inside the user's area for "change" are found (another area's: 404)."""

    model = Plan
    form_class = PlanForm
    template_name = "programme/plan_form.html"
    scope_action = "change"

    def base_queryset(self):
        return Plan.objects.select_related("unit")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def perform(self, form):
        data = {key: value for key, value in form.cleaned_data.items() if key != "reason"}
        plan = services.plan_update(
            actor=self.request.user,
            plan=self.object,
            data=data,
            reason=form.cleaned_data.get("reason", ""),
            expected_version=form.expected_version,
        )
        messages.success(self.request, _("Đã lưu thay đổi của kế hoạch."))
        return plan

    def success_url_for(self, obj):
        return reverse("programme:plan_detail", args=[obj.pk])


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


class PlanApproveView(PlanActionView):
    action = "approve"

    def call(self, reason):
        services.plan_approve(actor=self.request.user, plan=self.object, reason=reason)
        messages.success(self.request, _("Đã ghi nhận kế hoạch được phê duyệt."))
        return reverse("programme:plan_detail", args=[self.object.pk])


class PlanReopenView(PlanActionView):
    action = "reopen"
    reason_required = True

    def call(self, reason):
        services.plan_reopen(actor=self.request.user, plan=self.object, reason=reason)
        messages.success(self.request, _("Kế hoạch đã chuyển về dự thảo."))
        return reverse("programme:plan_detail", args=[self.object.pk])


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
