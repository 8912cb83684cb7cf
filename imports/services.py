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
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop_portal.tasks import broker_reachable, pause_point, publish, stale_seconds
from ocop_portal.uploads import max_upload_bytes

from .importers import get_importer
from .importers.base import refused_report, run_import
from .models import ImportJob, JobStatus, RetryStep
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
    """About how many data rows the stored file has, to decide between now and the background, WITHOUT unpacking a
    large file in the web request: a sheet bigger than a few MB counts as "large". Raises ``FileRefused`` when the
    archive itself is refused (a zip bomb) or the stored file changed."""
    threshold = async_threshold()
    return max(0, estimate_rows(_read_job_bytes(job), stop_at=threshold + 1) - 1)


class Superseded(Exception):
    """This run of a job is no longer the current one (the reaper or the user started another): roll back."""


SYSTEM_FAILURE = gettext_lazy(
    "Lỗi hệ thống khi xử lý tệp (mất kết nối cơ sở dữ liệu hoặc máy xử lý nền bị dừng); không dòng nào được ghi. "
    "Bấm «Thử lại» để chạy lại; nếu vẫn lỗi, hãy báo quản trị hệ thống."
)


def _counts(report):
    return {
        "total_rows": report.total,
        "created_count": report.created,
        "updated_count": report.updated,
        "unchanged_count": report.unchanged,
        "error_count": report.error_count,
        "progress": 100,
    }


def _before_commit_done(job):
    """Hook point inside the commit's transaction, just before the job is marked done (tests pause or fail here)."""
    pause_point("import-commit")


def import_job_run(*, job, commit, progress=None, task_id=None):
    """Check (``commit=False``) or commit ``job`` now, in this process; returns the report dict.

    ``progress(done, total)`` is called while rows are applied (a Celery task reports it through its result backend:
    inside the import's transaction a row update of the job would stay invisible to the page that polls).
    ``task_id``: the background run's id; a run whose id is no longer the job's (the job was given to another run)
    changes nothing. A commit marks the job done INSIDE its transaction: the rows and "done" are committed together,
    so a lost connection leaves either both or neither, and a done job is never imported again.
    """
    running = JobStatus.IMPORTING if commit else JobStatus.CHECKING
    current = ImportJob.objects.filter(pk=job.pk, status=running)
    if task_id is not None:
        current = current.filter(task_id=task_id)
    if not current.update(attempts=F("attempts") + 1, heartbeat_at=timezone.now()):
        logger.info("Import job %s: run %s is not the current one; nothing done", job.pk, task_id)
        return None
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

    def mark_done(report):
        locked = ImportJob.objects.select_for_update().filter(pk=job.pk, status=JobStatus.IMPORTING)
        if task_id is not None:
            locked = locked.filter(task_id=task_id)
        if not locked.exists():
            raise Superseded
        _before_commit_done(job)
        ImportJob.objects.filter(pk=job.pk).update(
            outcome=report.to_dict(),
            status=JobStatus.DONE,
            finished_at=timezone.now(),
            failure="",
            retry_step="",
            **_counts(report),
        )

    try:
        if not importer_cls.allowed(actor):
            raise FileRefused(_("Bạn không có quyền nhập loại dữ liệu này."))
        table = read_table(_read_job_bytes(job), job.original_name)
    except FileRefused as exc:
        report = refused_report(job.kind, exc.message, job.original_name)
    else:
        try:
            report = run_import(
                importer,
                table,
                commit=commit,
                progress=progress,
                file_name=job.original_name,
                before_commit=mark_done if commit else None,
            )
        except Superseded:
            return None
    result = report.to_dict()
    if commit and report.committed:
        return result  # marked done with the rows, in the same transaction
    now = timezone.now()
    if commit:
        ImportJob.objects.filter(pk=job.pk, status=JobStatus.IMPORTING).update(
            outcome=result,
            status=JobStatus.FAILED,
            finished_at=now,
            failure=_("Có lỗi khi nhập; không dòng nào được ghi."),
            retry_step="",
            **_counts(report),
        )
    else:
        status = JobStatus.FAILED if report.refused else JobStatus.CHECKED
        ImportJob.objects.filter(pk=job.pk, status=JobStatus.CHECKING).update(
            preview=result,
            status=status,
            checked_at=now,
            failure=report.errors[0].message if report.refused else "",
            retry_step="",
            **_counts(report),
        )
    return result


