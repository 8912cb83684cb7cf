"""Subjects (chủ thể), products and their sales channels.

Each product gets the round in which it first enters the programme (more entries in recent years); its subject was
founded before its first product, in a commune in force at that time (an old commune before 01/07/2025, a new one
after). A product first evaluated before Decision 148 is recorded with a QĐ 1048 class (mapped to a 148 set), any
other with one of the 26 sets of Decision 148.
"""

import dataclasses
import datetime

from ocop_portal.text import fold
from products.models import ClassLevel, Product, ProductChannel, ProductClass, Regime, SalesChannel
from subjects.models import Gender, LegalForm, Subject, SubjectStatus

from .history import QD148_START, ROUND_CALENDAR, slot_of
from .names import PRODUCT_WORDS, SUBJECT_PREFIX, person_name, place_name
from .timeutil import at

LEGAL_FORMS = (
    (LegalForm.HOUSEHOLD, 38),
    (LegalForm.COOPERATIVE, 32),
    (LegalForm.LLC_SINGLE, 9),
    (LegalForm.LLC_MULTI, 7),
    (LegalForm.JOINT_STOCK, 6),
    (LegalForm.PRIVATE_ENTERPRISE, 3),
    (LegalForm.COOPERATIVE_GROUP, 5),
)
ENTERPRISES = {LegalForm.LLC_SINGLE, LegalForm.LLC_MULTI, LegalForm.JOINT_STOCK, LegalForm.PRIVATE_ENTERPRISE}
# Weight of each of the 10 years (oldest first) for a product's first round.
YEAR_WEIGHTS = (3, 5, 8, 9, 10, 11, 12, 12, 12, 10)
# Weight of each 148 category for a product: food dominates (Đồng Tháp 2022: 81 % food).
CATEGORY_WEIGHTS = {"I": 72, "II": 6, "III": 7, "IV": 8, "V": 5, "VI": 2}


@dataclasses.dataclass(eq=False)
class ProductInfo:
    id: int
    subject_id: int
    unit: object
    set_number: int
    quality: float
    first_slot: int | None
    recognised: bool = False
    revoked: bool = False
    stopped: bool = False
    last_stars: int | None = None
    last_quality: float = 0.0


