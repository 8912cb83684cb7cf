"""Demo decisions (idempotent: a decision is matched by its authority and number).

Loads, through the same services the office uses, a history that looks like Đồng Tháp's register:
a 2019 recognition decision whose products expired, QĐ 58/QĐ-UBND-HC of 11/01/2023 revoking some of them,
QĐ 1446/QĐ-UBND-HC of 29/12/2022 (3★ and 4★, new and re-evaluated), re-evaluations in late 2025, a 2025
revocation, a 2024 decision with "hạt sen sấy" upgraded to 4★, and two decisions dated so that their
certificates expire within 90 days of the day the demo is loaded (one within 30 days). Numbers and people are
invented for demonstration, except the two decision numbers quoted in the province's reports.
"""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import Role, User
from areas.models import AdministrativeUnit, UnitLevel
from ocop_portal.text import fold
from products.models import Product

from . import services
from .models import Authority, AuthorityLevel, Decision, Recognition, RecognitionKind, RevocationGround

PROVINCE_SIGNER = ("Phạm Văn Minh", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
DISTRICT_SIGNER = ("Nguyễn Hoàng Long", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
NEW, UPGRADE, RE = RecognitionKind.NEW, RecognitionKind.UPGRADE, RecognitionKind.RE_EVALUATION


def _unit(code, level, current):
    qs = AdministrativeUnit.objects.filter(code=code, level=level)
    qs = qs.filter(valid_to__isnull=True) if current else qs.filter(valid_to__isnull=False)
    return qs.first()


def _authority(name, level, unit, suffix, header, signer):
    """Authorities of units abolished or replaced on 01/07/2025 stay for the record but issue nothing new."""
    authority, _created = Authority.objects.get_or_create(
        name=name,
        unit=unit,
        defaults={
            "is_active": unit.valid_to is None,
            "level": level,
            "header_name": header,
            "number_suffix": suffix,
            "place_name": "Đồng Tháp",
            "signer_name": signer[0],
            "signer_title": signer[1],
        },
    )
    return authority


def authorities():
    """The demo's issuing authorities (None for a unit the areas demo did not create)."""
    old_province = _unit("87", UnitLevel.PROVINCE, current=False)
    new_province = _unit("82", UnitLevel.PROVINCE, current=True)
    lai_vung = _unit("876", UnitLevel.DISTRICT, current=False)
    result = {}
    header = "ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP"
    if old_province:
        result["old"] = _authority(
            "UBND tỉnh Đồng Tháp",
            AuthorityLevel.PROVINCE,
            old_province,
            "QĐ-UBND-HC",
            header,
            PROVINCE_SIGNER,
        )
    if new_province:
        result["new"] = _authority(
            "UBND tỉnh Đồng Tháp", AuthorityLevel.PROVINCE, new_province, "QĐ-UBND-HC", header, PROVINCE_SIGNER
        )
    if lai_vung:
        result["lai_vung"] = _authority(
            "UBND huyện Lai Vung",
            AuthorityLevel.DISTRICT,
            lai_vung,
            "QĐ-UBND",
            "ỦY BAN NHÂN DÂN\nHUYỆN LAI VUNG",
            DISTRICT_SIGNER,
        )
    return result


def _actor():
    return (
        User.objects.filter(username="vpdp.dongthap").first()
        or User.objects.filter(role=Role.COORDINATION_OFFICE, is_active=True, unit__isnull=False).first()
    )


def _recognise(actor, authority, number, date, rows, subject_line=""):
    if authority is None or not rows:
        return None
    existing = Decision.objects.filter(authority=authority, number_display=number).first()
    if existing:
        return existing
    items = [{"product": product, "stars": stars, "score": score, "kind": kind} for product, stars, score, kind in rows]
    texts = {"signer_name": authority.signer_name, "signer_title": authority.signer_title}
    if subject_line:
        texts["subject_line"] = subject_line
    return services.historical_recognition_record(
        actor=actor, authority=authority, number_display=number, date=date, items=items, **texts
    )


def _revoke(actor, authority, number, date, rows, subject_line):
    if authority is None:
        return None
    existing = Decision.objects.filter(authority=authority, number_display=number).first()
    if existing:
        return existing
    items = []
    for product, source, ground, text in rows:
        recognition = Recognition.objects.filter(product=product, decision=source).first() if source else None
        if recognition is not None:
            items.append({"recognition": recognition, "ground": ground, "ground_text": text})
    if not items:
        return None
    return services.historical_revocation_record(
        actor=actor,
        authority=authority,
        number_display=number,
        date=date,
        items=items,
        subject_line=subject_line,
        signer_name=authority.signer_name,
        signer_title=authority.signer_title,
    )


def _score(stars, i):
    base = {3: Decimal("56.50"), 4: Decimal("72.00"), 5: Decimal("90.50")}[stars]
    return base + Decimal(i % 7) * Decimal("1.75")


def load(today=None):
    actor = _actor()
    products = list(Product.objects.select_related("subject").order_by("pk"))
    if actor is None or not products:
        return []
    auth = authorities()
    old, new, lai_vung = auth.get("old"), auth.get("new"), auth.get("lai_vung")
    today = today or timezone.localdate()

    lotus = next((p for p in products if "hat sen say" in fold(p.name)), None)
    pool = [p for p in products if p != lotus]

    def take(start, stop):
        return pool[start:stop]

    created = []
    # 2019 (1048 era): recognised by the province; 36 months ended in October 2022.
    p2019 = take(0, 6)
    stars2019 = [3, 4, 3, 3, 4, 3]
    d2019 = _recognise(
        actor,
        old,
        "1207/QĐ-UBND-HC",
        datetime.date(2019, 10, 18),
        [(p, s, None, NEW) for p, s in zip(p2019, stars2019, strict=False)],
        "Về việc công nhận sản phẩm đạt chuẩn OCOP tỉnh Đồng Tháp năm 2019",
    )
    # 2020: includes hạt sen sấy at 3★.
    p2020 = take(22, 25)
    rows2020 = [(p, 3, _score(3, i), NEW) for i, p in enumerate(p2020)]
    if lotus:
        rows2020.insert(0, (lotus, 3, Decimal("64.25"), NEW))
    d2020 = _recognise(
        actor,
        old,
        "1375/QĐ-UBND-HC",
        datetime.date(2020, 12, 30),
        rows2020,
        "Về việc công nhận sản phẩm đạt chuẩn OCOP tỉnh Đồng Tháp năm 2020",
    )
    # 29/12/2022: round 2 of 2022, re-evaluations of 2019 products and new products (3★ and 4★).
    p1446_re = list(p2019[3:5])
    p1446_new = take(6, 12)
    rows1446 = [(p, s, _score(s, i), RE) for i, (p, s) in enumerate(zip(p1446_re, [3, 4], strict=False))]
    rows1446 += [(p, s, _score(s, i), NEW) for i, (p, s) in enumerate(zip(p1446_new, [3, 4, 3, 3, 4, 3], strict=False))]
    d1446 = _recognise(
        actor,
        old,
        "1446/QĐ-UBND-HC",
        datetime.date(2022, 12, 29),
        rows1446,
        "Về việc công nhận kết quả đánh giá, phân hạng sản phẩm OCOP tỉnh Đồng Tháp năm 2022 (đợt 2)",
    )
    # 11/01/2023: revocation of 2019 products not re-evaluated or failing re-evaluation.
    d58 = _revoke(
        actor,
        old,
        "58/QĐ-UBND-HC",
        datetime.date(2023, 1, 11),
        [
            (p2019[0] if len(p2019) > 0 else None, d2019, RevocationGround.NOT_REEVALUATED, ""),
            (p2019[1] if len(p2019) > 1 else None, d2019, RevocationGround.NOT_REEVALUATED, ""),
            (p2019[2] if len(p2019) > 2 else None, d2019, RevocationGround.FAILED_REEVALUATION, ""),
        ],
        "Về việc thu hồi Giấy chứng nhận sản phẩm OCOP đã hết thời hạn năm 2019",
    )
    # 2024: hạt sen sấy upgraded to 4★ and new products; valid until 2027.
    p2024 = take(18, 22)
    rows2024 = [(p, s, _score(s, i), NEW) for i, (p, s) in enumerate(zip(p2024, [3, 4, 3, 4], strict=False))]
    if lotus:
        rows2024.insert(0, (lotus, 4, Decimal("78.50"), UPGRADE))
    d2024 = _recognise(actor, old, "1650/QĐ-UBND-HC", datetime.date(2024, 9, 20), rows2024)
    # Two decisions whose certificates expire soon: ~20 days (district, 3★) and ~75 days (province, 4★).
    soon = today - relativedelta(months=36) + datetime.timedelta(days=20)
    later = today - relativedelta(months=36) + datetime.timedelta(days=75)
    p_soon = take(12, 15)
    d_soon = _recognise(
        actor,
        lai_vung if soon < datetime.date(2025, 7, 1) else new,
        "2150/QĐ-UBND" if soon < datetime.date(2025, 7, 1) else "2150/QĐ-UBND-HC",
        soon,
        [(p, 3, _score(3, i), NEW) for i, p in enumerate(p_soon)],
    )
    p_later = take(15, 18)
    d_later = _recognise(
        actor,
        old if later < datetime.date(2025, 7, 1) else new,
        "215/QĐ-UBND-HC",
        later,
        [(p, s, _score(s, i), NEW) for i, (p, s) in enumerate(zip(p_later, [4, 4, 3], strict=False))],
    )
    # 2025: the merged province re-evaluates some products of QĐ 1446 and revokes expired 2020 products.
    d2025_re = None
    if new and today >= datetime.date(2025, 12, 15):
        rows_re = [(p, s, _score(s, i + 2), RE) for i, (p, s) in enumerate(zip(p1446_re, [4, 4], strict=False))]
        rows_re += [(p, 3, _score(3, i), RE) for i, p in enumerate(p1446_new[:2])]
        d2025_re = _recognise(
            actor,
            new,
            "2890/QĐ-UBND-HC",
            datetime.date(2025, 12, 15),
            rows_re,
            "Về việc công nhận lại sản phẩm đạt chuẩn OCOP tỉnh Đồng Tháp năm 2025",
        )
    d2025_rev = _revoke(
        actor,
        old,
        "312/QĐ-UBND-HC",
        datetime.date(2025, 2, 21),
        [
            (p2020[0] if len(p2020) > 0 else None, d2020, RevocationGround.NOT_REEVALUATED, ""),
            (p2020[1] if len(p2020) > 1 else None, d2020, RevocationGround.PRODUCTION_STOPPED, ""),
        ],
        "Về việc thu hồi Giấy chứng nhận sản phẩm OCOP được công nhận năm 2020",
    )
    # 2021 products re-evaluated in December 2024; new products of the merged province in 2025.
    p2021 = take(25, 33)
    d2021 = _recognise(
        actor,
        old,
        "1890/QĐ-UBND-HC",
        datetime.date(2021, 12, 10),
        [(p, s, _score(s, i), NEW) for i, (p, s) in enumerate(zip(p2021, [3, 3, 4, 3, 3, 4, 3, 3], strict=False))],
        "Về việc công nhận sản phẩm đạt chuẩn OCOP tỉnh Đồng Tháp năm 2021",
    )
    d2024_re = _recognise(
        actor,
        old,
        "1985/QĐ-UBND-HC",
        datetime.date(2024, 12, 6),
        [(p, s, _score(s, i + 1), RE) for i, (p, s) in enumerate(zip(p2021[:6], [3, 4, 4, 3, 3, 4], strict=False))],
        "Về việc công nhận lại sản phẩm đạt chuẩn OCOP tỉnh Đồng Tháp năm 2024",
    )
    d2025_new = None
    if new and today >= datetime.date(2025, 11, 20):
        d2025_new = _recognise(
            actor,
            new,
            "2741/QĐ-UBND-HC",
            datetime.date(2025, 11, 20),
            [(p, s, _score(s, i), NEW) for i, (p, s) in enumerate(zip(take(33, 48), [3, 3, 4] * 5, strict=False))],
            "Về việc công nhận sản phẩm đạt chuẩn OCOP tỉnh Đồng Tháp năm 2025 (đợt 1)",
        )
    for decision in (d2019, d2020, d1446, d58, d2024, d_soon, d_later, d2025_re, d2025_rev, d2021, d2024_re, d2025_new):
        if decision is not None:
            created.append(decision)
    return created
