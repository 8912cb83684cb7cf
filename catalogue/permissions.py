"""Who may do what with the catalogue's office pages (the public pages need no login)."""

from decisions.models import Recognition


def can_download_qr(user, recognition):
    """An office account that may see the recognition (its area) may download its QR code for labels."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Recognition.objects.restrict(user, "view").filter(pk=recognition.pk).exists()
