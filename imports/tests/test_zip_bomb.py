"""Issue #12, finding 6: an XLSX that unpacks to hundreds of MB (a zip bomb) is refused quickly, with a clear
message, without unpacking it; a sheet with too many rows or cells is refused; declared sizes that lie are caught
while reading."""

import io
import struct
import time
import tracemalloc
import zipfile

import pytest

from imports.models import JobStatus
from imports.readers import FileRefused, read_table
from subjects.models import Subject

from .conftest import SUBJECT_HEADERS, counts, subject_row, xlsx_bytes

pytestmark = pytest.mark.django_db

SHEET_PATH = "xl/worksheets/sheet1.xml"
ROW = b'<row><c t="inlineStr"><is><t>' + b"A" * 200 + b"</t></is></c></row>"


def bomb(unpacked_mb=300):
    """A real workbook whose first sheet's XML is replaced by ``unpacked_mb`` MB of identical rows (~0.3 MB zipped)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([SUBJECT_HEADERS, subject_row()])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename != SHEET_PATH:
                archive.writestr(info.filename, source.read(info.filename))
                continue
            with archive.open(SHEET_PATH, "w", force_zip64=True) as sheet:
                sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/')
                sheet.write(b'spreadsheetml/2006/main"><sheetData>')
                block = ROW * 4096
                for _ in range(unpacked_mb * 1024 * 1024 // len(block)):
                    sheet.write(block)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb_bytes():
    return bomb()


def _measure(call):
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = call()
    finally:
        elapsed = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return result, elapsed, peak


def test_an_upload_that_unpacks_to_hundreds_of_mb_is_refused_fast_in_the_request(upload, office, bomb_bytes):
    assert len(bomb_bytes) < 2 * 1024 * 1024  # small on the wire...
    before = counts()
    job, elapsed, peak = _measure(lambda: upload(office, "subjects", bomb_bytes, name="bom.xlsx"))
    assert job.status == JobStatus.FAILED
    assert "khi giải nén" in job.failure and "bị từ chối" in job.failure, job.failure
    assert elapsed < 5, elapsed  # refused from the zip directory, not after unpacking 300 MB
    assert peak < 40 * 1024 * 1024, peak  # ...and never unpacked in memory
    assert counts() == before and Subject.objects.count() == 0


def test_the_reader_refuses_the_bomb_before_unpacking_it(bomb_bytes):
    def read():
        with pytest.raises(FileRefused) as refused:
            read_table(bomb_bytes, "bom.xlsx")
        return refused.value.message

    message, elapsed, peak = _measure(read)
    assert "khi giải nén" in message
    assert elapsed < 3 and peak < 40 * 1024 * 1024, (elapsed, peak)


def _lie_about_sizes(data, name, size):
    """Rewrite the central directory entry of ``name`` to declare ``size`` bytes (compressed and uncompressed)."""
    buffer = bytearray(data)
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(name)
    assert not info.extra  # a plain (not zip64) entry: sizes sit in the fixed header
    offset = 0
    while True:
        offset = buffer.find(b"PK\x01\x02", offset)
        name_length = struct.unpack("<H", buffer[offset + 28 : offset + 30])[0]
        if buffer[offset + 46 : offset + 46 + name_length].decode() == name:
            break
        offset += 46
    struct.pack_into("<I", buffer, offset + 24, size)  # uncompressed size as declared
    return bytes(buffer)


def test_declared_sizes_that_lie_are_caught_while_reading(settings):
    """The directory says the sheet is 2 KB; it really unpacks to several MB: refused, never a crash."""
    settings.OCOP_IMPORT_MAX_UNPACKED_MB = 1
    rows = [SUBJECT_HEADERS] + [subject_row(f"14{n:08d}", f"Hợp tác xã {n} " + "x" * 150) for n in range(8_000)]
    real = xlsx_bytes(rows)
    with pytest.raises(FileRefused):
        read_table(real, "that.xlsx")  # honest sizes over the limit: refused from the directory
    settings.OCOP_IMPORT_MAX_UNPACKED_MB = 500
    lying = _lie_about_sizes(real, SHEET_PATH, 2048)
    with pytest.raises(FileRefused) as refused:
        read_table(lying, "lying.xlsx")
    assert "Excel" in refused.value.message


def test_too_many_rows_are_refused_with_the_limit(settings, upload, office):
    settings.OCOP_IMPORT_MAX_ROWS = 50
    rows = [SUBJECT_HEADERS] + [subject_row(f"14000{n:05d}", f"HTX số {n}") for n in range(80)]
    with pytest.raises(FileRefused) as refused:
        read_table(xlsx_bytes(rows), "lon.xlsx")
    assert "50" in refused.value.message and "dòng" in refused.value.message
    job = upload(office, "subjects", xlsx_bytes(rows), name="lon.xlsx")
    assert job.status == JobStatus.FAILED and "dòng" in job.failure
    assert Subject.objects.count() == 0


def test_a_cell_far_to_the_right_cannot_blow_up_the_rows(settings):
    """One value in column XFD would make every row 16,384 cells wide; the cell limit stops it."""
    settings.OCOP_IMPORT_MAX_CELLS = 100_000

    def far(sheet):
        for number in range(2, 40):
            sheet.cell(row=number, column=16384, value="x")

    rows = [SUBJECT_HEADERS] + [subject_row(f"14000{n:05d}") for n in range(40)]
    with pytest.raises(FileRefused) as refused:
        read_table(xlsx_bytes(rows, setup=far), "rong.xlsx")
    assert "ô" in refused.value.message


def test_a_large_sheet_is_not_read_in_the_web_request(upload, office, monkeypatch):
    """A sheet whose XML is bigger than a few MB goes to the worker without being unpacked or counted here."""
    from imports import readers, services

    monkeypatch.setattr(readers, "SYNC_SHEET_BYTES", 2000)  # this small file counts as large

    def not_here(*args, **kwargs):
        raise AssertionError("the web request must not read the sheet")

    queued = []
    monkeypatch.setattr(services, "read_table", not_here)
    monkeypatch.setattr(readers, "scan_sheet", not_here)
    monkeypatch.setattr(services, "_enqueue", lambda job, commit: queued.append((job.pk, commit)) or True)
    rows = [SUBJECT_HEADERS] + [subject_row(f"14000{n:05d}", f"HTX số {n}") for n in range(30)]
    job = upload(office, "subjects", xlsx_bytes(rows))
    assert queued == [(job.pk, False)] and job.status == JobStatus.CHECKING
