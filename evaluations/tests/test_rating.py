"""The star rule at the band boundaries, with mandatory criteria, the spread flag and the level proposals."""

from decimal import Decimal

import pytest

from evaluations import rating
from evaluations.rating import MandatoryCheck, Reach


@pytest.mark.parametrize(
    ("total", "stars"),
    [
        ("0", 1),
        ("29.99", 1),
        ("30", 2),
        ("49.99", 2),
        ("50", 3),
        ("69.99", 3),
        ("70", 4),
        ("89.99", 4),
        ("90", 5),
        ("100", 5),
    ],
)
def test_bands_at_the_boundaries(total, stars):
    assert rating.star_rating(Decimal(total)) == stars


@pytest.mark.parametrize(
    ("total", "awarded", "stars"),
    [
        ("95", "2", 5),  # 3★ mark met
        ("95", "1.99", 2),  # 3★ mandatory failed: capped at 2★ whatever the total
        ("69.99", "1", 2),
        ("50", "1", 2),
        ("49.99", "1", 2),  # band 2 anyway
        ("29.99", "0", 1),
    ],
)
def test_failed_three_star_mandatory_caps_at_two(total, awarded, stars):
    checks = [MandatoryCheck(3, Decimal(awarded), Decimal("2"), "Công bố tiêu chuẩn")]
    assert rating.star_rating(Decimal(total), checks) == stars


def test_failed_four_star_mark_gives_three_and_five_needs_four():
    checks = [
        MandatoryCheck(3, Decimal("2"), Decimal("2")),
        MandatoryCheck(4, Decimal("2"), Decimal("3")),  # failed
        MandatoryCheck(5, Decimal("5"), Decimal("5")),  # met, but 5★ also needs the 4★ requirements
    ]
    assert rating.star_rating(Decimal("95"), checks) == 3
    assert rating.star_rating(Decimal("75"), checks) == 3
    assert rating.star_rating(Decimal("60"), checks) == 3
    assert [c.stars for c in rating.failed_checks(Decimal("95"), checks)] == [4]
    # a 5★ mark does not matter for a product in the 4★ band
    assert rating.star_rating(Decimal("80"), [MandatoryCheck(5, Decimal("0"), Decimal("5"))]) == 4


@pytest.mark.parametrize(
    ("totals", "flagged"),
    [(["70", "80"], False), (["70", "80.01"], True), (["70", "75", "90.5"], True), (["50"], False)],
)
def test_spread_over_ten_points_is_flagged(totals, flagged):
    assert rating.spread_flagged([Decimal(t) for t in totals]) is flagged


def test_mean_is_rounded_to_two_places():
    assert rating.mean([Decimal("70"), Decimal("71"), Decimal("71")]) == Decimal("70.67")


DISTRICT_148 = Reach(3, 3, Decimal("70"))
PROVINCE_148 = Reach(4, 4, Decimal("90"))
PROVINCE_1489 = Reach(3, 4, Decimal("90"))


@pytest.mark.parametrize(
    ("reach", "score", "stars", "action"),
    [
        (DISTRICT_148, "65", 3, rating.RECOGNISE),
        (DISTRICT_148, "70", 4, rating.FORWARD),
        (DISTRICT_148, "75", 3, rating.RECOGNISE),  # ≥70 but 4★ mandatory failed: 3★ here
        (DISTRICT_148, "45", 2, rating.NOT_ELIGIBLE),
        (PROVINCE_148, "80", 4, rating.RECOGNISE),
        (PROVINCE_148, "92", 5, rating.FORWARD),
        (PROVINCE_148, "65", 3, rating.RETURN_LOWER),
        (PROVINCE_1489, "65", 3, rating.RECOGNISE),
        (PROVINCE_1489, "85", 4, rating.RECOGNISE),
        (PROVINCE_1489, "90", 5, rating.FORWARD),
        (PROVINCE_1489, "92", 4, rating.RECOGNISE),  # 5★ marks failed: recognised 4★ here
        (PROVINCE_1489, "40", 2, rating.NOT_ELIGIBLE),
    ],
)
def test_level_reach_proposals(reach, score, stars, action):
    assert rating.propose_action(score=Decimal(score), stars=stars, reach=reach) == action
