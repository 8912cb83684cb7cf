"""In Chromium: open the dashboard, change the year, see the numbers and the charts change; follow a number to its
drill-down list."""

import pytest
from django.utils import timezone

from devdata.generator import GENERATED_PASSWORD

from .conftest import generate


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_year_filter_changes_numbers_and_charts(chromium_browser, live_server, settings):
    settings.DASHBOARD_FRESH_SECONDS = 60
    generate()
    context = chromium_browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(30000)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", "gen.vpdp.82n")
        page.fill("#id_password", GENERATED_PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")
        page.locator("nav.mainnav a", has_text="Bảng điều khiển").click()
        page.wait_for_url(f"{live_server.url}/dashboard/")

        def state():
            numbers = page.locator(".dash-card a.value[data-number]").evaluate_all(
                "els => els.map(e => e.dataset.number)"
            )
            return numbers, page.locator("#chart-trend svg").inner_html(), page.locator("#chart-stars svg").inner_html()

        this_year = timezone.localdate().year
        assert page.locator("#id_year").input_value() == str(this_year)
        before = state()
        assert page.locator("svg.chart").count() == 6  # drawn on the server, no chart library
        page.select_option("#id_year", str(this_year - 3))  # submits the filter form
        page.wait_for_url(f"**/dashboard/?year={this_year - 3}*")
        after = state()
        assert page.locator("#id_year").input_value() == str(this_year - 3)
        assert f"năm {this_year - 3}" in page.locator("#dash-scope").inner_text()
        assert after[0] != before[0]  # the numbers changed
        assert after[1] != before[1] and after[2] != before[2]  # and so did the charts

        first = page.locator("#card-valid a.value")
        expected = first.get_attribute("data-number")
        first.click()
        page.wait_for_url("**/dashboard/drilldown/valid/**")
        assert page.locator("#drill-count b").get_attribute("data-count") == expected
        assert all(url.startswith(live_server.url) for url in requested)  # nothing from the internet
    finally:
        context.close()
