"""The classification is data loaded by a migration: 148 (6 > 17 > 26) and the 1048 classes with their mapping."""

import csv
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import Role
from products.models import ClassLevel, DocumentType, ProductClass, Regime, SalesChannel

# The criteria sheets' index (set number -> sheet), kept in the repository by the evaluations app.
INDEX = Path(settings.BASE_DIR) / "evaluations" / "data" / "criteria-qd148" / "index.tsv"

pytestmark = pytest.mark.django_db


def test_decision_148_has_6_categories_17_groups_26_sets():
    qd148 = ProductClass.objects.filter(regime=Regime.QD148)
    assert qd148.filter(level=ClassLevel.CATEGORY).count() == 6
    assert sorted(qd148.filter(level=ClassLevel.CATEGORY).values_list("code", flat=True)) == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
    ]
    assert qd148.filter(level=ClassLevel.GROUP).count() == 17
    sets = qd148.filter(level=ClassLevel.SET)
    assert sets.count() == 26
    assert sorted(sets.values_list("set_number", flat=True)) == list(range(1, 27))
    # every set hangs under a group that hangs under a category
    for node in sets.select_related("parent__parent"):
        assert node.parent.level == ClassLevel.GROUP
        assert node.parent.parent.level == ClassLevel.CATEGORY
        assert node.category_148 == node.parent.parent
        assert node.set_148 == node
    assert sets.get(code="I.3.c").set_number == 7


@pytest.mark.skipif(not INDEX.exists(), reason="shared criteria index not available")
def test_set_numbers_match_the_criteria_index():
    with open(INDEX, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) == 26
    numbers = set(
        ProductClass.objects.filter(regime=Regime.QD148, level=ClassLevel.SET).values_list("set_number", flat=True)
    )
    assert numbers == {int(row["set"]) for row in rows}
    assert ProductClass.objects.get(regime=Regime.QD148, level=ClassLevel.SET, set_number=23).name == "Hoa"


def test_every_1048_class_is_mapped_or_explicitly_unmapped():
    qd1048 = ProductClass.objects.filter(regime=Regime.QD1048)
    assert qd1048.filter(level=ClassLevel.CATEGORY).count() == 6
    leaves = qd1048.filter(level=ClassLevel.SET)
    assert leaves.count() == 26
    for leaf in leaves.select_related("maps_to", "parent"):
        assert leaf.parent.level == ClassLevel.CATEGORY
        if leaf.maps_to is None:
            assert leaf.mapping_note.strip(), f"{leaf} has neither a mapping nor a note"
            assert leaf.category_148 is None
        else:
            assert leaf.maps_to.regime == Regime.QD148
            assert leaf.category_148 is not None
    unmapped = leaves.get(name="Trang thiết bị, dụng cụ y tế")
    assert unmapped.is_unmapped
    seafood = leaves.get(name="Chế biến từ thủy, hải sản")
    assert seafood.set_148.code == "I.3.d"
    assert seafood.category_148.code == "I"
    # the 1048 category for fabrics maps to a 148 set, souvenirs map to a 148 category
    assert qd1048.get(level=ClassLevel.CATEGORY, name="Vải và may mặc").set_148.code == "IV.2"
    assert qd1048.get(level=ClassLevel.CATEGORY, name__startswith="Lưu niệm").category_148.code == "IV"


def test_channel_catalogue_and_dossier_checklist_are_loaded():
    names = set(SalesChannel.objects.values_list("name", flat=True))
    for name in ["Postmart", "Voso", "Tiki", "Lazada", "Shopee", "Sendo", "Co.opmart", "Bách hóa Xanh", "WinMart"]:
        assert name in names
    assert {"Lotte Mart", "MM Mega Market"} <= names
    assert SalesChannel.objects.filter(kind="export").exists()
    assert SalesChannel.objects.filter(kind="tourist_kiosk").exists()
    food = ProductClass.objects.get(regime=Regime.QD148, level=ClassLevel.CATEGORY, code="I")
    crafts = ProductClass.objects.get(regime=Regime.QD148, level=ClassLevel.CATEGORY, code="IV")
    test_report = DocumentType.objects.get(code="test_report")
    assert food in test_report.required_for.all()
    assert crafts not in test_report.required_for.all()
    assert DocumentType.objects.get(code="business_registration").scope == "subject"
    assert DocumentType.objects.get(code="self_assessment").scope == "product"


def test_reference_api_is_read_only(api):
    client = api(Role.COUNCIL_MEMBER)
    response = client.get("/api/product-classes/?regime=qd148&level=set")
    assert response.status_code == 200
    assert len(response.json()) == 26
    response = client.get("/api/sales-channels/?kind=ecommerce")
    assert {row["name"] for row in response.json()} >= {"Postmart", "Shopee"}
    assert client.post("/api/sales-channels/", {"kind": "export", "name": "Sao Hỏa"}).status_code in (403, 405)
