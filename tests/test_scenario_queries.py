"""Issue #20, "Query-count bounds on the pages in the scenario": every page and API call of the load test
(``bench/locustfile.py``: officers, coordination offices, leaders, API clients, and their logins) runs at most its
budget of SQL queries, and the same number with a few rows as with many more (more subjects, products,
recognitions, decisions, rounds, a round's registrations, a subject's products). A new query on one of these pages
must be a decision, raised here on purpose; a query per row is a bug.

Each call is made once to warm up (the user's scope paths, the dashboard's summary row), then counted.
"""

import datetime
import json
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from accounts.models import Role
from accounts.tests.factories import PASSWORD
from bench.html_forms import edit_form
from decisions.tests.factories import AuthorityFactory, product_in, recognise
from evaluations.models import RegistrationStatus
from evaluations.tests.factories import RegistrationFactory, RoundFactory
from products.api.serializers import ProductSerializer
from products.models import Product
from products.tests.factories import CertificationFactory, CraftVillageFactory, ProductChannelFactory
from subjects.api.serializers import SubjectSerializer
from subjects.models import Subject
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db

TODAY = "{today}"

# (who, method, path, params, most queries). Paths and params name the world's records in braces. The budgets
# count the session and the user (a database session in tests; Redis in production takes the first off).
SCENARIO = [
    # Logins (every kind of user).
    ("anonymous", "get", "/login/", {}, 0),
    ("anonymous", "login", "/login/", {}, 13),
    ("anonymous", "token", "/api/token/", {}, 5),
    # Officers: lists, search, paging, a record, an edit saved.
    ("officer", "get", "/subjects/", {}, 6),
    ("officer", "get", "/subjects/", {"q": "sen"}, 6),
    ("officer", "get", "/products/", {}, 12),
    ("officer", "get", "/products/", {"q": "banh"}, 12),
    ("officer", "get", "/products/", {"page": 2}, 12),
    ("officer", "get", "/products/{product}/", {}, 11),
    ("officer", "get", "/subjects/{subject}/", {}, 7),
    ("officer", "get", "/subjects/{subject}/edit/", {}, 4),
    ("officer", "save", "/subjects/{subject}/edit/", {}, 18),
    ("officer", "get", "/products/{product}/edit/", {}, 10),
    ("officer", "save", "/products/{product}/edit/", {}, 34),
    # Coordination offices: the star filter (page and API), rounds, a round, decisions, the register, a product.
    ("office", "get", "/products/", {"stars": 4}, 12),
    ("office_api", "get", "/api/products/", {"stars": 4}, 6),
    ("office_api", "get", "/api/products/", {"page": 2}, 6),
    ("office", "get", "/evaluations/", {}, 6),
    ("office", "get", "/evaluations/rounds/{round}/", {}, 12),
    ("office", "get", "/decisions/", {}, 7),
    ("office", "get", "/decisions/recognitions/", {"valid_on": TODAY}, 5),
    ("office", "get", "/products/{product}/", {}, 11),
    # Leaders: the dashboard of their area and a drill-down.
    ("leader", "get", "/dashboard/", {}, 7),
    ("leader", "get", "/dashboard/drilldown/valid/", {}, 10),
    # API clients with a token: products, valid products, subjects, the register.
    ("api", "get", "/api/products/", {"page": 2}, 6),
    ("api", "get", "/api/products/", {"ocop_status": "valid"}, 6),
    ("api", "get", "/api/subjects/", {"page": 2}, 5),
    ("api", "get", "/api/recognitions/", {"valid_on": TODAY}, 4),
]


class World:
    """A province with its office, a leader, a commune officer and an API client; ``grow(n)`` adds n of everything
    the scenario's pages list (subjects, products, recognitions, decisions, rounds, the round's registrations, the
    officer's subject's products)."""

    def __init__(self, area_tree, make_user):
        self.area_tree = area_tree
        province, commune = area_tree["province"], area_tree["c1"]
        self.users = {
            "officer": make_user(role=Role.LOCAL_OFFICER, unit=commune),
            "office": make_user(role=Role.COORDINATION_OFFICE, unit=province),
            "office_api": make_user(role=Role.COORDINATION_OFFICE, unit=province),
            "leader": make_user(role=Role.LEADERSHIP, unit=province),
            "api": make_user(role=Role.COORDINATION_OFFICE, unit=province),
        }
        self.authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=province)
        self.subject = SubjectFactory(unit=commune, email="htx@example.vn")
        self.product = product_in(commune, subject=self.subject, name="Bánh phồng tôm")
        self.round = RoundFactory(unit=province, year=timezone.localdate().year)
        self.day = timezone.localdate() - datetime.timedelta(days=20)
        recognise(self.users["office"], self.authority, self.day, (self.product, 4, Decimal("80")))
        # A second page everywhere the scenario pages through (25 rows a page, 50 in the API).
        SubjectFactory.create_batch(50, unit=commune)
        for _ in range(50):
            product_in(commune, subject=self.subject)
        self.grown = 0

    def grow(self, count):
        office = self.users["office"]
        for index in range(count):
            commune = self.area_tree[f"c{1 + index % 3}"]
            subject = SubjectFactory(unit=commune)
            products = [product_in(commune, subject=subject) for _ in range(2)]
            product_in(commune, subject=self.subject)  # the officer's subject lists more products
            stars = 3 + index % 3
            recognise(office, self.authority, self.day, (products[0], stars, Decimal("70") + stars))
            RegistrationFactory(round=self.round, product=products[1], status=RegistrationStatus.SUBMITTED)
            RoundFactory(unit=self.area_tree["province"], year=2000 + self.grown)
            self.grown += 1

    def fill(self, text):
        return text.format(
            product=self.product.pk,
            subject=self.subject.pk,
            round=self.round.pk,
            today=timezone.localdate().isoformat(),
        )


