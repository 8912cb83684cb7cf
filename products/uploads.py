"""Checks on uploaded dossier files: size, type from the CONTENT (never the name), safe names, digest.

Only PDF, PNG and JPEG are accepted. The type is decided from the first bytes (magic numbers); images are also
opened and verified with Pillow, so a renamed executable, an HTML page or a truncated image is refused whatever
its file name says. The name the user gave is kept only as a label (``original_name``), stripped of any path.
"""

import hashlib
import unicodedata
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from ocop_portal.formatting import format_number
from ocop_portal.uploads import check_image_pixels, check_pdf_active_content, max_upload_bytes

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"

MAGIC = [
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
]
EXTENSION = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg"}
PILLOW_FORMAT = {PNG: "PNG", JPEG: "JPEG"}
MAX_NAME_LENGTH = 200
FALLBACK_NAME = "ho-so"


def check_size(uploaded):
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError(_("Tệp rỗng, không có nội dung."), code="empty")
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB). Dung lượng tối đa cho phép là %(max)s MB.")
            % {"size": format_number(size / 1024 / 1024, 1), "max": settings.OCOP_UPLOAD_MAX_MB},
            code="too_large",
        )
    return size


def detect_content_type(uploaded):
    """The checked MIME type of ``uploaded`` (PDF, PNG or JPEG) or a ValidationError."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    content_type = next((kind for magic, kind in MAGIC if head.startswith(magic)), None)
    if content_type is None:
        raise ValidationError(
            _("Chỉ chấp nhận tệp PDF, JPEG hoặc PNG. Nội dung tệp này không phải một trong các định dạng đó."),
            code="bad_type",
        )
    if content_type == PDF:
        check_pdf_active_content(uploaded)  # no JavaScript, automatic actions or embedded files
    if content_type in PILLOW_FORMAT:
        check_image_pixels(uploaded)  # at most OCOP_UPLOAD_MAX_MEGAPIXELS, before Pillow decodes anything
        try:
            with Image.open(uploaded) as image:
                found = image.format
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
            raise ValidationError(_("Tệp ảnh bị hỏng hoặc không đọc được."), code="bad_image") from exc
        finally:
            uploaded.seek(0)
        if found != PILLOW_FORMAT[content_type]:
            raise ValidationError(_("Tệp ảnh bị hỏng hoặc không đọc được."), code="bad_image")
    return content_type


def sanitize_filename(name):
    """A harmless display name: no directories, no control characters, no leading dots, bounded length."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".").strip()
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        keep_ext = bool(dot) and len(ext) <= 10
        name = stem[: MAX_NAME_LENGTH - len(ext) - 1] + "." + ext if keep_ext else name[:MAX_NAME_LENGTH]
    return name or FALLBACK_NAME


def new_storage_key(content_type):
    return uuid.uuid4().hex + EXTENSION[content_type]


def sha256_of(uploaded):
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()
