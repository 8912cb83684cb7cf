"""Units in force (issue #14 items 3 and 5): a record cannot be put on a unit that is not in force on its date
(``areas.services.ensure_in_force``), and pickers show the structure in force first, each unit once, the old
structure labelled "(trước 01/07/2025)"."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from areas.formatting import unit_label, unit_option
from areas.models import LAST_OLD_DAY, REFORM_DAY, UnitLevel
from areas.selectors import proposed_successor, successors_of, units_for_form
from areas.services import ensure_in_force
from areas.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def merger():
    country = UnitFactory(code="VN", name="Việt Nam", level=UnitLevel.COUNTRY, unit_type="quốc gia")
    old_dt = UnitFactory(code="87", name="Đồng Tháp", parent=country, valid_to=LAST_OLD_DAY)
    old_tg = UnitFactory(code="82", name="Tiền Giang", parent=country, valid_to=LAST_OLD_DAY)
    lai_vung = UnitFactory(
        code="876", name="Lai Vung", unit_type="huyện", level=UnitLevel.DISTRICT, parent=old_dt, valid_to=LAST_OLD_DAY
    )
    tan_thanh = UnitFactory(
        code="30184", name="Tân Thành", unit_type="xã", level=UnitLevel.COMMUNE, parent=lai_vung, valid_to=LAST_OLD_DAY
    )
    new_dt = UnitFactory(code="82", name="Đồng Tháp", parent=country, valid_from=REFORM_DAY)
    lai_vung_new = UnitFactory(
        code="30181", name="Lai Vung", unit_type="xã", level=UnitLevel.COMMUNE, parent=new_dt, valid_from=REFORM_DAY
    )
    tan_duong = UnitFactory(
        code="30187", name="Tân Dương", unit_type="xã", level=UnitLevel.COMMUNE, parent=new_dt, valid_from=REFORM_DAY
    )
    old_dt.successors.add(new_dt)
    old_tg.successors.add(new_dt)
    old_dt.default_successor = new_dt
    old_dt.save()
    tan_thanh.successors.add(lai_vung_new, tan_duong)
    tan_thanh.default_successor = tan_duong
    tan_thanh.save()
    return locals()


def test_a_unit_in_force_on_the_date_is_accepted(merger):
    ensure_in_force(merger["tan_thanh"], on=datetime.date(2021, 3, 1))
    ensure_in_force(merger["tan_thanh"], on=LAST_OLD_DAY)
    ensure_in_force(merger["tan_duong"], on=REFORM_DAY)
    ensure_in_force(merger["tan_duong"])  # today
    ensure_in_force(None)


def test_an_ended_commune_is_refused_naming_its_successors_default_first(merger):
    with pytest.raises(ValidationError) as refused:
        ensure_in_force(merger["tan_thanh"], on=datetime.date(2026, 1, 5), field="unit")
    message = refused.value.message_dict["unit"][0]
    assert message == (
        "Xã Tân Thành không còn hiệu lực từ 01/07/2025; hãy chọn đơn vị kế thừa: Xã Tân Dương, Xã Lai Vung."
    )
    assert refused.value.error_dict["unit"][0].code == "unit_not_in_force"


def test_an_old_district_is_refused_naming_the_successor_of_its_province(merger):
    with pytest.raises(ValidationError) as refused:
        ensure_in_force(merger["lai_vung"], on=REFORM_DAY, field="organiser")
    assert refused.value.message_dict == {
        "organiser": ["Huyện Lai Vung không còn hiệu lực từ 01/07/2025; hãy chọn đơn vị kế thừa: Tỉnh Đồng Tháp."]
    }
    assert successors_of(merger["lai_vung"]) == [merger["new_dt"]]
    assert successors_of(merger["new_dt"]) == []
    assert proposed_successor(merger["lai_vung"]) == merger["new_dt"]
    assert proposed_successor(merger["tan_thanh"]) == merger["tan_duong"]  # the default of a split commune
    assert proposed_successor(merger["new_dt"]) is None


def test_a_period_needs_the_unit_in_force_on_one_of_its_days(merger):
    year_2025 = {"on": datetime.date(2025, 1, 1), "until": datetime.date(2025, 12, 31)}
    ensure_in_force(merger["old_dt"], **year_2025)  # a 2025 plan of old Đồng Tháp (first half of the year)
    ensure_in_force(merger["new_dt"], **year_2025)  # and of the merged one (second half)
    with pytest.raises(ValidationError, match="hãy chọn đơn vị kế thừa: Tỉnh Đồng Tháp"):
        ensure_in_force(merger["old_dt"], on=datetime.date(2026, 1, 1), until=datetime.date(2026, 12, 31))
    with pytest.raises(ValidationError, match="chỉ có hiệu lực từ 01/07/2025"):
        ensure_in_force(merger["new_dt"], on=datetime.date(2024, 1, 1), until=datetime.date(2024, 12, 31))


def test_a_new_unit_is_refused_before_it_existed(merger):
    with pytest.raises(ValidationError, match="chỉ có hiệu lực từ 01/07/2025"):
        ensure_in_force(merger["tan_duong"], on=datetime.date(2024, 12, 31))


def test_labels_mark_the_old_structure(merger):
    assert unit_option(merger["old_dt"]) == "Tỉnh Đồng Tháp (trước 01/07/2025)"
    assert unit_option(merger["new_dt"]) == "Tỉnh Đồng Tháp"
    assert unit_label(merger["tan_thanh"]) == "· · Xã Tân Thành (trước 01/07/2025)"
    assert unit_option(merger["old_dt"], on=LAST_OLD_DAY) == "Tỉnh Đồng Tháp"
    assert unit_option(merger["new_dt"], on=LAST_OLD_DAY) == "Tỉnh Đồng Tháp (từ 01/07/2025)"


def test_form_units_are_those_in_force_plus_the_records_own(merger, make_user):
    officer = make_user(role=Role.COORDINATION_OFFICE, unit=merger["new_dt"])
    today = {u.pk for u in units_for_form(officer)}
    assert today == {merger["new_dt"].pk, merger["lai_vung_new"].pk, merger["tan_duong"].pk}
    kept = list(units_for_form(officer, keep=merger["tan_thanh"]))
    assert kept[-1] == merger["tan_thanh"] and len(kept) == 4  # the record's old unit last, after today's
    in_2021 = {u.pk for u in units_for_form(officer, on=datetime.date(2021, 1, 1))}
    assert in_2021 == {merger[k].pk for k in ("old_dt", "old_tg", "lai_vung", "tan_thanh")}


def _options(response):
    html = response.content.decode()
    select = re.search(r'<select name="unit"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select)


def test_the_area_filter_shows_todays_structure_first_once_and_the_old_one_labelled(client, make_user, merger):
    client.force_login(make_user(role=Role.COORDINATION_OFFICE, unit=merger["new_dt"]))
    options = _options(client.get("/subjects/"))
    ids = [int(pk) for pk, _label in options]
    assert len(ids) == len(set(ids))  # each unit once
    labels = [label.strip() for _pk, label in options]
    assert labels == [
        "Tỉnh Đồng Tháp",
        "· · Xã Lai Vung",
        "· · Xã Tân Dương",
        "Tỉnh Đồng Tháp (trước 01/07/2025)",
        "Tỉnh Tiền Giang (trước 01/07/2025)",
    ]
    # The old structure stays reachable: choosing old Đồng Tháp opens its districts.
    opened = [label.strip() for _pk, label in _options(client.get("/subjects/", {"unit": merger["old_dt"].pk}))]
    assert "· Huyện Lai Vung (trước 01/07/2025)" in opened
