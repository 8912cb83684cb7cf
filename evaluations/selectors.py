"""Reads for evaluations. Every queryset starts from ``Model.objects.restrict(user, action)``.

Privacy of score sheets (who sees which totals) is decided here and only here:

* before the secretary closes scoring, a member sees only their OWN sheet; the secretary sees who has submitted,
  never the points; nobody else sees anything of the sheets;
* after closing, the council of that round and the coordination office of the area see every sheet and result.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_office
from accounts.scoping import in_scope
from areas.formatting import unit_option
from areas.models import AdministrativeUnit
from ocop_portal.queries import count_of

from . import rating
from .models import (
    CouncilMember,
    CouncilPosition,
    Criterion,
    Option,
    Recusal,
    Registration,
    RegistrationStatus,
    Round,
    RoundStatus,
    ScoreLine,
    ScoreSheet,
    SheetStatus,
)
from .services import reach_for

CRITERION_LETTER_RE = re.compile(r"^[a-zđ]\s*\)\s*", re.IGNORECASE)

# --------------------------------------------------------------------------------------------------------------
# Rounds and registrations
# --------------------------------------------------------------------------------------------------------------


def rounds_for(user):
    """Rounds the user may see; ``registration_count`` counts only the registrations the user may see."""
    return (
        Round.objects.restrict(user, "view")
        .select_related("rule_set", "unit")
        .annotate(
            registration_count=count_of(Registration.objects.restrict(user, "view"), "round"),
            council_size=count_of(CouncilMember.objects.all(), "round"),
        )
    )


def round_for(user, pk):
    return rounds_for(user).get(pk=pk)


def registrations_for(user, round_=None):
    qs = Registration.objects.restrict(user, "view").select_related(
        "round", "round__rule_set", "round__unit", "product", "product__subject", "product__unit",
        "product__product_class",
    )  # fmt: skip
    if round_ is not None:
        qs = qs.filter(round=round_)
    return qs


class _Product(NamedTuple):
    name: str
    subject_id: int
    unit_id: int
    subject: "_Named"
    product_class: "_Named"


class _Named(NamedTuple):
    name: str = ""
    code: str = ""


class RoundPageRow:
    """One registration of a round's page: the columns the page shows, read as plain values (no model instance:
    four per row were a fifth of the page). ``product`` has ``name``, ``subject_id``, ``unit_id``, ``subject.name``
    and ``product_class.code``; the view adds the labels and the user's own sheet."""

    __slots__ = (
        "pk", "kind", "status", "score", "stars", "product", "unit_label",
        "kind_label", "status_label", "my_sheet", "i_am_recused",
    )  # fmt: skip

    def __init__(self, pk, kind, status, score, stars, product, unit_label):
        self.pk, self.kind, self.status, self.score, self.stars = pk, kind, status, score, stars
        self.product, self.unit_label = product, unit_label
        self.kind_label = self.status_label = self.my_sheet = None
        self.i_am_recused = False


def round_page_registrations(user, round_):
    """The rows of a round's page (``RoundPageRow``), ordered by product name, with only the columns the page shows;
    the product's unit is read and named once per unit. A round of 213 registrations built 1.700 full model
    instances (8 per row) before, then 850 (4 per row)."""
    values = list(
        Registration.objects.restrict(user, "view")
        .filter(round=round_)
        .order_by("product__name", "pk")
        .values_list(
            "pk", "kind", "status", "score", "stars", "product__name", "product__subject_id", "product__unit_id",
            "product__subject__name", "product__product_class__code",
        )
    )  # fmt: skip
    units = (
        AdministrativeUnit.objects.only("pk", "unit_type", "name", "valid_from", "valid_to")
        .in_bulk({value[7] for value in values if value[7] is not None})
    )  # fmt: skip
    today = timezone.localdate()
    labels = {pk: unit_option(unit, on=today) for pk, unit in units.items()}
    return [
        RoundPageRow(
            pk,
            kind,
            status,
            score,
            stars,
            _Product(
                name,
                subject_id,
                unit_id,
                _Named(name=subject_name or ""),
                _Named(code=class_code or ""),
            ),
            labels.get(unit_id, ""),
        )
        for pk, kind, status, score, stars, name, subject_id, unit_id, subject_name, class_code in values
    ]


