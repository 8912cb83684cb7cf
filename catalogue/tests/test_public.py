"""Issue #17: the public catalogue, product pages and verification by QR, through HTTP without login."""

import datetime

import pytest
from django.utils import timezone

from catalogue.models import PublicCode

from .factories import CONSENTED_PHONE

pytestmark = pytest.mark.django_db


def _text(response):
    return response.content.decode("utf-8")


def test_catalogue_lists_products_in_force_or_recently_ended_only(client, world):
    page = _text(client.get("/catalogue/"))
    for name in ("Xoài sấy dẻo Cao Lãnh", "Trà sen Tháp Mười", "Nem Lai Vung", "Bánh phồng tôm Sa Giang"):
        assert name in page
    assert "Hủ tiếu Sa Đéc" in page
    assert "Kẹo dừa cũ" not in page  # expired six years ago
    assert "Mắm chưa công nhận" not in page  # never recognised


def test_search_without_diacritics_and_filters(client, world):
    page = _text(client.get("/catalogue/", {"q": "xoai say"}))
    assert "Xoài sấy dẻo Cao Lãnh" in page and "Nem Lai Vung" not in page
    page = _text(client.get("/catalogue/", {"stars": "5"}))
    assert "Hủ tiếu Sa Đéc" not in page  # the catalogue opens on the products in force: not the revoked one
    page = _text(client.get("/catalogue/", {"stars": "5", "status": "all"}))
    assert "Hủ tiếu Sa Đéc" in page and "Xoài sấy dẻo" not in page
    page = _text(client.get("/catalogue/", {"commune": "C1"}))
    assert "Xoài sấy dẻo" in page and "Trà sen Tháp Mười" in page and "Nem Lai Vung" not in page
    page = _text(client.get("/catalogue/", {"status": "revoked"}))
    assert "Hủ tiếu Sa Đéc" in page and "Xoài sấy dẻo" not in page
    page = _text(client.get("/catalogue/", {"status": "expiring"}))
    assert "Nem Lai Vung" in page and "Xoài sấy dẻo" not in page
    page = _text(client.get("/catalogue/", {"province": "82"}))
    assert "Xoài sấy dẻo" not in page
    page = _text(client.get("/catalogue/", {"province": "87", "sort": "-stars", "status": "all"}))
    assert page.index("Hủ tiếu Sa Đéc") < page.index("Xoài sấy dẻo") < page.index("Nem Lai Vung")
    assert client.get("/catalogue/", {"stars": "nine", "page": "x"}).status_code == 200


def test_product_page_shows_stars_decision_and_validity(client, world, code_of):
    recognition = world["recognitions"]["valid"]
    response = client.get(f"/catalogue/p/{code_of(recognition)}/", follow=True)
    page = _text(response)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(f"/catalogue/p/{code_of(recognition)}/xoai-say-deo-cao-lanh/")
    assert "4 sao" in page
    assert recognition.valid_until.strftime("%d/%m/%Y") in page
    assert world["decisions"]["valid"].number_display in page
    assert "UBND tỉnh Đồng Tháp" in page
    assert 'data-status="valid"' in page


def test_revoked_product_says_it_was_revoked_with_the_decision(client, world, code_of):
    code = code_of(world["recognitions"]["revoked"])
    for url in (f"/catalogue/p/{code}/hu-tieu-sa-dec/", f"/v/{code}/"):
        page = _text(client.get(url))
        assert "đã bị thu hồi" in page, url
        assert 'data-status="revoked"' in page
        revocation = world["recognitions"]["revoked"].revocations.get()
        assert revocation.decision.number_display in page


def test_verification_of_expired_and_expiring_certificates(client, world, code_of):
    page = _text(client.get(f"/v/{code_of(world['recognitions']['expired'])}/"))
    assert "đã hết hiệu lực" in page and 'data-status="expired"' in page
    page = _text(client.get(f"/v/{code_of(world['recognitions']['expiring'])}/"))
    assert "sắp hết hạn" in page
    # A product that ended long ago has left the catalogue, but its printed label still says so.
    page = _text(client.get(f"/v/{code_of(world['recognitions']['old'])}/"))
    assert "đã hết hiệu lực" in page
    assert client.get(f"/catalogue/p/{code_of(world['recognitions']['old'])}/").status_code == 404


def test_contact_only_with_consent(client, world, code_of):
    page = _text(client.get(f"/catalogue/p/{code_of(world['recognitions']['consented'])}/tra-sen-thap-muoi/"))
    assert CONSENTED_PHONE in page
    page = _text(client.get(f"/catalogue/p/{code_of(world['recognitions']['valid'])}/xoai-say-deo-cao-lanh/"))
    assert "Liên hệ" not in page


