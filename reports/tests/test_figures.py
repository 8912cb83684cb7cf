"""The figures on the hand-built dataset of ``conftest.py`` against values counted by hand."""

import pytest

from reports.figures import compute, percent
from reports.periods import Period, PeriodError


def stars(three, four, five=0):
    return {"3": three, "4": four, "5": five}


@pytest.fixture
def year_2022(dataset):
    return compute(dataset["tree"]["province"], "2022")


def test_period_parsing_and_edges():
    year = Period.parse("2022")
    assert (year.start.isoformat(), year.end.isoformat(), year.cutoff.isoformat()) == (
        "2022-01-01",
        "2022-12-31",
        "2022-12-31",
    )
    half = Period.parse(" 2022-h1 ")
    assert (half.code, half.kind, half.end.isoformat(), half.due_date.isoformat()) == (
        "2022-H1",
        "six_month",
        "2022-06-30",
        "2022-06-15",
    )
    assert year.due_date.isoformat() == "2022-12-15" and year.label == "năm 2022"
    for bad in ("22", "2022-H2", "2022-Q1", "", "năm 2022"):
        with pytest.raises(PeriodError):
            Period.parse(bad)


def test_percent_is_rounded_half_up_to_two_decimals():
    assert str(percent(47, 119)) == "39.50"  # 39,4958 -> 39,50 (the province's plan printed 39,49)
    assert str(percent(1, 8)) == "12.50" and str(percent(1, 3)) == "33.33" and str(percent(2, 3)) == "66.67"
    assert str(percent(1, 200)) == "0.50" and percent(1, 0) is None


def test_entries_count_each_product_once_and_skip_drafts(year_2022):
    # p1 new, p6 upgrade, p9 new (not recognised) in round 1; p2 new in round 2; p10 draft; p8 is 2023.
    assert year_2022["entries"] == {
        "products": 4,
        "new": 3,
        "re_evaluation": 0,
        "upgrade": 1,
        "subjects": 3,
        "units": 3,
    }
    assert year_2022["participation"] == {"subjects": 3, "recognised_subjects": 2, "percent": "66.67"}


def test_recognised_in_2022_by_stars_kind_group_and_legal_form(year_2022):
    rec = year_2022["recognised"]
    # p1 (30/06) and p2 (01/07) new, p6 upgraded on 31/12/2022; p7 is another province, p8 is 01/01/2023.
    assert (rec["products"], rec["subjects"], rec["stars"]) == (3, 2, stars(1, 2))
    assert rec["kinds"]["new"] == {"products": 2, "subjects": 1, "stars": stars(1, 1)}
    assert rec["kinds"]["upgrade"] == {"products": 1, "subjects": 1, "stars": stars(0, 1)}
    assert rec["kinds"]["re_evaluation"] == {"products": 0, "subjects": 0, "stars": stars(0, 0)}
    # Recognised before Decision 148: the 1048-era class as recorded (food, drink); p6 is recorded under 148 (I).
    assert [(g["key"], g["name"], g["products"], g["percent"]) for g in rec["groups"]] == [
        ("qd1048:1", "Thực phẩm", 1, "33.33"),
        ("qd1048:2", "Đồ uống", 1, "33.33"),
        ("qd148:I", rec["groups"][2]["name"], 1, "33.33"),
    ]
    forms = {row["key"]: (row["subjects"], row["percent"]) for row in rec["legal_forms"]["rows"]}
    assert rec["legal_forms"]["subjects"] == 2
    assert forms == {
        "household": (1, "50.00"),
        "llc": (0, "0.00"),
        "joint_stock": (0, "0.00"),
        "cooperative": (1, "50.00"),
        "private_enterprise": (0, "0.00"),
        "cooperative_group": (0, "0.00"),
    }


