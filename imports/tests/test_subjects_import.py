"""Subjects through the web: upload -> preview (nothing written) -> confirm -> all rows written in one go."""

import pytest

from audit.models import AuditAction, AuditEntry
from imports.models import ImportJob, JobStatus
from subjects.models import LegalForm, Subject
from subjects.tests.factories import SubjectFactory

from .conftest import SUBJECT_HEADERS, counts, subject_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def commit(client, job):
    return client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"})


def test_preview_writes_nothing_then_commit_writes_every_row(client, upload, office, area_tree):
    data = xlsx_bytes(
        [SUBJECT_HEADERS, subject_row("1400000001", "HTX Sen Hồng"), subject_row("1400000002", "HTX Xoài", unit="C2")]
    )
    before = counts()
    job = upload(office, "subjects", data)
    assert job.status == JobStatus.CHECKED
    assert (job.total_rows, job.created_count, job.updated_count, job.error_count) == (2, 2, 0, 0)
    assert counts() == before  # the preview ran the services and rolled everything back
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "Sẽ thêm mới" in page and "HTX Xoài (1400000002)" in page and "Xác nhận nhập" in page

    response = commit(client, job)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.outcome["committed"] is True
    subject = Subject.objects.get(registration_number="1400000002")
    assert subject.unit == area_tree["c2"]
    assert subject.legal_form == LegalForm.COOPERATIVE
    assert (subject.workforce_total, subject.workforce_local, subject.workforce_qualified) == (20, 18, 0)
    assert subject.created_by == office
    assert AuditEntry.objects.filter(action=AuditAction.CREATE).count() == 2


def test_reimport_updates_by_registration_number_and_the_same_file_twice_changes_nothing(
    client, upload, office, area_tree
):
    existing = SubjectFactory(registration_number="1400000001", name="HTX cũ", unit=area_tree["c1"])
    data = xlsx_bytes([SUBJECT_HEADERS, subject_row("1400000001", "HTX Sen Hồng")])
    job = upload(office, "subjects", data)
    assert (job.created_count, job.updated_count) == (0, 1)
    assert "Tên chủ thể: «HTX cũ» → «HTX Sen Hồng»" in job.preview["actions"][0]["changes"]
    commit(client, job)
    existing.refresh_from_db()
    assert existing.name == "HTX Sen Hồng"
    assert Subject.objects.count() == 1
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert "du-lieu.xlsx" in entry.reason

    before = counts()
    updated_at = Subject.objects.get().updated_at
    again = upload(office, "subjects", data)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 1)
    commit(client, again)
    again.refresh_from_db()
    assert again.status == JobStatus.DONE
    assert counts() == before  # no new row, no audit entry
    assert Subject.objects.get().updated_at == updated_at


def test_an_error_in_one_row_blocks_the_whole_file(client, upload, office):
    rows = [SUBJECT_HEADERS, subject_row("1400000001"), subject_row("1400000002", **{"Lao động địa phương": 99})]
    before = counts()
    job = upload(office, "subjects", xlsx_bytes(rows))
    assert job.error_count == 1
    error = job.preview["errors"][0]
    assert error["row"] == 3
    assert error["header"] == "Lao động địa phương"
    assert "không được lớn hơn tổng số lao động" in error["message"]
    assert not job.can_commit
    response = commit(client, job)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED
    assert counts() == before
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "Xác nhận nhập" not in page and "Sửa tệp rồi tải lên lại" in page


def test_officer_imports_only_into_their_own_area(client, upload, officer, area_tree):
    rows = [SUBJECT_HEADERS, subject_row("1400000001", unit="C1"), subject_row("1400000002", unit="C2")]
    before = counts()
    job = upload(officer, "subjects", xlsx_bytes(rows))
    assert job.error_count == 1
    error = job.preview["errors"][0]
    assert (error["row"], error["column"], error["value"]) == (3, "F", "C2")
    assert "nằm ngoài địa bàn bạn quản lý" in error["message"]
    commit(client, job)
    assert counts() == before
    assert job.unit == area_tree["d1"]


def test_officer_cannot_update_another_districts_subject_through_its_number(upload, officer, area_tree):
    SubjectFactory(registration_number="1400000009", name="HTX Bí mật", unit=area_tree["c2"])
    job = upload(officer, "subjects", xlsx_bytes([SUBJECT_HEADERS, subject_row("1400000009", unit="C1")]))
    message = job.preview["errors"][0]["message"]
    assert "ở địa bàn khác" in message
    assert "Bí mật" not in message  # another area's subject is not named
    assert Subject.objects.get().name == "HTX Bí mật"


def test_commit_only_by_the_requester_and_jobs_of_another_area_are_404(client, upload, office, officer, make_user):
    job = upload(officer, "subjects", xlsx_bytes([SUBJECT_HEADERS, subject_row("1400000001")]))
    client.force_login(office)  # the office sees the district's job (in its area) but may not confirm it
    assert client.get(f"/imports/jobs/{job.pk}/").status_code == 200
    assert client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"}).status_code == 403
    assert Subject.objects.count() == 0
    from accounts.models import Role

    other = make_user(role=Role.LOCAL_OFFICER, unit=officer.unit.parent.children.exclude(pk=officer.unit_id).first())
    client.force_login(other)
    assert client.get(f"/imports/jobs/{job.pk}/").status_code == 404
    assert client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"}).status_code == 404


def test_commit_needs_the_confirmation_box(client, upload, office):
    job = upload(office, "subjects", xlsx_bytes([SUBJECT_HEADERS, subject_row()]))
    response = client.post(f"/imports/jobs/{job.pk}/commit/", {})
    assert response.status_code == 400
    assert "Hãy đánh dấu xác nhận" in response.content.decode()
    assert Subject.objects.count() == 0


def test_read_only_roles_cannot_import(client, make_user, area_tree):
    from accounts.models import Role

    leader = make_user(role=Role.LEADERSHIP, unit=area_tree["province"])
    client.force_login(leader)
    assert client.get("/imports/subjects/").status_code == 403
    assert client.get("/imports/").status_code == 200
    assert "Nhập dữ liệu" not in [item["label"] for item in client.get("/").context["nav_items"]]
    assert ImportJob.objects.count() == 0


def test_blank_optional_columns_and_missing_columns(client, upload, office, area_tree):
    """A blank cell clears the field; a column absent from the file leaves the stored value alone."""
    subject = SubjectFactory(
        registration_number="1400000001", unit=area_tree["c1"], phone="0277 1", tax_code="999", workforce_total=20
    )
    headers = [
        "Số đăng ký kinh doanh",
        "Điện thoại",
        "Tên chủ thể",
        "Loại hình",
        "Địa chỉ",
        "Mã đơn vị hành chính",
        "Người đại diện theo pháp luật",
        "Giới tính người đại diện",
    ]
    row = ["1400000001", None, subject.name, "HTX", "Ấp 1", "C1", subject.representative_name, "Nữ"]
    job = upload(office, "subjects", xlsx_bytes([headers, row]))
    assert job.error_count == 0, job.preview["errors"]
    commit(client, job)
    subject.refresh_from_db()
    assert subject.phone == ""
    assert subject.tax_code == "999"
    assert subject.workforce_total == 20
