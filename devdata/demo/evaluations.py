"""Demo data for evaluations (run by ``seed_demo``; idempotent).

* loads the 26 curated criteria sheets of Decision 148 (``evaluations/data/criteria-qd148``) if not loaded yet;
* a provincial round "đợt 2 năm 2024" under QĐ 148 (old Đồng Tháp) in the scoring phase, with a council, a few
  accepted registrations — complete dossiers (the required documents uploaded first), except one sent with an
  override reason that the council sees on its page — and two members' sheets already submitted for the first
  product — the demo member
  ``hoidong.thanhvien`` can score, the secretary ``hoidong.thuky`` can close scoring, ``vpdp.dongthap`` approves;
* an open provincial round "đợt 2 năm 2025" under QĐ 148 as amended by 1489 (new Đồng Tháp) for registrations.

Everything goes through ``evaluations.services`` so the audit log is filled as in real use.
"""

import datetime
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

import evaluations
from accounts.models import Role, User
from areas.models import AdministrativeUnit, UnitLevel
from areas.selectors import subtree_q
from devdata.demo.products import tiny_pdf
from evaluations import services
from evaluations.models import (
    CouncilMember,
    CriteriaSet,
    Criterion,
    EvaluationLevel,
    Option,
    Registration,
    RegistrationKind,
    RegistrationStatus,
    Round,
    RoundStatus,
    RuleSet,
    ScoreSheet,
)
from evaluations.selectors import dossier_missing
from products import services as product_services
from products.models import DocumentScope, Product
from products.selectors import completeness

DATA_DIR = Path(evaluations.__file__).resolve().parent / "data" / "criteria-qd148"
EXTRA_COUNCIL = [
    ("hoidong.chutich", "Nguyễn Văn Chánh", "Phó Giám đốc Sở Nông nghiệp và Môi trường"),
    ("hoidong.thanhvien2", "Trần Thị Mai", "Chi cục Quản lý chất lượng nông lâm sản và thủy sản"),
]


def ensure_criteria():
    """Load the curated sheets into qd148 when they are not all there (also used by tests and deployments)."""
    rule_set = RuleSet.objects.get(code="qd148")
    if CriteriaSet.objects.filter(rule_set=rule_set).count() >= 26:
        return []
    return services.criteria_load(actor=None, rule_set=rule_set, directory=DATA_DIR)


# The demo's one registration sent with a dossier still lacking a document: the council sees why on its page.
INCOMPLETE_DOSSIER_REASON = (
    "Giấy tờ còn thiếu đang được cơ quan có thẩm quyền cấp lại; chủ thể cam kết nộp bổ sung trước phiên họp hội đồng."
)


def _user(username):
    return User.objects.filter(username=username).first()


def _council_users(province):
    from devdata.demo.accounts import DEMO_PASSWORD

    users = []
    for username, full_name, position in EXTRA_COUNCIL:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "role": Role.COUNCIL_MEMBER, "unit": province, "position": position},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        users.append(user)
    return users


def _round(office, *, year, sequence, rule_code, unit, opens_on, closes_on):
    existing = Round.objects.filter(year=year, sequence=sequence, level=EvaluationLevel.PROVINCE, unit=unit).first()
    if existing is not None:
        return existing, False
    round_ = services.round_create(
        actor=office,
        year=year,
        sequence=sequence,
        rule_set=RuleSet.objects.get(code=rule_code),
        level=EvaluationLevel.PROVINCE,
        unit=unit,
        opens_on=opens_on,
        scoring_closes_on=closes_on,
        note="Dữ liệu mẫu.",
    )
    return round_, True


def _complete_dossier(actor, product, *, leave_out=()):
    """Upload (through ``products.services``, as an officer would) each required document the product lacks."""
    for doc_type in completeness(product).missing:
        if doc_type.code in leave_out:
            continue
        title = f"{doc_type.name} - {product.name}"
        product_services.document_upload(
            actor=actor,
            subject=product.subject,
            product=None if doc_type.scope == DocumentScope.SUBJECT else product,
            document_type=doc_type,
            uploaded_file=SimpleUploadedFile(f"{doc_type.code}.pdf", tiny_pdf(title), content_type="application/pdf"),
            title=title,
        )


