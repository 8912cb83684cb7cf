"""The django-axes backend, first in ``AUTHENTICATION_BACKENDS``: it refuses a locked-out username+address."""

from axes.backends import AxesStandaloneBackend


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
