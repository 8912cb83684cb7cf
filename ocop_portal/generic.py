"""Generic scoped object views (NetBox's ``views/generic/object_views.py``): detail, create/edit, delete, history.

A page over one record is a declaration; the layer applies the scoping, never the subclass:

* ``ObjectDetailView`` — the object from ``Model.objects.restrict(user, "view")`` (another area's: 404); the
  context carries ``can_edit`` (the ``edit_permission`` predicate), ``can_read_audit`` and ``history_url``.
* ``ObjectEditView`` — create (no ``pk`` in the URL) and edit with one class: ``form_class``, ``create_service``
  and ``update_service`` (services: ``actor=``, ``data=``, the instance under ``service_instance_kwarg``,
  ``reason=`` and ``expected_version=`` when the service accepts them). The view never saves the model: service
  errors go through ``ocop_portal.errors.apply_service_error`` (a ``VersionConflict`` keeps the user's input and
  marks what changed, ``ocop_portal.concurrency``); a create is guarded by ``create_permission`` and is a one-time
  submission (``ocop_portal.submission``); the edit finds the object through ``restrict(user, "change")``.
* ``ObjectDeleteView`` — GET: a confirmation page with what will be deleted with it and what still refers to it;
  POST: ``delete_service``; a refusal (``ServiceError`` such as ``SubjectInUse``, ``ProtectedError``) is shown as
  a message and nothing is deleted. Found through ``restrict(user, "change")``.
* ``ObjectHistoryView`` — the object (``restrict(user, "view")``) and its audit entries
  (``audit.selectors.history_for``, i.e. ``AuditEntry.objects.restrict(user, "audit")``).
* ``ObjectActionView`` — a workflow step on one record (issue, approve, start scoring, add an item ...): the
  record from ``restrict(user, scope_action)`` narrowed by ``filters`` (a record in another state: 404), the
  ``permission`` predicate (user, obj) (else 403); GET: a confirmation page (``generic/confirm_action.html``:
  ``title``, ``text``, the form, "cancel" back to the record) or a small ``form_class`` (none by default; a
  required reason with ``reason_required``); POST: ONE ``service`` call with ``actor=``, the record, the form's
  data and ``get_service_kwargs()``. A refusal keeps the form's input and shows the error (``flash_errors``: as a
  message on the record's page, for steps posted from that page); success: ``success_message`` (``%(object)s``,
  ``%(result)s`` = what the service returned) and a redirect to the record's page (``get_success_url`` may use
  ``self.result``, e.g. a new draft). ``one_time_submission`` for a step that creates something.

Example (a whole registry's object pages)::

    class SubjectDetailView(ObjectDetailView):
        model = Subject
        template_name = "subjects/subject_detail.html"
        edit_permission = staticmethod(can_edit_registry)
        history_url_name = "subjects:history"

    class SubjectEditView(ObjectEditView):
        model = Subject
        form_class = SubjectForm
        create_service = staticmethod(services.subject_create)
        update_service = staticmethod(services.subject_update)
        create_permission = staticmethod(can_edit_registry)

    class PlanApproveView(ObjectActionView):  # a workflow step
        model = Plan
        filters = {"status": PlanStatus.DRAFT}
        permission = staticmethod(can_edit_plan)
        service = staticmethod(services.plan_approve)
        title = _("Ghi nhận kế hoạch đã được phê duyệt")
        success_message = _("Đã ghi nhận “%(object)s” được phê duyệt.")
"""

import inspect

from django import forms
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import router
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin, SingleObjectTemplateResponseMixin
from django.views.generic.edit import FormMixin, ModelFormMixin, ProcessFormView

from accounts.permissions import can_read_audit

from .concurrency import VersionConflict
from .errors import ServiceError, apply_service_error, flash_service_error
from .submission import OneTimeSubmitMixin
from .views import ScopedMixin

# What a service may refuse with on a form (PermissionDenied is left to Django: 403).
SERVICE_ERRORS = (ValidationError, VersionConflict, ServiceError, ProtectedError, RestrictedError)


