"""Writes of the import: storing the uploaded file, checking it (dry run), committing it.

``import_job_create`` stores the file as an ``ImportJob``; ``import_job_start_check`` / ``import_job_start_commit``
run the job now (small files) or as a Celery task (``settings.OCOP_IMPORT_ASYNC_ROWS`` rows or more, 10,000 by
default); both end in ``import_job_run``, which re-reads the stored bytes and calls ``importers.base.run_import``.
The rows themselves are written by the domain services (subjects, products, decisions, programme), each with its
permission checks and audit entries, all inside one transaction per commit.
"""

import hashlib
import logging
import os
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.uploads import max_upload_bytes

from .importers import get_importer
from .importers.base import refused_report, run_import
from .models import ImportJob, JobStatus
from .readers import FileRefused, estimate_rows, read_table

logger = logging.getLogger(__name__)

EXTENSIONS = {".xlsx", ".xlsm", ".csv", ".txt"}
DEFAULT_ASYNC_ROWS = 10_000


def async_threshold():
    return int(getattr(settings, "OCOP_IMPORT_ASYNC_ROWS", DEFAULT_ASYNC_ROWS))


def importer_for(kind):
    importer = get_importer(kind)
    if importer is None:
        raise ValidationError(_("Không có loại dữ liệu nhập «%(kind)s».") % {"kind": kind})
    return importer


