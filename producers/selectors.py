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


def accounts_for_subject(subject):
    """The verified accounts acting for ``subject`` (the producer's page lists who acts for it)."""
    from .models import ProducerAccount, ProducerAccountStatus

    return (
        ProducerAccount.objects.filter(subject=subject, status=ProducerAccountStatus.VERIFIED)
        .select_related("user")
        .order_by("verified_at", "pk")
    )


def account_list(*, user, action="view"):
    """The producer accounts registered in the officer's area, pending first, with what a row shows."""
    from .models import ProducerAccount

    return ProducerAccount.objects.restrict(user, action).select_related("user", "commune__parent", "subject")


def candidate_subjects(*, user, account, limit=10):
    """The subjects of the officer's area the account may be the same producer as: the same business registration
    number or tax code (ignoring spaces, case and "-"), or a name starting with the typed name (without diacritics).
    The area, not only the account's commune: a subject entered before 01/07/2025 sits on a commune the new one
    replaced."""
    from django.db.models import Q, Value
    from django.db.models.functions import Replace

    from ocop_portal.text import fold
    from subjects.models import Subject
    from subjects.services import normalize_code

    codes = {normalize_code(account.registration_number), normalize_code(account.tax_code)} - {""}
    plain = {code.replace("-", "") for code in codes}
    q = Q(pk__in=[])
    if plain:
        q |= Q(reg_plain__in=plain) | Q(tax_plain__in=plain)
    folded = fold(account.organisation_name)
    if folded:
        q |= Q(search_text__startswith=folded)
    return list(
        Subject.objects.restrict(user, "change")
        .annotate(
            reg_plain=Replace("registration_number", Value("-"), Value("")),
            tax_plain=Replace("tax_code", Value("-"), Value("")),
        )
        .filter(q)
        .select_related("unit")
        .order_by("name", "pk")[:limit]
    )


def search_subjects(*, user, text, limit=20):
    """Subjects of the officer's area whose name, codes or representative contain every word of ``text`` (without
    diacritics): the officer's search when the candidates are not the right ones."""
    from ocop_portal.text import fold
    from subjects.models import Subject

    words = fold(text or "").split()
    if not words:
        return []
    queryset = Subject.objects.restrict(user, "change").select_related("unit")
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    return list(queryset.order_by("name", "pk")[:limit])
