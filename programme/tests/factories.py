"""Factories for the programme app. Funding sources come from the data migration (``source(code)``)."""

import datetime
from decimal import Decimal

import factory

from areas.tests.factories import UnitFactory
from programme.indicators import IndicatorType
from programme.models import Activity, ActivityKind, BudgetLine, BudgetTask, FundingSource, Plan, PlanStatus, Target


def source(code):
    return FundingSource.objects.get(code=code)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    unit = factory.SubFactory(UnitFactory)
    year = 2023
    number = factory.Sequence(lambda n: f"{n + 1}/KH-UBND")
    issued_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 4, 10))
    title = factory.LazyAttribute(lambda o: f"Kế hoạch triển khai thực hiện Chương trình OCOP năm {o.year}")
    issuer = "UBND tỉnh Đồng Tháp"
    status = PlanStatus.DRAFT


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: f"({n + 1})")
    order = factory.Sequence(lambda n: n + 1)
    indicator_type = IndicatorType.NEW_PRODUCTS_3STAR
    title = "Có ít nhất 50 sản phẩm mới được công nhận đạt chuẩn OCOP 3 sao trở lên"
    target_value = Decimal("50")


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    plan = factory.SubFactory(PlanFactory)
    source = factory.LazyFunction(lambda: source("ntp_nrd"))
    unit = factory.LazyAttribute(lambda o: o.plan.unit)
    task = BudgetTask.GENERAL
    planned_mvnd = Decimal("100")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    kind = ActivityKind.TRAINING
    title = factory.Sequence(lambda n: f"Lớp tập huấn thương mại điện tử số {n + 1}")
    start_date = datetime.date(2023, 5, 10)
    unit = factory.SubFactory(UnitFactory)
    organiser = "Sở Công Thương"
    sessions = 1
    participants = 40
    women_participants = 22
