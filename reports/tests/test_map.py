"""The map of valid OCOP products by commune in the report (issue #14 item 7): a numbered figure of the HTML
preview and the PDF (``areas.maps.dot_map``, dots placed by the communes' coordinates), a PNG in the DOCX."""

import io
import re

import pytest
from django.urls import reverse
from docx import Document

from areas.models import AdministrativeUnit, UnitLevel
from areas.tests.factories import UnitFactory
from reports import documents, services

from .helpers import download, pdf_fonts, pdf_text

COORDINATES = {"c1": (10.46, 105.63), "c2": (10.29, 105.76), "c3": (10.70, 105.50)}


@pytest.fixture
def report(dataset, eager_celery, django_capture_on_commit_callbacks):
    tree = dataset["tree"]
    for key, (lat, lon) in COORDINATES.items():
        AdministrativeUnit.objects.filter(pk=tree[key].pk).update(latitude=lat, longitude=lon)
    UnitFactory(code="C4", name="Xã 4", unit_type="xã", level=UnitLevel.COMMUNE, parent=tree["d1"], latitude=10.5,
                longitude=105.7)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        report, _created = services.report_request(
            actor=dataset["office"], kind="annual", period="2022", area=tree["province"], request_key="m1"
        )
    report.refresh_from_db()
    assert report.status == "done"
    return report


def test_the_report_shows_the_map_of_valid_products_by_commune(report, client, dataset, tmp_path):
    tree = dataset["tree"]
    client.force_login(dataset["office"])
    caption = "Hình 3. Sản phẩm OCOP còn hiệu lực đến ngày 31/12/2022 theo xã, phường"
    # Valid on 31/12/2022 (test_figures): p1, p2 in C1; p4 (its last day) in C2; p6 in C3; none in C4.
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    for html in (download(client, report, "html").decode(), page):
        assert caption in html  # after "Hình 1." (stars) and "Hình 2." (units)
        assert "Hình 1. Sản phẩm OCOP còn hiệu lực theo hạng sao" in html
        dots = {
            int(m["unit"]): int(m["count"])
            for m in re.finditer(r'data-unit="(?P<unit>\d+)" data-count="(?P<count>\d+)"', html)
        }
        assert dots == {tree["c1"].pk: 2, tree["c2"].pk: 1, tree["c3"].pk: 1}
        # C4 has no valid product: a grey background dot; C3 lies north-west of C1 (higher, further left).
        assert re.search(r'<circle [^>]*fill="#bdbdbd"><title>Xã 4</title>', html)
        c1 = re.search(rf'cx="([\d.]+)" cy="([\d.]+)" r="[\d.]+" [^>]*data-unit="{tree["c1"].pk}"', html)
        c3 = re.search(rf'cx="([\d.]+)" cy="([\d.]+)" r="[\d.]+" [^>]*data-unit="{tree["c3"].pk}"', html)
        assert float(c3[1]) < float(c1[1]) and float(c3[2]) < float(c1[2])

    pdf = download(client, report, "pdf")
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert caption in text and "Màu chấm: hạng sao cao nhất" in text
    # One font for every letter (no fallback font filling the Vietnamese letters), the same the images are drawn in.
    fonts = [line.split()[0] for line in pdf_fonts(pdf, tmp_path).splitlines()[2:] if line.strip()]
    assert fonts and all("OCOP-Serif" in name for name in fonts), fonts
    assert documents.covers_vietnamese(documents.font_path())

    document = Document(io.BytesIO(download(client, report, "docx")))
    images = [p for p in document.paragraphs if p._p.xpath(".//pic:pic")]
    assert len(images) == 3  # the two charts and the map
    assert len(document.inline_shapes) == 3


def test_no_map_without_coordinates(dataset, eager_celery, django_capture_on_commit_callbacks, client):
    with django_capture_on_commit_callbacks(execute=True):
        report, _created = services.report_request(
            actor=dataset["office"], kind="annual", period="2022", area=dataset["tree"]["province"], request_key="m2"
        )
    client.force_login(dataset["office"])
    html = download(client, report, "html").decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="dot-map"' not in html and "theo xã, phường" not in html
    assert "Hình 2. Sản phẩm OCOP còn hiệu lực theo địa bàn" in html
