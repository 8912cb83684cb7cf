"""Issue #12: create forms are idempotent against a double submission, and every create page has that base.

The one-time token (``ocop_portal.submission``) comes with the GET of the form; the first POST creates, a second
POST with the same token redirects to what the first created. Two POSTs at the same moment create one object too
(PostgreSQL: serialised on the session row).
"""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role
from decisions.models import Decision
from decisions.tests.factories import AuthorityFactory
from evaluations.models import EvaluationLevel, Round, RuleSet
from ocop_portal.submission import TOKEN_FIELD, OneTimeSubmitMixin
from products.models import Product
from products.tests.helpers import product_form_data
from programme.models import Plan
from subjects.models import Subject
from subjects.tests.factories import SubjectFactory
from subjects.tests.helpers import form_data as subject_form_data

TOKEN = re.compile(rf'name="{TOKEN_FIELD}" value="([^"]+)"')


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from _views(pattern.url_patterns, prefix + namespace)
        elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "view_class", None) is not None:
            yield prefix + (pattern.name or ""), str(pattern.pattern), pattern.callback.view_class


def create_pages():
    """Every page view (not API, not admin) whose URL creates something: ``.../new/``, ``*create*``, ``register``,
    ``upload`` or ``historical`` in its name or path, and that shows a form on GET."""
    found = []
    for name, route, view in _views(get_resolver().url_patterns):
        if name.startswith(("admin:", "api")) or route.startswith(("api/", "admin/")):
            continue
        creates = re.search(r"(^|[/_:])(new/|create|register|upload|historical|correct)", f"{name} {route}")
        if creates and hasattr(view, "get") and hasattr(view, "post"):
            found.append((name, view))
    return sorted(found, key=lambda item: item[0])


def test_the_create_pages_are_found():
    names = {name for name, _view in create_pages()}
    assert {
        "subjects:create",
        "products:create",
        "evaluations:round_create",
        "evaluations:registration_create",
        "evaluations:recusal_create",
        "decisions:create",
        "decisions:create_revocation",
        "decisions:historical",
        "programme:plan_create",
        "programme:target_create",
        "programme:budget_line_create",
        "programme:activity_create",
    } <= names


@pytest.mark.parametrize(("name", "view"), create_pages(), ids=[name for name, _view in create_pages()])
def test_every_create_page_has_the_one_time_submission_base(name, view):
    assert issubclass(view, OneTimeSubmitMixin), f"{name}: {view.__module__}.{view.__name__}"


# --- behaviour ------------------------------------------------------------------------------------------------------


def _token(response):
    found = TOKEN.findall(response.content.decode())
    assert found, "the form has no one-time token"
    return found[0]


def _twice(client, url, data):
    """GET the form, then POST the same filled form twice (a double-click): both answers."""
    token = _token(client.get(url))
    data = {**data, TOKEN_FIELD: token}
    return client.post(url, data), client.post(url, data)


def _world(area_tree, make_user):
    officer = make_user(Role.LOCAL_OFFICER, area_tree["d1"])
    office = make_user(Role.COORDINATION_OFFICE, area_tree["province"])
    return officer, office


CASES = ["subject", "product", "round", "decision", "plan"]


