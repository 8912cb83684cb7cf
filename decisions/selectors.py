"""Reads about decisions and the OCOP status of products that follows from them.

The status rule (one place, used by the product page, the register, reports and the daily expiry job; the product
lists read the status stored on the product, ``Product.ocop_*``, which ``services.product_status_refresh`` computes
with ``annotate_ocop_status`` and ``stored_status_drift`` below):

* only issued decisions count, from their decision date on (a draft changes nothing);
* a product's *latest* recognition on a date is the one of the most recent decision dated on or before it
  (an upgrade 3★→4★ or a re-evaluation supersedes the earlier certificate; a recognition corrected by an issued
  correction decision is replaced by the corrected one, which keeps the original validity);
* the product is OCOP-recognised on that date when its latest recognition is still within its 36 months and has
  not been revoked by an issued revocation decision dated on or before that date.
"""

import dataclasses
import datetime

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import role_allows
from evaluations import selectors as evaluations_selectors
from ocop_portal.formatting import format_number

from .models import (
    Authority,
    AuthorityLevel,
    Decision,
    DecisionCounter,
    DecisionKind,
    DecisionStatus,
    Notification,
    Recognition,
    Revocation,
)

EXPIRY_WARNING_DAYS = 90
PRODUCER_NOTICE_DAYS = 30


def _today(on):
    return on or timezone.localdate()


def _corrected_by_issued(on):
    """Exists(): the outer recognition was replaced by a correction issued on or before ``on``."""
    return Exists(
        Recognition.objects.filter(
            corrects=OuterRef("pk"), decision__status=DecisionStatus.ISSUED, decision__date__lte=on
        )
    )


def _effective_recognitions(on):
    """Issued recognitions in force as records on ``on`` (decision dated by then, not replaced by a correction)."""
    return Recognition.objects.filter(decision__status=DecisionStatus.ISSUED, decision__date__lte=on).exclude(
        _corrected_by_issued(on)
    )


def _latest_for_product(on, product_ref):
    return _effective_recognitions(on).filter(product=product_ref).order_by("-valid_from", "-decision__date", "-pk")


def _revocations_of(recognition_ref, on):
    """Issued revocations (dated on or before ``on``) of a recognition or of the recognition it corrected.

    ``recognition_id IN (X, X.corrects_id)``: two index lookups (an OR across a join to the corrections would make
    PostgreSQL join every revocation to every recognition for each row)."""
    inner = OuterRef(recognition_ref) if isinstance(recognition_ref, OuterRef) else recognition_ref
    corrected = Recognition.objects.filter(pk=inner).values("corrects_id")[:1]
    return Revocation.objects.filter(decision__status=DecisionStatus.ISSUED, decision__date__lte=on).filter(
        Q(recognition_id=recognition_ref) | Q(recognition_id=Subquery(corrected))
    )


def _latest_q(on):
    """The row is its product's latest recognition on ``on``: no later effective recognition of the same product
    (same order as ``_latest_for_product``). An anti-join, which PostgreSQL estimates correctly; ``pk = (SELECT ...
    LIMIT 1)`` made it expect one row and nest loops over full scans at national scale."""
    later = (
        _effective_recognitions(on)
        .filter(product_id=OuterRef("product_id"))
        .filter(
            Q(valid_from__gt=OuterRef("valid_from"))
            | Q(valid_from=OuterRef("valid_from"), decision__date__gt=OuterRef("decision__date"))
            | Q(valid_from=OuterRef("valid_from"), decision__date=OuterRef("decision__date"), pk__gt=OuterRef("pk"))
        )
    )
    return ~Exists(later)


def _with_current(queryset, on):
    """Keep each product's latest recognition on ``on`` and annotate ``revoked_on`` (None if not revoked)."""
    first_revocation = _revocations_of(OuterRef("pk"), on).order_by("decision__date").values("decision__date")[:1]
    return (
        queryset.filter(decision__status=DecisionStatus.ISSUED, decision__date__lte=on)
        .exclude(_corrected_by_issued(on))
        .filter(_latest_q(on))
        .annotate(revoked_on=Subquery(first_revocation))
        .select_related("decision__authority", "product__subject", "product__unit")
    )


