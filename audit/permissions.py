"""Who reads the change log (named predicates for ``audit`` views, API, selectors and models)."""

from accounts.permissions import can_read_audit, is_administrator

__all__ = ["can_read_audit", "sees_national_entries"]


def sees_national_entries(user):
    """Entries without an administrative unit (national reference data) are shown to administrators only."""
    return is_administrator(user)
