"""Star marks (issue 21): the loader keeps every mark of the curated sheets (on options AND on criterion lines),
refuses a file where a mark would be lost, adds the portal's «Không đáp ứng» option where the decision has no
0-point case, and the data migration brings sheets loaded earlier up to date without changing any score."""

import csv
import importlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command

from evaluations import rating
from evaluations.models import UNMET_TEXT, CriteriaSet, Criterion, MarkReading, Option, RuleSet, ScoreLine
from evaluations.tests.factories import ScoreSheetFactory, criteria_set_factory

CURATED = Path(__file__).resolve().parents[1] / "data" / "criteria-qd148"
pytestmark = pytest.mark.django_db

GOOD = """title,description,level,stars,score
Phần A: SẢN PHẨM (40 Điểm),,0,,40
1. TỔ CHỨC SẢN XUẤT,,1,,40
a) Nguồn gốc,,2,,40
□ Thấp,,3,,0
□ Cao***,,3,3,40
Phần B: TIẾP THỊ,,0,,25
4. TIẾP THỊ,,1,,25
a) Sở hữu trí tuệ****,,2,4,25
□ Có nhãn hiệu,,3,,5
□ Có nhãn hiệu và chỉ dẫn địa lý,,3,,25
Phần C: CHẤT LƯỢNG,,0,,35
6. CẢM QUAN,,1,,35
a) Màu sắc,,2,,35
□ Có,,3,,35
"""


def write(directory, name, text):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")
    return directory