def _stored_current(queryset, product_q):
    """The recognitions that are their product's current one (``Product.ocop_recognition``, stored) for the
    products matching ``product_q`` on the stored status columns (indexed): today's lists read this."""
    from products.models import Product

    return (
        queryset.filter(pk__in=Product.objects.filter(product_q).values("ocop_recognition_id"))
        .annotate(revoked_on=Value(None, output_field=DateField()))
        .select_related("decision__authority", "product__subject", "product__unit")
    )


def in_force_on(queryset, on):
    """Narrow a Recognition queryset to the recognitions in force on ``on`` (see the module docstring).

    Today (the pages, the API, the expiring list, the dashboard's drill-downs) it reads the status stored on the
    product (``Product.ocop_recognition``/``ocop_status``/``ocop_valid_until``, indexed, written in the same
    transaction as every decision and by the daily job; ``check_product_status`` proves it equals the computation):
    one indexed semi-join instead of three anti-joins over every recognition. Any other date computes from the
    decisions. "Not revoked" is then a NOT EXISTS (an anti-join PostgreSQL estimates well) rather than
    ``revoked_on IS NULL`` on the annotated subquery, which it estimates at a few rows and then joins by nested
    loops."""
    if on == timezone.localdate():
        from products.models import OcopStatus

        return _stored_current(queryset, Q(ocop_status=OcopStatus.VALID, ocop_valid_until__gte=on))
    return _with_current(queryset, on).filter(valid_until__gte=on).exclude(Exists(_revocations_of(OuterRef("pk"), on)))


def current_recognitions(on=None):
    """Unscoped (for the daily job): each product's latest recognition on ``on`` with ``revoked_on``."""
    return _with_current(Recognition.objects.all(), _today(on))


def recognised_between(start, end, on=None):
    """THE count of recognitions in a period, shared by the reports, the dashboard and the programme targets: each
    product's latest recognition on ``on`` (default ``end``) when it took effect (``valid_from``) between ``start``
    and ``end``, one per product, with that recognition's kind and stars. A product recognised new 3★ and upgraded
    to 4★ in the same period therefore counts once, as an upgrade to 4★ (and not as a new product)."""
    return current_recognitions(on=on or end).filter(valid_from__gte=start, valid_from__lte=end)


def valid_recognitions(user, on=None):
    """Recognitions in force on ``on`` in the user's area: one per recognised product (for reports and counts)."""
    on = _today(on)
    return in_force_on(Recognition.objects.restrict(user, "view"), on)


def expiring_recognitions(user, on=None, within_days=EXPIRY_WARNING_DAYS):
    """In force on ``on`` and ending within ``within_days`` days (inclusive), soonest first."""
    on = _today(on)
    until = on + datetime.timedelta(days=within_days)
    if on == timezone.localdate():  # the window on the stored, indexed end date drives the query
        from products.models import OcopStatus

        stored = Q(ocop_status=OcopStatus.VALID, ocop_valid_until__gte=on, ocop_valid_until__lte=until)
        return _stored_current(Recognition.objects.restrict(user, "view"), stored).filter(valid_until__lte=until)
    return valid_recognitions(user, on).filter(valid_until__lte=until)


def expired_recognitions(user, on=None):
    """Latest recognition past its 36 months, not re-evaluated (no later recognition) and not yet revoked."""
    on = _today(on)
    queryset = Recognition.objects.restrict(user, "view")
    if on == timezone.localdate():
        # Today: the status stored on the product (as ``in_force_on``), an indexed semi-join instead of the
        # computation over every recognition; a certificate that ended since the daily job ran counts as expired.
        from products.models import OcopStatus

        return _stored_current(
            queryset, Q(ocop_status=OcopStatus.EXPIRED) | Q(ocop_status=OcopStatus.VALID, ocop_valid_until__lt=on)
        )
    return _with_current(queryset, on).filter(valid_until__lt=on, revoked_on__isnull=True)


def revocable_recognitions(user, on=None):
    """Latest recognitions not revoked yet (valid or expired) that the user may name in a revocation decision."""
    on = _today(on)
    return _with_current(Recognition.objects.restrict(user, "approve"), on).filter(revoked_on__isnull=True)


