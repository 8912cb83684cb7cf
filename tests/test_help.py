"""The in-portal "first hour" guide: each role reads its own steps first, with links only to pages it may open."""

import pytest
from django.urls import reverse

from accounts.models import Role
from ocop_portal.help import GUIDES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reads_its_guide_and_every_link_opens(client, make_user, area_tree, role):
    unit = area_tree["d1"] if role == Role.LOCAL_OFFICER else area_tree["province"]
    client.force_login(make_user(role=role, unit=unit))
    response = client.get(reverse("help"))
    assert response.status_code == 200
    page = response.content.decode()
    intro, steps = GUIDES[role]
    assert str(intro) in page
    assert str(steps[0][0]) in page
    for _text, url in response.context["steps"]:
        if url:
            assert client.get(url).status_code == 200, url
    assert "Hướng dẫn" in [item["label"] for item in response.context["nav_items"]]


def test_every_role_has_a_guide():
    assert set(GUIDES) == set(Role)


def test_help_needs_a_login(client):
    assert client.get(reverse("help")).status_code == 302


def test_api_docs_open_with_a_vietnamese_introduction(client, make_user, area_tree):
    client.force_login(make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"]))
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content.decode()
    assert "Đăng nhập" in schema and "/api/token/" in schema and "Phạm vi" in schema
