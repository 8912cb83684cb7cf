"""``generate_data``: consistent data (decisions, 36 months, sheets that add up), reproducible, and it never
overwrites data it did not generate unless --force."""

import hashlib
from decimal import Decimal

import pytest
from django.core.management import CommandError
from django.db.models import Count, Sum

from accounts.models import User
from areas.models import AdministrativeUnit, UnitLevel
from dashboard.models import GeneratedDataset
from dashboard.tests.conftest import generate
from decisions.models import Decision, DecisionStatus, Recognition, Revocation, validity_end
from decisions.selectors import stored_status_drift
from evaluations import rating
from evaluations.models import Criterion, Registration, RegistrationStatus, ScoreLine, ScoreSheet, SheetStatus
from evaluations.selectors import registration_result
from products.models import Product
from subjects.tests.factories import SubjectFactory


def fingerprint():
    rows = list(
        Recognition.objects.order_by("product__name", "valid_from", "stars").values_list(
            "product__name", "product__subject__name", "stars", "valid_from", "score", "kind"
        )
    )
    rows += list(Registration.objects.order_by("product__name", "round__year").values_list("product__name", "score"))
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.mark.django_db
def test_tiny_dataset_is_consistent():
    generate()
    assert Product.objects.count() == 80
    assert AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, valid_to__isnull=True).count() == 1
    assert AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, valid_to__isnull=False).count() == 2

    # Every recognition belongs to an issued decision and is valid 36 months from the decision date.
    recognitions = list(Recognition.objects.select_related("decision"))
    assert recognitions
    for recognition in recognitions:
        assert recognition.decision.status == DecisionStatus.ISSUED
        assert recognition.valid_from == recognition.decision.date
        assert recognition.valid_until == validity_end(recognition.valid_from)
        assert 3 <= recognition.stars <= 5
    # ...and comes from a decided registration that points back at it, with the same score and stars.
    for recognition in recognitions:
        registration = recognition.registration
        assert registration.status == RegistrationStatus.DECIDED
        assert registration.decision_item == recognition
        assert (registration.score, registration.stars) == (recognition.score, recognition.stars)
    # Revocations are issued decisions naming recognitions of earlier decisions.
    for revocation in Revocation.objects.select_related("decision", "recognition__decision"):
        assert revocation.decision.status == DecisionStatus.ISSUED
        assert revocation.decision.date >= revocation.recognition.decision.date
    # Decision numbers are unique per authority and year.
    assert not Decision.objects.values("authority", "year", "number").annotate(n=Count("pk")).filter(n__gt=1)
    # The OCOP status stored on the products is the one the decisions give today, and some products are recognised.
    assert stored_status_drift(Product.objects.all()) == []
    assert Product.objects.filter(ocop_status="valid", ocop_stars__isnull=False).exists()


@pytest.mark.django_db
def test_score_sheets_add_up_to_the_registration_score():
    generate()
    scored = Registration.objects.annotate(sheet_count=Count("sheets")).filter(sheet_count__gt=0)
    assert scored.count() > 10
    for registration in scored.select_related("round"):
        sheets = list(ScoreSheet.objects.filter(registration=registration).annotate(total=Sum("lines__option__points")))
        assert len(sheets) == 5  # a five-member council, the secretary does not score
        assert all(sheet.status == SheetStatus.SUBMITTED for sheet in sheets)
        expected_lines = Criterion.objects.filter(section__part__criteria_set=sheets[0].criteria_set_id).count()
        assert all(ScoreLine.objects.filter(sheet=sheet).count() == expected_lines for sheet in sheets)
        assert registration.score == rating.mean([sheet.total for sheet in sheets])
        # The evaluations app, reading the same sheets, finds the same score and stars.
        result = registration_result(registration)
        assert (result.score, result.stars) == (registration.score, registration.stars)
    # 1048-era rounds (no criteria sheets loaded in the portal) carry the council's mean only.
    assert Registration.objects.filter(round__rule_set__code="qd1048", sheets__isnull=True, score__isnull=False)


@pytest.mark.django_db
def test_same_seed_same_data_and_generated_data_is_replaced():
    generate(seed=7)
    first = fingerprint()
    generate(seed=7)  # the database holds only generated data: it is replaced, not added to
    assert fingerprint() == first
    assert Product.objects.count() == 80
    generate(seed=8)
    assert fingerprint() != first
    assert GeneratedDataset.objects.count() == 3


@pytest.mark.django_db
def test_refuses_a_database_with_other_data_unless_forced(make_user):
    SubjectFactory()  # the demo, or real data
    with pytest.raises(CommandError, match="--force"):
        generate()
    assert Product.objects.count() == 0
    admin = User.objects.create_superuser("root", "root@example.org", "x")
    generate("tiny", 1, "--force")
    assert Product.objects.count() == 80
    assert User.objects.filter(pk=admin.pk, is_superuser=True).exists()  # superusers are kept


@pytest.mark.django_db
def test_generated_data_edited_in_the_portal_is_protected():
    generate()
    SubjectFactory(unit=AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).first())
    with pytest.raises(CommandError):
        generate()


@pytest.mark.django_db
def test_amounts_are_exact_decimals():
    generate()
    from programme.models import BudgetLine

    line = BudgetLine.objects.exclude(planned_mvnd=None).first()
    assert isinstance(line.planned_mvnd, Decimal)
    assert line.planned_mvnd == line.planned_mvnd.quantize(Decimal("0.001"))