def _case(case, area_tree, officer, office):
    """(user, url, data, model queryset counting what was created)."""
    if case == "subject":
        return officer, reverse("subjects:create"), subject_form_data(area_tree["c1"]), Subject.objects.all()
    if case == "product":
        subject = SubjectFactory(unit=area_tree["c1"])
        return officer, reverse("products:create"), product_form_data(subject, area_tree["c1"]), Product.objects.all()
    if case == "round":
        rule_set = RuleSet.objects.get(code="qd148")
        data = {"year": 2024, "sequence": 2, "rule_set": rule_set.pk, "level": EvaluationLevel.PROVINCE,
                "unit": area_tree["province"].pk, "opens_on": "2024-05-02"}  # fmt: skip
        return office, reverse("evaluations:round_create"), data, Round.objects.all()
    if case == "decision":
        authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])
        data = {"authority": authority.pk, "legal_basis": "Căn cứ Quyết định số 148/QĐ-TTg;", "subject_line": "",
                "recipients": "", "signer_name": "", "signer_title": "", "date": ""}  # fmt: skip
        return office, reverse("decisions:create"), data, Decision.objects.all()
    if case == "plan":
        data = {"unit": area_tree["province"].pk, "year": "2023", "number": "", "issued_on": "", "note": "",
                "title": "Kế hoạch OCOP năm 2023", "issuer": "UBND tỉnh Đồng Tháp", "legal_basis": "QĐ 148"}  # fmt: skip
        return office, reverse("programme:plan_create"), data, Plan.objects.all()
    raise AssertionError(case)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
def test_a_double_submission_creates_one_object(case, area_tree, make_user, client):
    officer, office = _world(area_tree, make_user)
    user, url, data, created = _case(case, area_tree, officer, office)
    client.force_login(user)
    first, second = _twice(client, url, data)
    assert first.status_code == 302, first.content.decode()[:3000]
    assert created.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]
    followed = client.get(second["Location"])
    assert followed.status_code == 200
    assert "đã được gửi trước đó" in followed.content.decode()
    # A new form (new token) creates again: the protection is per submission, not per content.
    if case == "subject":
        client.post(url, {**subject_form_data(area_tree["c1"], registration_number="1401999777", tax_code=""),
                          TOKEN_FIELD: _token(client.get(url))})  # fmt: skip
        assert created.count() == 2


@pytest.mark.django_db
def test_a_refused_submission_keeps_its_token_and_the_corrected_one_creates_once(area_tree, make_user, client):
    officer, _office = _world(area_tree, make_user)
    client.force_login(officer)
    url = reverse("subjects:create")
    token = _token(client.get(url))
    refused = client.post(url, {**subject_form_data(area_tree["c1"], name=""), TOKEN_FIELD: token})
    assert refused.status_code == 200 and _token(refused) == token
    good = {**subject_form_data(area_tree["c1"]), TOKEN_FIELD: token}
    assert client.post(url, good).status_code == 302
    assert client.post(url, good).status_code == 302
    assert Subject.objects.count() == 1


@pytest.mark.django_db
def test_the_token_goes_only_into_the_page_s_own_form(area_tree, make_user, client):
    officer, _office = _world(area_tree, make_user)
    client.force_login(officer)
    body = client.get(reverse("subjects:create")).content.decode()
    assert len(TOKEN.findall(body)) == 1  # not into the logout form of the header


@pytest.mark.django_db
def test_a_get_of_a_create_page_writes_nothing(area_tree, make_user, client):
    from audit.models import AuditEntry

    officer, office = _world(area_tree, make_user)
    for user, url in ((officer, reverse("subjects:create")), (officer, reverse("products:create")),
                      (office, reverse("evaluations:round_create")), (office, reverse("programme:plan_create"))):  # fmt: skip
        client.force_login(user)
        assert client.get(url).status_code == 200
    assert not AuditEntry.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_the_same_moment_create_one_subject(area_tree, make_user):
    officer, _office = _world(area_tree, make_user)
    first = Client(raise_request_exception=False)
    first.force_login(officer)
    url = reverse("subjects:create")
    data = {**subject_form_data(area_tree["c1"]), TOKEN_FIELD: _token(first.get(url))}
    second = Client(raise_request_exception=False)
    second.cookies = first.cookies  # the same browser session: a double-click
    barrier = threading.Barrier(2)
    answers = []

    def post(client):
        try:
            barrier.wait()
            answers.append(client.post(url, data))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(c,)) for c in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [302, 302], [a.content[:500] for a in answers]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert Subject.objects.count() == 1