def test_valid_at_31_12_excludes_expired_revoked_and_other_areas(year_2022):
    valid = year_2022["valid"]
    # p1 3★, p2 4★, p4 4★ (valid until 31/12/2022 included), p6 4★ (upgrade supersedes the 2020 3★);
    # p3 ended 30/12/2022, p5 revoked 15/09/2022, p7 another province, p8 recognised 01/01/2023.
    assert (valid["products"], valid["subjects"], valid["stars"]) == (4, 3, stars(1, 3))
    assert valid["female_led"] == {"subjects": 2, "subjects_percent": "66.67", "products": 3, "stars": stars(1, 2)}
    assert valid["channels"] == {
        "ecommerce": {"products": 2, "percent": "50.00"},  # p1, p6 (p3's Shopee does not count: expired)
        "modern_retail": {"products": 2, "percent": "50.00"},  # p4, p6
    }
    assert [(u["code"], u["products"], u["stars"]) for u in valid["units"]] == [
        ("D1", 2, stars(1, 1)),
        ("D2", 1, stars(0, 1)),
        ("D3", 1, stars(0, 1)),
    ]


def test_revocations_in_2022_by_ground_and_stars(year_2022):
    rev = year_2022["revocations"]
    assert (rev["decisions"], rev["products"], rev["stars"]) == (1, 1, stars(1, 0))
    grounds = {g["key"]: g["products"] for g in rev["grounds"]}
    assert grounds["production_stopped"] == 1 and sum(grounds.values()) == 1


def test_programme_figures_budget_targets_activities(year_2022):
    budget = year_2022["budget"]
    assert budget["total"] == {"planned": "100", "allocated": None, "disbursed": "100"}
    assert [(s["key"], s["disbursed"]) for s in budget["sources"]] == [("ntp_nrd", "80.5"), ("local", "19.5")]
    [target] = year_2022["targets"]
    assert (target["number"], target["target"], target["actual"], target["percent"], target["met"]) == (
        "(1)",
        "1",
        "2",
        "200.00",
        True,
    )
    activities = year_2022["activities"]
    assert activities["total"] == {
        "activities": 2,
        "sessions": 28,
        "participants": 40,
        "women": 22,
        "cost_mvnd": None,
    }


def test_first_half_ends_on_30_06(dataset):
    h1 = compute(dataset["tree"]["province"], "2022-H1")
    assert h1["period"]["cutoff"] == "2022-06-30"
    # Round 2 opened 15/07: only round 1 entries. Recognised in H1: p1 (30/06). p6's upgrade is later.
    assert (h1["entries"]["products"], h1["entries"]["new"], h1["entries"]["upgrade"]) == (3, 2, 1)
    assert (h1["recognised"]["products"], h1["recognised"]["stars"]) == (1, stars(1, 0))
    # On 30/06/2022 p1, p3, p4, p5 (not yet revoked) and p6 (2020, 3★) are valid.
    assert (h1["valid"]["products"], h1["valid"]["stars"], h1["valid"]["subjects"]) == (5, stars(4, 1), 3)
    assert h1["valid"]["female_led"]["products"] == 3
    assert h1["revocations"]["products"] == 0


def test_next_year_starts_on_01_01(dataset):
    y2023 = compute(dataset["tree"]["province"], "2023")
    # p4 ended 31/12/2022; p8 recognised 01/01/2023 counts in 2023 only.
    assert y2023["recognised"]["products"] == 1 and y2023["recognised"]["kinds"]["new"]["products"] == 1
    assert y2023["valid"]["products"] == 4  # p1, p2, p6, p8
    assert y2023["entries"]["products"] == 1


def test_a_district_sees_only_its_subtree(dataset):
    d1 = compute(dataset["tree"]["d1"], "2022")
    assert (d1["valid"]["products"], d1["recognised"]["products"], d1["entries"]["products"]) == (2, 2, 2)
    assert [u["code"] for u in d1["valid"]["units"]] == ["C1"]
    assert d1["budget"]["total"]["disbursed"] == "19.5"
    assert d1["targets"] == []  # the plan is the province's


def test_figures_are_aggregates_a_fixed_number_of_queries(dataset, django_assert_max_num_queries):
    province = dataset["tree"]["province"]
    with django_assert_max_num_queries(40):
        compute(province, "2022")
