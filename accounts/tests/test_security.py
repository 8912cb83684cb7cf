"""Issue #12: brute-force lockout (login form, admin, API token), expiring and revocable API tokens, API throttles,
the Content-Security-Policy, and the API documentation for the API roles only."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import Role
from accounts.tests.factories import PASSWORD

LOCKED = "Tài khoản tạm thời bị khoá đăng nhập vì nhập sai mật khẩu quá 5 lần"
WRONG = "sai-mat-khau"


def _login(client, username, password, **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)


def _fail_login(client, username, times=5, **extra):
    for _ in range(times):
        response = _login(client, username, WRONG, **extra)
        assert "_auth_user_id" not in client.session
    return response


# --- lockout on the login form ----------------------------------------------------------------------------------


def test_login_locks_out_after_five_failures_even_with_the_right_password(client, make_user):
    make_user(username="lan")
    _fail_login(client, "lan", times=4)
    assert _login(client, "lan", WRONG).status_code == 429  # the fifth failure locks
    response = _login(client, "lan", PASSWORD)
    assert response.status_code == 429
    text = response.content.decode()
    assert LOCKED in text and "15 phút" in text and "quản trị hệ thống" in text
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client, make_user):
    make_user(username="lan")
    make_user(username="hung")
    _fail_login(client, "lan")
    assert _login(client, "lan", PASSWORD).status_code == 429
    # a colleague behind the same address still logs in, and so does "lan" from another address
    assert _login(client, "hung", PASSWORD).status_code == 302
    client.logout()
    assert _login(client, "lan", PASSWORD, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_lockout_ends_after_the_cool_off(client, make_user):
    from axes.models import AccessAttempt

    make_user(username="lan")
    _fail_login(client, "lan")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _login(client, "lan", PASSWORD).status_code == 302


def test_admin_login_is_locked_out_too(client, make_user):
    make_user(username="quantri", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "quantri", "password": WRONG})
    response = client.post("/admin/login/", {"username": "quantri", "password": PASSWORD})
    assert response.status_code == 429 and LOCKED in response.content.decode()


@pytest.mark.parametrize("command", ["axes_reset", "axes_reset_username"])
def test_reset_command_unlocks(client, make_user, command):
    make_user(username="lan")
    _fail_login(client, "lan")
    assert _login(client, "lan", PASSWORD).status_code == 429
    call_command(command, *(["lan"] if command == "axes_reset_username" else []))
    assert _login(client, "lan", PASSWORD).status_code == 302


def test_administrator_unlocks_from_the_django_admin(client, make_user, area_tree):
    from axes.models import AccessAttempt

    make_user(username="lan")
    admin = make_user(username="quantri", role=Role.ADMINISTRATOR, unit=area_tree["country"], is_staff=True)
    admin.is_superuser = True
    admin.save()
    _fail_login(client, "lan")
    attempt = AccessAttempt.objects.get(username="lan")

    staff = type(client)()
    staff.force_login(admin)
    listing = staff.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "lan" in listing.content.decode()
    response = staff.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert _login(client, "lan", PASSWORD).status_code == 302


# --- the API token endpoint ---------------------------------------------------------------------------------------


def test_token_endpoint_locks_out_after_five_failures(make_user):
    make_user(username="lan")
    api = APIClient()
    for _ in range(4):
        assert api.post("/api/token/", {"username": "lan", "password": WRONG}).status_code == 400
    assert api.post("/api/token/", {"username": "lan", "password": WRONG}).status_code == 429
    response = api.post("/api/token/", {"username": "lan", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert LOCKED in response.json()["detail"]
    assert not Token.objects.exists()


def test_token_endpoint_and_login_form_share_the_count(client, make_user):
    make_user(username="lan")
    _fail_login(client, "lan", times=3)
    api = APIClient()
    api.post("/api/token/", {"username": "lan", "password": WRONG})
    api.post("/api/token/", {"username": "lan", "password": WRONG})
    assert api.post("/api/token/", {"username": "lan", "password": PASSWORD}).status_code == 429


def test_token_endpoint_is_throttled(make_user):
    make_user(username="lan")
    api = APIClient()
    statuses = [api.post("/api/token/", {"username": f"x{i}", "password": WRONG}).status_code for i in range(11)]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429


def test_api_is_throttled_per_user(monkeypatch, area_tree, make_user):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "user": "3/min"})
    api = APIClient()
    api.force_authenticate(make_user(unit=area_tree["d1"]))
    statuses = [api.get("/api/subjects/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_throttle_rates_come_from_the_environment():
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert set(rates) == {"anon", "user", "api_token"}
    classes = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    assert "rest_framework.throttling.AnonRateThrottle" in classes
    assert "rest_framework.throttling.UserRateThrottle" in classes


# --- token lifetime and revocation --------------------------------------------------------------------------------


def _token_client(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_token_is_issued_and_works(area_tree, make_user):
    make_user(username="lan", unit=area_tree["d1"])
    body = APIClient().post("/api/token/", {"username": "lan", "password": PASSWORD}).json()
    assert body["token"] and body["expires"]
    assert _token_client(body["token"]).get("/api/subjects/").status_code == 200


def test_expired_token_is_refused_and_a_fresh_one_is_issued(area_tree, make_user, settings):
    settings.OCOP_API_TOKEN_TTL_HOURS = 24
    user = make_user(username="lan", unit=area_tree["d1"])
    token = Token.objects.create(user=user)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - datetime.timedelta(hours=25))
    response = _token_client(token.key).get("/api/subjects/")
    assert response.status_code in (401, 403)
    assert "đã hết hạn" in response.json()["detail"]

    body = APIClient().post("/api/token/", {"username": "lan", "password": PASSWORD}).json()
    assert body["token"] != token.key
    assert _token_client(body["token"]).get("/api/subjects/").status_code == 200
    assert _token_client(token.key).get("/api/subjects/").status_code in (401, 403)


def test_expired_token_cannot_download_documents(area_tree, make_user):
    user = make_user(username="lan", unit=area_tree["d1"])
    token = Token.objects.create(user=user)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - datetime.timedelta(hours=25))
    response = _token_client(token.key).get("/products/documents/999999/download/")
    assert response.status_code == 302  # not authenticated: sent to the login page


def test_password_change_deletes_the_tokens(client, area_tree, make_user):
    user = make_user(username="lan", unit=area_tree["d1"])
    token = Token.objects.create(user=user)
    client.force_login(user)
    new_password = "Cay-Xoai-Cat-Hoa-2026"
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert not Token.objects.filter(user=user).exists()
    assert _token_client(token.key).get("/api/subjects/").status_code in (401, 403)


def test_deactivation_deletes_the_tokens(area_tree, make_user):
    user = make_user(username="lan", unit=area_tree["d1"])
    other = make_user(username="hung", unit=area_tree["d1"])
    token = Token.objects.create(user=user)
    Token.objects.create(user=other)
    user.full_name = "Nguyễn Thị Lan"
    user.save()
    assert Token.objects.filter(user=user).exists()  # other changes keep the token
    user.is_active = False
    user.save()
    assert not Token.objects.filter(user=user).exists()
    assert Token.objects.filter(user=other).exists()
    assert _token_client(token.key).get("/api/subjects/").status_code in (401, 403)


# --- Content-Security-Policy ----------------------------------------------------------------------------------------


def _directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_carry_a_strict_content_security_policy(client, area_tree, make_user):
    pages = [client.get("/login/")]
    client.force_login(make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"]))
    pages += [client.get("/"), client.get("/subjects/"), client.get("/api/docs/")]
    for response in pages:
        assert response.status_code == 200
        directives = _directives(response)
        assert directives["default-src"] == ["'self'"]
        assert directives["script-src"] == ["'self'"]
        assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
        assert directives["object-src"] == ["'none'"]
        assert directives["base-uri"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["form-action"] == ["'self'"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_no_template_has_an_inline_script_or_event_handler():
    roots = [settings.BASE_DIR / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
    offenders = []
    for root in roots:
        for path in root.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            if INLINE_SCRIPT.search(text) or INLINE_HANDLER.search(text):
                offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []


def test_pages_ask_htmx_not_to_inject_styles(client, area_tree, make_user):
    client.force_login(make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"]))
    text = client.get("/").content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in text
    assert "js/portal.js" in text


# --- API schema and documentation ----------------------------------------------------------------------------------


def test_api_schema_and_docs_need_login(client, db):
    assert APIClient().get("/api/schema/").status_code == 401
    response = client.get("/api/docs/")
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=/api/docs/")


@pytest.mark.parametrize("role", [Role.LOCAL_OFFICER, Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY, Role.LEADERSHIP])
def test_api_schema_and_docs_are_refused_to_other_roles(client, area_tree, make_user, role):
    user = make_user(role=role, unit=area_tree["d1"] if role == Role.LOCAL_OFFICER else area_tree["province"])
    client.force_login(user)
    assert client.get("/api/schema/").status_code == 403
    assert client.get("/api/docs/").status_code == 403
    assert client.get("/api/docs/?script=").status_code == 403
    token = Token.objects.create(user=user)
    assert _token_client(token.key).get("/api/schema/").status_code == 403
    assert "/api/docs/" not in client.get("/").content.decode()


@pytest.mark.parametrize("role", [Role.COORDINATION_OFFICE, Role.ADMINISTRATOR])
def test_api_schema_and_docs_for_the_api_roles(client, area_tree, make_user, role):
    user = make_user(role=role, unit=area_tree["country"] if role == Role.ADMINISTRATOR else area_tree["province"])
    client.force_login(user)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert not INLINE_SCRIPT.search(html)  # the start-up script is a separate file
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    token = Token.objects.create(user=user)
    assert _token_client(token.key).get("/api/schema/").status_code == 200
    assert "/api/docs/" in client.get("/").content.decode()