def csv_marks(path):
    """(criterion-line marks, option marks) of a CSV: rows whose ``stars`` column is filled, by level."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if (row.get("stars") or "").strip()]
    return (
        sorted(int(r["stars"]) for r in rows if r["level"].strip() == "2"),
        sorted(int(r["stars"]) for r in rows if r["level"].strip() == "3"),
    )


def test_the_loader_keeps_every_mark_of_the_curated_files():
    call_command("load_criteria", str(CURATED), "--rule-set", "qd148")
    total_csv = total_db = 0
    for path in sorted(CURATED.glob("[0-9][0-9]-*.csv")):
        criteria_set = CriteriaSet.objects.get(rule_set__code="qd148", number=int(path.name[:2]))
        on_lines, on_options = csv_marks(path)
        in_set = {"section__part__criteria_set": criteria_set}
        db_lines = sorted(Criterion.objects.filter(**in_set, mandatory_stars__isnull=False).values_list(
            "mandatory_stars", flat=True))  # fmt: skip
        db_options = sorted(
            Option.objects.filter(**{f"criterion__{k}": v for k, v in in_set.items()}, mandatory_stars__isnull=False)
            .values_list("mandatory_stars", flat=True)
        )  # fmt: skip
        assert (db_lines, db_options) == (on_lines, on_options), path.name
        total_csv += len(on_lines) + len(on_options)
        total_db += len(db_lines) + len(db_options)
        # The 4★ trademark requirement is on a criterion line in every sheet.
        trademark = Criterion.objects.get(**in_set, title__contains="Sở hữu trí tuệ")
        assert trademark.mandatory_stars == 4, path.name
    assert total_csv == total_db
    assert total_csv == 569  # 26 on criterion lines + 543 on options, counted in the 26 curated files


def test_unmet_option_only_where_the_decision_has_no_zero_case():
    call_command("load_criteria", str(CURATED), "--rule-set", "qd148", "--only", "1")
    criteria = Criterion.objects.filter(section__part__criteria_set__number=1).prefetch_related("options")
    assert criteria.exists()
    for criterion in criteria:
        official = [o for o in criterion.options.all() if not o.unmet]
        unmet = [o for o in criterion.options.all() if o.unmet]
        if min(o.points for o in official) > 0:
            assert len(unmet) == 1, criterion.title
            assert (unmet[0].text, unmet[0].points, unmet[0].mandatory_stars) == (UNMET_TEXT, 0, None)
            assert unmet[0].order < min(o.order for o in official)  # shown first, like the sheets' "□ Không..."
        else:
            assert unmet == [], criterion.title
    # Sheet 01 "đ) Bảo vệ môi trường…": lowest option marked ****, no 0 case: the portal's option is there.
    environment = criteria.get(title__startswith="đ) Bảo vệ môi trường")
    assert environment.options.filter(unmet=True).exists()
    assert environment.options.order_by("points").exclude(unmet=True).first().mandatory_stars == 4


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # A mark in the text of a criterion line, stars column empty: the 4★ requirement would be lost.
        ("a) Sở hữu trí tuệ****,,2,4,25", "a) Sở hữu trí tuệ****,,2,,25", "dòng 9: dấu **** trong nội dung"),
        # An option whose text says *** but whose column says 4.
        ("□ Cao***,,3,3,40", "□ Cao***,,3,4,40", "dòng 6: dấu *** trong nội dung nhưng cột sao là '4'"),
        # A section cannot carry a mark.
        ("4. TIẾP THỊ,,1,,25", "4. TIẾP THỊ,,1,4,25", "dòng 8: dấu sao trên dòng phần/mục sẽ bị mất"),
        # A mark on a 0-point option can never be missed.
        ("□ Thấp,,3,,0", "□ Thấp***,,3,3,0", "dòng 5: mức mang dấu 3★ có 0 điểm"),
        ("a) Sở hữu trí tuệ****,,2,4,25", "a) Sở hữu trí tuệ****,,2,x,25", "dòng 9: cột sao 'x'"),
    ],
)
def test_a_sheet_where_a_mark_would_be_lost_is_refused_naming_file_and_line(tmp_path, old, new, expected):
    assert old in GOOD
    write(tmp_path, "05-x.csv", GOOD.replace(old, new, 1))
    with pytest.raises(CommandError) as exc:
        call_command("load_criteria", str(tmp_path), "--rule-set", "qd148")
    assert f"05-x.csv, {expected}" in str(exc.value)
    assert not CriteriaSet.objects.exists()


def test_a_good_sheet_keeps_its_criterion_mark_and_gets_unmet_options(tmp_path):
    write(tmp_path, "05-x.csv", GOOD)
    call_command("load_criteria", str(tmp_path), "--rule-set", "qd148")
    trademark = Criterion.objects.get(title="a) Sở hữu trí tuệ****")
    assert trademark.mandatory_stars == 4
    assert list(trademark.options.values_list("unmet", "points")) == [
        (True, Decimal("0")), (False, Decimal("5")), (False, Decimal("25"))
    ]  # fmt: skip
    origin = Criterion.objects.get(title="a) Nguồn gốc")
    assert not origin.options.filter(unmet=True).exists()  # "□ Thấp" is the decision's own 0 case


def test_the_data_migration_adds_unmet_options_and_marks_without_changing_scores():
    migration = importlib.import_module("evaluations.migrations.0005_unmet_options_and_criterion_marks")
    criteria_set = criteria_set_factory(number=9)
    criteria = criteria_set.test_criteria
    # Sheets loaded before issue 21: a criterion with a mark in its title and no 0 case, none of them recorded.
    trademark = criteria["B"]
    trademark.title = "e) Sở hữu trí tuệ****"
    trademark.save()
    trademark.options.filter(points=0).delete()
    sheet = ScoreSheetFactory(criteria_set=criteria_set)
    for code in "ABC":
        ScoreLine.objects.create(
            sheet=sheet, criterion=criteria[code], option=criteria[code].options.order_by("-points").first()
        )
    before = list(ScoreLine.objects.filter(sheet=sheet).values_list("criterion_id", "option_id", "option__points"))

    migration.forwards(django_apps, None)

    trademark.refresh_from_db()
    assert trademark.mandatory_stars == 4
    assert list(trademark.options.filter(unmet=True).values_list("text", "points")) == [(UNMET_TEXT, Decimal("0"))]
    for code in "AC":  # their options start at 0: the decision's own "none" case, nothing added
        assert not criteria[code].options.filter(unmet=True).exists()
    after = list(ScoreLine.objects.filter(sheet=sheet).values_list("criterion_id", "option_id", "option__points"))
    assert after == before
    migration.forwards(django_apps, None)  # running twice adds nothing
    assert Option.objects.filter(unmet=True).count() == 1


def test_every_rule_set_names_how_a_council_meets_a_mark_and_its_source():
    for rule_set in RuleSet.objects.all():
        assert rule_set.mark_reading == MarkReading.COUNCIL_MEAN
        assert "README" in rule_set.mark_reading_source and "trung bình" in rule_set.mark_reading_source


def test_the_reading_decides_a_mark_one_member_missed():
    members = (("An", Decimal("0")), ("Bình", Decimal("2")))
    mean = rating.MandatoryCheck(4, Decimal("1"), Decimal("1"), "Sở hữu trí tuệ", members=members)
    every = rating.MandatoryCheck(
        4, Decimal("1"), Decimal("1"), "Sở hữu trí tuệ", reading=rating.EVERY_MEMBER, members=members
    )
    assert mean.met and not every.met
    assert mean.missed_by == every.missed_by == ["An"]
    assert rating.star_rating(Decimal("95"), [mean]) == 5
    assert rating.star_rating(Decimal("95"), [every]) == 3
    assert rating.deciding_checks(Decimal("75"), [every, rating.MandatoryCheck(5, 0, 1)]) == [every]
