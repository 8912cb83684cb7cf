"""Who may do what with the catalogue's office pages (the public pages need no login)."""

from decisions.models import Recognition


def can_download_qr(user, recognition):
    """An office account that may see the recognition (its area) may download its QR code for labels."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Recognition.objects.restrict(user, "view").filter(pk=recognition.pk).exists()


def can_record_consent(user, subject):
    """Whoever may change the producer's record (its area) records its consent to publish contact details."""
    from subjects.models import Subject

    if not getattr(user, "is_authenticated", False):
        return False
    return Subject.objects.restrict(user, "change").filter(pk=subject.pk).exists()
