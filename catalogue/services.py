"""Writes of the public catalogue: verification codes and producers' consent (each in one transaction)."""

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from audit.models import AuditAction
from audit.services import record_change
from decisions.models import DecisionStatus, Recognition
from ocop_portal.text import fold
from products.models import OcopStatus, Product

from .models import CatalogueEntry, ProducerConsent, PublicCode

MAX_CHAIN = 20


def root_recognition(recognition):
    """The first recognition of a chain of corrections (the one whose code the labels carry)."""
    seen = 0
    while recognition.corrects_id and seen < MAX_CHAIN:
        recognition = Recognition.objects.select_related("corrects").get(pk=recognition.corrects_id)
        seen += 1
    return recognition


def public_code_for(recognition):
    """The verification code of ``recognition`` (created on first use); a correction shares its original's code."""
    root = root_recognition(recognition)
    existing = PublicCode.objects.filter(recognition=root).first()
    if existing:
        return existing
    for _attempt in range(3):
        try:
            with transaction.atomic():
                code = PublicCode.objects.create(recognition=root)
                _refresh_products_of([root.pk])  # the product now shows in the catalogue
                return code
        except IntegrityError:  # a concurrent creation for the same recognition, or (never in practice) a code clash
            existing = PublicCode.objects.filter(recognition=root).first()
            if existing:
                return existing
    raise IntegrityError("could not create a public code")


BULK_BATCH = 2000


def _refresh_products_of(root_ids):
    """Refresh the catalogue rows of the products whose current recognition is one of ``root_ids`` or a
    correction of one (up to two corrections deep, as ``selectors.code_subquery`` follows)."""
    products = Product.objects.filter(
        Q(ocop_recognition_id__in=root_ids)
        | Q(ocop_recognition__corrects_id__in=root_ids)
        | Q(ocop_recognition__corrects__corrects_id__in=root_ids)
    )
    return catalogue_entries_refresh(products.values_list("pk", flat=True))


