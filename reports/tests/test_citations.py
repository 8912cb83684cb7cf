"""Footnotes cite the plan a target comes from, as the seed does ("Kế hoạch số 81/KH-UBND ngày 14/03/2022 của UBND
tỉnh ..."): the call in the sentence and the note, in the HTML preview, the PDF (pdftotext) and the DOCX (a real
Word footnote)."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from ocop_portal import docx as officedoc
from programme.models import Plan
from reports import services

from .helpers import download, pdf_text

NOTE = "Kế hoạch số 81/KH-UBND ngày 14/03/2022 của UBND tỉnh Đồng Tháp về triển khai thực hiện Chương trình"


@pytest.fixture
def report(dataset, eager_celery, django_capture_on_commit_callbacks):
    # The dataset's 2022 plan (one target, met) with the seed's number and date.
    Plan.objects.filter(unit=dataset["tree"]["province"], year=2022).update(
        number="81/KH-UBND",
        issued_on=datetime.date(2022, 3, 14),
        issuer="UBND tỉnh Đồng Tháp",
        title="Triển khai thực hiện Chương trình Mỗi xã một sản phẩm năm 2022",
    )
    with django_capture_on_commit_callbacks(execute=True):
        report, _created = services.report_request(
            actor=dataset["office"], kind="annual", period="2022", area=dataset["tree"]["province"], request_key="c1"
        )
    report.refresh_from_db()
    assert report.status == "done"
    return report


def test_the_plan_is_cited_in_a_footnote_in_the_html_the_pdf_and_the_docx(report, client, dataset, tmp_path):
    client.force_login(dataset["office"])

    # HTML (the stored file, the source of the PDF) and the page's preview: the call, then the note.
    for html in (
        download(client, report, "html").decode(),
        client.get(reverse("reports:detail", args=[report.pk])).content.decode(),
    ):
        assert re.search(r'chỉ tiêu của Kế hoạch<sup class="fn-ref"><a href="#fn-1">1</a></sup> \(số liệu', html)
        assert re.search(r'<p class="footnote" id="fn-1"><span class="fn-mark">1</span> ' + NOTE, html)

    # PDF: the call after "Kế hoạch" and the note in small print right under its paragraph (before the table).
    text = pdf_text(download(client, report, "pdf"), tmp_path)
    flat = " ".join(text.split())
    assert "đạt và vượt 01/01 chỉ tiêu của Kế hoạch1 (số liệu đến ngày 31/12/2022)" in flat
    # (A page may end right after the note: its page number then comes before the table, whatever the font.)
    assert re.search(
        re.escape(f"(số liệu đến ngày 31/12/2022). 1 {NOTE} Mỗi xã một sản phẩm năm 2022.") + r"( \d+)? Bảng", flat
    )

    # DOCX: a real footnote (word/footnotes.xml), referenced from the sentence.
    document = Document(io.BytesIO(download(client, report, "docx")))
    sentence = next(p for p in document.paragraphs if "chỉ tiêu của Kế hoạch" in p.text)
    references = sentence._p.findall(f".//{qn('w:footnoteReference')}")
    assert [r.get(qn("w:id")) for r in references] == ["1"]
    assert "(số liệu đến ngày 31/12/2022)" in sentence.text and "¹" not in sentence.text
    notes = officedoc.footnote_texts(document)
    assert list(notes) == [1] and notes[1].startswith(NOTE)
    # The note is not repeated as body text (Word places it at the page foot).
    assert not any(p.text.startswith(("¹", "1 Kế hoạch")) for p in document.paragraphs)


def test_a_plan_without_number_date_or_issuer_is_cited_by_what_it_has(dataset, eager_celery, django_capture_on_commit_callbacks,
                                                        client):  # fmt: skip
    Plan.objects.filter(unit=dataset["tree"]["province"], year=2022).update(number="", issued_on=None, issuer="")
    with django_capture_on_commit_callbacks(execute=True):
        report, _created = services.report_request(
            actor=dataset["office"], kind="annual", period="2022", area=dataset["tree"]["province"], request_key="c2"
        )
    client.force_login(dataset["office"])
    document = Document(io.BytesIO(download(client, report, "docx")))
    # The plan's own unit as the issuer; its title not starting "về kế hoạch ...".
    assert officedoc.footnote_texts(document)[1] == (
        "Kế hoạch của UBND tỉnh Đồng Tháp về triển khai thực hiện Chương trình OCOP năm 2022."
    )
