"""Report files: HTML (preview and archive), PDF (WeasyPrint, Decree 30/2020 layout) and XLSX (openpyxl).

WeasyPrint and openpyxl are imported inside the functions that use them (WeasyPrint takes about a second to
import). The PDF embeds a serif font with full Vietnamese coverage through ``@font-face`` with ``file://`` URLs:
Liberation Serif (metric-compatible with Times New Roman) when installed, else DejaVu Serif.
"""

import functools
import io
import logging
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from .writing import Footnote, Rich, Table

FONT_DIRS = [Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation")]
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")


VIETNAMESE_SAMPLE = "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơư"


@functools.lru_cache(maxsize=8)
def covers_vietnamese(path):
    """Does the font file have a glyph for every Vietnamese letter? (fonts-liberation 1.x has none of the
    stacked-diacritic letters: WeasyPrint would fill them from another font and Pillow would leave them blank.)"""
    from fontTools.ttLib import TTFont

    try:
        cmap = TTFont(str(path), lazy=True).getBestCmap()
    except Exception:  # noqa: BLE001 - an unreadable font does not cover anything
        return False
    return all(ord(ch) in cmap for ch in VIETNAMESE_SAMPLE + VIETNAMESE_SAMPLE.upper())


def font_urls():
    """file:// URLs of the four faces of the document font: Liberation Serif (metric-compatible with Times New
    Roman) when its installed version covers Vietnamese (fonts-liberation2), else DejaVu Serif."""
    for directory in FONT_DIRS:
        names = {
            "regular": "LiberationSerif-Regular.ttf",
            "bold": "LiberationSerif-Bold.ttf",
            "italic": "LiberationSerif-Italic.ttf",
            "bold_italic": "LiberationSerif-BoldItalic.ttf",
        }
        if all((directory / name).exists() for name in names.values()) and covers_vietnamese(
            directory / names["regular"]
        ):
            return {key: (directory / name).as_uri() for key, name in names.items()}
    names = {
        "regular": "DejaVuSerif.ttf",
        "bold": "DejaVuSerif-Bold.ttf",
        "italic": "DejaVuSerif-Italic.ttf",
        "bold_italic": "DejaVuSerif-BoldItalic.ttf",
    }
    return {key: (DEJAVU_DIR / name).as_uri() for key, name in names.items()}


def font_path(face="regular"):
    """The file of one face of the document font (for the chart images)."""
    from urllib.parse import unquote, urlparse

    return unquote(urlparse(font_urls()[face]).path)


def render_html(doc):
    """The standalone HTML document (also the source of the PDF)."""
    return render_to_string("reports/document.html", {"doc": doc, "fonts": font_urls()})


def render_pdf(html):
    from weasyprint import HTML  # slow import: only when a PDF is made

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


NUMBER_FORMATS = {"int": "#,##0", "pct": "0.00", "money": "#,##0.00#"}


def _sheet_title(name, used):
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "Bang"
    title, n = cleaned, 2
    while title in used:
        suffix = f" ({n})"
        title = cleaned[: 31 - len(suffix)] + suffix
        n += 1
    used.add(title)
    return title


def _cell_value(kind, value):
    from decimal import Decimal

    if value is None:
        return None
    if kind == "int":
        return int(value)
    if kind in {"pct", "money"}:
        return float(Decimal(str(value)))
    return str(value)


def render_xlsx(doc):
    """One sheet per table of the report (Vietnamese headers, number formats), after a sheet with the report's
    identity (area, period, cut-off date, data hash)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    figures = doc["figures"]
    workbook = Workbook()
    info = workbook.active
    info.title = "Thông tin"
    bold = Font(bold=True)
    info.append(["Báo cáo", f"{doc['title'].capitalize()} {doc['subject_line'][:1].lower()}{doc['subject_line'][1:]}"])
    info.append(["Địa bàn", figures["area"]["display_name"]])
    info.append(["Kỳ báo cáo", figures["period"]["label"]])
    info.append(["Từ ngày", figures["period"]["start"]])
    info.append(["Đến ngày (ngày chốt số liệu)", figures["period"]["cutoff"]])
    info.append(["Mã băm số liệu (SHA-256)", doc.get("data_hash", "")])
    for row in info.iter_rows(min_col=1, max_col=1):
        row[0].font = bold
    info.column_dimensions["A"].width = 32
    info.column_dimensions["B"].width = 80

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="E6EBE4")
    used = {info.title}
    for table in doc["tables"]:
        if not isinstance(table, Table):
            continue
        sheet = workbook.create_sheet(_sheet_title(table.sheet, used))
        sheet.append([table.caption])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append(list(table.head))
        for cell in sheet[2]:
            cell.font = bold
            cell.fill = fill
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for index, row in enumerate(table.rows):
            sheet.append([_cell_value(kind, value) for kind, value in row])
            is_total = table.total and index == len(table.rows) - 1
            for (kind, _value), cell in zip(row, sheet[sheet.max_row], strict=True):
                cell.border = border
                if kind in NUMBER_FORMATS:
                    cell.number_format = NUMBER_FORMATS[kind]
                else:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                if is_total:
                    cell.font = bold
        for column in range(1, len(table.head) + 1):
            width = 48 if column == 1 or table.head[column - 1] == "Chỉ tiêu" else 16
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _pieces(text, officedoc):
    """A paragraph's text for ``ocop_portal.docx.paragraph``: a string, or strings and real footnotes."""
    if not isinstance(text, Rich):
        return str(text)
    return [officedoc.FootnoteRef(p.text) if isinstance(p, Footnote) else p for p in text.pieces]


def render_docx(doc):
    """The editable Word document: the same content as the HTML/PDF (``reports/_document_body.html``), built with
    ``ocop_portal.docx`` (Decree 30/2020 layout, real tables, charts as PNG images)."""
    from ocop_portal import docx as officedoc

    document = officedoc.new_document()
    number = doc["number"] or f"{' ' * 12}/{doc['number_suffix']}"
    officedoc.header(document, doc["header_lines"], f"Số: {number}", doc["place_date"])
    officedoc.title(document, doc["title"], doc["subject_line"])
    officedoc.paragraph(document, doc["intro"])
    for part in doc["parts"]:
        officedoc.heading(document, part["title"])
        for section in part["sections"]:
            if section.get("title"):
                officedoc.heading(document, section["title"])
            for kind, block in section["blocks"]:
                if kind == "p":
                    officedoc.paragraph(document, _pieces(block, officedoc))
                elif kind == "bullet":
                    officedoc.bullet(document, _pieces(block, officedoc))
                elif kind == "note":
                    officedoc.note(document, block)
                elif kind == "footnote":
                    continue  # a real Word footnote, written where it is called (``_pieces``)
                elif kind == "chart" and block:
                    officedoc.image(document, block.png(), block.width_mm)
                elif kind == "table":
                    numeric = (
                        {i for i, (cell_kind, _v) in enumerate(block.rows[0]) if cell_kind != "text"}
                        if block.rows
                        else set()
                    )
                    rows = [[text for _kind, text in row] for row in block.display_rows]
                    officedoc.table(document, block.caption, block.head, rows, numeric=numeric, total=block.total)
    officedoc.closing(
        document, doc["recipients"], doc["signer_title_lines"], doc["signer_name"], last_paragraph=doc["closing"]
    )
    return officedoc.to_bytes(document)