def mark_failed(job, message, *, retry_step=""):
    """Record a failure of a running job (never over a job already done: its commit went through)."""
    return (
        ImportJob.objects.filter(pk=job.pk)
        .exclude(status=JobStatus.DONE)
        .update(status=JobStatus.FAILED, failure=message, finished_at=timezone.now(), retry_step=retry_step)
    )


def mark_system_failure(job, *, commit):
    """After an unexpected error (the database connection may be dead): reconnect, then mark the job failed with a
    retry button. If the database is still away, the heartbeat goes stale and the reaper does it later."""
    try:
        mark_failed(job, str(SYSTEM_FAILURE), retry_step=RetryStep.COMMIT if commit else RetryStep.CHECK)
    except Exception:  # the connection died with the import: a new one
        connection.close()
        try:
            mark_failed(job, str(SYSTEM_FAILURE), retry_step=RetryStep.COMMIT if commit else RetryStep.CHECK)
        except Exception:
            logger.exception("Import job %s: cannot record the failure; the reaper will", job.pk)


def broker_available():
    """Can a task be queued? Checked with a short timeout (with eager Celery there is nothing to reach)."""
    return broker_reachable()


def broker_down_message():
    return _(
        "Không gửi được tệp sang bộ xử lý nền: hàng đợi xử lý nền (Redis/Celery) không hoạt động. Không dòng nào "
        "được ghi. Hãy bấm «Thử lại» sau ít phút; nếu vẫn lỗi, hãy báo quản trị hệ thống (hoặc chia tệp nhỏ hơn "
        "%(limit)s dòng để nhập ngay)."
    ) % {"limit": async_threshold()}


def _run_now(job, *, commit):
    try:
        import_job_run(job=job, commit=commit)
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        mark_system_failure(job, commit=commit)


def _enqueue(job, *, commit):
    """Queue the job's task; returns False (the job marked failed with a retry button) if the broker is away."""
    from .tasks import run_import_job

    step = RetryStep.COMMIT if commit else RetryStep.CHECK
    if not broker_available():
        mark_failed(job, broker_down_message(), retry_step=step)
        return False
    task_id = uuid.uuid4().hex
    ImportJob.objects.filter(pk=job.pk).update(task_id=task_id, heartbeat_at=None)
    # OCOP_IMPORTS_QUEUE: a dedicated queue if the deployment runs a worker for long imports (default queue else).
    queue = getattr(settings, "OCOP_IMPORTS_QUEUE", None)
    options = {"args": [job.pk, commit], "task_id": task_id, **({"queue": queue} if queue else {})}
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        try:
            run_import_job.apply_async(**options)
        except Exception:  # already logged and recorded on the job by the task
            logger.debug("Eager import job %s failed", job.pk)
        return True
    try:
        publish(run_import_job, **options)
    except Exception as exc:  # noqa: BLE001 - the broker went away between the check and the publish
        logger.warning("Cannot queue import job %s: %s", job.pk, exc)
        mark_failed(job, broker_down_message(), retry_step=step)
        return False
    return True


def _dispatch(job, *, commit, rows):
    """Run now (small file) or queue a Celery task (``rows`` >= the threshold). Returns True when queued."""
    if rows < async_threshold():
        _run_now(job, commit=commit)
        return False
    return _enqueue(job, commit=commit)


def import_job_start_check(*, job):
    """Check the stored file: now, or as a background job for a large file. A file refused from its zip directory
    (a zip bomb) fails here at once, without being unpacked."""
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.CHECKING, progress=0, attempts=0, retry_step="")
    try:
        rows = count_rows(job)
    except FileRefused as exc:
        report = refused_report(job.kind, exc.message, job.original_name)
        ImportJob.objects.filter(pk=job.pk).update(
            preview=report.to_dict(),
            status=JobStatus.FAILED,
            checked_at=timezone.now(),
            failure=exc.message,
            **_counts(report),
        )
        return False
    return _dispatch(job, commit=False, rows=rows)


