"""Two people edit the same product (issue #12, finding 8): the first save stays, the second is refused with what
changed and keeps its input; through the pages, the API, and two concurrent transactions on PostgreSQL."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role
from audit.models import AuditEntry
from ocop_portal.concurrency import VersionConflict
from products import services
from products.models import Product
from products.tests.factories import ProductFactory
from subjects.tests.factories import SubjectFactory

from .helpers import product_form_data, set_148, with_certification


def _editor(make_user, area_tree, api=False):
    user = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    client = APIClient() if api else Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.mark.django_db
def test_two_people_edit_the_same_product_and_the_first_change_is_not_reverted(make_user, area_tree):
    subject = SubjectFactory(unit=area_tree["c1"])
    product = ProductFactory(subject=subject, name="Xoài sấy dẻo", product_class=set_148("I.3.c"))
    url = reverse("products:update", args=[product.pk])
    first, second = _editor(make_user, area_tree), _editor(make_user, area_tree)
    opened_first, opened_second = first.get(url), second.get(url)
    assert opened_first.status_code == opened_second.status_code == 200
    version = opened_first.context["form"]["version"].value()
    assert version == opened_second.context["form"]["version"].value() == 1
    assert 'name="version"' in opened_second.content.decode()

    data_first = product_form_data(subject, area_tree["c1"], name="Xoài sấy dẻo Cao Lãnh", version=version)
    with_certification(data_first, 0, kind="vietgap", number="VG-01/2025", issuer="", issued_on="", expires_on="")
    assert first.post(url, data_first).status_code == 302

    data_second = product_form_data(
        subject, area_tree["c1"], name="Xoài sấy Mỹ Xương", description="Mô tả mới của người thứ hai", version=version
    )
    refused = second.post(url, data_second)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "vừa được người khác lưu" in page
    assert "Tên sản phẩm: “Xoài sấy dẻo Cao Lãnh”" in page
    assert "Chứng nhận: VietGAP VG-01/2025" in page
    assert first.user.full_name in page or first.user.username in page
    form = refused.context["form"]
    assert form["name"].value() == "Xoài sấy Mỹ Xương"
    assert form["description"].value() == "Mô tả mới của người thứ hai"
    assert form["version"].value() == "2"

    product.refresh_from_db()
    assert (product.name, product.version) == ("Xoài sấy dẻo Cao Lãnh", 2)
    assert product.description != "Mô tả mới của người thứ hai"
    assert [c.number for c in product.certifications.all()] == ["VG-01/2025"]
    assert AuditEntry.objects.filter(object_id=str(product.pk), action="update").count() == 1


@pytest.mark.django_db
def test_api_update_of_a_product_with_a_stale_version_gets_409(make_user, area_tree):
    subject = SubjectFactory(unit=area_tree["c1"])
    product = ProductFactory(subject=subject, name="Xoài sấy dẻo", product_class=set_148("I.3.c"))
    url = f"/api/products/{product.pk}/"
    first, second = _editor(make_user, area_tree, api=True), _editor(make_user, area_tree, api=True)
    version = first.get(url).json()["version"]
    assert second.get(url).json()["version"] == version == 1

    ok = first.patch(url, {"name": "Xoài sấy dẻo Cao Lãnh", "version": version}, format="json")
    assert ok.status_code == 200, ok.json()
    assert ok.json()["version"] == 2

    stale = second.patch(url, {"production_status": "stopped", "version": version}, format="json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "version_conflict" and body["version"] == 2
    assert body["changed_fields"] == [{"field": "name", "label": "Tên sản phẩm", "value": "“Xoài sấy dẻo Cao Lãnh”"}]
    product.refresh_from_db()
    assert (product.name, product.production_status, product.version) == ("Xoài sấy dẻo Cao Lãnh", "active", 2)

    missing = second.patch(url, {"production_status": "stopped"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    fresh = second.patch(url, {"production_status": "stopped", "version": 2}, format="json")
    assert fresh.status_code == 200 and fresh.json()["version"] == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_of_the_same_version_exactly_one_wins(make_user, area_tree):
    """Two threads, two database connections, the same version: the UPDATE ... WHERE version = %s lets one
    through; the other gets a conflict and nothing of it is kept."""
    subject = SubjectFactory(unit=area_tree["c1"])
    product = ProductFactory(subject=subject, name="Xoài sấy dẻo", product_class=set_148("I.3.c"))
    actors = [make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"]) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcome = {}

    def save(index):
        try:
            barrier.wait(timeout=10)
            services.product_update(
                actor=actors[index],
                product=Product.objects.get(pk=product.pk),
                data={"name": f"Tên của người {index}"},
                expected_version=1,
            )
            outcome[index] = "saved"
        except VersionConflict as exc:
            outcome[index] = ("conflict", exc.version, [c["field"] for c in exc.changes])
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcome.values(), key=str) == sorted([("conflict", 2, ["name"]), "saved"], key=str)
    winner = next(i for i, result in outcome.items() if result == "saved")
    product.refresh_from_db()
    assert (product.name, product.version) == (f"Tên của người {winner}", 2)
    assert AuditEntry.objects.filter(object_id=str(product.pk), action="update").count() == 1
