"""Report jobs: one report per request, generation with progress and files, failures retried without duplicates."""

import datetime
import hashlib
import io
import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from accounts.models import Role
from audit.models import AuditEntry
from decisions.models import Notification
from reports import documents, services
from reports.models import Report, ReportStatus
from reports.tasks import draft_scheduled_reports, generate_report

from .helpers import pdf_fonts, pdf_text


@pytest.fixture
def report(dataset):
    report, created = services.report_request(
        actor=dataset["office"], kind="annual", period="2022", area=dataset["tree"]["province"], request_key="k1"
    )
    assert created
    return report


def files_of(report, settings):
    folder = settings.MEDIA_ROOT / "reports" / str(report.pk)
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_one_request_one_report(dataset, report):
    office, province = dataset["office"], dataset["tree"]["province"]
    again, created = services.report_request(
        actor=office, kind="annual", period="2022", area=province, request_key="k1"
    )
    assert (again.pk, created) == (report.pk, False)
    other, created = services.report_request(
        actor=office, kind="annual", period="2022", area=province, request_key="k2"
    )
    assert created and other.pk != report.pk
    assert Report.objects.count() == 2
    audit = AuditEntry.objects.filter(content_type__model="report", object_id=str(report.pk), action="create")
    assert audit.count() == 1


def test_request_checks_role_area_and_period(dataset, make_user):
    tree = dataset["tree"]
    officer = make_user(role=Role.LOCAL_OFFICER, unit=tree["d1"])
    with pytest.raises(PermissionDenied):
        services.report_request(actor=officer, kind="annual", period="2022", area=tree["province"])
    services.report_request(actor=officer, kind="annual", period="2022", area=tree["d1"])  # own district: fine
    leader = make_user(role=Role.LEADERSHIP, unit=tree["province"])
    with pytest.raises(PermissionDenied):
        services.report_request(actor=leader, kind="annual", period="2022", area=tree["province"])
    with pytest.raises(ValidationError) as error:
        services.report_request(actor=dataset["office"], kind="annual", period="2022-H1", area=tree["province"])
    assert "period" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.report_request(actor=dataset["office"], kind="six_month", period="2022-H2", area=tree["province"])


def test_request_queues_the_task_after_commit(dataset, eager_celery, django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report, _created = services.report_request(
            actor=dataset["office"], kind="six_month", period="2022-H1", area=dataset["tree"]["province"]
        )
    assert len(callbacks) == 1
    report.refresh_from_db()
    assert (report.status, report.progress, report.attempts) == (ReportStatus.DONE, 100, 1)
    assert files_of(report, settings) == ["bao-cao.docx", "bao-cao.html", "bao-cao.pdf", "bao-cao.xlsx"]


def test_report_stays_vietnamese_when_requested_from_the_english_interface(report):
    from django.utils import translation

    with translation.override("en"):
        report = services.report_generate(report_id=report.pk)
    html = report.html_file.read().decode()
    assert "4 sao" in html or "3 sao" in html  # chart labels and tables
    assert " stars" not in html and "BÁO CÁO" in html


def test_generate_writes_files_hash_and_a_vietnamese_pdf(report, settings, tmp_path):
    report = services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.progress, report.error) == (ReportStatus.DONE, 100, "")
    assert report.started_at and report.finished_at and report.finished_at >= report.started_at
    assert files_of(report, settings) == ["bao-cao.docx", "bao-cao.html", "bao-cao.pdf", "bao-cao.xlsx"]
    canonical = json.dumps(report.figures, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert report.data_hash == hashlib.sha256(canonical.encode()).hexdigest()
    assert report.figures["valid"]["products"] == 4

    pdf = report.pdf_file.read()
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "/BC-UBND",
        "Đồng Tháp, ngày 15 tháng 12 năm 2022",
        "BÁO CÁO",
        "I. KẾT QUẢ THỰC HIỆN NĂM 2022",
        "II. ĐÁNH GIÁ CHUNG",
        "Nơi nhận:",
        "PHÓ CHỦ TỊCH",
        "66,67%",
        "50,00%",
    ):
        assert expected in text, expected
    assert "2\n" in text.split("\f")[1][:200]  # page number at the top of page 2
    fonts = pdf_fonts(pdf, tmp_path)
    assert "OCOP-Serif" in fonts and " no " not in fonts.split("\n", 2)[2]  # every font embedded

    html = report.html_file.read().decode()
    assert "<svg" in html and "Sản phẩm OCOP còn hiệu lực theo hạng sao" in html and "<script" not in html