def annotate_ocop_status(queryset, on=None):
    """The OCOP status of products on ``on`` computed from the decisions, with subqueries only (no extra query per
    row): ``asof_status`` ("valid", "expired", "revoked", "none"), ``asof_stars`` (None unless recognised and in
    force), ``asof_recognition_id`` (latest recognition), ``asof_valid_until`` (end of the latest certificate, also
    when expired or revoked) and ``asof_revoked_on``.

    For a past date (reports) and to recompute the stored columns (``Product.ocop_*``, which the lists read)."""
    on = _today(on)
    latest = _latest_for_product(on, OuterRef("pk")).values("pk")[:1]
    rec = Recognition.objects.filter(pk=OuterRef("asof_recognition_id"))
    revoked = _revocations_of(OuterRef("asof_recognition_id"), on).order_by("decision__date").values("decision__date")
    queryset = queryset.annotate(asof_recognition_id=Subquery(latest)).annotate(
        asof_latest_stars=Subquery(rec.values("stars")[:1], output_field=IntegerField()),
        asof_valid_until=Subquery(rec.values("valid_until")[:1]),
        asof_revoked_on=Subquery(revoked[:1]),
    )
    in_force = Q(asof_revoked_on__isnull=True, asof_valid_until__gte=on)
    return queryset.annotate(
        asof_stars=Case(When(in_force, then=F("asof_latest_stars")), default=None, output_field=IntegerField()),
        asof_status=Case(
            When(asof_recognition_id__isnull=True, then=Value("none")),
            When(asof_revoked_on__isnull=False, then=Value("revoked")),
            When(asof_valid_until__lt=on, then=Value("expired")),
            default=Value("valid"),
            output_field=CharField(),
        ),
    )


def stored_status_drift(products, on=None):
    """Compare the stored OCOP columns of ``products`` (a Product queryset) with the status recomputed from the
    decisions on ``on`` (default today). Returns ``[(product, {field: (stored, computed)})]`` for the rows that
    differ, in one query."""
    drifted = []
    for product in annotate_ocop_status(products.order_by("pk"), on):
        computed = {
            "ocop_status": product.asof_status,
            "ocop_stars": product.asof_stars,
            "ocop_recognition_id": product.asof_recognition_id,
            "ocop_valid_until": product.asof_valid_until,
            "ocop_revoked_on": product.asof_revoked_on,
        }
        diff = {
            field: (getattr(product, field), value)
            for field, value in computed.items()
            if getattr(product, field) != value
        }
        if diff:
            drifted.append((product, diff))
    return drifted


@dataclasses.dataclass
class OcopStatus:
    state: str  # "valid", "expired", "revoked", "none"
    on: datetime.date
    recognition: Recognition | None = None
    revocation: Revocation | None = None

    @property
    def current_stars(self):
        return self.recognition.stars if self.state == "valid" else None

    @property
    def stars(self):
        return self.recognition.stars if self.recognition else None

    @property
    def valid_until(self):
        return self.recognition.valid_until if self.recognition else None

    @property
    def revoked_on(self):
        return self.revocation.decision.date if self.revocation else None

    @property
    def revoked_ground(self):
        return self.revocation.ground_label if self.revocation else ""

    @property
    def days_left(self):
        if self.state != "valid":
            return None
        return (self.recognition.valid_until - self.on).days

    @property
    def expiring_soon(self):
        return self.state == "valid" and self.days_left <= EXPIRY_WARNING_DAYS

    @property
    def label(self):
        labels = {
            "valid": "Đang hiệu lực",
            "expired": "Hết hiệu lực",
            "revoked": "Đã thu hồi",
            "none": "Chưa công nhận",
        }
        return labels[self.state]


def product_status(product, on=None):
    """The OCOP status of one product on ``on`` (default today): current stars, valid until, revoked or expired."""
    on = _today(on)
    recognition = _latest_for_product(on, product).select_related("decision__authority", "corrects__decision").first()
    if recognition is None:
        return OcopStatus("none", on)
    revocation = (
        _revocations_of(recognition.pk, on).select_related("decision__authority").order_by("decision__date").first()
    )
    if revocation is not None:
        return OcopStatus("revoked", on, recognition, revocation)
    if recognition.valid_until < on:
        return OcopStatus("expired", on, recognition)
    return OcopStatus("valid", on, recognition)


