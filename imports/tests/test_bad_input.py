"""Every kind of bad input gets a clear Vietnamese message and writes nothing (no row, no audit entry)."""

import datetime
import io
import unicodedata
import zipfile
from decimal import Decimal

import pytest

from imports.columns import ParseError
from imports.models import JobStatus
from imports.readers import FileRefused, read_table
from ocop_portal.formatting import parse_number
from programme.models import Activity
from subjects.models import Subject

from .conftest import SUBJECT_HEADERS, counts, csv_text, subject_row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(client, upload, office):
    """Upload as the coordination office, try to confirm, and check that nothing at all was written."""

    def run(data, name="du-lieu.xlsx", kind="subjects", user=None):
        before = counts()
        job = upload(user or office, kind, data, name=name)
        client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"})
        job.refresh_from_db()
        assert job.status != JobStatus.DONE
        assert counts() == before
        return job

    return run


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text):
    """Encode as Windows-1258 does: base letters (â, ơ, ư...) precomposed, tone marks as combining characters."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = [mark for mark in parts if mark in TONE_MARKS]
        base = unicodedata.normalize("NFC", "".join(mark for mark in parts if mark not in TONE_MARKS))
        out.append(base + "".join(tones))
    return "".join(out).encode("cp1258")


def test_windows_1258_csv_is_read_and_normalised(client, upload, office, area_tree):
    text = csv_text([SUBJECT_HEADERS, subject_row("1400000001", "Hợp tác xã Đồng Tiến")])
    data = windows_1258(text)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    job = upload(office, "subjects", data, name="chu-the.csv")
    assert job.error_count == 0, job.preview["errors"]
    assert any("Windows-1258" in warning for warning in job.preview["warnings"])
    client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"})
    subject = Subject.objects.get()
    assert subject.name == "Hợp tác xã Đồng Tiến"  # composed (NFC), as typed in a UTF-8 form
    assert subject.representative_name == "Lê Thị Hồng"


def test_garbled_encoding_is_refused_with_advice_to_save_as_utf8(attempt):
    utf8 = csv_text([SUBJECT_HEADERS, subject_row("1400000001", "Hợp tác xã Sen Hồng")]).encode("utf-8")
    damaged = utf8.replace(b"Sen", b"S\xffn")  # one stray byte: no longer UTF-8, and garbage as 1258
    job = attempt(damaged, name="chu-the.csv")
    assert job.status == JobStatus.FAILED
    assert "không ở bảng mã UTF-8" in job.failure and "CSV UTF-8" in job.failure


def test_replacement_characters_are_refused(attempt):
    data = csv_text([SUBJECT_HEADERS, subject_row("1400000001", "H\ufffdp t\ufffdc x\ufffd")]).encode("utf-8")
    job = attempt(data, name="chu-the.csv")
    assert "ký tự lỗi" in job.failure


def test_utf8_with_bom_and_semicolons_is_accepted(upload, office):
    text = csv_text([SUBJECT_HEADERS, subject_row("1400000001")], delimiter=";")
    job = upload(office, "subjects", ("\ufeff" + text).encode("utf-8"), name="chu-the.csv")
    assert job.error_count == 0, job.preview["errors"]
    assert job.created_count == 1


def test_merged_cells_are_refused_naming_the_range(attempt):
    def merge(sheet):
        sheet.merge_cells("A3:B3")

    data = xlsx_bytes([SUBJECT_HEADERS, subject_row("1400000001"), subject_row("1400000002")], setup=merge)
    job = attempt(data)
    assert job.status == JobStatus.FAILED
    assert "ô gộp (A3:B3)" in job.failure


def test_formulas_are_refused_naming_the_cell(attempt):
    row = subject_row("1400000001")
    row[8] = "=SUM(10,10)"  # I2: Tổng số lao động
    job = attempt(xlsx_bytes([SUBJECT_HEADERS, row]))
    assert "công thức ở ô I2" in job.failure
    assert "Paste Special > Values" in job.failure


def test_text_dates_are_parsed_and_impossible_dates_refused_with_the_cell(client, upload, office, attempt):
    headers = ["Ngày bắt đầu", "Tên hoạt động", "Mã đơn vị hành chính", "Loại hoạt động", "Ngày kết thúc"]
    good = ["10/05/2023", "Tập huấn TMĐT", "D1", "Đào tạo, tập huấn", datetime.datetime(2023, 5, 12)]
    job = upload(office, "activities", xlsx_bytes([headers, good]))
    assert job.error_count == 0, job.preview["errors"]
    client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"})
    activity = Activity.objects.get()
    assert (activity.start_date, activity.end_date) == (datetime.date(2023, 5, 10), datetime.date(2023, 5, 12))

    bad = ["31/02/2023", "Hội chợ", "D1", "Hội chợ, triển lãm", ""]
    job = attempt(xlsx_bytes([headers, bad]), kind="activities")
    error = job.preview["errors"][0]
    assert (error["row"], error["column"], error["header"], error["value"]) == (2, "A", "Ngày bắt đầu", "31/02/2023")
    assert "không phải ngày có thật" in error["message"]


def test_vietnamese_number_separators(client, upload, office):
    assert parse_number("1.234,5") == Decimal("1234.5")
    assert parse_number("1.234.567") == Decimal("1234567")
    assert parse_number("1.234") == Decimal("1234")
    assert parse_number("7,5") == Decimal("7.5")
    assert parse_number("1,234.5") == Decimal("1234.5")
    assert parse_number("0.5") == Decimal("0.5")
    for bad in ("1.23.4", "abc", "1,2,3,4.5.6", "12..5"):
        with pytest.raises(ValueError):
            parse_number(bad)
    headers = [
        "Ngày bắt đầu",
        "Tên hoạt động",
        "Mã đơn vị hành chính",
        "Loại hoạt động",
        "Kinh phí (triệu đồng)",
        "Số người tham dự",
    ]
    rows = [headers, ["10/05/2023", "Hội chợ OCOP", "D1", "Hội chợ, triển lãm", "1.234,5", "1.200"]]
    job = upload(office, "activities", csv_text(rows).encode("utf-8"), name="hoat-dong.csv")
    assert job.error_count == 0, job.preview["errors"]
    client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"})
    activity = Activity.objects.get()
    assert activity.cost_mvnd == Decimal("1234.5")
    assert activity.participants == 1200


def test_a_number_that_is_not_a_number_names_the_cell(attempt):
    row = subject_row("1400000001", **{"Tổng số lao động": "hai mươi"})
    job = attempt(xlsx_bytes([SUBJECT_HEADERS, row]))
    error = job.preview["errors"][0]
    assert (error["column"], error["value"], error["message"]) == ("I", "hai mươi", "không phải số nguyên.")


def test_blank_rows_are_skipped(upload, office):
    blank = [None] * len(SUBJECT_HEADERS)
    rows = [SUBJECT_HEADERS, blank, subject_row("1400000001"), ["", " ", None], blank, subject_row("1400000002")]
    job = upload(office, "subjects", xlsx_bytes(rows))
    assert (job.total_rows, job.created_count, job.error_count) == (2, 2, 0)
    assert any("Bỏ qua 3 dòng trống" in warning for warning in job.preview["warnings"])


def test_unknown_unit_is_refused_naming_the_value(attempt):
    job = attempt(xlsx_bytes([SUBJECT_HEADERS, subject_row("1400000001", unit="99999")]))
    error = job.preview["errors"][0]
    assert (error["column"], error["value"]) == ("F", "99999")
    assert "không có đơn vị hành chính nào mang mã này" in error["message"]


def test_unknown_product_group_is_refused_naming_the_value(attempt, area_tree):
    from subjects.tests.factories import SubjectFactory

    SubjectFactory(registration_number="1400000001", unit=area_tree["c1"])
    headers = ["Số đăng ký kinh doanh của chủ thể", "Tên sản phẩm", "Mã bộ sản phẩm"]
    job = attempt(
        xlsx_bytes([headers, ["1400000001", "Bánh phồng tôm", "I.9.z"], ["1400000001", "Mắm", "I.4"]]), kind="products"
    )
    first, second = job.preview["errors"]
    assert (first["row"], first["value"]) == (2, "I.9.z")
    assert "không có bộ sản phẩm nào mang mã, số hoặc tên này theo QĐ 148" in first["message"]
    assert (second["row"], second["value"]) == (3, "I.4")
    assert "là một nhóm, không phải bộ sản phẩm" in second["message"]


def test_unknown_choice_lists_the_allowed_labels(attempt):
    job = attempt(xlsx_bytes([SUBJECT_HEADERS, subject_row("1400000001", **{"Loại hình": "HTX kiểu mới"})]))
    error = job.preview["errors"][0]
    assert error["header"] == "Loại hình"
    assert "không có trong danh sách (Hợp tác xã; Tổ hợp tác;" in error["message"]


def test_duplicate_keys_inside_the_file_name_both_rows(attempt):
    rows = [SUBJECT_HEADERS, subject_row("1400000001"), subject_row("1400000002"), subject_row(" 1400000001 ")]
    job = attempt(xlsx_bytes(rows))
    error = job.preview["errors"][0]
    assert (error["row"], error["column"], error["value"]) == (4, "A", "1400000001")
    assert "trùng khoá với dòng 2 (số ĐKKD 1400000001)" in error["message"]


def test_every_problem_of_a_row_is_listed_at_once(attempt):
    row = subject_row("1400000001", unit="99999", **{"Loại hình": "HTX kiểu mới"})
    rows = [SUBJECT_HEADERS, subject_row("1400000001"), row]
    job = attempt(xlsx_bytes(rows))
    found = {(error["row"], error["header"]) for error in job.preview["errors"]}
    assert found == {(3, "Loại hình"), (3, "Mã đơn vị hành chính"), (3, "Số đăng ký kinh doanh")}


def test_missing_required_column_is_refused(attempt):
    headers = [header for header in SUBJECT_HEADERS if header != "Loại hình"]
    job = attempt(xlsx_bytes([headers, ["1400000001", "HTX"]]))
    assert "Thiếu cột bắt buộc: «Loại hình»" in job.failure


def test_required_cell_left_blank(attempt):
    job = attempt(xlsx_bytes([SUBJECT_HEADERS, subject_row("1400000001", name="")]))
    error = job.preview["errors"][0]
    assert (error["header"], error["message"]) == ("Tên chủ thể", "bắt buộc, không được để trống.")


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "du-lieu.csv", "không phải bảng tính"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "anh.xlsx", "không phải bảng tính"),
        (bytes(range(256)) * 4, "rac.csv", "không phải bảng tính"),
        (_docx(), "van-ban.xlsx", "không phải bảng tính"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "cu.xlsx", "Excel 97–2003 (.xls)"),
        (b"PK\x03\x04 not really a zip", "hong.xlsx", "bị hỏng"),
        ("Kính gửi Văn phòng Điều phối,\nđề nghị xem xét.\n".encode(), "thu.csv", "Không tìm thấy dòng tiêu đề"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(attempt, data, name, expected):
    job = attempt(data, name=name)
    assert job.status == JobStatus.FAILED
    assert expected in job.failure


def test_wrong_extension_is_refused_on_upload(client, office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(office)
    response = client.post("/imports/subjects/", {"file": SimpleUploadedFile("ho-so.pdf", b"%PDF-1.4")})
    assert response.status_code == 200
    assert "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)" in response.content.decode()


def test_reader_refuses_empty_and_header_only_files():
    with pytest.raises(FileRefused, match="Tệp rỗng"):
        read_table(b"")
    with pytest.raises(FileRefused, match="Tệp rỗng"):
        read_table(b"\xef\xbb\xbf\r\n \r\n")


def test_header_only_file_is_refused(attempt):
    job = attempt(xlsx_bytes([SUBJECT_HEADERS]))
    assert "không có dòng dữ liệu nào" in job.failure


def test_parse_error_is_a_message_not_a_crash():
    from imports.columns import Date

    with pytest.raises(ParseError):
        Date().parse(44927)


def test_excel_unicode_text_utf16_tab_separated_is_accepted(upload, office):
    text = csv_text([SUBJECT_HEADERS, subject_row("1400000001", "Hợp tác xã Đồng Tiến")], delimiter="\t")
    job = upload(office, "subjects", text.encode("utf-16"), name="chu-the.txt")
    assert (job.error_count, job.created_count) == (0, 1), job.preview["errors"]


def test_row_estimate_reads_no_cell():
    from imports.readers import estimate_rows

    rows = [SUBJECT_HEADERS] + [subject_row(f"14000{n:05d}") for n in range(7)]
    assert estimate_rows(xlsx_bytes(rows)) == 8
    assert estimate_rows(csv_text(rows).encode()) == 8
    assert estimate_rows(csv_text(rows).encode("utf-16")) == 8
    assert estimate_rows(b"PK\x03\x04broken") == 0
