"""Keys the way offices identify things (#19): authorities by code, or by name and the decision's date; products by
the national OCOP product code; unit codes reused by the 2025 structure resolved by the row's date."""

import datetime

import pytest

from accounts.models import Role
from areas.models import LAST_OLD_DAY, REFORM_DAY, UnitLevel
from areas.selectors import unit_for_code
from areas.tests.factories import UnitFactory
from decisions.models import Authority, AuthorityLevel, Decision, Recognition
from decisions.tests.factories import AuthorityFactory, product_in
from imports.models import JobStatus
from products.models import Product
from programme.models import Activity

from .conftest import counts, xlsx_bytes, xlsx_cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def load(client, upload):
    def run(user, kind, rows, expect_errors=False):
        job = upload(user, kind, xlsx_bytes(rows))
        if expect_errors:
            return job
        assert job.error_count == 0, job.preview["errors"]
        client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"})
        job.refresh_from_db()
        assert job.status == JobStatus.DONE, job.outcome
        return job

    return run


@pytest.fixture
def merger(db):
    """Old Đồng Tháp (87) and old Tiền Giang (82) until 30/06/2025, both merged into the new Đồng Tháp, which
    reuses code 82 from 01/07/2025; each with one commune. Two authorities named «UBND tỉnh Đồng Tháp»."""
    country = UnitFactory(code="VN", name="Việt Nam", level=UnitLevel.COUNTRY, unit_type="quốc gia")
    old_dt = UnitFactory(code="87", name="Đồng Tháp", parent=country, valid_to=LAST_OLD_DAY)
    old_tg = UnitFactory(code="82", name="Tiền Giang", parent=country, valid_to=LAST_OLD_DAY)
    new_dt = UnitFactory(code="82", name="Đồng Tháp", parent=country, valid_from=REFORM_DAY)
    old_dt.successors.add(new_dt)
    old_tg.successors.add(new_dt)
    old_commune = UnitFactory(
        code="30001", name="Tân Thành", level=UnitLevel.COMMUNE, unit_type="xã", parent=old_dt, valid_to=LAST_OLD_DAY
    )
    new_commune = UnitFactory(
        code="30002", name="Tân Dương", level=UnitLevel.COMMUNE, unit_type="xã", parent=new_dt, valid_from=REFORM_DAY
    )
    old_commune.successors.add(new_commune)
    old_authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=old_dt, is_active=False)
    new_authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=new_dt)
    return {
        "country": country,
        "old_dt": old_dt,
        "old_tg": old_tg,
        "new_dt": new_dt,
        "old_commune": old_commune,
        "new_commune": new_commune,
        "old_authority": old_authority,
        "new_authority": new_authority,
    }


@pytest.fixture
def merged_office(make_user, merger):
    return make_user(role=Role.COORDINATION_OFFICE, unit=merger["new_dt"], username="vpdp_moi")


RECOGNITION_HEADERS = [
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Số đăng ký kinh doanh của chủ thể",
    "Tên sản phẩm",
    "Hạng sao",
]


# --- authorities ------------------------------------------------------------------------------------------------


def test_authorities_get_a_unique_code_from_level_and_unit(merger):
    old, new = merger["old_authority"], merger["new_authority"]
    assert (old.code, new.code) == ("province-87", "province-82-2025")
    again = AuthorityFactory(name="Sở Nông nghiệp", unit=merger["new_dt"])
    assert again.code == "province-82-2025-2"
    given = AuthorityFactory(name="UBND huyện", level=AuthorityLevel.DISTRICT, unit=merger["old_dt"], code="H-LV")
    assert Authority.objects.get(pk=given.pk).code == "H-LV"


