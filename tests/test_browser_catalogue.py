"""Issue #17 browser journey: an anonymous visitor searches the public catalogue without diacritics, opens the
product and sees its stars, validity and the photo the office marked public; then opens (as a phone would after
scanning) the QR URL of a revoked product's certificate and sees the revocation. Nothing is fetched from outside the
portal."""

import pytest

from accounts.models import Role
from catalogue.models import PublicCode
from catalogue.tests.factories import catalogue_world, marked_photo


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_checks_a_product_and_a_revoked_label(portal_page, live_server, area_tree, make_user):
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    world = catalogue_world(area_tree, office)
    marked_photo(office, world["products"]["valid"])  # a photo the office marked public
    valid = world["recognitions"]["valid"]
    page = portal_page
    page.goto(f"{live_server.url}/catalogue/")
    page.fill("#id_q", "xoai say")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url("**q=xoai+say**")
    links = page.locator("a.catalogue-product")
    assert links.count() == 1
    links.first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == "Xoài sấy dẻo Cao Lãnh"
    verdict = page.locator(".catalogue-verdict").inner_text()
    assert "4 sao" in verdict and valid.valid_until.strftime("%d/%m/%Y") in verdict
    assert page.locator(".catalogue-verdict").get_attribute("data-status") == "valid"
    photo = page.locator(".catalogue-photos img")
    assert photo.count() == 1
    photo.first.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.catalogue-photos img').complete")
    assert photo.first.evaluate("img => img.naturalWidth") == 64  # served and allowed by the page's CSP

    code = PublicCode.objects.get(recognition=world["recognitions"]["revoked"]).code
    page.goto(f"{live_server.url}/v/{code}/")
    verdict = page.locator(".catalogue-verdict")
    assert verdict.get_attribute("data-status") == "revoked"
    assert "đã bị thu hồi" in verdict.inner_text()
    revocation = world["recognitions"]["revoked"].revocations.get()
    assert revocation.decision.number_display in verdict.inner_text()
    assert all(url.startswith(live_server.url) for url in page.requested_urls), page.requested_urls
