"""The upload size limit, enforced while the request body arrives (every form that takes a file).

``SizeLimitedUploadHandler`` runs first among ``FILE_UPLOAD_HANDLERS``. A file that grows past
``OCOP_UPLOAD_MAX_MB`` stops being passed to the handlers that store it (memory, then a temporary file), so nothing
beyond the limit is kept; the view receives an ``OversizeUpload`` of the size that arrived and no content, and the
form's usual size check refuses it with its clear message. The rest of the body is still read (and discarded) so
that the browser gets that message rather than a reset connection; the reverse proxy's body limit (README,
Production) is what stops a client from sending gigabytes.
"""

import io
import re
import warnings
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError


def max_upload_bytes():
    return int(settings.OCOP_UPLOAD_MAX_MB) * 1024 * 1024


class OversizeUpload(UploadedFile):
    """A file refused for its size: ``size`` is what arrived (more than the limit), the content is empty."""

    def __init__(self, name, size, content_type):
        super().__init__(io.BytesIO(b""), name=name, content_type=content_type, size=size)


class SizeLimitedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.oversize = False

    def receive_data_chunk(self, raw_data, start):
        self.received = start + len(raw_data)
        if self.oversize or self.received > max_upload_bytes():
            self.oversize = True
            return None  # the next handlers (which store the file) get nothing more
        return raw_data

    def file_complete(self, file_size):
        if not self.oversize:
            return None  # the storing handler completes the file
        return OversizeUpload(self.file_name, self.received, self.content_type)


# --- Content checks shared by every upload of a PDF or an image (products.uploads.detect_content_type) ----------

# A picture wider and taller than a phone photo is not a dossier scan; a small compressed file can claim billions
# of pixels and take the server's memory when opened ("decompression bomb").
DEFAULT_MAX_MEGAPIXELS = 40

# PDF names that run code or act by themselves when the file is opened: JavaScript, automatic actions, launching
# programs, files carried inside the PDF.
PDF_ACTIVE_NAMES = {
    b"JS": "JavaScript",
    b"JavaScript": "JavaScript",
    b"OpenAction": "OpenAction",
    b"AA": "AA",
    b"Launch": "Launch",
    b"EmbeddedFile": "EmbeddedFile",
    b"EmbeddedFiles": "EmbeddedFile",
}
PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
PDF_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
# Decompressing object streams is bounded: a PDF whose object streams unpack to more than this is refused.
PDF_MAX_UNPACKED_BYTES = 64 * 1024 * 1024


def max_image_pixels():
    return int(getattr(settings, "OCOP_UPLOAD_MAX_MEGAPIXELS", DEFAULT_MAX_MEGAPIXELS)) * 1_000_000


def _image_too_large(width=None, height=None):
    limit_mp = max_image_pixels() // 1_000_000
    if width and height:
        return ValidationError(
            _(
                "Ảnh quá lớn: %(width)s × %(height)s điểm ảnh (%(mp)s megapixel). Kích thước tối đa cho phép là "
                "%(max)s megapixel; hãy thu nhỏ ảnh rồi tải lên lại."
            )
            % {"width": width, "height": height, "mp": round(width * height / 1_000_000), "max": limit_mp},
            code="too_many_pixels",
        )
    return ValidationError(
        _("Ảnh quá lớn. Kích thước tối đa cho phép là %(max)s megapixel; hãy thu nhỏ ảnh rồi tải lên lại.")
        % {"max": limit_mp},
        code="too_many_pixels",
    )


def check_image_pixels(uploaded):
    """Refuse an image of more than ``OCOP_UPLOAD_MAX_MEGAPIXELS`` megapixels, reading only its header.

    Pillow's own decompression-bomb warning and error are refused with the same message. A file Pillow cannot read
    at all is left to the format check that follows (its "damaged image" message)."""
    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(uploaded) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _image_too_large() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return
    finally:
        uploaded.seek(0)
    if width * height > max_image_pixels():
        raise _image_too_large(width, height)


def _pdf_names(data):
    for match in PDF_NAME.finditer(data):
        yield PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))


def _pdf_parts(data):
    """The parts of a PDF to look at: everything outside the streams (the dictionaries), and the unpacked content of
    its object streams (``/Type /ObjStm``, Flate-compressed), where a PDF 1.5+ file keeps dictionaries too. Other
    streams (pages, images, fonts) are skipped: their bytes are not dictionaries. ``None`` stands for an object
    stream that cannot be unpacked within the bounds."""
    budget = PDF_MAX_UNPACKED_BYTES
    position = 0
    for match in PDF_STREAM.finditer(data):
        if match.start() < position:
            continue  # "stream" inside a stream already skipped
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            end = len(data)
        yield data[position : match.start()]
        position = end
        head_start = max(0, match.start() - 4096)
        objs = list(PDF_OBJ.finditer(data, head_start, match.start()))
        names = set(_pdf_names(data[objs[-1].end() if objs else head_start : match.start()]))
        if b"ObjStm" not in names:
            continue
        if not {b"FlateDecode", b"Fl"} & names:
            yield None
            continue
        try:
            content = zlib.decompressobj().decompress(data[start:end], budget + 1)
        except zlib.error:
            yield None
            continue
        budget -= len(content)
        if budget < 0:
            yield None
            return
        yield content
    yield data[position:]


def check_pdf_active_content(uploaded):
    """Refuse a PDF carrying JavaScript, automatic actions, program launches or embedded files, in its plain
    dictionaries or inside its compressed object streams."""
    uploaded.seek(0)
    try:
        data = uploaded.read()
    finally:
        uploaded.seek(0)
    found = set()
    for content in _pdf_parts(data):
        if content is None:
            raise ValidationError(
                _(
                    "Không kiểm tra được nội dung tệp PDF (tệp được mã hoá hoặc bị hỏng). Hãy lưu lại thành tệp "
                    "PDF thường, không đặt mật khẩu, rồi tải lên lại."
                ),
                code="pdf_unreadable",
            )
        found |= {PDF_ACTIVE_NAMES[name] for name in _pdf_names(content) if name in PDF_ACTIVE_NAMES}
    if found:
        raise ValidationError(
            _(
                "Tệp PDF chứa mã lệnh hoặc thao tác tự động (%(found)s) nên không được chấp nhận. Hãy in lại thành "
                'PDF ("In ra PDF"/"Microsoft Print to PDF") hoặc quét lại tài liệu, rồi tải lên tệp mới.'
            )
            % {"found": ", ".join(sorted(found))},
            code="pdf_active_content",
        )
