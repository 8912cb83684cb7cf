"""Writes for report jobs. Views, the API, the scheduled job and the Celery task all go through these functions.

* ``report_request`` records a request once: (kind, period, area, request_key) is unique, so a double click, a
  retried form post or a second run of the scheduler returns the existing report instead of making another one.
  The generation task is queued after the transaction commits.
* ``report_generate`` (called by the task) builds the figures, the HTML, the PDF and the XLSX. It is re-entrant:
  a report already done is left untouched (no new files); a report left "running" by a killed worker, or failed
  half-way, is generated again and overwrites its own files (fixed names under ``reports/<id>/``), so one request
  ends with exactly one row and one set of files. It does not run in one transaction on purpose: progress and
  status are committed as the job moves so the page can show them.
"""

import hashlib
import json
import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from accounts.scoping import in_scope
from areas.formatting import unit_name
from areas.models import UnitLevel
from areas.selectors import path_within, scope_paths, subtree_q, units_as_of
from audit.models import AuditAction
from audit.services import record_change, snapshot
from ocop_portal.formatting import format_date
from ocop_portal.tasks import broker_reachable, pause_point, publish, stale_seconds
from subjects.models import Subject

from . import documents, figures
from .models import REQUIRED_NARRATIVES, NarrativeKey, Report, ReportKind, ReportNarrative, ReportStatus
from .periods import Period, PeriodError
from .permissions import can_request_report, can_write_report

logger = logging.getLogger(__name__)
FILE_BASENAME = "bao-cao"
PARAMETER_KEYS = ("number", "date", "place", "signer_name", "signer_title", "recipients", "header")


def new_request_key():
    return uuid.uuid4().hex


def _clean_period(kind, period):
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Loại báo cáo không hợp lệ.")})
    try:
        parsed = Period.parse(period)
    except PeriodError as exc:
        raise ValidationError({"period": str(exc)}) from exc
    if parsed.kind != kind:
        raise ValidationError({"period": _("Báo cáo 6 tháng dùng kỳ dạng 2022-H1; báo cáo năm dùng kỳ dạng 2022.")})
    return parsed


def report_request(*, actor, kind, period, area, request_key=None, parameters=None, system=False):
    """Record a report request (or return the one with the same key) and queue its generation.

    Returns ``(report, created)``. ``system=True`` is the scheduler (no user, no permission check)."""
    if not system and not can_request_report(actor, area):
        raise PermissionDenied(_("Bạn không có quyền lập báo cáo cho địa bàn này."))
    parsed = _clean_period(kind, period)
    key = (request_key or new_request_key()).strip()[:64]
    params = {k: v for k, v in (parameters or {}).items() if k in PARAMETER_KEYS and v not in (None, "")}
    lookup = {"kind": kind, "period": parsed.code, "area": area, "request_key": key}
    existing = Report.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            report = Report.objects.create(
                **lookup, parameters=params, requested_by=actor if getattr(actor, "pk", None) else None
            )
            record_change(actor=actor, action=AuditAction.CREATE, instance=report)
            transaction.on_commit(lambda: enqueue(report.pk))
    except IntegrityError:
        return Report.objects.get(**lookup), False
    return report, True


def could_not_queue_message():
    return _(
        "Chưa gửi được yêu cầu lập báo cáo: hàng đợi xử lý nền (Redis/Celery) không hoạt động. Báo cáo chưa được "
        "lập. Hãy bấm «Thử lại» sau ít phút; nếu vẫn lỗi, hãy báo quản trị hệ thống."
    )


def enqueue(report_id):
    """Queue the generation task; returns True when queued. If the broker does not answer within about a second,
    the report is marked failed (with a retry button) at once, instead of holding the request and saying "sent".

    ``settings.OCOP_REPORTS_QUEUE`` (optional) names the queue (tests use a private one)."""
    from ocop_portal.celery import app

    from .tasks import generate_report

    if app.conf.task_always_eager:
        # No broker (trying the portal out, tests): run now with the task's retry policy; the outcome, success or
        # the last error, is recorded on the report (an eager Celery retry would raise instead of retrying).
        attempts = generate_report.max_retries + 1
        for attempt in range(attempts):
            try:
                report_generate(report_id=report_id)
                return True
            except Exception as exc:  # noqa: BLE001 - recorded on the report
                logger.warning("report %s attempt %s failed: %s", report_id, attempt + 1, exc)
                report_mark_failed(report_id=report_id, error=exc, will_retry=attempt + 1 < attempts)
        return True
    queue = getattr(settings, "OCOP_REPORTS_QUEUE", None)
    try:
        if not broker_reachable():
            raise ConnectionError("broker unreachable")
        publish(generate_report, args=[report_id], **({"queue": queue} if queue else {}))
    except Exception as exc:  # noqa: BLE001 - any broker error must end up on the report, not in a 500
        logger.warning("cannot queue report %s: %s", report_id, exc)
        Report.objects.filter(pk=report_id).exclude(status=ReportStatus.DONE).update(
            status=ReportStatus.FAILED, error=could_not_queue_message(), finished_at=timezone.now()
        )
        return False
    return True


