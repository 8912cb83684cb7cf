"""Budget pages: the list of budget lines with totals by source, area and task; a line's page with its
documents; create/edit/delete a line; upload, download and delete a supporting document."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, UpdateView

from accounts.permissions import can_read_audit
from ocop_portal.errors import apply_service_error
from ocop_portal.views import OneTimeSubmitMixin, ScopedDetailView, ScopedListView, ScopedMixin

from .. import selectors, services
from ..filtersets import BudgetLineFilterSet
from ..forms import BudgetDocumentForm, BudgetLineForm, ReasonForm
from ..models import BudgetDocument, BudgetLine
from ..tables import BudgetLineTable
from ..permissions import can_edit_plan
from .common import ServiceFormMixin
from .targets import PlanChildMixin


class BudgetLineListView(ScopedListView):
    model = BudgetLine
    template_name = "programme/budget_list.html"
    context_object_name = "lines"
    filterset_class = BudgetLineFilterSet
    paginate_by = 50
    table_class = BudgetLineTable
    default_ordering = ("-plan__year", "plan__unit__path", "source__order", "unit__path", "task", "pk")

    def base_queryset(self):
        return BudgetLine.objects.select_related("plan__unit", "source__parent", "unit__parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.budget_totals(self.object_list)
        return context


class BudgetLineDetailView(ScopedDetailView):
    model = BudgetLine
    template_name = "programme/budget_line_detail.html"
    context_object_name = "line"

    def base_queryset(self):
        return BudgetLine.objects.select_related("plan__unit", "source__parent", "unit__parent", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, line = self.request.user, self.object
        can_edit = can_edit_plan(user, line.plan)
        context.update(
            plan=line.plan,
            documents=selectors.budget_documents(user, line),
            can_edit=can_edit,
            can_read_audit=can_read_audit(user),
            upload_form=kwargs.get("upload_form") or (BudgetDocumentForm(plan=line.plan) if can_edit else None),
        )
        return context


class BudgetLineCreateView(OneTimeSubmitMixin, ScopedMixin, PlanChildMixin, ServiceFormMixin, CreateView):
    model = BudgetLine
    form_class = BudgetLineForm
    template_name = "programme/budget_line_form.html"
    scope_action = "change"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(plan=self.get_plan(), user=self.request.user)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = self.get_plan()
        return context

    def perform(self, form):
        data = {key: value for key, value in form.cleaned_data.items() if key != "reason"}
        line = services.budget_line_create(
            actor=self.request.user, plan=self.get_plan(), data=data, reason=form.cleaned_data.get("reason", "")
        )
        messages.success(self.request, _("Đã thêm dòng kinh phí."))
        return line

    def success_url_for(self, obj):
        return reverse("programme:plan_detail", args=[obj.plan_id]) + "#budget"


class BudgetLineUpdateView(ScopedMixin, ServiceFormMixin, UpdateView):
    model = BudgetLine
    form_class = BudgetLineForm
    template_name = "programme/budget_line_form.html"
    scope_action = "change"

    def base_queryset(self):
        return BudgetLine.objects.select_related("plan__unit", "source", "unit")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(plan=self.object.plan, user=self.request.user)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = self.object.plan
        return context

    def perform(self, form):
        data = {key: value for key, value in form.cleaned_data.items() if key != "reason"}
        line = services.budget_line_update(
            actor=self.request.user,
            line=self.object,
            data=data,
            reason=form.cleaned_data.get("reason", ""),
            expected_version=form.expected_version,
        )
        messages.success(self.request, _("Đã lưu dòng kinh phí."))
        return line

    def success_url_for(self, obj):
        return reverse("programme:budget_line_detail", args=[obj.pk])


class BudgetLineDeleteView(ScopedMixin, ServiceFormMixin, UpdateView):
    model = BudgetLine
    form_class = ReasonForm
    template_name = "programme/budget_line_confirm_delete.html"
    context_object_name = "line"
    scope_action = "change"

    def base_queryset(self):
        return BudgetLine.objects.select_related("plan__unit", "source", "unit")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        kwargs["required"] = self.object.plan.is_approved
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["document_count"] = self.object.documents.count()
        return context

    def perform(self, form):
        services.budget_line_delete(actor=self.request.user, line=self.object, reason=form.cleaned_data.get("reason"))
        messages.success(self.request, _("Đã xoá dòng kinh phí."))
        return self.object

    def success_url_for(self, obj):
        return reverse("programme:plan_detail", args=[obj.plan_id]) + "#budget"


class BudgetDocumentUploadView(ScopedMixin, View):
    """POST from the line's page: attach a PDF/PNG/JPEG (checked by content)."""

    model = BudgetLine
    scope_action = "change"

    def post(self, request, pk):
        line = get_object_or_404(self.get_queryset().select_related("plan__unit"), pk=pk)
        form = BudgetDocumentForm(request.POST, request.FILES, plan=line.plan)
        if form.is_valid():
            try:
                services.budget_document_upload(
                    actor=request.user,
                    line=line,
                    uploaded_file=form.cleaned_data["file"],
                    title=form.cleaned_data.get("title", ""),
                    reason=form.cleaned_data.get("reason", ""),
                )
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Đã tải lên chứng từ."))
                return HttpResponseRedirect(reverse("programme:budget_line_detail", args=[line.pk]) + "#documents")
        view = BudgetLineDetailView()
        view.setup(request, pk=pk)
        view.object = get_object_or_404(view.get_queryset(), pk=pk)
        context = view.get_context_data(object=view.object, upload_form=form)
        return view.render_to_response(context, status=400)


class BudgetDocumentDownloadView(ScopedMixin, View):
    model = BudgetDocument

    def get(self, request, pk):
        document = get_object_or_404(self.get_queryset(), pk=pk)
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class BudgetDocumentDeleteView(ScopedMixin, ServiceFormMixin, UpdateView):
    model = BudgetDocument
    form_class = ReasonForm
    template_name = "programme/budget_document_confirm_delete.html"
    context_object_name = "document"
    scope_action = "change"

    def base_queryset(self):
        return BudgetDocument.objects.select_related("line__plan__unit", "line__source")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        kwargs["required"] = self.object.line.plan.is_approved
        return kwargs

    def perform(self, form):
        services.budget_document_delete(
            actor=self.request.user, document=self.object, reason=form.cleaned_data.get("reason")
        )
        messages.success(self.request, _("Đã xoá chứng từ."))
        return self.object

    def success_url_for(self, obj):
        return reverse("programme:budget_line_detail", args=[obj.line_id]) + "#documents"
