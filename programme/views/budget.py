"""Budget pages: the list of budget lines with totals by source, area and task; a line's page with its
documents; create/edit/delete a line; upload, download and delete a supporting document."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View

from ocop_portal.generic import (
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
)
from ocop_portal.views import ScopedListView, ScopedMixin

from .. import selectors, services
from ..filtersets import BudgetLineFilterSet
from ..forms import BudgetDocumentForm, BudgetLineForm, ReasonForm
from ..models import BudgetDocument, BudgetLine
from ..permissions import can_change_programme, can_edit_plan
from ..tables import BudgetLineTable
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


def _can_edit_line(user, line):
    return can_edit_plan(user, line.plan)


class BudgetLineDetailView(ObjectDetailView):
    model = BudgetLine
    template_name = "programme/budget_line_detail.html"
    context_object_name = "line"
    edit_permission = staticmethod(_can_edit_line)
    history_url_name = "programme:budget_line_history"

    def base_queryset(self):
        return BudgetLine.objects.select_related("plan__unit", "source__parent", "unit__parent", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        line = self.object
        context.update(
            plan=line.plan,
            documents=selectors.budget_documents(self.request.user, line),
            upload_form=kwargs.get("upload_form")
            or (BudgetDocumentForm(plan=line.plan) if context["can_edit"] else None),
        )
        return context


class BudgetLineEditView(PlanChildMixin, ObjectEditView):
    """Create under a plan (``plans/<plan_pk>/budget/new/``, the plan in the user's area for "change") and edit."""

    model = BudgetLine
    form_class = BudgetLineForm
    template_name = "programme/budget_line_form.html"
    create_permission = staticmethod(can_change_programme)
    create_service = staticmethod(services.budget_line_create)
    update_service = staticmethod(services.budget_line_update)
    service_instance_kwarg = "line"
    success_message_create = gettext_lazy("Đã thêm dòng kinh phí.")
    success_message_update = gettext_lazy("Đã lưu dòng kinh phí.")

    def base_queryset(self):
        return BudgetLine.objects.select_related("plan__unit", "source", "unit")

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
        context["plan"] = self.current_plan()
        return context

    def get_success_url(self):
        if self.is_create:
            return reverse("programme:plan_detail", args=[self.object.plan_id]) + "#budget"
        return reverse("programme:budget_line_detail", args=[self.object.pk])


class BudgetLineDeleteView(ObjectDeleteView):
    model = BudgetLine
    form_class = ReasonForm
    template_name = "programme/budget_line_confirm_delete.html"
    context_object_name = "line"
    delete_service = staticmethod(services.budget_line_delete)
    service_instance_kwarg = "line"
    success_message = gettext_lazy("Đã xoá dòng kinh phí.")
    detail_url_name = "programme:budget_line_detail"

    def base_queryset(self):
        return BudgetLine.objects.select_related("plan__unit", "source", "unit")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["required"] = self.object.plan.is_approved
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["document_count"] = self.object.documents.count()
        return context

    def get_success_url(self):
        return reverse("programme:plan_detail", args=[self.object.plan_id]) + "#budget"


class BudgetLineHistoryView(ObjectHistoryView):
    model = BudgetLine
    detail_url_name = "programme:budget_line_detail"


class BudgetDocumentUploadView(ObjectActionView):
    """POST from the line's page: attach a PDF/PNG/JPEG (checked by content); a refusal shows that page again."""

    model = BudgetLine
    http_method_names = ["post"]
    form_class = BudgetDocumentForm
    service_instance_kwarg = "line"
    detail_url_name = "programme:budget_line_detail"
    success_message = gettext_lazy("Đã tải lên chứng từ.")

    def base_queryset(self):
        return BudgetLine.objects.select_related("plan__unit")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.object.plan}

    def perform(self, form):
        return services.budget_document_upload(
            actor=self.request.user,
            line=self.object,
            uploaded_file=form.cleaned_data["file"],
            title=form.cleaned_data.get("title", ""),
            reason=form.cleaned_data.get("reason", ""),
        )

    def get_success_url(self):
        return super().get_success_url() + "#documents"

    def form_invalid(self, form):
        view = BudgetLineDetailView()
        view.setup(self.request, **self.kwargs)
        view.object = get_object_or_404(view.get_queryset(), pk=self.kwargs["pk"])
        context = view.get_context_data(object=view.object, upload_form=form)
        return view.render_to_response(context, status=400)


# not generic: a file download, not a page
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


class BudgetDocumentDeleteView(ObjectDeleteView):
    model = BudgetDocument
    form_class = ReasonForm
    template_name = "programme/budget_document_confirm_delete.html"
    context_object_name = "document"
    delete_service = staticmethod(services.budget_document_delete)
    service_instance_kwarg = "document"
    success_message = gettext_lazy("Đã xoá chứng từ.")

    def base_queryset(self):
        return BudgetDocument.objects.select_related("line__plan__unit", "line__source")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["required"] = self.object.line.plan.is_approved
        return kwargs

    def get_cancel_url(self):
        return reverse("programme:budget_line_detail", args=[self.object.line_id]) + "#documents"

    def get_success_url(self):
        return self.get_cancel_url()
