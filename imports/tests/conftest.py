import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from audit.models import AuditEntry
from decisions.models import Decision, Recognition, Revocation
from products.models import Product
from programme.models import Activity, BudgetLine
from subjects.models import Subject

SUBJECT_HEADERS = [
    "Số đăng ký kinh doanh",
    "Tên chủ thể",
    "Loại hình",
    "Mã số thuế",
    "Địa chỉ",
    "Mã đơn vị hành chính",
    "Người đại diện theo pháp luật",
    "Giới tính người đại diện",
    "Tổng số lao động",
    "Lao động địa phương",
]


def subject_row(number="1400000001", name="Hợp tác xã Sen Hồng", unit="C1", **overrides):
    row = {
        "Số đăng ký kinh doanh": number,
        "Tên chủ thể": name,
        "Loại hình": "Hợp tác xã",
        "Mã số thuế": "",
        "Địa chỉ": "Ấp 1",
        "Mã đơn vị hành chính": unit,
        "Người đại diện theo pháp luật": "Lê Thị Hồng",
        "Giới tính người đại diện": "Nữ",
        "Tổng số lao động": 20,
        "Lao động địa phương": 18,
    }
    row.update(overrides)
    return [row.get(header, "") for header in SUBJECT_HEADERS]


def xlsx_bytes(rows, *, title="Dữ liệu", setup=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if setup:
        setup(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(rows, delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue()


def xlsx_cells(data):
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def counts():
    """How many domain rows and audit entries exist: an import that refuses must leave all of these unchanged."""
    return {
        model.__name__: model.objects.count()
        for model in (Subject, Product, Decision, Recognition, Revocation, BudgetLine, Activity, AuditEntry)
    }


@pytest.fixture
def office(make_user, area_tree):
    return make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"], username="vpdp")


@pytest.fixture
def officer(make_user, area_tree):
    """A district officer of D1 (commune C1 is inside, C2 and C3 are not)."""
    return make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d1"], username="canbo_d1")


@pytest.fixture
def upload(client):
    """Upload a file on an import page as ``user``; returns the ImportJob."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports.models import ImportJob

    def do(user, kind, data, name="du-lieu.xlsx"):
        client.force_login(user)
        response = client.post(f"/imports/{kind}/", {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 302, response.content.decode()[:2000]
        return ImportJob.objects.latest("pk")

    return do
