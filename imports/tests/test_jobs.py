"""Import pages around the job: templates, large files as Celery jobs with progress, the API, the docs."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from imports.importers import IMPORTERS, SubjectImporter
from imports.models import ImportJob, JobStatus
from imports.spec_files import columns_markdown
from subjects.models import Subject

from .conftest import SUBJECT_HEADERS, counts, subject_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_kind_page_documents_every_column_and_offers_templates(client, office):
    client.force_login(office)
    page = client.get("/imports/subjects/").content.decode()
    for column in SubjectImporter.columns:
        assert column.header in page
    assert "/imports/subjects/template.xlsx" in page and "/imports/subjects/template.csv" in page

    response = client.get("/imports/subjects/template.xlsx")
    assert "filename*=UTF-8''M%E1%BA%ABu%20nh%E1%BA%ADp" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    data, guide = workbook.worksheets
    assert [cell.value for cell in data[1]] == [column.header for column in SubjectImporter.columns]
    assert data.max_row == 1
    assert "Khoá nhận dạng dòng" in data["A1"].comment.text
    assert guide["A2"].value == "Số đăng ký kinh doanh" and guide["B2"].value == "Có"

    csv_template = client.get("/imports/subjects/template.csv").content
    assert csv_template.startswith("\ufeffSố đăng ký kinh doanh,Tên chủ thể,".encode())


def test_the_template_uploaded_back_with_rows_is_accepted(client, upload, office, area_tree):
    client.force_login(office)
    workbook = load_workbook(io.BytesIO(client.get("/imports/subjects/template.xlsx").content))
    sheet = workbook.worksheets[0]
    values = dict(zip(SUBJECT_HEADERS, subject_row("1400000001"), strict=True))
    sheet.append([values.get(cell.value, "") for cell in sheet[1]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = upload(office, "subjects", buffer.getvalue())
    assert (job.error_count, job.created_count) == (0, 1), job.preview["errors"]


def test_index_lists_the_kinds_a_role_may_import_and_the_jobs_of_the_area(client, upload, office, officer):
    upload(officer, "subjects", xlsx_bytes([SUBJECT_HEADERS, subject_row()]))
    client.force_login(officer)
    page = client.get("/imports/").content.decode()
    assert "/imports/subjects/" in page and "/imports/budget/" in page
    assert "/imports/recognitions/" not in page  # decisions belong to the coordination office
    assert "du-lieu.xlsx" in page
    client.force_login(office)
    page = client.get("/imports/").content.decode()
    assert "/imports/recognitions/" in page and "du-lieu.xlsx" in page


def test_unknown_kind_is_404(client, office):
    client.force_login(office)
    assert client.get("/imports/nothing/").status_code == 404


@pytest.fixture
def eager_celery(settings):
    from ocop_portal.celery import app

    previous = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def test_large_files_run_as_a_celery_job_with_progress(client, upload, office, settings, area_tree, eager_celery):
    """Eager Celery (no broker in tests) with a small threshold: the check and the commit go through the task."""
    settings.OCOP_IMPORT_ASYNC_ROWS = 5
    rows = [SUBJECT_HEADERS] + [subject_row(f"14000{n:05d}", f"HTX số {n}") for n in range(12)]
    before = counts()
    job = upload(office, "subjects", xlsx_bytes(rows))
    assert job.task_id  # went through run_import_job
    assert (job.status, job.total_rows, job.created_count, job.progress) == (JobStatus.CHECKED, 12, 12, 100)
    assert counts() == before
    check_task = job.task_id

    response = client.get(f"/imports/jobs/{job.pk}/progress/")
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"  # finished: the page reloads itself

    client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.task_id != check_task
    assert Subject.objects.count() == 12


def test_a_running_job_page_polls_its_progress(client, upload, office):
    job = upload(office, "subjects", xlsx_bytes([SUBJECT_HEADERS, subject_row()]))
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.IMPORTING, progress=40)
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert f'hx-get="/imports/jobs/{job.pk}/progress/"' in page and 'hx-trigger="every 1s"' in page
    assert '<progress max="100" value="40">' in page
    response = client.get(f"/imports/jobs/{job.pk}/progress/")
    assert "HX-Refresh" not in response


def test_large_file_without_a_broker_fails_clearly_and_writes_nothing(upload, office, settings, monkeypatch):
    from imports import services

    settings.OCOP_IMPORT_ASYNC_ROWS = 1
    monkeypatch.setattr(services, "broker_available", lambda: False)
    job = upload(office, "subjects", xlsx_bytes([SUBJECT_HEADERS, subject_row()]))
    assert job.status == JobStatus.FAILED
    assert "hàng đợi xử lý nền (Redis/Celery) không hoạt động" in job.failure
    assert Subject.objects.count() == 0


def test_commit_reads_the_stored_bytes_and_refuses_a_changed_file(client, upload, office):
    job = upload(office, "subjects", xlsx_bytes([SUBJECT_HEADERS, subject_row()]))
    with job.file.open("wb") as handle:
        handle.write(xlsx_bytes([SUBJECT_HEADERS, subject_row("1400000099")]))
    client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "bị thay đổi sau khi tải lên" in job.outcome["errors"][0]["message"]
    assert Subject.objects.count() == 0


def test_api_lists_the_jobs_of_the_area_only(upload, office, officer, make_user, area_tree):
    from django.urls import include, path

    from accounts.models import Role

    upload(officer, "subjects", xlsx_bytes([SUBJECT_HEADERS, subject_row()]))
    other = make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d2"])
    from rest_framework.routers import DefaultRouter

    from imports.api.urls import register

    router = DefaultRouter()
    register(router)
    api = APIClient()
    api.force_authenticate(other)
    from django.test import override_settings

    urlconf = type("urls", (), {"urlpatterns": [path("api/", include(router.urls))]})
    with override_settings(ROOT_URLCONF=urlconf):
        assert api.get("/api/imports/").json()["count"] == 0
        api.force_authenticate(office)
        body = api.get("/api/imports/").json()
        assert body["count"] == 1 and body["results"][0]["created_count"] == 1


def test_column_docs_are_generated_from_the_specs():
    """imports/README-columns.md is what ``import_data --columns-doc`` writes (regenerate after changing a column)."""
    path = Path(__file__).resolve().parents[1] / "README-columns.md"
    assert path.read_text(encoding="utf-8") == columns_markdown() + "\n"
    for importer in IMPORTERS.values():
        assert f"(`{importer.kind}`)" in path.read_text(encoding="utf-8")


def test_a_double_click_on_upload_makes_one_job(client, office):
    """The upload form carries the one-time token (``ocop_portal.submission``): the same form posted twice makes
    one job and both answers lead to it."""
    import re

    from ocop_portal.submission import TOKEN_FIELD

    client.force_login(office)
    page = client.get("/imports/subjects/").content.decode()
    token = re.search(rf'name="{TOKEN_FIELD}" value="([^"]+)"', page).group(1)
    content = xlsx_bytes([SUBJECT_HEADERS, subject_row()])

    def post():
        upload = io.BytesIO(content)
        upload.name = "chu-the.xlsx"
        return client.post("/imports/subjects/", {"file": upload, TOKEN_FIELD: token})

    first, second = post(), post()
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert ImportJob.objects.count() == 1
