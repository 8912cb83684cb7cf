"""The criteria loader: loads all 26 curated sheets, refuses broken ones naming file and line, never edits in use."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from evaluations.models import CriteriaSet, Criterion, Option, Part, RuleSet

CURATED = Path(__file__).resolve().parents[1] / "data" / "criteria-qd148"
SHARED = Path("/work/shared/data/criteria-qd148")

GOOD = """title,description,level,stars,score
Phần A: SẢN PHẨM (40 Điểm),,0,,40
1. TỔ CHỨC SẢN XUẤT,,1,,40
a) Nguồn gốc,,2,,40
□ Thấp,,3,,0
□ Cao***,,3,3,40
Phần B: TIẾP THỊ,,0,,25
4. TIẾP THỊ,,1,,25
a) Phân phối,,2,,25
□ Có,,3,,25
Phần C: CHẤT LƯỢNG,,0,,35
6. CẢM QUAN,,1,,35
a) Màu sắc,,2,,35
□ Có,,3,,35
"""


def write(directory, name, text):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.mark.django_db
def test_loads_all_26_curated_sets_through_the_command(capsys):
    call_command("load_criteria", str(CURATED), "--rule-set", "qd148")
    rule_set = RuleSet.objects.get(code="qd148")
    sets = CriteriaSet.objects.filter(rule_set=rule_set)
    assert sets.count() == 26
    assert sorted(sets.values_list("number", flat=True)) == list(range(1, 27))
    for criteria_set in sets:
        maxima = dict(Part.objects.filter(criteria_set=criteria_set).values_list("code", "max_points"))
        assert maxima == {"A": 40, "B": 25, "C": 35}, criteria_set
    assert Criterion.objects.filter(section__part__criteria_set__rule_set=rule_set).count() > 26 * 25
    assert Option.objects.filter(mandatory_stars=3).exists()
    # Loading again changes nothing.
    call_command("load_criteria", str(CURATED), "--rule-set", "qd148")
    assert "không đổi" in capsys.readouterr().out
    assert CriteriaSet.objects.filter(rule_set=rule_set).count() == 26


@pytest.mark.django_db
def test_a_wrong_part_total_is_refused_naming_file_and_line(tmp_path):
    broken = GOOD.replace("Phần C: CHẤT LƯỢNG,,0,,35", "Phần C: CHẤT LƯỢNG,,0,,36")
    write(tmp_path, "01-ok.csv", GOOD)
    write(tmp_path, "02-broken.csv", broken)
    with pytest.raises(CommandError) as exc:
        call_command("load_criteria", str(tmp_path), "--rule-set", "qd148")
    message = str(exc.value)
    assert "02-broken.csv, dòng 11" in message
    assert "phần C" in message and "36" in message
    assert "01-ok.csv" not in message
    assert not CriteriaSet.objects.exists(), "nothing is stored when any file is broken"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("a) Màu sắc,,2,,35", "a) Màu sắc,,2,,30", "dòng 12"),  # criterion max ≠ section sum
        ("□ Có,,3,,35", "□ Có,,3,,3x", "dòng 14: điểm '3x' không phải là số"),
        ("a) Phân phối,,2,,25\n", "", "dòng 9: mức '□ Có' không thuộc tiêu chí nào"),  # options with no criterion
    ],
)
def test_other_breaks_are_refused_with_their_line(tmp_path, old, new, expected):
    write(tmp_path, "05-x.csv", GOOD.replace(old, new, 1))
    with pytest.raises(CommandError) as exc:
        call_command("load_criteria", str(tmp_path), "--rule-set", "qd148")
    assert f"05-x.csv, {expected}" in str(exc.value)


@pytest.mark.django_db
@pytest.mark.skipif(not SHARED.exists(), reason="the shared transcription is not on this machine")
def test_the_raw_transcription_is_refused():
    with pytest.raises(CommandError) as exc:
        call_command("load_criteria", str(SHARED), "--rule-set", "qd148")
    message = str(exc.value)
    assert "07-che-bien-tu-rau-cu-qua-hat.csv, dòng 113" in message  # 'd) Mùi' max 4, best option 3
    assert "17-do-uong-khong-con-khac.csv, dòng 18" in message  # score 'l'
    assert not CriteriaSet.objects.exists()


@pytest.mark.django_db
def test_amended_rule_set_reuses_the_base_sheets(tmp_path):
    write(tmp_path, "07-x.csv", GOOD)
    with pytest.raises(CommandError, match="qd148_1489 dùng bộ tiêu chí của qd148"):
        call_command("load_criteria", str(tmp_path), "--rule-set", "qd148_1489")
    call_command("load_criteria", str(tmp_path), "--rule-set", "qd148")
    amended = RuleSet.objects.get(code="qd148_1489")
    assert amended.criteria_source.code == "qd148"
    assert amended.requires_commune_report


@pytest.mark.django_db
def test_a_sheet_in_use_is_never_replaced(tmp_path):
    from evaluations.tests.factories import ScoreSheetFactory

    directory = write(tmp_path / "v1", "07-x.csv", GOOD)
    call_command("load_criteria", str(directory), "--rule-set", "qd148")
    criteria_set = CriteriaSet.objects.get(number=7)
    ScoreSheetFactory(criteria_set=criteria_set)
    changed = write(tmp_path / "v2", "07-x.csv", GOOD.replace("□ Thấp", "□ Rất thấp"))
    with pytest.raises(CommandError, match="đã được dùng để chấm điểm"):
        call_command("load_criteria", str(changed), "--rule-set", "qd148")
    assert Option.objects.filter(text="□ Thấp").exists()


def test_curated_copy_has_its_corrections_listed():
    corrections = (CURATED / "CORRECTIONS.md").read_text(encoding="utf-8")
    for name in ("03-", "05-", "07-", "11-", "17-", "18-", "26-"):
        assert name in corrections
    assert len(list(CURATED.glob("[0-9][0-9]-*.csv"))) == 26
