"""Bad input is a validation message (pages) or a 400 (API), never a server error (issue #12, finding 10)."""

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tests.factories import PASSWORD

BAD_YEARS = ["0", "-1", "99999"]
YEAR_PAGES = ["/decisions/", "/decisions/revocations/", "/programme/activities/"]
YEAR_APIS = ["/api/decisions/", "/api/programme/activities/", "/api/programme/plans/", "/api/programme/budget-lines/"]
YEAR_MESSAGE = "Năm phải là một số từ 1900 đến 2100"


@pytest.fixture
def office(area_tree, make_user):
    return make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])


@pytest.fixture
def signed_in(client, office):
    client.login(username=office.username, password=PASSWORD)
    return client


@pytest.fixture
def api(office):
    client = APIClient()
    client.force_authenticate(office)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("year", BAD_YEARS)
@pytest.mark.parametrize("url", YEAR_PAGES)
def test_list_pages_show_a_message_for_a_year_out_of_range(signed_in, url, year):
    response = signed_in.get(url, {"year": year})
    assert response.status_code == 200
    assert YEAR_MESSAGE in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("year", BAD_YEARS)
@pytest.mark.parametrize("url", YEAR_APIS)
def test_list_apis_answer_400_for_a_year_out_of_range(api, url, year):
    response = api.get(url, {"year": year})
    assert response.status_code == 400
    assert YEAR_MESSAGE in response.json()["year"][0]
    assert api.get(url, {"year": "2024"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["0000", "2017", "9999"])
def test_figures_page_shows_a_message_for_a_period_out_of_range(signed_in, area_tree, period):
    response = signed_in.get("/reports/figures/", {"period": period, "area": area_tree["province"].pk})
    assert response.status_code == 200
    assert "Năm báo cáo ngoài khoảng 2018–2100" in response.content.decode()
    assert not response.context.get("figures")


@pytest.mark.django_db
def test_figures_api_refuses_a_malformed_period_or_area(api, area_tree):
    province = area_tree["province"].pk
    for period in ["0000", "2017", "9999", "2022-H2", "20222", "abc", ""]:
        response = api.get("/api/reports/figures/", {"period": period, "area": province})
        assert response.status_code == 400, period
        assert "period" in response.json()
    # "²" passes str.isdigit() but is no number: an unknown area (404), not a server error
    assert api.get("/api/reports/figures/", {"period": "2022", "area": "²"}).status_code == 404


@pytest.mark.django_db
def test_nul_byte_in_a_parameter_is_refused_with_a_message(signed_in, api):
    page = signed_in.get("/areas/", {"q": "Đồng\x00Tháp"})
    assert page.status_code == 400
    assert "ký tự rỗng" in page.content.decode()
    answer = api.get("/api/subjects/", {"q": "\x00"})
    assert answer.status_code == 400
    assert "ký tự rỗng" in answer.json()["detail"]
    form = signed_in.post("/areas/", {"q": "a\x00"})
    assert form.status_code == 400


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/areas/", "/subjects/", "/products/", "/decisions/"])
def test_nul_byte_on_postgresql_is_a_400_not_a_server_error(signed_in, url):
    response = signed_in.get(url, {"q": "\x00"})
    assert response.status_code == 400
    assert "ký tự rỗng" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/subjects/", "/api/products/", "/api/areas/", "/api/decisions/"])
def test_nul_byte_in_an_api_parameter_on_postgresql_is_a_400(api, url):
    response = api.get(url, {"q": "\x00", "code": "\x00"})
    assert response.status_code == 400
    assert "ký tự rỗng" in response.json()["detail"]


@pytest.mark.django_db
def test_an_unknown_api_url_is_a_json_404(api):
    response = api.get("/api/subjects/1.5e-08/")  # matches no route at all
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


ID_FILTERS = [
    ("/api/recognitions/", "decision"),
    ("/api/recognitions/", "product"),
    ("/api/registrations/", "round"),
    ("/api/products/", "subject"),
    ("/api/documents/", "product"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["-9.488070168794064e+37", "99999999999999999999", "-3", "1.5"])
@pytest.mark.parametrize("url,name", ID_FILTERS)
def test_an_id_filter_out_of_range_is_a_400_not_a_database_error(api, url, name, value):
    """Found by schemathesis: ``?decision=-9.4e+37`` overflowed SQLite's integer (a 500)."""
    response = api.get(url, {name: value})
    assert response.status_code == 400
    assert "Mã phải là một số nguyên dương." in response.json()[name][0]
    assert api.get(url, {name: "1"}).status_code == 200
