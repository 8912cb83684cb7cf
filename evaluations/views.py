"""Evaluation pages: rounds, council, registrations and their workflow, score sheets, results.

Objects are looked up through the selectors (``restrict``): another area's round or registration is a 404. Every
write goes through ``evaluations.services``; refused moves come back as a Vietnamese message on the page.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.selectors import within_q
from audit.models import AuditEntry
from ocop_portal.generic import ObjectActionView, ObjectDetailView, ObjectEditView
from ocop_portal.views import ScopedListView
from products.models import Document, Product
from subjects.models import Subject

from . import permissions, selectors, services, workflow
from .filtersets import ReviewFilterSet, RoundFilterSet
from .forms import CouncilForm, ForwardForm, RecusalForm, RegistrationForm, RoundForm, TransitionForm
from .models import (
    CouncilMember,
    Registration,
    RegistrationKind,
    RegistrationStatus,
    Round,
    RoundStatus,
    ScoreSheet,
    SheetStatus,
)
from .tables import ReviewTable, RoundTable, round_registration_rows


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


class RoundCreateView(ObjectEditView):
    """A new round (criteria set, level, organising unit) through ``round_create``; the round workflow then owns
    its states."""

    model = Round
    form_class = RoundForm
    template_name = "evaluations/round_form.html"
    create_permission = staticmethod(permissions.can_manage_round)
    success_message_create = None  # "Đã tạo <round>." below
    detail_url_name = "evaluations:round_detail"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)  # a plain form: the service takes its fields as keywords
        return kwargs

    def perform_create(self, form):
        return services.round_create(actor=self.request.user, **form.cleaned_data)

    def after_save(self, obj, created):
        messages.success(self.request, _("Đã tạo %s.") % obj)


class RoundMixin:
    model = Round
    context_object_name = "round"
    detail_url_name = "evaluations:round_detail"

    def base_queryset(self):
        return Round.objects.select_related("rule_set", "unit")


class RoundDetailView(RoundMixin, ObjectDetailView):
    """A round's page: registrations, council and the workflow steps ``evaluations.permissions`` allows."""

    template_name = "evaluations/round_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, round_ = self.request.user, self.object
        registrations = selectors.round_page_registrations(user, round_)
        seats = list(CouncilMember.objects.filter(round=round_).select_related("user").order_by("position", "pk"))
        permissions.remember_seats(round_, seats)  # the predicates below ask for the user's seat: no query each
        my_seat = next((s for s in seats if s.user_id == user.pk), None)
        my_sheets = {
            s.registration_id: s
            for s in ScoreSheet.objects.filter(member=user, registration__round=round_).only(
                "pk", "registration_id", "status"
            )
        }
        recused = selectors.recused_subject_ids(user, round_)
        # Labels looked up once for the page (``get_FOO_display`` rebuilds and translates every choice on each
        # call: 400 calls on a round of 200 registrations were a third of the page).
        kinds = {value: str(label) for value, label in RegistrationKind.choices}
        statuses = {value: str(label) for value, label in RegistrationStatus.choices}
        for registration in registrations:
            registration.my_sheet = my_sheets.get(registration.pk)
            registration.i_am_recused = registration.product.subject_id in recused
            registration.kind_label = kinds.get(registration.kind, registration.kind)
            registration.status_label = statuses.get(registration.status, registration.status)
        progress = (
            selectors.round_progress(round_, registrations, seats) if selectors.can_see_progress(user, round_) else None
        )
        context.update(
            {
                "registrations": registrations,
                # The rows written in Python (``tables.round_registration_rows``), not by the template engine.
                "registration_rows": round_registration_rows(
                    registrations,
                    round_=round_,
                    progress=progress,
                    my_sheet_column=bool(my_seat and my_seat.scores),
                ),
                "seats": seats,
                "my_seat": my_seat,
                "recusals": round_.recusals.select_related("member", "subject"),
                "progress": progress,
                "can_manage": permissions.can_manage_round(user, round_),
                "can_run": permissions.can_run_scoring(user, round_),
                "can_close": permissions.is_round_secretary(user, round_)
                or (permissions.can_close_scoring(user, round_) and round_.status == RoundStatus.SCORING),
                "can_register": round_.status == RoundStatus.OPEN and permissions.can_register(user),
                "can_see_results": selectors.can_see_all_sheets(user, round_),
                "can_declare": permissions.can_run_scoring(user, round_) or my_seat is not None,
            }
        )
        return context


