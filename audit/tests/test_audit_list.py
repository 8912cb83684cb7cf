"""The audit log page on the list layer: filters (what, who, when, search), export with the page's columns."""

import csv
import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditAction, AuditEntry
from products.tests.factories import ProductFactory
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db
URL = reverse("audit:list")


@pytest.fixture
def office(make_user, area_tree):
    return make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"], username="vpdp", full_name="Trần Thị B")


@pytest.fixture
def entries(office, make_user, area_tree):
    officer = make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d1"], username="canbo1", full_name="Lê Văn A")
    subject = SubjectFactory(unit=area_tree["c1"], name="HTX Sen Tháp Mười")
    product = ProductFactory(subject=subject, unit=area_tree["c1"], name="Trà sen")

    def entry(obj, action, actor, reason="", days_ago=0, unit=area_tree["c1"]):
        made = AuditEntry.objects.create(
            action=action, content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk),
            object_repr=str(obj), actor=actor, unit=unit, reason=reason, before={"name": "cũ"}, after={"name": "mới"},
        )  # fmt: skip
        AuditEntry.objects.filter(pk=made.pk).update(at=timezone.now() - datetime.timedelta(days=days_ago))
        return made

    other = SubjectFactory(unit=area_tree["other_province"], name="Chủ thể tỉnh khác")
    return {
        "subject": entry(subject, AuditAction.CREATE, officer, days_ago=10),
        "product": entry(product, AuditAction.UPDATE, office, reason="Sửa tên theo giấy phép"),
        "other": entry(other, AuditAction.CREATE, office, unit=area_tree["other_province"]),
    }


def shown(response):
    assert response.status_code == 200
    return {entry.pk for entry in response.context["object_list"]}


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, {"subject", "product"}),
        ({"action": AuditAction.UPDATE}, {"product"}),
        ({"q": "giấy phép"}, {"product"}),
        ({"q": "Sen Tháp"}, {"subject"}),
        ({"actor": "Lê Văn"}, {"subject"}),
        ({"actor": "vpdp"}, {"product"}),
    ],
)
def test_filters_stay_inside_the_area(client, office, entries, query, expected):
    client.force_login(office)
    assert shown(client.get(URL, query)) == {entries[name].pk for name in expected}


def test_record_kind_filter_names_kinds_in_vietnamese(client, office, entries):
    client.force_login(office)
    page = client.get(URL)
    choices = dict(page.context["filterset"].form.fields["content_type"].choices)
    product_type = ContentType.objects.get_for_model(entries["product"].content_type.model_class())
    assert choices[product_type.pk] == "Sản phẩm OCOP"
    assert shown(client.get(URL, {"content_type": product_type.pk})) == {entries["product"].pk}


def test_date_filter(client, office, entries):
    client.force_login(office)
    since = (timezone.localdate() - datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    assert shown(client.get(URL, {"since": since})) == {entries["product"].pk}


def test_export_carries_the_page_columns_and_changes(client, office, entries):
    client.force_login(office)
    labels = client.get(URL).context["table"].labels()
    response = client.get(URL, {"export": "csv", "action": AuditAction.UPDATE})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == labels
    assert len(rows) == 2
    assert any("cũ → mới" in cell for cell in rows[1]) and "Sửa tên theo giấy phép" in rows[1]
    assert not any("name:" in cell for cell in rows[1])  # the field's name, not the column's


def test_changes_read_as_people_write_them(client, office, make_user, area_tree):
    """No internal value on the log, its export or a history page: field names, choice codes, True/False, ids, UTC
    ISO times all read as the model names them, in Vietnamese and Vietnam time."""
    creator = make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d1"], full_name="Nguyễn Văn Tạo")
    subject = SubjectFactory(unit=area_tree["c1"], name="HTX Sen")
    hidden = SubjectFactory(unit=area_tree["other_province"], name="Chủ thể tỉnh khác")
    AuditEntry.objects.create(
        action=AuditAction.UPDATE, content_type=ContentType.objects.get_for_model(subject), object_id=str(subject.pk),
        object_repr=str(subject), actor=office, unit=area_tree["c1"],
        before={"legal_form": "cooperative_group", "is_sme": False, "created_by_id": None,
                "updated_at": "2026-06-15T01:30:00+00:00", "workforce_total": 1200 },
        after={"legal_form": "cooperative", "is_sme": True, "created_by_id": creator.pk,
               "updated_at": "2026-06-16T17:05:00+00:00", "workforce_total": 1250, "id": subject.pk},
    )  # fmt: skip
    product = ProductFactory(subject=subject, unit=area_tree["c1"], name="Trà sen")
    AuditEntry.objects.create(
        action=AuditAction.UPDATE, content_type=ContentType.objects.get_for_model(product), object_id=str(product.pk),
        object_repr=str(product), actor=office, unit=area_tree["c1"],
        before={"subject_id": hidden.pk}, after={"subject_id": subject.pk},
    )  # fmt: skip
    client.force_login(office)
    pages = [
        client.get(URL).content.decode(),
        client.get(reverse("subjects:history", args=[subject.pk])).content.decode(),
    ]
    response = client.get(URL, {"export": "csv"})
    pages.append((b"".join(response.streaming_content) if response.streaming else response.content).decode())
    for text in pages:
        assert "<strong>ID</strong>" not in text and "ID:" not in text  # the record's own id is not a change
        for raw in ("cooperative_group", "created_by_id", "is_sme", "True", "False", "2026-06-15T", "legal_form"):
            assert raw not in text
        for readable in ("Loại hình", "Tổ hợp tác", "Hợp tác xã", "Doanh nghiệp nhỏ và vừa", "Không", "Có",
                         "Nguyễn Văn Tạo", "15/06/2026 08:30", "17/06/2026 00:05", "1250"):  # fmt: skip
            assert readable in text, readable
    for text in (pages[0], pages[2]):
        assert f"#{hidden.pk} → HTX Sen" in text.replace("</del> → <ins>", " → ").replace("<del>", "")
        assert "Chủ thể tỉnh khác" not in text  # another province's subject: its number, never its name


def test_local_officer_cannot_read_the_log(client, make_user, area_tree, entries):
    client.force_login(make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d1"]))
    assert client.get(URL).status_code == 403
