"""A producer sees and changes only its own subject's records — through its pages, the office's pages, the API,
the downloads and the exports — and an unverified producer sees nothing. The rule is ``accounts.scoping``'s."""

import html
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role
from audit.models import AuditEntry
from producers.models import ProducerAccountStatus
from producers.tests.factories import ProducerAccountFactory, producer_user
from products import services as product_services
from products.models import Document, Product
from products.tests.factories import ProductFactory
from products.tests.helpers import PDF_BYTES, doc_type
from subjects import services as subject_services
from subjects.models import Subject
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db

OTHER = "QQKHACBIET"


@pytest.fixture
def world(area_tree, make_user):
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"], full_name="Văn phòng tỉnh")
    own = SubjectFactory(unit=area_tree["c1"], name="Hợp tác xã Của Tôi")
    other = SubjectFactory(unit=area_tree["c1"], name=f"Hợp tác xã {OTHER}")
    own_product = ProductFactory(subject=own, unit=area_tree["c1"], name="Bánh phồng của tôi")
    other_product = ProductFactory(subject=other, unit=area_tree["c1"], name=f"Sản phẩm {OTHER}")

    def upload(subject, product, name):
        return product_services.document_upload(
            actor=office, subject=subject, product=product, document_type=doc_type("test_report"),
            uploaded_file=SimpleUploadedFile(name, PDF_BYTES), title=name,
        )  # fmt: skip

    producer = producer_user(own, username="chuthe.minh")
    return {
        "office": office,
        "own": own,
        "other": other,
        "own_product": own_product,
        "other_product": other_product,
        "own_doc": upload(own, own_product, "kiem-nghiem-cua-toi.pdf"),
        "other_doc": upload(other, other_product, f"kiem-nghiem-{OTHER}.pdf"),
        "producer": producer,
        "other_producer": producer_user(other, username="chuthe.khac"),
    }


