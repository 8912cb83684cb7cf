"""Report pages: the list, the request form, a report with its progress bar (htmx polls a small partial every
second until the job ends), file downloads (area-checked) and the figures page (the same selectors as the report).
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import can_view_registry
from ocop_portal.downloads import content_disposition
from ocop_portal.errors import apply_service_error, error_message
from ocop_portal.generic import ObjectDetailView
from ocop_portal.views import OneTimeSubmitMixin, ScopedDetailView, ScopedListView

from . import permissions, selectors, services, writing
from .figures import compute
from .filtersets import ReportFilterSet
from .forms import FiguresForm, NarrativeForm, ReportRequestForm
from .models import REQUIRED_NARRATIVES, NarrativeKey, Report, ReportStatus
from .periods import Period, PeriodError
from .tables import ReportTable

FILES = {
    "html": ("html_file", "text/html; charset=utf-8", True),
    "pdf": ("pdf_file", "application/pdf", False),
    "xlsx": ("xlsx_file", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False),
    "docx": ("docx_file", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", False),
}


class ReportListView(ScopedListView):
    model = Report
    template_name = "reports/report_list.html"
    context_object_name = "reports"
    filterset_class = ReportFilterSet
    table_class = ReportTable
    default_ordering = ["-created_at", "-pk"]

    def base_queryset(self):
        return Report.objects.select_related("area__parent", "requested_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_request"] = permissions.can_request_reports(self.request.user)
        return context


class ReportDetailView(ObjectDetailView):
    model = Report
    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def base_queryset(self):
        return Report.objects.select_related("area", "requested_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context["can_retry"] = report.status == ReportStatus.FAILED and permissions.can_request_report(
            self.request.user, report.area
        )
        if report.status == ReportStatus.DONE and report.figures:
            context["doc"] = selectors.report_document(report)
            context.update(narrative_context(self.request.user, report, kwargs.get("bound")))
        return context


def narrative_context(user, report, bound=None):
    """The written sections with their forms (``bound``: {key: form} posted back with errors), latest version
    with who/when, and what the final step still needs."""
    versions = selectors.narrative_versions(report)
    texts = selectors.narratives(report, versions)
    can_write = permissions.can_write_report(user, report) and not report.is_final
    sections = []
    for key, label in NarrativeKey.choices:
        latest = versions.get(key)
        form = (bound or {}).get(key) or NarrativeForm(
            initial={"text": texts[key], "version": latest.version if latest else 0}, prefix=key
        )
        sections.append(
            {
                "key": key,
                "label": label,
                "required": key in REQUIRED_NARRATIVES,
                "latest": latest,
                "text": texts[key],
                "prefilled": latest is None and bool(texts[key]),
                "form": form,
            }
        )
    return {
        "narratives": sections,
        "can_write": can_write,
        "can_finalize": permissions.can_finalize_report(user, report),
        "missing_sections": services.missing_sections(report) if not report.is_final else [],
    }


class ReportNarrativeView(LoginRequiredMixin, View):
    """Save one written section (the form on the report's page, ``key`` posted with it); errors and edit conflicts
    re-show the page."""

    def post(self, request, pk):
        report = get_object_or_404(selectors.reports(request.user, "change"), pk=pk)
        key = request.POST.get("key")
        if key not in NarrativeKey.values:
            raise Http404
        if not permissions.can_write_report(request.user, report):
            raise PermissionDenied
        form = NarrativeForm(request.POST, prefix=key)
        if form.is_valid():
            try:
                _row, changed = services.report_narrative_save(
                    actor=request.user,
                    report=report,
                    key=key,
                    text=form.cleaned_data["text"],
                    version=form.cleaned_data["version"],
                )
            except ValidationError as exc:
                apply_service_error(form, exc)
                if any(e.code == "conflict" for e in getattr(exc, "error_dict", {}).get("text", [])):
                    latest = selectors.narrative_versions(report).get(key)
                    data = form.data.copy()
                    data[f"{key}-version"] = latest.version if latest else 0
                    form.data = data
            else:
                label = NarrativeKey(key).label
                if changed:
                    messages.success(request, _("Đã lưu phần «%(section)s».") % {"section": label})
                return redirect(reverse("reports:detail", args=[report.pk]) + f"#{key}")
        view = ReportDetailView()
        view.setup(request, pk=pk)
        view.object = report
        context = view.get_context_data(object=report, bound={key: form})
        return render(request, view.template_name, context, status=400)


class ReportFinalizeView(LoginRequiredMixin, View):
    """The "Hoàn thiện báo cáo" button: refused (with the sections to write) while a required section is empty."""

    def post(self, request, pk):
        report = get_object_or_404(selectors.reports(request.user, "change"), pk=pk)
        if not permissions.can_write_report(request.user, report):
            raise PermissionDenied
        try:
            services.report_finalize(actor=request.user, report=report)
        except ValidationError as exc:
            messages.error(request, error_message(exc))
        else:
            messages.success(request, _("Đã hoàn thiện báo cáo; tải bản Word (DOCX) hoặc PDF để trình ký."))
        return redirect("reports:detail", pk=report.pk)


# not generic: htmx partial polled while the report job runs, not the report's page
class ReportProgressView(ScopedDetailView):
    """The progress partial, polled by htmx every second while the job runs."""

    model = Report
    template_name = "reports/_progress.html"
    context_object_name = "report"

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        # The job just ended while the page was polling: reload it once to show the preview and the files.
        if getattr(self.request, "htmx", False) and self.object.is_finished and self.request.GET.get("polling"):
            response["HX-Refresh"] = "true"
        return response


class ReportCreateView(OneTimeSubmitMixin, LoginRequiredMixin, View):
    template_name = "reports/report_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_request_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = ReportRequestForm(user=request.user, initial=_initial(request))
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = ReportRequestForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report, created = services.report_request(
                    actor=request.user,
                    kind=data["kind"],
                    period=form.period,
                    area=data["area"],
                    request_key=data["request_key"],
                    parameters={"number": data["number"], "signer_name": data["signer_name"]},
                )
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                report.refresh_from_db(fields=["status", "error"])
                if created and report.status == ReportStatus.FAILED:
                    messages.error(request, report.error)  # not queued (broker away): say so, never "sent"
                elif created:
                    messages.success(request, _("Đã gửi yêu cầu lập báo cáo; theo dõi tiến độ bên dưới."))
                return redirect("reports:detail", pk=report.pk)
        return render(request, self.template_name, {"form": form}, status=400)


def _initial(request):
    from django.utils import timezone

    today = timezone.localdate()
    return {
        "kind": request.GET.get("kind") or "annual",
        "year": request.GET.get("year") or today.year,
        "request_key": services.new_request_key(),
    }


class ReportRetryView(LoginRequiredMixin, View):
    """The "Thử lại" button of a failed report (worker stopped, broker away): queue it again."""

    def post(self, request, pk):
        report = get_object_or_404(selectors.reports(request.user), pk=pk)
        try:
            queued = services.report_retry(actor=request.user, report=report)
        except ValidationError as exc:
            messages.error(request, error_message(exc))
        else:
            report.refresh_from_db(fields=["status", "error"])
            if queued and report.status != ReportStatus.FAILED:
                messages.success(request, _("Đã gửi lại yêu cầu lập báo cáo; theo dõi tiến độ bên dưới."))
            else:
                messages.error(request, report.error)
        return redirect("reports:detail", pk=report.pk)


class ReportDownloadView(LoginRequiredMixin, View):
    """A report's file, only for users whose area covers the report's (another area's report is a 404)."""

    def get(self, request, pk, fmt):
        if fmt not in FILES:
            raise Http404
        report = get_object_or_404(selectors.reports(request.user), pk=pk)
        field, content_type, inline = FILES[fmt]
        file = getattr(report, field)
        if fmt == "docx" and report.status == ReportStatus.DONE and report.figures and not file:
            # A report generated before DOCX files existed: write its DOCX now (the same document).
            from django.core.files.base import ContentFile
            from django.utils import translation

            from .documents import render_docx

            with translation.override("vi"):
                data = render_docx(selectors.report_document(report))
            report.docx_file.save("bao-cao.docx", ContentFile(data), save=False)
            Report.objects.filter(pk=report.pk).update(docx_file=report.docx_file.name)
            file = report.docx_file
        if report.status != ReportStatus.DONE or not file or not file.storage.exists(file.name):
            raise Http404
        response = FileResponse(file.open("rb"), content_type=content_type)
        response["Content-Disposition"] = content_disposition(f"{report.title}.{fmt}", inline=inline)
        response["X-Content-Type-Options"] = "nosniff"
        return response


class FiguresView(LoginRequiredMixin, View):
    """The figures of a period and an area, written as in the report (same selectors, no job)."""

    template_name = "reports/figures.html"

    def get(self, request):
        if not can_view_registry(request.user):
            raise PermissionDenied
        form = FiguresForm(request.GET or None, user=request.user)
        context = {"form": form}
        if form.is_bound and form.is_valid():
            try:
                period = Period.parse(form.cleaned_data["period"])
            except PeriodError as exc:  # well formed but not a period the portal reports on (0000, 2017, 9999)
                form.add_error("period", str(exc))
            else:
                data = compute(form.cleaned_data["area"], period)
                context["doc"] = writing.document(data, {}, final=True)  # figures only: no sections to write
                context["figures"] = data
        return render(request, self.template_name, context)