def report_retry(*, actor, report):
    """Queue a failed report again (the "Thử lại" button). Returns True when queued."""
    if not can_request_report(actor, report.area):
        raise PermissionDenied(_("Bạn không có quyền lập báo cáo cho địa bàn này."))
    claimed = Report.objects.filter(pk=report.pk, status=ReportStatus.FAILED).update(
        status=ReportStatus.QUEUED, error="", progress=0, attempts=0, heartbeat_at=None, finished_at=None
    )
    if not claimed:
        raise ValidationError(_("Báo cáo này không ở trạng thái lỗi nên không cần chạy lại."))
    return enqueue(report.pk)


STOPPED = gettext_lazy(
    "Máy xử lý nền bị dừng giữa chừng khi đang lập báo cáo; báo cáo chưa lập xong. Bấm «Thử lại» để lập lại; "
    "nếu vẫn lỗi, hãy báo quản trị hệ thống."
)


def reap_stale_reports(*, now=None):
    """Reports left "running" by a worker that died (no heartbeat for ``OCOP_JOB_STALE_SECONDS``): queued again
    once automatically, else marked failed with a retry button. Returns [(id, "retried"|"failed")]."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=stale_seconds())
    stale = Report.objects.filter(status=ReportStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    handled = []
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            report = stale.select_for_update(skip_locked=True).filter(pk=pk).first()
            if report is None:
                continue
            if report.attempts <= 1:
                Report.objects.filter(pk=pk).update(
                    status=ReportStatus.QUEUED,
                    heartbeat_at=None,
                    error=_("Máy xử lý nền bị dừng giữa chừng; đang tự lập lại."),
                )
                handled.append((pk, "retried"))
            else:
                Report.objects.filter(pk=pk).update(
                    status=ReportStatus.FAILED, error=str(STOPPED), finished_at=timezone.now()
                )
                handled.append((pk, "failed"))
        logger.warning("report %s: no heartbeat since %s; %s", pk, report.heartbeat_at, handled[-1][1])
        if handled[-1] == (pk, "retried"):
            enqueue(pk)  # after the row is committed as queued
    return handled


def _set_progress(report, value):
    report.progress = value
    Report.objects.filter(pk=report.pk).update(progress=value, heartbeat_at=timezone.now())
    pause_point(f"report-{value}")


def _write(report, field, extension, payload):
    """Write one file of the report under its fixed name, replacing what a previous attempt left there."""
    file_field = getattr(report, field)
    name = f"reports/{report.pk}/{FILE_BASENAME}.{extension}"
    storage = file_field.storage
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, ContentFile(payload))
    setattr(report, field, stored)
    Report.objects.filter(pk=report.pk).update(**{field: stored})
    return stored


def data_hash(data):
    """SHA-256 of the figures in canonical JSON (sorted keys, no spaces): the same figures, the same hash."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _taken(report):
    """Someone else is on it: running with a recent heartbeat, or failed for good (only "Thử lại" runs it again)."""
    if report.status == ReportStatus.FAILED:
        return True
    if report.status != ReportStatus.RUNNING or report.heartbeat_at is None:
        return False
    return report.heartbeat_at >= timezone.now() - timedelta(seconds=stale_seconds())


