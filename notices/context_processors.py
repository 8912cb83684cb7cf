"""The unread count of the signed-in user's notices for the top bar (``templates/base.html``).

Notices go to producers' accounts (``notices.services.notify`` callers: returned dossier, result, decision,
expiry); an office account's pages run no query for it (the list pages' query budgets stay as they are). The
count is a callable: the template evaluates it only where it shows it."""

from accounts.permissions import is_producer

from .models import Notice


def unread_notices(request):
    user = getattr(request, "user", None)
    if user is None or not is_producer(user):
        return {"unread_notice_count": 0}
    return {"unread_notice_count": lambda: Notice.objects.for_user(user).unread().count()}
