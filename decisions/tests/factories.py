import datetime

import factory

from decisions import services
from decisions.models import Authority, AuthorityLevel
from products.tests.factories import ProductFactory


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority

    name = factory.Sequence(lambda n: f"UBND tỉnh {n}")
    level = AuthorityLevel.PROVINCE
    unit = factory.SubFactory("areas.tests.factories.UnitFactory")
    header_name = "ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP"
    number_suffix = "QĐ-UBND-HC"
    place_name = "Đồng Tháp"
    signer_name = "Phạm Văn Minh"
    signer_title = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"


def product_in(unit, **kwargs):
    return ProductFactory(subject__unit=unit, unit=unit, **kwargs)


def recognise(actor, authority, date, *rows, **texts):
    """Issue a recognition decision through the service: rows are (product, stars[, score[, kind]])."""
    items = []
    for row in rows:
        product, stars, *rest = row
        item = {"product": product, "stars": stars}
        if rest:
            item["score"] = rest[0]
        if len(rest) > 1:
            item["kind"] = rest[1]
        items.append(item)
    return services.recognition_decision_issue(actor=actor, authority=authority, items=items, date=date, **texts)


def revoke(actor, authority, date, *rows):
    """rows are (recognition, ground[, ground_text])."""
    items = [{"recognition": r[0], "ground": r[1], "ground_text": r[2] if len(r) > 2 else ""} for r in rows]
    return services.revocation_decision_issue(actor=actor, authority=authority, items=items, date=date)


def d(text):
    return datetime.date.fromisoformat(text)
