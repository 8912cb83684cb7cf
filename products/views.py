"""Product pages: list, detail, create/edit (with certifications and channels), delete, dossier documents.

Objects are always looked up through ``restrict(user, action)``: another area's product or document is a 404,
a role that may not write gets 403. Writes go through ``products.services``.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from rest_framework.exceptions import AuthenticationFailed

from accounts.authentication import ExpiringTokenAuthentication
from accounts.permissions import can_edit_registry, role_allows
from accounts.scoping import in_scope
from decisions.selectors import product_history_context
from evaluations.selectors import evaluations_for_product
from ocop_portal.concurrency import VersionConflict
from ocop_portal.downloads import content_disposition
from ocop_portal.errors import apply_service_error
from ocop_portal.generic import ObjectDeleteView, ObjectDetailView, ObjectHistoryView
from ocop_portal.views import OneTimeSubmitMixin, ScopedListView
from subjects.models import Subject

from . import permissions, selectors, services
from .filtersets import ProductFilterSet
from .forms import (
    CertificationFormSet,
    ChannelFormSet,
    ConfirmDeleteForm,
    DocumentPublicForm,
    DocumentUploadForm,
    ProductForm,
)
from .models import Document, Product, ProductChannel
from .tables import ProductTable


def _subject_url(subject_pk):
    try:
        return reverse("subjects:detail", args=[subject_pk])
    except NoReverseMatch:
        return None


def _require_change(user):
    if not permissions.can_change_products(user):
        raise PermissionDenied


class ProductListView(ScopedListView):
    model = Product
    template_name = "products/product_list.html"
    context_object_name = "products"
    filterset_class = ProductFilterSet
    table_class = ProductTable
    paginate_by = 25
    default_ordering = ("name", "pk")

    def base_queryset(self):
        return selectors.product_list_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = can_edit_registry(self.request.user)
        subject_pk = self.request.GET.get("subject", "")
        if subject_pk.isdigit():
            context["filtered_subject"] = Subject.objects.restrict(self.request.user).filter(pk=subject_pk).first()
        return context


class ProductDetailView(ObjectDetailView):
    model = Product
    template_name = "products/product_detail.html"
    context_object_name = "product"
    edit_permission = staticmethod(can_edit_registry)
    history_url_name = "products:history"

    def base_queryset(self):
        return selectors.product_detail_queryset().prefetch_related(
            "certifications",
            Prefetch("channel_links", queryset=ProductChannel.objects.select_related("channel")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product, user = self.object, self.request.user
        channels = {}
        for link in sorted(product.channel_links.all(), key=lambda link: (link.channel.kind, link.channel.name)):
            channels.setdefault(link.channel.get_kind_display(), []).append(link)
        context.update(
            {
                "channels_by_kind": channels,
                "documents": list(selectors.product_documents(user, product)),
                "completeness": selectors.completeness(product),
                "can_upload": permissions.can_upload_documents(user, product.subject),
                "subject_url": _subject_url(product.subject_id),
                "evaluations": list(evaluations_for_product(user, product)),
                **product_history_context(user, product),
            }
        )
        return context


class ProductFormMixin(LoginRequiredMixin):
    template_name = "products/product_form.html"

    def render_form(self, form, certifications, channels, product=None):
        return render(
            self.request,
            self.template_name,
            {"form": form, "certifications": certifications, "channels": channels, "product": product},
        )

    def bound(self, product):
        data = self.request.POST if self.request.method == "POST" else None
        instance = product or Product()
        form = ProductForm(data, instance=product, user=self.request.user)
        certifications = CertificationFormSet(data, instance=instance, prefix="certifications")
        channels = ChannelFormSet(data, instance=instance, prefix="channels")
        return form, certifications, channels

    def save(self, form, certifications, channels, product=None):
        """Run the service; on a rule violation put its messages back on the form and return None."""
        if not (form.is_valid() and certifications.is_valid() and channels.is_valid()):
            return None
        data = {name: form.cleaned_data.get(name) for name in form._meta.fields}
        try:
            if product is None:
                return services.product_create(
                    actor=self.request.user,
                    data=data,
                    certifications=certifications.rows(),
                    channels=channels.rows(),
                )
            return services.product_update(
                actor=self.request.user,
                product=product,
                data=data,
                certifications=certifications.rows(),
                channels=channels.rows(),
                expected_version=form.expected_version,
            )
        except (VersionConflict, ValidationError) as exc:
            apply_service_error(form, exc)
            return None


# not generic: the form carries formsets (certifications, sales channels) that the one-form edit view cannot take
class ProductCreateView(OneTimeSubmitMixin, ProductFormMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            _require_change(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        initial = {}
        subject_pk = request.GET.get("subject", "")
        if subject_pk.isdigit():
            subject = Subject.objects.restrict(request.user, "change").filter(pk=subject_pk).first()
            if subject is not None:
                initial = {"subject": subject, "unit": subject.unit}
        form, certifications, channels = self.bound(None)
        form.initial.update(initial)
        return self.render_form(form, certifications, channels)

    def post(self, request):
        form, certifications, channels = self.bound(None)
        product = self.save(form, certifications, channels)
        if product is None:
            return self.render_form(form, certifications, channels)
        messages.success(request, _("Đã thêm sản phẩm “%(name)s”.") % {"name": product.name})
        return redirect("products:detail", pk=product.pk)


# not generic: the form carries formsets (certifications, sales channels) that the one-form edit view cannot take
class ProductUpdateView(ProductFormMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            _require_change(request.user)
            self.product = get_object_or_404(Product.objects.restrict(request.user, "change"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return self.render_form(*self.bound(self.product), product=self.product)

    def post(self, request, pk):
        form, certifications, channels = self.bound(self.product)
        product = self.save(form, certifications, channels, product=self.product)
        if product is None:
            return self.render_form(form, certifications, channels, product=self.product)
        messages.success(request, _("Đã lưu thay đổi của sản phẩm “%(name)s”.") % {"name": product.name})
        return redirect("products:detail", pk=product.pk)


class ProductDeleteView(ObjectDeleteView):
    """Confirmation (what goes with it), then the service deletes or refuses (in an evaluation or a decision)."""

    model = Product
    form_class = ConfirmDeleteForm
    template_name = "products/product_confirm_delete.html"
    context_object_name = "product"
    delete_service = staticmethod(services.product_delete)
    success_message = gettext_lazy("Đã xoá sản phẩm “%(object)s”.")

    def base_queryset(self):
        return Product.objects.select_related("subject")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            document_count=self.object.documents.count(),
            certification_count=self.object.certifications.count(),
        )
        return context


class ProductHistoryView(ObjectHistoryView):
    model = Product


# Dossier documents --------------------------------------------------------------------------------------------


class DocumentUploadMixin(LoginRequiredMixin):
    template_name = "products/document_form.html"

    def upload(self, form, *, subject, product=None):
        if not form.is_valid():
            return None
        try:
            return services.document_upload(
                actor=self.request.user,
                subject=subject,
                product=product,
                document_type=form.cleaned_data["document_type"],
                uploaded_file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                issued_on=form.cleaned_data["issued_on"],
                valid_until=form.cleaned_data["valid_until"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
            return None

    def uploaded_message(self, document):
        if document.is_subject_level:
            return _("Đã tải lên “%(title)s” vào hồ sơ chủ thể (dùng chung cho mọi sản phẩm của chủ thể).") % {
                "title": document.title
            }
        return _("Đã tải lên “%(title)s”.") % {"title": document.title}


# not generic: a file upload into a product's dossier, not an edit of the product
class ProductDocumentUploadView(OneTimeSubmitMixin, DocumentUploadMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            _require_change(request.user)
            self.product = get_object_or_404(
                Product.objects.restrict(request.user, "change").select_related("subject", "product_class"),
                pk=kwargs["pk"],
            )
            if not in_scope(request.user, self.product.subject, "change"):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def make_form(self):
        types, required = selectors.document_types_for_product(self.product)
        data = (self.request.POST, self.request.FILES) if self.request.method == "POST" else ()
        form = DocumentUploadForm(*data, document_types=types, required_ids=required, mark_shared=True)
        preset = self.request.GET.get("type", "")
        if preset.isdigit():
            form.initial["document_type"] = int(preset)
        return form

    def render_page(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "product": self.product,
                "subject": self.product.subject,
                "completeness": selectors.completeness(self.product),
                "max_mb": settings.OCOP_UPLOAD_MAX_MB,
            },
        )

    def get(self, request, pk):
        return self.render_page(self.make_form())

    def post(self, request, pk):
        form = self.make_form()
        document = self.upload(form, subject=self.product.subject, product=self.product)
        if document is None:
            return self.render_page(form)
        messages.success(request, self.uploaded_message(document))
        return redirect(reverse("products:detail", args=[self.product.pk]) + "#ho-so")


# not generic: a file upload into a subject's dossier, not an edit of the subject
class SubjectDocumentUploadView(OneTimeSubmitMixin, DocumentUploadMixin, View):
    """Subject-level documents (product empty): listed here and reusable by every product of the subject."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            _require_change(request.user)
            self.subject = get_object_or_404(Subject.objects.restrict(request.user, "change"), pk=kwargs["subject_pk"])
        return super().dispatch(request, *args, **kwargs)

    def make_form(self):
        data = (self.request.POST, self.request.FILES) if self.request.method == "POST" else ()
        return DocumentUploadForm(*data, document_types=selectors.document_types_for_subject())

    def render_page(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "subject": self.subject,
                "documents": selectors.subject_documents(self.request.user, self.subject),
                "subject_url": _subject_url(self.subject.pk),
                "max_mb": settings.OCOP_UPLOAD_MAX_MB,
            },
        )

    def get(self, request, subject_pk):
        return self.render_page(self.make_form())

    def post(self, request, subject_pk):
        form = self.make_form()
        document = self.upload(form, subject=self.subject)
        if document is None:
            return self.render_page(form)
        messages.success(request, self.uploaded_message(document))
        return redirect("products:subject_document_upload", subject_pk=self.subject.pk)