def test_xlsx_has_one_sheet_per_table_with_vietnamese_headers_and_number_formats(report):
    report = services.report_generate(report_id=report.pk)
    workbook = load_workbook(io.BytesIO(report.xlsx_file.read()))
    assert workbook.sheetnames[0] == "Thông tin"
    assert {"Công nhận trong kỳ", "Còn hiệu lực theo địa bàn", "Loại hình chủ thể", "Kinh phí"} <= set(
        workbook.sheetnames
    )
    sheet = workbook["Công nhận trong kỳ"]
    assert [c.value for c in sheet[2]] == ["Hình thức", "Số sản phẩm", "Số chủ thể", "3 sao", "4 sao", "5 sao"]
    total = [row for row in sheet.iter_rows(min_row=3) if row[0].value == "Tổng cộng"][0]
    assert [c.value for c in total[1:5]] == [3, 2, 1, 2] and total[1].number_format == "#,##0"
    forms = workbook["Loại hình chủ thể"]
    household = [row for row in forms.iter_rows(min_row=3) if row[0].value.startswith("Cơ sở")][0]
    assert (household[2].value, household[2].number_format) == (50.0, "0.00")
    budget = workbook["Kinh phí"]
    assert [c.value for c in budget[3]][:4] == ["Vốn Chương trình MTQG xây dựng nông thôn mới", 100.0, None, 80.5]


def test_a_done_report_is_not_generated_again(report, settings):
    services.report_generate(report_id=report.pk)
    pdf = settings.MEDIA_ROOT / "reports" / str(report.pk) / "bao-cao.pdf"
    stamp = pdf.stat().st_mtime_ns
    again = services.report_generate(report_id=report.pk)
    assert again.attempts == 1 and pdf.stat().st_mtime_ns == stamp
    assert generate_report.apply(args=[report.pk]).get()["status"] == "done"
    assert pdf.stat().st_mtime_ns == stamp and Report.objects.get(pk=report.pk).attempts == 1


class Boom(RuntimeError):
    pass


def fail_once(monkeypatch):
    """Make the PDF step fail once, after the HTML file has been written (a worker killed mid-way)."""
    real = documents.render_pdf
    calls = {"n": 0}

    def flaky(html):
        calls["n"] += 1
        if calls["n"] == 1:
            raise Boom("Tiến trình bị dừng giữa chừng")
        return real(html)

    monkeypatch.setattr(documents, "render_pdf", flaky)
    return calls


def test_a_job_killed_half_way_and_retried_leaves_one_report_with_one_set_of_files(report, monkeypatch, settings):
    calls = fail_once(monkeypatch)
    with pytest.raises(Boom):
        services.report_generate(report_id=report.pk)
    half = Report.objects.get(pk=report.pk)
    assert (half.status, half.progress) == (ReportStatus.RUNNING, 40)  # left as a killed worker leaves it
    assert files_of(report, settings) == ["bao-cao.html"]  # the partial file

    services.report_generate(report_id=report.pk)  # the retry
    done = Report.objects.get(pk=report.pk)
    assert (done.status, done.progress, done.attempts, calls["n"]) == (ReportStatus.DONE, 100, 2, 2)
    assert Report.objects.count() == 1
    assert files_of(report, settings) == ["bao-cao.docx", "bao-cao.html", "bao-cao.pdf", "bao-cao.xlsx"]
    assert done.html_file.name == f"reports/{report.pk}/bao-cao.html"


def test_the_task_retries_a_failed_attempt(report, monkeypatch, settings, eager_celery):
    fail_once(monkeypatch)
    result = generate_report.apply(args=[report.pk], throw=False)  # eager retries run inline
    assert result.get()["status"] == "done"
    done = Report.objects.get(pk=report.pk)
    assert (done.status, done.attempts, done.error) == (ReportStatus.DONE, 2, "")
    assert Report.objects.count() == 1 and len(files_of(report, settings)) == 4


