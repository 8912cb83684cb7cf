"""The producer's application pages (đơn đăng ký đánh giá của chủ thể), phone first.

A verified producer starts an application for one of its products into an open round of its area, sees the
dossier checklist of its product group and kind (``evaluations.selectors.dossier_checklist``: the council's list,
documents on file reused while valid), uploads what is missing (camera too), submits, and follows it: the status
history with reasons, the result once published, the decision and its certificate. Every object comes from
``restrict(user, "own_view")`` (``accounts.scoping``: a producer's own subject's rows only; another's is a 404);
every write is an ``evaluations.services`` call (the workflow's submit/resubmit moves)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from accounts.permissions import is_verified_producer
from decisions import documents
from decisions.models import Recognition
from evaluations import selectors, services, workflow
from evaluations.models import Registration, RegistrationKind, RegistrationStatus
from ocop_portal.downloads import content_disposition
from ocop_portal.generic import ObjectActionView, ObjectDetailView, ObjectEditView
from ocop_portal.pagination import KeysFirstPaginator
from ocop_portal.views import ScopedMixin
from products.models import Product

from .forms_applications import ApplicationForm, DocumentUploadForm

OWN_VIEW = "own_view"
EDITABLE = (RegistrationStatus.DRAFT, RegistrationStatus.RETURNED)
DETAIL = "producers:application_detail"


def _registrations():
    return Registration.objects.select_related(
        "round", "round__rule_set", "round__unit", "product", "product__subject", "product__unit",
        "product__product_class", "commune_report",
    )  # fmt: skip


# The office's registration lists are on the list layer; a producer has a handful of applications, read on a phone.
# not generic: a producer's few applications as phone cards, no table, filters, sort or export (ScopedMixin rows)
class ApplicationListView(ScopedMixin, ListView):
    """``/producers/applications/``: the producer's own applications, newest first."""

    model = Registration
    scope_action = OWN_VIEW
    template_name = "producers/applications/application_list.html"
    context_object_name = "applications"
    paginate_by = 20
    paginator_class = KeysFirstPaginator

    def base_queryset(self):
        return Registration.objects.select_related("round", "round__unit", "product")

    def get_queryset(self):
        return super().get_queryset().order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statuses = dict(RegistrationStatus.choices)
        for registration in context["applications"]:
            registration.status_label = statuses.get(registration.status, registration.status)
        context["can_start"] = is_verified_producer(self.request.user)
        return context


class ApplicationCreateView(ObjectEditView):
    """Start an application: product (pre-selected with ``?product=``), open round of its area, kind (``?kind=``,
    e.g. from the expiry notice's "start the re-evaluation" link). An upgrade or re-evaluation starts from the last
    dossier (``services.application_start``)."""

    model = Registration
    scope_action = OWN_VIEW
    form_class = ApplicationForm
    template_name = "producers/applications/application_form.html"
    create_permission = staticmethod(is_verified_producer)
    success_message_create = None
    detail_url_name = DETAIL

    def products(self):
        return (
            Product.objects.restrict(self.request.user, OWN_VIEW)
            .select_related("unit", "product_class")
            .order_by("name", "pk")
        )

    def chosen_product(self):
        pk = self.request.POST.get("product") or self.request.GET.get("product")
        if not (pk and str(pk).isdigit()):
            return None
        return self.products().filter(pk=pk).first()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        products = list(self.products())
        chosen = self.chosen_product()
        rounds = {}
        for product in [chosen] if chosen else products:
            for round_ in selectors.open_rounds_for(product):
                rounds[round_.pk] = round_
        self.rounds = list(rounds.values())
        kwargs.update(products=self.products(), rounds=self.rounds)
        return kwargs

    def get_initial(self):
        initial = {}
        chosen = self.chosen_product()
        if chosen is not None:
            initial["product"] = chosen.pk
            # A product recognised before is re-evaluated (or upgraded: the producer picks it); else a first time.
            recognised = chosen.ocop_recognition_id is not None
            initial["kind"] = RegistrationKind.RE_EVALUATION if recognised else RegistrationKind.NEW
        kind = self.request.GET.get("kind")
        if kind in RegistrationKind.values:
            initial["kind"] = kind
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chosen = self.chosen_product()
        previous = services.previous_registration(chosen) if chosen else None
        context.update(chosen=chosen, previous=previous, has_rounds=bool(self.rounds))
        if chosen is not None and previous is not None:
            context["checklist"] = selectors.dossier_checklist(
                chosen, rule_set=previous.round.rule_set, kind=self.get_initial().get("kind", previous.kind)
            )
        return context

    def perform_create(self, form):
        data = form.cleaned_data
        return services.application_start(
            actor=self.request.user, round_=data["round_"], product=data["product"], kind=data["kind"],
            note=data["note"],
        )  # fmt: skip

    def after_save(self, obj, created):
        messages.success(self.request, _("Đã tạo hồ sơ «%s». Bổ sung giấy tờ còn thiếu rồi gửi hồ sơ.") % obj.product)


