"""``manage.py load_areas``: the official units of both structures from the ``vietnamadminunits`` package
(issue #14 item 1). The whole country is loaded in two tests (counts, idempotence); the others load one 2025
province (``--province 82``: old Đồng Tháp, old Tiền Giang, merged Đồng Tháp) to stay fast."""

import copy
import io

import pytest
from django.core.management import CommandError, call_command

from areas.models import LAST_OLD_DAY, REFORM_DAY, AdministrativeUnit, AreaDataLoad, UnitLevel
from areas.official import read_package
from areas.services import expected_paths, load_official_units
from areas.tests.factories import UnitFactory
from audit.models import AuditEntry
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db


def load(*args):
    out = io.StringIO()
    call_command("load_areas", *args, stdout=out)
    return out.getvalue()


def snapshot():
    units = AdministrativeUnit.objects.order_by("pk").values_list(
        "pk", "code", "name", "unit_type", "level", "parent_id", "valid_from", "valid_to", "path", "latitude"
    )
    links = AdministrativeUnit.successors.through.objects.values_list(
        "from_administrativeunit_id", "to_administrativeunit_id"
    )
    defaults = AdministrativeUnit.objects.filter(default_successor__isnull=False).values_list(
        "pk", "default_successor_id"
    )
    return list(units), sorted(links), sorted(defaults)


def old(level):
    return AdministrativeUnit.objects.filter(level=level, valid_to=LAST_OLD_DAY)


def new(level):
    return AdministrativeUnit.objects.filter(level=level, valid_from=REFORM_DAY, valid_to__isnull=True)


def test_the_whole_country_loads_with_the_official_counts():
    output = load()
    assert old(UnitLevel.PROVINCE).count() == 63
    assert old(UnitLevel.DISTRICT).count() == 696
    # 10,040 rows in the package's legacy table: 10,035 communes and 5 island districts without communes.
    assert old(UnitLevel.COMMUNE).count() == 10_035
    assert new(UnitLevel.PROVINCE).count() == 34
    assert new(UnitLevel.COMMUNE).count() == 3_321
    assert AdministrativeUnit.objects.filter(level=UnitLevel.COUNTRY).count() == 1
    assert "Thêm mới: 14.150" in output and "vietnamadminunits 1.0.4" in output
    # Paths are those of the parent links; every old commune has a successor; the load is recorded.
    assert dict(AdministrativeUnit.objects.values_list("pk", "path")) == expected_paths()
    assert not old(UnitLevel.COMMUNE).filter(successors__isnull=True).exists()
    assert not old(UnitLevel.COMMUNE).filter(default_successor__isnull=True).exists()
    record = AreaDataLoad.objects.get()
    assert (record.source, record.version, record.added) == ("vietnamadminunits", "1.0.4", 14_150)
    # Coordinates and area of the 2025 communes (for the map).
    assert not new(UnitLevel.COMMUNE).filter(latitude__isnull=True).exists()
    assert new(UnitLevel.COMMUNE).filter(area_km2__isnull=False).count() >= 3_300  # 2 have no area in the data


def test_loading_the_whole_country_twice_changes_nothing():
    load()
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert "Không có thay đổi." in output
    assert "Thêm mới: 0" in output and "Đổi tên: 0" in output and "Hết hiệu lực (30/06/2025): 0" in output
    assert AreaDataLoad.objects.count() == 2


def test_every_old_dong_thap_and_tien_giang_commune_has_a_successor_in_new_dong_thap():
    load("--province", "82")
    new_dong_thap = new(UnitLevel.PROVINCE).get(code="82")
    assert new_dong_thap.name == "Đồng Tháp"
    assert new_dong_thap.children.filter(level=UnitLevel.COMMUNE).count() == 102
    assert {p.name for p in new_dong_thap.predecessors.all()} == {"Đồng Tháp", "Tiền Giang"}
    old_dong_thap = old(UnitLevel.PROVINCE).get(code="87")
    assert old_dong_thap.children.count() == 12
    assert old(UnitLevel.DISTRICT).filter(parent__code="82").count() == 11
    communes = old(UnitLevel.COMMUNE).filter(parent__parent__code__in=["87", "82"]).prefetch_related("successors")
    assert communes.count() == 141 + 164
    split = 0
    for commune in communes:
        successors = list(commune.successors.all())
        assert successors, f"{commune.code} {commune} has no successor"
        assert {s.parent_id for s in successors} == {new_dong_thap.pk}
        assert commune.default_successor in successors
        split += len(successors) > 1
    assert split > 0  # some communes were divided: the default successor is the one marked in the package
    # Nothing of other provinces was loaded.
    assert not AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, code="01").exists()


def test_a_changed_name_in_a_new_data_version_is_reported_as_a_rename_and_audited():
    data = read_package().restricted_to(["82"])
    load_official_units(data)
    changed = copy.deepcopy(data)
    changed.version = "1.0.4+fixture"
    key = next(k for k, row in changed.units.items() if row.level == UnitLevel.COMMUNE and k[0] == "new")
    old_name = changed.units[key].name
    changed.units[key].name = "Tân Phú Mới"

    report = load_official_units(changed)

    unit = AdministrativeUnit.objects.get(code=key[2], level=UnitLevel.COMMUNE, valid_from=REFORM_DAY)
    assert unit.name == "Tân Phú Mới" and unit.search_text == "tan phu moi"
    assert [(u.pk, name) for u, name in report.renamed] == [(unit.pk, old_name)]
    assert report.added_total == 0 and report.ended == [] and report.links_added == 0
    assert AreaDataLoad.objects.first().version == "1.0.4+fixture"
    entry = AuditEntry.objects.get(content_type__model="administrativeunit", object_id=str(unit.pk))
    assert entry.before == {"name": old_name} and entry.after == {"name": "Tân Phú Mới"}
    assert "1.0.4+fixture" in entry.reason


