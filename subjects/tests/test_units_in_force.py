"""A new subject or product goes only on a unit in force (issue #14 item 3): an abolished commune is refused with
its successors named, on the form and the API; an old record left on its unit is still edited."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role
from areas.tests.factories import merged_province
from subjects.models import Subject
from subjects.tests.factories import SubjectFactory
from subjects.tests.helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def merger(make_user):
    units = merged_province()
    return {**units, "office": make_user(role=Role.COORDINATION_OFFICE, unit=units["new"])}


def test_a_new_subject_on_an_abolished_commune_is_refused_naming_the_successor(client, merger):
    client.force_login(merger["office"])
    form = client.get(reverse("subjects:create")).context["form"]
    offered = set(form.fields["unit"].queryset)
    assert merger["new_commune"] in offered and merger["old_commune"] not in offered  # units in force only
    response = client.post(reverse("subjects:create"), form_data(merger["old_commune"]))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    api = APIClient()
    api.force_authenticate(merger["office"])
    refused = api.post("/api/subjects/", form_data(merger["old_commune"]), format="json")
    assert refused.status_code == 400
    message = " ".join(refused.json()["unit"])
    assert "không còn hiệu lực từ 01/07/2025" in message and "Xã Tân Dương" in message
    assert not Subject.objects.exists()
    assert client.post(reverse("subjects:create"), form_data(merger["new_commune"])).status_code == 302


def test_an_old_subject_left_on_its_commune_is_still_edited(client, merger):
    subject = SubjectFactory(unit=merger["old_commune"], name="HTX cũ")
    client.force_login(merger["office"])
    data = {**form_data(merger["old_commune"], name="HTX cũ (đổi tên)", registration_number=subject.registration_number,
                        tax_code=subject.tax_code), "version": subject.version}  # fmt: skip
    response = client.post(reverse("subjects:update", args=[subject.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    subject.refresh_from_db()
    assert subject.name == "HTX cũ (đổi tên)"


def test_a_new_product_on_an_abolished_commune_is_refused(merger):
    from django.core.exceptions import ValidationError

    from products import services
    from products.models import ProductClass

    subject = SubjectFactory(unit=merger["new_commune"])
    product_class = ProductClass.objects.filter(level="set").first()
    data = {"subject": subject, "name": "Bánh phồng", "unit": merger["old_commune"], "product_class": product_class}
    with pytest.raises(ValidationError) as refused:
        services.product_create(actor=merger["office"], data=data)
    assert "Xã Tân Dương" in " ".join(refused.value.message_dict["unit"])
