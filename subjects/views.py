"""Pages for chủ thể OCOP: list, detail, create, edit, delete. Thin: forms shape the input, services write."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DeleteView, UpdateView

from accounts.permissions import can_edit_registry, can_read_audit
from ocop_portal.concurrency import VersionConflict
from ocop_portal.errors import apply_service_error, flash_service_error
from ocop_portal.views import OneTimeSubmitMixin, ScopedDetailView, ScopedListView, ScopedMixin

from . import selectors, services
from .filtersets import SubjectFilterSet
from .forms import SubjectDeleteForm, SubjectForm
from .models import Subject
from .tables import SubjectTable


def _warn_similar(request, subject):
    for warning in selectors.similar_subjects(user=request.user, subject=subject):
        messages.warning(request, _("Lưu ý, có thể trùng lặp: %(warning)s") % {"warning": warning})


class SubjectListView(ScopedListView):
    model = Subject
    template_name = "subjects/subject_list.html"
    context_object_name = "subjects"
    filterset_class = SubjectFilterSet
    table_class = SubjectTable
    default_ordering = ("name", "pk")

    def base_queryset(self):
        return selectors.with_list_data(Subject.objects.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = can_edit_registry(self.request.user)
        return context


class SubjectDetailView(ScopedDetailView):
    model = Subject
    template_name = "subjects/subject_detail.html"
    context_object_name = "subject"

    def base_queryset(self):
        return Subject.objects.select_related("unit__parent", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, subject = self.request.user, self.object
        can_edit = can_edit_registry(user, subject)
        context.update(
            products=selectors.subject_products(user=user, subject=subject),
            documents=selectors.subject_documents(user=user, subject=subject),
            can_edit=can_edit,
            can_read_audit=can_read_audit(user),
            similar=selectors.similar_subjects(user=user, subject=subject) if can_edit else [],
        )
        return context


class SubjectCreateView(OneTimeSubmitMixin, ScopedMixin, CreateView):
    model = Subject
    form_class = SubjectForm
    template_name = "subjects/subject_form.html"
    scope_action = "change"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_edit_registry(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        try:
            self.object = services.subject_create(actor=self.request.user, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã thêm chủ thể “%(name)s”.") % {"name": self.object.name})
        _warn_similar(self.request, self.object)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return reverse("subjects:detail", args=[self.object.pk])


class SubjectUpdateView(ScopedMixin, UpdateView):
    """Only subjects inside the user's area for "change" are found; another area's gives 404."""

    model = Subject
    form_class = SubjectForm
    template_name = "subjects/subject_form.html"
    scope_action = "change"

    def base_queryset(self):
        return Subject.objects.select_related("unit")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        try:
            self.object = services.subject_update(
                actor=self.request.user,
                subject=self.object,
                data=form.cleaned_data,
                expected_version=form.expected_version,
            )
        except (VersionConflict, ValidationError) as exc:
            apply_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã lưu thay đổi của “%(name)s”.") % {"name": self.object.name})
        _warn_similar(self.request, self.object)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return reverse("subjects:detail", args=[self.object.pk])


class SubjectDeleteView(ScopedMixin, DeleteView):
    """Confirmation page, then the service deletes or refuses with the list of records that refer to it."""

    model = Subject
    form_class = SubjectDeleteForm
    template_name = "subjects/subject_confirm_delete.html"
    context_object_name = "subject"
    scope_action = "change"

    def base_queryset(self):
        return Subject.objects.select_related("unit__parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["blockers"] = selectors.delete_blockers(self.object)
        return context

    def form_valid(self, form):
        try:
            services.subject_delete(
                actor=self.request.user, subject=self.object, reason=form.cleaned_data.get("reason", "")
            )
        except services.SubjectInUse as exc:
            flash_service_error(self.request, exc)
            return HttpResponseRedirect(reverse("subjects:detail", args=[self.object.pk]))
        messages.success(self.request, _("Đã xoá chủ thể “%(name)s”.") % {"name": self.object.name})
        return HttpResponseRedirect(reverse("subjects:list"))
