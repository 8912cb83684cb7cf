"""The official administrative units, read from the ``vietnamadminunits`` package's data files (MIT licence).

The package ships ``data/dataset.db`` (SQLite: ``admin_units_legacy`` = the structure before 1 July 2025, 63
provinces / 696 districts / 10,035 communes plus 5 island districts without communes; ``admin_units`` = the 2025
structure, 34 provinces / 3,321 communes with coordinates and area) and ``data/converter_2025.json`` (old -> new,
communes split between several new ones with the default one marked). The files are read directly, without
importing the package (which would pull in shapely/geopy for its address parser); the package version is the
version of the data. ``areas.services.load_official_units`` turns an ``OfficialData`` into units.
"""

import json
import re
import sqlite3
from dataclasses import dataclass, field
from importlib import metadata, util
from pathlib import Path

PACKAGE = "vietnamadminunits"

OLD, NEW = "old", "new"


@dataclass
class UnitRow:
    """One unit of the official data. ``key`` identifies it inside its structure (``(period, level, code)``)."""

    period: str
    level: str
    code: str
    name: str
    unit_type: str
    parent: tuple | None = None
    latitude: float | None = None
    longitude: float | None = None
    area_km2: float | None = None

    @property
    def key(self):
        return (self.period, self.level, self.code)


@dataclass
class OfficialData:
    source: str
    version: str
    units: dict = field(default_factory=dict)  # key -> UnitRow, parents before children
    # old unit key -> [(new unit key, is_default), ...]
    successors: dict = field(default_factory=dict)
    # new province code -> the old province codes it replaced
    province_predecessors: dict = field(default_factory=dict)

    def restricted_to(self, province_codes):
        """The same data limited to the given 2025 provinces and the old provinces they replaced."""
        codes = set(province_codes)
        old_codes = {old for new in codes for old in self.province_predecessors.get(new, ())}
        keep_provinces = {(NEW, "province", c) for c in codes} | {(OLD, "province", c) for c in old_codes}
        units = {}
        for key, row in self.units.items():
            if row.level == "country":
                units[key] = row
            elif row.level == "province":
                if key in keep_provinces:
                    units[key] = row
            elif row.parent in units:
                units[key] = row
        successors = {
            key: [(target, default) for target, default in targets if target in units]
            for key, targets in self.successors.items()
            if key in units
        }
        return OfficialData(
            source=self.source,
            version=self.version,
            units=units,
            successors={k: v for k, v in successors.items() if v},
            province_predecessors={c: self.province_predecessors.get(c, []) for c in codes},
        )


def package_dir():
    spec = util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"The package {PACKAGE!r} is not installed (see requirements.txt).")
    return Path(next(iter(spec.submodule_search_locations)))


def package_version():
    return metadata.version(PACKAGE)


def _province_type(full_name):
    return "thành phố" if full_name.lower().startswith("thành phố") else "tỉnh"


def _type(value):
    return (value or "").strip().lower()


_TYPE_SUFFIX = re.compile(r"\s*\((Huyện|Quận|Thị xã|Thành phố|Thị trấn|Xã|Phường)\)$")


def _plain(name):
    """The package tells apart two units of one name by their type in brackets ("Cao Lãnh (Thành phố)", "Mỹ An
    (Thị trấn)"); the type is stored on its own (``unit_type``) and shown once by ``display_name``."""
    return _TYPE_SUFFIX.sub("", name or "").strip()


_NUMBERED = re.compile(r"^(Phường|Quận) \d+[A-Z]?$")


def _type_of(name, declared):
    """The unit's type; a unit named after its number is of the type its name says: the package lists two wards of
    old Phú Nhuận ("Phường 5", "Phường 15") as "Xã", which would read "Xã Phường 5"."""
    match = _NUMBERED.match(name)
    return match.group(1).lower() if match else _type(declared)


def read_package():
    """The official data of the installed ``vietnamadminunits``, as an ``OfficialData``."""
    data_dir = package_dir() / "data"
    connection = sqlite3.connect(f"file:{data_dir / 'dataset.db'}?mode=ro", uri=True)
    try:
        legacy = connection.execute(
            "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, provinceKey,"
            " districtShort, districtType, districtCode, districtLat, districtLon, districtKey,"
            " wardShort, wardType, wardCode, wardLat, wardLon, wardKey"
            " FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
        ).fetchall()
        current = connection.execute(
            "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, provinceKey,"
            " wardShort, wardType, wardCode, wardLat, wardLon, wardAreaKm2, wardKey"
            " FROM admin_units ORDER BY provinceCode, wardCode"
        ).fetchall()
    finally:
        connection.close()
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))

    data = OfficialData(source=PACKAGE, version=package_version())
    units = data.units
    country = ("", "country", "VN")
    units[country] = UnitRow("", "country", "VN", "Việt Nam", "quốc gia")

    old_by_converter_key = {}
    old_province_by_key = {}
    for (
        p_full, p_name, p_code, p_lat, p_lon, p_key,
        d_name, d_type, d_code, d_lat, d_lon, d_key,
        w_name, w_type, w_code, w_lat, w_lon, w_key,
    ) in legacy:  # fmt: skip
        province = (OLD, "province", p_code)
        if province not in units:
            units[province] = UnitRow(OLD, "province", p_code, p_name, _province_type(p_full), country, p_lat, p_lon)
            old_province_by_key[p_key] = p_code
        district = (OLD, "district", d_code)
        if district not in units:
            units[district] = UnitRow(
                OLD, "district", d_code, _plain(d_name), _type_of(_plain(d_name), d_type), province, d_lat, d_lon
            )
        if w_code:
            commune = (OLD, "commune", w_code)
            units[commune] = UnitRow(
                OLD, "commune", w_code, _plain(w_name), _type_of(_plain(w_name), w_type), district, w_lat, w_lon
            )
            old_by_converter_key[f"{p_key}_{d_key}_{w_key}"] = commune
        else:  # an island district without communes (Bạch Long Vĩ, Cồn Cỏ, ...): it converts as a whole
            old_by_converter_key[f"{p_key}_{d_key}_"] = district

    new_by_key = {}
    new_province_by_key = {}
    for p_full, p_name, p_code, p_lat, p_lon, p_key, w_name, w_type, w_code, w_lat, w_lon, w_area, w_key in current:
        province = (NEW, "province", p_code)
        if province not in units:
            units[province] = UnitRow(NEW, "province", p_code, p_name, _province_type(p_full), country, p_lat, p_lon)
            new_province_by_key[p_key] = p_code
        commune = (NEW, "commune", w_code)
        units[commune] = UnitRow(
            NEW, "commune", w_code, _plain(w_name), _type_of(_plain(w_name), w_type), province, w_lat, w_lon, w_area
        )
        new_by_key[(p_key, w_key)] = commune

    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        new_code = new_province_by_key[new_key]
        olds = [old_province_by_key[key] for key in old_keys]
        data.province_predecessors[new_code] = olds
        for old_code in olds:
            data.successors.setdefault((OLD, "province", old_code), []).append(((NEW, "province", new_code), True))
    for province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            target = new_by_key[(province_key, ward_key)]
            for old_key in old_keys:
                data.successors.setdefault(old_by_converter_key[old_key], []).append((target, True))
    for province_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            data.successors.setdefault(old_by_converter_key[old_key], []).extend(
                (new_by_key[(province_key, t["newWardKey"])], bool(t["isDefaultNewWard"])) for t in targets
            )
    return data