# not generic: a file download (also with an API token), not a page
class DocumentDownloadView(LoginRequiredMixin, View):
    """The only way to a stored file: the user must see the document's subject area, otherwise 404.

    API clients follow ``download_url`` with the same ``Authorization: Token ...`` header they use for the API.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated and request.headers.get("Authorization", "").startswith("Token "):
            try:
                result = ExpiringTokenAuthentication().authenticate(request)
            except AuthenticationFailed:
                result = None
            if result is not None:
                request.user = result[0]
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        if not role_allows(request.user, "view"):
            raise Http404
        document = get_object_or_404(Document.objects.restrict(request.user, "view"), pk=pk)
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404(_("Không tìm thấy tệp của hồ sơ này.")) from exc
        inline = request.GET.get("inline") == "1"
        response = FileResponse(handle, content_type=document.content_type)
        response["Content-Disposition"] = content_disposition(document.download_name, inline=inline)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        if document.content_type.startswith("image/"):
            # A sandboxed image document can run nothing; PDFs are left to the browser's own (sandboxed) viewer,
            # which refuses to load inside a CSP sandbox.
            response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
        return response


# not generic: one mark of a document (public product photo) set through its service, then back to the product
class DocumentPublicView(LoginRequiredMixin, View):
    """POST ``public=1`` shows a product photo on the product's public catalogue page; ``public=0`` withdraws it."""

    def post(self, request, pk):
        _require_change(request.user)
        document = get_object_or_404(
            Document.objects.restrict(request.user, "change").filter(product__isnull=False), pk=pk
        )
        form = DocumentPublicForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Yêu cầu không hợp lệ."))
            return redirect(reverse("products:detail", args=[document.product_id]) + "#ho-so")
        try:
            services.document_set_public(
                actor=request.user,
                document=document,
                public=form.cleaned_data["public"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if form.cleaned_data["public"]:
                message = _("Ảnh “%(title)s” đã được công khai trên trang của sản phẩm trong danh mục OCOP.")
            else:
                message = _("Ảnh “%(title)s” không còn công khai.")
            messages.success(request, message % {"title": document.title})
        return redirect(reverse("products:detail", args=[document.product_id]) + "#ho-so")


class DocumentDeleteView(ObjectDeleteView):
    model = Document
    form_class = ConfirmDeleteForm
    template_name = "products/document_confirm_delete.html"
    context_object_name = "document"
    delete_service = staticmethod(services.document_delete)
    success_message = gettext_lazy("Đã xoá hồ sơ “%(object)s”.")

    def base_queryset(self):
        return Document.objects.select_related("subject", "product", "document_type")

    def get_cancel_url(self):
        if self.object.product_id:
            return reverse("products:detail", args=[self.object.product_id]) + "#ho-so"
        return reverse("products:subject_document_upload", args=[self.object.subject_id])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["back_url"] = self.get_cancel_url()
        return context

    def get_success_url(self):
        return self.get_cancel_url()
