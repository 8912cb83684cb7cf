"""Ten years of OCOP history, product by product: rounds, registrations, score sheets, decisions, recognitions and
revocations, following the rules of the portal (``decisions``, ``evaluations.rating``).

Each product enters a round (new), is scored and, at 3★ or more, recognised by a decision (36 months' validity,
``decisions.models.validity_end``). During its validity it may register for an upgrade (a new recognition at
higher stars when the council scores it so) or be revoked (production stopped, violation). Three years after its
recognition it is re-evaluated (a new recognition, or a revocation when it fails) or, when the producer does not
apply, it lapses and is usually revoked for "not re-evaluated within 36 months". Rounds are provincial, twice a
year; the rule set follows the date (QĐ 1048 until 23/02/2023, QĐ 148 until 05/07/2025, then 148 as amended by
1489), and so does who signs: the province for 3–4★ (the district for 3★ under 148), the ministry for 5★.

Score sheets: under QĐ 148 each of the five scoring council members fills one sheet with one chosen option per
criterion of the product set's criteria set (``ScoreLine`` rows); the registration's score is the mean of the
members' totals and its stars follow ``evaluations.rating`` (bands and mandatory criteria). The QĐ 1048 criteria
sheets are not loaded in the portal, so registrations of 1048-era rounds carry the council's mean score and stars
only, without sheets; ``sheet_years`` limits the per-criterion sheets to the most recent years.
"""

import dataclasses
import datetime
from decimal import ROUND_HALF_UP, Decimal

from decisions.models import (
    Decision,
    DecisionCounter,
    DecisionKind,
    DecisionStatus,
    Recognition,
    RecognitionKind,
    Revocation,
    RevocationGround,
    validity_end,
)
from evaluations import rating
from evaluations.models import (
    CouncilMember,
    CouncilPosition,
    Criterion,
    EvaluationLevel,
    Option,
    ProposedAction,
    Registration,
    RegistrationKind,
    RegistrationStatus,
    Round,
    RoundStatus,
    RuleSet,
    ScoreLine,
    ScoreSheet,
    SheetStatus,
)

from .structure import REFORM_DAY
from .timeutil import at

QD148_START = datetime.date(2023, 2, 24)
QD1489_START = datetime.date(2025, 7, 6)
# (opens, scoring closes, decision) per round of the year
ROUND_CALENDAR = {1: ((3, 1), (5, 31), (6, 20)), 2: ((8, 1), (10, 31), (12, 15))}
TWO = Decimal("0.01")


@dataclasses.dataclass
class RoundInfo:
    id: int
    province: object
    year: int
    seq: int
    rule_code: str
    opens: datetime.date
    closes: datetime.date
    decision_day: datetime.date
    council: list


@dataclasses.dataclass
class DecisionInfo:
    id: int
    kind: str
    authority_id: int
    unit_id: int
    day: datetime.date
    items: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Current:
    recognition_id: int
    stars: int
    day: datetime.date
    until: datetime.date
    slot: int
    quality: float


def slot_of(year, seq):
    return year * 2 + seq - 1


def slot_year_seq(slot):
    return slot // 2, slot % 2 + 1


def rule_code_for(opens):
    if opens < QD148_START:
        return "qd1048"
    if opens < QD1489_START:
        return "qd148"
    return "qd148_1489"


