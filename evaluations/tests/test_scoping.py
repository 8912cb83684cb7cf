"""Area scoping of rounds and registrations (pages and API) and fixed query counts of the lists."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role
from evaluations.models import Round
from evaluations.tests.factories import RegistrationFactory, RoundFactory
from products.tests.factories import ProductFactory
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def ids(response):
    return sorted(row["id"] for row in response.json()["results"])


def test_rounds_are_scoped_up_and_down_the_unit_tree(world, make_user, area_tree):
    district_round = RoundFactory(rule_set=world.rule_set, level="district", unit=area_tree["d1"])
    other_province_round = RoundFactory(rule_set=world.rule_set, level="province", unit=area_tree["other_province"])
    commune_officer = make_user(Role.LOCAL_OFFICER, area_tree["c1"])
    expectations = {
        world.office: {world.round.pk, district_round.pk},  # the province sees its districts' rounds
        world.member_a: {world.round.pk, district_round.pk},  # a council member bound to the province
        world.officer: {world.round.pk, district_round.pk},  # D1: its own round and the province's round above it
        world.officer_d2: {world.round.pk},  # D2: the province's round, not D1's
        commune_officer: {world.round.pk, district_round.pk},  # a commune sees the rounds of the units above it
        make_user(Role.COORDINATION_OFFICE, area_tree["other_province"]): {other_province_round.pk},
    }
    for user, expected in expectations.items():
        assert set(Round.objects.restrict(user).values_list("pk", flat=True)) == expected, user
        assert set(ids(api_for(user).get("/api/evaluation-rounds/"))) == expected, user
    client = APIClient()
    client.force_authenticate(world.officer_d2)
    assert client.get(f"/api/evaluation-rounds/{district_round.pk}/").status_code == 404


def test_registrations_of_another_area_never_appear(world, client):
    mine = RegistrationFactory(round=world.round, product=world.product)
    theirs = RegistrationFactory(round=world.round, product=world.product_2)
    assert ids(api_for(world.officer).get("/api/registrations/")) == [mine.pk]
    assert ids(api_for(world.officer_d2).get("/api/registrations/")) == [theirs.pk]
    assert sorted(ids(api_for(world.office).get("/api/registrations/"))) == sorted([mine.pk, theirs.pk])
    assert api_for(world.officer_d2).get(f"/api/registrations/{mine.pk}/").status_code == 404
    client.force_login(world.officer_d2)
    assert client.get(reverse("evaluations:registration_detail", args=[mine.pk])).status_code == 404
    round_page = client.get(reverse("evaluations:round_detail", args=[world.round.pk])).content.decode()
    assert world.product_2.name in round_page and world.product.name not in round_page
    response = api_for(world.officer_d2).post(f"/api/registrations/{mine.pk}/transition/", {"to_status": "submitted"})
    assert response.status_code == 404


def test_an_officer_cannot_register_another_area_s_product_through_the_api(world):
    response = api_for(world.officer_d2).post(
        "/api/registrations/", {"round": world.round.pk, "product": world.product.pk, "kind": "new"}, format="json"
    )
    assert response.status_code == 400 and "product" in response.json()
    response = api_for(world.officer).post(
        "/api/registrations/", {"round": world.round.pk, "product": world.product.pk, "kind": "new"}, format="json"
    )
    assert response.status_code == 201, response.content
    registration_id = response.json()["id"]
    response = api_for(world.officer).post(
        f"/api/registrations/{registration_id}/transition/", {"to_status": "accepted"}
    )
    assert response.status_code == 409 and "Không thể chuyển" in response.json()["detail"]
    response = api_for(world.officer).post(
        f"/api/registrations/{registration_id}/transition/", {"to_status": "submitted"}
    )
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    response = api_for(world.secretary).post(
        f"/api/registrations/{registration_id}/transition/", {"to_status": "returned"}
    )
    assert response.status_code == 409 and "lý do" in response.json()["detail"]


def _rounds(world, n):
    for i in range(n):
        round_ = RoundFactory(
            rule_set=world.rule_set, level="province", unit=world.province, year=2023, sequence=10 + i
        )
        RegistrationFactory(round=round_, product=world.product)


def test_rounds_list_page_has_a_fixed_number_of_queries(world, client, django_assert_num_queries):
    client.force_login(world.office)
    url = reverse("evaluations:index")
    client.get(url)  # warm up (session, content types)
    _rounds(world, 0)
    with django_assert_num_queries(_count(client, url)) as one:
        response = client.get(url)
    assert response.status_code == 200 and len(response.context["rounds"]) == 1
    _rounds(world, 29)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["rounds"]) == 25  # one page


def test_registrations_api_list_has_a_fixed_number_of_queries(world, django_assert_num_queries):
    api = api_for(world.office)
    RegistrationFactory(round=world.round, product=world.product)
    api.get("/api/registrations/")
    with django_assert_num_queries(_count(api, "/api/registrations/")) as one:
        assert len(api.get("/api/registrations/").json()["results"]) == 1
    for _ in range(29):
        subject = SubjectFactory(unit=world.tree["c1"])
        RegistrationFactory(
            round=world.round, product=ProductFactory(subject=subject, product_class=world.product_class)
        )
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(api.get("/api/registrations/").json()["results"]) == 30


def test_rounds_api_list_has_a_fixed_number_of_queries(world, django_assert_num_queries):
    api = api_for(world.office)
    api.get("/api/evaluation-rounds/")
    with django_assert_num_queries(_count(api, "/api/evaluation-rounds/")) as one:
        api.get("/api/evaluation-rounds/")
    _rounds(world, 29)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(api.get("/api/evaluation-rounds/").json()["results"]) == 30


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def test_registration_search_is_diacritic_insensitive(world):
    RegistrationFactory(round=world.round, product=world.product)
    api = api_for(world.office)
    assert len(api.get("/api/registrations/", {"q": "banh phong tom"}).json()["results"]) == 1
    assert len(api.get("/api/registrations/", {"q": "khong co"}).json()["results"]) == 0


def test_round_page_has_a_fixed_number_of_queries(world, client, django_assert_num_queries):
    """A round's page with 1 or 30 registrations (products of different communes and subjects) sends the same
    queries, and never more than a small bound."""
    client.force_login(world.office)
    url = reverse("evaluations:round_detail", args=[world.round.pk])
    RegistrationFactory(round=world.round, product=world.product)
    client.get(url)  # warm up (session, content types)
    with django_assert_num_queries(_count(client, url)) as one:
        response = client.get(url)
    assert len(response.context["registrations"]) == 1
    assert len(one.captured_queries) <= 25
    for i in range(29):
        subject = SubjectFactory(unit=world.tree["c1" if i % 2 else "c2"])
        RegistrationFactory(
            round=world.round, product=ProductFactory(subject=subject, product_class=world.product_class)
        )
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    page = response.content.decode()
    assert len(response.context["registrations"]) == 30
    assert world.tree["c2"].name in page and world.product.subject.name in page
