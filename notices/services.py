"""Writes of the notices app: ``notify`` (store a notice per recipient and e-mail it) and marking as read.

Every notice is stored in the same transaction as the change it tells about (a refused change leaves none); the
e-mails leave once that transaction commits (``transaction.on_commit``), so nobody is told of a change that did not
happen. A notice with a ``key`` is stored once per recipient whatever the number of calls (daily jobs)."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notice

logger = logging.getLogger(__name__)


def _absolute(link):
    base = getattr(settings, "OCOP_PUBLIC_BASE_URL", "") or ""
    return base.rstrip("/") + link if link.startswith("/") and base else link


def _send(notice_ids):
    notices = Notice.objects.filter(pk__in=notice_ids, emailed=False).select_related("recipient")
    sent = []
    for notice in notices:
        address = notice.recipient.email
        if not address:
            continue
        body = notice.body
        if notice.link:
            body += "\n\n" + _("Xem trên Cổng OCOP: %s") % _absolute(notice.link)
        try:
            send_mail(notice.title, body, None, [address])
        except Exception:  # a mail server down must not undo the change the notice tells about
            logger.exception("notice %s: e-mail to %s failed", notice.pk, address)
            continue
        sent.append(notice.pk)
    if sent:
        Notice.objects.filter(pk__in=sent).update(emailed=True)


def notify(users, kind, title, body="", link="", *, email=True, key=""):
    """Store one notice per user (inactive accounts and duplicates skipped; with ``key``, a user who already has a
    notice with that key gets none) and, with ``email``, send it by e-mail once the transaction commits. Returns
    the notices stored."""
    created = []
    seen = set()
    for user in users:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        if key and Notice.objects.filter(recipient=user, key=key).exists():
            continue
        try:
            with transaction.atomic():
                created.append(
                    Notice.objects.create(
                        recipient=user, kind=kind, title=title[:255], body=body, link=link[:500], key=key
                    )
                )
        except IntegrityError:  # the same keyed notice stored by a concurrent run
            continue
    if email and created:
        ids = [notice.pk for notice in created]
        transaction.on_commit(lambda: _send(ids))
    return created


def mark_read(*, actor, notice):
    """Mark one of the actor's own notices as read (someone else's: refused)."""
    if notice.recipient_id != getattr(actor, "pk", None):
        raise PermissionDenied
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk).update(read_at=notice.read_at)
    return notice


def mark_all_read(*, actor):
    """Mark every unread notice of the actor as read; returns how many."""
    return Notice.objects.for_user(actor).unread().update(read_at=timezone.now())
