"""One definition of counting (issue #15 item 7): a product recognised more than once in a period counts once, with
the kind and stars of its latest recognition in the period, in the report, the dashboard and the programme targets.
The case that used to disagree: recognised new 3★ and upgraded to 4★ in the same year (the report counted it once
as an upgrade 4★, the "new products" target as new)."""

import datetime
from decimal import Decimal

import pytest

from decisions.tests.factories import AuthorityFactory, recognise
from products.tests.factories import ProductFactory
from programme.indicators import IndicatorType, evaluate
from reports import figures
from reports.periods import Period
from subjects.tests.factories import SubjectFactory

from .factories import TargetFactory

pytestmark = pytest.mark.django_db


def test_new_then_upgraded_in_the_same_year_counts_once_everywhere(area_tree, plan, office):
    authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])
    c1 = area_tree["c1"]
    upgraded = ProductFactory(subject=SubjectFactory(unit=c1), unit=c1, name="Trà sen")
    plain_new = ProductFactory(subject=SubjectFactory(unit=c1), unit=c1, name="Bánh phồng")
    recognise(office, authority, datetime.date(2023, 3, 1), (upgraded, 3), (plain_new, 3))
    recognise(office, authority, datetime.date(2023, 9, 1), (upgraded, 4, None, "upgrade"))

    report = figures.compute(plan.unit, Period.parse("2023"))["recognised"]
    assert report["products"] == 2
    assert report["kinds"]["new"]["products"] == 1  # "Bánh phồng"
    assert report["kinds"]["upgrade"]["products"] == 1  # "Trà sen", under its latest recognition
    assert report["kinds"]["upgrade"]["stars"]["4"] == 1

    target = TargetFactory(plan=plan, indicator_type=IndicatorType.NEW_PRODUCTS_3STAR, target_value=Decimal(10))
    progress = evaluate(target, datetime.date(2024, 6, 30))
    assert progress.actual.value == report["kinds"]["new"]["products"] == 1
    assert set(progress.actual.records) == {plain_new}
