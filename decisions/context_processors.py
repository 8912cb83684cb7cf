"""Optional: the number of unread notifications for the navigation (one COUNT query per page).

Enable by adding "decisions.context_processors.notifications" to TEMPLATES' context_processors.
"""

from .selectors import unread_notification_count


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": unread_notification_count(user)}