def _body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = [archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml")]
            return html.unescape(" ".join(parts))  # the sheet writes "&#225;" for "á"
    return content.decode("utf-8", "replace")


def test_restrict_gives_a_producer_its_own_rows_only(world):
    producer = world["producer"]
    assert list(Subject.objects.restrict(producer, "view")) == [world["own"]]
    assert list(Product.objects.restrict(producer, "change")) == [world["own_product"]]
    assert list(Document.objects.restrict(producer, "view")) == [world["own_doc"]]
    pending = ProducerAccountFactory(commune=world["own"].unit).user
    for model in (Subject, Product, Document):
        assert not model.objects.restrict(pending, "view").exists()


def test_the_producer_pages_show_its_own_records_and_refuse_anothers(client, world):
    client.force_login(world["producer"])
    listing = client.get(reverse("producers:my_products"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Bánh phồng của tôi" in text and OTHER not in text
    for fmt in ("csv", "xlsx"):
        export = _body(client.get(reverse("producers:my_products"), {"export": fmt}))
        assert "Bánh phồng của tôi" in export and OTHER not in export
    own, other = world["own_product"].pk, world["other_product"].pk
    assert client.get(reverse("producers:product_detail", args=[own])).status_code == 200
    for name in ("producers:product_detail", "producers:product_edit", "producers:document_upload"):
        assert client.get(reverse(name, args=[other])).status_code == 404, name
        assert client.post(reverse(name, args=[other]), {"name": "x"}).status_code in {404, 405}, name
    doc = world["other_doc"].pk
    assert client.get(reverse("producers:document_download", args=[doc])).status_code == 404
    assert client.post(reverse("producers:document_replace", args=[doc]), {}).status_code == 404
    download = client.get(reverse("producers:document_download", args=[world["own_doc"].pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    subject_page = client.get(reverse("producers:my_subject")).content.decode()
    assert "Hợp tác xã Của Tôi" in subject_page and OTHER not in subject_page


def test_office_pages_api_and_downloads_refuse_a_producer(client, world):
    client.force_login(world["producer"])
    for url in (
        reverse("subjects:list"),
        reverse("products:list") + "?export=csv",
        reverse("subjects:detail", args=[world["own"].pk]),
        reverse("products:document_download", args=[world["other_doc"].pk]),
        reverse("dashboard:index"),
        reverse("audit:list"),
        reverse("evaluations:index"),
        reverse("producers:account_list"),
    ):
        response = client.get(url)
        assert response.status_code in {403, 404}, url
        assert OTHER not in _body(response), url
    api = APIClient()
    api.force_authenticate(world["producer"])
    for url in ("/api/subjects/", f"/api/products/{world['other_product'].pk}/", "/api/documents/"):
        response = api.get(url)
        assert response.status_code in {403, 404} and OTHER not in response.content.decode(), url
    assert api.patch(f"/api/products/{world['other_product'].pk}/", {"name": "x"}, format="json").status_code in {
        403,
        404,
    }


def test_the_services_refuse_another_subjects_records(world):
    producer = world["producer"]
    with pytest.raises(PermissionDenied):
        product_services.product_update(actor=producer, product=world["other_product"], data={"name": "x"})
    with pytest.raises(PermissionDenied):
        product_services.document_upload(
            actor=producer, subject=world["other"], document_type=doc_type("test_report"),
            uploaded_file=SimpleUploadedFile("x.pdf", PDF_BYTES),
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        product_services.document_delete(actor=producer, document=world["other_doc"])
    with pytest.raises(PermissionDenied):
        subject_services.subject_update(actor=producer, subject=world["other"], data={"phone": "0912345678"})
    with pytest.raises(PermissionDenied):
        subject_services.subject_create(actor=producer, data={"name": "x"})
    with pytest.raises(PermissionDenied):
        product_services.product_delete(actor=producer, product=world["own_product"])
    # what the commune verified stays the commune's
    with pytest.raises(ValidationError) as refused:
        subject_services.subject_update(
            actor=producer, subject=world["own"], data={"registration_number": "1499999999"}
        )
    assert "registration_number" in refused.value.message_dict
    with pytest.raises(ValidationError):
        product_services.product_update(actor=producer, product=world["own_product"], data={"subject": world["other"]})


def test_the_producer_edits_its_own_records_and_the_office_sees_who_changed_them(client, world):
    client.force_login(world["producer"])
    own = world["own"]
    data = {
        "address": "Ấp Mới 5",
        "representative_name": own.representative_name,
        "representative_gender": "female",
        "workforce_total": 12,
        "workforce_local": 10,
        "workforce_qualified": 3,
        "phone": "0912 345 678",
        "email": "",
        "website": "",
        "version": own.version,
    }
    response = client.post(reverse("producers:my_subject_edit"), data)
    assert response.status_code == 302, response.context["form"].errors
    own.refresh_from_db()
    assert own.address == "Ấp Mới 5" and own.workforce_total == 12
    product = world["own_product"]
    page = client.get(reverse("producers:product_edit", args=[product.pk]))
    form_data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    form_data.update(name="Bánh phồng tôm đặc biệt", description="Làm từ tôm đất", version=product.version)
    form_data["product_class"] = product.product_class_id
    response = client.post(reverse("producers:product_edit", args=[product.pk]), form_data)
    assert response.status_code == 302, response.context["form"].errors
    product.refresh_from_db()
    assert product.name == "Bánh phồng tôm đặc biệt" and product.unit == world["own"].unit
    upload = client.post(
        reverse("producers:document_upload", args=[product.pk]),
        {"document_type": doc_type("test_report").pk, "file": SimpleUploadedFile("anh.pdf", PDF_BYTES)},
    )
    assert upload.status_code == 302
    assert Document.objects.filter(product=product).count() == 2
    replaced = client.post(
        reverse("producers:document_replace", args=[world["own_doc"].pk]),
        {"document_type": doc_type("test_report").pk, "file": SimpleUploadedFile("moi.pdf", PDF_BYTES)},
    )
    assert replaced.status_code == 302 and not Document.objects.filter(pk=world["own_doc"].pk).exists()
    entries = AuditEntry.objects.filter(actor=world["producer"])
    assert {e.content_type.model for e in entries} >= {"subject", "product", "document"}
    # the office reads the producer's changes on the existing history pages
    client.force_login(world["office"])
    history = client.get(reverse("subjects:history", args=[own.pk])).content.decode()
    assert world["producer"].full_name in history and "Ấp Mới 5" in history
    history = client.get(reverse("products:history", args=[product.pk])).content.decode()
    assert world["producer"].full_name in history


def test_an_unverified_or_rejected_producer_sees_nothing(client, world):
    for status in (ProducerAccountStatus.PENDING, ProducerAccountStatus.REJECTED):
        account = ProducerAccountFactory(commune=world["own"].unit, status=status, subject=None)
        client.force_login(account.user)
        assert client.get(reverse("producers:home")).status_code == 200
        for url in (
            reverse("producers:my_subject"),
            reverse("producers:my_products"),
            reverse("producers:product_detail", args=[world["own_product"].pk]),
            reverse("producers:document_download", args=[world["own_doc"].pk]),
            reverse("subjects:list"),
        ):
            assert client.get(url).status_code in {403, 404}, url
    # an account linked but not (or no longer) verified is not verified
    account = ProducerAccountFactory(commune=world["own"].unit, status=ProducerAccountStatus.REJECTED,
                                     subject=world["own"])  # fmt: skip
    assert not Product.objects.restrict(account.user, "view").exists()


def test_an_inactive_producer_sees_nothing(world):
    producer = world["producer"]
    producer.is_active = False
    producer.save()
    assert not Product.objects.restrict(producer, "view").exists()


def test_a_producer_reads_only_issued_decisions_of_its_own_products(world):
    import datetime

    from decisions.models import Decision, Recognition
    from decisions.tests.factories import AuthorityFactory, recognise

    authority = AuthorityFactory(unit=world["own"].unit.parent.parent)
    decision = recognise(
        world["office"], authority, datetime.date(2026, 6, 1), (world["own_product"], 4), (world["other_product"], 3)
    )
    producer = world["producer"]
    assert list(Recognition.objects.restrict(producer, "view")) == list(
        Recognition.objects.filter(product=world["own_product"])
    )
    assert list(Decision.objects.restrict(producer, "view")) == [decision]  # one row, not one per item
    assert not Recognition.objects.restrict(producer, "change").exists()
    Decision.objects.filter(pk=decision.pk).update(status="draft")
    assert not Recognition.objects.restrict(producer, "view").exists()
    assert not Decision.objects.restrict(producer, "view").exists()
