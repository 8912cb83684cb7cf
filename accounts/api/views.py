"""``/api/token/``: a token for API clients, through the same brute-force lockout as the login form."""

from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from accounts.authentication import ExpiringTokenAuthentication, token_expired, token_lifetime
from accounts.permissions import can_view_api_docs


class ObtainExpiringAuthToken(ObtainAuthToken):
    """POST username + password -> ``{"token", "expires"}``.

    The credentials are checked with the Django request, so django-axes counts the failures and, once the
    username is locked out from this address, answers 429 with the lockout message (even for the right password).
    A token past its lifetime is replaced by a fresh one. A strict rate (``api_token`` scope) applies per address.
    """

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "api_token"

    def get_serializer_context(self):
        # django-axes reads and flags the Django HttpRequest (AxesMiddleware answers from its flags), not DRF's.
        return {**super().get_serializer_context(), "request": self.request._request}

    @extend_schema(
        responses=inline_serializer(
            "TokenResponse", {"token": serializers.CharField(), "expires": serializers.DateTimeField()}
        )
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        with transaction.atomic():
            token, _created = Token.objects.select_for_update().get_or_create(user=user)
            if token_expired(token):
                token.delete()
                token = Token.objects.create(user=user)
        return Response({"token": token.key, "expires": token.created + token_lifetime()})


obtain_expiring_auth_token = ObtainExpiringAuthToken.as_view()


class CanViewApiDocs(BasePermission):
    message = _("Tài liệu API chỉ dành cho Văn phòng Điều phối và Quản trị hệ thống.")

    def has_permission(self, request, view):
        return can_view_api_docs(request.user)


class ApiSchemaView(SpectacularAPIView):
    """``/api/schema/``: 401 without credentials, 403 for roles that do not use the API."""

    authentication_classes = [ExpiringTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, CanViewApiDocs]


class ApiDocsView(SpectacularSwaggerSplitView):
    """``/api/docs/``: Swagger UI with its start-up script served as a file (``?script``), no inline script, so it
    runs under the portal's Content-Security-Policy. Anonymous visitors are sent to the login page."""

    authentication_classes = [SessionAuthentication]
    permission_classes = []  # checked in get(): a browser without a session goes to the login page, not a 403

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_view_api_docs(request.user):
            self.permission_denied(request, message=CanViewApiDocs.message)
        return super().get(request, *args, **kwargs)
