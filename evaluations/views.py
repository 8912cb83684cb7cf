"""Evaluation pages: rounds, council, registrations and their workflow, score sheets, results.

Objects are looked up through the selectors (``restrict``): another area's round or registration is a 404. Every
write goes through ``evaluations.services``; refused moves come back as a Vietnamese message on the page.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from audit.models import AuditEntry
from ocop_portal.errors import apply_service_error, flash_service_error
from ocop_portal.views import OneTimeSubmitMixin, ScopedListView
from products.models import Document, Product
from subjects.models import Subject

from . import permissions, selectors, services, workflow
from .filtersets import RoundFilterSet
from .forms import CouncilForm, RecusalForm, RegistrationForm, RoundForm, TransitionForm
from .models import (
    CouncilMember,
    Registration,
    RegistrationStatus,
    Round,
    RoundStatus,
    ScoreSheet,
    SheetStatus,
)
from .tables import RoundTable


def _round_or_404(user, pk):
    try:
        return selectors.round_for(user, pk)
    except Round.DoesNotExist:
        raise Http404 from None


def _registration_or_404(user, pk):
    return get_object_or_404(selectors.registrations_for(user), pk=pk)


class RoundListView(ScopedListView):
    """``/evaluations/``: rounds the user may see, filtered by year, level and status."""

    model = Round
    template_name = "evaluations/round_list.html"
    context_object_name = "rounds"
    filterset_class = RoundFilterSet
    table_class = RoundTable
    default_ordering = ("-year", "-sequence", "pk")

    def base_queryset(self):
        return selectors.rounds_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = permissions.can_manage_round(self.request.user)
        context["my_sheet_count"] = ScoreSheet.objects.filter(
            member=self.request.user, status=SheetStatus.DRAFT
        ).count()
        return context


# not generic: a round's criteria set and level are chosen in a workflow form; the round workflow owns its states
class RoundCreateView(OneTimeSubmitMixin, LoginRequiredMixin, View):
    template_name = "evaluations/round_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_manage_round(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": RoundForm(user=request.user)})

    def post(self, request):
        form = RoundForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                round_ = services.round_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Đã tạo %s.") % round_)
                return redirect("evaluations:round_detail", pk=round_.pk)
        return render(request, self.template_name, {"form": form})


# not generic: a round's page combines registrations, council and workflow steps allowed by evaluations.permissions
class RoundDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        user = request.user
        round_ = _round_or_404(user, pk)
        registrations = list(selectors.registrations_for(user, round_).order_by("product__name", "pk"))
        seats = list(CouncilMember.objects.filter(round=round_).select_related("user").order_by("position", "pk"))
        my_seat = next((s for s in seats if s.user_id == user.pk), None)
        my_sheets = {s.registration_id: s for s in ScoreSheet.objects.filter(member=user, registration__round=round_)}
        recused = selectors.recused_subject_ids(user, round_)
        for registration in registrations:
            registration.my_sheet = my_sheets.get(registration.pk)
            registration.i_am_recused = registration.product.subject_id in recused
        context = {
            "round": round_,
            "registrations": registrations,
            "seats": seats,
            "my_seat": my_seat,
            "recusals": round_.recusals.select_related("member", "subject"),
            "progress": selectors.round_progress(round_, registrations)
            if selectors.can_see_progress(user, round_)
            else None,
            "can_manage": permissions.can_manage_round(user, round_),
            "can_run": permissions.can_run_scoring(user, round_),
            "can_close": permissions.is_round_secretary(user, round_)
            or (permissions.can_close_scoring(user, round_) and round_.status == RoundStatus.SCORING),
            "can_register": round_.status == RoundStatus.OPEN and permissions.can_register(user),
            "can_see_results": selectors.can_see_all_sheets(user, round_),
            "can_declare": permissions.can_run_scoring(user, round_) or my_seat is not None,
        }
        return render(request, "evaluations/round_detail.html", context)


# not generic: workflow step (council membership), not an object edit
class CouncilView(LoginRequiredMixin, View):
    template_name = "evaluations/council_form.html"

    def _round(self, request, pk):
        round_ = _round_or_404(request.user, pk)
        if not permissions.can_manage_round(request.user, round_):
            raise PermissionDenied
        return round_

    def get(self, request, pk):
        round_ = self._round(request, pk)
        seats = {s.position: s.user_id for s in round_.seats.all()}
        initial = {
            "chair": seats.get("chair"),
            "secretary": seats.get("secretary"),
            "members": list(round_.seats.filter(position="member").values_list("user_id", flat=True)),
        }
        return render(
            request, self.template_name, {"round": round_, "form": CouncilForm(initial=initial, round_=round_)}
        )

    def post(self, request, pk):
        round_ = self._round(request, pk)
        form = CouncilForm(request.POST, round_=round_)
        if form.is_valid():
            try:
                services.council_set(actor=request.user, round_=round_, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Đã cập nhật hội đồng."))
                return redirect("evaluations:round_detail", pk=round_.pk)
        return render(request, self.template_name, {"round": round_, "form": form})


# not generic: workflow step (round state), not an object edit
class RoundStepView(LoginRequiredMixin, View):
    """Start or close scoring, after a confirmation page."""

    step = None  # "start" | "close"

    def _texts(self):
        if self.step == "start":
            return _("Bắt đầu chấm điểm"), _(
                "Các thành viên hội đồng sẽ mở được phiếu chấm của các hồ sơ đã tiếp nhận. Đợt sẽ không nhận thêm hồ sơ."
            )
        return _("Khóa chấm điểm"), _(
            "Sau khi khóa, thành viên không sửa được phiếu (trừ phiếu được thư ký mở lại) và toàn bộ hội đồng, "
            "VPĐP sẽ xem được tất cả phiếu và kết quả."
        )

    def get(self, request, pk):
        round_ = _round_or_404(request.user, pk)
        title, text = self._texts()
        return render(request, "evaluations/confirm.html", {"round": round_, "title": title, "text": text,
                                                             "back": reverse("evaluations:round_detail", args=[pk])})  # fmt: skip

    def post(self, request, pk):
        round_ = _round_or_404(request.user, pk)
        action = services.round_start_scoring if self.step == "start" else services.round_close_scoring
        try:
            action(actor=request.user, round_=round_)
        except (PermissionDenied, ValidationError) as exc:
            flash_service_error(request, exc)
        else:
            messages.success(request, _("Đã bắt đầu chấm điểm.") if self.step == "start" else _("Đã khóa chấm điểm."))
        return redirect("evaluations:round_detail", pk=pk)


# not generic: workflow step (a council member's recusal), not an object edit
class RecusalCreateView(OneTimeSubmitMixin, LoginRequiredMixin, View):
    """A council member (for themself), the secretary or the office declares a recusal. The subjects offered are
    those of the round's registrations inside the user's own area (never another area's names)."""

    template_name = "evaluations/recusal_form.html"

    def _round(self, request, pk):
        round_ = _round_or_404(request.user, pk)
        if permissions.seat_of(request.user, round_) is None and not permissions.can_run_scoring(request.user, round_):
            raise PermissionDenied
        return round_

    def _form(self, request, round_, data=None):
        members = round_.members.filter(council_seats__round=round_, council_seats__scores=True)
        if not permissions.can_run_scoring(request.user, round_):
            members = members.filter(pk=request.user.pk)
        subjects = (
            Subject.objects.restrict(request.user, "view")
            .filter(pk__in=selectors.registrations_for(request.user, round_).values("product__subject"))
            .order_by("name")
        )
        return RecusalForm(data, members=members, subjects=subjects)

    def get(self, request, pk):
        round_ = self._round(request, pk)
        return render(request, self.template_name, {"round": round_, "form": self._form(request, round_)})

    def post(self, request, pk):
        round_ = self._round(request, pk)
        form = self._form(request, round_, request.POST)
        if form.is_valid():
            try:
                services.recusal_declare(actor=request.user, round_=round_, **form.cleaned_data)
            except (PermissionDenied, ValidationError) as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Đã ghi nhận thành viên không tham gia chấm sản phẩm của chủ thể."))
                return redirect("evaluations:round_detail", pk=pk)
        return render(request, self.template_name, {"round": round_, "form": form})


# not generic: registers a product into a round (workflow), scoped through the round
class RegistrationCreateView(OneTimeSubmitMixin, LoginRequiredMixin, View):
    template_name = "evaluations/registration_form.html"

    def _form(self, request, round_, data=None):
        products = (
            Product.objects.restrict(request.user, "change")
            .filter(unit__path__startswith=round_.unit.path)
            .exclude(registrations__round=round_)
            .select_related("subject", "unit")
            .order_by("name")
        )
        documents = (
            Document.objects.restrict(request.user, "view")
            .filter(subject__in=products.values("subject"))
            .select_related("subject")
            .order_by("-uploaded_at")
        )
        return RegistrationForm(
            data, products=products, documents=documents, requires_report=round_.rule_set.requires_commune_report
        )

    def get(self, request, pk):
        round_ = _round_or_404(request.user, pk)
        if not permissions.can_register(request.user):
            raise PermissionDenied
        initial_product = request.GET.get("product")
        form = self._form(request, round_)
        if initial_product:
            form.initial["product"] = initial_product
        return render(request, self.template_name, {"round": round_, "form": form})

    def post(self, request, pk):
        round_ = _round_or_404(request.user, pk)
        form = self._form(request, round_, request.POST)
        if form.is_valid():
            try:
                registration = services.registration_create(actor=request.user, round_=round_, **form.cleaned_data)
            except (PermissionDenied, ValidationError) as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Đã đăng ký «%s» vào đợt. Gửi hồ sơ khi đã đủ.") % registration.product)
                return redirect("evaluations:registration_detail", pk=registration.pk)
        return render(request, self.template_name, {"round": round_, "form": form})


# not generic: a registration's page in the round workflow (scores sealed until scoring closes)
class RegistrationDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        user = request.user
        registration = _registration_or_404(user, pk)
        round_ = registration.round
        see_all = selectors.can_see_all_sheets(user, round_)
        result = selectors.registration_result(registration) if see_all else None
        history = AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Registration), object_id=str(registration.pk)
        ).select_related("actor")
        context = {
            "registration": registration,
            "round": round_,
            "moves": workflow.allowed_moves(user, registration),
            "result": result,
            "progress": selectors.round_progress(round_, [registration]).get(registration.pk)
            if selectors.can_see_progress(user, round_)
            else None,
            "my_sheet": ScoreSheet.objects.filter(registration=registration, member=user).first(),
            "history": history,
            "can_edit": registration.status == RegistrationStatus.DRAFT and workflow.is_submitter(user, registration),
        }
        return render(request, "evaluations/registration_detail.html", context)