def evaluations_for_product(user, product):
    """The product's registrations with round, kind, status, score and stars (for the product page)."""
    return (
        Registration.objects.restrict(user, "view")
        .filter(product=product)
        .select_related("round", "round__rule_set", "round__unit")
        .order_by("-round__year", "-round__sequence", "-pk")
    )


def approved_registrations(user, round=None):  # noqa: A002 - the name the decisions app calls with
    """Approved, not yet decided registrations, with product, subject, score, stars and proposal (for decisions)."""
    qs = (
        Registration.objects.restrict(user, "view")
        .filter(status=RegistrationStatus.APPROVED)
        .exclude(recognitions__decision__status="issued")
        .select_related("round", "round__rule_set", "round__unit", "product", "product__subject", "product__unit")
        .order_by("round__year", "round__sequence", "product__name", "pk")
    )
    if round is not None:
        qs = qs.filter(round=round)
    return qs


# --------------------------------------------------------------------------------------------------------------
# Who sees what
# --------------------------------------------------------------------------------------------------------------


def _office_of(user, round_):
    return is_office(user) and in_scope(user, round_.unit, "view")


def can_see_all_sheets(user, round_):
    """After closing: every council member of the round and the coordination office of the area."""
    if not round_.is_closed:
        return False
    return _office_of(user, round_) or CouncilMember.objects.filter(round=round_, user=user).exists()


def can_see_progress(user, round_):
    """Who has submitted (no points): the secretary and the office, at any time."""
    if _office_of(user, round_):
        return True
    return CouncilMember.objects.filter(round=round_, user=user, position="secretary").exists()


def sheet_for(user, pk):
    """A sheet the user may read: their own, or any of a closed round they are entitled to; else DoesNotExist."""
    sheet = (
        ScoreSheet.objects.restrict(user, "view")
        .select_related("registration__round__rule_set", "registration__product__subject", "member", "criteria_set")
        .get(pk=pk)
    )
    if sheet.member_id == user.pk or can_see_all_sheets(user, sheet.registration.round):
        return sheet
    raise ScoreSheet.DoesNotExist


def my_sheets(user):
    return (
        ScoreSheet.objects.filter(member=user)
        .restrict(user, "view")
        .select_related("registration__round", "registration__product", "criteria_set")
        .annotate(total=Sum("lines__option__points"), answered=Count("lines"))
    )


# --------------------------------------------------------------------------------------------------------------
# Sheet content and totals (SQL aggregates)
# --------------------------------------------------------------------------------------------------------------


def sheet_tree(sheet):
    """Parts > sections > criteria > options of the sheet's criteria set, with the chosen option ids (3 queries)."""
    criteria = list(
        Criterion.objects.filter(section__part__criteria_set=sheet.criteria_set_id)
        .select_related("section__part")
        .order_by("section__part__order", "section__order", "order")
    )
    options = defaultdict(list)
    for option in Option.objects.filter(criterion__in=[c.pk for c in criteria]).order_by("criterion_id", "order"):
        options[option.criterion_id].append(option)
    chosen = {}
    if sheet.pk is not None:  # a blank sheet not saved yet (shown on GET) has no lines
        chosen = dict(ScoreLine.objects.filter(sheet=sheet).values_list("criterion_id", "option_id"))
    parts, part, section = [], None, None
    for criterion in criteria:
        s = criterion.section
        if part is None or part["obj"].pk != s.part_id:
            part = {"obj": s.part, "sections": []}
            parts.append(part)
            section = None
        if section is None or section["obj"].pk != s.pk:
            section = {"obj": s, "criteria": []}
            part["sections"].append(section)
        criterion.option_list = options[criterion.pk]
        criterion.chosen_id = chosen.get(criterion.pk)
        section["criteria"].append(criterion)
    return parts


def sheet_totals(sheet):
    """Total, per-part totals and how many criteria are answered (aggregates, no Python sums)."""
    rows = (
        ScoreLine.objects.filter(sheet=sheet)
        .values("criterion__section__part__code")
        .annotate(points=Sum("option__points"), answered=Count("pk"))
        if sheet.pk is not None
        else []
    )
    parts = {row["criterion__section__part__code"]: row["points"] for row in rows}
    answered = sum(row["answered"] for row in rows)
    expected = Criterion.objects.filter(section__part__criteria_set=sheet.criteria_set_id).count()
    total = sum(parts.values(), Decimal("0"))
    return {
        "total": total,
        "parts": parts,
        "answered": answered,
        "expected": expected,
        "missed_marks": sheet_missed_marks(sheet),
    }