class Registry:
    def __init__(self, writer, rng, structure, today):
        self.w, self.rng, self.s, self.today = writer, rng, structure, today
        self.years = list(range(today.year - 9, today.year + 1))
        classes = ProductClass.objects.filter(level=ClassLevel.SET).select_related("category_148", "set_148")
        self.sets_148 = {}
        self.legacy = {}
        for node in classes:
            category = node.category_148.code if node.category_148 else None
            if node.regime == Regime.QD148:
                self.sets_148.setdefault(category, []).append((node.pk, node.set_number))
            elif node.set_148 is not None:
                self.legacy.setdefault(category, []).append((node.pk, node.set_148.set_number))
        channels = SalesChannel.objects.values_list("pk", "kind")
        self.channels = {}
        for pk, kind in channels:
            self.channels.setdefault(kind, []).append(pk)
        self.products = []

    def _first_slot(self):
        rng = self.rng
        if rng.random() < 0.04:
            return None  # registered in the portal, never entered a round yet
        year = rng.choices(self.years, weights=YEAR_WEIGHTS)[0]
        seq = rng.choice((1, 2))
        if datetime.date(year, *ROUND_CALENDAR[seq][0]) > self.today:
            seq = 1
        return slot_of(year, seq)

    def _class(self, opens):
        rng = self.rng
        category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
        if opens is not None and opens < QD148_START and self.legacy.get(category):
            return category, rng.choice(self.legacy[category])
        return category, rng.choice(self.sets_148[category])

    def build(self):
        rng, scale = self.rng, self.s.scale
        # How many products each subject has (at least one).
        per_subject = [1] * scale.subjects
        for _extra in range(scale.products - scale.subjects):
            per_subject[rng.randrange(scale.subjects)] += 1
        for count in per_subject:
            slots = sorted((self._first_slot() for _p in range(count)), key=lambda s: (s is None, s or 0))
            first = slots[0]
            if first is not None:
                year, seq = divmod(first, 2)
                opens = datetime.date(year, *ROUND_CALENDAR[seq + 1][0])
                founded = opens - datetime.timedelta(days=rng.randint(90, 900))
            else:
                founded = self.today - datetime.timedelta(days=rng.randint(10, 600))
            unit = self.s.commune_at(founded)
            subject_id = self._subject(unit, founded)
            for slot in slots:
                self._product(subject_id, unit, slot, founded)

    def _subject(self, unit, founded):
        rng = self.rng
        form = rng.choices([f for f, _w in LEGAL_FORMS], weights=[w for _f, w in LEGAL_FORMS])[0]
        female = rng.random() < 0.40
        representative = person_name(rng, female)
        name = f"{SUBJECT_PREFIX[form]} {place_name(rng)}"
        subject_id = self.w.next_id(Subject)
        number = f"{1500000000 + subject_id}" if form != LegalForm.HOUSEHOLD or rng.random() < 0.6 else ""
        total = rng.randint(3, 120) if form != LegalForm.HOUSEHOLD else rng.randint(1, 12)
        created = at(founded, 10)
        self.w.add(
            Subject,
            {
                "id": subject_id,
                "name": name,
                "legal_form": form,
                "registration_number": number,
                "tax_code": number,
                "address": f"Ấp {rng.randint(1, 9)}, {unit.display_name}",
                "unit_id": unit.id,
                "representative_name": representative,
                "representative_gender": Gender.FEMALE if female else Gender.MALE,
                "representative_ethnic_minority": rng.random() < 0.08,
                "is_sme": form in ENTERPRISES and rng.random() < 0.85,
                "workforce_total": total,
                "workforce_local": int(total * rng.uniform(0.5, 1.0)),
                "workforce_qualified": int(total * rng.uniform(0.0, 0.4)),
                "phone": f"09{rng.randint(10000000, 99999999)}",
                "email": "",
                "website": "",
                "status": SubjectStatus.CEASED if rng.random() < 0.02 else SubjectStatus.ACTIVE,
                "search_text": fold(" ".join([name, number, number, representative])),
                "created_at": created,
                "updated_at": created,
                "created_by_id": None,
            },
        )
        return subject_id

    def _product(self, subject_id, unit, slot, founded):
        rng = self.rng
        opens = None
        if slot is not None:
            year, seq = divmod(slot, 2)
            opens = datetime.date(year, *ROUND_CALENDAR[seq + 1][0])
            created = opens - datetime.timedelta(days=rng.randint(20, 80))
            created = max(created, founded)
        else:
            created = founded
        category, (class_id, set_number) = self._class(opens)
        name = f"{rng.choice(PRODUCT_WORDS[category])} {place_name(rng)}"
        quality = min(max(rng.gauss(0.56, 0.16), 0.05), 0.97)
        product_id = self.w.next_id(Product)
        self.products.append(ProductInfo(product_id, subject_id, unit, set_number, quality, slot))
        self._rows = getattr(self, "_rows", [])
        self._rows.append(
            {
                "id": product_id,
                "subject_id": subject_id,
                "name": name,
                "product_class_id": class_id,
                "unit_id": unit.id,
                "description": "",
                "story": "",
                "raw_material_area": "",
                "craft_village_id": None,
                "circular_value_chain": rng.random() < 0.06,
                "potential_five_star": False,
                "production_status": "active",
                "search_text": fold(name),
                "created_at": at(created, 14),
                "updated_at": at(created, 14),
                "created_by_id": None,
            }
        )

    def finish(self):
        """Write the products (flags known after their history) and their sales channels."""
        rng = self.rng
        for info, row in zip(self.products, self._rows, strict=True):
            row["production_status"] = "stopped" if info.stopped else "active"
            row["potential_five_star"] = bool(info.last_stars == 4 and info.last_quality > 0.8 and not info.revoked)
            self.w.add(Product, row)
            picked = set()
            if rng.random() < (0.75 if info.recognised else 0.25):
                picked.update(rng.sample(self.channels["ecommerce"], rng.randint(1, 3)))
            if rng.random() < (0.32 if info.recognised else 0.08):
                picked.update(rng.sample(self.channels["modern_retail"], rng.randint(1, 2)))
            if info.recognised and rng.random() < 0.04 and self.channels.get("tourist_kiosk"):
                picked.add(rng.choice(self.channels["tourist_kiosk"]))
            for channel_id in sorted(picked):
                self.w.add(ProductChannel, {"product_id": info.id, "channel_id": channel_id, "detail": ""})
