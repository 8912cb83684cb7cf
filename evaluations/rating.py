"""The star rule, written ONCE as pure functions (no database): used by services, selectors, views, API and tests.

Star N (1..5) needs three things (criteria README, ocop-domain.md §1.3):

1. the total is in band N: 90–100 → 5★, 70–<90 → 4★, 50–<70 → 3★, 30–<50 → 2★, <30 → 1★ (half-open intervals
   of Decision 148);
2. on every criterion that has an option marked for N stars (``***``, ``****``, ``*****``), the points awarded are
   at least that option's points;
3. the requirements of N−1 stars (so a product failing a 3★ mandatory criterion is at most 2★, whatever its total).

A mark sits on an option ("the minimum for N stars": required = that option's points) or on a criterion line
("e) Sở hữu trí tuệ****": for N stars the criterion must be met, i.e. any of the decision's options worth more than 0;
required = the lowest such option's points). The portal's «Không đáp ứng (0 điểm)» option scores 0, below every
required value (the loader refuses a mark worth 0), so it fails every mark of its criterion.

**How a council meets a mark is a setting of the rule set** (``RuleSet.mark_reading``, with its source):

* ``council_mean`` (default, the reading of Decision 148 used so far): judged on the consensus, not on each sheet.
  The product score is the mean of the members' totals, and likewise the points "awarded" on a marked criterion are
  the MEAN of the points the members gave on it. This keeps the mandatory rule consistent with the total (one
  member's slip neither makes nor breaks a product that the council as a whole scored above the mark), and members
  whose totals differ by more than 10 points are re-scored anyway.
* ``every_member``: every member's own points must reach the mark.

Each check also carries every member's points, so a result can say who met or missed a mark.

Level reach (who recognises which stars, who forwards from which score) is data (``LevelReach`` per rule set) and
turned into a proposal by ``propose_action``.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# (lower bound inclusive, stars), highest first.
STAR_BANDS = ((Decimal("90"), 5), (Decimal("70"), 4), (Decimal("50"), 3), (Decimal("30"), 2), (Decimal("0"), 1))
RECOGNISABLE_MIN_STARS = 3
SPREAD_LIMIT = Decimal("10")
TWO_PLACES = Decimal("0.01")

COUNCIL_MEAN = "council_mean"
EVERY_MEMBER = "every_member"

RECOGNISE = "recognise"
FORWARD = "forward"
RETURN_LOWER = "return_lower"
NOT_ELIGIBLE = "not_eligible"


@dataclass(frozen=True)
class MandatoryCheck:
    """One mandatory mark: a criterion where ``required`` points are needed for ``stars``; ``awarded`` given (the
    council's mean). ``members``: ``((member, points), ...)`` each member's own points on the criterion;
    ``on_criterion``: the mark is on the criterion line (must be met) rather than on one of its options;
    ``reading``: the rule set's ``mark_reading``."""

    stars: int
    awarded: Decimal
    required: Decimal
    criterion: str = ""
    reading: str = COUNCIL_MEAN
    members: tuple = ()
    on_criterion: bool = False

    @property
    def met(self):
        if self.reading == EVERY_MEMBER and self.members:
            return not self.missed_by
        return Decimal(self.awarded) >= Decimal(self.required)

    @property
    def missed_by(self):
        """The members whose own points are below the mark (shown with the result, whatever the reading)."""
        return [member for member, points in self.members if Decimal(points) < Decimal(self.required)]


@dataclass(frozen=True)
class Reach:
    """What one level may do: recognise ``min_stars``..``max_stars`` (None: nothing), forward from ``forward_from``."""

    min_stars: int | None
    max_stars: int | None
    forward_from: Decimal | None


def band_stars(total):
    total = Decimal(total)
    for lower, stars in STAR_BANDS:
        if total >= lower:
            return stars
    return 1


def star_rating(total, checks=()):
    """Stars for a total and the mandatory checks (iterable of ``MandatoryCheck``)."""
    by_stars = {}
    for check in checks:
        by_stars.setdefault(check.stars, []).append(check)
    result = 1
    for stars in range(2, band_stars(total) + 1):
        if not all(check.met for check in by_stars.get(stars, [])):
            break
        result = stars
    return result


def failed_checks(total, checks=()):
    """The mandatory checks that keep the product below its band (for showing why)."""
    band = band_stars(total)
    return [check for check in checks if check.stars <= band and not check.met]


def deciding_checks(total, checks=()):
    """The checks that decided the stars of a total: every mark up to the band, met or not, lowest stars first."""
    band = band_stars(total)
    return sorted((check for check in checks if check.stars <= band), key=lambda check: check.stars)


def mean(values):
    values = [Decimal(v) for v in values]
    if not values:
        return None
    return (sum(values) / len(values)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def spread(totals):
    totals = [Decimal(t) for t in totals]
    if not totals:
        return Decimal("0")
    return max(totals) - min(totals)


def spread_flagged(totals, limit=SPREAD_LIMIT):
    """Members' totals differing by more than ``limit`` points (max − min > 10) must be re-scored."""
    return spread(totals) > limit


def is_recognisable(stars):
    return stars is not None and stars >= RECOGNISABLE_MIN_STARS


def propose_action(*, score, stars, reach):
    """What the level that ran the round should do with the result, given its ``Reach``.

    * forward to the next level when the score reaches the forwarding threshold and the stars are above what this
      level recognises (a 148 district round forwards ≥70 with 4★ or more);
    * recognise here when the stars are within this level's range;
    * return to the lower level when the product is recognisable (3★+) but below this level's range (148 province
      round, a 3★ result: sent back to the district, as Đồng Tháp did in 2023);
    * otherwise (below 3★) not eligible.
    """
    if reach is None or score is None or stars is None:
        return NOT_ELIGIBLE
    score = Decimal(score)
    top = reach.max_stars or 0
    if reach.forward_from is not None and score >= Decimal(reach.forward_from) and stars > top:
        return FORWARD
    if not is_recognisable(stars):
        return NOT_ELIGIBLE
    if reach.min_stars is not None and reach.min_stars <= stars <= top:
        return RECOGNISE
    if reach.min_stars is not None and stars < reach.min_stars:
        return RETURN_LOWER
    return NOT_ELIGIBLE
