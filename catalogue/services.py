"""Writes of the public catalogue: verification codes and producers' consent (each in one transaction)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditAction
from audit.services import record_change
from decisions.models import Recognition
from products.models import Product

from .models import ProducerConsent, PublicCode

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
                return PublicCode.objects.create(recognition=root)
        except IntegrityError:  # a concurrent creation for the same recognition, or (never in practice) a code clash
            existing = PublicCode.objects.filter(recognition=root).first()
            if existing:
                return existing
    raise IntegrityError("could not create a public code")


BULK_BATCH = 2000


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
        PublicCode.objects.bulk_create(batch, ignore_conflicts=True)
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
        record_change(
            actor=actor,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            instance=consent,
            before=before,
            after={"publish_contact": consent.publish_contact},
        )
    return consent


def catalogue_entries_refresh(product_ids):
    """Bring the public catalogue's read rows of these products in step with their stored OCOP status. Called by
    ``decisions.services.product_status_refresh`` in the same transaction (issue #17: the catalogue list reads
    one narrow table). Until that table exists the catalogue reads the products directly and there is nothing
    to refresh."""
    return None
