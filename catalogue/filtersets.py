"""The catalogue's filters: the search form's input turned into the one public selector's queryset."""

from .forms import CatalogueSearchForm
from .selectors import public_products


def catalogue_filter(data):
    """(form, values queryset) for GET ``data`` (a QueryDict); bad input is ignored, never an error."""
    form = CatalogueSearchForm(data or None)
    kwargs = form.selector_kwargs() if form.is_bound else CatalogueSearchForm.selector_kwargs_default()
    return form, public_products(**kwargs)
