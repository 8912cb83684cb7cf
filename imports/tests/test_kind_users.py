"""Import of user accounts: created without a password, a set-password e-mail, area and role checks."""

import pytest
from django.core import mail

from accounts.models import Role, User
from audit.models import AuditEntry

from .golive_helpers import commit, filled_template, import_rows, messages_of, upload

pytestmark = pytest.mark.django_db


def logs_in(client, username, password):
    client.logout()
    response = client.post("/login/", {"username": username, "password": password})
    return response.status_code == 302


def person(username="canbo.xa1", role="Cán bộ huyện/xã", unit="C1", **extra):
    row = {
        "Tên đăng nhập": username,
        "Họ và tên": "Nguyễn Văn An",
        "Thư điện tử": f"{username}@dongthap.gov.vn",
        "Vai trò": role,
        "Mã đơn vị hành chính": unit,
        "Chức vụ": "Chuyên viên",
        "Điện thoại": "0277 385 1234",
    }
    row.update(extra)
    return row


def test_new_accounts_cannot_log_in_until_they_set_their_password(
    client, office, area_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = import_rows(
            client, office, "users", [person(), person("thuky.tinh", role="council_secretary", unit="87")]
        )
    assert job.created_count == 2
    account = User.objects.get(username="canbo.xa1")
    assert (account.role, account.unit, account.email) == (
        Role.LOCAL_OFFICER,
        area_tree["c1"],
        "canbo.xa1@dongthap.gov.vn",
    )
    assert User.objects.get(username="thuky.tinh").role == Role.COUNCIL_SECRETARY
    assert not account.has_usable_password()
    client.logout()
    assert not logs_in(client, "canbo.xa1", "")

    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if m.to == ["canbo.xa1@dongthap.gov.vn"])
    link = next(line for line in message.body.splitlines() if "/imports/set-password/" in line)
    path = link[link.index("/imports/") :]
    page = client.get(path)
    assert "canbo.xa1" in page.content.decode()
    query = dict(part.split("=", 1) for part in path.split("?", 1)[1].split("&"))
    response = client.post(
        "/imports/set-password/",
        {"u": query["u"], "t": query["t"], "new_password1": "Sen-Hong-2026!", "new_password2": "Sen-Hong-2026!"},
    )
    assert response.status_code == 302
    assert logs_in(client, "canbo.xa1", "Sen-Hong-2026!")
    # the link works once
    again = client.post(
        "/imports/set-password/",
        {"u": query["u"], "t": query["t"], "new_password1": "Khac-2026-xyz!", "new_password2": "Khac-2026-xyz!"},
    )
    assert again.status_code == 400
    assert logs_in(client, "canbo.xa1", "Sen-Hong-2026!")
    # no audit entry carries a password hash
    for entry in AuditEntry.objects.all():
        assert "pbkdf2" not in str(entry.before) + str(entry.after)


def test_dry_run_changes_nothing_and_sends_nothing(client, office, area_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = upload(client, office, "users", filled_template(client, office, "users", [person()]))
    assert job.error_count == 0 and job.created_count == 1
    assert not User.objects.filter(username="canbo.xa1").exists()
    assert mail.outbox == []


def test_a_password_column_refuses_the_file(client, office, area_tree):
    from .conftest import xlsx_bytes

    headers = ["Tên đăng nhập", "Họ và tên", "Thư điện tử", "Vai trò", "Mã đơn vị hành chính", "Mật khẩu"]
    rows = [headers, ["canbo.xa1", "Nguyễn Văn An", "a@b.vn", "Cán bộ huyện/xã", "C1", "Ocop@2026"]]
    job = upload(client, office, "users", xlsx_bytes(rows))
    assert job.error_count >= 1
    assert any("mật khẩu" in message for message in messages_of(job))
    job = commit(client, job)
    assert not User.objects.filter(username="canbo.xa1").exists()
    # even a blank password column is refused
    rows = [headers, ["canbo.xa1", "Nguyễn Văn An", "a@b.vn", "Cán bộ huyện/xã", "C1", ""]]
    job = upload(client, office, "users", xlsx_bytes(rows))
    assert any("cột mật khẩu" in message for message in messages_of(job))


def test_all_or_nothing_area_and_roles(client, office, area_tree, django_capture_on_commit_callbacks):
    rows = [
        person(),
        person("ngoai.tinh", unit="82"),  # the other province
        person("quantri.moi", role="Quản trị hệ thống"),  # a role the office may not grant
        person("sai.vaitro", role="Giám đốc"),
        person("chu.the", role="producer"),  # producers register themselves
    ]
    job = upload(client, office, "users", filled_template(client, office, "users", rows))
    messages = messages_of(job)
    assert job.error_count == 4
    assert any("ngoài địa bàn bạn quản lý" in message for message in messages)
    assert any("không được cấp vai trò" in message for message in messages)
    assert any("Văn phòng Điều phối" in message and "Thư ký hội đồng" in message for message in messages)
    with django_capture_on_commit_callbacks(execute=True):
        commit(client, job)
    assert not User.objects.filter(username__in=["canbo.xa1", "ngoai.tinh", "quantri.moi"]).exists()
    assert mail.outbox == []


def test_reimport_is_unchanged_then_updates_role_and_unit_never_the_password(
    client, office, area_tree, django_capture_on_commit_callbacks
):
    import_rows(client, office, "users", [person()])
    account = User.objects.get(username="canbo.xa1")
    account.set_password("Da-dat-2026!")
    account.save()
    mail.outbox.clear()
    entries = AuditEntry.objects.count()

    job = import_rows(client, office, "users", [person(username="CANBO.XA1")])
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 1)
    assert AuditEntry.objects.count() == entries

    with django_capture_on_commit_callbacks(execute=True):
        job = import_rows(client, office, "users", [person(role="Thư ký hội đồng", unit="D2")])
    assert job.updated_count == 1
    account.refresh_from_db()
    assert (account.role, account.unit) == (Role.COUNCIL_SECRETARY, area_tree["d2"])
    assert account.check_password("Da-dat-2026!")
    assert mail.outbox == []
    assert AuditEntry.objects.count() == entries + 1


def test_only_the_office_imports_users(client, officer, area_tree):
    client.force_login(officer)
    assert client.get("/imports/users/").status_code == 403
