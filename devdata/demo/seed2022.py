"""The OCOP history of old Đồng Tháp (province code 87) up to 2022, record by record, so that the 2022 annual report
computed by ``reports.figures`` reproduces section I of the province's 2023 plan
(``shared/seed/ocop-plan-2023-dong-thap.txt``):

* 202 entries in the 2022 rounds (147 new, 45 re-evaluation, 10 upgrade) from the 12 district-level units, of 92
  subjects;
* 156 products of 70 subjects recognised in 2022 (41 x 4★, 115 x 3★): 34 re-recognised of 18 subjects (4 x 4★,
  30 x 3★), 5 upgraded 3★ -> 4★ of 2 subjects, 117 new of 65 subjects (32 x 4★, 85 x 3★); by the 1048-era group
  they were recognised under 127 / 7 / 8 / 13 / 1 (81,41 / 4,49 / 5,13 / 8,33 / 0,64 %); by legal form of the 70
  subjects 41 / 20 / 5 / 3 / 1 (58,57 / 28,57 / 7,14 / 4,29 / 1,43 %);
* on 31/12/2022, 357 valid products (275 x 3★, 82 x 4★) of 119 subjects; 47 female-led subjects with 161 of them
  (29 x 4★, 132 x 3★) — 47/119 = 39,50 % (the plan printed 39,49 %).

Nothing is a typed-in total. The builder creates subjects and products (through the subjects and products
services), evaluation rounds of 2019–2022 with one registration per entry, and the province's recognition decisions
of 2019, 2020, 2021 and 2022 (through ``decisions.services.historical_recognition_record``). The 2019 certificates
end in November 2022 (36 months), so on 31/12/2022 only the products re-recognised in 2022 count; upgrades and
re-evaluations of 2022 supersede the older recognitions of the same products. Each subject's products follow a
"plan" (``PLAN`` below: one token per product); the totals above follow from the plan and are checked by
``devdata/tests/test_seed2022.py`` through the figures.

Names, people and numbers are invented for demonstration (decision numbers are chosen not to collide with the
decisions demo). Idempotent: a second ``build()`` finds the last 2022 decision and changes nothing.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from accounts.scoping import in_scope
from areas.models import AdministrativeUnit, UnitLevel
from areas.selectors import find_unit
from audit.context import current_request_id
from audit.models import AuditAction, AuditEntry
from audit.owners import area_fields
from audit.services import snapshot
from decisions import services as decision_services
from decisions.models import Authority, AuthorityLevel, Decision, Recognition, RecognitionKind
from evaluations import services as evaluation_services
from evaluations.models import (
    EvaluationLevel,
    ProposedAction,
    Registration,
    RegistrationKind,
    RegistrationStatus,
    Round,
    RoundStatus,
    RuleSet,
)
from ocop_portal.text import fold
from products.models import ClassLevel, Product, ProductChannel, ProductClass, Regime, SalesChannel
from subjects import services as subject_services
from subjects.models import Gender, LegalForm

F, M = Gender.FEMALE, Gender.MALE

# --------------------------------------------------------------------------------------------------------------
# The plan. Product tokens:
#   R3/R4   recognised 2019, re-evaluated and re-recognised 2022 (same stars)
#   RF3/RF4 recognised 2019, re-evaluation failed in 2022 (expired since November 2022)
#   X3/X4   recognised 2019, not re-evaluated (expired)
#   U       recognised 3★ in 2020/2021, upgraded to 4★ in 2022
#   UF      recognised 3★ in 2020/2021, upgrade failed in 2022 (still valid 3★)
#   O3/O4   recognised in 2020/2021, still valid at the end of 2022
#   N3/N4   new in 2022, recognised 3★/4★
#   NF      new in 2022, not recognised
# Groups: "A" recognised in 2022 (legal forms from the 70-subject pool below), "B" holds only older valid products,
# "C" took part in 2022 without success and holds nothing valid, "D" only expired 2019 products.
# --------------------------------------------------------------------------------------------------------------
PLAN = [
    # group, subjects, gender, products of each subject
    ("A", 2, F, ["R3", "R3", "O3"]),
    ("A", 4, F, ["R3", "R3", "N3", "O3"]),
    ("A", 1, F, ["R4", "R4", "N4", "O3"]),
    ("A", 1, F, ["R3", "N4"]),
    ("A", 1, F, ["U", "U", "U", "N4", "N4"]),
    ("A", 10, F, ["N3", "N3", "O3"]),
    ("A", 8, F, ["N3", "N4", "O3"]),
    ("A", 3, M, ["R3", "R3"]),
    ("A", 3, M, ["R3", "R3", "N3", "RF3"]),
    ("A", 2, M, ["R3", "R3", "N3", "RF4"]),
    ("A", 1, M, ["R4", "R4", "N4"]),
    ("A", 1, M, ["R3", "N4"]),
    ("A", 1, M, ["U", "U", "N4", "N4"]),
    ("A", 8, M, ["N3", "N3", "NF"]),
    ("A", 8, M, ["N3", "N3"]),
    ("A", 7, M, ["N3", "N4", "NF"]),
    ("A", 9, M, ["N3", "N4"]),
    ("B", 12, F, ["O3", "O3", "O3", "O4"]),
    ("B", 6, F, ["O3", "O3", "O3"]),
    ("B", 2, F, ["O3", "O3", "O3", "O3"]),
    ("B", 1, M, ["UF", "UF", "O4"]),
    ("B", 1, M, ["UF", "UF", "O3"]),
    ("B", 1, M, ["UF", "O4"]),
    ("B", 7, M, ["O3", "O4", "NF"]),
    ("B", 16, M, ["O3", "O3", "O3", "O4"]),
    ("B", 2, M, ["O3", "O3", "O3", "O3", "O4"]),
    ("B", 1, M, ["O3", "O3", "O3", "O3", "O4", "O4"]),
    ("C", 4, F, ["RF3"]),
    ("C", 2, M, ["RF4"]),
    ("C", 4, M, ["NF"]),
    ("C", 2, F, ["NF", "NF"]),
    ("D", 3, M, ["X3", "X3", "X4"]),
    ("D", 2, F, ["X3", "X3", "X4"]),
]

# Legal forms of the 70 subjects recognised in 2022 (as the plan reports them), dealt in a fixed shuffled order.
A_FORMS = (
    [LegalForm.HOUSEHOLD] * 41
    + [LegalForm.LLC_SINGLE, LegalForm.LLC_MULTI] * 10
    + [LegalForm.JOINT_STOCK] * 5
    + [LegalForm.COOPERATIVE] * 3
    + [LegalForm.PRIVATE_ENTERPRISE]
)
OTHER_FORMS = [
    LegalForm.HOUSEHOLD,
    LegalForm.COOPERATIVE,
    LegalForm.HOUSEHOLD,
    LegalForm.LLC_SINGLE,
    LegalForm.HOUSEHOLD,
    LegalForm.COOPERATIVE_GROUP,
    LegalForm.LLC_MULTI,
    LegalForm.COOPERATIVE,
    LegalForm.JOINT_STOCK,
    LegalForm.HOUSEHOLD,
]

# 1048-era groups of the 156 products recognised in 2022 (code of the 1048 category: count).
GROUPS_2022 = {"1": 127, "2": 7, "3": 8, "5": 13, "6": 1}

# Đồng Tháp products by 1048-era class (set code), cycled; a brand is added only when a name repeats.
CATALOGUE = {
    "1": [
        ("1.07", "Hạt sen sấy"),
        ("1.09", "Khô cá lóc"),
        ("1.06", "Bánh phồng tôm"),
        ("1.07", "Xoài sấy dẻo"),
        ("1.08", "Nem Lai Vung"),
        ("1.03", "Gạo huyết rồng"),
        ("1.06", "Hủ tiếu Sa Đéc"),
        ("1.01", "Xoài cát Hòa Lộc"),
        ("1.09", "Khô cá sặc rằn"),
        ("1.13", "Trà tim sen"),
        ("1.07", "Mít sấy giòn"),
        ("1.04", "Mật ong hoa tràm"),
        ("1.08", "Lạp xưởng Cái Tàu Hạ"),
        ("1.06", "Bánh tráng Tân Thành"),
        ("1.01", "Quýt hồng Lai Vung"),
        ("1.09", "Chả cá thát lát"),
        ("1.07", "Khoai lang tím sấy"),
        ("1.10", "Nước mắm cá linh"),
        ("1.06", "Bột gạo lứt huyết rồng"),
        ("1.07", "Mứt sen"),
        ("1.09", "Mắm cá linh"),
        ("1.13", "Trà mãng cầu"),
        ("1.08", "Trứng vịt muối"),
        ("1.07", "Chuối sấy dẻo"),
        ("1.03", "Gạo hữu cơ Tháp Mười"),
        ("1.09", "Khô cá tra phồng"),
        ("1.06", "Bánh pía sầu riêng"),
        ("1.07", "Kiệu muối chua ngọt"),
        ("1.10", "Tương ớt xoài"),
        ("1.01", "Nhãn Ido Châu Thành"),
        ("1.13", "Trà khổ qua rừng"),
        ("1.07", "Bột sen"),
        ("1.09", "Cá linh kho mía"),
        ("1.06", "Bánh phồng nếp Sa Đéc"),
        ("1.07", "Ngó sen ngâm chua"),
        ("1.01", "Bưởi da xanh Lấp Vò"),
    ],
    "2": [("2.04", "Sữa hạt sen"), ("2.01", "Rượu sen Tháp Mười"), ("2.04", "Nước ép mãng cầu xiêm")],
    "3": [
        ("3.04", "Tinh dầu tràm"),
        ("3.01", "Viên nghệ mật ong"),
        ("3.02", "Dầu gội bồ kết"),
        ("3.01", "Cao tim sen"),
    ],
    "4": [("4.01", "Áo bà ba thêu tay")],
    "5": [
        ("5.02", "Chiếu Định Yên"),
        ("5.01", "Hoa kiểng Sa Đéc"),
        ("5.02", "Túi xách đan lục bình"),
        ("5.01", "Cây kiểng bonsai"),
        ("5.02", "Giỏ lục bình"),
        ("5.01", "Tranh gạo"),
    ],
    "6": [("6.01", "Du lịch sinh thái Gáo Giồng")],
}
OTHER_GROUPS = ["1", "1", "1", "1", "1", "2", "1", "1", "5", "1", "3", "1"]  # groups of products not recognised in 2022

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Trương", "Lâm", "Phan", "Dương", "Ngô"]
GIVEN = {
    F: ["Hiền", "Lan", "Nga", "Thảo", "Hoa", "Nhung", "Phương", "Mai", "Hạnh", "Trinh", "Ngọc", "Thu", "Yến", "Diễm"],
    M: ["Lợi", "Hùng", "Phúc", "Tâm", "Dũng", "Sang", "Tài", "Thắng", "Hải", "Khánh", "Lộc", "Minh", "Nghĩa", "Trí"],
}
MIDDLE = {F: ["Thị", "Thị Kim", "Thị Ngọc", "Thị Mỹ"], M: ["Văn", "Minh", "Hoàng", "Thanh"]}
NICKNAME = ["Út", "Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười"]
BRAND_A = ["Phú", "Tân", "Hưng", "Minh", "Kim", "Phước", "An", "Thành", "Vạn", "Hồng", "Đại", "Gia"]
BRAND_B = ["Phát", "Lộc", "Thịnh", "Nguyên", "Lợi", "Khang", "Sen", "Long", "Tín", "Mekong", "Hòa", "Việt"]
ECOMMERCE = ["Postmart", "Voso", "Shopee", "Lazada", "Tiki", "Sendo"]
MODERN_RETAIL = ["Co.opmart", "Bách hóa Xanh", "GO! (Big C)", "AEON", "Siêu thị Tứ Sơn", "Lotte Mart"]

# (year, sequence, opens on, scoring closes on, decision number, decision date)
ROUNDS = {
    2019: (1, datetime.date(2019, 9, 3), datetime.date(2019, 11, 8)),
    2020: (1, datetime.date(2020, 6, 1), datetime.date(2020, 11, 13)),
    2021: (1, datetime.date(2021, 6, 1), datetime.date(2021, 11, 5)),
    "2022-1": (1, datetime.date(2022, 3, 1), datetime.date(2022, 6, 24)),
    "2022-2": (2, datetime.date(2022, 8, 1), datetime.date(2022, 12, 2)),
}
DECISIONS = {
    2019: ("1156/QĐ-UBND-HC", datetime.date(2019, 11, 27), "năm 2019"),
    2020: ("1310/QĐ-UBND-HC", datetime.date(2020, 12, 2), "năm 2020"),
    2021: ("1622/QĐ-UBND-HC", datetime.date(2021, 11, 26), "năm 2021"),
    "2022-1": ("712/QĐ-UBND-HC", datetime.date(2022, 7, 20), "năm 2022 (đợt 1)"),
    "2022-2": ("1446/QĐ-UBND-HC", datetime.date(2022, 12, 29), "năm 2022 (đợt 2)"),
}
ROUND_ONE_NEW = 6  # the first six new 3★ products were recognised in round 1 of 2022; the rest in round 2
SIGNER = ("Phạm Văn Minh", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")


class SeedError(RuntimeError):
    pass


def _province():
    province = find_unit("87", on=datetime.date(2022, 12, 31))
    if province is None or province.level != UnitLevel.PROVINCE:
        raise SeedError("Chưa có tỉnh Đồng Tháp (mã 87) trước 01/07/2025: nạp areas.demo trước.")
    return province


def _actor(province):
    candidates = User.objects.filter(
        is_active=True, role__in=[Role.ADMINISTRATOR, Role.COORDINATION_OFFICE], unit__isnull=False
    ).order_by("role", "pk")
    for user in candidates:
        if in_scope(user, province, "approve"):
            return user
    raise SeedError("Cần một tài khoản quản trị hoặc Văn phòng Điều phối có quyền ở tỉnh Đồng Tháp (mã 87).")


def _authority(province):
    authority, _created = Authority.objects.get_or_create(
        name="UBND tỉnh Đồng Tháp",
        unit=province,
        defaults={
            "level": AuthorityLevel.PROVINCE,
            "header_name": "ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP",
            "number_suffix": "QĐ-UBND-HC",
            "place_name": "Đồng Tháp",
            "signer_name": SIGNER[0],
            "signer_title": SIGNER[1],
        },
    )
    return authority


def _places(province):
    """[(district, [communes])] of the province, by district code (12 district-level units in the demo)."""
    districts = list(
        AdministrativeUnit.objects.filter(parent=province, level=UnitLevel.DISTRICT).order_by("code", "pk")
    )
    if not districts:
        raise SeedError("Tỉnh Đồng Tháp (mã 87) chưa có đơn vị cấp huyện.")
    places = []
    for district in districts:
        communes = list(district.children.order_by("code", "pk")) or [district]
        places.append((district, communes))
    return places


def _person(index, gender):
    given = GIVEN[gender][(index * 5 + index // 14) % len(GIVEN[gender])]
    middle = MIDDLE[gender][index % len(MIDDLE[gender])]
    return f"{FAMILY[index % len(FAMILY)]} {middle} {given}", given


def _subject_name(index, form, person, given, used):
    company = f"{BRAND_A[index % 12]} {BRAND_B[(index // 12 + index) % 12]}"
    nick = f"{NICKNAME[index % len(NICKNAME)]} {given}"
    names = {
        LegalForm.HOUSEHOLD: f"Cơ sở sản xuất {nick}" if index % 2 else f"Hộ kinh doanh {person}",
        LegalForm.LLC_SINGLE: f"Công ty TNHH MTV {company}",
        LegalForm.LLC_MULTI: f"Công ty TNHH {company}",
        LegalForm.JOINT_STOCK: f"Công ty Cổ phần {company}",
        LegalForm.COOPERATIVE: f"Hợp tác xã {company}",
        LegalForm.PRIVATE_ENTERPRISE: f"Doanh nghiệp tư nhân {nick}",
        LegalForm.COOPERATIVE_GROUP: f"Tổ hợp tác {nick}",
    }
    name = names[form]
    brand = (
        nick if form in {LegalForm.HOUSEHOLD, LegalForm.PRIVATE_ENTERPRISE, LegalForm.COOPERATIVE_GROUP} else company
    )
    if name in used:
        name = f"{name} {index + 1}"
    used.add(name)
    return name, brand


def _registration_number(index, form):
    if form == LegalForm.HOUSEHOLD:
        return f"51H9{index:06d}"
    if form == LegalForm.COOPERATIVE_GROUP:
        return f"51T9{index:06d}"
    return f"1409{index:06d}"


class _Names:
    """Product names cycling through the catalogue; a brand (then a number) is added only when a name repeats."""

    def __init__(self):
        self.position = dict.fromkeys(CATALOGUE, 0)
        self.used = set()

    def take(self, group, brand):
        options = CATALOGUE[group]
        set_code, base = options[self.position[group] % len(options)]
        self.position[group] += 1
        name = base if base not in self.used else f"{base} {brand}"
        number = 2
        while name in self.used:
            name = f"{base} {brand} {number}"
            number += 1
        self.used.add(name)
        return set_code, name


def _score(stars, i):
    base = {3: Decimal("55.00"), 4: Decimal("72.50")}[stars]
    return base + Decimal(i % 13) * Decimal("1.15")


def _failed_score(i):
    return Decimal("38.00") + Decimal(i % 9) * Decimal("1.20")


def _expand():
    """The plan as a list of subjects: (group, gender, [tokens]) in a fixed order."""
    subjects = []
    for group, count, gender, tokens in PLAN:
        subjects.extend((group, gender, list(tokens)) for _ in range(count))
    return subjects


def _existing(authority):
    number, date, _label = DECISIONS["2022-2"]
    return Decision.objects.filter(authority=authority, number_display=number, date=date).first()


@transaction.atomic
def build():
    """Create the 2019–2022 history of old Đồng Tháp (see the module docstring). Returns a summary dict."""
    province = _province()
    actor = _actor(province)
    authority = _authority(province)
    if _existing(authority) is not None:
        return {"created": False}
    places = _places(province)
    classes = {pc.code: pc for pc in ProductClass.objects.filter(regime=Regime.QD1048, level=ClassLevel.SET)}
    channels = {c.name: c for c in SalesChannel.objects.filter(name__in=ECOMMERCE + MODERN_RETAIL)}
    for name in ECOMMERCE + MODERN_RETAIL:
        if name not in channels:
            kind = "ecommerce" if name in ECOMMERCE else "modern_retail"
            channels[name], _created = SalesChannel.objects.get_or_create(kind=kind, name=name)

    rng = random.Random(87)  # noqa: S311 - a fixed, reproducible order, not a secret
    a_forms = list(A_FORMS)
    rng.shuffle(a_forms)
    groups_2022 = [code for code, count in GROUPS_2022.items() for _ in range(count)]
    rng.shuffle(groups_2022)
    names = _Names()
    used_subject_names = set()

    plan = _expand()
    items = {key: [] for key in DECISIONS}  # decision key -> [(product, stars, score, kind)]
    entries = {key: [] for key in ROUNDS}  # round key -> [(product, kind, stars or None, score)]
    valid_index = 0
    other_index = 0
    old_toggle = 0
    counter = 0
    pending = []  # (product not saved yet, channel links, token, number, old-cohort toggle)
    for index, (group, gender, tokens) in enumerate(plan):
        _district, communes = places[index % len(places)]
        unit = communes[(index // len(places)) % len(communes)]
        form = a_forms.pop() if group == "A" else OTHER_FORMS[index % len(OTHER_FORMS)]
        person, given = _person(index, gender)
        name, brand = _subject_name(index, form, person, given, used_subject_names)
        number = _registration_number(index, form)
        total = 6 + (index * 7) % 40
        hamlet = "Khóm" if unit.unit_type in {"phường", "thị trấn"} else "Ấp"
        subject = subject_services.subject_create(
            actor=actor,
            on=datetime.date(2022, 12, 31),  # entered under the old structure
            data={
                "name": name,
                "legal_form": form,
                "registration_number": number,
                "tax_code": "" if form in {LegalForm.HOUSEHOLD, LegalForm.COOPERATIVE_GROUP} else number,
                "address": f"{hamlet} {1 + index % 5}",
                "unit": unit,
                "representative_name": person,
                "representative_gender": gender,
                "is_sme": form in {LegalForm.LLC_SINGLE, LegalForm.LLC_MULTI, LegalForm.PRIVATE_ENTERPRISE},
                "workforce_total": total,
                "workforce_local": total - index % 4,
                "workforce_qualified": index % 5,
                "phone": f"0277 3{(index * 37) % 1000:03d} {(index * 53) % 1000:03d}",
            },
        )
        for token in tokens:
            counter += 1
            recognised_2022 = token in {"R3", "R4", "U", "N3", "N4"}
            if recognised_2022:
                category = groups_2022.pop()
            else:
                category = OTHER_GROUPS[other_index % len(OTHER_GROUPS)]
                other_index += 1
            set_code, product_name = names.take(category, brand)
            valid_at_end = token not in {"RF3", "RF4", "X3", "X4", "NF"}
            links = []
            if valid_at_end:
                links.append({"channel": channels[ECOMMERCE[valid_index % len(ECOMMERCE)]], "detail": ""})
                if (valid_index * 109) // 357 != ((valid_index + 1) * 109) // 357:
                    links.append({"channel": channels[MODERN_RETAIL[valid_index % len(MODERN_RETAIL)]], "detail": ""})
                valid_index += 1
            elif counter % 3 == 0:
                links.append({"channel": channels["Postmart"], "detail": ""})
            product = Product(
                subject=subject,
                name=product_name,
                product_class=classes[set_code],
                unit=unit,
                description=f"{product_name} của {name}.",
                search_text=fold(product_name),
                created_by=actor,
            )
            pending.append((product, links, token, counter, old_toggle))
            if token in {"O3", "O4", "U", "UF"}:
                old_toggle += 1

    _create_products(actor, pending)
    for product, _links, token, i, toggle in pending:
        _history(token, product, i, items, entries, toggle)

    rounds = _rounds(actor, province)
    registrations = _registrations(actor, rounds, entries)
    recognitions = _decisions(actor, authority, items)
    _link(registrations, recognitions)
    return {
        "created": True,
        "subjects": len(plan),
        "products": counter,
        "entries_2022": len(entries["2022-1"]) + len(entries["2022-2"]),
        "recognised_2022": len(items["2022-1"]) + len(items["2022-2"]),
    }


def _create_products(actor, pending):
    """The products in one insert, their channels in another and one audit entry each (as ``product_create`` would
    write): a seed of 413 known-valid products does not need the form checks of the service, and runs in seconds."""
    products = Product.objects.bulk_create([product for product, *_rest in pending])
    links = [
        ProductChannel(product=product, channel=link["channel"], detail=link["detail"])
        for product, (_p, product_links, *_rest) in zip(products, pending, strict=True)
        for link in product_links
    ]
    ProductChannel.objects.bulk_create(links)
    by_product = {}
    for link in links:
        by_product.setdefault(link.product_id, []).append({"channel_id": link.channel_id, "detail": link.detail})
    _audit_created(
        actor, products, lambda p: {**snapshot(p), "certifications": [], "channels": by_product.get(p.pk, [])}
    )


def _audit_created(actor, instances, after, reason=""):
    """One "create" audit entry per instance, in one insert."""
    if not instances:
        return
    content_type = ContentType.objects.get_for_model(type(instances[0]))
    request_id = current_request_id()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=actor,
            action=AuditAction.CREATE,
            content_type=content_type,
            object_id=str(instance.pk),
            object_repr=str(instance)[:255],
            after=after(instance),
            reason=reason,
            request_id=request_id,
            **area_fields(instance),
        )
        for instance in instances
    )


def _history(token, product, i, items, entries, old_toggle):
    """Record what happens to one product: its older recognition and its 2022 entry and result."""
    kind2022 = {"R": RecognitionKind.RE_EVALUATION, "U": RecognitionKind.UPGRADE, "N": RecognitionKind.NEW}
    if token[0] in {"R", "X"}:  # a 2019 product
        first_stars = int(token[-1])
        items[2019].append((product, first_stars, _score(first_stars, i), RecognitionKind.NEW))
        entries[2019].append((product, RegistrationKind.NEW, first_stars, _score(first_stars, i)))
    if token in {"O3", "O4", "U", "UF"}:  # a 2020/2021 product
        year = 2020 if old_toggle % 2 == 0 else 2021
        first_stars = 3 if token in {"U", "UF"} else int(token[-1])
        items[year].append((product, first_stars, _score(first_stars, i), RecognitionKind.NEW))
        entries[year].append((product, RegistrationKind.NEW, first_stars, _score(first_stars, i)))
    if token in {"R3", "R4", "U", "N3", "N4"}:
        stars = 4 if token == "U" else int(token[-1])
        kind = kind2022[token[0]]
        key = "2022-2"
        if token == "N3" and len(items["2022-1"]) < ROUND_ONE_NEW:
            key = "2022-1"
        score = _score(stars, i + 3)
        items[key].append((product, stars, score, kind))
        entries[key].append((product, kind, stars, score))
    elif token in {"RF3", "RF4", "UF", "NF"}:
        kind = {
            "RF3": RegistrationKind.RE_EVALUATION,
            "RF4": RegistrationKind.RE_EVALUATION,
            "UF": RegistrationKind.UPGRADE,
        }.get(token, RegistrationKind.NEW)
        key = "2022-1" if token == "NF" and len(entries["2022-1"]) < ROUND_ONE_NEW + 2 else "2022-2"
        entries[key].append((product, kind, None, _failed_score(i)))


def _rounds(actor, province):
    rule_set = RuleSet.objects.get(code="qd1048")
    rounds = {}
    for key, (sequence, opens_on, closes_on) in ROUNDS.items():
        year = key if isinstance(key, int) else int(key[:4])
        existing = Round.objects.filter(
            year=year, sequence=sequence, level=EvaluationLevel.PROVINCE, unit=province
        ).first()
        round_ = existing or evaluation_services.round_create(
            actor=actor,
            year=year,
            sequence=sequence,
            rule_set=rule_set,
            level=EvaluationLevel.PROVINCE,
            unit=province,
            opens_on=opens_on,
            scoring_closes_on=closes_on,
            note="Đợt đánh giá đã thực hiện (nhập lại từ hồ sơ lưu trữ của Văn phòng Điều phối).",
        )
        closed_at = timezone.make_aware(datetime.datetime.combine(closes_on, datetime.time(17, 0)))
        Round.objects.filter(pk=round_.pk).update(
            status=RoundStatus.CLOSED, scoring_closed_at=closed_at, scoring_closed_by=actor
        )
        rounds[key] = round_
    return rounds


def _at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _registrations(actor, rounds, entries):
    """One registration per entry (historical: written as closed rows, each with its audit entry)."""
    created = {}
    for key, rows in entries.items():
        round_ = rounds[key]
        _sequence, opens_on, closes_on = ROUNDS[key]
        objects = []
        for product, kind, stars, score in rows:
            passed = stars is not None
            objects.append(
                Registration(
                    round=round_,
                    product=product,
                    kind=kind,
                    status=RegistrationStatus.APPROVED,
                    score=score,
                    stars=stars,
                    proposed_action=ProposedAction.RECOGNISE if passed else ProposedAction.NOT_ELIGIBLE,
                    note="" if passed else "Không đạt điểm tối thiểu 50 điểm (QĐ 1048/QĐ-TTg).",
                    submitted_at=_at(opens_on + datetime.timedelta(days=20)),
                    scored_at=_at(closes_on, 16),
                    approved_at=_at(closes_on + datetime.timedelta(days=7)),
                    created_by=actor,
                )
            )
        saved = Registration.objects.bulk_create(objects)
        _audit_created(actor, saved, snapshot, reason="Nhập lại hồ sơ đã lưu trữ")
        for registration in saved:
            created[(key, registration.product_id)] = registration
    return created


def _decisions(actor, authority, items):
    recognitions = {}
    for key, (number, date, label) in DECISIONS.items():
        rows = items[key]
        decision = decision_services.historical_recognition_record(
            actor=actor,
            authority=authority,
            number_display=number,
            date=date,
            items=[{"product": p, "stars": s, "score": sc, "kind": k} for p, s, sc, k in rows],
            subject_line=f"Về việc công nhận kết quả đánh giá, phân hạng sản phẩm OCOP tỉnh Đồng Tháp {label}",
            signer_name=authority.signer_name,
            signer_title=authority.signer_title,
        )
        for recognition in decision.recognitions.all():
            recognitions[(key, recognition.product_id)] = recognition
    return recognitions


def _link(registrations, recognitions):
    """Registrations that led to a recognition are "decided", pointing at the recognition row."""
    decided, linked = [], []
    for (key, product_id), registration in registrations.items():
        recognition = recognitions.get((key, product_id))
        if recognition is None:
            continue
        registration.status = RegistrationStatus.DECIDED
        registration.decided_at = _at(recognition.decision.date, 15)
        decided.append(registration)
        recognition.registration_id = registration.pk
        linked.append(recognition)
    Registration.objects.bulk_update(decided, ["status", "decided_at"])
    # A queryset update (bulk_update): the items of an issued decision refuse save(); the link is set at load time.
    Recognition.objects.bulk_update(linked, ["registration"])
