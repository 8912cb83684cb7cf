"""Pages for decisions: list, detail, draft → issue, revocation, correction, historical record, PDFs, expiry.

Thin: every object comes from ``restrict`` (another area's decision gives 404), forms shape the input, the
services write.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, Case, When
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.permissions import can_read_audit, can_view_registry
from accounts.scoping import scope_q
from ocop_portal.concurrency import VersionConflict
from ocop_portal.downloads import content_disposition
from ocop_portal.errors import apply_service_error, flash_service_error
from ocop_portal.exports import export_response, table_spec
from ocop_portal.views import OneTimeSubmitMixin, ScopedListView

from . import documents, permissions, selectors, services
from .filtersets import DecisionFilterSet, RecognitionFilterSet, RevocationFilterSet
from .forms import (
    CorrectionForm,
    DecisionDraftForm,
    HistoricalDecisionForm,
    IssueForm,
    ProposeRevocationForm,
    RecognitionItemEditForm,
    RecognitionItemForm,
    RevocationItemForm,
    historical_item_formset,
    product_choices_for,
)
from .models import Decision, DecisionKind, DecisionStatus, Notification, Recognition, Revocation
from .tables import DecisionTable, ExpiredTable, ExpiringTable, RecognitionTable, RevocationTable


def _detail_url(decision):
    return reverse("decisions:detail", args=[decision.pk])


class ViewerMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_view_registry(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OfficeMixin(LoginRequiredMixin):
    """Pages that prepare or issue decisions: the coordination office (and administrators) only."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_issue_decisions(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_decision(self, **filters):
        queryset = selectors.decision_detail(self.request.user, "approve")
        return get_object_or_404(queryset, pk=self.kwargs["pk"], **filters)


# --- lists ---------------------------------------------------------------------------------------------------


