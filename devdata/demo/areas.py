"""Demo administrative units: old Đồng Tháp (12 district-level units, before 01/07/2025), a part of old Tiền Giang,
and the merged Đồng Tháp (from 01/07/2025, communes only) with successor links.

District codes follow ``ocop-domain.md`` §6.1. Commune codes and the old→new commune mapping are a SAMPLE for
demonstration (the full mapping is in Resolution 1663/NQ-UBTVQH15); verify against the GSO list before production.
"""

import datetime

from areas.models import AdministrativeUnit, UnitLevel

REFORM_DAY = datetime.date(2025, 7, 1)
LAST_OLD_DAY = datetime.date(2025, 6, 30)

OLD_DONG_THAP_DISTRICTS = [
    (
        "866",
        "Cao Lãnh",
        "thành phố",
        [
            ("30280", "Phường 1", "phường"),
            ("30283", "Phường 3", "phường"),
            ("30316", "Mỹ Tân", "xã"),
            ("30322", "Hòa An", "xã"),
        ],
    ),
    (
        "867",
        "Sa Đéc",
        "thành phố",
        [("30601", "Phường 1", "phường"), ("30604", "Phường 2", "phường"), ("30622", "Tân Quy Đông", "xã")],
    ),
    ("868", "Hồng Ngự", "thành phố", [("29955", "An Thạnh", "phường"), ("29961", "An Bình A", "phường")]),
    (
        "869",
        "Tân Hồng",
        "huyện",
        [("29978", "Sa Rài", "thị trấn"), ("29984", "Bình Phú", "xã"), ("29987", "Tân Công Chí", "xã")],
    ),
    ("870", "Hồng Ngự", "huyện", [("30007", "Thường Thới Tiền", "thị trấn"), ("30010", "Thường Phước 1", "xã")]),
    ("871", "Tam Nông", "huyện", [("30034", "Tràm Chim", "thị trấn"), ("30037", "Hoà Bình", "xã")]),
    ("872", "Tháp Mười", "huyện", [("30061", "Mỹ An", "thị trấn"), ("30064", "Thạnh Lợi", "xã")]),
    ("873", "Cao Lãnh", "huyện", [("30091", "Mỹ Thọ", "thị trấn"), ("30094", "Gáo Giồng", "xã")]),
    ("874", "Thanh Bình", "huyện", [("30121", "Thanh Bình", "thị trấn"), ("30124", "Tân Quới", "xã")]),
    ("875", "Lấp Vò", "huyện", [("30151", "Lấp Vò", "thị trấn"), ("30154", "Mỹ An Hưng A", "xã")]),
    (
        "876",
        "Lai Vung",
        "huyện",
        [("30181", "Lai Vung", "thị trấn"), ("30184", "Tân Thành", "xã"), ("30187", "Hòa Long", "xã")],
    ),
    ("877", "Châu Thành", "huyện", [("30211", "Cái Tàu Hạ", "thị trấn"), ("30214", "An Hiệp", "xã")]),
]

OLD_TIEN_GIANG_DISTRICTS = [
    ("815", "Mỹ Tho", "thành phố", [("28249", "Phường 1", "phường"), ("28252", "Phường 2", "phường")]),
    ("817", "Cai Lậy", "thị xã", [("28435", "Phường 1", "phường"), ("28438", "Phường 2", "phường")]),
]

# New commune-level units of merged Đồng Tháp and the old units they absorbed (sample, see module docstring).
NEW_COMMUNES = [
    ("30280N", "Cao Lãnh", "phường", [("866", "30280"), ("866", "30283"), ("866", "30322")]),
    ("30316N", "Mỹ Trà", "phường", [("866", "30316")]),
    ("30601N", "Sa Đéc", "phường", [("867", "30601"), ("867", "30604"), ("867", "30622")]),
    ("29955N", "Hồng Ngự", "phường", [("868", "29955"), ("868", "29961")]),
    ("29978N", "Tân Hồng", "xã", [("869", "29978"), ("869", "29984"), ("869", "29987")]),
    ("30007N", "Thường Phước", "xã", [("870", "30007"), ("870", "30010")]),
    ("30034N", "Tràm Chim", "xã", [("871", "30034"), ("871", "30037")]),
    ("30061N", "Tháp Mười", "xã", [("872", "30061"), ("872", "30064")]),
    ("30091N", "Mỹ Thọ", "xã", [("873", "30091"), ("873", "30094")]),
    ("30121N", "Thanh Bình", "xã", [("874", "30121"), ("874", "30124")]),
    ("30151N", "Lấp Vò", "xã", [("875", "30151"), ("875", "30154")]),
    ("30181N", "Lai Vung", "xã", [("876", "30181"), ("876", "30184"), ("876", "30187")]),
    ("30211N", "Châu Thành", "xã", [("877", "30211"), ("877", "30214")]),
    ("28249N", "Mỹ Tho", "phường", [("815", "28249"), ("815", "28252")]),
    ("28435N", "Cai Lậy", "phường", [("817", "28435"), ("817", "28438")]),
]


def _unit(code, name, unit_type, level, parent, valid_from=None, valid_to=None):
    unit, _ = AdministrativeUnit.objects.get_or_create(
        code=code,
        level=level,
        valid_from=valid_from,
        defaults={"name": name, "unit_type": unit_type, "parent": parent, "valid_to": valid_to},
    )
    return unit


def load():
    country = _unit("VN", "Việt Nam", "quốc gia", UnitLevel.COUNTRY, None)
    old_dt = _unit("87", "Đồng Tháp", "tỉnh", UnitLevel.PROVINCE, country, None, LAST_OLD_DAY)
    old_tg = _unit("82", "Tiền Giang", "tỉnh", UnitLevel.PROVINCE, country, None, LAST_OLD_DAY)
    new_dt = _unit("82", "Đồng Tháp", "tỉnh", UnitLevel.PROVINCE, country, REFORM_DAY)
    new_dt.predecessors.add(old_dt, old_tg)

    old_units = {}
    for province, districts in ((old_dt, OLD_DONG_THAP_DISTRICTS), (old_tg, OLD_TIEN_GIANG_DISTRICTS)):
        for code, name, unit_type, communes in districts:
            district = _unit(code, name, unit_type, UnitLevel.DISTRICT, province, None, LAST_OLD_DAY)
            old_units[code] = district
            for (
                c_code,
                c_name,
                c_type,
            ) in communes:
                old_units[(code, c_code)] = _unit(
                    c_code, c_name, c_type, UnitLevel.COMMUNE, district, None, LAST_OLD_DAY
                )

    for code, name, unit_type, sources in NEW_COMMUNES:
        commune = _unit(code, name, unit_type, UnitLevel.COMMUNE, new_dt, REFORM_DAY)
        for source in sources:
            old_units[source].successors.add(commune)
    return {"country": country, "old_province": old_dt, "new_province": new_dt, "units": old_units}
