"""The upload size limit, enforced while the request body arrives (every form that takes a file).

``SizeLimitedUploadHandler`` runs first among ``FILE_UPLOAD_HANDLERS``. A file that grows past
``OCOP_UPLOAD_MAX_MB`` stops being passed to the handlers that store it (memory, then a temporary file), so nothing
beyond the limit is kept; the view receives an ``OversizeUpload`` of the size that arrived and no content, and the
form's usual size check refuses it with its clear message. The rest of the body is still read (and discarded) so
that the browser gets that message rather than a reset connection; the reverse proxy's body limit (README,
Production) is what stops a client from sending gigabytes.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


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
