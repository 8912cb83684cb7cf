"""Each computable indicator on a small known dataset, with the period edges (31/12 counts, 01/01 next year not)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Role
from decisions.tests.factories import AuthorityFactory, recognise
from evaluations.models import RegistrationKind, RegistrationStatus
from evaluations.tests.factories import RegistrationFactory, RoundFactory
from products.models import ChannelKind, CraftVillage, ProductChannel, SalesChannel
from products.tests.factories import ProductFactory
from programme import services
from programme.indicators import INDICATORS, IndicatorType, compute, evaluate
from subjects.models import Gender, LegalForm
from subjects.tests.factories import SubjectFactory

from .factories import TargetFactory

pytestmark = pytest.mark.django_db

T = IndicatorType
END_2023 = datetime.date(2023, 12, 31)
LATER = datetime.date(2024, 6, 30)


def d(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def authority(area_tree):
    return AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])


@pytest.fixture
def rec(office, authority):
    """rec("2023-12-31", product, ...) issues one recognition decision (3★, kind "new" unless a tuple says)."""

    def issue(day, *items):
        rows = [item if isinstance(item, tuple) else (item, 3) for item in items]
        return recognise(office, authority, d(day), *rows)

    return issue


@pytest.fixture
def outside(area_tree, make_user):
    """Issue recognitions in the OTHER province (never counted by the plan)."""
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["other_province"])
    authority = AuthorityFactory(name="UBND tỉnh Tiền Giang", unit=area_tree["other_province"])

    def issue(day, *products):
        return recognise(office, authority, d(day), *[(p, 3) for p in products])

    return issue


def product(unit, **kwargs):
    subject = kwargs.pop("subject", None) or SubjectFactory(unit=unit)
    return ProductFactory(subject=subject, unit=unit, **kwargs)


def channel(kind, name):
    return SalesChannel.objects.get_or_create(kind=kind, name=name)[0]


def target(plan, kind, value, **kwargs):
    return TargetFactory(plan=plan, indicator_type=kind, target_value=Decimal(value), **kwargs)


def records_of(progress):
    return set(progress.actual.records)


def test_registry_covers_every_indicator_type():
    assert set(INDICATORS) == set(IndicatorType.values)
    for indicator in INDICATORS.values():
        assert indicator.label and callable(indicator.compute)


# --- counts in the year ----------------------------------------------------------------------------------------


def test_new_products_count_distinct_new_recognitions_dated_in_the_year(area_tree, plan, rec, outside):
    c1, c2, c3 = area_tree["c1"], area_tree["c2"], area_tree["c3"]
    on_first_day, on_last_day, next_year, last_year = product(c1), product(c2), product(c3), product(c1)
    upgraded, twice = product(c2), product(c3)
    rec("2022-12-31", last_year)
    rec("2023-01-01", on_first_day, twice)
    rec("2023-06-15", (upgraded, 4, None, "upgrade"), (twice, 4, None, "new"))
    rec("2023-12-31", on_last_day)
    rec("2024-01-01", next_year)
    outside("2023-05-05", product(area_tree["other_province"]))
    t = target(plan, T.NEW_PRODUCTS_3STAR, 50)

    progress = evaluate(t, LATER)
    assert progress.actual.value == 3  # first day, last day, "twice" once; not 2022, 2024, upgrade, outside
    assert records_of(progress) == {on_first_day, on_last_day, twice}
    assert progress.goal == 50 and progress.percent == Decimal("6.00") and not progress.met

    assert evaluate(t, d("2023-12-30")).actual.value == 2  # the 31/12 decision is not there yet
    assert evaluate(t, d("2022-12-31")).actual.value == 0  # before the plan year


def test_five_star_support_counts_flagged_products_of_the_area(area_tree, plan):
    product(area_tree["c1"], potential_five_star=True)
    product(area_tree["c2"], potential_five_star=True)
    product(area_tree["c3"])
    product(area_tree["other_province"], potential_five_star=True)
    progress = evaluate(target(plan, T.FIVE_STAR_SUPPORT, 9), END_2023)
    assert progress.actual.value == 2
    assert progress.percent == Decimal("22.22")


# --- re-evaluation share -----------------------------------------------------------------------------------------


def test_reevaluation_share_of_products_recognised_three_years_before(area_tree, plan, rec):
    c1 = area_tree["c1"]
    reevaluated, not_yet, draft_only, from_2021 = product(c1), product(c1), product(c1), product(c1)
    rec("2020-05-05", reevaluated, not_yet, draft_only)
    rec("2021-05-05", from_2021)
    round_2023 = RoundFactory(year=2023, unit=area_tree["province"], opens_on=d("2023-03-01"))
    round_2024 = RoundFactory(year=2024, unit=area_tree["province"], opens_on=d("2024-03-01"))
    submitted = timezone.make_aware(datetime.datetime(2023, 3, 10, 9, 0))
    kind, status = RegistrationKind.RE_EVALUATION, RegistrationStatus.SUBMITTED
    RegistrationFactory(round=round_2023, product=reevaluated, kind=kind, status=status, submitted_at=submitted)
    RegistrationFactory(round=round_2023, product=draft_only, kind=kind, status=RegistrationStatus.DRAFT)
    RegistrationFactory(round=round_2024, product=not_yet, kind=kind, status=status, submitted_at=submitted)
    RegistrationFactory(round=round_2023, product=from_2021, kind=kind, status=status, submitted_at=submitted)
    t = target(plan, T.REEVALUATION_SHARE, 50)

    progress = evaluate(t, END_2023)
    assert (progress.actual.numerator, progress.actual.denominator) == (1, 3)
    assert progress.actual.value == Decimal("33.33")
    assert not progress.met
    counted = {p for p in progress.actual.records if p.counted}
    assert counted == {reevaluated}
    assert evaluate(t, d("2023-03-09")).actual.value == Decimal("0.00")  # submitted on 10/03


# --- per district ------------------------------------------------------------------------------------------------


def test_new_cooperative_per_district_with_breakdown(area_tree, plan, rec):
    c1, c2, c3 = area_tree["c1"], area_tree["c2"], area_tree["c3"]
    coop_d1 = SubjectFactory(unit=c1, legal_form=LegalForm.COOPERATIVE)
    coop_d2_old = SubjectFactory(unit=c2, legal_form=LegalForm.COOPERATIVE)
    household_d3 = SubjectFactory(unit=c3, legal_form=LegalForm.HOUSEHOLD)
    coop_d3_late = SubjectFactory(unit=c3, legal_form=LegalForm.COOPERATIVE)
    rec("2023-12-31", product(c1, subject=coop_d1), product(c3, subject=household_d3))
    rec("2022-06-01", product(c2, subject=coop_d2_old))
    rec("2023-06-01", product(c2, subject=coop_d2_old))  # not new: first recognised in 2022
    rec("2024-01-01", product(c3, subject=coop_d3_late))
    t = target(plan, T.NEW_COOPERATIVE_PER_DISTRICT, 1)

    progress = evaluate(t, LATER)
    rows = {row.unit.code: (row.value, row.met) for row in progress.actual.breakdown}
    assert rows == {"D1": (1, True), "D2": (0, False), "D3": (0, False)}
    assert progress.actual.value == 1 and progress.goal == 3 and not progress.met
    assert records_of(progress) == {coop_d1}

    late_d2 = SubjectFactory(unit=c2, legal_form=LegalForm.COOPERATIVE)
    late_d3 = SubjectFactory(unit=c3, legal_form=LegalForm.COOPERATIVE)
    rec("2023-12-31", product(c2, subject=late_d2), product(c3, subject=late_d3))
    progress = evaluate(t, LATER)
    assert progress.met and progress.percent == Decimal("100.00")


def test_value_chains_per_district(area_tree, plan):
    product(area_tree["c1"], circular_value_chain=True)
    product(area_tree["c1"], circular_value_chain=True)
    product(area_tree["c2"], circular_value_chain=True)
    product(area_tree["c3"])
    t = target(plan, T.VALUE_CHAIN_PER_DISTRICT, 1)
    progress = evaluate(t, END_2023)
    assert [row.value for row in progress.actual.breakdown] == [2, 1, 0]
    assert progress.actual.value == 2 and not progress.met
    product(area_tree["c3"], circular_value_chain=True)
    assert evaluate(t, END_2023).met


def test_craft_village_products_only_in_districts_with_craft_villages(area_tree, plan, rec):
    village = CraftVillage.objects.create(name="Làng nghề bánh phồng Sa Đéc", unit=area_tree["c1"])
    new_from_village = product(area_tree["c1"], craft_village=village)
    older_from_village = product(area_tree["c1"], craft_village=village)
    rec("2022-11-11", older_from_village)
    rec("2023-12-31", new_from_village, product(area_tree["c2"]))
    t = target(plan, T.CRAFT_VILLAGE_PER_DISTRICT, 1)
    progress = evaluate(t, LATER)
    assert [(row.unit.code, row.value) for row in progress.actual.breakdown] == [("D1", 1)]
    assert progress.met
    assert records_of(progress) == {new_from_village}
    assert not evaluate(t, d("2023-12-30")).met


# --- shares of OCOP subjects and products ----------------------------------------------------------------------


def test_sme_share_counts_only_subjects_with_an_ocop_product_in_force(area_tree, plan, rec):
    c1 = area_tree["c1"]
    sme = SubjectFactory(unit=c1, is_sme=True)
    others = [SubjectFactory(unit=c1, is_sme=False) for _ in range(3)]
    expired_sme = SubjectFactory(unit=c1, is_sme=True)
    SubjectFactory(unit=c1, is_sme=True)  # no product at all
    rec("2023-04-01", *[product(c1, subject=s) for s in [sme, *others]])
    rec("2019-01-10", product(c1, subject=expired_sme))  # 36 months ended on 09/01/2022
    progress = evaluate(target(plan, T.SME_SHARE, 30), END_2023)
    assert (progress.actual.numerator, progress.actual.denominator) == (1, 4)
    assert progress.actual.value == Decimal("25.00")
    assert progress.percent == Decimal("83.33") and not progress.met


def test_qualified_workforce_share_is_a_sum_over_ocop_subjects(area_tree, plan, rec):
    c1 = area_tree["c1"]
    a = SubjectFactory(unit=c1, workforce_total=10, workforce_local=5, workforce_qualified=2)
    b = SubjectFactory(unit=c1, workforce_total=30, workforce_local=5, workforce_qualified=1)
    SubjectFactory(unit=c1, workforce_total=100, workforce_local=5, workforce_qualified=100)  # not OCOP
    rec("2023-02-02", product(c1, subject=a), product(c1, subject=b))
    progress = evaluate(target(plan, T.QUALIFIED_WORKFORCE_SHARE, 10), END_2023)
    assert (progress.actual.numerator, progress.actual.denominator) == (3, 40)
    assert progress.actual.value == Decimal("7.50") and not progress.met


def test_female_led_share_and_increase_against_last_year(area_tree, plan, rec):
    c1 = area_tree["c1"]
    woman_2022 = SubjectFactory(unit=c1, representative_gender=Gender.FEMALE)
    woman_2023 = SubjectFactory(unit=c1, representative_gender=Gender.FEMALE)
    man = SubjectFactory(unit=c1, representative_gender=Gender.MALE)
    rec("2022-03-01", product(c1, subject=woman_2022), product(c1, subject=man))
    rec("2023-12-31", product(c1, subject=woman_2023))

    share = evaluate(target(plan, T.FEMALE_LED_SHARE, 40), END_2023)
    assert share.actual.value == Decimal("66.67") and share.met

    increase = target(plan, T.FEMALE_LED_INCREASE, 6)
    progress = evaluate(increase, END_2023)
    assert (progress.actual.numerator, progress.actual.denominator, progress.actual.value) == (2, 1, 1)
    assert records_of(progress) == {woman_2022, woman_2023}
    assert evaluate(increase, d("2023-12-30")).actual.value == 0

    increase.baseline_value = Decimal("0")  # last year's figure stored instead of computed
    assert evaluate(increase, END_2023).actual.value == 2


def test_modern_retail_share_of_subjects(area_tree, plan, rec):
    c1 = area_tree["c1"]
    retail = channel(ChannelKind.MODERN_RETAIL, "Co.opmart Cao Lãnh")
    shop = channel(ChannelKind.ECOMMERCE, "Shopee")
    in_retail, online_only = product(c1), product(c1)
    ProductChannel.objects.create(product=in_retail, channel=retail)
    ProductChannel.objects.create(product=online_only, channel=shop)
    rec("2023-05-05", in_retail, online_only)
    progress = evaluate(target(plan, T.MODERN_RETAIL_SHARE, 50), END_2023)
    assert progress.actual.value == Decimal("50.00") and progress.met


def test_online_and_postmart_shares_of_ocop_products(area_tree, plan, rec):
    c1 = area_tree["c1"]
    postmart = channel(ChannelKind.ECOMMERCE, "Postmart.vn")
    shopee = channel(ChannelKind.ECOMMERCE, "Shopee")
    on_postmart, on_shopee, offline, not_ocop = product(c1), product(c1), product(c1), product(c1)
    ProductChannel.objects.create(product=on_postmart, channel=postmart)
    ProductChannel.objects.create(product=on_shopee, channel=shopee)
    ProductChannel.objects.create(product=not_ocop, channel=postmart)
    rec("2023-05-05", on_postmart, on_shopee, offline)

    online = evaluate(target(plan, T.ONLINE_SHARE, 100), END_2023)
    assert (online.actual.numerator, online.actual.denominator, online.actual.value) == (2, 3, Decimal("66.67"))
    on_pm = evaluate(target(plan, T.POSTMART_SHARE, 100), END_2023)
    assert on_pm.actual.value == Decimal("33.33") and not on_pm.met
    assert {p for p in on_pm.actual.records if p.counted} == {on_postmart}


def test_tourist_kiosks_count_kiosks_selling_products_of_the_area(area_tree, plan):
    k1 = channel(ChannelKind.TOURIST_KIOSK, "Quầy OCOP Khu di tích Gò Tháp")
    k2 = channel(ChannelKind.TOURIST_KIOSK, "Quầy OCOP Vườn quốc gia Tràm Chim")
    k3 = channel(ChannelKind.TOURIST_KIOSK, "Quầy OCOP Mỹ Tho")
    for kiosk, unit in ((k1, "c1"), (k1, "c2"), (k2, "c3"), (k3, "other_province")):
        ProductChannel.objects.create(product=product(area_tree[unit]), channel=kiosk)
    progress = evaluate(target(plan, T.TOURIST_KIOSKS, 3), END_2023)
    assert progress.actual.value == 2 and not progress.met
    assert {(k.name, k.product_count) for k in progress.actual.records} == {(k1.name, 2), (k2.name, 1)}


# --- entered, district plans, cache ----------------------------------------------------------------------------


def test_free_text_target_uses_the_entered_value_with_evidence(plan, office):
    t = target(plan, T.FREE_TEXT, 1, unit_label="lần")
    assert compute(t).value is None and not evaluate(t).met
    services.target_record_actual(actor=office, target=t, value=Decimal("1"), evidence_text="Công văn 12/SCT")
    t.refresh_from_db()
    progress = evaluate(t)
    assert progress.actual.entered and progress.actual.value == 1 and progress.met
    assert t.entered_by == office and t.entered_at is not None


def test_a_district_plan_counts_only_its_district(area_tree, district_plan, rec):
    rec("2023-03-03", product(area_tree["c1"]), product(area_tree["c2"]))
    progress = evaluate(target(district_plan, T.NEW_PRODUCTS_3STAR, 1), END_2023)
    assert progress.actual.value == 1 and progress.met
    breakdown = evaluate(target(district_plan, T.VALUE_CHAIN_PER_DISTRICT, 1), END_2023).actual.breakdown
    assert [row.unit.code for row in breakdown] == ["D1"]


def test_targets_of_the_same_type_share_one_computation(plan, django_assert_max_num_queries):
    targets = [target(plan, T.FIVE_STAR_SUPPORT, n + 1) for n in range(5)]
    cache = {}
    evaluate(targets[0], END_2023, cache=cache)
    with django_assert_max_num_queries(0):
        results = [evaluate(t, END_2023, cache=cache) for t in targets[1:]]
    assert [r.goal for r in results] == [2, 3, 4, 5]
