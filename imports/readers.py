"""Reading an uploaded file into rows of cells, refusing what cannot be read safely.

``read_table(data, filename)`` accepts XLSX (first worksheet) and CSV/TXT (UTF-8 with or without BOM, UTF-16 as
Excel's "Unicode Text", Windows-1258 as saved by older Vietnamese Excel; separator "," ";" or tab). It refuses, with a
Vietnamese message and before anything is written: an empty file, a file that is not a spreadsheet (PDF, image, Word,
old .xls, OpenDocument), text whose encoding cannot be decoded cleanly, merged cells (naming the ranges) and formulas
(naming the cells).
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .columns import is_blank


class FileRefused(Exception):
    """The whole file is refused; ``message`` explains why and what to do, in Vietnamese."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """Rows of a sheet: [(row number as the user sees it, [cell values])]."""

    rows: list
    format: str
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    notes: list = field(default_factory=list)


MAX_LISTED = 10


def save_as_utf8():
    return _(
        "Hãy mở tệp bằng Excel và lưu lại dưới dạng «CSV UTF-8 (Comma delimited)» hoặc «Sổ làm việc Excel (.xlsx)», "
        "rồi tải lên lại."
    )


def read_table(data, filename=""):
    if not data:
        raise FileRefused(_("Tệp rỗng, không có dữ liệu."))
    head = data[:8]
    if head.startswith(b"PK\x03\x04"):
        return read_xlsx(data)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(
            _(
                "Tệp Excel 97–2003 (.xls) chưa được hỗ trợ. Hãy mở bằng Excel, chọn «Lưu thành» > «Sổ làm việc Excel "
                "(.xlsx)» rồi tải lên lại."
            )
        )
    if head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf")):
        raise FileRefused(not_a_spreadsheet())
    return read_csv(data)


def not_a_spreadsheet():
    return _("Tệp không phải bảng tính. Chỉ nhận tệp Excel (.xlsx) hoặc CSV theo tệp mẫu của trang nhập dữ liệu.")


def estimate_rows(data):
    """A quick count of the rows of a file (header included), to choose between running now and a background job;
    reads no cell (the ``<row>`` elements of the first sheet, or the line breaks of a text file)."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                path = _first_sheet_path(archive)
                return len(ROW_RE.findall(archive.read(path))) if path else 0
        except (zipfile.BadZipFile, KeyError):
            return 0
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.count(b"\n\x00") or data.count(b"\x00\n")
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


ROW_RE = re.compile(rb"<(?:\w+:)?row[\s>]")


# --- XLSX -------------------------------------------------------------------------------------------------------


MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')


def _listed(items):
    shown = ", ".join(items[:MAX_LISTED])
    if len(items) > MAX_LISTED:
        shown += " " + _("và %(n)s ô khác") % {"n": len(items) - MAX_LISTED}
    return shown


def _first_sheet_path(archive):
    """The XML part of the first worksheet (the one ``read_xlsx`` reads), from the workbook's relationships."""
    names = set(archive.namelist())
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    sheet = re.search(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", workbook) or re.search(
        rb"<(?:\w+:)?sheet\b[^>]*?\bid=\"([^\"]+)\"", workbook
    )
    if not sheet:
        return None
    rel_id = sheet.group(1)
    for rel in re.finditer(rb"<Relationship\b[^>]*>", rels):
        tag = rel.group(0)
        if re.search(rb'\bId="' + re.escape(rel_id) + rb'"', tag):
            target = re.search(rb'\bTarget="([^"]+)"', tag).group(1).decode()
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return path if path in names else None
    return None


