"""Unit names never double their type ("Phường Phường 1", issue #14 item 5): the package gives wards and urban
districts named after their number ("Phường 1", "Quận 3") with the type "phường"/"quận" beside the name. Every
label the portal makes of a unit (name, picker option, indented label, full name, API) is checked for every unit
of the official data (both structures, the whole country), and through the pages for a loaded province."""

import io
import re

import pytest
from django.core.management import call_command

from accounts.models import Role
from accounts.tests.factories import UserFactory
from areas.formatting import unit_label, unit_name, unit_option
from areas.models import LAST_OLD_DAY, REFORM_DAY, AdministrativeUnit, UnitLevel
from areas.official import read_package

TYPES = ("tỉnh", "thành phố", "quận", "huyện", "thị xã", "phường", "thị trấn", "xã")
_TYPE = "(?:" + "|".join(TYPES) + ")"
# The same type twice anywhere, or two types in a row at the start of a label ("Xã Phường 5").
DOUBLED = re.compile(rf"\b({_TYPE})\s+\1\b|^[·\s]*{_TYPE}\s+{_TYPE}\s", re.IGNORECASE)


def doubled(label):
    return DOUBLED.search(str(label)) is not None


def test_the_pattern_finds_a_doubled_type():
    assert doubled("Phường Phường 1") and doubled("· · QUẬN quận 3 (trước 01/07/2025)") and doubled("Xã xã Tân Hòa")
    assert doubled("· · Xã Phường 5")
    assert not doubled("Phường 1") and not doubled("Thành phố Cao Lãnh") and not doubled("Xã Tân Thành, Phường 1")


@pytest.fixture(scope="module")
def official_units():
    """Every unit of the installed package (14,150), as unsaved units with their dates, for the label helpers."""
    units = []
    for row in read_package().units.values():
        dates = {"valid_to": LAST_OLD_DAY} if row.period == "old" else {}
        if row.period == "new":
            dates = {"valid_from": REFORM_DAY}
        units.append(
            AdministrativeUnit(code=row.code, name=row.name, unit_type=row.unit_type, level=row.level, **dates)
        )
    return units


def test_no_label_of_any_official_unit_doubles_its_type(official_units):
    assert len(official_units) == 14_150
    bad = [
        label
        for unit in official_units
        for label in (unit_name(unit), unit_option(unit), unit_label(unit))
        if doubled(label)
    ]
    assert bad == []
    # The wards named after their number keep their name as it is; the others get their type once.
    wards = [u for u in official_units if u.level == UnitLevel.COMMUNE and u.name.startswith("Phường ")]
    assert len(wards) > 200 and all(unit_name(u) == u.name for u in wards)
    assert any(u.name == "Quận 1" and unit_name(u) == "Quận 1" for u in official_units)
    # The package lists two wards of old Phú Nhuận as "Xã": a ward named after its number is a ward.
    phu_nhuan = {u.code: u for u in official_units if u.code in {"27046", "27076"} and u.level == UnitLevel.COMMUNE}
    assert [unit_name(phu_nhuan[code]) for code in ("27046", "27076")] == ["Phường 5", "Phường 15"]
    lai_vung = next(u for u in official_units if u.level == UnitLevel.DISTRICT and u.code == "876")
    assert unit_name(lai_vung) == "Huyện Lai Vung"


@pytest.mark.django_db
def test_loaded_units_full_names_pickers_and_api_never_double_their_type(client):
    call_command("load_areas", "--province", "82", stdout=io.StringIO())
    units = list(AdministrativeUnit.objects.all())
    assert [u.full_name for u in units if doubled(u.full_name)] == []
    ward = AdministrativeUnit.objects.get(
        level=UnitLevel.COMMUNE, code="29905", valid_to=LAST_OLD_DAY
    )  # Phường 1 of old Sa Đéc
    assert ward.full_name == "Phường 1, Thành phố Sa Đéc, Tỉnh Đồng Tháp"
    # The units API and an area picker page, as an administrator sees them.
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, unit=AdministrativeUnit.objects.get(level="country")))
    names, page = [], "/api/areas/?page_size=500"
    while page:
        body = client.get(page).json()
        names += [row["display_name"] for row in body["results"]]
        page = body.get("next")
    assert len(names) == len(units) and [n for n in names if doubled(n)] == []
    sa_dec = AdministrativeUnit.objects.get(level=UnitLevel.DISTRICT, code="867")
    html = client.get("/subjects/", {"unit": sa_dec.pk}).content.decode()
    assert "Phường 1" in html and not doubled(html)
