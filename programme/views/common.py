"""Helpers shared by the programme pages."""


def query_strings(request):
    """The list's query string without the page (for pagination) and without the sort (for sort links)."""
    params = request.GET.copy()
    params.pop("page", None)
    query_string = params.urlencode()
    params.pop("sort", None)
    return {"query_string": query_string, "query_string_without_sort": params.urlencode()}
