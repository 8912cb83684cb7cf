"""Test data of the catalogue: a province's products in every public status, issued through the real services."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from decisions.tests.factories import AuthorityFactory, product_in, recognise, revoke
from products import services as product_services
from products.tests.factories import ProductClassFactory, ProductFactory
from products.tests.helpers import PDF_BYTES, doc_type
from subjects.tests.factories import SubjectFactory

from ..models import ProducerConsent
from ..services import ensure_public_codes

# Values that must never be published (the producer gave no consent, or they are internal).
SECRETS = {
    "representative": "Nguyễn Văn Bímật",
    "tax_code": "8765432109",
    "registration": "1400999888",
    "phone": "02773999888",
    "email": "bimat@example.org",
    "address": "Ấp Bímật số 9",
    "description": "Mô tả nội bộ không công khai",
    "story": "Câu chuyện nội bộ",
    "score": "88.75",
    "score_vn": "88,75",
    "revocation_text": "Biên bản kiểm tra nội bộ",
}
CONSENTED_PHONE = "02773111222"


def years_ago(today, years, days=0):
    day = min(today.day, 28)
    return today.replace(year=today.year - years, day=day) + datetime.timedelta(days=days)


def catalogue_world(area_tree, office):
    """Products of every status: valid (4★ "Xoài sấy dẻo"), expiring, expired recently, revoked, expired long
    ago (not public) and never recognised (not public); all but one producer without consent."""
    today = timezone.localdate()
    authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])
    product_class = ProductClassFactory()
    producer = SubjectFactory(
        unit=area_tree["c1"],
        name="Hợp tác xã Xoài Cao Lãnh",
        representative_name=SECRETS["representative"],
        tax_code=SECRETS["tax_code"],
        registration_number=SECRETS["registration"],
        phone=SECRETS["phone"],
        email=SECRETS["email"],
        address=SECRETS["address"],
    )
    secret = {
        "subject": producer,
        "description": SECRETS["description"],
        "story": SECRETS["story"],
        "product_class": product_class,
    }
    products = {
        "valid": ProductFactory(unit=area_tree["c1"], name="Xoài sấy dẻo Cao Lãnh", **secret),
        "consented": product_in(
            area_tree["c1"], name="Trà sen Tháp Mười", subject__phone=CONSENTED_PHONE, product_class=product_class
        ),
        "expiring": ProductFactory(unit=area_tree["c2"], name="Nem Lai Vung", **secret),
        "expired": ProductFactory(unit=area_tree["c2"], name="Bánh phồng tôm Sa Giang", **secret),
        "revoked": ProductFactory(unit=area_tree["c3"], name="Hủ tiếu Sa Đéc", **secret),
        "old": ProductFactory(unit=area_tree["c3"], name="Kẹo dừa cũ", **secret),
        "never": ProductFactory(unit=area_tree["c3"], name="Mắm chưa công nhận", **secret),
    }
    ProducerConsent.objects.create(subject=products["consented"].subject, publish_contact=True, recorded_on=today)
    ProducerConsent.objects.create(subject=producer, publish_contact=False, recorded_on=today)
    decisions = {
        "valid": recognise(office, authority, today - datetime.timedelta(days=30), (products["valid"], 4, "88.75")),
        "consented": recognise(office, authority, today - datetime.timedelta(days=40), (products["consented"], 3)),
        "expiring": recognise(office, authority, years_ago(today, 3, 30), (products["expiring"], 3, "88.75")),
        "expired": recognise(office, authority, years_ago(today, 3, -40), (products["expired"], 4, "88.75")),
        "revoked": recognise(office, authority, years_ago(today, 1), (products["revoked"], 5, "88.75")),
        "old": recognise(office, authority, years_ago(today, 6), (products["old"], 3, "88.75")),
    }
    recognitions = {key: decision.recognitions.get() for key, decision in decisions.items()}
    revoke(
        office,
        authority,
        today - datetime.timedelta(days=10),
        (recognitions["revoked"], "other", SECRETS["revocation_text"]),
    )
    ensure_public_codes()
    for key in products:
        products[key].refresh_from_db()
    return {"products": products, "recognitions": recognitions, "authority": authority, "decisions": decisions}


def photo_bytes(fmt="JPEG", color=(20, 160, 60), gps=True):
    """A photo as a phone takes it: with EXIF (camera and the GPS position of the producer's premises)."""
    image = Image.new("RGB", (64, 48), color)
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "BimatCam"  # Make
    if gps:
        exif[0x8825] = {1: "N", 2: (10.0, 27.0, 42.0), 3: "E", 4: (105.0, 38.0, 9.0)}
    image.save(buffer, format=fmt, exif=exif.tobytes())
    return buffer.getvalue()


def upload(office, product, payload, name, type_code="packaging_label_photos", subject_level=False):
    return product_services.document_upload(
        actor=office,
        subject=product.subject,
        product=None if subject_level else product,
        document_type=doc_type(type_code),
        uploaded_file=SimpleUploadedFile(name, payload),
        title=f"Nội bộ {name}",
    )


def marked_photo(office, product, name="mat-truoc.jpg"):
    document = upload(office, product, photo_bytes(), name)
    product_services.document_set_public(actor=office, document=document, public=True)
    document.refresh_from_db()
    return document


def catalogue_photos(world, office):
    """The valid product's photo marked public, its unmarked photo, a dossier PDF and a subject's document; and a
    photo marked public of a product that left the catalogue."""
    product = world["products"]["valid"]
    return {
        "product": product,
        "marked": marked_photo(office, product),
        "unmarked": upload(office, product, photo_bytes("PNG", (1, 2, 3)), "chua-cong-khai.png"),
        "dossier": upload(office, product, PDF_BYTES, "phieu-kiem-nghiem.pdf", type_code="test_report"),
        "subject_doc": upload(
            office, product, photo_bytes(), "dkkd.jpg", type_code="business_registration", subject_level=True
        ),
        # Marked public, but its product left the public catalogue (its recognition ended six years ago).
        "not_public_product": marked_photo(office, world["products"]["old"]),
    }
