"""Accounts of abolished units (issue #14, item 4): read-only after their unit ends, until an administrator
reassigns them on /accounts/ended-units/ (audited)."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from areas.models import AdministrativeUnit, UnitLevel
from audit.models import AuditEntry
from devdata.demo import accounts as accounts_demo
from devdata.demo import areas as areas_demo
from subjects.models import Subject
from subjects.tests.factories import SubjectFactory

LAST_OLD_DAY = datetime.date(2025, 6, 30)
URL = "/accounts/ended-units/"


@pytest.fixture
def demo(db):
    areas_demo.load()
    accounts_demo.load()
    # Xã Tân Thành of old Lai Vung (the 2025 list reuses old codes: the old commune is meant).
    old_commune = AdministrativeUnit.objects.get(code="30226", level=UnitLevel.COMMUNE, valid_to__isnull=False)
    new_province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, name="Đồng Tháp", valid_to__isnull=True)
    subject = SubjectFactory(unit=old_commune, address="Ấp 1")
    return {"subject": subject, "new_province": new_province, "officer": User.objects.get(username="canbo.laivung")}


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def _can_change(client, user, subject):
    """(edit page status, API PATCH status) for ``user`` on ``subject``."""
    client.force_login(user)
    page = client.get(reverse("subjects:update", args=[subject.pk])).status_code
    subject.refresh_from_db()
    api = _api(User.objects.get(pk=user.pk)).patch(
        f"/api/subjects/{subject.pk}/", {"address": "Ấp 2", "version": subject.version}, format="json"
    )
    return page, api.status_code


def test_old_district_account_is_read_only_after_30_06_2025_with_a_banner(client, demo):
    officer, subject = demo["officer"], demo["subject"]
    assert officer.unit.valid_to == LAST_OLD_DAY
    client.force_login(officer)
    listing = client.get("/subjects/")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert 'id="read-only-banner"' in text and "30/06/2025" in text and "Huyện Lai Vung" in text
    assert "Đơn vị đề xuất: Tỉnh Đồng Tháp" in text
    assert client.get(reverse("subjects:detail", args=[subject.pk])).status_code == 200
    assert _api(officer).get(f"/api/subjects/{subject.pk}/").status_code == 200

    assert _can_change(client, officer, subject) == (403, 403)
    refused = client.post(reverse("subjects:update", args=[subject.pk]), {"name": "Đổi tên", "version": 1})
    assert refused.status_code == 403
    subject.refresh_from_db()
    assert subject.address == "Ấp 1" and subject.name != "Đổi tên"
    # An account of a unit in force has no banner.
    client.force_login(User.objects.get(username="canbo.xatanhong"))
    assert 'id="read-only-banner"' not in client.get("/subjects/").content.decode()


def test_admin_lists_ended_unit_accounts_and_reassigns_them_in_one_step(client, demo):
    officer, subject, new_province = demo["officer"], demo["subject"], demo["new_province"]
    for username in ("vpdp.dongthap", "canbo.laivung", "canbo.xatanhong"):
        client.force_login(User.objects.get(username=username))
        assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302

    old_unit_id = officer.unit_id
    admin = User.objects.get(username="quantri")
    client.force_login(admin)
    page = client.get(URL).content.decode()
    assert "canbo.laivung" in page and "canbo.xatanhong" not in page and "vpdp.dongthap" not in page
    assert "Tỉnh Đồng Tháp" in page

    assert client.post(URL, {"users": [], "unit": ""}).status_code == 200  # nothing ticked: the form again
    response = client.post(URL, {"users": [officer.pk], "unit": "", "reason": "Sáp nhập tỉnh"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.unit == new_province
    entry = AuditEntry.objects.get(object_id=str(officer.pk), content_type__model="user")
    assert entry.actor == admin and entry.before == {"unit_id": old_unit_id}
    assert entry.after == {"unit_id": new_province.pk} and entry.reason == "Sáp nhập tỉnh"
    assert "password" not in str(entry.before) + str(entry.after)
    assert "canbo.laivung" not in client.get(URL).content.decode()

    # Works again: no banner, the change page opens and the API saves.
    client.force_login(officer)
    assert 'id="read-only-banner"' not in client.get("/subjects/").content.decode()
    assert _can_change(client, officer, subject) == (200, 200)
    assert Subject.objects.get(pk=subject.pk).address == "Ấp 2"


def test_reassign_to_a_chosen_unit_refuses_an_ended_unit(client, demo):
    officer = demo["officer"]
    client.force_login(User.objects.get(username="quantri"))
    ended = AdministrativeUnit.objects.get(code="866", level=UnitLevel.DISTRICT)
    response = client.post(URL, {"users": [officer.pk], "unit": ended.pk})
    assert response.status_code == 200
    officer.refresh_from_db()
    assert officer.unit.code == "876"
    commune = AdministrativeUnit.objects.get(code="29926", level=UnitLevel.COMMUNE, valid_to__isnull=True)
    assert client.post(URL, {"users": [officer.pk], "unit": commune.pk}).status_code == 302
    officer.refresh_from_db()
    assert officer.unit == commune
