"""Units named as they were on the period's end date (issue #16 item 3, #14 item 6), on the real units of old Đồng
Tháp, old Tiền Giang and the merged Đồng Tháp (``load_areas``): a 2024 report of old Đồng Tháp names its districts
and addresses "UBND các huyện"; a 2025 report of the merged province lists and addresses its communes; a unit
renamed later (a new version of the official data) keeps the old name in an older report."""

import copy

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from areas.models import LAST_OLD_DAY, REFORM_DAY, AdministrativeUnit, UnitLevel
from areas.official import read_package
from areas.services import load_official_units
from reports import services


@pytest.fixture
def units(db):
    data = read_package().restricted_to(["82"])
    load_official_units(data)
    merged = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="82", valid_from=REFORM_DAY)
    old_dong_thap = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="87", valid_to=LAST_OLD_DAY)
    district = AdministrativeUnit.objects.get(level=UnitLevel.DISTRICT, code="876", valid_to=LAST_OLD_DAY)
    commune = AdministrativeUnit.objects.filter(parent=merged, level=UnitLevel.COMMUNE).order_by("code").first()
    before = {"district": district.display_name, "commune": commune.display_name}
    # A later version of the official data renames a district of the old structure and a commune of the new one.
    changed = copy.deepcopy(data)
    changed.version = f"{data.version}+renamed"
    for key, row in changed.units.items():
        if (row.level, row.code) == (UnitLevel.DISTRICT, "876") and key[0] == "old":
            row.name = "Lai Vung Mới"
        if (row.level, row.code) == (UnitLevel.COMMUNE, commune.code) and key[0] == "new":
            row.name = "Tân Phú Mới"
    report = load_official_units(changed)
    assert len(report.renamed) == 2
    district.refresh_from_db()
    commune.refresh_from_db()
    assert district.name == "Lai Vung Mới" and commune.name == "Tân Phú Mới"
    return {"merged": merged, "old": old_dong_thap, "district": district, "commune": commune, "before": before}


def html_of(client, report):
    response = client.get(reverse("reports:download", args=[report.pk, "html"]))
    return b"".join(response.streaming_content).decode()


def generate(office, area, period, key):
    report, _created = services.report_request(actor=office, kind="annual" if "-" not in period else "six_month",
                                               period=period, area=area, request_key=key)  # fmt: skip
    return services.report_generate(report_id=report.pk)


def test_an_old_report_names_the_units_as_they_were_and_addresses_their_structure(units, make_user, client):
    office = make_user(role=Role.COORDINATION_OFFICE, unit=units["merged"])
    client.force_login(office)
    before = units["before"]
    assert before["district"] == "Huyện Lai Vung"

    # Six months of 2024, old Đồng Tháp: its districts, the district by its name then, "UBND các huyện".
    old = generate(office, units["old"], "2024-H1", "n1")
    html = html_of(client, old)
    assert "ỦY BAN NHÂN DÂN" in html and "TỈNH ĐỒNG THÁP" in html
    assert '<td class="">Huyện Lai Vung</td>' in html and "Lai Vung Mới" not in html
    assert "UBND các huyện, thành phố" in html and "UBND các xã, phường" not in html
    # A 2025 report of the old province still speaks of its own structure (it ended on 30/06/2025).
    old_2025 = generate(office, units["old"], "2025", "n2")
    html = html_of(client, old_2025)
    assert "UBND các huyện, thành phố" in html

    # The year 2025, merged province: its communes, the renamed one by its 2025 name; communes as recipients.
    merged = generate(office, units["merged"], "2025", "n3")
    html = html_of(client, merged)
    assert f'<td class="">{before["commune"]}</td>' in html and "Tân Phú Mới" not in html
    assert "UBND các xã, phường" in html and "UBND các huyện" not in html
    communes = [u["name"] for u in merged.figures["valid"]["units"]]
    assert len(communes) == 102 and before["commune"] in communes

    # The figures of the current year (the rename happened in it) use the new names.
    api = APIClient()
    api.force_authenticate(office)
    year = str(timezone.localdate().year)
    now = api.get("/api/reports/figures/", {"period": year, "area": units["merged"].pk}).json()
    assert "Xã Tân Phú Mới" in [u["name"] for u in now["valid"]["units"]] or "Phường Tân Phú Mới" in [
        u["name"] for u in now["valid"]["units"]
    ]
    then = api.get("/api/reports/figures/", {"period": "2025", "area": units["merged"].pk}).json()
    assert before["commune"] in [u["name"] for u in then["valid"]["units"]]
    old_names = api.get("/api/reports/figures/", {"period": "2024", "area": units["old"].pk}).json()
    assert "Huyện Lai Vung" in [u["name"] for u in old_names["valid"]["units"]]
