"""Administrative units (old and new structure), users and the authorities that sign decisions.

Old structure (until 30/06/2025): old provinces > synthetic districts > synthetic communes. New structure (from
01/07/2025): the 34 provinces > communes, each new commune absorbing 2–4 old communes of its province (successor
links, as ``areas`` records them), each new province absorbing its old provinces. Districts have no successor:
their communes do.
"""

import dataclasses
import datetime

from django.contrib.auth.hashers import make_password

from accounts.models import Role, User
from areas.models import AdministrativeUnit, UnitLevel, type_and_name
from decisions.models import Authority, AuthorityLevel, authority_code_base, unique_code
from ocop_portal.text import fold

from .names import NEW_PROVINCES, OLD_PROVINCES, person_name, place_name

REFORM_DAY = datetime.date(2025, 7, 1)
LAST_OLD_DAY = datetime.date(2025, 6, 30)
MARD_END = datetime.date(2025, 2, 28)  # the Ministry of Agriculture and Environment from 01/03/2025
GENERATED_PASSWORD = "ocop-generated-2026"


@dataclasses.dataclass(frozen=True)
class Scale:
    name: str
    new_provinces: tuple  # names of NEW_PROVINCES entries; () = all 34
    districts: tuple  # (min, max) districts per old province
    communes: tuple  # (min, max) old communes per district
    subjects: int
    products: int


SCALES = {
    "tiny": Scale("tiny", ("Đồng Tháp",), (2, 2), (3, 3), 30, 80),
    "province": Scale("province", ("Đồng Tháp",), (10, 12), (12, 16), 450, 1000),
    "national": Scale("national", (), (10, 12), (13, 17), 20_000, 50_000),
}


@dataclasses.dataclass(eq=False)
class Unit:
    id: int
    code: str
    name: str
    unit_type: str
    level: str
    parent: "Unit | None"
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    path: str = ""
    province: "Unit | None" = None  # the province the unit lies in (itself for a province)
    district: "Unit | None" = None
    successor: "Unit | None" = None
    children: list = dataclasses.field(default_factory=list)
    authority_id: int | None = None
    office_user_id: int | None = None

    @property
    def display_name(self):
        """The type and the name once, as ``AdministrativeUnit.display_name`` ("Huyện Lai Vung", "Quận 1")."""
        return type_and_name(self.unit_type, self.name)

    council: list = dataclasses.field(default_factory=list)  # user ids: chair, 4 members, secretary

    def successor_at(self, day):
        """The unit records of this unit belong to on ``day`` (its successor after the reform)."""
        if self.valid_to is not None and day > self.valid_to and self.successor is not None:
            return self.successor
        return self


def _short(unit_type):
    return {"thành phố": "Thành phố", "tỉnh": "Tỉnh"}.get(unit_type, unit_type.capitalize())