def decisions_for_product(user, product):
    """Every issued decision on a product (recognitions, corrections, revocations), oldest first, as rows."""
    recognitions = (
        Recognition.objects.restrict(user, "view")
        .filter(product=product, decision__status=DecisionStatus.ISSUED)
        .select_related("decision__authority", "corrects__decision")
    )
    revocations = (
        Revocation.objects.restrict(user, "view")
        .filter(recognition__product=product, decision__status=DecisionStatus.ISSUED)
        .select_related("decision__authority", "recognition__decision")
    )
    rows = [
        {"decision": r.decision, "recognition": r, "revocation": None, "kind": r.decision.kind} for r in recognitions
    ]
    rows += [
        {"decision": r.decision, "recognition": r.recognition, "revocation": r, "kind": DecisionKind.REVOCATION}
        for r in revocations
    ]
    rows.sort(key=lambda row: (row["decision"].date, row["decision"].pk))
    return rows


def product_history_context(user, product, on=None):
    """Context for ``templates/decisions/_product_history.html``. Today's status is read from the history rows just
    fetched, at the recognition the decisions services stored on the product (``Product.ocop_recognition``); on
    another date, or when that recognition is not among the rows, it is computed from the decisions."""
    history = decisions_for_product(user, product)
    status = _status_from_history(product, history) if on is None else None
    return {"decision_history": history, "ocop_status": status or product_status(product, on)}


def _status_from_history(product, history):
    on = _today(None)
    if product.ocop_recognition_id is None:
        return OcopStatus("none", on) if not history else None
    recognition = next(
        (
            row["recognition"]
            for row in history
            if row["revocation"] is None and row["recognition"].pk == product.ocop_recognition_id
        ),
        None,
    )
    if recognition is None or recognition.decision.date > on:
        return None
    revoked_ids = {recognition.pk, recognition.corrects_id} - {None}  # as ``_revocations_of``
    revocations = [
        row["revocation"]
        for row in history
        if row["revocation"] is not None
        and row["revocation"].recognition_id in revoked_ids
        and row["revocation"].decision.date <= on
    ]
    if revocations:
        return OcopStatus("revoked", on, recognition, min(revocations, key=lambda r: (r.decision.date, r.decision.pk)))
    if recognition.valid_until < on:
        return OcopStatus("expired", on, recognition)
    return OcopStatus("valid", on, recognition)


def with_list_data(queryset):
    """Decision list columns without a query per row: the authority and the number of items."""
    recognition_count = (
        Recognition.objects.filter(decision=OuterRef("pk")).order_by().values("decision").annotate(n=Count("pk"))
    )
    revocation_count = (
        Revocation.objects.filter(decision=OuterRef("pk")).order_by().values("decision").annotate(n=Count("pk"))
    )
    return queryset.select_related("authority", "corrects").annotate(
        item_count=Coalesce(Subquery(recognition_count.values("n")[:1]), 0)
        + Coalesce(Subquery(revocation_count.values("n")[:1]), 0)
    )


def decision_list(user):
    return with_list_data(Decision.objects.restrict(user, "view"))


def with_register_state(queryset, on):
    """Recognition rows for the register: ``revoked_on`` and ``replaced`` (a later recognition or an issued
    correction supersedes it), with ``register_state`` "valid" / "expired" / "revoked" / "replaced" on ``on``."""
    revoked = _revocations_of(OuterRef("pk"), on).order_by("decision__date").values("decision__date")[:1]
    later = Recognition.objects.filter(
        product=OuterRef("product_id"),
        decision__status=DecisionStatus.ISSUED,
        decision__date__lte=on,
        valid_from__gt=OuterRef("valid_from"),
    )
    return (
        queryset.select_related("decision__authority", "product__subject", "product__unit")
        .annotate(revoked_on=Subquery(revoked), replaced=Exists(later) | _corrected_by_issued(on))
        .annotate(
            register_state=Case(
                When(revoked_on__isnull=False, then=Value("revoked")),
                When(replaced=True, then=Value("replaced")),
                When(valid_until__lt=on, then=Value("expired")),
                default=Value("valid"),
                output_field=CharField(),
            )
        )
    )


def decision_detail(user, action="view"):
    return Decision.objects.restrict(user, action).select_related("authority", "corrects", "issued_by", "created_by")


def decision_items(decision):
    """Items of a decision already fetched through a restricted queryset (same area as the decision)."""
    if decision.kind == DecisionKind.REVOCATION:
        return list(
            decision.revocations.select_related(
                "recognition__product__subject", "recognition__product__unit", "recognition__decision"
            )
        )
    return list(decision.recognitions.select_related("product__subject", "product__unit", "corrects__decision"))


