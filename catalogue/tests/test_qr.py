"""Issue #17: the QR code encodes the verification URL; the office downloads it (login, own area only)."""

import io
import re

import pytest
import segno
from django.test import RequestFactory
from PIL import Image

from accounts.models import Role
from catalogue.qr import qr_png, qr_svg
from catalogue.selectors import verification_url

pytestmark = pytest.mark.django_db


def _matrix_of_png(png, scale=10, border=4):
    image = Image.open(io.BytesIO(png)).convert("L")
    size = image.width // scale - 2 * border
    return [
        [
            image.getpixel(((border + x) * scale + scale // 2, (border + y) * scale + scale // 2)) < 128
            for x in range(size)
        ]
        for y in range(size)
    ]


def _matrix_of_svg(svg, scale=4, border=4):
    """Rebuild the module matrix from segno's SVG path (M x y, h n, m dx dy: one dark run per h)."""
    size = int(re.search(r'width="(\d+)"', svg).group(1)) // scale - 2 * border
    path = re.search(r' d="([^"]+)"', svg).group(1)
    rows = [[False] * size for _ in range(size)]
    x = y = 0.0
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            length = float(a)
            for i in range(int(length)):
                rows[int(y) - border][int(x) + i - border] = True
            x += length
    return rows


def _expected(text):
    return [[bool(v) for v in row] for row in segno.make(text, error="m", micro=False, boost_error=False).matrix]


def test_qr_svg_and_png_encode_the_verification_url(world):
    request = RequestFactory().get("/")
    url = verification_url(world["recognitions"]["revoked"], request=request)
    assert re.fullmatch(r"http://testserver/v/[A-Za-z0-9_-]{12}/", url)
    assert _matrix_of_png(qr_png(url)) == _expected(url)
    assert _matrix_of_svg(qr_svg(url, scale=1), scale=1) != _expected(url.replace("/v/", "/w/"))
    assert _matrix_of_svg(qr_svg(url, scale=1), scale=1) == _expected(url)
    assert qr_svg(url).startswith("<svg")


def test_verification_url_without_request_is_the_path_or_the_public_base(world, settings):
    recognition = world["recognitions"]["valid"]
    path = verification_url(recognition)
    assert path.startswith("/v/") and verification_url(recognition) == path  # the same code every time
    settings.OCOP_PUBLIC_BASE_URL = "https://ocop.dongthap.gov.vn/"
    assert verification_url(recognition) == f"https://ocop.dongthap.gov.vn{path}"


def test_office_downloads_the_qr_of_its_area_only(client, world, code_of, make_user, area_tree):
    code = code_of(world["recognitions"]["valid"])
    assert client.get(f"/catalogue/qr/{code}/download.svg").status_code == 302  # login first
    client.force_login(make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"]))
    page = client.get(f"/catalogue/qr/{code}/")
    assert page.status_code == 200 and b"<svg" in page.content
    svg = client.get(f"/catalogue/qr/{code}/download.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    png = client.get(f"/catalogue/qr/{code}/download.png")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert _matrix_of_png(png.content) == _expected(f"http://testserver/v/{code}/")
    recognition = world["recognitions"]["expired"]
    response = client.post(f"/catalogue/qr/recognition/{recognition.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/catalogue/qr/{code_of(recognition)}/"
    client.force_login(make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["other_province"]))
    assert client.get(f"/catalogue/qr/{code}/download.svg").status_code == 404
    assert client.post(f"/catalogue/qr/recognition/{recognition.pk}/").status_code == 404
