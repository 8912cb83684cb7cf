"""The catalogue's filters: the search form's input turned into the one public selector's queryset."""

from .forms import CatalogueSearchForm
from .selectors import public_products


def catalogue_filter(data, *, with_lean=False):
    """(form, values queryset) for GET ``data`` (a QueryDict); bad input is ignored, never an error.
    ``with_lean``: (form, values queryset, the same products as a lean queryset for counts and the map)."""
    form = CatalogueSearchForm(data or None)
    kwargs = form.selector_kwargs() if form.is_bound else CatalogueSearchForm.selector_kwargs_default()
    if with_lean:
        return form, public_products(**kwargs), public_products(**kwargs, lean=True)
    return form, public_products(**kwargs)
