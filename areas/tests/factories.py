import factory

from areas.models import AdministrativeUnit, UnitLevel


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    level = UnitLevel.PROVINCE
    unit_type = "tỉnh"
    parent = None


def merged_province():
    """Old Đồng Tháp (ended 30/06/2025) with the commune Tân Thành, merged into new Đồng Tháp with Tân Dương (from
    01/07/2025): the smallest reorganisation for "units in force" tests. Returns the units by name."""
    from areas.models import LAST_OLD_DAY, REFORM_DAY

    country = UnitFactory(code="VN", name="Việt Nam", level=UnitLevel.COUNTRY, unit_type="quốc gia")
    old = UnitFactory(code="87", name="Đồng Tháp", parent=country, valid_to=LAST_OLD_DAY)
    old_commune = UnitFactory(code="30184", name="Tân Thành", unit_type="xã", level=UnitLevel.COMMUNE, parent=old,
                              valid_to=LAST_OLD_DAY)  # fmt: skip
    new = UnitFactory(code="82", name="Đồng Tháp", parent=country, valid_from=REFORM_DAY)
    new_commune = UnitFactory(code="30187", name="Tân Dương", unit_type="xã", level=UnitLevel.COMMUNE, parent=new,
                              valid_from=REFORM_DAY)  # fmt: skip
    old.successors.add(new)
    old_commune.successors.add(new_commune)
    return {"old": old, "old_commune": old_commune, "new": new, "new_commune": new_commune}
