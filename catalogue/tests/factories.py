"""Test data of the catalogue: a province's products in every public status, issued through the real services."""

import datetime

from django.utils import timezone

from decisions.tests.factories import AuthorityFactory, product_in, recognise, revoke
from products.tests.factories import ProductClassFactory, ProductFactory
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
