"""The catalogue's filters: the search form's input turned into the one public selector's queryset."""

from .forms import CatalogueSearchForm
from .selectors import ordered_rows, public_products


def catalogue_filter(data, *, with_lean=False, lean_only=False):
    """(form, values queryset) for GET ``data`` (a QueryDict); bad input is ignored, never an error.
    ``with_lean``: (form, values queryset, the same products as a lean queryset for counts and the map);
    ``lean_only``: (form, lean queryset)."""
    form = CatalogueSearchForm(data or None)
    kwargs = form.selector_kwargs() if form.is_bound else CatalogueSearchForm.selector_kwargs_default()
    if lean_only:
        return form, public_products(**kwargs, lean=True)
    if with_lean:  # the filters built once (a province's paths, a commune's units): its rows, and its lean queryset
        lean = public_products(**kwargs, lean=True)
        return form, ordered_rows(lean, kwargs.get("ordering", "name")), lean
    return form, public_products(**kwargs)
