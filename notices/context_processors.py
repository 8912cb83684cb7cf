"""The unread count of the signed-in user's notices for the top bar (``templates/base.html``)."""

from .models import Notice


def unread_notices(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notice_count": 0}
    return {"unread_notice_count": Notice.objects.for_user(user).unread().count()}