def import_job_start_commit(*, actor, job):
    """Commit a checked job without errors. Only its requester may (the rows were checked against their area)."""
    if job.requested_by_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Chỉ người đã tải tệp lên mới được xác nhận nhập."))
    importer = importer_for(job.kind)
    if not importer.allowed(actor):
        raise PermissionDenied(_("Bạn không có quyền nhập loại dữ liệu này."))
    claimed = ImportJob.objects.filter(pk=job.pk, status=JobStatus.CHECKED, error_count=0, total_rows__gt=0).update(
        status=JobStatus.IMPORTING, progress=0, attempts=0, retry_step="", heartbeat_at=timezone.now(), task_id=""
    )
    if not claimed:
        raise ValidationError(_("Lần nhập này không ở trạng thái sẵn sàng nhập (đã nhập, đang nhập hoặc còn lỗi)."))
    return _dispatch(job, commit=True, rows=job.total_rows)


def import_job_retry(*, actor, job):
    """Run again the step (check or commit) of a job that failed for a system reason. Only its requester may; a job
    already done, running, or refused for its content is not retried. Returns True when queued."""
    if job.requested_by_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Chỉ người đã tải tệp lên mới được chạy lại lần nhập này."))
    if not importer_for(job.kind).allowed(actor):
        raise PermissionDenied(_("Bạn không có quyền nhập loại dữ liệu này."))
    job.refresh_from_db()
    step = job.retry_step
    running = JobStatus.IMPORTING if step == RetryStep.COMMIT else JobStatus.CHECKING
    claimed = ImportJob.objects.filter(pk=job.pk, status=JobStatus.FAILED, retry_step=step).exclude(retry_step="")
    if not claimed.update(
        status=running, progress=0, attempts=0, retry_step="", failure="", heartbeat_at=timezone.now(), task_id=""
    ):
        raise ValidationError(_("Lần nhập này không chạy lại được (đã nhập xong, đang chạy hoặc tệp có lỗi)."))
    if step == RetryStep.COMMIT:
        return _dispatch(job, commit=True, rows=job.total_rows)
    try:
        rows = count_rows(job)
    except FileRefused as exc:
        mark_failed(job, exc.message)
        return False
    return _dispatch(job, commit=False, rows=rows)


def reap_stale_import_jobs(*, now=None):
    """Jobs whose run stopped sending heartbeats (worker killed, database lost mid-commit): run each step again
    once automatically, else mark it failed with a retry button. Nothing is applied twice: a commit is one
    transaction that also marks the job done, and a superseded run changes nothing. Returns the jobs handled."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=stale_seconds())
    running = [JobStatus.QUEUED, JobStatus.CHECKING, JobStatus.IMPORTING]
    stale = ImportJob.objects.filter(status__in=running).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, task_id="", created_at__lt=cutoff)
    )
    handled = []
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            job = stale.select_for_update(skip_locked=True).filter(pk=pk).first()
            if job is None:
                continue
            commit = job.status == JobStatus.IMPORTING
            step = RetryStep.COMMIT if commit else RetryStep.CHECK
            if job.attempts <= 1:
                ImportJob.objects.filter(pk=pk).update(
                    status=JobStatus.IMPORTING if commit else JobStatus.CHECKING,
                    progress=0,
                    heartbeat_at=now,
                    task_id="",
                    failure=_("Máy xử lý nền bị dừng giữa chừng; đang tự chạy lại."),
                )
                handled.append((pk, "retried"))
            else:
                mark_failed(job, str(SYSTEM_FAILURE), retry_step=step)
                handled.append((pk, "failed"))
            logger.warning("Import job %s: no heartbeat since %s; %s", pk, job.heartbeat_at, handled[-1][1])
        if handled and handled[-1] == (pk, "retried"):
            _enqueue(job, commit=commit)  # after the row is committed as running again
    return handled
