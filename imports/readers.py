"""Reading an uploaded file into rows of cells, refusing what cannot be read safely.

``read_table(data, filename)`` accepts XLSX (first worksheet) and CSV/TXT (UTF-8 with or without BOM, UTF-16 as
Excel's "Unicode Text", Windows-1258 as saved by older Vietnamese Excel; separator "," ";" or tab). It refuses, with a
Vietnamese message and before anything is written: an empty file, a file that is not a spreadsheet (PDF, image, Word,
old .xls, OpenDocument), text whose encoding cannot be decoded cleanly, merged cells (naming the ranges) and formulas
(naming the cells).

An XLSX is a zip archive, so a small upload can unpack to gigabytes (a "zip bomb"). Before anything is unpacked the
archive's directory is checked (``check_archive``: declared total size, compression ratio, number of parts); then
every part is read as a stream through ``GuardedZipFile``, which counts the bytes really unpacked (declared sizes can
lie) and stops at the limit; the sheet is pre-scanned as a stream (rows, cells, cells per row, merged ranges) and
read with openpyxl in read-only mode, stopping after ``OCOP_IMPORT_MAX_ROWS`` rows or ``OCOP_IMPORT_MAX_CELLS``
cells. Every refusal is a ``FileRefused`` with a Vietnamese message.
"""

import csv
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter

from ocop_portal.formatting import format_number

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

# Limits of what a file may unpack to (settings of the same name override them).
DEFAULT_MAX_UNPACKED_MB = 150  # all parts of an XLSX together, unpacked
DEFAULT_MAX_RATIO = 100  # unpacked / packed size of one part (XML of real sheets packs 5-30 times)
RATIO_APPLIES_FROM = 1024 * 1024  # ...for parts larger than this unpacked
DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_CELLS = 3_000_000
DEFAULT_MAX_ROW_CELLS = 1_000
MAX_PARTS = 10_000
CHUNK = 1024 * 1024


def _limit(name, default):
    return getattr(settings, name, default)


def max_unpacked_bytes():
    return int(float(_limit("OCOP_IMPORT_MAX_UNPACKED_MB", DEFAULT_MAX_UNPACKED_MB)) * 1024 * 1024)