# not generic: withdrawal from a round is a workflow step with its own rules
class RegistrationDeleteView(LoginRequiredMixin, View):
    def get(self, request, pk):
        registration = _registration_or_404(request.user, pk)
        return render(
            request,
            "evaluations/confirm.html",
            {
                "title": _("Xoá hồ sơ đăng ký"),
                "text": _("Xoá hồ sơ nháp «%s» khỏi đợt? Thao tác này không hoàn tác được.") % registration.product,
                "danger": True,
                "back": reverse("evaluations:registration_detail", args=[pk]),
            },
        )

    def post(self, request, pk):
        registration = _registration_or_404(request.user, pk)
        round_pk = registration.round_id
        try:
            services.registration_delete(actor=request.user, registration=registration)
        except (PermissionDenied, ValidationError) as exc:
            flash_service_error(request, exc)
            return redirect("evaluations:registration_detail", pk=pk)
        messages.success(request, _("Đã xoá hồ sơ nháp."))
        return redirect("evaluations:round_detail", pk=round_pk)


# not generic: workflow step (registration state), not an object edit
class TransitionView(LoginRequiredMixin, View):
    """Confirm a workflow move (with its reason when required), then call ``registration_transition``."""

    template_name = "evaluations/transition_form.html"

    def _context(self, request, pk, to_status, form=None):
        registration = _registration_or_404(request.user, pk)
        move = workflow.find(registration.status, to_status)
        if to_status not in RegistrationStatus.values:
            raise Http404
        return (
            registration,
            move,
            {
                "registration": registration,
                "move": move,
                "to_status": RegistrationStatus(to_status),
                "form": form or TransitionForm(reason_required=bool(move and move.reason_required)),
            },
        )

    def get(self, request, pk, to_status):
        registration, _move, context = self._context(request, pk, to_status)
        found = workflow.find(registration.status, to_status)
        if found is not None and found.system_only:
            messages.error(request, services.system_only_message(to_status))
            return redirect("evaluations:registration_detail", pk=pk)
        return render(request, self.template_name, context)

    def post(self, request, pk, to_status):
        registration, move, context = self._context(request, pk, to_status)
        form = TransitionForm(request.POST, reason_required=bool(move and move.reason_required))
        reason = request.POST.get("reason", "")
        try:
            services.registration_transition(
                registration=registration, to_status=to_status, actor=request.user, reason=reason
            )
        except services.TransitionError as exc:
            messages.error(request, str(exc))
            if move is not None and move.reason_required and not reason.strip():
                context["form"] = form
                form.is_valid()
                return render(request, self.template_name, context, status=400)
        else:
            messages.success(request, _("Hồ sơ đã chuyển sang «%s».") % RegistrationStatus(to_status).label)
        next_url = request.POST.get("next")
        if next_url == "results":
            return redirect("evaluations:round_results", pk=registration.round_id)
        return redirect("evaluations:registration_detail", pk=pk)


# not generic: a round's results table, not one object's page
class RoundResultsView(LoginRequiredMixin, View):
    def get(self, request, pk):
        user = request.user
        round_ = _round_or_404(user, pk)
        rows = selectors.round_results(user, round_)
        if rows is None:
            raise PermissionDenied(_("Kết quả chỉ xem được sau khi thư ký khóa chấm điểm, dành cho hội đồng và VPĐP."))
        for registration, result in rows:
            ready = bool(result.totals) and not result.flagged and not result.drafts
            registration.moves = [
                move
                for move in workflow.allowed_moves(user, registration)
                if move.target != RegistrationStatus.SCORED or ready
            ]
        return render(
            request,
            "evaluations/round_results.html",
            {"round": round_, "rows": rows, "can_reopen": permissions.can_run_scoring(user, round_)},
        )
