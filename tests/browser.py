"""Steps shared by the browser journeys (Playwright pages from the ``portal_page`` fixture in conftest.py)."""


def browser_login(page, base_url, username, password=None):
    """Log ``username`` in through the login page in ``page`` (the test accounts' password by default) and wait for
    the home page: the first step of every browser journey."""
    from accounts.tests.factories import PASSWORD

    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")
