"""A small, hand-built OCOP history for the report figures (every expected value is counted by hand in
``test_figures.py``). Province "87" (area_tree) with districts D1–D3 and communes C1–C3; another province "82".

    product  subject (gender, form, commune)   class            history
    p1       s1 (F, household, C1)             1048 1.07 food   new 3★ 30/06/2022 (last day of H1); Postmart
    p2       s1                                1048 2.04 drink  new 4★ 01/07/2022 (first day of H2)
    p3       s2 (M, LLC, C2)                   148 I.3.c        new 3★ 31/12/2019 -> valid until 30/12/2022
    p4       s2                                148 I.3.c        new 4★ 01/01/2020 -> valid until 31/12/2022; Co.opmart
    p5       s3 (F, cooperative, C3)           148 I.3.c        new 3★ 10/03/2021, revoked 15/09/2022 (stopped)
    p6       s3                                148 I.3.c        new 3★ 05/05/2020, upgraded 4★ 31/12/2022; Postmart, AEON
    p7       s4 (M, household, other province) 148 I.3.c        new 3★ 01/03/2022 (another area)
    p8       s2                                148 I.3.c        new 3★ 01/01/2023
    p9       s2                                148 I.3.c        entered 2022 round 1, not recognised
    p10      s2                                148 I.3.c        draft registration in 2022 round 1 (not an entry)

Rounds: 2022 round 1 (opens 01/02/2022): p1 new, p6 upgrade, p9 new, p10 draft; 2022 round 2 (opens 15/07/2022):
p2 new; 2023 round 1 (opens 05/01/2023): p8 new.
"""

import datetime
from decimal import Decimal

import pytest

from accounts.models import Role
from decisions.models import RecognitionKind, RevocationGround
from decisions.tests.factories import AuthorityFactory, recognise, revoke
from evaluations.models import RegistrationKind, RegistrationStatus
from evaluations.tests.factories import RegistrationFactory, RoundFactory, RuleSetFactory
from products.models import ProductChannel, SalesChannel
from products.tests.factories import ProductClassFactory, ProductFactory
from programme.indicators import IndicatorType
from programme.models import ActivityKind
from programme.tests.factories import ActivityFactory, BudgetLineFactory, PlanFactory, TargetFactory, source
from subjects.models import Gender, LegalForm
from subjects.tests.factories import SubjectFactory


