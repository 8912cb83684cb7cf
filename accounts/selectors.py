"""Reads about accounts: the accounts of abolished units waiting for an administrator (issue #14, item 4)."""

from django.utils import timezone

from areas.selectors import proposed_successor

from .models import User


def ended_unit_accounts(user, day=None):
    """The active accounts of ``user``'s area whose unit ended before ``day`` (today by default): read-only until
    reassigned (``accounts.permissions.unit_ended``). Each carries ``proposed_unit`` (the unit's default successor,
    ``areas.selectors.proposed_successor``; None when the official conversion has none)."""
    day = day or timezone.localdate()
    accounts = list(
        User.objects.restrict(user, "manage_users")
        .filter(is_active=True, unit__valid_to__lt=day)
        .select_related("unit", "unit__parent")
        .order_by("unit__path", "username")
    )
    proposals = {}
    for account in accounts:
        if account.unit_id not in proposals:
            proposals[account.unit_id] = proposed_successor(account.unit)
        account.proposed_unit = proposals[account.unit_id]
    return accounts
