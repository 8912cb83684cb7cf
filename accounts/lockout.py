"""Brute-force lockout (django-axes): the client address it counts by and the response a locked-out client gets.

Settings: ``AXES_*`` in ``ocop_portal/settings.py`` (limit, cool-off, username+address lockout). Unlocking: the
Django admin ("Access attempts": delete the row) or ``manage.py axes_reset_username <username>`` (all addresses),
``axes_reset_ip_username <ip> <username>``, ``axes_reset`` (everything).
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_ip(request):
    """``REMOTE_ADDR``, or behind ``OCOP_TRUSTED_PROXY_COUNT`` reverse proxies the address the outermost of them
    saw (the entry they appended to X-Forwarded-For; anything a client put before it is ignored)."""
    proxies = int(getattr(settings, "OCOP_TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def cooloff_minutes():
    cooloff = settings.AXES_COOLOFF_TIME
    return int(cooloff.total_seconds() // 60) if cooloff else None


def lockout_message():
    minutes = cooloff_minutes()
    if minutes:
        return _(
            "Tài khoản tạm thời bị khoá đăng nhập vì nhập sai mật khẩu quá %(limit)s lần. Vui lòng thử lại sau "
            "%(minutes)s phút, hoặc liên hệ quản trị hệ thống để được mở khoá."
        ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return _(
        "Tài khoản bị khoá đăng nhập vì nhập sai mật khẩu quá %(limit)s lần. Vui lòng liên hệ quản trị hệ thống "
        "để được mở khoá."
    ) % {"limit": settings.AXES_FAILURE_LIMIT}


def lockout_response(request, original_response=None, credentials=None):
    """429 with the Vietnamese explanation: JSON for the API (``{"detail": ...}``), the lockout page otherwise."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    message = lockout_message()
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=status)
    else:
        response = render(request, "accounts/lockout.html", {"message": message}, status=status)
    minutes = cooloff_minutes()
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response
