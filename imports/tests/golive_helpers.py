"""Helpers of the tests of the kinds a province moving in imports (issue #19): fill the downloaded template, upload,
check, confirm."""

import io

from openpyxl import load_workbook

from imports.models import ImportJob, JobStatus


def filled_template(client, user, kind, rows):
    """Download ``kind``'s XLSX template as ``user``, write ``rows`` ({header: value}) under its headers."""
    client.force_login(user)
    response = client.get(f"/imports/{kind}/template.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for row in rows:
        unknown = set(row) - set(headers)
        assert not unknown, unknown
        sheet.append([row.get(header, None) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, user, kind, data, name="du-lieu.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(user)
    response = client.post(f"/imports/{kind}/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.latest("pk")


def commit(client, job):
    client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"})
    job.refresh_from_db()
    return job


def import_rows(client, user, kind, rows):
    """Template round trip: fill the template, upload (dry run), no error, confirm; returns the done job."""
    job = upload(client, user, kind, filled_template(client, user, kind, rows))
    assert job.error_count == 0, job.preview["errors"]
    job = commit(client, job)
    assert job.status == JobStatus.DONE, job.outcome
    return job


def messages_of(job):
    return [error["message"] for error in job.preview["errors"]]
