"""Helpers shared by the programme pages."""

from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

from ocop_portal.concurrency import VersionConflict
from ocop_portal.errors import apply_service_error


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
        except (VersionConflict, ValidationError) as exc:
            apply_service_error(form, exc)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.success_url_for(obj))


def query_strings(request):
    """The list's query string without the page (for pagination) and without the sort (for sort links)."""
    params = request.GET.copy()
    params.pop("page", None)
    query_string = params.urlencode()
    params.pop("sort", None)
    return {"query_string": query_string, "query_string_without_sort": params.urlencode()}