def ensure_public_codes():
    """Codes for every product's current recognition that has none yet (the periodic task). Returns how many.

    Recognitions that correct none are their own root: their codes are made in bulk (a national first run is
    tens of thousands); the few corrections go through ``public_code_for`` (their code is their original's)."""
    created = 0
    recognitions = Recognition.objects.filter(
        pk__in=Product.objects.exclude(ocop_recognition=None).values("ocop_recognition")
    ).filter(public_code__isnull=True)
    roots = list(recognitions.filter(corrects__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(roots), BULK_BATCH):
        batch = [PublicCode(recognition_id=pk) for pk in roots[start : start + BULK_BATCH]]
        # A concurrent run may have made some of them: those rows are skipped, the others are kept.
        with transaction.atomic():
            PublicCode.objects.bulk_create(batch, ignore_conflicts=True)
            _refresh_products_of(roots[start : start + BULK_BATCH])
        created += len(batch)
    for recognition in recognitions.filter(corrects__isnull=False).only("pk", "corrects_id").iterator():
        root = root_recognition(recognition)
        if not PublicCode.objects.filter(recognition=root).exists():
            public_code_for(root)
            created += 1
    return created


def consent_set(*, actor, subject, publish_contact, on=None):
    """Record whether ``subject`` agreed to publish its contact details (audited)."""
    with transaction.atomic():
        consent = ProducerConsent.objects.select_for_update().filter(subject=subject).first()
        before = {"publish_contact": consent.publish_contact} if consent else None
        if consent is None:
            consent = ProducerConsent(subject=subject)
        consent.publish_contact = bool(publish_contact)
        consent.recorded_on = on or timezone.localdate()
        consent.recorded_by = actor
        consent.save()
        catalogue_entries_refresh(Product.objects.filter(subject=subject).values_list("pk", flat=True))
        record_change(
            actor=actor,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            instance=consent,
            before=before,
            after={"publish_contact": consent.publish_contact},
        )
    return consent


# --- the catalogue's read table ------------------------------------------------------------------------------

ENTRY_FIELDS = (
    "recognition_id",
    "code",
    "name",
    "producer",
    "stars",
    "ocop_status",
    "valid_until",
    "revoked_on",
    "group_code",
    "unit_id",
    "unit_path",
    "commune_name",
    "search_text",
    "group_name",
    "commune",
    "commune_code",
    "province",
    "decision_number",
    "decision_date",
    "decision_authority",
    "revocation_decision_number",
    "revocation_decision_date",
    "revocation_ground",
    "contact_published",
)
ENTRY_BATCH = 2000
ENTRY_FIELDS_DB = ["unit" if field == "unit_id" else field for field in ENTRY_FIELDS]  # model field names


def _wanted_entries(products):
    """{product id: CatalogueEntry} the catalogue should hold for ``products``: each product whose current
    recognition's decision is issued and has a verification code (on it or on the original it corrects). Three
    queries: the products with their published values, their provinces' names, the revoked ones' revocations."""
    from .selectors import code_subquery, province_names, revocations_of, unit_label

    rows = list(
        products.filter(ocop_recognition__isnull=False, ocop_recognition__decision__status=DecisionStatus.ISSUED)
        .annotate(public_code=code_subquery())
        .exclude(public_code=None)
        .order_by()
        .values(
            "pk",
            "ocop_recognition_id",
            "public_code",
            "name",
            "subject__name",
            "ocop_recognition__stars",
            "ocop_status",
            "ocop_valid_until",
            "ocop_revoked_on",
            "product_class__category_148__code",
            "product_class__category_148__name",
            "unit_id",
            "unit__path",
            "unit__name",
            "unit__unit_type",
            "unit__code",
            "ocop_recognition__decision__number_display",
            "ocop_recognition__decision__date",
            "ocop_recognition__decision__authority__name",
            "subject__public_consent__publish_contact",
        )
    )
    provinces = province_names({row["unit__path"] for row in rows}) if rows else {}
    revoked = [row["ocop_recognition_id"] for row in rows if row["ocop_status"] == OcopStatus.REVOKED]
    revocations = revocations_of(revoked) if revoked else {}
    wanted = {}
    for row in rows:
        revocation = revocations.get(row["ocop_recognition_id"])
        name, producer = row["name"], row["subject__name"] or ""
        wanted[row["pk"]] = CatalogueEntry(
            product_id=row["pk"],
            recognition_id=row["ocop_recognition_id"],
            code=row["public_code"],
            name=name,
            producer=producer,
            stars=row["ocop_recognition__stars"],
            ocop_status=row["ocop_status"],
            valid_until=row["ocop_valid_until"],
            revoked_on=row["ocop_revoked_on"],
            group_code=row["product_class__category_148__code"] or "",
            unit_id=row["unit_id"],
            unit_path=row["unit__path"] or "",
            commune_name=row["unit__name"] or "",
            # Only published names: never the producer's tax code, registration or representative.
            search_text=f"{fold(name)} {fold(producer)}".strip(),
            group_name=row["product_class__category_148__name"] or "",
            commune=unit_label(row["unit__unit_type"], row["unit__name"]),
            commune_code=row["unit__code"] or "",
            province=provinces.get(row["unit__path"], ""),
            decision_number=row["ocop_recognition__decision__number_display"] or "",
            decision_date=row["ocop_recognition__decision__date"],
            decision_authority=row["ocop_recognition__decision__authority__name"] or "",
            revocation_decision_number=revocation.decision.number_display if revocation else "",
            revocation_decision_date=revocation.decision.date if revocation else None,
            revocation_ground=revocation.ground if revocation else "",
            contact_published=bool(row["subject__public_consent__publish_contact"]),
        )
    return wanted


def _entry_key(entry):
    return tuple(getattr(entry, field) for field in ENTRY_FIELDS)


def _sync_entries(products, entries):
    """Make ``entries`` (CatalogueEntry queryset) equal to what ``products`` give: read both (two queries), then
    delete the rows that left and upsert the new or changed ones (one statement each per batch of 2.000).
    Returns how many rows were written or removed."""
    with transaction.atomic():
        wanted = _wanted_entries(products)
        present = {entry.product_id: entry for entry in entries.only("product_id", *ENTRY_FIELDS)}
        gone = [pk for pk in present if pk not in wanted]
        new = [
            entry for pk, entry in wanted.items() if pk not in present or _entry_key(present[pk]) != _entry_key(entry)
        ]
        for start in range(0, len(gone), ENTRY_BATCH):
            CatalogueEntry.objects.filter(product_id__in=gone[start : start + ENTRY_BATCH]).delete()
        # An upsert: a concurrent writer that inserted the same product's row first is overwritten, not an error
        # in the caller's transaction (the later writer read the later values).
        CatalogueEntry.objects.bulk_create(
            new, batch_size=ENTRY_BATCH, update_conflicts=True, unique_fields=["product"], update_fields=ENTRY_FIELDS_DB
        )
    return len(gone) + len(new)


def catalogue_entries_refresh(product_ids):
    """Bring the public catalogue's read rows of these products in step with the products (their stored OCOP
    status, name, producer, place, group, code). Set-based: a few statements for any number of ids. Called by
    ``decisions.services.product_status_refresh`` in the same transaction, by the product/subject save receivers
    (``catalogue.signals``) and when a verification code is made. Returns how many rows changed."""
    ids = sorted({int(pk) for pk in product_ids if pk is not None})
    if not ids:
        return 0
    changed = 0
    for start in range(0, len(ids), ENTRY_BATCH):
        batch = ids[start : start + ENTRY_BATCH]
        changed += _sync_entries(
            Product.objects.filter(pk__in=batch), CatalogueEntry.objects.filter(product_id__in=batch)
        )
    return changed


ANALYZE_AFTER = 1000  # rows changed by a rebuild after which PostgreSQL's planner statistics are refreshed


def catalogue_rebuild():
    """The whole catalogue table from the products (``manage.py catalogue_rebuild``, the periodic task): only the
    rows that differ are written. Returns how many rows changed. After a large change (a first fill) the table's
    planner statistics are refreshed on PostgreSQL, so the list's plans use its indexes at once."""
    changed = _sync_entries(Product.objects.all(), CatalogueEntry.objects.all())
    if changed >= ANALYZE_AFTER and connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {CatalogueEntry._meta.db_table}")
    return changed