def test_reimporting_an_old_decisions_file_is_unchanged_with_two_authorities_of_one_name(load, merged_office, merger):
    """The issue's case: after the merger two «UBND tỉnh Đồng Tháp»; a 2022 file names the old one by name."""
    a = product_in(merger["old_commune"], name="Hạt sen sấy", subject__registration_number="1400000001")
    b = product_in(merger["old_commune"], name="Xoài sấy dẻo", subject__registration_number="1400000002")
    rows = [
        RECOGNITION_HEADERS,
        ["1446/QĐ-UBND-HC", "29/12/2022", "UBND tỉnh Đồng Tháp", "1400000001", "Hạt sen sấy", 4],
        ["1446/QĐ-UBND-HC", "29/12/2022", "UBND tỉnh Đồng Tháp", "1400000002", "Xoài sấy dẻo", 3],
        ["12/QĐ-UBND-HC", "15/03/2021", "UBND tỉnh Đồng Tháp", "1400000002", "Xoài sấy dẻo", 3],
    ]
    job = load(merged_office, "recognitions", rows)
    assert job.created_count == 3
    assert set(Decision.objects.values_list("authority", flat=True)) == {merger["old_authority"].pk}
    assert Recognition.objects.get(product=a).decision.number == 1446
    assert b.recognitions.count() == 2

    before = counts()
    job = load(merged_office, "recognitions", rows)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 3)
    assert counts() == before


def test_a_2026_row_by_name_goes_to_the_merged_province_authority(load, merged_office, merger):
    product_in(merger["new_commune"], name="Khô cá lóc", subject__registration_number="1400000003")
    rows = [RECOGNITION_HEADERS, ["5/QĐ-UBND-HC", "10/01/2026", "ubnd tinh dong thap", "1400000003", "Khô cá lóc", 3]]
    load(merged_office, "recognitions", rows)
    assert Decision.objects.get().authority == merger["new_authority"]


def test_authority_code_column_wins_over_the_name(load, merged_office, merger):
    product_in(merger["old_commune"], name="Hạt sen sấy", subject__registration_number="1400000001")
    headers = ["Số quyết định", "Ngày quyết định", "Mã cơ quan ban hành", "Số đăng ký kinh doanh của chủ thể"]
    headers += ["Tên sản phẩm", "Hạng sao"]
    rows = [headers, ["7/QĐ-UBND-HC", "01/06/2024", "PROVINCE-87", "1400000001", "Hạt sen sấy", 3]]
    load(merged_office, "recognitions", rows)
    assert Decision.objects.get().authority == merger["old_authority"]

    rows[1][2] = "province-99"
    job = load(merged_office, "recognitions", rows, expect_errors=True)
    error = job.preview["errors"][0]
    assert error["header"] == "Mã cơ quan ban hành"
    assert "không có cơ quan ban hành nào mang mã này" in error["message"] and "province-87" in error["message"]


def test_exported_recognitions_reimport_unchanged_with_the_code_columns(client, load, merged_office, merger):
    product_in(merger["old_commune"], name="Hạt sen sấy", subject__registration_number="1400000001")
    load(
        merged_office,
        "recognitions",
        [RECOGNITION_HEADERS, ["1446/QĐ-UBND-HC", "29/12/2022", "UBND tỉnh Đồng Tháp", "1400000001", "Hạt sen sấy", 4]],
    )
    client.force_login(merged_office)
    exported = client.get("/decisions/recognitions/?export=xlsx&layout=import").content
    cells = xlsx_cells(exported)
    assert "Mã cơ quan ban hành" in cells[0] and "province-87" in cells[1]
    before = counts()
    job = load(merged_office, "recognitions", cells)
    assert job.unchanged_count == 1
    assert counts() == before


# --- products by OCOP code --------------------------------------------------------------------------------------


def test_recognition_rows_find_the_product_by_its_ocop_code(load, merged_office, merger):
    product = product_in(merger["new_commune"], name="Khô cá lóc", subject__registration_number="1400000003")
    Product.objects.filter(pk=product.pk).update(ocop_code="82-869-29926-001-2023")
    headers = ["Số quyết định", "Ngày quyết định", "Cơ quan ban hành", "Mã sản phẩm OCOP"]
    headers += ["Số đăng ký kinh doanh của chủ thể", "Tên sản phẩm", "Hạng sao"]
    # the national file spells the product differently: the code decides
    rows = [headers, ["5/QĐ-UBND-HC", "10/01/2026", "UBND tỉnh Đồng Tháp", " 82-869-29926-001-2023 ", "x", "Cá khô", 3]]
    load(merged_office, "recognitions", rows)
    assert Recognition.objects.get().product == product

    rows[1][3] = "82-869-29926-999-2023"
    job = load(merged_office, "recognitions", rows, expect_errors=True)
    error = job.preview["errors"][0]
    assert error["header"] == "Mã sản phẩm OCOP"
    assert "không có sản phẩm nào mang mã sản phẩm OCOP này" in error["message"]