class Structure:
    def __init__(self, writer, rng, scale, today):
        self.w, self.rng, self.scale, self.today = writer, rng, scale, today
        self.old_provinces, self.new_provinces = [], []
        self.old_districts, self.old_communes, self.new_communes = [], [], []
        self.users = {}
        self.password = make_password(GENERATED_PASSWORD)
        self.ministries = {}
        self.suffixes = {}
        self.authority_codes = set()

    # ---- units -----------------------------------------------------------------------------------------------

    def _unit(self, code, name, unit_type, level, parent, valid_from=None, valid_to=None):
        unit = Unit(
            id=self.w.next_id(AdministrativeUnit),
            code=code,
            name=name,
            unit_type=unit_type,
            level=level,
            parent=parent,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        unit.path = f"{parent.path if parent else '/'}{unit.id}/"
        if parent is not None:
            parent.children.append(unit)
        self.w.add(
            AdministrativeUnit,
            {
                "id": unit.id,
                "code": code,
                "name": name,
                "unit_type": unit_type,
                "level": level,
                "parent_id": parent.id if parent else None,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "path": unit.path,
                "search_text": fold(name),
            },
        )
        return unit

    def _link(self, old, new):
        old.successor = new
        self.w.add(
            AdministrativeUnit.successors.through,
            {"from_administrativeunit_id": old.id, "to_administrativeunit_id": new.id},
        )

    def build_units(self):
        rng, scale = self.rng, self.scale
        self.country = self._unit("VN", "Việt Nam", "quốc gia", UnitLevel.COUNTRY, None)
        chosen = [p for p in NEW_PROVINCES if not scale.new_provinces or p[0] in scale.new_provinces]
        district_code = 100
        commune_code = 10000
        for name, unit_type, old_codes in chosen:
            olds = []
            for code in old_codes:
                old_name, old_type = OLD_PROVINCES[code]
                province = self._unit(code, old_name, old_type, UnitLevel.PROVINCE, self.country, valid_to=LAST_OLD_DAY)
                province.province = province
                self.old_provinces.append(province)
                olds.append(province)
                for _d in range(rng.randint(*scale.districts)):
                    district_code += 1
                    kind = "huyện" if rng.random() < 0.8 else rng.choice(["thành phố", "thị xã"])
                    district = self._unit(
                        str(district_code), place_name(rng), kind, UnitLevel.DISTRICT, province, valid_to=LAST_OLD_DAY
                    )
                    district.province = province
                    self.old_districts.append(district)
                    for _c in range(rng.randint(*scale.communes)):
                        commune_code += 1
                        roll = rng.random()
                        kind = "xã" if roll < 0.84 else "phường" if roll < 0.96 else "thị trấn"
                        commune = self._unit(
                            str(commune_code), place_name(rng), kind, UnitLevel.COMMUNE, district, valid_to=LAST_OLD_DAY
                        )
                        commune.province, commune.district = province, district
                        self.old_communes.append(commune)
            new = self._unit(old_codes[0], name, unit_type, UnitLevel.PROVINCE, self.country, valid_from=REFORM_DAY)
            new.province = new
            self.new_provinces.append(new)
            for old in olds:
                self._link(old, new)
            # Group the old communes of the new province, district by district, into new communes of 2–4.
            pending = [c for old in olds for d in old.children for c in d.children]
            index = 0
            while index < len(pending):
                size = rng.choice((2, 3, 3, 4, 4))
                group = pending[index : index + size]
                index += size
                first = group[0]
                kind = "phường" if any(c.unit_type == "phường" for c in group) and rng.random() < 0.6 else "xã"
                commune = self._unit(
                    first.code, first.name, kind, UnitLevel.COMMUNE, new, valid_from=REFORM_DAY
                )  # code of the first commune it absorbs
                commune.province = new
                self.new_communes.append(commune)
                for old in group:
                    self._link(old, commune)

    # ---- users -----------------------------------------------------------------------------------------------

    def user(self, username, role, unit, full_name=None, position=""):
        female = self.rng.random() < 0.5
        user_id = self.w.add(
            User,
            {
                "password": self.password,
                "last_login": None,
                "is_superuser": False,
                "username": username,
                "first_name": "",
                "last_name": "",
                "email": "",
                "is_staff": False,
                "is_active": True,
                "date_joined": datetime.datetime(2019, 1, 2, 8, 0, tzinfo=datetime.UTC),
                "full_name": full_name or person_name(self.rng, female),
                "role": role,
                "unit_id": unit.id,
                "position": position,
                "phone": "",
            },
        )
        self.users[username] = user_id
        return user_id

    def build_users(self):
        self.user("gen.admin", Role.ADMINISTRATOR, self.country, "Quản trị dữ liệu sinh tự động")
        self.user("gen.national", Role.LEADERSHIP, self.country, "Lãnh đạo Văn phòng Điều phối Trung ương")
        for province in self.old_provinces + self.new_provinces:
            tag = f"{province.code}{'n' if province.valid_from else ''}"
            province.office_user_id = self.user(f"gen.vpdp.{tag}", Role.COORDINATION_OFFICE, province)
            self.user(f"gen.lanhdao.{tag}", Role.LEADERSHIP, province)
            for i in range(5):
                position = "Chủ tịch hội đồng" if i == 0 else "Thành viên hội đồng"
                province.council.append(self.user(f"gen.hd.{tag}.{i}", Role.COUNCIL_MEMBER, province, None, position))
            province.council.append(self.user(f"gen.hd.{tag}.thuky", Role.COUNCIL_SECRETARY, province))
        # Local officers: every district (old) and commune (new) of the first new province, a few elsewhere.
        first = self.new_provinces[0]
        for district in self.old_districts:
            if district.province.successor is first or self.rng.random() < 0.05:
                self.user(f"gen.canbo.{district.code}", Role.LOCAL_OFFICER, district)
        for commune in self.new_communes:
            if commune.province is first or self.rng.random() < 0.02:
                self.user(f"gen.canbo.{commune.code}n", Role.LOCAL_OFFICER, commune)

    # ---- authorities -----------------------------------------------------------------------------------------

    def _authority(self, name, level, unit, suffix, place, active, header):
        # The stable code offices key their import files by (``decisions.models.authority_code_base``), made unique
        # among the generated authorities as the model's ``save`` would (the generator writes rows in bulk).
        code = unique_code(authority_code_base(level, unit.code, unit.valid_from), self.authority_codes)
        self.authority_codes.add(code)
        authority_id = self.w.add(
            Authority,
            {
                "code": code,
                "name": name,
                "level": level,
                "unit_id": unit.id,
                "superior_name": "",
                "header_name": header,
                "number_suffix": suffix,
                "place_name": place,
                "signer_name": person_name(self.rng, self.rng.random() < 0.3),
                "signer_title": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
                "is_active": active,
            },
        )
        self.suffixes[authority_id] = suffix
        return authority_id

    def suffix_of(self, authority_id):
        return self.suffixes[authority_id]

    def build_authorities(self):
        self.ministries["mard"] = self._authority(
            "Bộ Nông nghiệp và Phát triển nông thôn",
            AuthorityLevel.CENTRAL,
            self.country,
            "QĐ-BNN-VPĐP",
            "Hà Nội",
            False,
            "BỘ NÔNG NGHIỆP\nVÀ PHÁT TRIỂN NÔNG THÔN",
        )
        self.ministries["mae"] = self._authority(
            "Bộ Nông nghiệp và Môi trường",
            AuthorityLevel.CENTRAL,
            self.country,
            "QĐ-BNNMT",
            "Hà Nội",
            True,
            "BỘ NÔNG NGHIỆP\nVÀ MÔI TRƯỜNG",
        )
        for province in self.old_provinces + self.new_provinces:
            label = f"{_short(province.unit_type)} {province.name}"
            province.authority_id = self._authority(
                f"UBND {label.lower() if province.unit_type == 'tỉnh' else label}",
                AuthorityLevel.PROVINCE,
                province,
                "QĐ-UBND",
                province.name,
                province.valid_to is None,
                f"ỦY BAN NHÂN DÂN\n{label.upper()}",
            )
        for district in self.old_districts:
            label = district.display_name  # "huyện Lai Vung", "Quận 1" (the type once)
            label = label if label == district.name else label[:1].lower() + label[1:]
            district.authority_id = self._authority(
                f"UBND {label}",
                AuthorityLevel.DISTRICT,
                district,
                "QĐ-UBND",
                district.name,
                False,
                f"ỦY BAN NHÂN DÂN\n{label.upper()}",
            )

    def ministry_at(self, day):
        return self.ministries["mard"] if day <= MARD_END else self.ministries["mae"]

    def commune_at(self, day):
        """A random commune in force on ``day``."""
        pool = self.old_communes if day < REFORM_DAY else self.new_communes
        return self.rng.choice(pool)
