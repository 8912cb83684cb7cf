"""Official layout holds together: the last article, the signature and the recipients are never left alone on a
page (checked page by page with ``pdftotext -f N -l N``), however many products push the text down."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from decisions import services

from .factories import d, product_in, recognise
from .test_pdf_queries import IN_CI

SIGNER = "Phạm Văn Minh"
LEGAL_BASIS = "\n".join(
    f"Căn cứ văn bản số {n}/2024 về việc thực hiện Chương trình mỗi xã một sản phẩm giai đoạn 2021-2025 trên "
    "địa bàn tỉnh và các văn bản hướng dẫn có liên quan;"
    for n in range(1, 7)
)
RECIPIENTS = "\n".join(
    ["Như Điều 3", "Bộ Nông nghiệp và Môi trường", "TT/TU, TT/HĐND tỉnh", "CT, các PCT UBND tỉnh", "Lưu: VT"]
)


def pages(content, tmp_path):
    if not shutil.which("pdftotext"):
        if IN_CI:
            pytest.fail("CI=true and pdftotext (poppler-utils) is missing")
        pytest.skip("needs pdftotext (apt poppler-utils)")
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [
        " ".join(
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], check=True, capture_output=True, text=True
            ).stdout.split()
        )
        for n in range(1, count + 1)
    ]


def assert_closing_together(texts, last_article, n):
    signature_pages = [i for i, text in enumerate(texts) if SIGNER in text]
    assert len(signature_pages) == 1, (n, texts)
    page = texts[signature_pages[0]]
    assert last_article in page, f"{n} products: the signature's page lacks the last article: {page!r}"
    assert "Nơi nhận:" in page and "Lưu: VT" in page, f"{n} products: recipients apart: {page!r}"
    assert "Điều 2." in page, f"{n} products: the final articles were split: {page!r}"
    if signature_pages[0] > 0:  # on a later page, the closing comes with the end of the list before it
        assert "Sản phẩm" in page.split("Điều 2.")[0], f"{n} products: the closing opens a page alone: {page!r}"


@pytest.mark.django_db
def test_recognition_pdf_keeps_last_article_signature_and_recipients_on_one_page(
    client, office, province_authority, area_tree, tmp_path
):
    client.login(username=office.username, password=PASSWORD)
    draft = services.decision_draft_create(
        actor=office,
        kind="recognition",
        authority=province_authority,
        legal_basis=LEGAL_BASIS,
        recipients=RECIPIENTS,
        signer_name=SIGNER,
        signer_title="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    )
    for n in range(1, 19):
        product = product_in(area_tree["c1"], name=f"Sản phẩm thứ {n} của hợp tác xã nông nghiệp")
        services.recognition_item_add(actor=office, decision=draft, product=product, stars=3, score=60 + n)
        response = client.get(reverse("decisions:pdf", args=[draft.pk]))
        assert_closing_together(pages(response.content, tmp_path), "Điều 3.", n)


@pytest.mark.django_db
def test_revocation_and_correction_pdfs_keep_the_closing_together(
    client, office, province_authority, area_tree, tmp_path
):
    client.login(username=office.username, password=PASSWORD)
    texts = {"legal_basis": LEGAL_BASIS, "recipients": RECIPIENTS, "signer_name": SIGNER}
    rows = [(product_in(area_tree["c1"], name=f"Sản phẩm {n} của hợp tác xã"), 3, 60) for n in range(1, 15)]
    recognition = recognise(office, province_authority, d("2024-03-01"), *rows, **texts)
    correction = services.correction_draft_create(actor=office, decision=recognition)
    services.decision_draft_update(actor=office, decision=correction, **texts)
    revocation = services.decision_draft_create(actor=office, kind="revocation", authority=province_authority, **texts)
    for n, item in enumerate(recognition.recognitions.all(), start=1):
        services.revocation_item_add(actor=office, decision=revocation, recognition=item, ground="production_stopped")
        response = client.get(reverse("decisions:pdf", args=[revocation.pk]))
        assert_closing_together(pages(response.content, tmp_path), "Điều 3.", n)
    response = client.get(reverse("decisions:pdf", args=[correction.pk]))
    assert_closing_together(pages(response.content, tmp_path), "Điều 3.", "correction")


@pytest.mark.django_db
def test_each_certificate_page_has_its_product_and_its_signature(
    client, office, province_authority, area_tree, tmp_path
):
    rows = [(product_in(area_tree["c1"], name=f"Sản phẩm {n} của hợp tác xã"), 3 + n % 3, 70) for n in range(1, 4)]
    decision = recognise(office, province_authority, d("2024-03-01"), *rows, signer_name=SIGNER)
    client.login(username=office.username, password=PASSWORD)
    texts = pages(client.get(reverse("decisions:certificates", args=[decision.pk])).content, tmp_path)
    assert len(texts) == 3
    for (product, _stars, _score), text in zip(rows, texts, strict=True):
        assert product.name in text and SIGNER in text
