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

from accounts.permissions import can_view_registry
from accounts.scoping import scope_q
from ocop_portal.downloads import content_disposition
from ocop_portal.errors import apply_service_error, flash_service_error
from ocop_portal.exports import export_response, table_spec
from ocop_portal.generic import ObjectActionView, ObjectDeleteView, ObjectDetailView, ObjectEditView
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
    RegistrationPickForm,
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


def _may_issue(user, decision):
    return permissions.can_issue_decisions(user, decision.authority)


def _may_edit_draft(user, decision):
    return not decision.is_issued and _may_issue(user, decision)


class DecisionMixin:
    """A decision of the user's area for ``scope_action`` with what its pages show (``selectors.decision_detail``)."""

    model = Decision
    context_object_name = "decision"
    detail_url_name = "decisions:detail"

    def base_queryset(self):
        return Decision.objects.select_related("authority", "corrects", "issued_by", "created_by")


class DecisionDetailView(DecisionMixin, ObjectDetailView):
    template_name = "decisions/decision_detail.html"
    edit_permission = staticmethod(_may_edit_draft)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, decision = self.request.user, self.object
        can_edit = context["can_edit"]
        central = permissions.is_central(decision.authority)
        context.update(
            items=selectors.decision_items(decision),
            corrections=decision.corrections.filter(pk__in=Decision.objects.restrict(user, "view").values("pk")),
            can_correct=not central
            and decision.is_issued
            and decision.kind == DecisionKind.RECOGNITION
            and _may_issue(user, decision),
            central=central,
        )
        if can_edit and decision.kind == DecisionKind.RECOGNITION:
            context["item_form"] = RecognitionItemForm(user=user)
            eligible, ineligible = selectors.registration_proposal(user, decision.authority)
            context["registrations"] = eligible
            context["ineligible_registrations"] = ineligible
        if can_edit and decision.kind == DecisionKind.REVOCATION:
            context["revocation_form"] = RevocationItemForm(user=user)
        return context


# not generic: one authority's numbering for a year (numbers and gaps), not one record's page
class NumberRegisterView(ViewerMixin, View):
    """Sổ đăng ký số quyết định of an authority and year: the numbers used (every kind) and the gaps."""

    template_name = "decisions/number_register.html"

    def get(self, request):
        authorities = list(selectors.authorities_for(request.user, "view", active_only=False))
        authority = next((a for a in authorities if str(a.pk) == request.GET.get("authority")), None)
        authority = authority or (authorities[0] if authorities else None)
        years = selectors.register_years(authority) if authority else []
        year = request.GET.get("year", "")
        year = int(year) if year.isdigit() else (years[0] if years else timezone.localdate().year)
        rows = selectors.number_register(authority, year) if authority else []
        context = {
            "authorities": authorities,
            "authority": authority,
            "years": sorted({*years, year}, reverse=True),
            "year": year,
            "rows": rows,
            "used": sum(1 for row in rows if not row.is_gap),
            "gaps": [row.number for row in rows if row.is_gap],
            "next_number": services.next_decision_number(authority, year) if authority else None,
        }
        return render(request, self.template_name, context)


# --- drafts ---------------------------------------------------------------------------------------------------


class DecisionEditView(DecisionMixin, ObjectEditView):
    """Create a draft of ``kind`` (no ``pk``) and edit a draft's header (drafts only, for the "approve" action)."""

    scope_action = "approve"
    kind = DecisionKind.RECOGNITION
    form_class = DecisionDraftForm
    template_name = "decisions/decision_form.html"
    create_permission = staticmethod(permissions.can_issue_decisions)
    success_message_create = gettext_lazy("Đã tạo dự thảo quyết định. Hãy thêm sản phẩm rồi ban hành.")
    success_message_update = gettext_lazy("Đã lưu dự thảo.")

    def base_queryset(self):
        return super().base_queryset().filter(status=DecisionStatus.DRAFT)

    def get_initial(self):
        if self.is_create:
            return {"legal_basis": services.DEFAULT_LEGAL_BASIS[self.kind]}
        return super().get_initial()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if not self.is_create:  # the form validates on its own copy; the service compares with the stored draft
            kwargs["instance"] = Decision.objects.get(pk=self.object.pk)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.is_create:
            context.update(kind=self.kind, kind_label=DecisionKind(self.kind).label)
        return context

    def perform_create(self, form):  # the service takes the kind and the header's fields as keywords
        return services.decision_draft_create(actor=self.request.user, kind=self.kind, **form.cleaned_data)

    def perform_update(self, form):
        return services.decision_draft_update(
            actor=self.request.user,
            decision=self.object,
            expected_version=form.expected_version,
            **form.cleaned_data,
        )


class DecisionCreateView(DecisionEditView):
    pass


class DecisionDeleteView(DecisionMixin, ObjectDeleteView):
    scope_action = "approve"
    template_name = "decisions/decision_confirm_delete.html"
    delete_service = staticmethod(services.decision_draft_delete)
    success_message = gettext_lazy("Đã xoá dự thảo quyết định.")
    success_url_name = "decisions:index"

    def base_queryset(self):
        return super().base_queryset().filter(status=DecisionStatus.DRAFT)


class DecisionStepView(DecisionMixin, ObjectActionView):
    """A workflow step of the coordination office on a decision of its area (drafts unless ``filters`` says)."""

    scope_action = "approve"
    filters = {"status": DecisionStatus.DRAFT}
    permission = staticmethod(_may_issue)


class ItemStepView(DecisionStepView):
    """A step posted from a draft's page (add or remove a product): refusals are messages on that page."""

    http_method_names = ["post"]
    flash_errors = True