def sheet_missed_marks(sheet):
    """[(stars, criterion label)] of the marks this sheet's own choices do not reach (e.g. «Không đáp ứng» on the
    trademark criterion: 4★), lowest stars first. Only what the sheet's reader already sees: its own points."""
    if sheet is None or sheet.pk is None:
        return []
    marks = mark_requirements([sheet.criteria_set_id])
    chosen = dict(
        ScoreLine.objects.filter(sheet=sheet, criterion_id__in=list(marks)).values_list(
            "criterion_id", "option__points"
        )
    )
    missed = [
        (stars, mark.label)
        for criterion_id, mark in marks.items()
        if criterion_id in chosen
        for stars, (required, _on_criterion) in mark.by_stars.items()
        if chosen[criterion_id] < required
    ]
    return sorted(missed, key=lambda item: item[0])


@dataclass
class Result:
    """A registration's result from its submitted sheets."""

    totals: list = field(default_factory=list)  # [(member, total)]
    drafts: int = 0  # sheets reopened for re-scoring and not submitted again: they block closing out the result
    unsubmitted: int = 0  # sheets never submitted before closing: ignored (an absent member)
    score: Decimal | None = None
    spread: Decimal = Decimal("0")
    flagged: bool = False
    stars: int | None = None
    band_stars: int | None = None
    failed: list = field(default_factory=list)  # rating.MandatoryCheck missed, keeping the product below its band
    checks: list = field(default_factory=list)  # every mark up to the band, met or missed (why these stars)
    mark_reading: str = ""  # how the council meets a mark, as the rule set names it
    proposed_action: str = ""


@dataclass
class Mark:
    """The star marks of one criterion: ``by_stars`` = {stars: (required points, mark on the criterion line?)}."""

    criteria_set_id: int
    label: str
    by_stars: dict = field(default_factory=dict)


def criterion_label(title):
    """A criterion as named in a result: its first line, without letter and mark ("e) Sở hữu trí tuệ****" →
    "Sở hữu trí tuệ"; the explanation in brackets on the next lines is left to the sheet)."""
    first = (str(title).strip().splitlines() or [""])[0]
    return CRITERION_LETTER_RE.sub("", " ".join(first.split())).rstrip("*:. ").strip()


def mark_requirements(criteria_set_ids):
    """{criterion id: Mark} for every marked criterion of the criteria sets (2 queries).

    A mark on an option requires that option's points (the lowest option marked N when several are); a mark on the
    criterion line requires the lowest decision option worth more than 0 (the criterion is met). When both exist for
    the same stars, the higher requirement holds.
    """
    marks = {}
    order = ("section__part__order", "section__order", "order")
    in_sets = Q(section__part__criteria_set__in=criteria_set_ids)
    marked = Criterion.objects.filter(
        in_sets, Q(mandatory_stars__isnull=False) | Q(options__mandatory_stars__isnull=False)
    ).values("pk")
    for criterion in (
        Criterion.objects.filter(in_sets, pk__in=marked)
        .annotate(lowest_met=Min("options__points", filter=Q(options__points__gt=0, options__unmet=False)))
        .order_by(*order)
        .values("pk", "title", "mandatory_stars", "lowest_met", "section__part__criteria_set")
    ):
        mark = Mark(criterion["section__part__criteria_set"], criterion_label(criterion["title"]))
        if criterion["mandatory_stars"] and criterion["lowest_met"] is not None:
            mark.by_stars[criterion["mandatory_stars"]] = (criterion["lowest_met"], True)
        marks[criterion["pk"]] = mark
    for criterion_id, stars, points in (
        Option.objects.filter(criterion_id__in=list(marks), mandatory_stars__isnull=False)
        .order_by("criterion_id", "points")
        .values_list("criterion_id", "mandatory_stars", "points")
    ):
        by_stars = marks[criterion_id].by_stars
        current = by_stars.get(stars)
        if current is None or (current[1] and points > current[0]):
            by_stars[stars] = (points, False)  # lowest option marked N; above a criterion-line requirement
    return marks


