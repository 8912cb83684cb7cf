"""One error adapter: what a service refuses, shown on a page and answered by the API.

Services raise ``django.core.exceptions.ValidationError`` (bad input, with field names when they know them),
``PermissionDenied`` (the role or area may not do it), ``ServiceError`` subclasses (a refusal that depends on the
record's state: a subject still referred to, a workflow move, a closed score sheet) or
``ocop_portal.concurrency.VersionConflict`` (someone saved in between). Nothing else translates them:

- pages: ``apply_service_error(form, exc)`` puts the errors on the form (a field's errors next to that field,
  everything else on top of the form); ``flash_service_error(request, exc)`` for actions without a form;
- API: ``api_exception_handler`` (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``) answers ValidationError with 400 in
  DRF's shape (``{"field": ["..."]}`` / ``{"non_field_errors": [...]}``), PermissionDenied with 403
  (``{"detail": "..."}``, the service's message kept), a ``ServiceError`` with its ``status_code`` (409 unless
  the subclass says otherwise), a ``VersionConflict`` with 409 and the changed fields, a ``ProtectedError`` (a
  delete blocked by references) with 409.

Viewsets and views call services WITHOUT try/except for these.
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from ocop_portal.concurrency import VersionConflict


class ServiceError(Exception):
    """A service refused an action because of the record's current state; ``message`` is for the user.

    ``status_code``: the API answer (409 Conflict by default); ``code``: a machine-readable code; ``field``: when
    set, the API answers ``{field: [message]}`` (the refusal is about that input) instead of ``{"detail": ...}``.
    """

    status_code = status.HTTP_409_CONFLICT
    code = "conflict"
    field = None

    @property
    def message(self):
        return str(self.args[0]) if self.args else ""

    def api_data(self):
        if self.field:
            return {self.field: [self.message]}
        return {"detail": self.message}


def protected_message(exc):
    """A delete refused by ``on_delete=PROTECT`` / ``RESTRICT``: which kinds of records still refer to it."""
    blockers = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or ()
    kinds = sorted({str(obj._meta.verbose_name) for obj in blockers})
    return _("Không thể xoá vì còn dữ liệu khác tham chiếu đến (%(kinds)s). Hãy xử lý các dữ liệu đó trước.") % {
        "kinds": ", ".join(kinds)
    }


def error_messages(exc):
    """The user-facing messages of a service error, as a list."""
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    if isinstance(exc, (ProtectedError, RestrictedError)):
        return [protected_message(exc)]
    if isinstance(exc, PermissionDenied):
        return [str(exc) or _("Bạn không có quyền thực hiện thao tác này.")]
    message = getattr(exc, "message", None) or str(exc)
    return [str(message)]


def error_message(exc):
    """The same, as one sentence (for a single message slot)."""
    return " ".join(error_messages(exc))


def apply_service_error(form, exc):
    """Show a service error on ``form``: a ValidationError's field errors next to the fields it names; unknown
    fields, non-field errors, a plain message list and any other refusal on top of the form. A
    ``VersionConflict`` keeps the user's input and marks the fields changed meanwhile."""
    if isinstance(exc, VersionConflict) and hasattr(form, "add_version_conflict"):
        form.add_version_conflict(exc)
        return form
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, field_messages in exc.message_dict.items():
            target = field if field != NON_FIELD_ERRORS and field in form.fields else None
            for message in field_messages:
                form.add_error(target, message)
        return form
    for message in error_messages(exc):
        form.add_error(None, message)
    return form


def flash_service_error(request, exc):
    """Show a service error as error messages on the next page (actions without a form)."""
    for message in error_messages(exc):
        messages.error(request, message)


class _Refused(exceptions.APIException):
    def __init__(self, status_code, detail, code):
        self.status_code = status_code
        super().__init__(detail=detail, code=code)


def api_exception_handler(exc, context):
    """``REST_FRAMEWORK["EXCEPTION_HANDLER"]``: the services' errors as API answers (see the module docstring)."""
    data = None
    if isinstance(exc, VersionConflict):
        data = exc.as_api_data()
        exc = _Refused(status.HTTP_409_CONFLICT, data["detail"], "version_conflict")
    elif isinstance(exc, ServiceError):
        data = exc.api_data()
        exc = _Refused(exc.status_code, exc.message, exc.code)
    elif isinstance(exc, (ProtectedError, RestrictedError)):
        exc = _Refused(status.HTTP_409_CONFLICT, protected_message(exc), "protected")
    elif isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or _("Bạn không có quyền thực hiện thao tác này."))
    response = drf_exception_handler(exc, context)
    if response is not None and data is not None:
        response.data = data
    return response
