"""Score sheet pages: a member fills their own sheet (saved option by option through htmx), submits it; others read
sheets only when ``selectors.sheet_for`` allows it (own sheet, or after closing for the council and the office).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from ocop_portal.errors import apply_service_error, error_message, flash_service_error
from ocop_portal.formatting import format_document_date

from . import permissions, selectors, services
from .forms import ReasonForm
from .models import Option, ScoreSheet


def _sheet_context(sheet, *, editable):
    return {
        "sheet": sheet,
        "registration": sheet.registration,
        "round": sheet.registration.round,
        "parts": selectors.sheet_tree(sheet),
        "totals": selectors.sheet_totals(sheet),
        "editable": editable,
    }


# not generic: a council member's own score sheet (sealed scoring), not an area-scoped object page
class MySheetView(LoginRequiredMixin, View):
    """``/evaluations/registrations/<pk>/sheet/``: fill the member's own sheet.

    GET never writes: before the first save it shows a blank, unsaved sheet; the first POST ("Lưu"/"Nộp phiếu")
    creates it (``services.sheet_open``) together with the chosen options.
    """

    def _registration(self, request, pk):
        return get_object_or_404(selectors.registrations_for(request.user), pk=pk)

    def _sheet(self, request, pk):
        return services.sheet_open(actor=request.user, registration=self._registration(request, pk))

    def get(self, request, pk):
        registration = self._registration(request, pk)
        try:
            sheet = services.sheet_to_open(actor=request.user, registration=registration)
        except (services.ScoringError, PermissionDenied) as exc:
            flash_service_error(request, exc)
            return redirect("evaluations:registration_detail", pk=pk)
        if sheet.pk is not None:
            sheet = selectors.sheet_for(request.user, sheet.pk)
        return render(
            request, "evaluations/sheet_form.html", _sheet_context(sheet, editable=services.sheet_editable(sheet))
        )

    def post(self, request, pk):
        """htmx before the sheet exists: one ``option`` (creates the sheet, answers with the totals panel).
        Without JavaScript: save every chosen option at once (and submit when asked)."""
        if "option" in request.POST:
            option = get_object_or_404(Option, pk=_int_or_zero(request.POST.get("option")))
            try:
                sheet = self._sheet(request, pk)
            except (services.ScoringError, PermissionDenied) as exc:
                return _choose_response(request, None, error_message(exc))
            return _choose(request, sheet, option)
        try:
            sheet = self._sheet(request, pk)
            ids = [value for key, value in request.POST.items() if key.startswith("criterion-") and value]
            options = list(Option.objects.filter(pk__in=ids))
            services.sheet_set_lines(actor=request.user, sheet=sheet, options=options)
            if request.POST.get("submit"):
                services.sheet_submit(actor=request.user, sheet=sheet, comment=request.POST.get("comment"))
                messages.success(request, _("Đã nộp phiếu chấm."))
                return redirect("evaluations:registration_detail", pk=pk)
            messages.success(request, _("Đã lưu phiếu chấm."))
        except (services.ScoringError, PermissionDenied, ValidationError) as exc:
            flash_service_error(request, exc)
        return redirect("evaluations:my_sheet", pk=pk)


def _int_or_zero(value):
    return int(value) if (value or "").isdigit() else 0


def _choose_response(request, sheet, error):
    totals = selectors.sheet_totals(sheet) if sheet is not None else {"total": 0, "parts": {}, "answered": 0}
    return render(
        request,
        "evaluations/_sheet_totals.html",
        {"sheet": sheet, "totals": totals, "error": error, "editable": True},
        status=200 if error is None else 409,
    )


def _choose(request, sheet, option):
    error = None
    try:
        services.sheet_choose(actor=request.user, sheet=sheet, option=option)
    except (services.ScoringError, PermissionDenied) as exc:
        error = error_message(exc)
    return _choose_response(request, sheet, error)


# not generic: workflow step of scoring, not an object edit
class SheetChooseView(LoginRequiredMixin, View):
    """htmx: record one choice, answer with the refreshed totals panel."""

    def post(self, request, pk):
        sheet = get_object_or_404(ScoreSheet.objects.filter(member=request.user).restrict(request.user, "view"), pk=pk)
        option = get_object_or_404(Option, pk=_int_or_zero(request.POST.get("option")))
        return _choose(request, sheet, option)


# not generic: workflow step of scoring (submit), not an object edit
class SheetSubmitView(LoginRequiredMixin, View):
    def post(self, request, pk):
        sheet = get_object_or_404(ScoreSheet.objects.filter(member=request.user).restrict(request.user, "view"), pk=pk)
        try:
            services.sheet_submit(actor=request.user, sheet=sheet, comment=request.POST.get("comment"))
        except (services.ScoringError, PermissionDenied) as exc:
            flash_service_error(request, exc)
            return redirect("evaluations:my_sheet", pk=sheet.registration_id)
        messages.success(request, _("Đã nộp phiếu chấm. Phiếu được giữ kín đến khi thư ký khóa chấm điểm."))
        return redirect("evaluations:registration_detail", pk=sheet.registration_id)


# not generic: a score sheet shown only under the sealing rules of evaluations.permissions
class SheetDetailView(LoginRequiredMixin, View):
    """Read a sheet: one's own at any time; others' only after closing (council of the round, office)."""

    def get(self, request, pk):
        try:
            sheet = selectors.sheet_for(request.user, pk)
        except ScoreSheet.DoesNotExist:
            raise Http404 from None
        return render(request, "evaluations/sheet_detail.html", _sheet_context(sheet, editable=False))


# not generic: workflow step of scoring (reopen), not an object edit
class SheetReopenView(LoginRequiredMixin, View):
    template_name = "evaluations/sheet_reopen.html"

    def _sheet(self, request, pk):
        try:
            sheet = selectors.sheet_for(request.user, pk)
        except ScoreSheet.DoesNotExist:
            raise Http404 from None
        if not permissions.can_run_scoring(request.user, sheet.registration.round):
            raise PermissionDenied
        return sheet

    def get(self, request, pk):
        sheet = self._sheet(request, pk)
        return render(request, self.template_name, {"sheet": sheet, "form": ReasonForm()})

    def post(self, request, pk):
        sheet = self._sheet(request, pk)
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                services.sheet_reopen(actor=request.user, sheet=sheet, reason=form.cleaned_data["reason"])
            except (PermissionDenied, ValidationError) as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Đã mở lại phiếu của %s để chấm lại.") % sheet.member)
                return redirect("evaluations:round_results", pk=sheet.registration.round_id)
        return render(request, self.template_name, {"sheet": sheet, "form": form})


MINUTES_TEMPLATE = "evaluations/round_minutes.html"


def minutes_html(context):
    """The council minutes as HTML: an official document, in Vietnamese whatever the reader's language."""
    round_ = context["round"]
    closed = timezone.localtime(round_.scoring_closed_at) if round_.scoring_closed_at else None
    context = {
        **context,
        "closed_at": closed,
        "place_date": format_document_date(closed, round_.unit.name) if closed else "",
    }
    with translation.override("vi"):
        return render_to_string(MINUTES_TEMPLATE, context)


def minutes_pdf(context):
    import logging

    from weasyprint import HTML  # slow import (~1 s): only when a PDF is asked for

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return HTML(string=minutes_html(context), base_url=str(settings.BASE_DIR)).write_pdf()


# not generic: a document (PDF) made from a closed round's results, not one object's page
class RoundMinutesView(LoginRequiredMixin, View):
    """``/evaluations/rounds/<pk>/minutes/``: the council minutes (PDF; ``?format=html`` to read it in the page).

    Per product: score, members' totals, stars and the star marks that decided them (met or missed, by whom), with
    the rule set's reading of the marks. Only for those who see the results (after closing: council and office).
    """

    def get(self, request, pk):
        round_ = get_object_or_404(selectors.rounds_for(request.user), pk=pk)
        context = selectors.round_minutes(request.user, round_)
        if context is None:
            raise PermissionDenied(_("Biên bản chỉ có sau khi thư ký khóa chấm điểm, dành cho hội đồng và VPĐP."))
        if request.GET.get("format") == "html":
            return HttpResponse(minutes_html(context))
        response = HttpResponse(minutes_pdf(context), content_type="application/pdf")
        name = f"Biên bản hội đồng - đợt {round_.sequence} năm {round_.year}.pdf"
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
        return response
