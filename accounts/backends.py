"""The authentication backends: django-axes first (it refuses a locked-out username+address), then the password
check, which loads the user with its unit."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PortalAxesBackend(AxesStandaloneBackend):
    """Axes' lockout check, except for calls without a request.

    Every login the portal offers (the login form, the admin login, ``/api/token/``) passes the request, so axes
    counts its failures and refuses a locked-out client. Only code that calls ``authenticate()`` itself without a
    request (Django's test client ``login()``) has no client address to lock: it is let through to the next
    backend instead of crashing with ``AxesBackendRequestParameterRequired``.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class PortalModelBackend(ModelBackend):
    """Django's username/password backend, loading the signed-in user together with its unit: every page shows the
    unit in the top bar and asks whether it has ended (``accounts.permissions.unit_ended``), so reading it with the
    user saves a query per request. Django's own ``ModelBackend`` stays listed after it for sessions opened
    before (a session remembers the backend that signed it in)."""

    def get_user(self, user_id):
        UserModel = get_user_model()  # noqa: N806 - Django's spelling
        try:
            user = UserModel._default_manager.select_related("unit").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
