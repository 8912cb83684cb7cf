"""Who may do what with products and dossier documents (named predicates for views, API, templates and
``products.services``), built on ``accounts.permissions`` and ``accounts.scoping``.

A verified producer (chủ thể) may change its own subject's products and documents (``accounts.scoping`` decides
"own"); office roles change those of their area."""

from accounts.permissions import (
    can_change_record,
    can_edit_registry,
    can_view_registry,
    is_producer,
    is_verified_producer,
    role_allows,
)
from accounts.scoping import in_scope
from areas.models import ids_in_path, path_within

__all__ = [
    "can_change_document",
    "can_change_product",
    "can_change_products",
    "can_create_product",
    "can_edit_registry",
    "can_produce_in",
    "can_upload_documents",
    "can_view_registry",
]


def can_change_products(user):
    """Create products and documents at all (the area is checked on the record)."""
    return role_allows(user, "change")


def can_create_product(user):
    """Register a product at all: an office role with "change", or a verified producer (for its own subject; the
    service checks the subject and the place of production)."""
    return can_change_products(user) or is_verified_producer(user)


def can_change_product(user, product):
    """Change this product (and its certifications and channels): in the officer's area, or the producer's own."""
    return can_change_record(user, product)


def can_delete_product(user, product):
    """Delete a product: office roles only (a producer asks its commune)."""
    return can_edit_registry(user, product)


def can_upload_documents(user, subject):
    """Add a document to the dossier of ``subject`` (or of one of its products)."""
    return can_change_record(user, subject)


def can_change_document(user, document):
    """Replace, delete, publish a document: in the officer's area, or of the producer's own subject."""
    return can_change_record(user, document)


def _province_path(unit):
    ids = ids_in_path(unit.path)[:2]
    return "/" + "/".join(str(pk) for pk in ids) + "/" if len(ids) == 2 else ""


def can_produce_in(user, unit, subject=None):
    """Is ``unit`` a place of production the user may give a product: a unit of the officer's area; for a producer,
    a unit of its own subject's province."""
    if is_producer(user):
        if subject is None or not in_scope(user, subject, "change") or subject.unit_id is None:
            return False
        return path_within(unit.path, _province_path(subject.unit))
    return in_scope(user, unit, "change")