class RoundStepView(RoundMixin, ObjectActionView):
    """A workflow step on a round the user can see (the services check who may take it)."""

    scope_action = "view"
    service_instance_kwarg = "round_"


class ScoringStepView(RoundStepView):
    """Start or close scoring, after a confirmation page; a refusal is a message on the round's page."""

    submit_label = gettext_lazy("Xác nhận")
    flash_errors = True


class RoundStartView(ScoringStepView):
    service = staticmethod(services.round_start_scoring)
    title = gettext_lazy("Bắt đầu chấm điểm")
    text = gettext_lazy(
        "Các thành viên hội đồng sẽ mở được phiếu chấm của các hồ sơ đã tiếp nhận. Đợt sẽ không nhận thêm hồ sơ."
    )
    success_message = gettext_lazy("Đã bắt đầu chấm điểm.")


class RoundCloseView(ScoringStepView):
    service = staticmethod(services.round_close_scoring)
    title = gettext_lazy("Khóa chấm điểm")
    text = gettext_lazy(
        "Sau khi khóa, thành viên không sửa được phiếu (trừ phiếu được thư ký mở lại) và toàn bộ hội đồng, "
        "VPĐP sẽ xem được tất cả phiếu và kết quả."
    )
    success_message = gettext_lazy("Đã khóa chấm điểm.")


class CouncilView(RoundStepView):
    """The round's council (chair, secretary, members), set by the office of the organising area."""

    template_name = "evaluations/council_form.html"
    form_class = CouncilForm
    permission = staticmethod(permissions.can_manage_round)
    service = staticmethod(services.council_set)
    success_message = gettext_lazy("Đã cập nhật hội đồng.")

    def get_initial(self):
        seats = {s.position: s.user_id for s in self.object.seats.all()}
        return {
            "chair": seats.get("chair"),
            "secretary": seats.get("secretary"),
            "members": list(self.object.seats.filter(position="member").values_list("user_id", flat=True)),
            "quorum_numerator": self.object.quorum_numerator,
            "quorum_denominator": self.object.quorum_denominator,
            "quorum_requires_chair": "1" if self.object.quorum_requires_chair else "0",
            "quorum_basis": self.object.quorum_basis,
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "round_": self.object}


def _may_declare_recusal(user, round_):
    return permissions.seat_of(user, round_) is not None or permissions.can_run_scoring(user, round_)


class RecusalCreateView(RoundStepView):
    """A council member (for themself), the secretary or the office declares a recusal. The subjects offered are
    those of the round's registrations inside the user's own area (never another area's names)."""

    template_name = "evaluations/recusal_form.html"
    form_class = RecusalForm
    permission = staticmethod(_may_declare_recusal)
    one_time_submission = True
    service = staticmethod(services.recusal_declare)
    success_message = gettext_lazy("Đã ghi nhận thành viên không tham gia chấm sản phẩm của chủ thể.")

    def get_form_kwargs(self):
        user, round_ = self.request.user, self.object
        members = round_.members.filter(council_seats__round=round_, council_seats__scores=True)
        if not permissions.can_run_scoring(user, round_):
            members = members.filter(pk=user.pk)
        subjects = (
            Subject.objects.restrict(user, "view")
            .filter(pk__in=selectors.registrations_for(user, round_).values("product__subject"))
            .order_by("name")
        )
        return {**super().get_form_kwargs(), "members": members, "subjects": subjects}


def _may_register(user, round_):
    return permissions.can_register(user)


