"""Reads of the producers app."""

from accounts.permissions import is_producer

_CACHE_ATTR = "_ocop_producer_subject"


def account_for(user):
    """The user's producer account (None for anyone else), cached on the user object for the request."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None and cached[0] == user.pk:
        return cached[1]
    from .models import ProducerAccount

    account = None
    if is_producer(user):
        account = ProducerAccount.objects.select_related("subject", "commune").filter(user_id=user.pk).first()
    setattr(user, _CACHE_ATTR, (user.pk, account))
    return account


def subject_for(user):
    """The subject a verified producer acts for, or None (one query, then cached on the user for the request)."""
    account = account_for(user)
    if account is None or not account.is_verified:
        return None
    return account.subject


def forget(user):
    """Drop the cached account (after a change of the account in the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
