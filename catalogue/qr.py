"""QR codes for certificates and labels (segno, pure Python, offline)."""

import io

import segno

ERROR_LEVEL = "m"  # survives a scratched label (15 %)


def make(text):
    return segno.make(text, error=ERROR_LEVEL, micro=False, boost_error=False)


def qr_svg(text, *, scale=4, border=4):
    """The QR code of ``text`` as an SVG document (no XML declaration: safe inside HTML or a WeasyPrint PDF)."""
    buffer = io.BytesIO()
    make(text).save(buffer, kind="svg", scale=scale, border=border, xmldecl=False, svgns=True, nl=False)
    return buffer.getvalue().decode("utf-8")


def qr_png(text, *, scale=10, border=4):
    """The QR code of ``text`` as PNG bytes (labels)."""
    buffer = io.BytesIO()
    make(text).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()