def clients_for(world):
    clients = {"anonymous": Client()}
    for who, user in world.users.items():
        client = Client()
        if who in ("office_api", "api"):
            token = client.post("/api/token/", {"username": user.username, "password": PASSWORD}).json()["token"]
            client = Client(HTTP_AUTHORIZATION=f"Token {token}")
        else:
            client.force_login(user)
        clients[who] = client
    return clients


def call(world, clients, who, method, path, params):
    """The scenario's call, warmed up once; the number of SQL queries of the counted call."""
    client = clients[who]
    path = world.fill(path)
    params = {key: world.fill(value) if isinstance(value, str) else value for key, value in params.items()}
    if method == "get":
        assert client.get(path, params).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, params)
        assert response.status_code == 200, (path, response.status_code)
        return len(queries)
    if method == "save":  # GET the form, post its fields back unchanged (a real save, as the load test does)
        for _ in range(2):
            fields = edit_form(client.get(path).content.decode())
            with CaptureQueriesContext(connection) as queries:
                response = client.post(path, urlencode(fields), content_type="application/x-www-form-urlencoded")
            assert response.status_code == 302, (path, response.status_code)
        return len(queries)
    user = world.users["officer"]
    if method == "login":
        for _ in range(2):
            client = Client()
            client.get("/login/")
            with CaptureQueriesContext(connection) as queries:
                response = client.post("/login/", {"username": user.username, "password": PASSWORD, "next": "/"})
            assert response.status_code == 302
        return len(queries)
    assert method == "token"
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = Client().post("/api/token/", {"username": user.username, "password": PASSWORD})
        assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("who", "method", "path", "params", "budget"),
    SCENARIO,
    ids=[
        f"{who}-{method}-{path}{'?' + '&'.join(params) if params else ''}" for who, method, path, params, _ in SCENARIO
    ],
)
def test_scenario_call_runs_a_bounded_number_of_queries_whatever_the_rows(
    area_tree, make_user, who, method, path, params, budget
):
    world = World(area_tree, make_user)
    world.grow(2)
    clients = clients_for(world)
    few = call(world, clients, who, method, path, params)
    world.grow(10)
    many = call(world, clients, who, method, path, params)
    assert many == few, f"{method} {path} {params}: {few} queries with a few rows, {many} with more"
    assert many <= budget, f"{method} {path} {params}: {many} queries, budget {budget}"


def test_products_api_writes_what_its_declared_fields_write(client, area_tree, make_user):
    """The products API writes each product by hand (DRF's per-field machinery cost ~10 ms of CPU a page of the
    scenario): the JSON is the one the serializer's declared fields write, value for value."""
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    authority = AuthorityFactory(unit=area_tree["province"])
    village = CraftVillageFactory(unit=area_tree["c1"])
    product = product_in(
        area_tree["c1"], name='Mắm <cá> & "linh"', ocop_code="87-869-29926-001-2023", craft_village=village
    )
    plain = product_in(area_tree["c2"], description="", story="Chuyện")
    CertificationFactory(product=product, issued_on=datetime.date(2024, 1, 2), expires_on=None)
    CertificationFactory(product=product, issued_on=None, expires_on=datetime.date(2027, 5, 6), issuer="")
    ProductChannelFactory(product=product, detail="Gian hàng số 3")
    recognise(office, authority, timezone.localdate() - datetime.timedelta(days=5), (product, 4, Decimal("81.5")))
    client.force_login(office)
    answer = client.get("/api/products/").json()["results"]
    assert {row["id"] for row in answer} == {product.pk, plain.pk}
    for row in answer:
        instance = Product.objects.get(pk=row["id"])
        declared = serializers.ModelSerializer.to_representation(ProductSerializer(), instance)
        assert row == json.loads(JSONRenderer().render(declared))
        assert list(row) == list(declared)


def test_subjects_api_writes_what_its_declared_fields_write(client, area_tree, make_user):
    """The subjects API writes each subject by hand too: the same JSON as the serializer's declared fields."""
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    SubjectFactory(unit=area_tree["c1"], name='HTX <Sen> & "Hồng"', email="a@b.vn", website="https://sen.vn")
    SubjectFactory(unit=area_tree["c2"], tax_code="", phone="", representative_gender="male", is_sme=True)
    product_in(area_tree["c2"])
    client.force_login(office)
    answer = client.get("/api/subjects/").json()["results"]
    assert len(answer) == 3
    for row in answer:
        instance = Subject.objects.get(pk=row["id"])
        instance.product_count = instance.products.count()
        declared = serializers.ModelSerializer.to_representation(SubjectSerializer(), instance)
        assert row == json.loads(JSONRenderer().render(declared))
        assert list(row) == list(declared)
