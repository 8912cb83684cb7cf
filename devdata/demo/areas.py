"""Demo administrative units: the official units of old Đồng Tháp (87, 12 district-level units, 141 communes), old
Tiền Giang (82, 11 district-level units, 164 communes) and the merged Đồng Tháp (82 from 01/07/2025, 102 communes,
no districts) with the official old -> new successor links, loaded from the ``vietnamadminunits`` package through
``manage.py load_areas --province 82`` (the same code path as for a real province; limited to one province so
that the SQLite demo stays fast). Idempotent: a second run changes nothing.
"""

import io

from django.core.management import call_command

from areas.models import LAST_OLD_DAY, REFORM_DAY, AdministrativeUnit, UnitLevel

# The 2025 province the demo loads (and the old provinces it replaced).
PROVINCE = "82"

__all__ = ["LAST_OLD_DAY", "PROVINCE", "REFORM_DAY", "load"]


def load():
    call_command("load_areas", "--province", PROVINCE, stdout=io.StringIO())
    units = AdministrativeUnit.objects
    return {
        "country": units.get(level=UnitLevel.COUNTRY, code="VN"),
        "old_province": units.get(level=UnitLevel.PROVINCE, code="87", valid_to=LAST_OLD_DAY),
        "new_province": units.get(level=UnitLevel.PROVINCE, code=PROVINCE, valid_from=REFORM_DAY),
    }