def report_generate(*, report_id, from_queue=False):
    """Generate (or finish generating) one report; see the module docstring. Returns the report.

    ``from_queue``: called by the task. A message delivered again (after a worker was killed, or after the reaper
    queued the report again) does nothing while another run is alive or once the report failed for good."""
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("area").get(pk=report_id)
        if report.status == ReportStatus.DONE or (from_queue and _taken(report)):
            return report
        report.status = ReportStatus.RUNNING
        report.progress = 5
        report.error = ""
        report.attempts += 1
        report.started_at = report.started_at or timezone.now()
        report.heartbeat_at = timezone.now()
        report.finished_at = None
        report.save(
            update_fields=["status", "progress", "error", "attempts", "started_at", "heartbeat_at", "finished_at"]
        )

    data = figures.compute(report.area, report.period)
    digest = data_hash(data)
    context = figures.report_context(report.area, report.period)
    Report.objects.filter(pk=report.pk).update(figures=data, data_hash=digest, context=context)
    report.figures, report.data_hash, report.context = data, digest, context
    _set_progress(report, 25)

    render_files(report, progress=True)

    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        before = snapshot(report)
        report.status = ReportStatus.DONE
        report.progress = 100
        report.error = ""
        report.finished_at = timezone.now()
        report.save(update_fields=["status", "progress", "error", "finished_at"])
        record_change(actor=None, action=AuditAction.TRANSITION, instance=report, before=before, reason="Lập xong")
    return report


def render_files(report, *, progress=False):
    """Write the report's HTML, PDF, XLSX and DOCX from its stored figures and its written sections (the same
    document in every format). Called when the report is generated, when a section is saved and when it is marked
    final, so the files always say what the page shows."""
    from . import selectors

    with translation.override("vi"):  # an official document: Vietnamese whatever the requester's language
        doc = selectors.report_document(report)
        doc["data_hash"] = report.data_hash
        html = documents.render_html(doc)
    _write(report, "html_file", "html", html.encode("utf-8"))
    if progress:
        _set_progress(report, 40)

    pdf = documents.render_pdf(html)
    _write(report, "pdf_file", "pdf", pdf)
    if progress:
        _set_progress(report, 75)

    with translation.override("vi"):
        xlsx = documents.render_xlsx(doc)
        _write(report, "xlsx_file", "xlsx", xlsx)
        if progress:
            _set_progress(report, 85)
        docx = documents.render_docx(doc)
    _write(report, "docx_file", "docx", docx)
    if progress:
        _set_progress(report, 95)


# --------------------------------------------------------------------------------------------------------------
# Written sections and the final state
# --------------------------------------------------------------------------------------------------------------


def _editable(actor, report):
    if not can_write_report(actor, report):
        raise PermissionDenied(_("Bạn không có quyền viết báo cáo này."))
    if report.status != ReportStatus.DONE:
        raise ValidationError(_("Báo cáo chưa lập xong số liệu; chờ lập xong rồi viết các phần đánh giá."))
    if report.is_final:
        raise ValidationError(_("Báo cáo đã hoàn thiện; không sửa được nữa."))