def hand_typed_units():
    """Units as a province typed them before loading the official data: old Đồng Tháp, its district Lai Vung
    entered without an end date, and a new commune under a code of its own ("29978N", not an official code)."""
    country = UnitFactory(code="VN", name="Việt Nam", level=UnitLevel.COUNTRY, unit_type="quốc gia")
    old_dong_thap = UnitFactory(code="87", name="Đồng Tháp", parent=country, valid_to=LAST_OLD_DAY)
    lai_vung = UnitFactory(code="876", name="Lai Vung", unit_type="huyện", level=UnitLevel.DISTRICT,
                           parent=old_dong_thap)  # fmt: skip
    new = UnitFactory(code="82", name="Đồng Tháp", parent=country, valid_from=REFORM_DAY)
    sample_commune = UnitFactory(code="29978N", name="Tân Hồng", unit_type="xã", level=UnitLevel.COMMUNE,
                                 parent=new, valid_from=REFORM_DAY)  # fmt: skip
    old_dong_thap.successors.add(new)
    return old_dong_thap, lai_vung, sample_commune


def test_existing_units_keep_their_rows_and_records_and_are_ended():
    """Units typed by hand before the official data (as the first demo did) keep their ids (their records stay
    attached); a unit absent from the data is never deleted."""
    old_dong_thap, lai_vung, sample_commune = hand_typed_units()
    subject = SubjectFactory(unit=lai_vung)
    unused = UnitFactory(code="ZZ1", level=UnitLevel.PROVINCE)

    output = load("--province", "82", "-v", "2")

    assert AdministrativeUnit.objects.filter(code="87", level=UnitLevel.PROVINCE).get().pk == old_dong_thap.pk
    lai_vung.refresh_from_db()
    assert lai_vung.valid_to == LAST_OLD_DAY and lai_vung.parent_id == old_dong_thap.pk
    assert f"hết hiệu lực 876: {lai_vung.unit_type.capitalize()} Lai Vung" in output
    subject.refresh_from_db()
    assert subject.unit_id == lai_vung.pk
    assert AdministrativeUnit.objects.filter(pk__in=[sample_commune.pk, unused.pk]).count() == 2
    assert old(UnitLevel.DISTRICT).filter(parent=old_dong_thap).count() == 12  # no duplicate district rows
    assert load("--province", "82").endswith("Không có thay đổi.\n")


def test_unit_names_never_double_their_type():
    load("--province", "82")
    doubled = [
        unit.display_name
        for unit in AdministrativeUnit.objects.all()
        if unit.unit_type and unit.display_name.lower().startswith(f"{unit.unit_type} {unit.unit_type}".lower())
    ]
    assert doubled == []
    # The package's "Cao Lãnh (Thành phố)" is stored as name "Cao Lãnh", type "thành phố".
    assert not AdministrativeUnit.objects.filter(name__contains="(").exists()
    city = old(UnitLevel.DISTRICT).get(code="866")
    assert (city.name, city.unit_type, city.display_name) == ("Cao Lãnh", "thành phố", "Thành phố Cao Lãnh")
    ward = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, name__startswith="Phường ").first()
    assert ward is not None and ward.display_name == ward.name
    assert new(UnitLevel.PROVINCE).get(code="82").display_name == "Tỉnh Đồng Tháp"


def test_an_unknown_province_is_refused():
    with pytest.raises(CommandError, match="99"):
        load("--province", "99")
    assert not AdministrativeUnit.objects.exists()


def test_a_unit_that_borrowed_an_official_code_of_another_province_is_left_alone():
    """The first demo's sample put code 30316 (officially Phường Châu Phú B, An Giang) under Cao Lãnh, Đồng Tháp:
    loading An Giang must not carry that commune and its records to An Giang."""
    old_dong_thap, _lai_vung, _sample_commune = hand_typed_units()
    cao_lanh = UnitFactory(code="866", name="Cao Lãnh", unit_type="thành phố", level=UnitLevel.DISTRICT,
                           parent=old_dong_thap, valid_to=LAST_OLD_DAY)  # fmt: skip
    sample = UnitFactory(code="30316", name="Mỹ Tân", unit_type="xã", level=UnitLevel.COMMUNE, parent=cao_lanh,
                         valid_to=LAST_OLD_DAY)  # fmt: skip
    subject = SubjectFactory(unit=sample)

    load("--province", "91")

    sample.refresh_from_db()
    assert (sample.name, sample.parent.code) == ("Mỹ Tân", "866")
    official = old(UnitLevel.COMMUNE).exclude(pk=sample.pk).get(code="30316")
    assert (official.name, official.unit_type, official.parent.parent.code) == ("Châu Phú B", "phường", "89")
    subject.refresh_from_db()
    assert subject.unit_id == sample.pk
