"""A producer registers on the public page (no login), is signed in and sees that its account waits for the
commune's verification; every refusal is a Vietnamese message next to its field."""

import pytest
from django.urls import reverse

from accounts.models import Role, User
from areas.models import UnitLevel
from areas.tests.factories import UnitFactory
from audit.models import AuditEntry
from producers.models import ProducerAccount, ProducerAccountStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes(db):
    country = UnitFactory(code="VN", name="Việt Nam", level=UnitLevel.COUNTRY, unit_type="quốc gia")
    province = UnitFactory(code="87", name="Đồng Tháp", level=UnitLevel.PROVINCE, parent=country)
    other = UnitFactory(code="82", name="An Giang", level=UnitLevel.PROVINCE, parent=country)
    commune = UnitFactory(code="C1", name="Tân Hồng", level=UnitLevel.COMMUNE, parent=province, unit_type="xã")
    far = UnitFactory(code="C9", name="Mỹ Hòa Hưng", level=UnitLevel.COMMUNE, parent=other, unit_type="xã")
    return {"province": province, "commune": commune, "far": far}


def _data(communes, **overrides):
    data = {
        "tinh": communes["province"].pk,
        "organisation_name": "Hợp tác xã Sen Hồng",
        "registration_number": " 1400 123456 ",
        "tax_code": "1400123456",
        "representative_name": "Nguyễn Thị Lan",
        "commune": communes["commune"].pk,
        "address": "Ấp 3",
        "phone": "0912 345 678",
        "email": "htx.senhong@gmail.com",
        "username": "htx.senhong",
        "password1": "Lua-Vang@2026",
        "password2": "Lua-Vang@2026",
    }
    data.update(overrides)
    return data


def test_the_page_is_public_and_lists_the_communes_of_the_chosen_province(client, communes):
    page = client.get(reverse("producers:register"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Đồng Tháp" in text and "Tân Hồng" not in text  # no commune before a province is chosen
    page = client.get(reverse("producers:register"), {"tinh": communes["province"].pk})
    text = page.content.decode()
    assert "Tân Hồng" in text and "Mỹ Hòa Hưng" not in text
    assert 'name="viewport"' in text and "producers.css" in text


def test_a_producer_registers_and_waits_for_verification(client, communes):
    response = client.post(reverse("producers:register"), _data(communes))
    assert response.status_code == 302 and response["Location"] == reverse("producers:home")
    user = User.objects.get(username="htx.senhong")
    assert user.role == Role.PRODUCER and user.unit_id is None and user.check_password("Lua-Vang@2026")
    account = ProducerAccount.objects.get(user=user)
    assert account.status == ProducerAccountStatus.PENDING and account.subject is None
    assert account.registration_number == "1400123456" and account.commune == communes["commune"]
    entry = AuditEntry.objects.get(object_id=str(account.pk), content_type__model="produceraccount")
    assert entry.actor == user and entry.unit == communes["commune"]
    home = client.get(reverse("producers:home"))  # signed in by the registration
    text = home.content.decode()
    assert "Chờ xác minh" in text and "Tân Hồng" in text and "cán bộ xã xác minh" in text
    # nothing of the registry before verification
    for url in (reverse("producers:my_subject"), reverse("producers:my_products"), reverse("subjects:list")):
        assert client.get(url).status_code in {403, 404}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"registration_number": ""}, "registration_number", "Nhập số đăng ký kinh doanh"),
        ({"tax_code": "12345"}, "tax_code", "Mã số thuế gồm 10 chữ số"),
        ({"phone": "12345"}, "phone", "Số điện thoại gồm 10 hoặc 11 chữ số"),
        ({"password2": "khac"}, "password2", "Hai lần nhập mật khẩu không giống nhau"),
        ({"password1": "123", "password2": "123"}, "password1", "Mật khẩu"),
        ({"username": "có dấu cách"}, "username", "Tên đăng nhập chỉ gồm"),
        ({"organisation_name": ""}, "organisation_name", "Nhập tên hợp tác xã"),
        ({"commune": ""}, "commune", "Chọn xã, phường"),
        ({"email": "khong-hop-le"}, "email", "Thư điện tử không hợp lệ"),
    ],
)
def test_each_mistake_is_explained_next_to_its_field(client, communes, overrides, field, message):
    response = client.post(reverse("producers:register"), _data(communes, **overrides))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert not ProducerAccount.objects.exists() and not User.objects.filter(role=Role.PRODUCER).exists()


def test_a_commune_of_another_province_or_a_taken_username_is_refused(client, communes, make_user):
    response = client.post(reverse("producers:register"), _data(communes, commune=communes["far"].pk))
    assert "commune" in response.context["form"].errors
    make_user(username="htx.senhong")
    response = client.post(reverse("producers:register"), _data(communes))
    assert "đã có người dùng" in " ".join(response.context["form"].errors["username"])
    assert not ProducerAccount.objects.exists()


def test_an_abolished_commune_is_not_offered(client, communes):
    import datetime

    communes["commune"].valid_to = datetime.date(2025, 6, 30)
    communes["commune"].save()
    response = client.post(reverse("producers:register"), _data(communes))
    assert "commune" in response.context["form"].errors


def test_registrations_from_one_address_are_limited(client, communes):
    for n in range(5):
        data = _data(communes, username=f"htx{n}", registration_number=f"14001234{n:02d}")
        assert client.post(reverse("producers:register"), data).status_code == 302
        client.logout()
    response = client.post(reverse("producers:register"), _data(communes, username="htx9"))
    assert response.status_code == 429 and ProducerAccount.objects.count() == 5