class DecisionListView(ScopedListView):
    model = Decision
    template_name = "decisions/decision_list.html"
    context_object_name = "decisions"
    filterset_class = DecisionFilterSet
    table_class = DecisionTable
    default_ordering = ("status", "-date", "-number", "-pk")

    def base_queryset(self):
        return selectors.with_list_data(Decision.objects.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_issue"] = permissions.can_issue_decisions(user)
        context["unread_notifications"] = selectors.unread_notification_count(user)
        return context


class RecognitionListView(ScopedListView):
    """Sổ theo dõi sản phẩm OCOP: every recognition of an issued decision, filterable by stars and date."""

    model = Recognition
    template_name = "decisions/recognition_list.html"
    context_object_name = "recognitions"
    filterset_class = RecognitionFilterSet
    table_class = RecognitionTable
    default_ordering = ("-decision__date", "decision_id", "position")

    def base_queryset(self):
        return selectors.with_register_state(
            Recognition.objects.filter(decision__status=DecisionStatus.ISSUED), timezone.localdate()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        return context


class RevocationListView(ScopedListView):
    """Every product whose recognition was revoked (issued or draft revocation decisions), one row per revocation."""

    model = Revocation
    template_name = "decisions/revocation_list.html"
    context_object_name = "revocations"
    filterset_class = RevocationFilterSet
    table_class = RevocationTable
    default_ordering = ("-decision__date", "-decision_id", "position", "pk")
    export_title = gettext_lazy("Sản phẩm bị thu hồi công nhận")

    def base_queryset(self):
        # The row is scoped by the product's unit, the decision by its authority's: a district officer sees the
        # revocation of a product of the district by the province, but not the province's decision page.
        decision_in_scope = scope_q(self.request.user, "view", f"decision__{Decision.area_lookup}")
        return Revocation.objects.select_related(
            "decision__authority",
            "recognition__decision",
            "recognition__product__subject",
            "recognition__product__unit",
        ).annotate(
            decision_in_scope=Case(When(decision_in_scope, then=True), default=False, output_field=BooleanField())
        )


# --- detail ---------------------------------------------------------------------------------------------------


# not generic: read through selectors.decision_detail (issuer area, items, corrections), not one scoped model
class DecisionDetailView(ViewerMixin, View):
    def get(self, request, pk):
        user = request.user
        decision = get_object_or_404(selectors.decision_detail(user, "view"), pk=pk)
        can_edit = not decision.is_issued and permissions.can_issue_decisions(user, decision.authority)
        context = {
            "decision": decision,
            "items": selectors.decision_items(decision),
            "corrections": decision.corrections.filter(pk__in=Decision.objects.restrict(user, "view").values("pk")),
            "can_edit": can_edit,
            "can_correct": decision.is_issued
            and decision.kind == DecisionKind.RECOGNITION
            and permissions.can_issue_decisions(user, decision.authority),
            "can_read_audit": can_read_audit(user),
        }
        if can_edit and decision.kind == DecisionKind.RECOGNITION:
            context["item_form"] = RecognitionItemForm(user=user)
            registrations = selectors.approved_registrations(user)
            context["registrations"] = list(registrations) if registrations is not None else None
        if can_edit and decision.kind == DecisionKind.REVOCATION:
            context["revocation_form"] = RevocationItemForm(user=user)
        return render(request, "decisions/decision_detail.html", context)


# --- drafts ---------------------------------------------------------------------------------------------------


# not generic: the service takes the decision kind and its fields as keywords, not data=; a draft's first step
class DecisionCreateView(OneTimeSubmitMixin, OfficeMixin, View):
    kind = DecisionKind.RECOGNITION
    template_name = "decisions/decision_form.html"

    def get(self, request):
        form = DecisionDraftForm(user=request.user, initial={"legal_basis": services.DEFAULT_LEGAL_BASIS[self.kind]})
        return self.render(form)

    def post(self, request):
        form = DecisionDraftForm(request.POST, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                decision = services.decision_draft_create(actor=request.user, kind=self.kind, **data)
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Đã tạo dự thảo quyết định. Hãy thêm sản phẩm rồi ban hành."))
                return HttpResponseRedirect(_detail_url(decision))
        return self.render(form)

    def render(self, form):
        return render(self.request, self.template_name, {"form": form, "kind": self.kind, "kind_label": self.label})

    @property
    def label(self):
        return DecisionKind(self.kind).label


# not generic: only drafts, found for the "approve" action through selectors.decision_detail; the service takes keywords
class DecisionEditView(OfficeMixin, View):
    def get(self, request, pk):
        decision = self.get_decision(status=DecisionStatus.DRAFT)
        form = DecisionDraftForm(instance=decision, user=request.user)
        return render(request, "decisions/decision_form.html", {"form": form, "decision": decision})

    def post(self, request, pk):
        decision = self.get_decision(status=DecisionStatus.DRAFT)
        form = DecisionDraftForm(request.POST, instance=Decision.objects.get(pk=decision.pk), user=request.user)
        if form.is_valid():
            try:
                services.decision_draft_update(
                    actor=request.user, decision=decision, expected_version=form.expected_version, **form.cleaned_data
                )
            except (VersionConflict, ValidationError) as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Đã lưu dự thảo."))
                return HttpResponseRedirect(_detail_url(decision))
        return render(request, "decisions/decision_form.html", {"form": form, "decision": decision})


# not generic: only drafts, found for the "approve" action through selectors.decision_detail
class DecisionDeleteView(OfficeMixin, View):
    def get(self, request, pk):
        decision = self.get_decision(status=DecisionStatus.DRAFT)
        return render(request, "decisions/decision_confirm_delete.html", {"decision": decision})

    def post(self, request, pk):
        decision = self.get_decision(status=DecisionStatus.DRAFT)
        try:
            services.decision_draft_delete(actor=request.user, decision=decision)
        except ValidationError as exc:
            flash_service_error(request, exc)
            return HttpResponseRedirect(_detail_url(decision))
        messages.success(request, _("Đã xoá dự thảo quyết định."))
        return HttpResponseRedirect(reverse("decisions:index"))


# not generic: workflow step on a draft (adds a product), not an object edit
class RecognitionItemAddView(OfficeMixin, View):
    def post(self, request, pk):
        decision = self.get_decision(status=DecisionStatus.DRAFT)
        form = RecognitionItemForm(request.POST, user=request.user)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else error)
            return HttpResponseRedirect(_detail_url(decision))
        try:
            services.recognition_item_add(actor=request.user, decision=decision, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            flash_service_error(request, exc)
        else:
            messages.success(request, _("Đã thêm sản phẩm vào dự thảo."))
        return HttpResponseRedirect(_detail_url(decision))


# not generic: workflow step on a draft (adds approved registrations), not an object edit
class RegistrationItemsAddView(OfficeMixin, View):
    """Add approved registrations (from the evaluations app) to a draft recognition decision."""

    def post(self, request, pk):
        decision = self.get_decision(status=DecisionStatus.DRAFT)
        candidates = selectors.approved_registrations(request.user)
        ids = {int(value) for value in request.POST.getlist("registration") if value.isdigit()}
        if candidates is None or not ids:
            messages.error(request, _("Chọn ít nhất một hồ sơ đã được phê duyệt."))
            return HttpResponseRedirect(_detail_url(decision))
        chosen = [registration for registration in candidates if registration.pk in ids]
        try:
            items = services.recognition_items_from_registrations(
                actor=request.user, decision=decision, registrations=chosen
            )
        except (ValidationError, PermissionDenied) as exc:
            flash_service_error(request, exc)
        else:
            messages.success(request, _("Đã thêm %(n)s sản phẩm từ hồ sơ đã phê duyệt.") % {"n": len(items)})
        return HttpResponseRedirect(_detail_url(decision))


# not generic: workflow step on a draft (adds a revoked product), not an object edit
class RevocationItemAddView(OfficeMixin, View):
    def post(self, request, pk):
        decision = self.get_decision(status=DecisionStatus.DRAFT, kind=DecisionKind.REVOCATION)
        form = RevocationItemForm(request.POST, user=request.user)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(_detail_url(decision))
        try:
            services.revocation_item_add(actor=request.user, decision=decision, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            flash_service_error(request, exc)
        else:
            messages.success(request, _("Đã thêm sản phẩm bị thu hồi vào dự thảo."))
        return HttpResponseRedirect(_detail_url(decision))


# not generic: workflow step on a draft (removes an item), not an object delete page
class ItemRemoveView(OfficeMixin, View):
    def post(self, request, pk, item_pk):
        decision = self.get_decision(status=DecisionStatus.DRAFT)
        related = decision.revocations if decision.kind == DecisionKind.REVOCATION else decision.recognitions
        item = get_object_or_404(related.all(), pk=item_pk)
        try:
            services.decision_item_remove(actor=request.user, item=item)
        except (ValidationError, PermissionDenied) as exc:
            flash_service_error(request, exc)
        else:
            messages.success(request, _("Đã bỏ sản phẩm khỏi dự thảo."))
        return HttpResponseRedirect(_detail_url(decision))


# not generic: an item of a draft decision, edited from the decision's page
class ItemEditView(OfficeMixin, View):
    template_name = "decisions/item_form.html"

    def _item(self):
        decision = self.get_decision(status=DecisionStatus.DRAFT)
        if decision.kind == DecisionKind.REVOCATION:
            raise PermissionDenied
        item = get_object_or_404(decision.recognitions.select_related("product", "corrects"), pk=self.kwargs["item_pk"])
        return decision, item

    def get(self, request, pk, item_pk):
        decision, item = self._item()
        form = RecognitionItemEditForm(initial={"stars": item.stars, "score": item.score, "kind": item.kind})
        return render(request, self.template_name, {"decision": decision, "item": item, "form": form})

    def post(self, request, pk, item_pk):
        decision, item = self._item()
        form = RecognitionItemEditForm(request.POST)
        if form.is_valid():
            try:
                services.recognition_item_update(actor=request.user, item=item, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Đã lưu."))
                return HttpResponseRedirect(_detail_url(decision))
        return render(request, self.template_name, {"decision": decision, "item": item, "form": form})


# --- issue, correct ---------------------------------------------------------------------------------------------


# not generic: workflow step (issuing), not an object edit
class DecisionIssueView(OfficeMixin, View):
    """Confirmation page, then the number is taken and the decision is final."""

    template_name = "decisions/decision_issue.html"

    def get(self, request, pk):
        decision = self.get_decision(status=DecisionStatus.DRAFT)
        form = IssueForm(initial={"date": decision.date or timezone.localdate()})
        return self.render(decision, form)

    def post(self, request, pk):
        decision = self.get_decision(status=DecisionStatus.DRAFT)
        form = IssueForm(request.POST)
        if form.is_valid():
            try:
                decision = services.decision_issue(
                    actor=request.user, decision=decision, date=form.cleaned_data["date"]
                )
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(
                    request, _("Đã ban hành Quyết định số %(number)s.") % {"number": decision.number_display}
                )
                return HttpResponseRedirect(_detail_url(decision))
        return self.render(decision, form)

    def render(self, decision, form):
        context = {"decision": decision, "items": selectors.decision_items(decision), "form": form}
        return render(self.request, self.template_name, context)


# not generic: workflow step (a correcting decision for an issued one), not an object edit
class DecisionCorrectView(OneTimeSubmitMixin, OfficeMixin, View):
    template_name = "decisions/decision_correct.html"

    def get(self, request, pk):
        decision = self.get_decision(status=DecisionStatus.ISSUED, kind=DecisionKind.RECOGNITION)
        form = CorrectionForm(user=request.user, preferred=decision.authority)
        return render(request, self.template_name, {"decision": decision, "form": form})

    def post(self, request, pk):
        decision = self.get_decision(status=DecisionStatus.ISSUED, kind=DecisionKind.RECOGNITION)
        form = CorrectionForm(request.POST, user=request.user, preferred=decision.authority)
        if form.is_valid():
            try:
                correction = services.correction_draft_create(
                    actor=request.user, decision=decision, authority=form.cleaned_data["authority"]
                )
            except (ValidationError, PermissionDenied) as exc:
                apply_service_error(form, exc)
            else:
                messages.success(
                    request, _("Đã tạo dự thảo quyết định đính chính; sửa các dòng cần đính chính rồi ban hành.")
                )
                return HttpResponseRedirect(_detail_url(correction))
        return render(request, self.template_name, {"decision": decision, "form": form})


# --- historical -------------------------------------------------------------------------------------------------


# not generic: enters an old decision with its items in one form (import-like), not an object edit
class HistoricalDecisionView(OneTimeSubmitMixin, OfficeMixin, View):
    """Record a recognition decision issued before the portal (2019–2024) without re-scoring."""

    template_name = "decisions/historical_form.html"

    def get(self, request):
        form = HistoricalDecisionForm(user=request.user)
        rows = request.GET.get("rows", "")
        formset_class = historical_item_formset(int(rows) if rows.isdigit() else 8)
        formset = formset_class(prefix="items", form_kwargs={"products": product_choices_for(request.user)})
        return render(request, self.template_name, {"form": form, "formset": formset})

    def post(self, request):
        form = HistoricalDecisionForm(request.POST, user=request.user)
        formset = historical_item_formset()(
            request.POST, prefix="items", form_kwargs={"products": product_choices_for(request.user)}
        )
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            items = [
                {key: row[key] for key in ("product", "stars", "score", "kind", "certificate_number")}
                for row in formset.cleaned_data
                if row.get("product")
            ]
            try:
                decision = services.historical_recognition_record(
                    actor=request.user,
                    authority=data["authority"],
                    number_display=data["number_display"],
                    date=data["date"],
                    items=items,
                    subject_line=data["subject_line"],
                    signer_name=data["signer_name"],
                    signer_title=data["signer_title"],
                )
            except (ValidationError, PermissionDenied) as exc:
                apply_service_error(form, exc)
            else:
                messages.success(
                    request, _("Đã ghi nhận Quyết định số %(number)s.") % {"number": decision.number_display}
                )
                return HttpResponseRedirect(_detail_url(decision))
        return render(request, self.template_name, {"form": form, "formset": formset})


# --- PDFs -------------------------------------------------------------------------------------------------------


def _pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename)
    return response


# not generic: a PDF download, not a page
class DecisionPdfView(ViewerMixin, View):
    def get(self, request, pk):
        decision = get_object_or_404(selectors.decision_detail(request.user, "view"), pk=pk)
        return _pdf_response(documents.decision_pdf(decision), documents.decision_filename(decision))


# not generic: a PDF download, not a page
class CertificatesPdfView(ViewerMixin, View):
    def get(self, request, pk):
        decision = get_object_or_404(
            selectors.decision_detail(request.user, "view").exclude(kind=DecisionKind.REVOCATION), pk=pk
        )
        return _pdf_response(documents.certificates_pdf(decision), documents.certificates_filename(decision))


# --- expiry, notifications ----------------------------------------------------------------------------------------


# not generic: a dashboard of expiring recognitions (several tables), not one object's page
class ExpiringView(ViewerMixin, View):
    template_name = "decisions/expiring.html"

    def get(self, request):
        user = request.user
        today = timezone.localdate()
        lists = {
            "expiring": (ExpiringTable, selectors.expiring_recognitions(user, today), _("Sản phẩm sắp hết hiệu lực")),
            "expired": (ExpiredTable, selectors.expired_recognitions(user, today), _("Sản phẩm đã hết hiệu lực")),
        }
        fmt = request.GET.get("export")
        if fmt:  # ?export=xlsx|csv&list=expiring|expired: the same rows as the page's list
            if request.GET.get("list") not in lists:
                raise Http404
            table_class, queryset, title = lists[request.GET["list"]]
            spec = table_spec(Recognition, table_class(request))
            queryset = queryset.select_related(*spec.select_related).order_by("valid_until", "product__name")
            return export_response(queryset, spec.columns, fmt=fmt, title=title)
        expiring, expired = (
            list(queryset.order_by("valid_until", "product__name")) for _table, queryset, _title in lists.values()
        )
        context = {
            "today": today,
            "expiring": expiring,
            "expired": expired,
            "expiring_table": ExpiringTable(request, expiring),
            "expired_table": ExpiredTable(request, expired),
            "can_issue": permissions.can_issue_decisions(user),
        }
        if context["can_issue"]:
            context["propose_form"] = ProposeRevocationForm(user=user)
        return render(request, self.template_name, context)


# not generic: workflow step (proposes a revocation draft), not an object edit
class ProposeRevocationView(OfficeMixin, View):
    """One step: a draft revocation decision naming every expired recognition of the office's area."""

    def post(self, request):
        form = ProposeRevocationForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, _("Chọn cơ quan ban hành quyết định thu hồi."))
            return HttpResponseRedirect(reverse("decisions:expiring"))
        try:
            decision = services.expired_revocation_propose(actor=request.user, authority=form.cleaned_data["authority"])
        except (ValidationError, PermissionDenied) as exc:
            flash_service_error(request, exc)
            return HttpResponseRedirect(reverse("decisions:expiring"))
        if decision is None:
            messages.info(request, _("Không có sản phẩm hết hiệu lực nào cần đề xuất thu hồi."))
            return HttpResponseRedirect(reverse("decisions:expiring"))
        messages.success(
            request,
            _("Đã lập dự thảo quyết định thu hồi %(n)s sản phẩm hết hiệu lực; rà soát rồi ban hành.")
            % {"n": decision.revocations.count()},
        )
        return HttpResponseRedirect(_detail_url(decision))


# not generic: the user's own notifications, not area-scoped records
class NotificationListView(LoginRequiredMixin, View):
    def get(self, request):
        notifications = selectors.notifications_for(request.user)[:200]
        return render(request, "decisions/notification_list.html", {"notifications": notifications})

    def post(self, request):
        notification = None
        if request.POST.get("notification"):
            notification = get_object_or_404(
                Notification.objects.filter(recipient=request.user), pk=request.POST["notification"]
            )
        services.notification_mark_read(user=request.user, notification=notification)
        if notification is not None and notification.link:
            return HttpResponseRedirect(notification.link)
        return HttpResponseRedirect(reverse("decisions:notifications"))
