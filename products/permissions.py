"""Who may do what with products and dossier documents (named predicates for views, API, templates and
``products.services``), built on ``accounts.permissions`` and ``accounts.scoping``."""

from accounts.permissions import can_edit_registry, can_view_registry, role_allows
from accounts.scoping import in_scope

__all__ = ["can_change_products", "can_edit_registry", "can_upload_documents", "can_view_registry"]


def can_change_products(user):
    """Create products and documents at all (the area is checked on the record)."""
    return role_allows(user, "change")


def can_upload_documents(user, subject):
    """Add a document to the dossier of ``subject`` (or of one of its products)."""
    return can_change_products(user) and in_scope(user, subject, "change")