class RecognitionItemAddView(ItemStepView):
    form_class = RecognitionItemForm
    form_user_kwarg = True
    service = staticmethod(services.recognition_item_add)
    success_message = gettext_lazy("Đã thêm sản phẩm vào dự thảo.")


class RegistrationItemsAddView(ItemStepView):
    """Add approved registrations (from the evaluations app) to a draft recognition decision."""

    form_class = RegistrationPickForm
    form_user_kwarg = True
    service = staticmethod(services.recognition_items_from_registrations)

    def get_success_message(self):
        return _("Đã thêm %(n)s sản phẩm từ hồ sơ đã phê duyệt.") % {"n": len(self.result)}


class RevocationItemAddView(ItemStepView):
    filters = {"status": DecisionStatus.DRAFT, "kind": DecisionKind.REVOCATION}
    form_class = RevocationItemForm
    form_user_kwarg = True
    service = staticmethod(services.revocation_item_add)
    success_message = gettext_lazy("Đã thêm sản phẩm bị thu hồi vào dự thảo.")

    def flash_form_errors(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)


class ItemRemoveView(ItemStepView):
    service = staticmethod(services.decision_item_remove)
    success_message = gettext_lazy("Đã bỏ sản phẩm khỏi dự thảo.")

    def get_service_kwargs(self):
        decision = self.object
        related = decision.revocations if decision.kind == DecisionKind.REVOCATION else decision.recognitions
        return {"item": get_object_or_404(related.all(), pk=self.kwargs["item_pk"])}


def _may_edit_items(user, decision):
    return decision.kind != DecisionKind.REVOCATION and _may_issue(user, decision)


class ItemEditView(DecisionStepView):
    """An item of a draft recognition decision, edited from the decision's page."""

    template_name = "decisions/item_form.html"
    form_class = RecognitionItemEditForm
    permission = staticmethod(_may_edit_items)
    service = staticmethod(services.recognition_item_update)
    success_message = gettext_lazy("Đã lưu.")

    def load_object(self):
        decision = super().load_object()
        self.item = get_object_or_404(
            decision.recognitions.select_related("product", "corrects"), pk=self.kwargs["item_pk"]
        )
        return decision

    def get_initial(self):
        return {"stars": self.item.stars, "score": self.item.score, "kind": self.item.kind}

    def get_service_kwargs(self):
        return {"item": self.item}

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, **kwargs)


# --- issue, correct ---------------------------------------------------------------------------------------------


class DecisionIssueView(DecisionStepView):
    """Confirmation page, then the number is taken and the decision is final."""

    template_name = "decisions/decision_issue.html"
    form_class = IssueForm
    service = staticmethod(services.decision_issue)

    def get_initial(self):
        date = self.object.date or timezone.localdate()
        authority = self.object.authority
        if permissions.is_central(authority):  # numbered by the ministry: typed from its decision, never proposed
            return {"date": self.object.date, "number_display": ""}
        number = services.next_decision_number(authority, date.year)
        return {"date": date, "number_display": f"{number}/{authority.number_suffix}"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            items=selectors.decision_items(self.object), central=permissions.is_central(self.object.authority), **kwargs
        )

    def get_success_message(self):
        if permissions.is_central(self.result.authority):
            return _("Đã ghi nhận Quyết định số %(number)s của %(authority)s.") % {
                "number": self.result.number_display,
                "authority": self.result.authority.name,
            }
        return _("Đã ban hành Quyết định số %(number)s.") % {"number": self.result.number_display}


class DecisionCorrectView(DecisionStepView):
    """A correcting decision for an issued one: a new draft (created once however often the form is sent)."""

    template_name = "decisions/decision_correct.html"
    filters = {"status": DecisionStatus.ISSUED, "kind": DecisionKind.RECOGNITION}
    form_class = CorrectionForm
    form_user_kwarg = True
    one_time_submission = True
    service = staticmethod(services.correction_draft_create)
    success_message = gettext_lazy("Đã tạo dự thảo quyết định đính chính; sửa các dòng cần đính chính rồi ban hành.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "preferred": self.object.authority}

    def get_success_url(self):
        return _detail_url(self.result)


# --- historical -------------------------------------------------------------------------------------------------


# not generic: a decision and its item formset in one form through one keyword service (import-like)
class HistoricalDecisionView(OneTimeSubmitMixin, OfficeMixin, View):
    """Record a recognition decision issued outside the portal (before it, or a ministry's 5★ decision) without
    re-scoring."""

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


# not generic: a Word download, not a page
class DecisionDocxView(ViewerMixin, View):
    def get(self, request, pk):
        decision = get_object_or_404(selectors.decision_detail(request.user, "view"), pk=pk)
        response = HttpResponse(
            documents.decision_docx(decision),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = content_disposition(documents.decision_docx_filename(decision))
        return response


# not generic: a PDF download, not a page
class CertificatesPdfView(ViewerMixin, View):
    def get(self, request, pk):
        decision = get_object_or_404(
            selectors.decision_detail(request.user, "view").exclude(kind=DecisionKind.REVOCATION), pk=pk
        )
        return _pdf_response(
            documents.certificates_pdf(decision, request=self.request), documents.certificates_filename(decision)
        )


# not generic: a Word download, not a page (the same decisions as the certificates PDF)
class CertificatesDocxView(ViewerMixin, View):
    def get(self, request, pk):
        decision = get_object_or_404(
            selectors.decision_detail(request.user, "view").exclude(kind=DecisionKind.REVOCATION), pk=pk
        )
        response = HttpResponse(
            documents.certificates_docx(decision, request=self.request),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = content_disposition(documents.certificates_docx_filename(decision))
        return response


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


# not generic: a step on the whole expired list (no one record to scope), posted from the expiring page
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
