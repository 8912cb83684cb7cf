"""Pages of the producers app, on the generic scoped view layer (``ocop_portal.generic``, ``ocop_portal.views``).

* Public: ``register`` (no login) — a producer asks for an account.
* The producer's own pages (``Role.PRODUCER``): ``home`` (status of the account, what happens next), ``my_subject``
  (profile, who acts for it, subject documents), ``my_products`` and a product's page, edit and documents. They ask
  for the producer's own actions (``own_view``/``own_change``): ``accounts.scoping`` gives them the rows of the
  producer's own subject only, so another subject's id is a 404.
* The officer's verification: the list of producer accounts of the area, an account's page with the candidate
  subjects, and the steps link / create the subject / reject (``producers.services``).
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.lockout import client_ip
from accounts.permissions import OWN_CHANGE, OWN_VIEW
from decisions.models import Recognition
from evaluations.models import Registration
from ocop_portal.downloads import content_disposition
from ocop_portal.errors import apply_service_error
from ocop_portal.generic import ObjectActionView, ObjectDetailView, ObjectEditView, ObjectHistoryView
from ocop_portal.submission import OneTimeSubmitMixin
from ocop_portal.views import ScopedListView, ScopedMixin
from products import selectors as product_selectors
from products import services as product_services
from products.forms import DocumentUploadForm
from products.models import Document, Product
from subjects import services as subject_services
from subjects.forms import SubjectForm
from subjects.models import Subject

from . import selectors, services
from .filtersets import ProducerAccountFilterSet
from .forms import (
    LinkSubjectForm,
    ProducerProductForm,
    ProducerSubjectForm,
    ProvinceChoiceForm,
    RegistrationForm,
    RejectForm,
)
from .models import ProducerAccount, ProducerAccountStatus
from .permissions import can_verify_producers, is_producer, is_verified_producer
from .tables import MyProductTable, ProducerAccountTable

REGISTRATIONS_PER_HOUR = 5


# --- public registration ----------------------------------------------------------------------------------------


# not generic: a public page (no login, no scoped model): the province step (GET) and the registration form
class RegisterView(OneTimeSubmitMixin, View):
    template_name = "producers/register.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("producers:home" if is_producer(request.user) else "home")
        return super().dispatch(request, *args, **kwargs)

    def province(self, value):
        province_form = ProvinceChoiceForm({"tinh": value} if value else None)
        return province_form, (province_form.cleaned_data["tinh"] if value and province_form.is_valid() else None)

    def get(self, request):
        province_form, province = self.province(request.GET.get("tinh", ""))
        return self.render(province_form, RegistrationForm(province=province), province)

    def post(self, request):
        province_form, province = self.province(request.POST.get("tinh", ""))
        form = RegistrationForm(request.POST, province=province)
        if self.too_many(request):
            form.add_error(None, _("Máy này đã gửi quá nhiều đăng ký trong một giờ; vui lòng thử lại sau."))
            return self.render(province_form, form, province, status=429)
        if form.is_valid():
            try:
                account = services.register_producer(data=form.service_data())
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                self.count(request)
                login(request, account.user, backend="accounts.backends.PortalModelBackend")
                messages.success(request, _("Đã gửi đăng ký. Cán bộ xã sẽ xác minh tài khoản của bạn."))
                return redirect("producers:home")
        return self.render(province_form, form, province)

    def render(self, province_form, form, province, status=200):
        context = {"province_form": province_form, "form": form, "province": province}
        return render(self.request, self.template_name, context, status=status)

    @staticmethod
    def _key(request):
        return f"producers:register:{client_ip(request)}"

    def too_many(self, request):
        return cache.get(self._key(request), 0) >= REGISTRATIONS_PER_HOUR

    def count(self, request):
        key = self._key(request)
        cache.add(key, 0, 3600)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, 3600)


# --- the producer's own pages -----------------------------------------------------------------------------------


# not generic: the account's own status page (no scoped record before verification)
class ProducerHomeView(LoginRequiredMixin, View):
    def get(self, request):
        if not is_producer(request.user):
            raise PermissionDenied
        account = selectors.account_for(request.user)
        if account is None:
            raise Http404
        context = {"account": account, "verified": is_verified_producer(request.user)}
        if context["verified"]:
            subject = account.subject
            context.update(
                subject=subject,
                product_count=Product.objects.restrict(request.user, OWN_VIEW).count(),
            )
        return render(request, "producers/home.html", context)


class OwnSubjectMixin:
    """The producer's own subject, found through ``restrict`` (no id in the URL: it has exactly one)."""

    model = Subject

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        subject = queryset.first()
        if subject is None:
            raise Http404
        return subject