def _results(registrations):
    """Results for many registrations in a fixed number of queries."""
    ids = [r.pk for r in registrations]
    totals = defaultdict(list)
    drafts = defaultdict(int)
    unsubmitted = defaultdict(int)
    sheets = (
        ScoreSheet.objects.filter(registration_id__in=ids)
        .select_related("member")
        .annotate(total=Sum("lines__option__points"))
        .order_by("member__full_name", "pk")
    )
    for sheet in sheets:
        if sheet.status == SheetStatus.SUBMITTED:
            totals[sheet.registration_id].append((sheet, sheet.total or Decimal("0")))
        elif sheet.reopened_count:
            drafts[sheet.registration_id] += 1
        else:
            unsubmitted[sheet.registration_id] += 1
    criteria_sets = {sheet.criteria_set_id for sheet in sheets}
    marks = mark_requirements(criteria_sets)
    member_points = defaultdict(lambda: defaultdict(list))  # registration -> criterion -> [(member, points)]
    sheet_members = {sheet.pk: sheet.member for sheet in sheets}
    for sheet_id, registration_id, criterion_id, points in (
        ScoreLine.objects.filter(
            sheet__registration_id__in=ids, sheet__status=SheetStatus.SUBMITTED, criterion_id__in=list(marks)
        )
        .order_by("sheet__member__full_name", "sheet_id")
        .values_list("sheet_id", "sheet__registration_id", "criterion_id", "option__points")
    ):
        member_points[registration_id][criterion_id].append((sheet_members[sheet_id], points))
    reaches = {}
    results = {}
    for registration in registrations:
        result = Result(
            totals=totals[registration.pk], drafts=drafts[registration.pk], unsubmitted=unsubmitted[registration.pk]
        )
        values = [total for _sheet, total in result.totals]
        if values:
            n = len(values)
            result.score = rating.mean(values)
            result.spread = rating.spread(values)
            result.flagged = rating.spread_flagged(values)
            set_id = result.totals[0][0].criteria_set_id
            reading = registration.round.rule_set.mark_reading
            result.mark_reading = registration.round.rule_set.get_mark_reading_display()
            checks = []
            for cid, mark in marks.items():
                if mark.criteria_set_id != set_id:
                    continue
                given = member_points[registration.pk].get(cid, [])
                awarded = sum((points for _member, points in given), Decimal("0")) / n
                for stars, (required, on_criterion) in mark.by_stars.items():
                    checks.append(
                        rating.MandatoryCheck(
                            stars, awarded, required, mark.label, reading=reading, members=tuple(given),
                            on_criterion=on_criterion,
                        )
                    )  # fmt: skip
            result.band_stars = rating.band_stars(result.score)
            result.stars = rating.star_rating(result.score, checks)
            result.failed = rating.failed_checks(result.score, checks)
            result.checks = rating.deciding_checks(result.score, checks)
            round_id = registration.round_id
            if round_id not in reaches:
                reaches[round_id] = reach_for(registration.round)
            result.proposed_action = rating.propose_action(
                score=result.score, stars=result.stars, reach=reaches[round_id]
            )
        results[registration.pk] = result
    return results


def registration_result(registration):
    return _results([registration])[registration.pk]


def round_results(user, round_):
    """[(registration, Result)] for a closed round, or None when the user may not see them (yet)."""
    if not can_see_all_sheets(user, round_):
        return None
    registrations = list(
        registrations_for(user, round_)
        .filter(
            status__in=[
                RegistrationStatus.ACCEPTED,
                RegistrationStatus.SCORED,
                RegistrationStatus.APPROVED,
                RegistrationStatus.MOVED_DOWN,
                RegistrationStatus.DECIDED,
            ]
        )  # fmt: skip
        .order_by("product__name", "pk")
    )
    results = _results(registrations)
    return [(registration, results[registration.pk]) for registration in registrations]


def round_minutes(user, round_):
    """What the council minutes (biên bản họp hội đồng) of a closed round record, or None when the user may not see
    the results: the council, the recusals, the reading of the marks and, per product, its result with every mark
    that decided its stars (met or missed, by whom)."""
    rows = round_results(user, round_)
    if rows is None:
        return None
    seats = list(CouncilMember.objects.filter(round=round_).select_related("user"))
    position_order = {"chair": 0, "member": 1, "secretary": 2}
    seats.sort(key=lambda seat: (position_order.get(seat.position, 9), str(seat.user)))
    recusals = list(Recusal.objects.filter(round=round_).select_related("member", "subject").order_by("pk"))
    return {
        "round": round_,
        "rule_set": round_.rule_set,
        "seats": seats,
        "recusals": recusals,
        "rows": rows,
    }