PRODUCT_HEADERS = ["Số đăng ký kinh doanh của chủ thể", "Tên sản phẩm", "Mã sản phẩm OCOP", "Mã bộ sản phẩm"]


def test_product_import_matches_by_ocop_code_before_the_name(load, office, area_tree):
    product = product_in(area_tree["c1"], name="Trà tim sen", subject__registration_number="1400000001")
    Product.objects.filter(pk=product.pk).update(ocop_code="87-866-30001-001-2022")
    rows = [PRODUCT_HEADERS, ["1400000001", "Trà tim sen Tháp Mười", "87-866-30001-001-2022", "I.5.b"]]
    job = load(office, "products", rows)
    assert (job.created_count, job.updated_count) == (0, 1)  # renamed, not a second product
    product.refresh_from_db()
    assert product.name == "Trà tim sen Tháp Mười"

    other = product_in(area_tree["c1"], name="Mật ong", subject__registration_number="1400000009")
    rows = [PRODUCT_HEADERS, ["1400000009", "Mật ong", "87-866-30001-001-2022", "I.5.b"]]
    job = load(office, "products", rows, expect_errors=True)
    assert "thuộc chủ thể khác" in job.preview["errors"][0]["message"]
    assert other.ocop_code is None


def test_product_import_and_form_store_the_ocop_code(client, load, office, area_tree):
    product_in(area_tree["c1"], name="Trà tim sen", subject__registration_number="1400000001")
    rows = [PRODUCT_HEADERS, ["1400000001", "Trà tim sen", "87-866-30001-001-2022", "I.5.b"]]
    load(office, "products", rows)
    assert Product.objects.get().ocop_code == "87-866-30001-001-2022"
    client.force_login(office)
    page = client.get("/products/?q=87-866-30001-001-2022").content.decode()
    assert "Trà tim sen" in page


def test_product_list_searches_and_shows_the_ocop_code(client, office, area_tree):
    product = product_in(area_tree["c1"], name="Trà tim sen")
    product_in(area_tree["c1"], name="Khô cá lóc")
    Product.objects.filter(pk=product.pk).update(ocop_code="87-866-30001-001-2022")
    client.force_login(office)
    page = client.get("/products/?q=87-866-30001-001-2022").content.decode()
    assert "Trà tim sen" in page and "Khô cá lóc" not in page
    assert "Mã sản phẩm OCOP" in page
    cells = xlsx_cells(client.get("/products/?export=xlsx&layout=import").content)
    assert "Mã sản phẩm OCOP" in cells[0]
    assert "87-866-30001-001-2022" in [value for row in cells[1:] for value in row]


# --- units by code and date -------------------------------------------------------------------------------------


def test_unit_for_code_follows_the_date(merger):
    both = [merger["old_tg"], merger["new_dt"]]
    assert unit_for_code(both, datetime.date(2023, 5, 1)) == merger["old_tg"]
    assert unit_for_code(both, datetime.date(2026, 2, 1)) == merger["new_dt"]
    assert unit_for_code(both) == merger["new_dt"]  # no date: the unit in force today
    # an ended unit's own code on a later row: its successor in force then
    assert unit_for_code([merger["old_commune"]], datetime.date(2026, 2, 1)) == merger["new_commune"]
    assert unit_for_code([merger["new_commune"]], datetime.date(2023, 2, 1)) is None


ACTIVITY_HEADERS = ["Ngày bắt đầu", "Tên hoạt động", "Mã đơn vị hành chính", "Loại hoạt động", "Số người tham dự"]


def test_a_reused_unit_code_means_the_unit_in_force_on_the_rows_date(load, merged_office, merger):
    rows = [
        ACTIVITY_HEADERS,
        ["10/05/2023", "Tập huấn TMĐT", "82", "Đào tạo, tập huấn", 40],
        ["10/03/2026", "Tập huấn TMĐT", "82", "Đào tạo, tập huấn", 35],
    ]
    job = load(merged_office, "activities", rows)
    assert job.created_count == 2
    by_year = {activity.start_date.year: activity.unit for activity in Activity.objects.all()}
    assert by_year == {2023: merger["old_tg"], 2026: merger["new_dt"]}

    before = counts()
    job = load(merged_office, "activities", rows)
    assert job.unchanged_count == 2
    assert counts() == before
