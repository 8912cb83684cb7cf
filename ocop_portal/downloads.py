"""Content-Disposition for downloads with Vietnamese file names (RFC 6266 + RFC 5987 ``filename*``)."""

import unicodedata
from urllib.parse import quote

from ocop_portal.text import fold


def ascii_fallback(name):
    """An ASCII name for old clients: "Giấy chứng nhận ATTP.pdf" -> "Giay chung nhan ATTP.pdf"."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    # fold() lower-cases; keep the case by folding character by character.
    out = []
    for ch in unicodedata.normalize("NFC", stem):
        if ch.isascii():
            out.append(ch)
        else:
            folded = fold(ch)
            out.append(folded.upper() if ch.isupper() else folded)
    cleaned = "".join(ch if (ch.isalnum() or ch in " -_.()") else "_" for ch in "".join(out)).strip() or "ho-so"
    return f"{cleaned}.{ext}" if ext else cleaned


def content_disposition(name, *, inline=False):
    disposition = "inline" if inline else "attachment"
    fallback = ascii_fallback(name).replace("\\", "_").replace('"', "_")
    encoded = quote(unicodedata.normalize("NFC", name), safe="")
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