def _call_service(service, **kwargs):
    """Call ``service`` with the keyword arguments it accepts (not every service takes a reason or a version)."""
    parameters = inspect.signature(service).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return service(**kwargs)
    return service(**{key: value for key, value in kwargs.items() if key in parameters})


def _group(objects, *, sample=5):
    groups = {}
    for obj in objects:
        groups.setdefault(str(type(obj)._meta.verbose_name_plural), []).append(str(obj))
    rows = [(label, len(names), sorted(names)[:sample]) for label, names in groups.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def delete_preview(obj):
    """(blockers, cascade) for deleting ``obj``, nothing deleted: the records that still refer to it (a delete
    would be refused) and the records deleted with it, each as [(kind, count, [first names])]."""
    collector = Collector(using=router.db_for_write(type(obj), instance=obj))
    try:
        collector.collect([obj])
    except ProtectedError as exc:
        return _group(exc.protected_objects), []
    except RestrictedError as exc:
        return _group(exc.restricted_objects), []
    cascade = [item for instances in collector.data.values() for item in instances if item != obj]
    for qs in collector.fast_deletes:
        cascade.extend(qs[:50])
    return [], _group(cascade)


def detail_route(view):
    return view.detail_url_name or f"{view.request.resolver_match.namespace}:detail"


class DeleteReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do xoá"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ghi vào nhật ký thay đổi."),
    )


class ServiceInstanceMixin:
    """How the services name the record: ``subject=``, ``plan=``, ``line=`` ... (default: the model's name)."""

    service_instance_kwarg = None

    def get_service_instance_kwarg(self):
        return self.service_instance_kwarg or self.model._meta.model_name


class ObjectDetailView(ScopedMixin, DetailView):
    """One record of the user's area (``restrict(user, "view")``; another area's: 404) with permission flags."""

    edit_permission = None  # predicate(user, obj): may change this record (shows the edit/delete buttons)
    history_url_name = None  # the app's ObjectHistoryView route

    def get_permission_flags(self):
        user, obj = self.request.user, self.object
        readable = can_read_audit(user)
        return {
            "can_edit": bool(self.edit_permission and self.edit_permission(user, obj)),
            "can_read_audit": readable,
            "history_url": reverse(self.history_url_name, args=[obj.pk]) if readable and self.history_url_name else "",
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.get_permission_flags())
        return context


class ObjectEditView(OneTimeSubmitMixin, ScopedMixin, ServiceInstanceMixin, SingleObjectTemplateResponseMixin,
                     ModelFormMixin, ProcessFormView):  # fmt: skip
    """Create (URL without ``pk``) and edit (``restrict(user, "change")``) through the app's services."""

    scope_action = "change"
    template_name_suffix = "_form"
    create_service = None
    update_service = None
    create_permission = None  # predicate(user): may create at all (the area is checked by the service)
    form_user_kwarg = True  # the app's forms take ``user=`` (choices limited to the user's area)
    success_message_create = _("Đã thêm “%(object)s”.")
    success_message_update = _("Đã lưu thay đổi của “%(object)s”.")
    success_url_name = None  # default: the object's detail route (``detail_url_name``)
    detail_url_name = None  # default: ``<app>:detail``

    @property
    def is_create(self):
        return self.pk_url_kwarg not in self.kwargs and self.slug_url_kwarg not in self.kwargs

    def dispatch(self, request, *args, **kwargs):
        if self.is_create:
            return super().dispatch(request, *args, **kwargs)  # one-time submission token
        return super(OneTimeSubmitMixin, self).dispatch(request, *args, **kwargs)

    def load_object(self):
        if self.is_create:
            if self.create_permission is None or not self.create_permission(self.request.user):
                raise PermissionDenied
            return None
        return self.get_object()

    def get(self, request, *args, **kwargs):
        self.object = self.load_object()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.object = self.load_object()
        form = self.get_form()
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.form_user_kwarg:
            kwargs["user"] = self.request.user
        return kwargs

    def get_service_data(self, form):
        return {key: value for key, value in form.cleaned_data.items() if key != "reason"}

    def get_service_kwargs(self):
        """Extra keyword arguments for the services (e.g. ``plan=`` of a record created under a plan)."""
        return {}

    def perform_create(self, form):
        if self.create_service is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a create_service")
        return _call_service(
            type(self).create_service,
            actor=self.request.user,
            data=self.get_service_data(form),
            reason=form.cleaned_data.get("reason", ""),
            **self.get_service_kwargs(),
        )

    def perform_update(self, form):
        if self.update_service is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs an update_service")
        return _call_service(
            type(self).update_service,
            actor=self.request.user,
            data=self.get_service_data(form),
            reason=form.cleaned_data.get("reason", ""),
            expected_version=getattr(form, "expected_version", None),
            **{self.get_service_instance_kwarg(): self.object, **self.get_service_kwargs()},
        )

    def after_save(self, obj, created):
        """Hook for extra messages (e.g. possible duplicates)."""

    def form_valid(self, form):
        created = self.is_create
        try:
            obj = self.perform_create(form) if created else self.perform_update(form)
        except SERVICE_ERRORS as exc:
            apply_service_error(form, exc)
            return self.form_invalid(form)
        self.object = obj
        message = self.success_message_create if created else self.success_message_update
        if message:
            messages.success(self.request, message % {"object": obj})
        self.after_save(obj, created)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return reverse(self.success_url_name or detail_route(self), args=[self.object.pk])


