"""Import of yearly plans with their targets: one row per target, keyed by (year, unit, kind of target)."""

from decimal import Decimal

import pytest

from audit.models import AuditEntry
from programme.indicators import IndicatorType
from programme.models import Plan, Target

from .golive_helpers import commit, filled_template, import_rows, messages_of, upload

pytestmark = pytest.mark.django_db

NEW_3STAR = str(IndicatorType.NEW_PRODUCTS_3STAR.label)


def target(unit="87", kind=NEW_3STAR, value=30, year=2023, **extra):
    row = {
        "Năm kế hoạch": year,
        "Mã đơn vị hành chính của kế hoạch": unit,
        "Số, ký hiệu kế hoạch": "81/KH-UBND",
        "Ngày ban hành kế hoạch": "10/04/2023",
        "Cơ quan ban hành kế hoạch": "UBND tỉnh Đồng Tháp",
        "Loại chỉ tiêu": kind,
        "Giá trị chỉ tiêu": value,
    }
    row.update(extra)
    return row


def test_round_trip_creates_the_plan_and_its_targets(client, office, area_tree):
    rows = [
        target(),
        target(kind="sme_share", value="12,5"),
        target(kind="Chỉ tiêu khác (nhập kết quả kèm minh chứng)", value=5, **{"Nội dung chỉ tiêu": "Hội chợ OCOP"}),
    ]
    job = import_rows(client, office, "plans", rows)
    assert job.created_count == 3
    plan = Plan.objects.get()
    assert (plan.unit, plan.year, plan.number, plan.issuer) == (
        area_tree["province"],
        2023,
        "81/KH-UBND",
        "UBND tỉnh Đồng Tháp",
    )
    values = dict(Target.objects.values_list("indicator_type", "target_value"))
    assert values == {
        IndicatorType.NEW_PRODUCTS_3STAR: Decimal("30"),
        IndicatorType.SME_SHARE: Decimal("12.5"),
        IndicatorType.FREE_TEXT: Decimal("5"),
    }
    assert AuditEntry.objects.filter(object_id__in=[str(t.pk) for t in Target.objects.all()]).count() >= 3


def test_dry_run_and_idempotent_reimport(client, office, area_tree):
    rows = [target(), target(kind="sme_share", value=40)]
    job = upload(client, office, "plans", filled_template(client, office, "plans", rows))
    assert job.created_count == 2 and job.error_count == 0
    assert Plan.objects.count() == Target.objects.count() == 0

    import_rows(client, office, "plans", rows)
    entries = AuditEntry.objects.count()
    job = import_rows(client, office, "plans", rows)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 2)
    assert AuditEntry.objects.count() == entries

    job = import_rows(client, office, "plans", [target(value=45)])
    assert job.updated_count == 1
    assert Target.objects.get(indicator_type=IndicatorType.NEW_PRODUCTS_3STAR).target_value == Decimal("45")
    assert Target.objects.count() == 2


def test_one_bad_row_writes_nothing(client, office, area_tree):
    rows = [target(), target(kind="Chỉ tiêu không có"), target(kind="sme_share", value="abc")]
    job = upload(client, office, "plans", filled_template(client, office, "plans", rows))
    messages = messages_of(job)
    assert job.error_count == 2
    assert any("không có trong danh sách" in message and NEW_3STAR in message for message in messages)
    commit(client, job)
    assert Plan.objects.count() == Target.objects.count() == 0


def test_rows_of_one_plan_must_agree_and_stay_in_the_area(client, office, officer, area_tree):
    rows = [target(), target(kind="sme_share", **{"Số, ký hiệu kế hoạch": "99/KH-UBND"})]
    job = upload(client, office, "plans", filled_template(client, office, "plans", rows))
    assert any("mọi dòng của cùng một kế hoạch" in message for message in messages_of(job))

    job = upload(client, office, "plans", filled_template(client, office, "plans", [target(unit="82")]))
    assert any("ngoài địa bàn bạn quản lý" in message for message in messages_of(job))

    job = upload(client, officer, "plans", filled_template(client, officer, "plans", [target(unit="D2")]))
    assert any("ngoài địa bàn bạn quản lý" in message for message in messages_of(job))
    commit(client, job)
    assert Plan.objects.count() == 0
