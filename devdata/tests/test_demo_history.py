"""The demo carries old Đồng Tháp's 2019–2022 history into 2023–2026 (issue #14, item 8): the number of valid
products stays realistic after the 2019–2022 certificates end, the 2022 report is unchanged, and the merged
province's rounds register products still recorded under the old communes."""

import datetime
import os

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from areas.selectors import find_unit
from decisions.models import Decision, Recognition
from decisions.selectors import valid_recognitions
from evaluations.models import Registration
from reports.figures import compute

END_2022 = datetime.date(2022, 12, 31)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


def _valid(on):
    office = User.objects.get(username="vpdp.dongthap")
    return valid_recognitions(office, on).count()


def test_the_2022_report_still_reproduces_the_seed_plan(seeded, db):
    figures = compute(find_unit("87", on=END_2022), "2022")
    valid = figures["valid"]
    assert (valid["products"], valid["subjects"]) == (357, 119)
    assert valid["stars"] == {"3": 275, "4": 82, "5": 0}
    assert figures["recognised"]["products"] == 156


def test_valid_products_do_not_collapse_after_the_2019_2022_certificates_end(seeded, db):
    counts = {year: _valid(datetime.date(year, 12, 31)) for year in (2022, 2023, 2024, 2025)}
    counts["today"] = _valid(None)
    assert counts[2022] >= 357
    for key in (2023, 2024, 2025, "today"):
        assert counts[key] >= 300, counts  # was 37 on 31/12/2025 without the re-evaluations
    assert Recognition.objects.filter(kind="upgrade", decision__date__year__gte=2023).count() >= 10


def test_the_merged_province_re_evaluates_products_of_the_old_communes(seeded, db):
    new_province = find_unit("82", on=datetime.date(2025, 12, 31))
    decision = Decision.objects.get(number_display="2950/QĐ-UBND-HC", authority__unit=new_province)
    recognitions = list(decision.recognitions.select_related("product__unit", "registration__round"))
    assert len(recognitions) > 50
    for recognition in recognitions:
        assert recognition.product.unit.valid_to == datetime.date(2025, 6, 30)  # entered under an old commune
        assert recognition.registration.round.unit == new_province
    assert Registration.objects.filter(round__unit=new_province, stars__isnull=True).exists()  # some fail


def test_seed_demo_is_still_idempotent(seeded, db):
    counts = (Decision.objects.count(), Recognition.objects.count(), Registration.objects.count())
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert (Decision.objects.count(), Recognition.objects.count(), Registration.objects.count()) == counts