def _fill(sheet, member, *, offset):
    """Choose, on each criterion, the option ``offset`` below the best (deterministic demo scores), then submit."""
    criteria = Criterion.objects.filter(section__part__criteria_set=sheet.criteria_set_id).order_by("pk")
    options = {}
    for option in Option.objects.filter(criterion__in=criteria).order_by("criterion_id", "points", "order"):
        options.setdefault(option.criterion_id, []).append(option)
    chosen = []
    for criterion in criteria:
        ranked = options[criterion.pk]
        chosen.append(ranked[max(0, len(ranked) - 1 - offset)])
    services.sheet_set_lines(actor=member, sheet=sheet, options=chosen)
    services.sheet_submit(actor=member, sheet=sheet, comment="")


def load():
    ensure_criteria()
    office = _user("vpdp.dongthap")
    secretary = _user("hoidong.thuky")
    member = _user("hoidong.thanhvien")
    province = AdministrativeUnit.objects.filter(code="82", level=UnitLevel.PROVINCE, valid_to__isnull=True).first()
    old_province = AdministrativeUnit.objects.filter(code="87", level=UnitLevel.PROVINCE).first()
    admin = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).order_by("pk").first()
    if None in (office, secretary, member, province, old_province, admin):
        return
    chair, member2 = _council_users(province)

    # 2024, đợt 2: scoring under way.
    round_, created = _round(
        office,
        year=2024,
        sequence=2,
        rule_code="qd148",
        unit=old_province,
        opens_on=datetime.date(2024, 9, 2),
        closes_on=datetime.date(2024, 12, 6),
    )
    if created:
        services.council_set(actor=office, round_=round_, chair=chair, secretary=secretary, members=[member, member2])
        products = Product.objects.filter(subtree_q(old_province, "unit")).select_related(
            "product_class", "product_class__maps_to", "subject", "unit"
        )
        registered = []
        for product in products.order_by("pk"):
            if len(registered) >= 4:
                break
            if services.criteria_set_for(round_.rule_set, product) is None:
                continue
            kind = RegistrationKind.NEW if len(registered) % 3 else RegistrationKind.UPGRADE
            # The last one goes without one of its product's documents, sent with the officer's reason (shown to
            # the council); the others with complete dossiers.
            leave_out = set()
            if len(registered) == 3:
                lacking = [t for t in completeness(product).missing if t.scope != DocumentScope.SUBJECT]
                leave_out = {lacking[-1].code} if lacking else set()
            _complete_dossier(admin, product, leave_out=leave_out)
            registration = services.registration_create(actor=office, round_=round_, product=product, kind=kind)
            services.registration_transition(
                registration=registration,
                to_status=RegistrationStatus.SUBMITTED,
                actor=office,
                dossier_override=INCOMPLETE_DOSSIER_REASON if dossier_missing(registration) else "",
            )
            services.registration_transition(
                registration=registration, to_status=RegistrationStatus.ACCEPTED, actor=office
            )
            registered.append(registration)
        if registered:
            services.round_start_scoring(actor=office, round_=round_)
            first = registered[0]
            for seat_user, offset in ((chair, 1), (member2, 1)):
                sheet = services.sheet_open(actor=seat_user, registration=first)
                _fill(sheet, seat_user, offset=offset)

    # 2025, đợt 2 (after QĐ 1489): open for registrations.
    round_2025, created = _round(
        office,
        year=2025,
        sequence=2,
        rule_code="qd148_1489",
        unit=province,
        opens_on=datetime.date(2025, 9, 1),
        closes_on=datetime.date(2025, 11, 28),
    )
    if created:
        services.council_set(
            actor=office, round_=round_2025, chair=chair, secretary=secretary, members=[member, member2]
        )
    return {
        "rounds": Round.objects.count(),
        "registrations": Registration.objects.count(),
        "sheets": ScoreSheet.objects.count(),
        "open": Round.objects.filter(status=RoundStatus.OPEN).count(),
        "seats": CouncilMember.objects.count(),
    }
