"""One Content-Disposition for every download: Vietnamese names kept (RFC 5987) with an ASCII fallback."""

from urllib.parse import quote

from ocop_portal.downloads import content_disposition


def test_diacritics_are_kept_and_the_fallback_is_ascii():
    name = "Báo cáo năm 2022 - Tỉnh Đồng Tháp.pdf"
    header = content_disposition(name)
    assert (
        header
        == f"attachment; filename=\"Bao cao nam 2022 - Tinh Dong Thap.pdf\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    assert header.isascii()


def test_inline_and_unsafe_characters():
    header = content_disposition('Quyết định 1446/QĐ "mới".pdf', inline=True)
    assert header.startswith("inline; filename=\"Quyet dinh 1446_QD _moi_.pdf\"; filename*=UTF-8''")
    assert "/" not in header.split(";")[1]
