"""Two people edit the same subject: the second save is refused with what changed, never silently reverting."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role
from subjects.models import Subject
from subjects.tests.factories import SubjectFactory

from .helpers import form_data

pytestmark = pytest.mark.django_db


def _editor(make_user, area_tree, api=False):
    user = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    client = APIClient() if api else Client()
    client.force_login(user)
    return client


def _opened_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.context["form"]


def test_second_saver_of_a_subject_sees_the_changes_and_keeps_their_input(make_user, area_tree):
    subject = SubjectFactory(unit=area_tree["c1"], name="HTX Sen Hồng", registration_number="", tax_code="")
    url = reverse("subjects:update", args=[subject.pk])
    first, second = _editor(make_user, area_tree), _editor(make_user, area_tree)
    version_first = _opened_form(first, url)["version"].value()
    version_second = _opened_form(second, url)["version"].value()
    assert version_first == version_second == 1

    base = form_data(area_tree["c1"], registration_number="", tax_code="")
    saved = first.post(url, {**base, "name": "HTX Sen Hồng Tháp Mười", "version": version_first})
    assert saved.status_code == 302

    refused = second.post(url, {**base, "name": "HTX Sen Đỏ", "phone": "0909 000 111", "version": version_second})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "vừa được người khác lưu" in page
    assert "Tên chủ thể: “HTX Sen Hồng Tháp Mười”" in page
    # The second person's input is kept on the form...
    form = refused.context["form"]
    assert form["name"].value() == "HTX Sen Đỏ"
    assert form["phone"].value() == "0909 000 111"
    # ...and the first change is not reverted.
    subject.refresh_from_db()
    assert subject.name == "HTX Sen Hồng Tháp Mười"
    assert subject.version == 2

    # Saving again from the re-rendered form (now at the current version) is a deliberate overwrite.
    assert form["version"].value() == "2"
    again = second.post(url, {**base, "name": "HTX Sen Đỏ", "phone": "0909 000 111", "version": "2"})
    assert again.status_code == 302
    subject.refresh_from_db()
    assert (subject.name, subject.version) == ("HTX Sen Đỏ", 3)


def test_edit_form_without_a_version_is_refused(make_user, area_tree):
    subject = SubjectFactory(unit=area_tree["c1"], registration_number="", tax_code="")
    client = _editor(make_user, area_tree)
    response = client.post(
        reverse("subjects:update", args=[subject.pk]),
        form_data(area_tree["c1"], name="Tên mới", registration_number="", tax_code=""),
    )
    assert response.status_code == 200
    assert "thiếu thông tin phiên bản" in response.content.decode()
    subject.refresh_from_db()
    assert subject.name != "Tên mới"


def test_api_update_with_a_stale_version_gets_409_with_the_changed_fields(make_user, area_tree):
    subject = SubjectFactory(unit=area_tree["c1"], name="HTX Sen Hồng", registration_number="", tax_code="")
    url = f"/api/subjects/{subject.pk}/"
    first, second = _editor(make_user, area_tree, api=True), _editor(make_user, area_tree, api=True)
    read_first, read_second = first.get(url).json(), second.get(url).json()
    assert read_first["version"] == read_second["version"] == 1

    ok = first.patch(url, {"name": "HTX Sen Hồng Tháp Mười", "version": read_first["version"]}, format="json")
    assert ok.status_code == 200, ok.json()
    assert ok.json()["version"] == 2

    stale = second.patch(url, {"workforce_total": 99, "name": "HTX khác", "version": 1}, format="json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "version_conflict"
    assert body["version"] == 2
    assert {"field": "name", "label": "Tên chủ thể", "value": "“HTX Sen Hồng Tháp Mười”"} in body["changed_fields"]
    subject.refresh_from_db()
    assert (subject.name, subject.version) == ("HTX Sen Hồng Tháp Mười", 2)

    missing = second.patch(url, {"name": "HTX khác"}, format="json")
    assert missing.status_code == 400
    assert "version" in missing.json()
    created = second.post(
        "/api/subjects/",
        {**form_data(area_tree["c1"], registration_number="1401777001", tax_code=""), "version": 7},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["version"] == 1
    assert Subject.objects.get(pk=created.json()["id"]).version == 1
