"""Query helpers shared by the apps' selectors."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count_of(queryset, fk):
    """How many rows of ``queryset`` point at the outer row through ``fk``, as a correlated subquery (0 when none).

    For list pages: PostgreSQL computes it for the rows of the page only, where ``annotate(Count(...))`` joins and
    groups every row of the area before the first page is known (and again for the paginator's count)."""
    counted = queryset.filter(**{fk: OuterRef("pk")}).order_by().values(fk).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), Value(0), output_field=IntegerField())