def max_rows():
    return int(_limit("OCOP_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_cells():
    return int(_limit("OCOP_IMPORT_MAX_CELLS", DEFAULT_MAX_CELLS))


def _mb(size):
    return format_number(size / 1048576, 0)


def too_large_unpacked(unpacked=None):
    detail = (
        _("khi giải nén sẽ lớn %(mb)s MB, vượt giới hạn %(limit)s MB")
        % {"mb": _mb(unpacked), "limit": _mb(max_unpacked_bytes())}
        if unpacked
        else _("khi giải nén vượt giới hạn %(limit)s MB") % {"limit": _mb(max_unpacked_bytes())}
    )
    return _(
        "Tệp Excel bất thường: %(detail)s. Tệp có thể bị hỏng hoặc được tạo để gây quá tải nên đã bị từ chối, "
        "không dòng nào được đọc. Hãy mở tệp bằng Excel, xoá các dòng, cột thừa rồi lưu lại, hoặc chia thành nhiều "
        "tệp nhỏ hơn."
    ) % {"detail": detail}


def too_many_rows():
    return _(
        "Trang tính có hơn %(limit)s dòng, vượt giới hạn một lần nhập; tệp bị từ chối, không dòng nào được ghi. "
        "Hãy chia thành nhiều tệp nhỏ hơn (và xoá các dòng trống thừa ở cuối trang tính)."
    ) % {"limit": format_number(max_rows())}


def too_many_cells():
    return _(
        "Trang tính có quá nhiều ô (hơn %(limit)s ô, hoặc một dòng hơn %(row)s ô); tệp bị từ chối, không dòng nào "
        "được ghi. Hãy xoá các cột, dòng thừa (kể cả ô trống đã định dạng ở rất xa về bên phải hoặc phía dưới) rồi "
        "lưu lại, hoặc chia thành nhiều tệp nhỏ hơn."
    ) % {"limit": format_number(max_cells()), "row": format_number(DEFAULT_MAX_ROW_CELLS)}


def damaged_xlsx():
    return _("Không đọc được tệp Excel (tệp bị hỏng hoặc không đúng định dạng .xlsx).")


def check_archive(archive):
    """Refuse, from the zip directory alone (nothing unpacked), an archive that declares too much."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise FileRefused(too_large_unpacked())
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_APPLIES_FROM and info.file_size > _limit(
            "OCOP_IMPORT_MAX_RATIO", DEFAULT_MAX_RATIO
        ) * max(info.compress_size, 1):
            raise FileRefused(
                too_large_unpacked(max(total, sum(i.file_size for i in infos)))
                + " "
                + _("(Phần «%(part)s» nén %(ratio)s lần.)")
                % {
                    "part": info.filename,
                    "ratio": format_number(info.file_size // max(info.compress_size, 1)),
                }
            )
    if total > max_unpacked_bytes():
        raise FileRefused(too_large_unpacked(total))
    return total


class _Budget:
    """Bytes unpacked so far by one reading of an archive, whatever its directory declared."""

    def __init__(self, limit):
        self.limit = limit
        self.used = 0

    def spend(self, count):
        self.used += count
        if self.used > self.limit:
            raise FileRefused(too_large_unpacked())


class _CountingStream(io.RawIOBase):
    """A part of the archive, read as a stream, charging every unpacked byte to the budget."""

    def __init__(self, stream, budget):
        self._stream = stream
        self._budget = budget

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self._stream.read(min(len(buffer), CHUNK))
        self._budget.spend(len(data))
        buffer[: len(data)] = data
        return len(data)

    def close(self):
        self._stream.close()
        super().close()


class GuardedZipFile(zipfile.ZipFile):
    """A ``ZipFile`` whose parts, opened for reading, count against one budget of unpacked bytes."""

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget

    def open(self, name, mode="r", pwd=None, **kwargs):
        stream = super().open(name, mode, pwd=pwd, **kwargs)
        if mode != "r":
            return stream
        return io.BufferedReader(_CountingStream(stream, self.budget), buffer_size=64 * 1024)

    def read(self, name, pwd=None):
        with self.open(name, pwd=pwd) as stream:
            return stream.read()


def open_xlsx(data):
    """(archive, budget): the checked archive, ready to be read within the unpacked-size budget."""
    try:
        archive = GuardedZipFile(io.BytesIO(data), budget=_Budget(max_unpacked_bytes()))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise FileRefused(_("Tệp Excel bị hỏng hoặc không phải tệp .xlsx.")) from None
    try:
        check_archive(archive)
    except FileRefused:
        archive.close()
        raise
    return archive


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


SYNC_SHEET_BYTES = 4 * 1024 * 1024


def estimate_rows(data, *, stop_at=None):
    """A quick count of the rows of a file (header included), to choose between running now and a background job;
    reads no cell (the ``<row>`` elements of the first sheet, streamed, or the line breaks of a text file).

    An XLSX whose archive is refused (``check_archive``) raises ``FileRefused`` at once. A sheet whose XML is larger
    than a few MB is not counted in the web request: it is reported as ``stop_at`` rows (run in the background)."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with open_xlsx(data) as archive:
                path = _first_sheet_path(archive)
                if not path:
                    return 0
                if stop_at is not None and archive.getinfo(path).file_size > SYNC_SHEET_BYTES:
                    return stop_at
                return scan_sheet(archive, path, stop_at=stop_at).rows
        except FileRefused as exc:
            if stop_at is None and not exc.message.startswith(_("Tệp Excel bất thường")):
                return 0
            raise
        except (zipfile.BadZipFile, KeyError, zlib.error, EOFError, ValueError):
            return 0
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.count(b"\n\x00") or data.count(b"\x00\n")
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


ROW_RE = re.compile(rb"<(?:\w+:)?row[\s>]")


# --- XLSX -------------------------------------------------------------------------------------------------------


MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
ROW_OR_CELL_RE = re.compile(rb"<(?:\w+:)?(row|c)[\s>/]")
OVERLAP = 256


@dataclass
class SheetScan:
    rows: int = 0
    cells: int = 0
    merged: list = field(default_factory=list)


def scan_sheet(archive, path, *, stop_at=None):
    """Stream the sheet's XML once (never all in memory): count rows and cells, collect merged ranges, and refuse a
    sheet over the row, cell or cells-per-row limits. ``stop_at``: stop counting after that many rows."""
    scan = SheetScan()
    limit_rows, limit_cells = max_rows(), max_cells()
    row_cells = 0
    carry = b""
    with archive.open(path) as stream:
        while True:
            chunk = stream.read(CHUNK)
            buffer = carry + chunk
            # Matches starting before ``end`` are counted now; the tail is kept for the next round, so a tag cut in
            # two by the chunk boundary is counted once, whole.
            end = len(buffer) if not chunk else max(0, len(buffer) - OVERLAP)
            for match in ROW_OR_CELL_RE.finditer(buffer):
                if match.start() >= end:
                    break
                if match.group(1) == b"row":
                    scan.rows += 1
                    row_cells = 0
                    if scan.rows > limit_rows + 1:  # + the header row
                        raise FileRefused(too_many_rows())
                    if stop_at is not None and scan.rows >= stop_at:
                        return scan
                else:
                    scan.cells += 1
                    row_cells += 1
                    if scan.cells > limit_cells or row_cells > DEFAULT_MAX_ROW_CELLS:
                        raise FileRefused(too_many_cells())
            for match in MERGE_RE.finditer(buffer):
                if match.start() >= end:
                    break
                scan.merged.append(match.group(1).decode())
            if not chunk:
                return scan
            carry = buffer[end:]


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


def _load_read_only(data, archive):
    """openpyxl's read-only workbook over ``archive`` (a ``GuardedZipFile``): every part it opens, the sheet
    included, is unpacked as a stream within the archive's budget."""
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False)
    reader.archive.close()
    reader.archive = archive
    reader.valid_files = archive.namelist()
    reader.read()
    return reader.wb


def read_xlsx(data):
    archive = open_xlsx(data)
    workbook = None
    try:
        names = set(archive.namelist())
        if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
            raise FileRefused(_("Tệp OpenDocument (.ods) chưa được hỗ trợ; hãy lưu thành .xlsx hoặc CSV UTF-8."))
        if "xl/workbook.xml" not in names:
            raise FileRefused(not_a_spreadsheet())
        sheet_path = _first_sheet_path(archive)
        merged = scan_sheet(archive, sheet_path).merged if sheet_path else []
        archive.budget = _Budget(max_unpacked_bytes())  # a second pass over the same parts: a budget of its own
        workbook = _load_read_only(data, archive)
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
        # The declared dimension (A1:XFD1048576 costs nothing to write) must not pad every row: rows are as wide as
        # their own last cell, and every cell returned counts against the limit.
        sheet.reset_dimensions()
        rows = []
        formulas = []
        limit_rows, limit_cells, cells = max_rows() + 1, max_cells(), 0
        for number, row in enumerate(sheet.iter_rows(), start=1):
            if number > limit_rows:
                raise FileRefused(too_many_rows())
            cells += len(row)
            if cells > limit_cells or len(row) > DEFAULT_MAX_ROW_CELLS:
                raise FileRefused(too_many_cells())
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
    except FileRefused:
        raise
    except Exception:  # openpyxl, zipfile and zlib raise many kinds of errors on a damaged file
        raise FileRefused(damaged_xlsx()) from None
    finally:
        if workbook is not None:
            workbook.close()
        archive.close()


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
        records = []
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            records.append(record)
            if len(records) > max_rows() + 1:
                raise FileRefused(too_many_rows())
            if len(record) > DEFAULT_MAX_ROW_CELLS:
                raise FileRefused(too_many_cells())
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
