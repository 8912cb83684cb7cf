"""Proposed changes to ``decisions/selectors.py`` and ``programme/indicators.py`` (owned by other apps), applied
IN THE BENCHMARK PROCESS ONLY when ``bench/run.py --with-proposed-patches`` is given, to measure what they would
change. The same changes as a diff: ``bench/proposed-patches.diff``. Results are identical (checked on the
generated datasets: the report figures' JSON is byte-for-byte the same); only the SQL shape changes:

1. ``decisions.selectors._revocations_of``: ``recognition_id = X OR recognition__corrected_by = X`` joins every
   revocation to every recognition for each row (PostgreSQL cannot use an index across the OR of two joined
   tables). Written as ``recognition_id = X OR recognition_id = (SELECT corrects_id FROM recognition WHERE id = X)``
   both arms are index lookups on ``decisions_revocation.recognition_id``.
2. ``decisions.selectors._latest_q``: "this row is its product's latest recognition" as ``pk = (SELECT ... ORDER BY
   ... LIMIT 1)`` makes PostgreSQL estimate ONE matching row, so it nests loops over full scans of products, units
   and decisions (20 000 valid products x 50 000 products nationally). As ``NOT EXISTS (a later effective
   recognition of the same product)`` (same order: valid_from, decision date, id) it is an anti-join the planner
   estimates correctly.
3. ``programme.indicators.ocop_product_ids``: the products "in force" on a day through ``in_force_on`` (the anti-join
   above) instead of filtering every product of the area on a CASE over four correlated subqueries.
"""

from django.db.models import Exists, OuterRef, Q, Subquery


def apply():
    from decisions import selectors
    from decisions.models import DecisionStatus, Recognition, Revocation
    from programme import indicators

    def _revocations_of(recognition_ref, on):
        inner = OuterRef(recognition_ref) if isinstance(recognition_ref, OuterRef) else recognition_ref
        corrected = Recognition.objects.filter(pk=inner).values("corrects_id")[:1]
        return Revocation.objects.filter(decision__status=DecisionStatus.ISSUED, decision__date__lte=on).filter(
            Q(recognition_id=recognition_ref) | Q(recognition_id=Subquery(corrected))
        )

    def _latest_q(on):
        later = (
            selectors._effective_recognitions(on)
            .filter(product_id=OuterRef("product_id"))
            .filter(
                Q(valid_from__gt=OuterRef("valid_from"))
                | Q(valid_from=OuterRef("valid_from"), decision__date__gt=OuterRef("decision__date"))
                | Q(valid_from=OuterRef("valid_from"), decision__date=OuterRef("decision__date"), pk__gt=OuterRef("pk"))
            )
        )
        return ~Exists(later)

    def ocop_product_ids(ctx, day):
        return selectors.in_force_on(Recognition.objects.filter(ctx.area("product__unit")), day).values("product_id")

    selectors._revocations_of = _revocations_of
    selectors._latest_q = _latest_q
    indicators.ocop_product_ids = ocop_product_ids
