"""``?export=xlsx|csv`` on list pages: same filters and area scope as the page, Excel-friendly files."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from accounts.models import Role
from decisions.tests.factories import AuthorityFactory, product_in, recognise
from programme.models import BudgetTask
from programme.tests.factories import ActivityFactory, BudgetLineFactory, PlanFactory
from subjects.models import LegalForm
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db


def rows_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        assert content.startswith(b"\xef\xbb\xbf")
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def subjects(area_tree):
    return {
        "c1": SubjectFactory(name="HTX Một", unit=area_tree["c1"], legal_form=LegalForm.COOPERATIVE),
        "d1": SubjectFactory(name="Công ty Hai", unit=area_tree["d1"], legal_form=LegalForm.JOINT_STOCK),
        "c2": SubjectFactory(name="HTX Ba", unit=area_tree["c2"], legal_form=LegalForm.COOPERATIVE),
    }


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_officer_export_never_contains_another_district(client, officer, subjects, area_tree, fmt):
    client.force_login(officer)
    rows = rows_of(client.get(f"/subjects/?export={fmt}"))
    names = sorted(row[0] for row in rows[1:])
    assert names == ["Công ty Hai", "HTX Một"]
    # Asking for another district's unit in the filter does not widen the scope.
    rows = rows_of(client.get(f"/subjects/?unit={area_tree['d2'].pk}&export={fmt}"))
    assert "HTX Ba" not in [row[0] for row in rows[1:]]
    # The importer's layout is scoped the same way.
    rows = rows_of(client.get(f"/subjects/?export={fmt}&layout=import"))
    assert sorted(row[1] for row in rows[1:]) == ["Công ty Hai", "HTX Một"]


def test_export_applies_the_page_filters_and_sort(client, office, subjects):
    client.force_login(office)
    rows = rows_of(client.get("/subjects/?legal_form=cooperative&sort=-name&page=2&export=csv"))
    assert [row[0] for row in rows[1:]] == ["HTX Một", "HTX Ba"]
    rows = rows_of(client.get("/subjects/?q=cong+ty&export=csv"))  # a name word; "hai" may be a representative
    assert [row[0] for row in rows[1:]] == ["Công ty Hai"]


def test_file_names_keep_diacritics_and_csv_has_a_bom(client, office, subjects):
    client.force_login(office)
    response = client.get("/subjects/?export=csv")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Chu the OCOP ')
    assert "filename*=UTF-8''Ch%E1%BB%A7%20th%E1%BB%83%20OCOP%20" in disposition
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeffTên chủ thể,".encode())


def test_xlsx_has_bold_frozen_headers_and_widths(client, office, subjects):
    client.force_login(office)
    response = client.get("/subjects/?export=xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.title == "Chủ thể OCOP"
    assert sheet["A1"].font.b is True
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= len("Tên chủ thể")


def test_unknown_format_is_404_and_anonymous_is_sent_to_login(client, office):
    assert client.get("/subjects/?export=csv").status_code == 302
    client.force_login(office)
    assert client.get("/subjects/?export=pdf").status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_query_count_does_not_grow_with_rows(client, office, area_tree, django_assert_num_queries, fmt):
    client.force_login(office)
    SubjectFactory(unit=area_tree["c1"])
    # session, user (the user's scope paths come from the cache after the first request), then ONE query for all
    # rows with their units
    client.get(f"/subjects/?export={fmt}")
    with django_assert_num_queries(3):
        assert len(rows_of(client.get(f"/subjects/?export={fmt}"))) == 2
    for _ in range(29):
        SubjectFactory(unit=area_tree["c1"])
    with django_assert_num_queries(3):
        assert len(rows_of(client.get(f"/subjects/?export={fmt}"))) == 31


@pytest.fixture
def decided(area_tree, office):
    authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])
    p1 = product_in(area_tree["c1"], name="Trà sen")
    p2 = product_in(area_tree["c2"], name="Xoài sấy")
    recognise(office, authority, datetime.date(2023, 6, 15), (p1, 4, Decimal("78.5")), (p2, 3))
    return authority


def test_recognition_and_decision_lists_export_scoped(client, officer, office, decided):
    client.force_login(officer)
    rows = rows_of(client.get("/decisions/recognitions/?export=csv&layout=import"))
    assert rows[0][:8] == [
        "Số quyết định",
        "Ngày quyết định",
        "Mã cơ quan ban hành",
        "Cơ quan ban hành",
        "Mã sản phẩm OCOP",
        "Số đăng ký kinh doanh của chủ thể",
        "Tên chủ thể",
        "Tên sản phẩm",
    ]
    assert [row[7] for row in rows[1:]] == ["Trà sen"]
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Mã cơ quan ban hành"] == decided.code
    assert (record["Ngày quyết định"], record["Hạng sao"], record["Điểm"]) == ("15/06/2023", "4", "78,5")
    assert record["Hiệu lực đến"] == "14/06/2026"

    client.force_login(office)
    rows = rows_of(client.get("/decisions/?export=xlsx"))
    headers = rows[0]
    assert "Loại quyết định" in headers and "Cơ quan ban hành" in headers and "Số, ký hiệu" in headers
    record = dict(zip(headers, rows[1], strict=True))
    assert record["Cơ quan ban hành"] == "UBND tỉnh Đồng Tháp"
    assert record["Loại quyết định"] == "Công nhận"
    assert isinstance(record["Ngày ban hành"], datetime.datetime)


def test_budget_and_activity_lists_export_the_import_columns(client, officer, area_tree):
    plan = PlanFactory(unit=area_tree["d1"], year=2023)
    BudgetLineFactory(plan=plan, unit=area_tree["c1"], task=BudgetTask.TRAINING, planned_mvnd=Decimal("1234.5"))
    BudgetLineFactory(plan=PlanFactory(unit=area_tree["d2"], year=2023), unit=area_tree["c2"])
    ActivityFactory(unit=area_tree["c1"], title="Tập huấn TMĐT")
    ActivityFactory(unit=area_tree["c2"], title="Hội chợ huyện 2")
    client.force_login(officer)
    rows = rows_of(client.get("/programme/budget/?export=csv&layout=import"))
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Năm"] == "2023"
    assert record["Kế hoạch (triệu đồng)"] == "1.234,5"
    assert record["Nhiệm vụ"] == "Đào tạo, tập huấn"
    assert record["Mã đơn vị hành chính của kế hoạch"] == "D1"
    rows = rows_of(client.get("/programme/activities/?export=xlsx&layout=import"))
    assert [row[1] for row in rows[1:]] == ["Tập huấn TMĐT"]
    assert rows[1][0] == datetime.datetime(2023, 5, 10)


def test_read_only_role_exports_what_it_may_read(client, make_user, area_tree, subjects):
    leader = make_user(role=Role.LEADERSHIP, unit=area_tree["province"])
    client.force_login(leader)
    rows = rows_of(client.get("/subjects/?export=csv"))
    assert len(rows) == 4


def test_list_page_offers_export_links_keeping_the_filters(client, office, subjects):
    client.force_login(office)
    page = client.get("/subjects/?legal_form=cooperative&page=1").content.decode()
    assert 'href="?legal_form=cooperative&amp;export=xlsx"' in page
    assert 'href="?legal_form=cooperative&amp;export=csv"' in page
    assert "Xuất Excel" in page and "Xuất CSV" in page


def test_default_export_of_decisions_has_a_fixed_number_of_queries(
    client, office, area_tree, django_assert_num_queries
):
    authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])
    product = product_in(area_tree["c1"], name="Trà sen")
    recognise(office, authority, datetime.date(2023, 6, 15), (product, 3))
    client.force_login(office)
    client.get("/decisions/?export=csv")  # the user's scope paths are cached by the first request
    with django_assert_num_queries(3):
        assert len(rows_of(client.get("/decisions/?export=csv"))) == 2
    for day in (16, 17, 18):
        other = product_in(area_tree["c1"], name=f"Sản phẩm {day}")
        recognise(office, authority, datetime.date(2023, 6, day), (other, 3))
    with django_assert_num_queries(3):
        assert len(rows_of(client.get("/decisions/?export=csv"))) == 5
