"""Old Đồng Tháp's 2019–2022 history carried into 2023–2026 (issue #14, item 8): each cohort of certificates is
re-evaluated in the year it ends (36 months), most products are re-recognised, some 3★ products are upgraded to
4★, a few fail or are not re-evaluated and lapse. Before 01/07/2025 the old province's rounds and decisions; after
it those of the merged province, for products still recorded under the old communes (they carry over).

So the number of valid products stays near the 2022 level instead of collapsing when the 2019–2022 certificates
end. Runs after ``devdata.demo.decisions`` (it leaves the products that demo re-evaluated or revoked alone) and
only the steps whose decision date has come. Idempotent: a step whose decision exists is skipped. Nothing is dated
before 2023, so the 2022 report keeps reproducing the seed plan's figures.
"""

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from audit.services import snapshot
from decisions.models import Decision, Recognition, RecognitionKind
from devdata.demo import decisions as decisions_demo
from devdata.demo import seed2022
from evaluations import services as evaluation_services
from evaluations.models import (
    EvaluationLevel,
    ProposedAction,
    Registration,
    RegistrationKind,
    RegistrationStatus,
    Round,
    RoundStatus,
    RuleSet,
)

# (authority key, year, round sequence, opens on, scoring closes on, decision number, decision date, subject line)
STEPS = [
    ("old", 2023, 1, datetime.date(2023, 6, 1), datetime.date(2023, 10, 27), "1390/QĐ-UBND-HC",
     datetime.date(2023, 11, 24), "năm 2023"),
    ("old", 2024, 1, datetime.date(2024, 6, 3), datetime.date(2024, 10, 25), "1801/QĐ-UBND-HC",
     datetime.date(2024, 11, 15), "năm 2024"),
    ("old", 2025, 1, datetime.date(2025, 3, 3), datetime.date(2025, 5, 30), "905/QĐ-UBND-HC",
     datetime.date(2025, 6, 20), "năm 2025 (đợt 1)"),
    ("new", 2025, 1, datetime.date(2025, 8, 1), datetime.date(2025, 11, 14), "2950/QĐ-UBND-HC",
     datetime.date(2025, 12, 10), "năm 2025"),
    ("new", 2026, 1, datetime.date(2026, 4, 1), datetime.date(2026, 10, 30), "2488/QĐ-UBND-HC",
     datetime.date(2026, 11, 12), "năm 2026"),
]  # fmt: skip
# A certificate is re-evaluated in the step whose decision falls within this many days before it ends.
WINDOW_DAYS = 180
# Only the certificates of the history's own decisions are followed (not the registry demo's short-dated ones).
SOURCE_NUMBERS = {number for number, _date, _label in seed2022.DECISIONS.values()} | {step[5] for step in STEPS}


def _score(stars, i):
    base = {3: Decimal("57.25"), 4: Decimal("73.50"), 5: Decimal("90.50")}[stars]
    return base + Decimal(i % 9) * Decimal("1.25")


def _latest_recognitions():
    """{product id: its latest recognition} (with ``revoked`` and ``source`` set), in one query."""
    rows = Recognition.objects.select_related("decision").order_by("decision__date", "pk")
    revoked = set(Recognition.objects.filter(revocations__isnull=False).values_list("pk", flat=True))
    latest = {}
    for recognition in rows:
        recognition.revoked = recognition.pk in revoked
        latest[recognition.product_id] = recognition
    return latest


def _due(latest, date):
    """The certificates (latest per product, not revoked, of the history's decisions) ending within the window."""
    end = date + datetime.timedelta(days=WINDOW_DAYS)
    due = [
        r
        for r in latest.values()
        if not r.revoked
        and r.decision.number_display in SOURCE_NUMBERS
        and r.valid_until is not None
        and date < r.valid_until <= end
    ]
    return sorted(due, key=lambda r: r.product_id)


def _rule_set(day):
    """The rule set in force on ``day`` with provincial evaluations (QĐ 1048, QĐ 148, QĐ 148 as amended...)."""
    return (
        RuleSet.objects.filter(effective_from__lte=day, reaches__level=EvaluationLevel.PROVINCE)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
        .first()
    )


