"""Every demo role logs in through the real login form in Chromium and sees its own navigation."""

import os
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from accounts.models import Role
from devdata.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

# Navigation links that depend on the role (every demo role may read the registry).
ALWAYS = ["Trang chủ", "Chủ thể OCOP", "Sản phẩm", "Đơn vị hành chính"]
AUDIT = "Nhật ký thay đổi"
USERS = "Người dùng"
AUDIT_ROLES = {Role.COORDINATION_OFFICE, Role.ADMINISTRATOR}
USER_ROLES = {Role.ADMINISTRATOR}


def _same_origin(url, live_server):
    parsed, base = urlparse(url), urlparse(live_server.url)
    return parsed.scheme in {"http", "https"} and parsed.netloc == base.netloc


def _nav(page):
    return [text.strip() for text in page.locator("nav.mainnav a").all_inner_texts()]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_demo_role_logs_in_sees_its_navigation_and_logs_out(portal_page, live_server):
    page = portal_page
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    for username, full_name, role, _unit in DEMO_ACCOUNTS:
        page.goto(f"{live_server.url}/login/")
        assert page.locator("html").get_attribute("lang") == "vi"
        assert page.locator("h1").inner_text() == "Đăng nhập Cổng OCOP"
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")

        assert full_name in page.locator(".userbox .who").inner_text(), username
        nav = _nav(page)
        for label in ALWAYS:
            assert label in nav, (username, label, nav)
        assert (AUDIT in nav) == (role in AUDIT_ROLES), (username, nav)
        assert (USERS in nav) == (role in USER_ROLES), (username, nav)

        if role in AUDIT_ROLES:  # the link works, too
            page.locator("nav.mainnav a", has_text=AUDIT).click()
            page.wait_for_url(f"{live_server.url}/audit/")
            assert page.locator("h1").inner_text() == AUDIT

        page.locator(".userbox form[action='/logout/'] button").click()
        page.wait_for_url(f"{live_server.url}/login/")
        assert _nav(page) == []
        page.goto(f"{live_server.url}/")
        assert page.url.startswith(f"{live_server.url}/login/")  # really logged out


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_load_nothing_from_other_origins(portal_page, live_server, make_user, area_tree):
    page = portal_page
    make_user(username="vpdp", role=Role.COORDINATION_OFFICE, unit=area_tree["province"], password=DEMO_PASSWORD)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "vpdp")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    for path in ("/", "/areas/", "/audit/", "/accounts/password/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assets = page.eval_on_selector_all(
            "script[src], link[href], img[src], iframe[src]", "els => els.map(e => e.src || e.href)"
        )
        assert assets, path  # at least the stylesheet and htmx
        external = [url for url in assets if not _same_origin(url, live_server)]
        assert external == [], (path, external)
    assert page.requested_urls and all(_same_origin(url, live_server) for url in page.requested_urls), [
        url for url in page.requested_urls if not _same_origin(url, live_server)
    ]
