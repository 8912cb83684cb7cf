"""Helpers shared by the programme pages."""

from django.core.exceptions import ValidationError
from django.forms.forms import NON_FIELD_ERRORS
from django.http import HttpResponseRedirect

from ocop_portal.concurrency import VersionConflict


def add_service_errors(form, exc):
    """Put a service's ValidationError next to the form fields it names (elsewhere: on top of the form)."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    for field, messages_ in errors.items():
        target = field if field in form.fields else None
        for message in messages_:
            form.add_error(target, message)


class ServiceFormMixin:
    """``form_valid`` calls ``perform(form)`` (a service); its ValidationError is shown on the form, and so is a
    ``VersionConflict`` (someone saved since the form was opened: the user's input is kept)."""

    def perform(self, form):
        raise NotImplementedError

    def success_url_for(self, obj):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            obj = self.perform(form)
        except VersionConflict as exc:
            form.add_version_conflict(exc)
            return self.form_invalid(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.success_url_for(obj))


def query_strings(request):
    """The list's query string without the page (for pagination) and without the sort (for sort links)."""
    params = request.GET.copy()
    params.pop("page", None)
    query_string = params.urlencode()
    params.pop("sort", None)
    return {"query_string": query_string, "query_string_without_sort": params.urlencode()}