class History:
    def __init__(self, writer, rng, structure, today, *, sheet_years=None):
        self.w, self.rng, self.s, self.today = writer, rng, structure, today
        self.rounds = {}
        self.decisions = {}
        self.recognitions = []  # rows, written at the end (certificate numbers need decision numbers)
        self.revocations = []
        self.rule_sets = dict(RuleSet.objects.values_list("code", "pk"))
        self.sheet_from_year = today.year - sheet_years + 1 if sheet_years else QD148_START.year
        self.new_by_unit_year = {}  # (province id, year) -> products newly recognised (for the plan targets)
        self._load_criteria()

    # ---- criteria --------------------------------------------------------------------------------------------

    def _load_criteria(self):
        """{set number: (criteria set id, [(criterion id, [(option id, points)...] ascending, marks)])}."""
        from evaluations.models import CriteriaSet

        rule_set = self.rule_sets.get("qd148")
        sets = {cs.pk: cs.number for cs in CriteriaSet.objects.filter(rule_set_id=rule_set)}
        options = {}
        for option_id, criterion_id, points, stars in Option.objects.filter(
            criterion__section__part__criteria_set_id__in=list(sets)
        ).values_list("pk", "criterion_id", "points", "mandatory_stars"):
            options.setdefault(criterion_id, []).append((int(points), option_id, stars))
        self.criteria = {}
        for criterion_id, set_id in Criterion.objects.filter(section__part__criteria_set_id__in=list(sets)).values_list(
            "pk", "section__part__criteria_set_id"
        ):
            opts = sorted(options.get(criterion_id, []))
            if not opts:
                continue
            marks = {}
            for points, _option_id, stars in opts:
                if stars is not None and (stars not in marks or points < marks[stars]):
                    marks[stars] = points
            # Lowest option index meeting every mark up to N stars (a product aiming at N stars usually complies).
            floors = {}
            for target in (3, 4, 5):
                needed = [points for stars, points in marks.items() if stars <= target]
                floors[target] = next((i for i, o in enumerate(opts) if o[0] >= max(needed)), 0) if needed else 0
            entry = (criterion_id, [(o, p) for p, o, _s in opts], marks, floors)
            self.criteria.setdefault(sets[set_id], (set_id, []))[1].append(entry)

    # ---- rounds ----------------------------------------------------------------------------------------------

    def round_days(self, province, year, seq):
        opens, closes, decision = ROUND_CALENDAR[seq]
        jitter = (province.id * 31 + year * 7 + seq * 13) % 21 - 10
        return (
            datetime.date(year, *opens),
            datetime.date(year, *closes),
            datetime.date(year, *decision) + datetime.timedelta(days=jitter),
        )

    def province_at(self, unit, day):
        return unit.successor_at(day).province

    def round_for(self, unit, slot):
        year, seq = slot_year_seq(slot)
        opens, closes, decision = self.round_days(unit.province, year, seq)
        province = self.province_at(unit, opens)
        key = (province.id, year, seq)
        info = self.rounds.get(key)
        if info is not None:
            return info
        opens, closes, decision = self.round_days(province, year, seq)
        if opens > self.today:
            return None
        rule_code = rule_code_for(opens)
        status = RoundStatus.CLOSED if closes <= self.today else RoundStatus.SCORING
        round_id = self.w.add(
            Round,
            {
                "year": year,
                "sequence": seq,
                "rule_set_id": self.rule_sets[rule_code],
                "level": EvaluationLevel.PROVINCE,
                "unit_id": province.id,
                "opens_on": opens,
                "scoring_closes_on": closes,
                "status": status,
                "scoring_closed_at": at(closes, 17) if status == RoundStatus.CLOSED else None,
                "scoring_closed_by_id": province.council[-1] if status == RoundStatus.CLOSED else None,
                "note": "",
                "created_at": at(opens - datetime.timedelta(days=20)),
                "created_by_id": province.office_user_id,
            },
        )
        council = province.council
        for index, user_id in enumerate(council):
            position = (
                CouncilPosition.CHAIR
                if index == 0
                else CouncilPosition.SECRETARY
                if index == len(council) - 1
                else CouncilPosition.MEMBER
            )
            self.w.add(
                CouncilMember,
                {
                    "round_id": round_id,
                    "user_id": user_id,
                    "position": position,
                    "scores": position != CouncilPosition.SECRETARY,
                    "organisation": "",
                },
            )
        info = RoundInfo(round_id, province, year, seq, rule_code, opens, closes, decision, council[:-1])
        self.rounds[key] = info
        return info

    # ---- scoring ---------------------------------------------------------------------------------------------

    def score(self, product, round_, quality, registration_id):
        """Score a registration: per-criterion sheets (QĐ 148 rounds of the recent years) or the council's mean."""
        rng = self.rng
        if round_.rule_code == "qd1048" or round_.year < self.sheet_from_year:
            raw = 18 + 76 * quality + rng.gauss(0, 2.0)
            score = Decimal(str(min(max(raw, 12.0), 99.0))).quantize(TWO, rounding=ROUND_HALF_UP)
            return score, rating.band_stars(score)
        set_id, criteria = self.criteria[product.set_number]
        aim = rating.band_stars(10 + 87 * quality)  # what the product can reach; it usually meets that level's marks
        for _attempt in range(6):
            choices = []  # per member: [(criterion, option, points)]
            for _member in round_.council:
                q = quality + rng.gauss(0, 0.035)
                picks = []
                for criterion_id, options, _marks, floors in criteria:
                    k = len(options) - 1
                    index = int(q * k + rng.gauss(0, 0.45) + 0.5)
                    index = 0 if index < 0 else k if index > k else index
                    if aim >= 3 and index < floors[aim] and rng.random() > 0.015:
                        index = floors[aim]
                    option_id, points = options[index]
                    picks.append((criterion_id, option_id, points))
                choices.append(picks)
            totals = [sum(p for _c, _o, p in picks) for picks in choices]
            if max(totals) - min(totals) <= 10:
                break
        n = len(choices)
        score = rating.mean(totals)
        checks = []
        for position, (_criterion_id, _options, marks, _floors) in enumerate(criteria):
            if not marks:
                continue
            awarded = Decimal(sum(picks[position][2] for picks in choices)) / n
            checks.extend(rating.MandatoryCheck(stars, awarded, Decimal(points)) for stars, points in marks.items())
        stars = rating.star_rating(score, checks)
        submitted = at(round_.closes - datetime.timedelta(days=rng.randint(1, 20)), 15)
        for member_id, picks in zip(round_.council, choices, strict=True):
            sheet_id = self.w.add(
                ScoreSheet,
                {
                    "registration_id": registration_id,
                    "member_id": member_id,
                    "criteria_set_id": set_id,
                    "status": SheetStatus.SUBMITTED,
                    "submitted_at": submitted,
                    "reopened_count": 0,
                    "comment": "",
                    "created_at": submitted - datetime.timedelta(days=3),
                    "updated_at": submitted,
                },
            )
            for criterion_id, option_id, _points in picks:
                self.w.add(
                    ScoreLine,
                    {
                        "sheet_id": sheet_id,
                        "criterion_id": criterion_id,
                        "option_id": option_id,
                        "updated_at": submitted,
                    },
                )
        return score, stars

    # ---- decisions -------------------------------------------------------------------------------------------

    def decision(self, kind, authority_id, unit_id, day):
        key = (kind, authority_id, day)
        info = self.decisions.get(key)
        if info is None:
            info = DecisionInfo(self.w.next_id(Decision), kind, authority_id, unit_id, day)
            self.decisions[key] = info
        return info

    def recognition_authority(self, product, round_, stars, day):
        if stars == 5:
            return self.s.ministry_at(day), self.s.country.id
        if round_.rule_code == "qd148" and stars == 3 and product.unit.district is not None:
            return product.unit.district.authority_id, product.unit.district.id
        return round_.province.authority_id, round_.province.id

    def revoke(self, product, current, ground, day):
        province = self.province_at(product.unit, day)
        decision = self.decision(DecisionKind.REVOCATION, province.authority_id, province.id, day)
        row = {
            "id": self.w.next_id(Revocation),
            "decision_id": decision.id,
            "recognition_id": current.recognition_id,
            "ground": ground,
            "ground_text": "",
        }
        decision.items.append(row)
        self.revocations.append(row)
        product.revoked = True

    # ---- one product's life ----------------------------------------------------------------------------------

    def register(self, product, slot, kind, quality, current=None):
        """Register the product into the round of ``slot``; returns (round, stars, score, recognition) or None."""
        round_ = self.round_for(product.unit, slot)
        if round_ is None:
            return None
        rng = self.rng
        registration_id = self.w.next_id(Registration)
        submitted = at(round_.opens + datetime.timedelta(days=rng.randint(3, 45)), 10)
        scored = round_.closes <= self.today
        score = stars = None
        if scored:
            score, stars = self.score(product, round_, quality, registration_id)
        decided = scored and round_.decision_day <= self.today
        eligible = stars is not None and stars >= 3 and (kind != RegistrationKind.UPGRADE or stars > current.stars)
        day = round_.decision_day
        if eligible and stars == 5:
            day = day + datetime.timedelta(days=55)
            decided = decided and day <= self.today
        recognition_id = None
        status = RegistrationStatus.ACCEPTED
        if scored:
            status = RegistrationStatus.APPROVED if eligible else RegistrationStatus.SCORED
        if eligible and decided:
            status = RegistrationStatus.DECIDED
            authority_id, unit_id = self.recognition_authority(product, round_, stars, day)
            decision = self.decision(DecisionKind.RECOGNITION, authority_id, unit_id, day)
            recognition_id = self.w.next_id(Recognition)
            row = {
                "id": recognition_id,
                "decision_id": decision.id,
                "product_id": product.id,
                "stars": stars,
                "score": score,
                "kind": {
                    RegistrationKind.NEW: RecognitionKind.NEW,
                    RegistrationKind.UPGRADE: RecognitionKind.UPGRADE,
                    RegistrationKind.RE_EVALUATION: RecognitionKind.RE_EVALUATION,
                }[kind],
                "valid_from": day,
                "valid_until": validity_end(day),
                "registration_id": registration_id,
            }
            decision.items.append(row)
            self.recognitions.append(row)
            if kind == RegistrationKind.NEW:
                key = (self.province_at(product.unit, day).id, day.year)
                self.new_by_unit_year[key] = self.new_by_unit_year.get(key, 0) + 1
            product.recognised = True
            product.last_stars, product.last_quality = stars, quality
        action = ""
        if scored:
            action = (
                ProposedAction.FORWARD
                if eligible and stars == 5
                else ProposedAction.RECOGNISE
                if eligible
                else ProposedAction.NOT_ELIGIBLE
            )
        self.w.add(
            Registration,
            {
                "id": registration_id,
                "round_id": round_.id,
                "product_id": product.id,
                "kind": kind,
                "status": status,
                "status_reason": "",
                "commune_report_id": None,
                "score": score,
                "stars": stars,
                "proposed_action": action,
                "note": "",
                "submitted_at": submitted,
                "scored_at": at(round_.closes, 16) if scored else None,
                "approved_at": at(round_.closes + datetime.timedelta(days=5), 9) if eligible else None,
                "decided_at": at(day, 9) if recognition_id else None,
                "created_at": submitted - datetime.timedelta(days=1),
                "updated_at": at(day, 9) if recognition_id else submitted,
                "created_by_id": None,
            },
        )
        if recognition_id is None:
            return round_, stars, None
        return round_, stars, Current(recognition_id, stars, day, validity_end(day), slot, quality)

    def live(self, product):
        rng = self.rng
        slot, kind, quality = product.first_slot, RegistrationKind.NEW, product.quality
        current = None
        tries = 0
        while slot is not None and current is None:
            result = self.register(product, slot, kind, quality)
            if result is None:
                return
            _round, _stars, current = result
            if current is None:
                tries += 1
                if tries > 2 or rng.random() > 0.45:
                    return
                slot += rng.randint(2, 4)
                quality = min(quality + rng.uniform(0.05, 0.15), 0.97)
        while current is not None:
            # A revocation during the validity (production stopped, violation)?
            if rng.random() < 0.04:
                span = (current.until - current.day).days
                day = current.day + datetime.timedelta(days=rng.randint(60, max(span - 60, 61)))
                day = day.replace(day=15) if day.day > 15 else day
                if day <= self.today:
                    ground = RevocationGround.PRODUCTION_STOPPED if rng.random() < 0.7 else RevocationGround.VIOLATION
                    self.revoke(product, current, ground, day)
                    if ground == RevocationGround.PRODUCTION_STOPPED:
                        product.stopped = True
                    return
            # An upgrade during the validity (3★ and 4★ products aiming higher)?
            if current.stars < 5 and rng.random() < (0.12 if current.stars == 3 else 0.02):
                up_slot = current.slot + rng.randint(2, 4)
                quality = min(current.quality + rng.gauss(0.12, 0.06), 0.99)
                result = self.register(product, up_slot, RegistrationKind.UPGRADE, quality, current)
                if result is None:
                    return
                if result[2] is not None:
                    current = result[2]
                    continue
            # Three years on: re-evaluation, or lapse.
            re_slot = current.slot + 6
            if rng.random() < 0.65:
                quality = min(max(current.quality + rng.gauss(0.0, 0.05), 0.05), 0.96)
                result = self.register(product, re_slot, RegistrationKind.RE_EVALUATION, quality, current)
                if result is None:
                    return
                round_, stars, new = result
                if new is not None:
                    current = new
                    continue
                if stars is not None and round_.decision_day <= self.today:
                    self.revoke(product, current, RevocationGround.FAILED_REEVALUATION, round_.decision_day)
                return
            if rng.random() < 0.85:
                year, seq = slot_year_seq(re_slot + 1)
                province = self.province_at(product.unit, current.until)
                day = self.round_days(province, year, seq)[2] + datetime.timedelta(days=5)
                if day <= self.today:
                    self.revoke(product, current, RevocationGround.NOT_REEVALUATED, day)
            return

    # ---- writing what was kept in memory ---------------------------------------------------------------------

    def finish(self):
        counters = {}
        for info in sorted(self.decisions.values(), key=lambda d: (d.day, d.kind, d.id)):
            key = (info.authority_id, info.day.year)
            number = counters[key] = counters.get(key, 0) + 1
            suffix = self.s.suffix_of(info.authority_id)
            recognition = info.kind == DecisionKind.RECOGNITION
            self.w.add(
                Decision,
                {
                    "id": info.id,
                    "kind": info.kind,
                    "authority_id": info.authority_id,
                    "unit_id": info.unit_id,
                    "year": info.day.year,
                    "number": number,
                    "number_display": f"{number}/{suffix}",
                    "date": info.day,
                    "signer_name": "",
                    "signer_title": "",
                    "subject_line": "Về việc công nhận sản phẩm đạt chuẩn OCOP"
                    if recognition
                    else "Về việc thu hồi Giấy chứng nhận sản phẩm đạt chuẩn OCOP",
                    "legal_basis": "",
                    "recipients": "",
                    "status": DecisionStatus.ISSUED,
                    "historical": info.day < datetime.date(2024, 1, 1),
                    "corrects_id": None,
                    "issued_at": at(info.day, 9),
                    "issued_by_id": None,
                    "created_at": at(info.day - datetime.timedelta(days=7), 9),
                    "created_by_id": None,
                },
            )
            for position, row in enumerate(info.items, start=1):
                row["position"] = position
                if recognition:
                    row["certificate_number"] = f"{number}-{position:02d}/{info.day.year}/GCN-OCOP"
                    row["corrects_id"] = None
        for row in self.recognitions:
            self.w.add(Recognition, row)
        for row in self.revocations:
            self.w.add(Revocation, row)
        for (authority_id, year), last in counters.items():
            self.w.add(DecisionCounter, {"authority_id": authority_id, "year": year, "last_number": last})


__all__ = ["History", "REFORM_DAY", "slot_of"]