class Progress(NamedTuple):
    """Sheets of one registration against the round's quorum — counts and names only, never points.

    ``expected``: the scoring members who are not recused; ``missing``: those of them without a submitted sheet
    (absent when scoring is closed: their sheet is not counted, never as zero); ``needed``: sheets the quorum needs;
    ``chair_missing``: the quorum needs the chair and the chair (who is expected) has not submitted."""

    submitted: int
    expected: int
    missing: list
    needed: int
    chair_missing: bool

    @property
    def quorum_met(self):
        return self.submitted >= self.needed and not self.chair_missing


def quorum_needed(round_, expected):
    """Sheets needed out of ``expected`` scoring members: the round's fraction, rounded up (3/4 of 3 → 3)."""
    if expected <= 0:
        return 0
    return -(-expected * round_.quorum_numerator // max(round_.quorum_denominator, 1))


def round_progress(round_, registrations, seats=None):
    """{registration id: Progress} (indexable: ``p.0`` submitted, ``p.1`` expected), for the secretary's table,
    the closing of scoring and the scoring of a registration. ``seats``: the round's seats with their users when
    the caller has them (the round's page), not read again."""
    if seats is None:
        seats = list(CouncilMember.objects.filter(round=round_, scores=True).select_related("user").order_by("pk"))
    else:
        seats = sorted((seat for seat in seats if seat.scores), key=lambda seat: seat.pk)
    chair_id = next((seat.user_id for seat in seats if seat.position == CouncilPosition.CHAIR), None)
    recused = defaultdict(set)
    for member_id, subject_id in Recusal.objects.filter(round=round_).values_list("member_id", "subject_id"):
        recused[subject_id].add(member_id)
    submitted = defaultdict(set)
    for registration_id, member_id in ScoreSheet.objects.filter(
        registration__round=round_, status=SheetStatus.SUBMITTED
    ).values_list("registration_id", "member_id"):
        submitted[registration_id].add(member_id)
    progress = {}
    for registration in registrations:
        excused = recused[registration.product.subject_id]
        expected = [seat for seat in seats if seat.user_id not in excused]
        done = submitted[registration.pk] & {seat.user_id for seat in expected}
        missing = [seat.user for seat in expected if seat.user_id not in done]
        chair_missing = bool(
            round_.quorum_requires_chair and chair_id is not None and chair_id not in excused and chair_id not in done
        )
        progress[registration.pk] = Progress(
            len(done), len(expected), missing, quorum_needed(round_, len(expected)), chair_missing
        )
    return progress


def quorum_problem(round_, registration, progress):
    """A Vietnamese sentence naming what keeps ``registration`` below the round's quorum, or "" when it is met."""
    if progress.quorum_met:
        return ""
    message = _(
        "«%(product)s»: %(submitted)s/%(expected)s phiếu đã nộp, túc số cần %(needed)s phiếu (%(num)s/%(den)s số "
        "thành viên chấm điểm%(chair)s); chưa nộp: %(missing)s."
    ) % {
        "product": registration.product.name,
        "submitted": progress.submitted,
        "expected": progress.expected,
        "needed": progress.needed,
        "num": round_.quorum_numerator,
        "den": round_.quorum_denominator,
        "chair": _(", có chủ tịch hội đồng") if round_.quorum_requires_chair else "",
        "missing": ", ".join(str(user) for user in progress.missing) or "—",
    }
    if progress.chair_missing:
        message += " " + _("Chủ tịch hội đồng chưa nộp phiếu.")
    return message


@dataclass
class DossierItem:
    """One line of a dossier's checklist: the required document type, the newest document of that type on file
    for the product (its own or its subject's), and whether it can be used: ``ok`` (on file and valid today),
    ``expired`` (on file, ``valid_until`` before today: to upload again), ``missing``; ``waived``: not required
    for this kind of evaluation by the rule set."""

    doc_type: object
    document: object = None
    state: str = "missing"
    waived: bool = False

    @property
    def needed(self):
        return not self.waived and self.state != "ok"


def dossier_checklist(product, *, rule_set, kind, today=None):
    """The dossier checklist of a product for a kind of evaluation under a rule set: the product group's required
    documents (``products.selectors.completeness``, the one list of required documents — the council's list),
    each with the document on file that is reused (a subject-level document such as the business licence serves
    every product and every round; a document whose ``valid_until`` has passed is not reused and is asked again).
    Two queries whatever the number of types."""
    from django.utils import timezone

    from products.models import Document
    from products.selectors import completeness

    today = today or timezone.localdate()
    required = completeness(product).required
    waived = set((rule_set.dossier_waivers or {}).get(kind) or []) if rule_set.requires_complete_dossier else None
    on_file = {}
    documents = (
        Document.objects.filter(subject_id=product.subject_id, document_type__in=[t.pk for t in required])
        .filter(Q(product_id=product.pk) | Q(product__isnull=True))
        .order_by("document_type_id", "-uploaded_at", "-pk")
    )
    for document in documents:
        current = on_file.get(document.document_type_id)
        valid = document.valid_until is None or document.valid_until >= today
        if current is None or (valid and not current[1]):
            on_file[document.document_type_id] = (document, valid)
    items = []
    for doc_type in required:
        document, valid = on_file.get(doc_type.pk, (None, False))
        state = "missing" if document is None else ("ok" if valid else "expired")
        items.append(
            DossierItem(
                doc_type=doc_type,
                document=document,
                state=state,
                waived=waived is None or doc_type.code in waived,
            )
        )
    return items


def dossier_missing(registration):
    """The required documents a registration's dossier lacks: the product group's checklist
    (``products.selectors.completeness``, the one list of required documents) minus the document types the round's
    rule set does not require for this kind of evaluation (``RuleSet.dossier_waivers``); a document whose
    ``valid_until`` has passed counts as missing (``dossier_checklist``). Nothing when the rule set does not check
    dossiers (``RuleSet.requires_complete_dossier``)."""
    if not registration.round.rule_set.requires_complete_dossier:
        return []
    items = dossier_checklist(registration.product, rule_set=registration.round.rule_set, kind=registration.kind)
    return [item.doc_type for item in items if item.needed]


def open_rounds_for(product):
    """The rounds open for applications that this product may enter: open, and organised by a unit whose area holds
    the product's unit (its commune's district or province, also across the 2025 reorganisation)."""
    from areas.selectors import within

    rounds = (
        Round.objects.filter(status=RoundStatus.OPEN)
        .select_related("unit", "rule_set")
        .order_by("-year", "-sequence", "pk")
    )
    return [round_ for round_ in rounds if within(product.unit, round_.unit)]


def producer_applications(user):
    """A producer's own registrations (``restrict`` gives a verified producer its subject's rows only), newest
    first, with what the list shows."""
    return (
        Registration.objects.restrict(user, "own_view")
        .select_related("round", "round__unit", "product")
        .order_by("-created_at", "-pk")
    )


# What a producer is shown of the council's work: the result once the office approved it (published), never sheets.
PUBLISHED_STATUSES = {RegistrationStatus.APPROVED, RegistrationStatus.DECIDED}


def result_published(registration):
    """The council's result (score, stars) is published to the producer once the office approved it (``approved``)
    or a decision was issued (``decided``); before that it is the council's and the office's work in progress."""
    return registration.status in PUBLISHED_STATUSES


def status_history(registration):
    """The registration's moves (status from → to, when, reason) from the audit trail, oldest first; without who
    made them (a producer sees the steps, not the officers' or members' names)."""
    from django.contrib.contenttypes.models import ContentType

    from audit.models import AuditAction, AuditEntry

    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration),
        object_id=str(registration.pk),
        action__in=[AuditAction.TRANSITION, AuditAction.CREATE],
    ).order_by("pk")
    labels = dict(RegistrationStatus.choices)
    rows = []
    for entry in entries:
        target = (entry.after or {}).get("status") or RegistrationStatus.DRAFT
        rows.append(
            {
                "at": entry.at,
                "status": labels.get(target, target or ""),
                "status_code": target,
                "reason": entry.reason,
            }
        )
    return rows


def review_queue(user):
    """Producers' applications waiting for the commune's pre-assessment in the officer's area (``submitted``,
    made by a producer)."""
    from accounts.models import Role

    return (
        Registration.objects.restrict(user, "change")
        .filter(status=RegistrationStatus.SUBMITTED, created_by__role=Role.PRODUCER)
        .select_related("round", "round__unit", "product", "product__subject", "product__unit")
    )


def recused_subject_ids(user, round_):
    return set(Recusal.objects.filter(round=round_, member=user).values_list("subject_id", flat=True))