def test_the_task_gives_up_after_its_third_retry(report, monkeypatch, eager_celery):
    def broken(html):
        raise Boom("WeasyPrint không chạy được")

    monkeypatch.setattr(documents, "render_pdf", broken)
    assert generate_report.max_retries == 3 and generate_report.acks_late
    with pytest.raises(Boom):
        generate_report.apply(args=[report.pk], retries=3, throw=False).get()  # the last allowed attempt
    failed = Report.objects.get(pk=report.pk)
    assert failed.status == ReportStatus.FAILED
    assert "WeasyPrint không chạy được" in failed.error and "thử lại" not in failed.error


def test_without_a_broker_the_job_runs_in_process_and_records_the_last_error(
    dataset, monkeypatch, eager_celery, django_capture_on_commit_callbacks
):
    def broken(html):
        raise Boom("WeasyPrint không chạy được")

    monkeypatch.setattr(documents, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report, _created = services.report_request(
            actor=dataset["office"], kind="annual", period="2022", area=dataset["tree"]["province"]
        )
    failed = Report.objects.get(pk=report.pk)
    assert (failed.status, failed.attempts) == (ReportStatus.FAILED, 4)  # 1 + 3 retries
    assert failed.error == "WeasyPrint không chạy được"


def test_a_failed_attempt_waiting_for_retry_is_shown_as_queued(report):
    services.report_mark_failed(report_id=report.pk, error=Boom("mất kết nối"), will_retry=True)
    waiting = Report.objects.get(pk=report.pk)
    assert waiting.status == ReportStatus.QUEUED and "đang thử lại" in waiting.error


def test_beat_drafts_reports_for_the_province_and_units_with_subjects_and_notifies_the_office(dataset, settings):
    assert settings.CELERY_BEAT_SCHEDULE["draft-six-month-reports"]["args"] == ("six_month",)
    six = settings.CELERY_BEAT_SCHEDULE["draft-six-month-reports"]["schedule"]
    annual = settings.CELERY_BEAT_SCHEDULE["draft-annual-reports"]["schedule"]
    assert (six.day_of_month, six.month_of_year) == ({1}, {6})
    assert (annual.day_of_month, annual.month_of_year) == ({1}, {12})

    summary = draft_scheduled_reports.apply(args=["annual", "2022-12-01"]).get()
    province = dataset["tree"]["province"]
    drafted = Report.objects.filter(area__path__startswith=province.path)
    # the province, D1–D3 and C1–C3 (each has a subject); the other province (s4) gets its own report
    assert sorted(r.area.code for r in drafted) == ["87", "C1", "C2", "C3", "D1", "D2", "D3"]
    assert set(drafted.values_list("kind", "period", "status")) == {("annual", "2022", "queued")}
    assert summary == {"provinces": 2, "reports": 8, "created": 8, "notified": 1}
    [notice] = Notification.objects.filter(recipient=dataset["office"])
    assert "báo cáo năm" in notice.text and "7 địa bàn" in notice.text and notice.link == "/reports/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["vpdp@example.org"]

    again = draft_scheduled_reports.apply(args=["annual", "2022-12-01"]).get()
    assert again["created"] == 0 and Report.objects.count() == 8
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_six_month_draft_is_for_the_first_half(dataset):
    draft_scheduled_reports.apply(args=["six_month", "2022-06-01"]).get()
    assert set(Report.objects.values_list("kind", "period")) == {("six_month", "2022-H1")}


def test_document_date_follows_decree_30():
    from ocop_portal.formatting import format_document_date, vi_count, vi_money, vi_number

    assert format_document_date(datetime.date(2023, 2, 5), "Đồng Tháp") == "Đồng Tháp, ngày 05 tháng 02 năm 2023"
    assert format_document_date(datetime.date(2022, 12, 15), "Đồng Tháp") == "Đồng Tháp, ngày 15 tháng 12 năm 2022"
    assert (vi_money("7678.610"), vi_money("395.900"), vi_money("2000")) == ("7.678,61", "395,9", "2.000")
    assert (vi_number("81.405", 2), vi_count(5), vi_count(1375)) == ("81,41", "05", "1.375")