class ObjectDeleteView(ScopedMixin, ServiceInstanceMixin, SingleObjectTemplateResponseMixin, SingleObjectMixin,
                       FormMixin, ProcessFormView):  # fmt: skip
    """GET: confirmation (what goes with it, what still refers to it); POST: ``delete_service``."""

    scope_action = "change"
    template_name = "generic/confirm_delete.html"
    form_class = DeleteReasonForm  # a form with an optional ``reason``
    delete_service = None
    success_message = _("Đã xoá “%(object)s”.")
    success_url_name = None  # default: ``<app>:list``
    detail_url_name = None  # where "cancel" and a refusal lead; default: ``<app>:detail``

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_blockers_and_cascade(self):
        return delete_preview(self.object)

    def get_cancel_url(self):
        return reverse(detail_route(self), args=[self.object.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        blockers, cascade = self.get_blockers_and_cascade()
        context.update(
            blockers=blockers,
            cascade=cascade,
            cancel_url=self.get_cancel_url(),
            object_kind=self.model._meta.verbose_name,
        )
        return context

    def form_valid(self, form):
        if self.delete_service is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a delete_service")
        try:
            _call_service(
                type(self).delete_service,
                actor=self.request.user,
                reason=form.cleaned_data.get("reason", ""),
                **{self.get_service_instance_kwarg(): self.object},
            )
        except SERVICE_ERRORS as exc:
            flash_service_error(self.request, exc)  # "still referenced": nothing deleted, the message lists it
            return HttpResponseRedirect(self.get_cancel_url())
        if self.success_message:
            messages.success(self.request, self.success_message % {"object": self.object})
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return reverse(self.success_url_name or f"{self.request.resolver_match.namespace}:list")


class ObjectHistoryView(ScopedMixin, DetailView):
    """The record (``restrict(user, "view")``) and its audit entries the user may read (``restrict(user, "audit")``)."""

    template_name = "generic/history.html"
    paginate_by = 50
    detail_url_name = None  # default: ``<app>:detail``

    def get(self, request, *args, **kwargs):
        if not can_read_audit(request.user):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from audit.selectors import history_for

        context = super().get_context_data(**kwargs)
        entries = history_for(self.request.user, self.model, self.object.pk)
        paginator = Paginator(entries, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            entries=page.object_list,
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            object_kind=self.model._meta.verbose_name,
            detail_url=reverse(detail_route(self), args=[self.object.pk]),
        )
        return context


class ActionReasonForm(forms.Form):
    """The reason of a workflow step (``ObjectActionView.reason_required``), kept in the audit log."""

    reason = forms.CharField(label=_("Lý do"), required=True, widget=forms.Textarea(attrs={"rows": 2}))


class ObjectActionView(OneTimeSubmitMixin, ScopedMixin, ServiceInstanceMixin, SingleObjectTemplateResponseMixin,
                       SingleObjectMixin, FormMixin, ProcessFormView):  # fmt: skip
    """A workflow step on one record: GET a confirmation (or a small form), POST one ``service`` call."""

    scope_action = "change"
    filters = {}  # the states the step applies to, e.g. {"status": "draft"} (any other record: 404)
    permission = None  # predicate(user, obj): may take this step on this record (else 403)
    service = None  # called with actor=, the record (service_instance_kwarg), the form's data, get_service_kwargs()
    form_class = None  # default: no input (a plain confirmation), or a required reason when ``reason_required``
    reason_required = False
    form_user_kwarg = False  # the form takes ``user=`` (choices limited to the user's area)
    one_time_submission = False  # the step creates something: a double submission creates it once
    flash_errors = False  # refusals as messages on the record's page (steps posted from that page)
    service_errors = (*SERVICE_ERRORS, PermissionDenied)  # what is shown to the user instead of an error page
    template_name = "generic/confirm_action.html"
    title = ""  # the page's heading (and the button's label unless ``submit_label``)
    text = ""  # what the step does, above the form
    submit_label = ""
    danger = False  # a destructive step (red button)
    success_message = None  # % {"object": the record, "result": the service's return value}
    success_url_name = None  # default: the record's detail route (``detail_url_name``, else ``<app>:detail``)
    detail_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if self.one_time_submission:
            return super().dispatch(request, *args, **kwargs)
        return super(OneTimeSubmitMixin, self).dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(**self.filters)

    def load_object(self):
        obj = self.get_object()
        if self.permission is not None and not type(self).permission(self.request.user, obj):
            raise PermissionDenied
        return obj

    def get(self, request, *args, **kwargs):
        self.object = self.load_object()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.object = self.load_object()
        form = self.get_form()
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def get_form_class(self):
        if self.form_class is not None:
            return self.form_class
        return ActionReasonForm if self.reason_required else forms.Form

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.form_user_kwarg:
            kwargs["user"] = self.request.user
        return kwargs

    def get_service_kwargs(self):
        """Extra keyword arguments for the service."""
        return {}

    def perform(self, form):
        if self.service is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a service")
        return _call_service(
            type(self).service,
            actor=self.request.user,
            **{self.get_service_instance_kwarg(): self.object, **form.cleaned_data, **self.get_service_kwargs()},
        )

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except self.service_errors as exc:
            return self.refused(form, exc)
        message = self.get_success_message()
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())

    def refused(self, form, exc):
        """The service refused: nothing was written; the form again with the error and the user's input (or, with
        ``flash_errors``, the error as a message on the record's page)."""
        if self.flash_errors:
            flash_service_error(self.request, exc)
            return HttpResponseRedirect(self.get_cancel_url())
        apply_service_error(form, exc)
        return self.form_invalid(form)

    def form_invalid(self, form):
        if self.flash_errors:
            self.flash_form_errors(form)
            return HttpResponseRedirect(self.get_cancel_url())
        return super().form_invalid(form)

    def flash_form_errors(self, form):
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(self.request, f"{label}: {error}" if label else error)

    def get_success_message(self):
        if not self.success_message:
            return ""
        return str(self.success_message) % {"object": self.object, "result": self.result}

    def get_cancel_url(self):
        return reverse(detail_route(self), args=[self.object.pk])

    def get_success_url(self):
        if self.success_url_name:
            return reverse(self.success_url_name, args=[self.object.pk])
        return self.get_cancel_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            text=self.text,
            submit_label=self.submit_label or self.title,
            danger=self.danger,
            cancel_url=self.get_cancel_url(),
        )
        return context