def _round(actor, authority, year, sequence, opens_on, closes_on):
    unit = authority.unit
    rule_set = _rule_set(opens_on)
    round_ = Round.objects.filter(year=year, sequence=sequence, level=EvaluationLevel.PROVINCE, unit=unit).first()
    if round_ is None:
        round_ = evaluation_services.round_create(
            actor=actor,
            year=year,
            sequence=sequence,
            rule_set=rule_set,
            level=EvaluationLevel.PROVINCE,
            unit=unit,
            opens_on=opens_on,
            scoring_closes_on=closes_on,
            note="Đợt đánh giá lại các sản phẩm có giấy chứng nhận hết hạn trong năm (dữ liệu mẫu).",
        )
    closed_at = timezone.make_aware(datetime.datetime.combine(closes_on, datetime.time(17, 0)))
    Round.objects.filter(pk=round_.pk).update(
        status=RoundStatus.CLOSED, scoring_closed_at=closed_at, scoring_closed_by=actor
    )
    return round_


def _plan(due):
    """[(product, registration kind, stars or None, score)]: of every 14 certificates, one fails its
    re-evaluation and one is not re-evaluated (lapses); about one 3★ product in nine is upgraded to 4★."""
    entries = []
    for i, recognition in enumerate(due):
        if i % 14 == 13:
            continue
        if i % 14 == 6:
            entries.append((recognition.product, RegistrationKind.RE_EVALUATION, None, Decimal("46.50")))
            continue
        stars = recognition.stars
        kind = RegistrationKind.RE_EVALUATION
        if stars == 3 and i % 9 == 4:
            stars, kind = 4, RegistrationKind.UPGRADE
        entries.append((recognition.product, kind, stars, _score(stars, i)))
    return entries


def _registrations(actor, round_, opens_on, closes_on, entries, decided_on):
    objects = []
    for product, kind, stars, score in entries:
        passed = stars is not None
        objects.append(
            Registration(
                round=round_,
                product=product,
                kind=kind,
                status=RegistrationStatus.DECIDED if passed else RegistrationStatus.APPROVED,
                score=score,
                stars=stars,
                proposed_action=ProposedAction.RECOGNISE if passed else ProposedAction.NOT_ELIGIBLE,
                note="" if passed else "Không đạt điểm tối thiểu 50 điểm khi đánh giá lại.",
                submitted_at=seed2022._at(opens_on + datetime.timedelta(days=20)),
                scored_at=seed2022._at(closes_on, 16),
                approved_at=seed2022._at(closes_on + datetime.timedelta(days=7)),
                decided_at=seed2022._at(decided_on, 15) if passed else None,
                created_by=actor,
            )
        )
    saved = Registration.objects.bulk_create(objects)
    seed2022._audit_created(actor, saved, snapshot, reason="Dữ liệu mẫu: đánh giá lại")
    return {registration.product_id: registration for registration in saved}


def load(today=None):
    today = today or timezone.localdate()
    actor = decisions_demo._actor()
    authorities = decisions_demo.authorities()
    if actor is None:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh planner statistics (as the data generator does): the registry was empty a minute ago, and each
            # decision recomputes the stored status of its products with correlated subqueries.
            cursor.execute("ANALYZE")
    done = []
    for key, year, sequence, opens_on, closes_on, number, date, label in STEPS:
        authority = authorities.get(key)
        if authority is None or date > today:
            continue
        if Decision.objects.filter(authority=authority, number_display=number).exists():
            continue
        entries = _plan(_due(_latest_recognitions(), date))
        items = [(p, s, sc, k) for p, k, s, sc in entries if s is not None]
        if not items:
            continue
        round_ = _round(actor, authority, year, sequence, opens_on, closes_on)
        registrations = _registrations(actor, round_, opens_on, closes_on, entries, date)
        recognition_kind = {
            RegistrationKind.RE_EVALUATION: RecognitionKind.RE_EVALUATION,
            RegistrationKind.UPGRADE: RecognitionKind.UPGRADE,
        }
        decision = decisions_demo._recognise(
            actor,
            authority,
            number,
            date,
            [(p, s, sc, recognition_kind[k]) for p, s, sc, k in items],
            f"Về việc công nhận lại sản phẩm đạt chuẩn OCOP tỉnh Đồng Tháp {label}",
        )
        linked = []
        for recognition in decision.recognitions.all():
            registration = registrations.get(recognition.product_id)
            if registration is not None:
                recognition.registration_id = registration.pk
                linked.append(recognition)
        Recognition.objects.bulk_update(linked, ["registration"])
        done.append(decision)
    return done
