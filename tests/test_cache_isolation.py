"""Caches never cross users or areas (issue #20): the pages of the load-test scenario (``bench/locustfile.py``) are
walked by province B's office first, so every cache the portal keeps (users' scopes, areas' scope paths, dashboard
snapshots, sessions) is filled with B's entries; then by A's office, leader and district officer, who must see none
of B's records (nor, for the D1 officer, D2's), and B's office walks again after A and sees none of A's D2. A change
to a record is on the next request of every scenario page that shows it."""

import datetime

import pytest
from django.test import Client

from products import services as product_services

from .leak_world import MARK_B, MARK_D2, build_two_provinces

pytestmark = pytest.mark.django_db


def scenario(product, subject):
    today = datetime.date.today().isoformat()
    return [
        "/",
        "/subjects/",
        "/subjects/?q=hop tac xa",
        f"/subjects/{subject.pk}/",
        "/products/",
        "/products/?q=san pham",
        "/products/?stars=4",
        f"/products/{product.pk}/",
        "/evaluations/",
        "/decisions/",
        f"/decisions/recognitions/?valid_on={today}",
        "/dashboard/",
        "/dashboard/drilldown/valid/",
        "/api/products/",
        "/api/products/?stars=4",
        "/api/products/?ocop_status=valid",
        "/api/subjects/",
        f"/api/recognitions/?valid_on={today}",
    ]


def walk(user, urls):
    client = Client()
    client.force_login(user)
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), (user, url, response.status_code)
        pages[url] = response.content.decode()
    return pages


def test_cached_pages_never_cross_users_or_areas():
    world = build_two_provinces()
    a, b = world.a, world.b
    home = a.records[0]  # district D1 of province A
    urls = scenario(home.product, home.subject)
    b_urls = scenario(b.records[0].product, b.records[0].subject)

    walk(b.office, b_urls)  # B fills every cache first
    for user, markers in (
        (a.office, [MARK_B]),
        (a.leader, [MARK_B]),
        (a.districts[0].officer, [MARK_B, MARK_D2]),
    ):
        for url, page in walk(user, urls).items():
            for marker in markers:
                assert marker not in page, (user, url, marker)
    for url, page in walk(b.office, b_urls).items():  # and again after A's users
        assert MARK_D2 not in page and a.districts[1].officer.full_name not in page, url
    # each user saw their own: the D1 officer's product list holds the D1 product, A's office holds D2's too
    assert home.product.name in walk(a.districts[0].officer, ["/products/"])["/products/"]
    assert MARK_D2 in walk(a.office, ["/products/"])["/products/"]


def test_a_change_is_on_the_next_request_of_every_page_that_shows_it():
    world = build_two_provinces()
    a = world.a
    home = a.records[0]
    officer = a.districts[0].officer
    shows_the_name = [
        "/products/",
        f"/products/{home.product.pk}/",
        f"/subjects/{home.subject.pk}/",
        "/api/products/",
    ]
    before = walk(officer, shows_the_name)
    walk(a.office, shows_the_name)
    assert all(home.product.name in page for page in before.values())
    product_services.product_update(
        actor=officer, product=home.product, data={"name": "Khô cá lóc QQRENAMED"}, reason="Đổi tên"
    )
    for user in (officer, a.office):
        for url, page in walk(user, [*shows_the_name, "/products/?q=kho ca loc"]).items():
            assert "QQRENAMED" in page, (user, url)
