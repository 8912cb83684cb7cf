"""Target pages: create/edit/delete a target of a plan, enter an achieved result with evidence, and the
drill-down page listing the records a target counted."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View

from ocop_portal.generic import ObjectDeleteView, ObjectDetailView, ObjectEditView
from ocop_portal.views import ScopedMixin

from .. import selectors, services
from ..forms import OnDateForm, ReasonForm, TargetActualForm, TargetForm
from ..indicators import evaluate
from ..models import Plan, Target
from ..permissions import can_change_programme, can_edit_plan
from .common import query_strings

DRILLDOWN_PAGE_SIZE = 50


class PlanChildMixin:
    """Views under /plans/<plan_pk>/: the plan is looked up in the user's area for "change" (else 404)."""

    def get_plan(self):
        if not hasattr(self, "_plan"):
            plans = Plan.objects.restrict(self.request.user, "change").select_related("unit")
            self._plan = get_object_or_404(plans, pk=self.kwargs["plan_pk"])
        return self._plan


class TargetEditView(PlanChildMixin, ObjectEditView):
    """Create under a plan (``plans/<plan_pk>/targets/new/``, the plan in the user's area for "change") and edit."""

    model = Target
    form_class = TargetForm
    template_name = "programme/target_form.html"
    form_user_kwarg = False
    create_permission = staticmethod(can_change_programme)
    create_service = staticmethod(services.target_create)
    update_service = staticmethod(services.target_update)
    success_message_create = gettext_lazy("Đã thêm chỉ tiêu.")
    success_message_update = gettext_lazy("Đã lưu chỉ tiêu.")

    def base_queryset(self):
        return Target.objects.select_related("plan__unit")

    def current_plan(self):
        return self.get_plan() if self.is_create else self.object.plan

    def get_service_kwargs(self):
        return {"plan": self.get_plan()} if self.is_create else {}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["plan"] = self.current_plan()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(plan=self.current_plan(), indicator_help=selectors.indicator_choices_help())
        return context

    def get_success_url(self):
        return reverse("programme:plan_detail", args=[self.object.plan_id]) + "#targets"


class TargetDeleteView(ObjectDeleteView):
    """Confirmation page (with the reason when the plan is approved), then the service deletes."""

    model = Target
    form_class = ReasonForm
    template_name = "programme/target_confirm_delete.html"
    context_object_name = "target"
    delete_service = staticmethod(services.target_delete)
    success_message = gettext_lazy("Đã xoá chỉ tiêu.")

    def base_queryset(self):
        return Target.objects.select_related("plan__unit")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["required"] = self.object.plan.is_approved
        return kwargs

    def get_cancel_url(self):
        return reverse("programme:plan_detail", args=[self.object.plan_id]) + "#targets"

    def get_success_url(self):
        return self.get_cancel_url()


class TargetActualView(ObjectEditView):
    """Enter the achieved result and evidence of a target whose actual is entered by hand."""

    model = Target
    form_class = TargetActualForm
    template_name = "programme/target_actual_form.html"
    context_object_name = "target"
    form_user_kwarg = False
    success_message_update = gettext_lazy("Đã ghi nhận kết quả thực hiện chỉ tiêu.")

    def base_queryset(self):
        return Target.objects.select_related("plan__unit", "entered_by")

    def perform_update(self, form):  # the service takes the value, the evidence and the uploaded file
        return services.target_record_actual(
            actor=self.request.user,
            target=self.object,
            value=form.cleaned_data.get("entered_value"),
            evidence_text=form.cleaned_data.get("evidence_text", ""),
            evidence_file=self.request.FILES.get("evidence_file"),
            remove_file=form.cleaned_data.get("remove_file", False),
            expected_version=form.expected_version,
        )

    def get_success_url(self):
        return reverse("programme:plan_detail", args=[self.object.plan_id]) + "#targets"


# not generic: a file download, not a page
class TargetEvidenceView(ScopedMixin, View):
    """Download a target's evidence file (only inside the user's area)."""

    model = Target

    def get(self, request, pk):
        target = get_object_or_404(self.get_queryset(), pk=pk)
        if not target.evidence_file:
            raise Http404
        response = FileResponse(
            target.evidence_file.open("rb"), as_attachment=True, filename=target.evidence_name or "minh-chung"
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


def _can_edit_target(user, target):
    return can_edit_plan(user, target.plan)


class TargetRecordsView(ObjectDetailView):
    """Drill-down: the records a target counted on a date (paginated), with the breakdown by district."""

    model = Target
    template_name = "programme/target_records.html"
    context_object_name = "target"
    edit_permission = staticmethod(_can_edit_target)

    def base_queryset(self):
        return Target.objects.select_related("plan__unit", "entered_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, target = self.request.user, self.object
        on_form = OnDateForm(self.request.GET or None)
        on = timezone.localdate()
        if on_form.is_valid() and on_form.cleaned_data.get("on"):
            on = on_form.cleaned_data["on"]
        progress = evaluate(target, on)
        counted = {"yes": True, "no": False}.get(self.request.GET.get("counted", ""))
        district = None
        district_pk = self.request.GET.get("district", "")
        if district_pk.isdigit():
            district = next((row.unit for row in progress.actual.breakdown if row.unit.pk == int(district_pk)), None)
        records = selectors.drilldown_records(user, progress, counted=counted, district=district)
        page_obj = None
        if records is not None:
            paginator = Paginator(records, DRILLDOWN_PAGE_SIZE)
            page_obj = paginator.get_page(self.request.GET.get("page"))
            context.update(paginator=paginator, is_paginated=page_obj.has_other_pages())
        context.update(query_strings(self.request))
        context.update(
            on=on,
            on_form=on_form,
            progress=progress,
            plan=target.plan,
            page_obj=page_obj,
            records=page_obj.object_list if page_obj else [],
            counted=self.request.GET.get("counted", ""),
            district=district,
        )
        return context


# not generic: a redirect to the plan page (targets are shown there)
class TargetRedirectView(ScopedMixin, View):
    """``/programme/targets/<pk>/`` -> the plan page at the target."""

    model = Target

    def get(self, request, pk):
        target = get_object_or_404(self.get_queryset(), pk=pk)
        return HttpResponseRedirect(reverse("programme:plan_detail", args=[target.plan_id]) + f"#target-{target.pk}")