class MySubjectView(OwnSubjectMixin, ObjectDetailView):
    scope_action = OWN_VIEW
    template_name = "producers/my_subject.html"
    context_object_name = "subject"

    def base_queryset(self):
        return Subject.objects.select_related("unit__parent")

    def get_permission_flags(self):
        return {"can_edit": True, "can_read_audit": False, "history_url": ""}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            accounts=selectors.accounts_for_subject(self.object),
            documents=Document.objects.restrict(user, OWN_VIEW)
            .filter(product__isnull=True)
            .select_related("document_type")
            .order_by("document_type__order", "-uploaded_at"),
        )
        return context


class MySubjectEditView(OwnSubjectMixin, ObjectEditView):
    scope_action = OWN_CHANGE
    form_class = ProducerSubjectForm
    template_name = "producers/form.html"
    update_service = staticmethod(subject_services.subject_update)
    success_message_update = gettext_lazy("Đã lưu thông tin chủ thể “%(object)s”.")

    @property
    def is_create(self):
        return False

    def get_success_url(self):
        return reverse("producers:my_subject")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Sửa thông tin chủ thể"), cancel_url=reverse("producers:my_subject"))
        return context


class MyProductListView(ScopedListView):
    model = Product
    scope_action = OWN_VIEW
    table_class = MyProductTable
    template_name = "producers/my_products.html"
    default_ordering = ("name", "pk")
    title = gettext_lazy("Sản phẩm của tôi")
    paginate_by = 20

    def get_export_spec(self):
        if self.request.GET.get("layout"):
            raise Http404  # the office's import layout is not a producer's export
        return super().get_export_spec()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_import_layout"] = False
        return context


class MyProductDetailView(ObjectDetailView):
    model = Product
    scope_action = OWN_VIEW
    template_name = "producers/my_product.html"
    context_object_name = "product"

    def base_queryset(self):
        return Product.objects.select_related("subject", "unit", "product_class")

    def get_permission_flags(self):
        return {"can_edit": True, "can_read_audit": False, "history_url": ""}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, product = self.request.user, self.object
        types, required = product_selectors.document_types_for_product(product)
        documents = list(
            Document.objects.restrict(user, OWN_VIEW)
            .filter(product=product)
            .select_related("document_type")
            .order_by("document_type__order", "-uploaded_at")
        )
        shared = list(
            Document.objects.restrict(user, OWN_VIEW)
            .filter(product__isnull=True)
            .select_related("document_type")
            .order_by("document_type__order", "-uploaded_at")
        )
        present = {d.document_type_id for d in documents} | {d.document_type_id for d in shared}
        context.update(
            documents=documents,
            shared_documents=shared,
            missing=[t for t in types if t.pk in required and t.pk not in present],
            recognitions=Recognition.objects.restrict(user, OWN_VIEW)
            .filter(product=product)
            .select_related("decision")
            .order_by("-decision__date", "-pk"),
            registrations=Registration.objects.restrict(user, OWN_VIEW)
            .filter(product=product)
            .select_related("round")
            .order_by("-pk"),
        )
        return context


class MyProductEditView(ObjectEditView):
    model = Product
    scope_action = OWN_CHANGE
    form_class = ProducerProductForm
    template_name = "producers/form.html"
    update_service = staticmethod(product_services.product_update)
    detail_url_name = "producers:product_detail"
    success_message_update = gettext_lazy("Đã lưu sản phẩm “%(object)s”.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Sửa sản phẩm “%(name)s”") % {"name": self.object.name},
            cancel_url=reverse("producers:product_detail", args=[self.object.pk]),
            multipart=False,
        )
        return context


class UploadMixin:
    """A dossier upload on one of the producer's records: the checklist's types, a file from the phone's camera."""

    scope_action = OWN_CHANGE
    template_name = "producers/document_upload.html"
    form_class = DocumentUploadForm
    one_time_submission = True

    def document_types(self):
        raise NotImplementedError

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        types, required = self.document_types()
        kwargs.update(document_types=types, required_ids=required, mark_shared=True)
        preset = self.request.GET.get("type", "")
        if preset.isdigit() and "data" not in kwargs:
            kwargs.setdefault("initial", {})["document_type"] = int(preset)
        return kwargs


class ProductDocumentUploadView(UploadMixin, ObjectActionView):
    model = Product
    detail_url_name = "producers:product_detail"
    title = gettext_lazy("Tải hồ sơ sản phẩm")
    success_message = gettext_lazy("Đã tải lên “%(result)s”.")

    def document_types(self):
        return product_selectors.document_types_for_product(self.object)

    def perform(self, form):
        return services.upload_document(actor=self.request.user, subject=self.object.subject, product=self.object,
                                        **form.cleaned_data)  # fmt: skip


class SubjectDocumentUploadView(UploadMixin, OwnSubjectMixin, ObjectActionView):
    title = gettext_lazy("Tải hồ sơ chủ thể (dùng chung cho các sản phẩm)")
    success_message = gettext_lazy("Đã tải lên “%(result)s”.")

    def document_types(self):
        return list(product_selectors.document_types_for_subject()), set()

    def perform(self, form):
        return services.upload_document(actor=self.request.user, subject=self.object, **form.cleaned_data)

    def get_cancel_url(self):
        return reverse("producers:my_subject")