def d(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def office(area_tree, make_user):
    return make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"], email="vpdp@example.org")


def _channel(product, name):
    kind = "modern_retail" if name in {"Co.opmart", "AEON"} else "ecommerce"
    channel, _created = SalesChannel.objects.get_or_create(name=name, defaults={"kind": kind})
    ProductChannel.objects.create(product=product, channel=channel)


@pytest.fixture
def dataset(area_tree, office, make_user):
    t = area_tree
    food = ProductClassFactory(regime="qd1048", level="set", code="1.07")
    drink = ProductClassFactory(regime="qd1048", level="set", code="2.04")
    current = ProductClassFactory()  # 148 I.3.c
    s1 = SubjectFactory(unit=t["c1"], representative_gender=Gender.FEMALE, legal_form=LegalForm.HOUSEHOLD)
    s2 = SubjectFactory(unit=t["c2"], representative_gender=Gender.MALE, legal_form=LegalForm.LLC_SINGLE)
    s3 = SubjectFactory(unit=t["c3"], representative_gender=Gender.FEMALE, legal_form=LegalForm.COOPERATIVE)
    other_unit = t["other_province"]
    s4 = SubjectFactory(unit=other_unit, representative_gender=Gender.MALE, legal_form=LegalForm.HOUSEHOLD)
    p = {
        "p1": ProductFactory(subject=s1, unit=t["c1"], product_class=food, name="Hạt sen sấy"),
        "p2": ProductFactory(subject=s1, unit=t["c1"], product_class=drink, name="Sữa hạt sen"),
        "p3": ProductFactory(subject=s2, unit=t["c2"], product_class=current, name="Khô cá lóc"),
        "p4": ProductFactory(subject=s2, unit=t["c2"], product_class=current, name="Nem Lai Vung"),
        "p5": ProductFactory(subject=s3, unit=t["c3"], product_class=current, name="Bánh phồng tôm"),
        "p6": ProductFactory(subject=s3, unit=t["c3"], product_class=current, name="Mật ong hoa tràm"),
        "p7": ProductFactory(subject=s4, unit=other_unit, product_class=current, name="Vú sữa Lò Rèn"),
        "p8": ProductFactory(subject=s2, unit=t["c2"], product_class=current, name="Trà tim sen"),
        "p9": ProductFactory(subject=s2, unit=t["c2"], product_class=current, name="Mứt sen"),
        "p10": ProductFactory(subject=s2, unit=t["c2"], product_class=current, name="Bột sen"),
    }
    authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=t["province"])
    other_authority = AuthorityFactory(name="UBND tỉnh Tiền Giang", unit=other_unit)
    admin = make_user(role=Role.ADMINISTRATOR, unit=t["country"])
    new, upgrade = RecognitionKind.NEW, RecognitionKind.UPGRADE
    recognise(office, authority, d("2019-12-31"), (p["p3"], 3, Decimal("60"), new))
    recognise(office, authority, d("2020-01-01"), (p["p4"], 4, Decimal("75"), new))
    recognise(office, authority, d("2020-05-05"), (p["p6"], 3, Decimal("62"), new))
    d2021 = recognise(office, authority, d("2021-03-10"), (p["p5"], 3, Decimal("58"), new))
    recognise(office, authority, d("2022-06-30"), (p["p1"], 3, Decimal("65"), new))
    recognise(office, authority, d("2022-07-01"), (p["p2"], 4, Decimal("78"), new))
    recognise(admin, other_authority, d("2022-03-01"), (p["p7"], 3, Decimal("61"), new))
    revoke(office, authority, d("2022-09-15"), (d2021.recognitions.get(), RevocationGround.PRODUCTION_STOPPED))
    recognise(office, authority, d("2022-12-31"), (p["p6"], 4, Decimal("76"), upgrade))
    recognise(office, authority, d("2023-01-01"), (p["p8"], 3, Decimal("59"), new))

    qd1048 = RuleSetFactory(code="qd1048")
    round1 = RoundFactory(year=2022, sequence=1, rule_set=qd1048, unit=t["province"], opens_on=d("2022-02-01"))
    round2 = RoundFactory(year=2022, sequence=2, rule_set=qd1048, unit=t["province"], opens_on=d("2022-07-15"))
    round2023 = RoundFactory(year=2023, sequence=1, unit=t["province"], opens_on=d("2023-01-05"))
    decided, approved = RegistrationStatus.DECIDED, RegistrationStatus.APPROVED
    RegistrationFactory(round=round1, product=p["p1"], kind=RegistrationKind.NEW, status=decided)
    RegistrationFactory(round=round1, product=p["p6"], kind=RegistrationKind.UPGRADE, status=decided)
    RegistrationFactory(round=round1, product=p["p9"], kind=RegistrationKind.NEW, status=approved)
    RegistrationFactory(round=round1, product=p["p10"], kind=RegistrationKind.NEW, status=RegistrationStatus.DRAFT)
    RegistrationFactory(round=round2, product=p["p2"], kind=RegistrationKind.NEW, status=decided)
    RegistrationFactory(round=round2023, product=p["p8"], kind=RegistrationKind.NEW, status=decided)

    _channel(p["p1"], "Postmart")
    _channel(p["p4"], "Co.opmart")
    _channel(p["p6"], "Postmart")
    _channel(p["p6"], "AEON")
    _channel(p["p3"], "Shopee")  # expired at the end of 2022: not counted

    plan = PlanFactory(unit=t["province"], year=2022)
    BudgetLineFactory(plan=plan, source=source("ntp_nrd"), planned_mvnd=Decimal("100"), disbursed_mvnd=Decimal("80.5"))
    BudgetLineFactory(
        plan=plan, source=source("local_province"), unit=t["d1"], planned_mvnd=None, disbursed_mvnd=Decimal("19.5")
    )
    other_plan = PlanFactory(unit=other_unit, year=2022)
    BudgetLineFactory(plan=other_plan, source=source("ntp_nrd"), disbursed_mvnd=Decimal("999"))
    TargetFactory(plan=plan, number="(1)", indicator_type=IndicatorType.NEW_PRODUCTS_3STAR, target_value=Decimal("1"))
    ActivityFactory(unit=t["province"], start_date=d("2022-12-31"), sessions=2, participants=40, women_participants=22)
    ActivityFactory(unit=t["d1"], kind=ActivityKind.COMMUNICATION, start_date=d("2022-01-01"), sessions=26,
                    participants=None, women_participants=None)  # fmt: skip
    ActivityFactory(unit=t["province"], start_date=d("2023-01-01"))
    return {"products": p, "subjects": {"s1": s1, "s2": s2, "s3": s3, "s4": s4}, "tree": t, "office": office}


@pytest.fixture
def eager_celery(settings):
    """Run report tasks in-process (the broker may be configured in the environment)."""
    from ocop_portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
