"""The upload size limit applies while the body arrives (``ocop_portal.uploads``), for every form with a file."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from ocop_portal.uploads import OversizeUpload


def posted_file(size, settings, limit_mb=1):
    settings.OCOP_UPLOAD_MAX_MB = limit_mb
    upload = SimpleUploadedFile("ho-so.pdf", b"%PDF-1.7\n" + b"0" * (size - 9), content_type="application/pdf")
    request = RequestFactory().post("/x/", {"note": "giữ nguyên", "file": upload})
    return request, request.FILES["file"]


def test_a_file_over_the_limit_arrives_empty_with_its_size(settings):
    request, uploaded = posted_file(3 * 1024 * 1024, settings)
    assert isinstance(uploaded, OversizeUpload)
    assert uploaded.size == 3 * 1024 * 1024
    assert uploaded.read() == b""  # nothing of the content was kept
    assert request.POST["note"] == "giữ nguyên"


def test_a_file_within_the_limit_arrives_whole(settings):
    _request, uploaded = posted_file(1024 * 1024 - 10, settings)
    assert not isinstance(uploaded, OversizeUpload)
    data = uploaded.read()
    assert len(data) == 1024 * 1024 - 10 and data.startswith(b"%PDF-1.7")


def test_a_large_file_within_a_larger_limit_is_stored_on_disk_whole(settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    _request, uploaded = posted_file(3 * 1024 * 1024, settings, limit_mb=5)
    assert type(uploaded).__name__ == "TemporaryUploadedFile"
    assert uploaded.size == 3 * 1024 * 1024 and len(uploaded.read()) == 3 * 1024 * 1024
