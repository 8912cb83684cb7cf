"""Text helpers shared by every app."""

import unicodedata

from unidecode import unidecode


def fold(text):
    """Lower-case ASCII form for diacritic-insensitive search: "Bánh phồng Sa Đéc" -> "banh phong sa dec"."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("đ", "d").replace("Đ", "D")
    return " ".join(unidecode(text).lower().split())