def import_job_create(*, actor, kind, uploaded_file):
    """Store an uploaded file for ``kind``; raises PermissionDenied or ValidationError (size, extension, empty)."""
    importer = importer_for(kind)
    if not importer.allowed(actor):
        raise PermissionDenied(_("Bạn không có quyền nhập loại dữ liệu này."))
    name = os.path.basename(getattr(uploaded_file, "name", "") or "du-lieu")[:255]
    extension = os.path.splitext(name)[1].lower()
    if extension not in EXTENSIONS:
        raise ValidationError(
            {"file": _("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv); tệp «%(name)s» không đúng loại.") % {"name": name}}
        )
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > max_upload_bytes():
        raise ValidationError(
            {"file": _("Tệp lớn hơn %(mb)s MB; hãy chia thành nhiều tệp.") % {"mb": max_upload_bytes() // 1048576}}
        )
    data = b"".join(uploaded_file.chunks()) if hasattr(uploaded_file, "chunks") else uploaded_file.read()
    if not data:
        raise ValidationError({"file": _("Tệp rỗng, không có dữ liệu.")})
    job = ImportJob(
        kind=kind,
        storage_key=ImportJob.new_storage_key(extension),
        original_name=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        requested_by=actor,
        unit=actor.unit,
    )
    job.file.save(job.storage_key, ContentFile(data), save=False)
    try:
        job.save()
    except Exception:
        job.file.storage.delete(job.file.name)
        raise
    return job


def _read_job_bytes(job):
    with job.file.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != job.sha256:
        raise FileRefused(_("Tệp đã lưu bị thay đổi sau khi tải lên; hãy tải lên lại."))
    return data


def count_rows(job):
    """About how many data rows the stored file has (without reading its cells): decides now or in the background."""
    try:
        return max(0, estimate_rows(_read_job_bytes(job)) - 1)
    except FileRefused:
        return 0


def _save_progress(job, done, total):
    percent = int(done * 100 / total) if total else 100
    ImportJob.objects.filter(pk=job.pk).update(progress=min(percent, 99))


def import_job_run(*, job, commit, progress=None):
    """Check (``commit=False``) or commit ``job`` now, in this process; returns the report dict.

    ``progress(done, total)`` is called while rows are applied (a Celery task reports it through its result backend:
    inside the import's transaction a row update of the job would stay invisible to the page that polls).
    """
    job = ImportJob.objects.select_related("requested_by__unit").get(pk=job.pk)
    importer_cls = importer_for(job.kind)
    actor = job.requested_by
    importer = importer_cls(
        actor=actor,
        reason=_("Nhập dữ liệu từ tệp «%(name)s» (lần nhập số %(id)s)")
        % {
            "name": job.original_name,
            "id": job.pk,
        },
    )
    try:
        if not importer_cls.allowed(actor):
            raise FileRefused(_("Bạn không có quyền nhập loại dữ liệu này."))
        table = read_table(_read_job_bytes(job), job.original_name)
    except FileRefused as exc:
        report = refused_report(job.kind, exc.message, job.original_name)
    else:
        report = run_import(importer, table, commit=commit, progress=progress, file_name=job.original_name)
    result = report.to_dict()
    now = timezone.now()
    counts = {
        "total_rows": report.total,
        "created_count": report.created,
        "updated_count": report.updated,
        "unchanged_count": report.unchanged,
        "error_count": report.error_count,
        "progress": 100,
    }
    if commit:
        status = JobStatus.DONE if report.committed else JobStatus.FAILED
        ImportJob.objects.filter(pk=job.pk).update(
            outcome=result,
            status=status,
            finished_at=now,
            failure="" if report.committed else _("Có lỗi khi nhập; không dòng nào được ghi."),
            **counts,
        )
    else:
        status = JobStatus.FAILED if report.refused else JobStatus.CHECKED
        ImportJob.objects.filter(pk=job.pk).update(
            preview=result,
            status=status,
            checked_at=now,
            failure=report.errors[0].message if report.refused else "",
            **counts,
        )
    return result


def mark_failed(job, message):
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, failure=message, finished_at=timezone.now())


def broker_available():
    """Can a task be queued? (With eager Celery there is nothing to reach.)"""
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return True
    from ocop_portal.celery import app

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(
                max_retries=1, timeout=getattr(settings, "CELERY_BROKER_CONNECTION_TIMEOUT", 3)
            )
    except Exception:  # kombu raises transport-specific errors
        logger.warning("Celery broker unreachable for import job", exc_info=True)
        return False
    return True


def _dispatch(job, *, commit, rows):
    """Run now (small file) or queue a Celery task (``rows`` >= the threshold). Returns True when queued."""
    from .tasks import run_import_job

    if rows < async_threshold():
        try:
            import_job_run(job=job, commit=commit)
        except Exception:
            logger.exception("Import job %s failed", job.pk)
            mark_failed(job, _("Lỗi hệ thống khi xử lý tệp; không dòng nào được ghi. Hãy báo quản trị hệ thống."))
        return False
    if not broker_available():
        mark_failed(
            job,
            _(
                "Tệp có %(rows)s dòng, cần xử lý nền, nhưng hàng đợi xử lý nền (Redis/Celery) không hoạt động. "
                "Không dòng nào được ghi; hãy báo quản trị hệ thống hoặc chia tệp nhỏ hơn %(limit)s dòng."
            )
            % {"rows": rows, "limit": async_threshold()},
        )
        return False
    task_id = uuid.uuid4().hex
    ImportJob.objects.filter(pk=job.pk).update(task_id=task_id)

    def enqueue():
        # OCOP_IMPORTS_QUEUE: a dedicated queue if the deployment runs a worker for long imports (default queue else).
        queue = getattr(settings, "OCOP_IMPORTS_QUEUE", None)
        run_import_job.apply_async(args=[job.pk, commit], task_id=task_id, **({"queue": queue} if queue else {}))

    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        try:
            enqueue()
        except Exception:  # already logged and recorded on the job by the task
            logger.debug("Eager import job %s failed", job.pk)
    else:
        transaction.on_commit(enqueue)
    return True


def import_job_start_check(*, job):
    """Check the stored file: now, or as a background job for a large file."""
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.CHECKING, progress=0)
    return _dispatch(job, commit=False, rows=count_rows(job))


def import_job_start_commit(*, actor, job):
    """Commit a checked job without errors. Only its requester may (the rows were checked against their area)."""
    if job.requested_by_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Chỉ người đã tải tệp lên mới được xác nhận nhập."))
    importer = importer_for(job.kind)
    if not importer.allowed(actor):
        raise PermissionDenied(_("Bạn không có quyền nhập loại dữ liệu này."))
    claimed = ImportJob.objects.filter(pk=job.pk, status=JobStatus.CHECKED, error_count=0, total_rows__gt=0).update(
        status=JobStatus.IMPORTING, progress=0
    )
    if not claimed:
        raise ValidationError(_("Lần nhập này không ở trạng thái sẵn sàng nhập (đã nhập, đang nhập hoặc còn lỗi)."))
    return _dispatch(job, commit=True, rows=job.total_rows)
