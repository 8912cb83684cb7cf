"""Import of issuing authorities keyed by their stable code."""

import pytest

from audit.models import AuditEntry
from decisions.models import Authority, AuthorityLevel
from decisions.tests.factories import AuthorityFactory

from .golive_helpers import commit, filled_template, import_rows, messages_of, upload

pytestmark = pytest.mark.django_db


def authority(code="province-87", name="UBND tỉnh Đồng Tháp", unit="87", **extra):
    row = {
        "Mã cơ quan": code,
        "Tên cơ quan": name,
        "Cấp": "Tỉnh",
        "Mã đơn vị hành chính": unit,
        "Ký hiệu số quyết định": "QĐ-UBND-HC",
    }
    row.update(extra)
    return row


def test_round_trip_and_two_authorities_with_one_name(client, office, area_tree):
    rows = [
        authority(),
        authority(code="province-87-cu", name="UBND tỉnh Đồng Tháp", **{"Đang sử dụng": "Không"}),
        authority(code="district-D1", name="UBND huyện 1", unit="D1", **{"Cấp": "district"}),
    ]
    job = import_rows(client, office, "authorities", rows)
    assert job.created_count == 3
    province = Authority.objects.get(code="province-87")
    assert (province.unit, province.level, province.number_suffix, province.is_active) == (
        area_tree["province"],
        AuthorityLevel.PROVINCE,
        "QĐ-UBND-HC",
        True,
    )
    assert province.header_name == "UBND TỈNH ĐỒNG THÁP"
    assert not Authority.objects.get(code="province-87-cu").is_active
    assert Authority.objects.get(code="district-D1").unit == area_tree["d1"]

    entries = AuditEntry.objects.count()
    job = import_rows(client, office, "authorities", rows)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 3)
    assert AuditEntry.objects.count() == entries

    job = import_rows(client, office, "authorities", [authority(name="Ủy ban nhân dân tỉnh Đồng Tháp")])
    assert job.updated_count == 1
    assert Authority.objects.get(code="province-87").name == "Ủy ban nhân dân tỉnh Đồng Tháp"
    assert Authority.objects.count() == 3


def test_dry_run_changes_nothing(client, office, area_tree):
    job = upload(client, office, "authorities", filled_template(client, office, "authorities", [authority()]))
    assert job.created_count == 1 and job.error_count == 0
    assert Authority.objects.count() == 0


def test_one_bad_row_and_a_foreign_unit_write_nothing(client, office, area_tree):
    AuthorityFactory(code="province-82", unit=area_tree["other_province"], name="UBND tỉnh Tiền Giang")
    rows = [
        authority(),
        authority(code="tw-1", name="Bộ", **{"Cấp": "Xã"}),
        authority(code="province-82", name="UBND tỉnh Tiền Giang", unit="82"),
    ]
    job = upload(client, office, "authorities", filled_template(client, office, "authorities", rows))
    messages = messages_of(job)
    assert job.error_count == 2
    assert any("Trung ương" in message and "Huyện" in message for message in messages)  # lists the accepted forms
    assert any("ngoài địa bàn bạn quản lý" in message for message in messages)
    commit(client, job)
    assert list(Authority.objects.values_list("code", flat=True)) == ["province-82"]


def test_the_level_must_match_the_unit(client, office, area_tree):
    job = upload(client, office, "authorities", filled_template(client, office, "authorities", [authority(unit="D1")]))
    assert any("phải gắn với một đơn vị cấp tỉnh" in message for message in messages_of(job))