class RegistrationCreateView(RoundStepView):
    """Register a product of the user's area into the round (a new draft registration, created once)."""

    template_name = "evaluations/registration_form.html"
    form_class = RegistrationForm
    permission = staticmethod(_may_register)
    one_time_submission = True
    service = staticmethod(services.registration_create)

    def get_initial(self):
        product = self.request.GET.get("product")
        return {"product": product} if product else {}

    def get_form_kwargs(self):
        user, round_ = self.request.user, self.object
        products = (
            Product.objects.restrict(user, "change")
            .filter(within_q(round_.unit, "unit"))
            .exclude(registrations__round=round_)
            .select_related("subject", "unit")
            .order_by("name")
        )
        documents = (
            Document.objects.restrict(user, "view")
            .filter(subject__in=products.values("subject"))
            .select_related("subject")
            .order_by("-uploaded_at")
        )
        return {
            **super().get_form_kwargs(),
            "products": products,
            "documents": documents,
            "requires_report": round_.rule_set.requires_commune_report,
        }

    def get_success_message(self):
        return _("Đã đăng ký «%s» vào đợt. Gửi hồ sơ khi đã đủ.") % self.result.product

    def get_success_url(self):
        return reverse("evaluations:registration_detail", args=[self.result.pk])


def _may_edit_registration(user, registration):
    return registration.status == RegistrationStatus.DRAFT and workflow.is_submitter(user, registration)


class RegistrationDetailView(ObjectDetailView):
    """A registration's page in the round workflow (scores sealed until scoring closes)."""

    model = Registration
    template_name = "evaluations/registration_detail.html"
    context_object_name = "registration"
    edit_permission = staticmethod(_may_edit_registration)

    def base_queryset(self):
        return Registration.objects.select_related(
            "round", "round__rule_set", "round__unit", "product", "product__subject", "product__unit",
            "product__product_class",
        )  # fmt: skip

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, registration = self.request.user, self.object
        round_ = registration.round
        see_all = selectors.can_see_all_sheets(user, round_)
        context.update(
            round=round_,
            moves=workflow.allowed_moves(user, registration),
            result=selectors.registration_result(registration) if see_all else None,
            progress=selectors.round_progress(round_, [registration]).get(registration.pk)
            if selectors.can_see_progress(user, round_)
            else None,
            my_sheet=ScoreSheet.objects.filter(registration=registration, member=user).first(),
            # before submission: the required documents still to upload (submission is refused without them)
            dossier_to_complete=selectors.dossier_missing(registration)
            if registration.status in (RegistrationStatus.DRAFT, RegistrationStatus.RETURNED)
            else [],
            history=AuditEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Registration), object_id=str(registration.pk)
            ).select_related("actor"),
        )
        return context


class RegistrationDeleteView(ObjectActionView):
    """Delete a draft registration (its submitter only, checked by ``registration_delete``)."""

    model = Registration
    scope_action = "view"
    detail_url_name = "evaluations:registration_detail"
    title = gettext_lazy("Xoá hồ sơ đăng ký")
    submit_label = gettext_lazy("Xác nhận")
    danger = True
    flash_errors = True
    service = staticmethod(services.registration_delete)
    success_message = gettext_lazy("Đã xoá hồ sơ nháp.")

    def base_queryset(self):
        return Registration.objects.select_related("round", "product")

    def get_context_data(self, **kwargs):
        text = _("Xoá hồ sơ nháp «%s» khỏi đợt? Thao tác này không hoàn tác được.") % self.object.product
        return {**super().get_context_data(**kwargs), "text": text}

    def get_success_url(self):
        return reverse("evaluations:round_detail", args=[self.object.round_id])


