"""Demo decisions (idempotent: a decision is matched by its authority and number).

Loads, through the same services the office uses, the 2023-onwards part of a history that looks like Đồng Tháp's
register (the 2019–2022 part, including QĐ 1446/QĐ-UBND-HC of 29/12/2022, is ``devdata.demo.seed2022``):
QĐ 58/QĐ-UBND-HC of 11/01/2023 revoking lapsed 2019 certificates, re-evaluations in 2024 and 2025, a 2025
revocation, "hạt sen sấy" recognised in 2023 and upgraded to 4★ in 2024, and two decisions dated so that their
certificates expire within 90 days of the day the demo is loaded (one within 30 days). Numbers and people are
invented for demonstration, except the two decision numbers quoted in the province's reports.
"""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import Role, User
from areas.models import AdministrativeUnit, UnitLevel
from decisions import services
from decisions.models import Authority, AuthorityLevel, Decision, Recognition, RecognitionKind, RevocationGround
from ocop_portal.text import fold
from products.models import Product

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


def _lapsed(year, authority, count):
    """Recognitions of ``year`` (from the 2019–2022 history of ``devdata.demo.seed2022``) never followed by another."""
    if authority is None:
        return []
    rows = (
        Recognition.objects.filter(decision__authority=authority, decision__date__year=year, revocations__isnull=True)
        .exclude(product__recognitions__decision__date__gt=datetime.date(year, 12, 31))
        .select_related("product", "decision")
        .order_by("pk")
    )
    return list(rows[:count])


def _latest_of(year, authority, count, skip=0):
    if authority is None:
        return []
    rows = (
        Recognition.objects.filter(decision__authority=authority, decision__date__year=year)
        .select_related("product", "decision")
        .order_by("pk")
    )
    return list(rows[skip : skip + count])


def load(today=None):
    """2023 onwards, on top of the 2019–2022 history that ``devdata.demo.seed2022`` builds (it runs first): decisions
    dated before 2023 would change the 2022 report, which must reproduce the seed plan's figures."""
    actor = _actor()
    auth = authorities()
    old, new, lai_vung = auth.get("old"), auth.get("new"), auth.get("lai_vung")
    # Products of the registry demo that the 2019–2022 history does not use.
    products = list(Product.objects.filter(recognitions__isnull=True).select_related("subject").order_by("pk"))
    if actor is None or not products:
        return []
    today = today or timezone.localdate()

    lotus = next((p for p in products if "hat sen say" in fold(p.name)), None)
    pool = [p for p in products if p != lotus]

    def take(start, stop):
        return pool[start:stop]

    # 11/01/2023: revocation of 2019 certificates that ended without re-evaluation (as QĐ 58/QĐ-UBND-HC did).
    lapsed_2019 = _lapsed(2019, old, 3)
    grounds = [RevocationGround.NOT_REEVALUATED, RevocationGround.NOT_REEVALUATED, RevocationGround.FAILED_REEVALUATION]
    d58 = _revoke(
        actor,
        old,
        "58/QĐ-UBND-HC",
        datetime.date(2023, 1, 11),
        [(r.product, r.decision, g, "") for r, g in zip(lapsed_2019, grounds, strict=False)],
        "Về việc thu hồi Giấy chứng nhận sản phẩm OCOP đã hết thời hạn năm 2019",
    )
    # 06/12/2023: provincial council of 2023 (hạt sen sấy at 3★ and new products).
    rows2023 = [(p, s, _score(s, i), NEW) for i, (p, s) in enumerate(zip(take(22, 25), [3, 3, 4], strict=False))]
    if lotus:
        rows2023.insert(0, (lotus, 3, Decimal("64.25"), NEW))
    d2023 = _recognise(
        actor,
        old,
        "1375/QĐ-UBND-HC",
        datetime.date(2023, 12, 6),
        rows2023,
        "Về việc công nhận sản phẩm đạt chuẩn OCOP tỉnh Đồng Tháp năm 2023",
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
    # 06/12/2024: 2021 certificates re-evaluated before they end.
    re2021 = _latest_of(2021, old, 6)
    d2024_re = _recognise(
        actor,
        old,
        "1985/QĐ-UBND-HC",
        datetime.date(2024, 12, 6),
        [
            (r.product, s, _score(s, i + 1), RE)
            for i, (r, s) in enumerate(zip(re2021, [3, 4, 4, 3, 3, 4], strict=False))
        ],
        "Về việc công nhận lại sản phẩm đạt chuẩn OCOP tỉnh Đồng Tháp năm 2024",
    )
    # 21/02/2025: 2021 certificates that ended without re-evaluation are revoked.
    lapsed_2021 = [r for r in _lapsed(2021, old, 8) if r not in re2021][:2]
    grounds_2021 = [RevocationGround.NOT_REEVALUATED, RevocationGround.PRODUCTION_STOPPED]
    d2025_rev = _revoke(
        actor,
        old,
        "312/QĐ-UBND-HC",
        datetime.date(2025, 2, 21),
        [(r.product, r.decision, g, "") for r, g in zip(lapsed_2021, grounds_2021, strict=False)],
        "Về việc thu hồi Giấy chứng nhận sản phẩm OCOP được công nhận năm 2021",
    )
    # 2025: the merged province re-evaluates some products of 2022 and recognises new ones.
    d2025_re = d2025_new = None
    if new and today >= datetime.date(2025, 12, 15):
        re2022 = _latest_of(2022, old, 4, skip=10)
        d2025_re = _recognise(
            actor,
            new,
            "2890/QĐ-UBND-HC",
            datetime.date(2025, 12, 15),
            [(r.product, s, _score(s, i + 2), RE) for i, (r, s) in enumerate(zip(re2022, [4, 4, 3, 3], strict=False))],
            "Về việc công nhận lại sản phẩm đạt chuẩn OCOP tỉnh Đồng Tháp năm 2025",
        )
    if new and today >= datetime.date(2025, 11, 20):
        d2025_new = _recognise(
            actor,
            new,
            "2741/QĐ-UBND-HC",
            datetime.date(2025, 11, 20),
            [(p, s, _score(s, i), NEW) for i, (p, s) in enumerate(zip(take(33, 48), [3, 3, 4] * 5, strict=False))],
            "Về việc công nhận sản phẩm đạt chuẩn OCOP tỉnh Đồng Tháp năm 2025 (đợt 1)",
        )
    decisions = (d58, d2023, d2024, d_soon, d_later, d2024_re, d2025_rev, d2025_re, d2025_new)
    return [decision for decision in decisions if decision is not None]
