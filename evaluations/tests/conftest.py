"""A small evaluation world: a provincial round under QĐ 148 with a council, products in two districts with complete
dossiers, and a criteria sheet of three criteria (A 0..40, B 0..25, C 0..35; option "C = 10" is mandatory for 3★)."""

import datetime
from types import SimpleNamespace

import pytest

from accounts.models import Role
from evaluations import services
from evaluations.models import EvaluationLevel, Option, RegistrationKind, RegistrationStatus, RuleSet
from evaluations.tests.factories import RoundFactory, complete_dossier, criteria_set_factory
from products.tests.factories import ProductClassFactory, ProductFactory
from subjects.tests.factories import SubjectFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Users are created by the dozen here; the production password hasher would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(area_tree, make_user):
    province = area_tree["province"]
    rule_set = RuleSet.objects.get(code="qd148")
    product_class = ProductClassFactory()
    criteria_set = criteria_set_factory(
        rule_set=rule_set, number=product_class.set_number, product_class=product_class, mandatory={"C": (3, 10)}
    )
    round_ = RoundFactory(
        rule_set=rule_set, level=EvaluationLevel.PROVINCE, unit=province, opens_on=datetime.date(2024, 3, 1)
    )
    office = make_user(Role.COORDINATION_OFFICE, province)
    secretary = make_user(Role.COUNCIL_SECRETARY, province)
    chair = make_user(Role.COUNCIL_MEMBER, province)
    member_a = make_user(Role.COUNCIL_MEMBER, province)
    member_b = make_user(Role.COUNCIL_MEMBER, province)
    services.council_set(actor=office, round_=round_, chair=chair, secretary=secretary, members=[member_a, member_b])
    officer = make_user(Role.LOCAL_OFFICER, area_tree["d1"])
    officer_d2 = make_user(Role.LOCAL_OFFICER, area_tree["d2"])
    subject = SubjectFactory(unit=area_tree["c1"])
    product = ProductFactory(subject=subject, product_class=product_class)
    subject_2 = SubjectFactory(unit=area_tree["c2"])
    product_2 = ProductFactory(subject=subject_2, product_class=product_class)
    complete_dossier(product, product_2)  # the rule set refuses incomplete dossiers (tests/test_dossier.py)
    return SimpleNamespace(
        tree=area_tree,
        province=province,
        rule_set=rule_set,
        product_class=product_class,
        criteria_set=criteria_set,
        criteria=criteria_set.test_criteria,
        round=round_,
        office=office,
        secretary=secretary,
        chair=chair,
        member_a=member_a,
        member_b=member_b,
        scorers=[chair, member_a, member_b],
        officer=officer,
        officer_d2=officer_d2,
        subject=subject,
        product=product,
        product_2=product_2,
    )


def accept(world, product=None, *, start=True):
    """Register a product (local officer), submit, accept (office) and start scoring."""
    product = product or world.product
    actor = world.officer if product.unit.path.startswith(world.tree["d1"].path) else world.office
    registration = services.registration_create(
        actor=actor, round_=world.round, product=product, kind=RegistrationKind.NEW
    )
    services.registration_transition(registration=registration, to_status=RegistrationStatus.SUBMITTED, actor=actor)
    services.registration_transition(
        registration=registration, to_status=RegistrationStatus.ACCEPTED, actor=world.office
    )
    if start and world.round.status == "open":
        services.round_start_scoring(actor=world.secretary, round_=world.round)
        world.round.refresh_from_db()
    registration.refresh_from_db()
    return registration


def option(world, part, points):
    return Option.objects.get(criterion=world.criteria[part], points=points)


def score(world, registration, member, a, b, c, *, submit=True):
    """Fill a member's sheet with A/B/C points (total a+b+c) and submit it."""
    sheet = services.sheet_open(actor=member, registration=registration)
    services.sheet_set_lines(
        actor=member, sheet=sheet, options=[option(world, "A", a), option(world, "B", b), option(world, "C", c)]
    )
    if submit:
        services.sheet_submit(actor=member, sheet=sheet)
    return sheet


def set_quorum(world, numerator, denominator, chair=True):
    """The round's council regulation says another quorum than the default 3/4 with the chair (tests about
    something else than the quorum use it to close with fewer sheets; tests/test_quorum.py covers the rule)."""
    world.round.__class__.objects.filter(pk=world.round.pk).update(
        quorum_numerator=numerator, quorum_denominator=denominator, quorum_requires_chair=chair
    )
    world.round.refresh_from_db()


def close(world):
    services.round_close_scoring(actor=world.secretary, round_=world.round)
    world.round.refresh_from_db()
