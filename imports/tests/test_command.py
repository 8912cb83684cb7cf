"""``manage.py import_data <kind> <file> --user <username> [--dry-run]``."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from subjects.models import Subject

from .conftest import SUBJECT_HEADERS, counts, csv_text, subject_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def subjects_file(tmp_path):
    path = tmp_path / "chu-the.xlsx"
    path.write_bytes(xlsx_bytes([SUBJECT_HEADERS, subject_row("1400000001"), subject_row("1400000002", unit="C2")]))
    return path


def test_dry_run_prints_the_preview_and_writes_nothing(subjects_file, office):
    before = counts()
    out, _err = run("subjects", str(subjects_file), "--user", office.username, "--dry-run")
    assert "Kiểm tra (chạy thử, không ghi gì): chu-the.xlsx" in out
    assert "Dòng 3: Thêm mới Hợp tác xã Sen Hồng (1400000002)" in out
    assert "Tổng 2 dòng: sẽ thêm mới 2, sẽ cập nhật 0, không đổi 0; 0 lỗi." in out
    assert counts() == before


def test_commit_then_the_same_file_again_changes_nothing(subjects_file, office):
    out, _err = run("subjects", str(subjects_file), "--user", office.username)
    assert "đã thêm mới 2" in out and "Đã ghi vào cơ sở dữ liệu." in out
    assert Subject.objects.count() == 2
    before = counts()
    out, _err = run("subjects", str(subjects_file), "--user", office.username)
    assert "đã thêm mới 0, đã cập nhật 0, không đổi 2; 0 lỗi." in out
    assert counts() == before


def test_errors_are_printed_in_vietnamese_and_the_exit_code_is_not_zero(subjects_file, officer):
    before = counts()
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_data", "subjects", str(subjects_file), "--user", officer.username, stdout=io.StringIO(), stderr=err
        )
    assert raised.value.returncode == 1
    assert "1 lỗi; không dòng nào được ghi." in str(raised.value)
    assert "LỖI Dòng 3, cột F «Mã đơn vị hành chính», giá trị «C2»: đơn vị hành chính «Xã 2» nằm ngoài địa bàn" in (
        err.getvalue()
    )
    assert counts() == before


def test_a_refused_file_exits_non_zero(tmp_path, office):
    path = tmp_path / "chu-the.csv"
    text = csv_text([SUBJECT_HEADERS, subject_row("1400000001")]).encode("utf-8").replace(b"Sen", b"S\xffn")
    path.write_bytes(text)
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_data", "subjects", str(path), "--user", office.username, stdout=io.StringIO(), stderr=err)
    assert raised.value.returncode == 1
    assert "không ở bảng mã UTF-8" in err.getvalue()
    assert Subject.objects.count() == 0


def test_unknown_user_or_missing_arguments(subjects_file, make_user, area_tree):
    from accounts.models import Role

    with pytest.raises(CommandError, match="Không có người dùng «ai_do»"):
        run("subjects", str(subjects_file), "--user", "ai_do")
    with pytest.raises(CommandError, match="Cần: import_data"):
        run("subjects", str(subjects_file))
    leader = make_user(role=Role.LEADERSHIP, unit=area_tree["province"])
    with pytest.raises(CommandError, match="không có quyền nhập"):
        run("subjects", str(subjects_file), "--user", leader.username)