def read_xlsx(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileRefused(_("Tệp Excel bị hỏng hoặc không phải tệp .xlsx.")) from None
    with archive:
        names = set(archive.namelist())
        if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
            raise FileRefused(_("Tệp OpenDocument (.ods) chưa được hỗ trợ; hãy lưu thành .xlsx hoặc CSV UTF-8."))
        if "xl/workbook.xml" not in names:
            raise FileRefused(not_a_spreadsheet())
        sheet_path = _first_sheet_path(archive)
        merged = [m.decode() for m in MERGE_RE.findall(archive.read(sheet_path))] if sheet_path else []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise FileRefused(_("Không đọc được tệp Excel (tệp bị hỏng hoặc không đúng định dạng .xlsx).")) from None
    try:
        if not workbook.worksheets:
            raise FileRefused(_("Tệp Excel không có trang tính nào."))
        sheet = workbook.worksheets[0]
        if merged:
            raise FileRefused(
                _(
                    "Trang tính «%(sheet)s» có ô gộp (%(ranges)s). Hãy bỏ gộp ô (Merge & Center > Unmerge Cells), "
                    "ghi đủ giá trị vào từng ô rồi tải lên lại."
                )
                % {"sheet": sheet.title, "ranges": _listed(merged)}
            )
        rows = []
        formulas = []
        for number, row in enumerate(sheet.iter_rows(), start=1):
            values = []
            for index, cell in enumerate(row, start=1):
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f" or (
                    value is not None and type(value).__name__ in ("ArrayFormula", "DataTableFormula")
                ):
                    formulas.append(f"{get_column_letter(index)}{number}")
                    value = None
                values.append(value)
            rows.append((number, values))
        if formulas:
            raise FileRefused(
                _(
                    "Trang tính «%(sheet)s» có công thức ở ô %(cells)s. Hãy chép và dán giá trị (Paste Special > "
                    "Values) thay cho công thức rồi tải lên lại."
                )
                % {"sheet": sheet.title, "cells": _listed(formulas)}
            )
        return Table(rows=rows, format="xlsx", sheet=sheet.title)
    finally:
        workbook.close()


# --- CSV --------------------------------------------------------------------------------------------------------

# Characters a Vietnamese text may contain besides ASCII: the letters (after NFC) and common typography.
VIETNAMESE_LETTERS = set(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)
TYPOGRAPHY = set("“”‘’–—…•°±×÷€№·\u00a0")


def _plausible_vietnamese(text):
    """False when text decoded as Windows-1258 is mojibake (UTF-8 read as 1258 gives "Há»£p", "Ä‘", "Æ°")."""
    for char in text:
        if char.isascii() or char in VIETNAMESE_LETTERS or char in TYPOGRAPHY:
            continue
        return False
    return True


def decode_text(data):
    """(text, encoding). Tries UTF-16 (BOM), UTF-8 (with or without BOM), then Windows-1258; refuses garbage."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise FileRefused(_("Không đọc được tệp văn bản Unicode (UTF-16). ") + save_as_utf8()) from None
    if b"\x00" in data[:4096]:
        raise FileRefused(not_a_spreadsheet())
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        text, encoding = None, "cp1258"
    if text is None:
        try:
            text = unicodedata.normalize("NFC", data.decode("cp1258"))
        except UnicodeDecodeError:
            raise FileRefused(_("Tệp CSV không ở bảng mã UTF-8 và không đọc được. ") + save_as_utf8()) from None
        if not _plausible_vietnamese(text):
            raise FileRefused(
                _("Tệp CSV không ở bảng mã UTF-8; đọc theo bảng mã Windows-1258 thì chữ bị lỗi (vd. «Há»£p tÃ¡c»). ")
                + save_as_utf8()
            )
    if "\ufffd" in text:
        raise FileRefused(_("Tệp CSV có ký tự lỗi (�): tệp đã bị đổi bảng mã sai trước đó. ") + save_as_utf8())
    return unicodedata.normalize("NFC", text), encoding


def _delimiter(text):
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def read_csv(data):
    text, encoding = decode_text(data)
    if not text.strip():
        raise FileRefused(_("Tệp rỗng, không có dữ liệu."))
    if any(ord(char) < 32 and char not in "\t\r\n" for char in text[:4096]):
        raise FileRefused(not_a_spreadsheet())
    delimiter = _delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise FileRefused(_("Tệp CSV sai cấu trúc (dấu ngoặc kép không đóng).")) from None
    rows = [
        (number, [value if not is_blank(value) else None for value in record])
        for number, record in enumerate(records, start=1)
    ]
    notes = []
    if encoding == "cp1258":
        notes.append(_("Tệp được đọc theo bảng mã Windows-1258; nên lưu tệp dưới dạng CSV UTF-8 cho những lần sau."))
    return Table(rows=rows, format="csv", encoding=encoding, delimiter=delimiter, notes=notes)
