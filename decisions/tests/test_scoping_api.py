"""Scoping of decisions (by the authority's unit) and recognitions (by the product's unit), pages and API."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tests.factories import PASSWORD
from decisions.models import Decision

from .factories import d, recognise


@pytest.fixture
def district_decisions(office, district_authorities, products):
    return {
        "d1": recognise(office, district_authorities["d1"], d("2024-03-01"), (products["a"], 3), (products["b"], 3)),
        "d2": recognise(office, district_authorities["d2"], d("2024-03-02"), (products["c"], 3)),
    }


@pytest.fixture
def d2_officer(make_user, area_tree):
    return make_user(role="local_officer", unit=area_tree["d2"])


@pytest.mark.django_db
def test_pages_show_only_the_users_area(client, d2_officer, district_decisions, products):
    client.login(username=d2_officer.username, password=PASSWORD)
    listing = client.get(reverse("decisions:index")).content.decode()
    assert district_decisions["d2"].number_display in listing
    assert "UBND huyện d1" not in listing
    register = client.get(reverse("decisions:recognitions")).content.decode()
    assert products["c"].name in register and products["a"].name not in register

    other = district_decisions["d1"]
    for name in ("decisions:detail", "decisions:pdf", "decisions:certificates"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    assert client.get(reverse("decisions:detail", args=[district_decisions["d2"].pk])).status_code == 200


@pytest.mark.django_db
def test_office_of_another_province_gets_404(client, make_user, area_tree, district_decisions):
    stranger = make_user(role="coordination_office", unit=area_tree["other_province"])
    client.login(username=stranger.username, password=PASSWORD)
    decision = district_decisions["d1"]
    for name in ("decisions:detail", "decisions:pdf", "decisions:issue", "decisions:correct", "decisions:edit"):
        assert client.get(reverse(name, args=[decision.pk])).status_code == 404


@pytest.mark.django_db
def test_api_scoping(d2_officer, district_decisions, products):
    api = APIClient()
    api.force_authenticate(d2_officer)
    rows = api.get("/api/decisions/").json()["results"]
    assert [row["id"] for row in rows] == [district_decisions["d2"].pk]
    assert api.get(f"/api/decisions/{district_decisions['d1'].pk}/").status_code == 404
    own = api.get(f"/api/decisions/{district_decisions['d2'].pk}/").json()
    assert own["recognitions"][0]["product_name"] == products["c"].name
    recognitions = api.get("/api/recognitions/").json()["results"]
    assert [row["product"] for row in recognitions] == [products["c"].pk]
    hidden = district_decisions["d1"].recognitions.first()
    assert api.get(f"/api/recognitions/{hidden.pk}/").status_code == 404


@pytest.mark.django_db
def test_api_recognition_filters(office, province_authority, products):
    recognise(office, province_authority, d("2021-01-04"), (products["a"], 3), (products["b"], 4))
    recognise(office, province_authority, d("2023-06-01"), (products["a"], 4, 79, "upgrade"))
    api = APIClient()
    api.force_authenticate(office)
    assert api.get("/api/recognitions/", {"stars": 4}).json()["count"] == 2
    assert api.get("/api/recognitions/", {"product": products["a"].pk}).json()["count"] == 2
    on_2023 = api.get("/api/recognitions/", {"valid_on": "2023-12-31"}).json()["results"]
    assert sorted((r["product"], r["stars"]) for r in on_2023) == sorted([(products["a"].pk, 4), (products["b"].pk, 4)])
    on_2024 = api.get("/api/recognitions/", {"valid_on": "2024-01-04"}).json()["results"]
    assert [(r["product"], r["stars"]) for r in on_2024] == [(products["a"].pk, 4)]


@pytest.mark.django_db
def test_api_office_creates_and_issues_through_services(office, province_authority, products):
    api = APIClient()
    api.force_authenticate(office)
    created = api.post(
        "/api/decisions/",
        {
            "kind": "recognition",
            "authority": province_authority.pk,
            "items": [
                {"product": products["a"].pk, "stars": 4, "score": "80.25"},
                {"product": products["b"].pk, "stars": 3},
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    decision_id = created.json()["id"]
    assert created.json()["status"] == "draft" and len(created.json()["recognitions"]) == 2
    issued = api.post(f"/api/decisions/{decision_id}/issue/", {"date": "2024-05-06"}, format="json")
    assert issued.status_code == 200, issued.content
    assert issued.json()["number_display"] == "1/QĐ-UBND-HC"
    assert issued.json()["recognitions"][0]["valid_until"] == "2027-05-05"
    again = api.post(f"/api/decisions/{decision_id}/issue/", {}, format="json")
    assert again.status_code == 400
    bad = api.post(
        "/api/decisions/",
        {
            "kind": "recognition",
            "authority": province_authority.pk,
            "items": [{"product": products["c"].pk, "stars": 2}],
        },
        format="json",
    )
    assert bad.status_code == 400

    historical = api.post(
        "/api/decisions/historical/",
        {
            "authority": province_authority.pk,
            "number_display": "1446/QĐ-UBND-HC",
            "date": "2022-12-29",
            "items": [{"product": products["c"].pk, "stars": 3, "score": None}],
        },
        format="json",
    )
    assert historical.status_code == 201, historical.content
    assert historical.json()["historical"] is True and historical.json()["number"] == 1446


@pytest.mark.django_db
def test_api_writes_are_for_the_office_only(make_user, area_tree, province_authority, products):
    officer = make_user(role="local_officer", unit=area_tree["province"])
    api = APIClient()
    api.force_authenticate(officer)
    response = api.post(
        "/api/decisions/",
        {
            "kind": "recognition",
            "authority": province_authority.pk,
            "items": [{"product": products["a"].pk, "stars": 3}],
        },
        format="json",
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()
    stranger = make_user(role="coordination_office", unit=area_tree["other_province"])
    api.force_authenticate(stranger)
    response = api.post(
        "/api/decisions/", {"kind": "recognition", "authority": province_authority.pk, "items": []}, format="json"
    )
    assert response.status_code == 400  # the authority is not one they may choose