def _owner_may_edit(user, registration):
    return registration.status in EDITABLE and workflow.is_owner_producer(user, registration)


class ApplicationDetailView(ObjectDetailView):
    """The application: product profile, checklist (what is reused, what is missing or expired), upload, submit;
    then the status history, the result once published and the decision with its certificate."""

    model = Registration
    scope_action = OWN_VIEW
    template_name = "producers/applications/application_detail.html"
    context_object_name = "registration"
    edit_permission = staticmethod(_owner_may_edit)

    def base_queryset(self):
        return _registrations()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, registration = self.request.user, self.object
        editable = _owner_may_edit(user, registration)
        checklist = selectors.dossier_checklist(
            registration.product, rule_set=registration.round.rule_set, kind=registration.kind
        )
        published = selectors.result_published(registration)
        recognition = None
        if registration.status == RegistrationStatus.DECIDED:
            recognition = (
                registration.recognitions.restrict(user, OWN_VIEW).select_related("decision").order_by("-pk").first()
            )
        moves = [
            move for move in workflow.allowed_moves(user, registration) if move.target == RegistrationStatus.SUBMITTED
        ]
        context.update(
            editable=editable,
            checklist=checklist,
            needed=[item for item in checklist if item.needed],
            upload_form=DocumentUploadForm(registration=registration) if editable else None,
            submit_move=moves[0] if moves else None,
            history=selectors.status_history(registration),
            published=published,
            recognition=recognition,
            returned=registration.status == RegistrationStatus.RETURNED,
        )
        return context


class ApplicationUploadView(ObjectActionView):
    """Upload one document of the checklist (a file or a photo from the camera) into the product's dossier."""

    model = Registration
    scope_action = OWN_VIEW
    filters = {"status__in": EDITABLE}
    permission = staticmethod(_owner_may_edit)
    form_class = DocumentUploadForm
    template_name = "producers/applications/upload_form.html"
    service = staticmethod(services.application_upload)
    service_instance_kwarg = "registration"
    detail_url_name = DETAIL
    title = gettext_lazy("Tải lên giấy tờ")
    success_message = gettext_lazy("Đã tải lên giấy tờ vào hồ sơ.")

    def base_queryset(self):
        return _registrations()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "registration": self.object}


class ApplicationSubmitView(ObjectActionView):
    """Submit (or resubmit after a return) the application: the workflow's move, refused with the missing
    documents named while the checklist is not complete."""

    model = Registration
    scope_action = OWN_VIEW
    filters = {"status__in": EDITABLE}
    permission = staticmethod(_owner_may_edit)
    service = staticmethod(services.registration_transition)
    service_instance_kwarg = "registration"
    service_errors = (*ObjectActionView.service_errors, services.TransitionError)
    detail_url_name = DETAIL
    flash_errors = True
    title = gettext_lazy("Gửi hồ sơ")
    text = gettext_lazy(
        "Hồ sơ sẽ được gửi đến cán bộ xã để thẩm định. Sau khi gửi, bạn không sửa được hồ sơ trừ khi hồ sơ được trả "
        "lại để bổ sung."
    )
    success_message = gettext_lazy("Đã gửi hồ sơ đến cán bộ xã.")

    def base_queryset(self):
        return _registrations()

    def get_service_kwargs(self):
        return {"to_status": RegistrationStatus.SUBMITTED}


# not generic: a file download, not a page
class CertificateView(ScopedMixin, View):
    """The certificate of the producer's own recognition (issued decisions only, ``accounts.scoping``), PDF or
    Word with the QR code of its public verification page (``decisions.documents``)."""

    model = Recognition
    scope_action = OWN_VIEW

    def get(self, request, pk, fmt):
        recognition = get_object_or_404(
            self.get_queryset().select_related("decision__authority", "product__subject", "product__unit"), pk=pk
        )
        decision = recognition.decision
        if fmt == "pdf":
            body = documents.certificates_pdf(decision, recognitions=[recognition], request=request)
            content_type, filename = "application/pdf", documents.certificates_filename(decision)
        elif fmt == "docx":
            body = documents.certificates_docx(decision, recognitions=[recognition], request=request)
            content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            filename = documents.certificates_docx_filename(decision)
        else:
            raise Http404
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = content_disposition(filename)
        return response


def application_url(registration):
    return reverse(DETAIL, args=[registration.pk])