def test_enumeration_sequential_ids_and_guessed_codes_are_404(client, world, code_of):
    product = world["products"]["valid"]
    recognition = world["recognitions"]["valid"]
    code = code_of(recognition)
    assert len(code) >= 12
    for url in (
        f"/catalogue/p/{product.pk}/",
        f"/catalogue/p/{recognition.pk}/",
        f"/v/{recognition.pk}/",
        f"/v/{product.pk}/",
        "/v/AAAAAAAAAAAA/",
        f"/v/{code[:-1]}/",
        f"/v/{code.upper() if code.upper() != code else code.lower()}/",
        f"/api/public/catalogue/products/{product.pk}/",
        "/api/public/catalogue/products/AAAAAAAAAAAA/",
        f"/catalogue/p/{code_of(world['recognitions']['old'])}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/v/{code}/").status_code == 200


def test_codes_are_random(world):
    codes = list(PublicCode.objects.values_list("code", flat=True))
    assert len(set(codes)) == len(codes) >= 6
    assert not any(code.isdigit() for code in codes)


def test_correction_keeps_the_printed_code(client, world, office, code_of):
    from catalogue.selectors import verification_url
    from decisions import services as decision_services

    old = world["recognitions"]["valid"]
    code = code_of(old)
    correction = decision_services.correction_draft_create(actor=office, decision=world["decisions"]["valid"])
    item = correction.recognitions.get()
    decision_services.recognition_item_update(actor=office, item=item, stars=5)
    decision_services.decision_issue(actor=office, decision=correction, date=timezone.localdate())
    item.refresh_from_db()
    assert verification_url(item).endswith(f"/v/{code}/")
    assert PublicCode.objects.filter(recognition=item).count() == 0  # the code stays on the original
    page = _text(client.get(f"/v/{code}/"))
    assert "5 sao" in page and 'data-status="valid"' in page
    assert client.get(f"/catalogue/p/{code}/xoai-say-deo-cao-lanh/").status_code == 200


def test_map_links_filter_the_list_by_commune(client, world, area_tree):
    for i, key in enumerate(("c1", "c2", "c3")):
        unit = area_tree[key]
        unit.latitude, unit.longitude = 10.4 + i / 10, 105.6 + i / 10
        unit.save()
    page = _text(client.get("/catalogue/", {"stars": "4", "sort": "-stars", "page": "1"}))
    assert 'data-map-url="/catalogue/ban-do.svg?stars=4"' in page  # the page fetches its map apart
    response = client.get("/catalogue/ban-do.svg", {"stars": "4"})
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    svg = _text(response)
    assert svg.startswith("<svg")
    assert "/catalogue/?stars=4&amp;commune=C1" in svg
    assert (
        response["ETag"]
        and client.get("/catalogue/ban-do.svg", {"stars": "4"}, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    )
    grey = _text(client.get("/catalogue/ban-do.svg", {"province": "87", "stars": "5"}))
    assert grey.count("<circle") == 3  # C3's dot, and C1, C2 in grey: the province's shape
    filtered = _text(client.get("/catalogue/", {"stars": "4", "commune": "C1"}))
    assert "Xoài sấy dẻo" in filtered and "Bánh phồng tôm Sa Giang" not in filtered
    # Nothing to draw (no commune of these products has coordinates): no content, the page's map is hidden.
    assert client.get("/catalogue/ban-do.svg", {"province": "82"}).status_code == 204


def test_exports_csv_and_xlsx(client, world):
    response = client.get("/catalogue/export/csv/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert "Xoài sấy dẻo Cao Lãnh" in text and "Kẹo dừa cũ" not in text
    assert response["ETag"]
    response = client.get("/catalogue/export/xlsx/", {"stars": "4"})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client.get("/catalogue/export/pdf/").status_code == 404


def test_robots_and_sitemap(client, world, code_of):
    robots = _text(client.get("/robots.txt"))
    assert "Allow: /catalogue/" in robots and "Sitemap: http://testserver/catalogue/sitemap.xml" in robots
    sitemap = _text(client.get("/catalogue/sitemap.xml"))
    assert f"/catalogue/p/{code_of(world['recognitions']['valid'])}/xoai-say-deo-cao-lanh/" in sitemap
    assert "keo-dua-cu" not in sitemap


def test_query_count_upper_bounds(client, world, code_of, django_assert_max_num_queries):
    client.get("/catalogue/")  # warm up content types, translations
    with django_assert_max_num_queries(12):
        assert client.get("/catalogue/", {"q": "sen", "stars": "3"}).status_code == 200
    code = code_of(world["recognitions"]["revoked"])
    with django_assert_max_num_queries(6):
        assert client.get(f"/catalogue/p/{code}/hu-tieu-sa-dec/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(f"/v/{code}/").status_code == 200


def test_validity_window_of_the_world(world):
    """Guards the fixture: the statuses above are what the products really have."""
    today = timezone.localdate()
    products = world["products"]
    assert products["valid"].ocop_status == "valid"
    assert products["expiring"].ocop_valid_until <= today + datetime.timedelta(days=90)
    assert products["expired"].ocop_status == "expired"
    assert products["revoked"].ocop_status == "revoked"
    assert products["old"].ocop_status == "expired"