class TransitionView(ObjectActionView):
    """Confirm a workflow move (with its reason when required); ``registration_transition`` judges the move named
    in the URL and its reason (the form only shows them again)."""

    model = Registration
    scope_action = "view"
    template_name = "evaluations/transition_form.html"
    context_object_name = "registration"
    detail_url_name = "evaluations:registration_detail"
    form_class = TransitionForm
    service = staticmethod(services.registration_transition)
    service_errors = (services.TransitionError,)

    def base_queryset(self):
        return Registration.objects.select_related("round", "product")

    def load_object(self):
        registration = super().load_object()
        self.to_status = self.kwargs["to_status"]
        self.move = workflow.find(registration.status, self.to_status)
        if self.to_status not in RegistrationStatus.values:
            raise Http404
        return registration

    @property
    def reason_needed(self):
        return bool(self.move and self.move.reason_required)

    @cached_property
    def dossier_missing(self):
        """Required documents still missing, when the move asked for is the submission (the form then offers the
        override reason; the service decides)."""
        if self.to_status != RegistrationStatus.SUBMITTED or self.move is None:
            return []
        return selectors.dossier_missing(self.object)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "reason_required": self.reason_needed,
            "dossier_missing": self.dossier_missing,
        }

    def get(self, request, *args, **kwargs):
        self.object = self.load_object()
        if self.move is not None and self.move.system_only:
            messages.error(request, services.system_only_message(self.to_status))
            return HttpResponseRedirect(self.get_cancel_url())
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.object = self.load_object()
        form = self.get_form()
        form.is_valid()  # shown again when the reason is missing; the service decides
        return self.form_valid(form)

    def get_service_kwargs(self):
        return {
            "to_status": self.to_status,
            "reason": self.request.POST.get("reason", ""),
            "dossier_override": self.request.POST.get("dossier_override", ""),
        }

    def refused(self, form, exc):
        messages.error(self.request, str(exc))
        if self.reason_needed and not self.request.POST.get("reason", "").strip():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if self.dossier_missing and not self.request.POST.get("dossier_override", "").strip():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            move=self.move, to_status=RegistrationStatus(self.to_status), dossier_missing=self.dossier_missing
        )
        return context

    def get_success_message(self):
        return _("Hồ sơ đã chuyển sang «%s».") % RegistrationStatus(self.to_status).label

    def get_success_url(self):
        if self.request.POST.get("next") == "results":
            return reverse("evaluations:round_results", args=[self.object.round_id])
        return self.get_cancel_url()


class RoundResultsView(RoundMixin, ObjectDetailView):
    """A round's results table (after scoring is closed, for the council and the office) with the next moves."""

    template_name = "evaluations/round_results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, round_ = self.request.user, self.object
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
        context.update(rows=rows, can_reopen=permissions.can_run_scoring(user, round_))
        return context


class ReviewQueueView(ScopedListView):
    """``/evaluations/review/``: producers' applications waiting for the commune's pre-assessment in the user's area
    (``selectors.review_queue``); the local officer opens one to return it with comments or forward it."""

    model = Registration
    scope_action = "change"
    filterset_class = ReviewFilterSet
    table_class = ReviewTable
    default_ordering = ("submitted_at", "pk")
    title = gettext_lazy("Hồ sơ chủ thể chờ xã thẩm định")

    def base_queryset(self):
        return selectors.review_queue(self.request.user)


class ForwardView(ObjectActionView):
    """The commune forwards a producer's dossier with its pre-assessment report (a file, a short text or both):
    ``services.registration_forward`` (upload and the workflow's "forward" move in one transaction)."""

    model = Registration
    scope_action = "change"
    filters = {"status": RegistrationStatus.SUBMITTED}
    permission = staticmethod(workflow.may_forward)
    form_class = ForwardForm
    template_name = "evaluations/forward_form.html"
    context_object_name = "registration"
    service = staticmethod(services.registration_forward)
    service_instance_kwarg = "registration"
    service_errors = (*ObjectActionView.service_errors, services.TransitionError)
    detail_url_name = "evaluations:registration_detail"
    title = gettext_lazy("Thẩm định, chuyển hồ sơ lên")
    success_message = gettext_lazy("Đã chuyển hồ sơ lên kèm ý kiến thẩm định của xã.")

    def base_queryset(self):
        return Registration.objects.select_related("round", "round__rule_set", "product", "product__subject")
