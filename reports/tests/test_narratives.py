"""Reports the office can finish and send: written sections (versioned, audited, conflicts told), the final state
(refused while a required section is empty, no placeholder in the final PDF and DOCX), the DOCX in the Decree
30/2020 layout with the same tables as the XLSX, and the clerk's wording."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook

from areas.models import UnitLevel
from areas.tests.factories import UnitFactory
from audit.models import AuditEntry
from ocop_portal import docx as officedoc
from programme.tests.factories import PlanFactory
from reports import figures, services, writing
from reports.models import NarrativeKey, Report, ReportNarrative

from .helpers import pdf_text

PLACEHOLDERS = writing.PLACEHOLDERS + ("(Chưa viết", "chưa viết")

WRITTEN = {
    "difficulties": "Một số chủ thể chưa đầu tư bao bì, nhãn mác.\n- Thị trường tiêu thụ còn hạn chế.",
    "causes": "Nguồn vốn hỗ trợ phân bổ chậm.",
    "directions": "- Tiếp tục chuẩn hóa 10 sản phẩm tiềm năng.\n- Tổ chức 02 đợt đánh giá, phân hạng.",
}


@pytest.fixture
def report(dataset, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report, _created = services.report_request(
            actor=dataset["office"], kind="annual", period="2022", area=dataset["tree"]["province"], request_key="n1"
        )
    report.refresh_from_db()
    assert report.status == "done"
    return report


def save(client, report, key, text, version):
    return client.post(
        reverse("reports:narrative", args=[report.pk]), {"key": key, f"{key}-text": text, f"{key}-version": version}
    )


def docx_text(data):
    """Every text of the DOCX: paragraphs, tables, footnotes and page headers."""
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    parts.extend(officedoc.footnote_texts(document).values())
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


def test_final_is_refused_while_a_required_section_is_empty(report, client, dataset):
    client.force_login(dataset["office"])
    response = client.post(reverse("reports:finalize", args=[report.pk]), follow=True)
    report.refresh_from_db()
    assert not report.is_final
    text = response.content.decode()
    assert "Chưa thể hoàn thiện báo cáo" in text
    for label in ("Khó khăn, hạn chế", "Nguyên nhân của khó khăn, hạn chế", "Phương hướng, nhiệm vụ kỳ tới"):
        assert label in text
    # The draft says which sections are still to write; the page offers the sections to write.
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Phần này chưa viết" in page and "Lưu phần này" in page


def test_sections_are_versioned_audited_and_conflicts_told(report, client, dataset, make_user):
    office = dataset["office"]
    client.force_login(office)
    response = save(client, report, "difficulties", "Bản đầu.", 0)
    assert response.status_code == 302
    response = save(client, report, "difficulties", "Bản thứ hai.", 1)
    assert response.status_code == 302
    rows = list(ReportNarrative.objects.filter(report=report, key="difficulties").order_by("version"))
    assert [(r.version, r.text, r.created_by_id) for r in rows] == [
        (1, "Bản đầu.", office.pk),
        (2, "Bản thứ hai.", office.pk),
    ]
    assert AuditEntry.objects.filter(content_type__model="reportnarrative", action="create").count() == 2
    # Someone read version 1 and saves after version 2 was written: told who saved, input kept, nothing saved.
    response = save(client, report, "difficulties", "Bản cũ sửa tiếp.", 1)
    assert response.status_code == 400
    text = response.content.decode()
    assert "đã lưu phần «Khó khăn, hạn chế»" in text and "Bản cũ sửa tiếp." in text
    assert ReportNarrative.objects.filter(report=report, key="difficulties").count() == 2
    # The files follow the text: the PDF has the latest version.
    report.refresh_from_db()
    assert "Bản thứ hai." in pdf_text(report.pdf_file.read(), _tmp(report))


def _tmp(report):
    import pathlib
    import tempfile

    return pathlib.Path(tempfile.mkdtemp(prefix=f"report-{report.pk}-"))


def test_someone_outside_the_area_cannot_write(report, client, make_user, area_tree):
    from accounts.models import Role

    other = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["other_province"])
    client.force_login(other)
    assert save(client, report, "causes", "x", 0).status_code == 404
    assert client.post(reverse("reports:finalize", args=[report.pk])).status_code == 404


def test_final_report_pdf_and_docx_have_the_written_sections_and_no_placeholder(report, client, dataset, tmp_path):
    client.force_login(dataset["office"])
    for key, text in WRITTEN.items():
        assert save(client, report, key, text, 0).status_code == 302
    response = client.post(reverse("reports:finalize", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_final and report.finalized_by == dataset["office"]
    # The pre-filled "what went well" is kept as the office's text (version 1).
    assert ReportNarrative.objects.filter(report=report, key=NarrativeKey.ACHIEVEMENTS).count() == 1

    pdf = pdf_text(client.get(reverse("reports:download", args=[report.pk, "pdf"])).getvalue(), tmp_path)
    docx = docx_text(client.get(reverse("reports:download", args=[report.pk, "docx"])).getvalue())
    for text in (pdf, docx):
        for placeholder in PLACEHOLDERS:
            assert placeholder not in text, placeholder
        assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2023" in text
        assert "KIẾN NGHỊ" not in text  # optional and not written: left out
        assert "Nguồn vốn hỗ trợ phân bổ chậm." in text
        assert "Trên đây là báo cáo kết quả thực hiện Chương trình" in text
        assert "/KH-UBND ngày 10/04/2022 của UBND tỉnh Đồng Tháp" in text  # the footnotes are scanned too
    # Final: no more edits.
    assert save(client, report, "causes", "Sửa sau khi ký.", 1).status_code == 400
    assert not ReportNarrative.objects.filter(text="Sửa sau khi ký.").exists()


def test_docx_layout_header_headings_tables_and_signature(report, client, dataset):
    client.force_login(dataset["office"])
    response = client.get(reverse("reports:download", args=[report.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    document = Document(io.BytesIO(response.getvalue()))

    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)  # A4

    def within(value, low, high):  # Word stores twentieths of a point: 15 mm is 14,99 mm
        return Mm(low - 0.05) <= value <= Mm(high + 0.05)

    assert within(section.top_margin, 20, 25) and within(section.bottom_margin, 20, 25)
    assert within(section.left_margin, 30, 35) and within(section.right_margin, 15, 20)
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14

    header = document.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    assert "ỦY BAN NHÂN DÂN" in left and "Số:" in left and "/BC-UBND" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert "Đồng Tháp, ngày 15 tháng 12 năm 2022" in right

    paragraphs = [p.text for p in document.paragraphs]
    for heading in ("BÁO CÁO", "I. KẾT QUẢ THỰC HIỆN NĂM 2022", "1. Triển khai thực hiện Chu trình OCOP",
                    "II. ĐÁNH GIÁ CHUNG", "1. Kết quả thực hiện các chỉ tiêu"):  # fmt: skip
        assert heading in paragraphs, heading
    assert document.inline_shapes, "the charts are images"

    # Every XLSX table is a Word table with the same numbers, numbered consecutively.
    workbook = load_workbook(io.BytesIO(report.xlsx_file.read()))
    captions = [p for p in paragraphs if p.startswith("Bảng ")]
    assert [c.split(".")[0] for c in captions] == [f"Bảng {n}" for n in range(1, len(captions) + 1)]
    word_tables = document.tables[1:-1]  # between the header and the signature block
    sheets = workbook.sheetnames[1:]
    assert len(word_tables) == len(sheets) == len(captions)
    for sheet_name, table, caption in zip(sheets, word_tables, captions, strict=True):
        sheet = workbook[sheet_name]
        assert sheet["A1"].value == caption
        head = [cell.text for cell in table.rows[0].cells]
        assert head == [c.value for c in sheet[2]]
        for row, xlsx_row in zip(table.rows[1:], sheet.iter_rows(min_row=3), strict=True):
            for cell, xlsx_cell in zip(row.cells, xlsx_row, strict=True):
                if isinstance(xlsx_cell.value, int | float):  # "1.234,50" in Word, 1234.5 in Excel
                    shown = float(cell.text.replace(".", "").replace(",", "."))
                    assert shown == pytest.approx(xlsx_cell.value), (sheet_name, cell.text, xlsx_cell.value)
                elif xlsx_cell.value is not None:
                    assert cell.text == xlsx_cell.value
    total = [row for row in word_tables[0].rows if row.cells[0].text == "Tổng cộng"][0]
    assert [c.text for c in total.cells[1:5]] == ["3", "2", "1", "2"]

    signature = document.tables[-1]
    recipients, signer = (cell.text for cell in signature.rows[0].cells)
    assert recipients.startswith("Nơi nhận:") and "Lưu: VT." in recipients
    assert "PHÓ CHỦ TỊCH" in signer


def test_the_preview_is_the_document_of_the_files(report, client, dataset):
    client.force_login(dataset["office"])
    save(client, report, "causes", "Nguyên nhân viết trên cổng.", 0)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    report.refresh_from_db()
    html = report.html_file.read().decode()
    for text in ("Nguyên nhân viết trên cổng.", "Bảng 1.", "Nơi nhận:", "Trên đây là báo cáo"):
        assert text in page and text in html, text


# --------------------------------------------------------------------------------------------------------------
# Wording
# --------------------------------------------------------------------------------------------------------------


def _text(doc):
    out = [doc["intro"]]
    for part in doc["parts"]:
        out.append(part["title"])
        for section in part["sections"]:
            out.append(section["title"])
            out.extend(str(b) for kind, b in section["blocks"] if kind in {"p", "bullet", "note", "footnote"})
    return "\n".join(out)


def test_a_period_with_no_entries_is_worded(area_tree):
    text = _text(writing.document(figures.compute(area_tree["province"], "2022"), {}))
    assert "chưa có sản phẩm dự thi đánh giá, phân hạng sản phẩm OCOP" in text
    assert "Trong năm 2022, chưa có sản phẩm được công nhận đạt chuẩn OCOP." in text
    assert "chưa có sản phẩm OCOP còn hiệu lực" in text
    assert "Trong kỳ chưa có chủ thể tham gia" in text
    assert "/0" not in text and " 0 sản phẩm" not in text and " 0 chủ thể" not in text
    assert "(không có sản phẩm)" not in text


def test_a_plan_without_targets_is_said_so_and_cited(area_tree):
    import datetime

    PlanFactory(unit=area_tree["province"], year=2024, number="81/KH-UBND", issued_on=datetime.date(2024, 3, 15),
                title="Triển khai Chương trình OCOP năm 2024", issuer="UBND tỉnh Đồng Tháp")  # fmt: skip
    data = figures.compute(area_tree["province"], "2024")
    doc = writing.document(data, {}, context=figures.report_context(area_tree["province"], "2024"))
    text = _text(doc)
    assert "Chưa có kế hoạch" not in text
    assert "chưa đặt chỉ tiêu cụ thể" in text
    assert "¹ Kế hoạch số 81/KH-UBND ngày 15/03/2024 của UBND tỉnh Đồng Tháp về triển khai Chương trình" in text


def test_a_single_product_and_the_comparison_with_the_previous_year(dataset):
    province = dataset["tree"]["province"]
    data = figures.compute(province, "2023")
    assert data["recognised"]["products"] == 1  # p8 only
    doc = writing.document(data, {}, context=figures.report_context(province, "2023"))
    text = _text(doc)
    assert "có 01 sản phẩm của 01 chủ thể được công nhận đạt chuẩn OCOP trong năm 2023" in text
    assert "Có 01 sản phẩm OCOP mới của 01 chủ thể (01 sản phẩm 3 sao)." in text
    assert "nâng hạng" not in text.split("Kết quả, có")[1].split("\n")[1]  # no "0 sản phẩm được nâng hạng"
    assert "2. So sánh với năm 2022" in text
    assert "sản phẩm được công nhận giảm 02 sản phẩm (từ 03 còn 01 sản phẩm)" in text
    comparison = [t for t in doc["tables"] if t.sheet == "So sánh kỳ trước"][0]
    recognised = [row for row in comparison.rows if row[0][1] == "Sản phẩm được công nhận trong kỳ"][0]
    assert [value for _kind, value in recognised[1:]] == [3, 1, -2]


def test_targets_met_are_counted_and_prefill_what_went_well(dataset):
    province = dataset["tree"]["province"]
    data = figures.compute(province, "2022")
    text = _text(writing.document(data, {}, context=figures.report_context(province, "2022")))
    met = sum(1 for t in data["targets"] if t["met"])
    assert f"đạt và vượt {met:02d}/{len(data['targets']):02d} chỉ tiêu của Kế hoạch" in text or met == 0
    prefill = writing.achievements_prefill(data)
    assert prefill.startswith("- ") and "được công nhận đạt chuẩn OCOP trong năm 2022" in prefill


def test_tables_are_numbered_consecutively(dataset):
    doc = writing.document(figures.compute(dataset["tree"]["province"], "2022-H1"), {})
    numbers = [int(t.caption.split(".")[0].removeprefix("Bảng ")) for t in doc["tables"]]
    assert numbers == list(range(1, len(numbers) + 1))


def test_after_the_2025_reorganisation_recipients_are_communes(db):
    import datetime

    country = UnitFactory(code="VN", name="Việt Nam", level=UnitLevel.COUNTRY, unit_type="quốc gia")
    province = UnitFactory(code="87", name="Đồng Tháp", level=UnitLevel.PROVINCE, parent=country,
                           valid_from=datetime.date(2025, 7, 1))  # fmt: skip
    UnitFactory(code="30001", name="Xã Mỹ Thọ", level=UnitLevel.COMMUNE, parent=province, unit_type="xã")
    doc = writing.document(figures.compute(province, "2025"), {})
    assert "UBND các xã, phường" in doc["recipients"]
    assert not any("huyện" in line for line in doc["recipients"])
    before = writing.document(figures.compute(province, "2024"), {})
    assert "UBND các huyện, thành phố" in before["recipients"]


def test_a_report_is_stored_with_its_context(report):
    report = Report.objects.get(pk=report.pk)
    assert report.context["previous"]["code"] == "2021"
    assert isinstance(report.context["plans"], list) and report.context["plans"]


def test_a_report_generated_before_docx_existed_gets_its_docx_on_download(report, client, dataset):
    report.docx_file.delete(save=False)
    Report.objects.filter(pk=report.pk).update(docx_file="")
    client.force_login(dataset["office"])
    response = client.get(reverse("reports:download", args=[report.pk, "docx"]))
    assert response.status_code == 200
    assert "BÁO CÁO" in docx_text(response.getvalue())
    assert Report.objects.get(pk=report.pk).docx_file.name == f"reports/{report.pk}/bao-cao.docx"


def test_more_subjects_recognised_than_took_part_is_said_in_words(dataset):
    """Products recognised without an entry in the period's rounds (re-recognitions, decisions entered directly):
    never "Kết quả có 76/70 chủ thể tham gia"."""
    from decisions.models import RecognitionKind
    from decisions.tests.factories import AuthorityFactory, recognise
    from products.tests.factories import ProductFactory
    from subjects.tests.factories import SubjectFactory

    province = dataset["tree"]["province"]
    authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp (2)", unit=province)
    for _ in range(3):  # three more subjects recognised in 2022, none entered in a 2022 round
        subject = SubjectFactory(unit=dataset["tree"]["c1"])
        product = ProductFactory(subject=subject, unit=dataset["tree"]["c1"])
        recognise(dataset["office"], authority, datetime.date(2022, 8, 1), (product, 3, 60, RecognitionKind.NEW))
    data = figures.compute(province, "2022")
    assert data["participation"]["recognised_subjects"] > data["participation"]["subjects"]
    text = _text(writing.document(data, {}))
    recognised, entered = data["participation"]["recognised_subjects"], data["participation"]["subjects"]
    assert f"Kết quả có {recognised:02d} chủ thể có sản phẩm được công nhận là sản phẩm OCOP (trong đó:" in text
    assert f"; {entered:02d} chủ thể tham gia đánh giá, phân hạng qua các đợt trên Cổng." in text
    assert f"{recognised:02d}/{entered:02d}" not in text
