"""API tokens that expire: ``OCOP_API_TOKEN_TTL_HOURS`` after they were issued they are refused."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

EXPIRED_MESSAGE = _("Mã truy cập (token) đã hết hạn. Hãy lấy mã mới tại /api/token/ bằng tên đăng nhập và mật khẩu.")


def token_lifetime():
    return timedelta(hours=settings.OCOP_API_TOKEN_TTL_HOURS)


def token_expired(token, now=None):
    return token.created + token_lifetime() <= (now or timezone.now())


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise AuthenticationFailed(EXPIRED_MESSAGE)
        return user, token