def report_narrative_save(*, actor, report, key, text, version=None):
    """Save a written section as its next version (who, when). ``version``: the version the writer read (0 when
    none was saved); someone else saved in between -> ``ValidationError`` naming who and when, nothing saved."""
    from .selectors import narrative_versions

    if key not in NarrativeKey.values:
        raise ValidationError({"key": _("Phần báo cáo không hợp lệ.")})
    text = "\n".join(line.rstrip() for line in (text or "").strip().splitlines())
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("area").get(pk=report.pk)
        _editable(actor, report)
        latest = narrative_versions(report).get(key)
        current = latest.version if latest else 0
        if version is not None and int(version) != current:
            raise ValidationError(
                {
                    "text": ValidationError(
                        _(
                            "%(who)s đã lưu phần «%(section)s» lúc %(when)s, sau khi bạn mở trang. Nội dung bạn nhập vẫn "
                            "được giữ; đọc bản mới (bên dưới), rồi lưu lại nếu vẫn muốn thay."
                        )
                        % {
                            "who": latest.created_by or _("Người khác"),
                            "section": NarrativeKey(key).label,
                            "when": format_date(latest.created_at),
                        },
                        code="conflict",
                    )
                }
            )
        if latest is not None and latest.text == text:
            return latest, False
        row = ReportNarrative.objects.create(
            report=report,
            key=key,
            version=current + 1,
            text=text,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        record_change(actor=actor, action=AuditAction.CREATE, instance=row)
    render_files(report)
    return row, True


def missing_sections(report):
    """The required written sections still empty (labels), in document order."""
    from .selectors import narratives

    texts = narratives(report)
    return [str(NarrativeKey(key).label) for key in REQUIRED_NARRATIVES if not (texts.get(key) or "").strip()]


def report_finalize(*, actor, report):
    """Mark a report final: every required written section must be written (else a message naming them); the
    pre-filled "what went well" is saved as written; the files are rebuilt without any pending mark."""
    from .selectors import narrative_versions, narratives

    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("area").get(pk=report.pk)
        _editable(actor, report)
        missing = missing_sections(report)
        if missing:
            raise ValidationError(
                _("Chưa thể hoàn thiện báo cáo: còn trống phần %(sections)s.") % {"sections": ", ".join(missing)},
                code="missing_sections",
            )
        versions = narrative_versions(report)
        for key, text in narratives(report, versions).items():
            if key not in versions and text.strip():  # the portal's first draft, kept as the office's text
                row = ReportNarrative.objects.create(report=report, key=key, version=1, text=text, created_by=actor)
                record_change(actor=actor, action=AuditAction.CREATE, instance=row)
        before = snapshot(report)
        report.finalized_at = timezone.now()
        report.finalized_by = actor
        report.save(update_fields=["finalized_at", "finalized_by"])
        record_change(actor=actor, action=AuditAction.TRANSITION, instance=report, before=before, reason="Hoàn thiện")
    render_files(report)
    return report


def report_mark_failed(*, report_id, error, will_retry):
    """Record a failed attempt: back to "queued" with the error while the task will retry, "failed" at the end."""
    text = str(error)[:2000] or error.__class__.__name__
    if will_retry:
        text = _("Lần chạy trước bị lỗi, đang thử lại: %(error)s") % {"error": text}
    Report.objects.filter(pk=report_id).exclude(status=ReportStatus.DONE).update(
        status=ReportStatus.QUEUED if will_retry else ReportStatus.FAILED,
        error=text,
        finished_at=None if will_retry else timezone.now(),
    )


# --------------------------------------------------------------------------------------------------------------
# The schedule: drafts on 1/6 (6-month report) and 1/12 (annual report)
# --------------------------------------------------------------------------------------------------------------


def units_to_report(province, day):
    """The province and its current district/commune-level units that have at least one subject (in their own
    subtree or in the units they replaced)."""
    subject_paths = list(Subject.objects.order_by().values_list("unit__path", flat=True).distinct())
    units = [province]
    descendants = (
        units_as_of(day)
        .filter(subtree_q(province, ""), level__in=[UnitLevel.DISTRICT, UnitLevel.COMMUNE])
        .exclude(pk=province.pk)
        .order_by("path")
    )
    for unit in descendants:
        paths = scope_paths(unit)
        if any(path_within(subject_path, paths) for subject_path in subject_paths):
            units.append(unit)
    return units


def office_users(province):
    """Active coordination-office users whose area covers the province."""
    users = User.objects.filter(is_active=True, role=Role.COORDINATION_OFFICE, unit__isnull=False).select_related(
        "unit"
    )
    return [user for user in users if in_scope(user, province)]


def scheduled_reports_draft(*, kind, today=None):
    """Draft the report of ``kind`` for each current province and its units, then notify each province's office
    (e-mail and a notice in the portal). Running it twice on the same day drafts nothing new."""
    from decisions.models import Notification

    today = today or timezone.localdate()
    period = Period.for_kind(kind, today.year)
    key = f"scheduled-{today.isoformat()}"
    provinces = units_as_of(today).filter(level=UnitLevel.PROVINCE).order_by("code", "path")
    summary = {"provinces": 0, "reports": 0, "created": 0, "notified": 0}
    for province in provinces:
        created = []
        for unit in units_to_report(province, today):
            report, was_created = report_request(
                actor=None, kind=kind, period=period.code, area=unit, request_key=key, system=True
            )
            summary["reports"] += 1
            if was_created:
                created.append(report)
        summary["provinces"] += 1
        summary["created"] += len(created)
        if not created:
            continue
        label = ReportKind(kind).label
        text = _(
            "Đã lập dự thảo %(kind)s %(period)s cho %(count)s địa bàn của %(province)s; kiểm tra, bổ sung và ký "
            "ban hành trước ngày %(due)s."
        ) % {
            "kind": str(label).lower(),
            "period": period.label,
            "count": len(created),
            "province": unit_name(province),
            "due": format_date(period.due_date),
        }
        link = reverse("reports:list")
        base_url = getattr(settings, "OCOP_SITE_URL", "").rstrip("/")
        for user in office_users(province):
            Notification.objects.create(recipient=user, text=text, link=link)
            if user.email:
                lines = [text, ""] + [f"- {unit_name(r.area)}" for r in created] + ["", base_url + link]
                send_mail(f"[OCOP] {text}", "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email])
            summary["notified"] += 1
    return summary