class DocumentReplaceView(UploadMixin, ObjectActionView):
    model = Document
    title = gettext_lazy("Thay tệp hồ sơ")
    success_message = gettext_lazy("Đã thay tệp của “%(result)s”.")

    def document_types(self):
        return [self.object.document_type], set()

    def base_queryset(self):
        return Document.objects.select_related("document_type", "subject", "product")

    def perform(self, form):
        data = {key: value for key, value in form.cleaned_data.items() if key != "document_type"}
        return services.replace_document(actor=self.request.user, document=self.object, **data)

    def get_cancel_url(self):
        if self.object.product_id:
            return reverse("producers:product_detail", args=[self.object.product_id])
        return reverse("producers:my_subject")

    def get_success_url(self):
        return self.get_cancel_url()


# not generic: a file download of the producer's own document (the office's download asks the office's "view")
class DocumentDownloadView(ScopedMixin, View):
    model = Document
    scope_action = OWN_VIEW

    def get(self, request, pk):
        document = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404(_("Không tìm thấy tệp của hồ sơ này.")) from exc
        response = FileResponse(handle, content_type=document.content_type)
        response["Content-Disposition"] = content_disposition(document.download_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


# --- the officer's verification ---------------------------------------------------------------------------------


class AccountListView(ScopedListView):
    model = ProducerAccount
    filterset_class = ProducerAccountFilterSet
    table_class = ProducerAccountTable
    template_name = "producers/account_list.html"
    default_ordering = ("status", "-created_at", "-pk")
    title = gettext_lazy("Tài khoản chủ thể")

    def base_queryset(self):
        return ProducerAccount.objects.select_related("user", "commune", "subject")


class AccountDetailView(ObjectDetailView):
    model = ProducerAccount
    template_name = "producers/account_detail.html"
    context_object_name = "account"
    history_url_name = "producers:account_history"

    def base_queryset(self):
        return ProducerAccount.objects.select_related("user", "commune__parent", "subject__unit", "verified_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, account = self.request.user, self.object
        can_verify = can_verify_producers(user, account) and account.status == ProducerAccountStatus.PENDING
        context.update(
            can_verify=can_verify,
            candidates=selectors.candidate_subjects(user=user, account=account) if can_verify else [],
            acting=selectors.accounts_for_subject(account.subject) if account.subject_id else [],
        )
        return context


class AccountHistoryView(ObjectHistoryView):
    model = ProducerAccount
    detail_url_name = "producers:account_detail"


class AccountStepView(ObjectActionView):
    model = ProducerAccount
    filters = {"status": ProducerAccountStatus.PENDING}
    permission = staticmethod(can_verify_producers)
    service_instance_kwarg = "account"
    detail_url_name = "producers:account_detail"

    def base_queryset(self):
        return ProducerAccount.objects.select_related("user", "commune")


class AccountLinkView(AccountStepView):
    form_class = LinkSubjectForm
    form_user_kwarg = True
    service = staticmethod(services.verify_link)
    title = gettext_lazy("Xác minh và gắn với chủ thể có sẵn")
    text = gettext_lazy(
        "Tài khoản sẽ được làm việc thay mặt chủ thể đã chọn: xem, sửa hồ sơ chủ thể và sản phẩm của chủ thể đó. "
        "Một chủ thể có thể có nhiều tài khoản."
    )
    submit_label = gettext_lazy("Xác minh và gắn")
    success_message = gettext_lazy("Đã xác minh tài khoản “%(object)s”.")
    template_name = "producers/account_link.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.request.user
        candidates = selectors.candidate_subjects(user=user, account=self.object)
        found = selectors.search_subjects(user=user, text=self.request.GET.get("q", ""))
        kwargs["candidates"] = candidates + [s for s in found if s.pk not in {c.pk for c in candidates}]
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["q"] = self.request.GET.get("q", "")
        return context


class AccountCreateSubjectView(AccountStepView):
    form_class = SubjectForm
    form_user_kwarg = True
    template_name = "producers/account_create_subject.html"
    title = gettext_lazy("Xác minh và tạo chủ thể mới")
    success_message = gettext_lazy("Đã tạo chủ thể và xác minh tài khoản “%(object)s”.")

    def get_initial(self):
        return services.subject_initial(self.object)

    def perform(self, form):
        return services.verify_create(actor=self.request.user, account=self.object, data=form.cleaned_data)


class AccountRejectView(AccountStepView):
    form_class = RejectForm
    service = staticmethod(services.reject)
    title = gettext_lazy("Từ chối tài khoản chủ thể")
    text = gettext_lazy("Chủ thể sẽ thấy lý do khi đăng nhập và có thể liên hệ cán bộ xã để bổ sung.")
    submit_label = gettext_lazy("Từ chối")
    danger = True
    success_message = gettext_lazy("Đã từ chối tài khoản “%(object)s”.")