def recognition_list(user):
    return Recognition.objects.restrict(user, "view").select_related(
        "decision__authority", "product__subject", "product__unit"
    )


def authorities_for(user, action="approve", active_only=True, include_central=False):
    """Authorities the user may prepare decisions for; inactive ones (e.g. abolished districts) only for
    recording historical decisions. Current provincial ones first. ``include_central``: also the central
    authorities (the ministry), whose 5★ decisions the office records for products of its area."""
    queryset = Authority.objects.restrict(user, action)
    if include_central and role_allows(user, action):
        queryset = Authority.objects.filter(Q(pk__in=queryset.values("pk")) | Q(level=AuthorityLevel.CENTRAL))
    queryset = queryset.select_related("unit")
    if active_only:
        queryset = queryset.filter(is_active=True)
    return queryset.order_by("-is_active", "unit__valid_to", "level", "name")


def notifications_for(user):
    return Notification.objects.filter(recipient=user)


def unread_notification_count(user):
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def approved_registrations(user):
    """Approved registrations waiting for a decision, without those already named in a draft decision."""
    return evaluations_selectors.approved_registrations(user).exclude(
        recognitions__decision__status=DecisionStatus.DRAFT
    )


def registration_ineligibility(registration, authority):
    """Why a registration may not be recognised by a decision of ``authority`` ("" when it may)."""
    from evaluations.models import ProposedAction, RegistrationStatus

    if registration.status != RegistrationStatus.APPROVED:
        return _("chưa được Văn phòng Điều phối duyệt kết quả (%(status)s)") % {
            "status": registration.get_status_display().lower()
        }
    if not registration.stars or registration.stars < 3:
        if registration.score is not None:
            return _("không đạt hạng sao (%(score)s điểm)") % {"score": format_number(registration.score, 2)}
        return _("không đạt hạng sao")
    if registration.proposed_action != ProposedAction.RECOGNISE:
        label = registration.get_proposed_action_display() or _("chưa có đề xuất công nhận")
        return _("kết quả không phải công nhận tại cấp này (%(action)s)") % {"action": str(label).lower()}
    if authority is not None and registration.round.level != authority.level:
        return _("đợt đánh giá %(round)s, khác cấp của %(authority)s") % {
            "round": registration.round.get_level_display().lower(),
            "authority": authority.name,
        }
    return ""


def registration_proposal(user, authority):
    """What a draft recognition decision of ``authority`` may take from the evaluations: (eligible, ineligible)
    where ``eligible`` are approved registrations whose result is recognition at the authority's level and
    ``ineligible`` is [(registration, reason)] of the other scored or approved ones waiting for a decision."""
    from evaluations.models import Registration, RegistrationStatus

    candidates = (
        Registration.objects.restrict(user, "view")
        .filter(status__in=[RegistrationStatus.SCORED, RegistrationStatus.APPROVED])
        .exclude(recognitions__decision__status__in=[DecisionStatus.DRAFT, DecisionStatus.ISSUED])
        .select_related("round", "product", "product__subject")
        .order_by("round__year", "round__sequence", "product__name", "pk")
    )
    eligible, ineligible = [], []
    for registration in candidates:
        reason = registration_ineligibility(registration, authority)
        if reason:
            ineligible.append((registration, reason))
        else:
            eligible.append(registration)
    return eligible, ineligible


@dataclasses.dataclass
class RegisterRow:
    number: int
    decision: object = None  # the issued decision with this number, None for a gap

    @property
    def is_gap(self):
        return self.decision is None


def number_register(authority, year):
    """The records office's register of ``authority`` (already scoped by the caller) for ``year``: one row per
    number from 1 to the highest used or reserved by the counter, each with its issued decision (any kind) or as
    a gap."""
    decisions = {
        decision.number: decision
        for decision in Decision.objects.filter(authority=authority, year=year, number__isnull=False).order_by("number")
    }
    counter = DecisionCounter.objects.filter(authority=authority, year=year).values_list("last_number", flat=True)
    highest = max([*decisions, *counter, 0])
    return [RegisterRow(number, decisions.get(number)) for number in range(1, highest + 1)]


def register_years(authority):
    """Years in which ``authority`` has numbered decisions, latest first."""
    return list(
        Decision.objects.filter(authority=authority, year__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
