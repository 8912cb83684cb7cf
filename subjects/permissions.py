"""Who may do what with chủ thể OCOP (named predicates for views, API, templates and ``subjects.services``), built on
``accounts.permissions`` and ``accounts.scoping``.

Office roles change the subjects of their area; a verified producer changes the profile of its own subject only
(``PRODUCER_EDITABLE_FIELDS``): its name, codes, legal form, unit and status are what the commune verified."""

from accounts.permissions import can_change_record, can_edit_registry, is_producer
from accounts.scoping import in_scope

__all__ = ["PRODUCER_EDITABLE_FIELDS", "can_change_subject", "can_create_subject", "can_place_subject_in"]

PRODUCER_EDITABLE_FIELDS = (
    "address",
    "representative_name",
    "representative_gender",
    "representative_ethnic_minority",
    "is_sme",
    "workforce_total",
    "workforce_local",
    "workforce_qualified",
    "phone",
    "email",
    "website",
)


def can_create_subject(user):
    """Register a subject: office roles with "change" (a producer's subject is created by the officer who verifies
    its account)."""
    return can_edit_registry(user)


def can_change_subject(user, subject):
    """Change this subject: in the officer's area, or the producer's own subject."""
    return can_change_record(user, subject)


def can_delete_subject(user, subject):
    return can_edit_registry(user, subject)


def may_set_subject_field(user, field):
    """May the user set ``field`` of a subject it may change? A producer: only ``PRODUCER_EDITABLE_FIELDS``."""
    return not is_producer(user) or field in PRODUCER_EDITABLE_FIELDS


def can_place_subject_in(user, unit, current_unit_id=None):
    """May the subject lie in ``unit``: a unit of the officer's area; for a producer, only where it already lies."""
    if is_producer(user):
        return current_unit_id is not None and unit.pk == current_unit_id
    return in_scope(user, unit, "change")
