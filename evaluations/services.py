"""Writes with business rules for evaluations. Views, API, admin and commands call these and nothing else.

Every function is keyword-only, runs in one transaction, checks the actor's right and records an audit entry.
Registration statuses change ONLY through ``registration_transition`` (the table is ``evaluations.workflow``).
"""

from django.core.exceptions import PermissionDenied, ValidationError  # noqa: F401 - re-exported for callers
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.permissions import is_verified_producer, role_allows
from accounts.scoping import in_scope
from areas.models import UnitLevel
from areas.selectors import within
from areas.services import ensure_in_force
from audit.models import AuditAction
from audit.services import record_change, snapshot
from ocop_portal.errors import ServiceError

from . import rating, workflow
from .models import (
    CouncilMember,
    CouncilPosition,
    CriteriaSet,
    Criterion,
    EvaluationLevel,
    LevelReach,
    Option,
    Recusal,
    Registration,
    RegistrationStatus,
    Round,
    RoundStatus,
    RuleSet,
    ScoreLine,
    ScoreSheet,
    SheetStatus,
)
from .permissions import (  # noqa: F401 - predicates re-exported for older callers
    can_close_scoring,
    can_manage_round,
    can_register,
    can_run_scoring,
    is_office,
    is_round_secretary,
    seat_of,
)

S = RegistrationStatus


class TransitionError(ServiceError):
    """An illegal or refused move; ``str(exc)`` is a Vietnamese message for the user (API: 409)."""


class SystemOnlyTransition(TransitionError):
    """A move only a service makes (e.g. "decided", by issuing a decision) was asked for by a person (API: 400 on
    ``to_status``)."""

    status_code = 400
    code = "invalid"
    field = "to_status"


class ScoringError(ServiceError):
    """A refused scoring action (sheet closed, recused, incomplete...), with a Vietnamese message (API: 409)."""


# --------------------------------------------------------------------------------------------------------------
# Predicates used by several services and by views/templates
# --------------------------------------------------------------------------------------------------------------


def is_recused(user, registration):
    return Recusal.objects.filter(
        round_id=registration.round_id, member=user, subject_id=registration.product.subject_id
    ).exists()


def rule_set_in_use(rule_set):
    """A rule set is in use once any score sheet was opened on its criteria (directly or through ``based_on``)."""
    source = rule_set.criteria_source
    return ScoreSheet.objects.filter(criteria_set__rule_set=source).exists()


def criteria_set_for(rule_set, product):
    """The scoring sheet of a product's set under a rule set (a 1048-era class is read through ``maps_to``)."""
    source = rule_set.criteria_source
    product_class = product.product_class
    if product_class.regime != source.product_regime and product_class.maps_to_id:
        product_class = product_class.maps_to
    number = product_class.set_number
    if number is None:
        return None
    return CriteriaSet.objects.filter(rule_set=source, number=number).first()


def reach_for(round_):
    reach = LevelReach.objects.filter(rule_set=round_.rule_set, level=round_.level).first()
    if reach is None:
        return None
    return rating.Reach(reach.recognises_min_stars, reach.recognises_max_stars, reach.forwards_min_score)


# --------------------------------------------------------------------------------------------------------------
# Criteria (used by the load_criteria command)
# --------------------------------------------------------------------------------------------------------------


def criteria_load(*, actor, rule_set, directory, only=None):
    """Validate and store the CSV sheets of ``directory`` into ``rule_set``; raises ``CriteriaError``."""
    from .criteria_loader import CriteriaError, read_directory, store

    if rule_set.based_on_id is not None:
        raise CriteriaError(
            [(rule_set.code, None, _("Bộ quy định %(code)s dùng bộ tiêu chí của %(base)s: hãy nạp vào %(base)s.")
              % {"code": rule_set.code, "base": rule_set.based_on.code})]
        )  # fmt: skip
    parsed = read_directory(directory, rule_set.part_maxima(), only=only)
    with transaction.atomic():
        outcome = store(rule_set, parsed)
        changed = {number for number, state in outcome if state != "unchanged"}
        for criteria_set in CriteriaSet.objects.filter(rule_set=rule_set, number__in=changed):
            record_change(actor=actor, action=AuditAction.CREATE, instance=criteria_set, reason=_("Nạp bộ tiêu chí"))
    return outcome


def rule_set_update(*, actor, rule_set, data):
    """Change a rule set's fields; refused once its criteria are used for scoring (published and in use)."""
    if not (actor is None or role_allows(actor, "manage_users")):
        raise PermissionDenied
    with transaction.atomic():
        rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
        if rule_set.published and rule_set_in_use(rule_set):
            raise ValidationError(_("Bộ quy định đã ban hành và đang được dùng để chấm: không sửa tại chỗ."))
        before = snapshot(rule_set)
        for name, value in data.items():
            setattr(rule_set, name, value)
        rule_set.full_clean()
        rule_set.save()
        record_change(actor=actor, action=AuditAction.UPDATE, instance=rule_set, before=before)
    return rule_set


# --------------------------------------------------------------------------------------------------------------
# Rounds and councils
# --------------------------------------------------------------------------------------------------------------

LEVEL_UNIT = {EvaluationLevel.DISTRICT: "district", EvaluationLevel.PROVINCE: "province"}


def round_create(*, actor, year, sequence, rule_set, level, unit, opens_on, scoring_closes_on=None, note=""):
    if not can_manage_round(actor) or not in_scope(actor, unit, "change"):
        raise PermissionDenied
    if not LevelReach.objects.filter(rule_set=rule_set, level=level).exists():
        raise ValidationError(
            _("Theo %(rule)s không có đánh giá ở %(level)s.")
            % {"rule": rule_set.name, "level": EvaluationLevel(level).label.lower()}
        )
    expected = LEVEL_UNIT.get(level)
    if expected and unit.level != expected:
        raise ValidationError(
            _("Đợt %(level)s phải do một đơn vị cấp %(unit)s tổ chức.")
            % {"level": EvaluationLevel(level).label.lower(), "unit": UnitLevel(expected).label.lower()}
        )
    if opens_on < rule_set.effective_from or (rule_set.effective_to and opens_on > rule_set.effective_to):
        raise ValidationError(_("Ngày mở đợt nằm ngoài thời gian hiệu lực của %s.") % rule_set.name)
    if scoring_closes_on and scoring_closes_on < opens_on:
        raise ValidationError(_("Hạn chấm điểm phải sau ngày mở đợt."))
    ensure_in_force(unit, on=opens_on)
    with transaction.atomic():
        if Round.objects.filter(year=year, sequence=sequence, level=level, unit=unit).exists():
            raise ValidationError(_("Đã có đợt %(seq)s năm %(year)s của đơn vị này.") % {"seq": sequence, "year": year})
        round_ = Round.objects.create(
            year=year,
            sequence=sequence,
            rule_set=rule_set,
            level=level,
            unit=unit,
            opens_on=opens_on,
            scoring_closes_on=scoring_closes_on,
            note=note,
            created_by=actor,
        )
        record_change(actor=actor, action=AuditAction.CREATE, instance=round_)
    return round_


# The council as the round's audit trail records it: a person reads the key and the value as they are (they are not
# a field of the round; written in Vietnamese like the reasons of the trail).
COUNCIL_KEY = "Hội đồng"


def _council_text(round_):
    """«Nguyễn Văn A (Chủ tịch hội đồng); Trần Thị B (Thư ký); ...», not user ids and position codes."""
    seats = round_.seats.select_related("user").order_by("position", "pk")
    return "; ".join(f"{seat.user} ({seat.get_position_display()})" for seat in seats)


def council_set(
    *,
    actor,
    round_,
    chair,
    secretary,
    members,
    organisations=None,
    quorum_numerator=None,
    quorum_denominator=None,
    quorum_requires_chair=None,
    quorum_basis=None,
):
    """Set the council of a round: one chair, one secretary (does not score), members. Only before scoring.

    ``quorum_*`` (None or empty: unchanged): the council's quorum rule as its regulation sets it, with the basis."""
    if not can_manage_round(actor, round_):
        raise PermissionDenied
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(_("Chỉ thay đổi hội đồng khi đợt còn đang nhận hồ sơ."))
    council_roles = {Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY}
    if secretary.role != Role.COUNCIL_SECRETARY:
        raise ValidationError(_("%s không có vai trò thư ký hội đồng.") % secretary)
    for user in [chair, *members]:
        if user.role not in council_roles:
            raise ValidationError(_("%s không có vai trò thành viên hội đồng.") % user)
    people = [chair.pk, secretary.pk, *[m.pk for m in members]]
    if len(set(people)) != len(people):
        raise ValidationError(_("Một người chỉ giữ một vị trí trong hội đồng."))
    organisations = organisations or {}
    quorum = {
        "quorum_numerator": quorum_numerator,
        "quorum_denominator": quorum_denominator,
        "quorum_requires_chair": quorum_requires_chair,
        "quorum_basis": (quorum_basis or "").strip() or None,
    }
    quorum = {name: value for name, value in quorum.items() if value is not None}
    numerator = quorum.get("quorum_numerator", round_.quorum_numerator)
    denominator = quorum.get("quorum_denominator", round_.quorum_denominator)
    if denominator < 1 or not 1 <= numerator <= denominator:
        raise ValidationError(_("Túc số phải là một phân số từ 1/%(d)s đến %(d)s/%(d)s.") % {"d": max(denominator, 1)})
    with transaction.atomic():
        if quorum:
            Round.objects.filter(pk=round_.pk).update(**quorum)
            for name, value in quorum.items():
                setattr(round_, name, value)
        before = {COUNCIL_KEY: _council_text(round_)}
        round_.seats.all().delete()
        CouncilMember.objects.create(round=round_, user=chair, position=CouncilPosition.CHAIR, scores=True,
                                     organisation=organisations.get(chair.pk, ""))  # fmt: skip
        CouncilMember.objects.create(
            round=round_, user=secretary, position=CouncilPosition.SECRETARY, scores=False,
            organisation=organisations.get(secretary.pk, ""),
        )  # fmt: skip
        for user in members:
            CouncilMember.objects.create(round=round_, user=user, position=CouncilPosition.MEMBER, scores=True,
                                         organisation=organisations.get(user.pk, ""))  # fmt: skip
        after = {COUNCIL_KEY: _council_text(round_), **quorum}
        record_change(actor=actor, action=AuditAction.UPDATE, instance=round_, before=before, after=after,
                      reason=_("Thành lập hội đồng"))  # fmt: skip
    return round_


def recusal_declare(*, actor, round_, member, subject, reason):
    """A member linked to a subject does not score its products (declared by the member, the secretary, the office).

    Refused once scoring is closed. The member's unsubmitted sheets for that subject's products are removed.
    """
    if not (actor == member and seat_of(actor, round_) is not None) and not can_run_scoring(actor, round_):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Cần ghi lý do không tham gia chấm."))
    if round_.is_closed:
        raise ValidationError(_("Đợt đã khóa chấm điểm."))
    if seat_of(member, round_) is None:
        raise ValidationError(_("%s không phải thành viên hội đồng của đợt này.") % member)
    with transaction.atomic():
        recusal, created = Recusal.objects.get_or_create(
            round=round_, member=member, subject=subject, defaults={"reason": reason, "declared_by": actor}
        )
        if created:
            record_change(actor=actor, action=AuditAction.CREATE, instance=recusal, reason=reason)
        for sheet in ScoreSheet.objects.filter(
            registration__round=round_, registration__product__subject=subject, member=member
        ):
            if sheet.status == SheetStatus.SUBMITTED:
                raise ValidationError(
                    _("Thành viên đã nộp phiếu cho sản phẩm của chủ thể này; thư ký mở lại phiếu trước.")
                )
            record_change(actor=actor, action=AuditAction.DELETE, instance=sheet, before=snapshot(sheet), reason=reason)
            sheet.lines.all().delete()
            sheet.delete()
    return recusal


def round_start_scoring(*, actor, round_):
    if not can_run_scoring(actor, round_):
        raise PermissionDenied
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.status != RoundStatus.OPEN:
            raise ValidationError(_("Đợt không ở trạng thái đang nhận hồ sơ."))
        if not round_.seats.filter(scores=True).exists():
            raise ValidationError(_("Đợt chưa có hội đồng chấm điểm."))
        before = snapshot(round_)
        round_.status = RoundStatus.SCORING
        round_.save(update_fields=["status"])
        record_change(actor=actor, action=AuditAction.TRANSITION, instance=round_, before=before,
                      reason=_("Bắt đầu chấm điểm"))  # fmt: skip
    return round_


def quorum_problems(round_, registrations=None):
    """One sentence per registration being scored whose submitted sheets are below the round's quorum (naming the
    product and the members who have not submitted); empty when every one has its quorum."""
    from .selectors import quorum_problem, round_progress

    if registrations is None:
        registrations = list(
            Registration.objects.filter(round=round_, status=S.ACCEPTED)
            .select_related("product")
            .order_by("product__name", "pk")
        )
    progress = round_progress(round_, registrations)
    return [
        problem
        for registration in registrations
        if (problem := quorum_problem(round_, registration, progress[registration.pk]))
    ]


def round_close_scoring(*, actor, round_):
    """The secretary closes scoring: from now on the council and the office see every sheet."""
    if not can_close_scoring(actor, round_):
        raise PermissionDenied
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.status != RoundStatus.SCORING:
            raise ValidationError(_("Chỉ khóa chấm điểm khi đợt đang chấm."))
        problems = quorum_problems(round_)
        if problems:
            raise ValidationError(
                _("Chưa khóa chấm điểm được: chưa đủ túc số phiếu đã nộp.") + " " + " ".join(problems)
            )
        before = snapshot(round_)
        round_.status = RoundStatus.CLOSED
        round_.scoring_closed_at = timezone.now()
        round_.scoring_closed_by = actor
        round_.save(update_fields=["status", "scoring_closed_at", "scoring_closed_by"])
        record_change(actor=actor, action=AuditAction.TRANSITION, instance=round_, before=before,
                      reason=_("Khóa chấm điểm"))  # fmt: skip
    return round_


# --------------------------------------------------------------------------------------------------------------
# Registrations
# --------------------------------------------------------------------------------------------------------------


def _check_commune_report(round_, product, report):
    if report is None:
        if round_.rule_set.requires_commune_report:
            raise ValidationError(_("Theo %s, hồ sơ phải kèm báo cáo đánh giá của UBND cấp xã.") % round_.rule_set.name)
        return
    if report.subject_id != product.subject_id or report.product_id not in (None, product.pk):
        raise ValidationError(_("Báo cáo đánh giá phải là hồ sơ của sản phẩm hoặc của chủ thể sản xuất ra nó."))


DUPLICATE_REGISTRATION = gettext_lazy("Sản phẩm đã được đăng ký trong đợt này.")


def registration_create(*, actor, round_, product, kind, commune_report=None, note=""):
    if not can_register(actor, round_, product):
        raise PermissionDenied
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(_("Đợt đánh giá không còn nhận hồ sơ."))
    if not within(product.unit, round_.unit):
        raise ValidationError(_("Sản phẩm không thuộc địa bàn của đơn vị tổ chức đợt đánh giá."))
    if criteria_set_for(round_.rule_set, product) is None:
        raise ValidationError(
            _("Chưa có bộ tiêu chí cho bộ sản phẩm «%s» theo quy định của đợt.") % product.product_class
        )
    with transaction.atomic():
        if Registration.objects.filter(round=round_, product=product).exists():
            raise ValidationError(DUPLICATE_REGISTRATION)
        if commune_report is not None or not is_verified_producer(actor):
            # A producer's application gets the commune's report when the commune forwards it.
            _check_commune_report(round_, product, commune_report)
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    round=round_, product=product, kind=kind, commune_report=commune_report, note=note,
                    created_by=actor,
                )  # fmt: skip
        except IntegrityError:
            # Two identical requests at once: the unique (round, product) constraint let only the first one in.
            if Registration.objects.filter(round=round_, product=product).exists():
                raise ValidationError(DUPLICATE_REGISTRATION) from None
            raise
        record_change(actor=actor, action=AuditAction.CREATE, instance=registration)
    return registration


def registration_update(*, actor, registration, kind=None, commune_report=None, note=None):
    if not workflow.is_submitter_or_owner(actor, registration):
        raise PermissionDenied
    if registration.status not in {S.DRAFT, S.RETURNED}:
        raise ValidationError(_("Chỉ sửa hồ sơ ở trạng thái nháp hoặc bị trả lại."))
    with transaction.atomic():
        before = snapshot(registration)
        if kind is not None:
            registration.kind = kind
        if note is not None:
            registration.note = note
        if commune_report is not None:
            _check_commune_report(registration.round, registration.product, commune_report)
            registration.commune_report = commune_report
        registration.save()
        record_change(actor=actor, action=AuditAction.UPDATE, instance=registration, before=before)
    return registration


def registration_delete(*, actor, registration):
    if not workflow.is_submitter_or_owner(actor, registration):
        raise PermissionDenied
    if registration.status != S.DRAFT:
        raise ValidationError(_("Chỉ xoá hồ sơ còn ở trạng thái nháp."))
    with transaction.atomic():
        record_change(actor=actor, action=AuditAction.DELETE, instance=registration, before=snapshot(registration))
        registration.delete()


def system_only_message(to_status):
    return _(
        "Hồ sơ chỉ chuyển sang «%(status)s» khi VPĐP ban hành quyết định công nhận có tên sản phẩm này "
        "(mục Quyết định); không chuyển bằng tay được."
    ) % {"status": S(to_status).label}


def registration_transition(*, registration, to_status, actor, reason="", system=False, dossier_override=""):
    """The ONE way to move a registration: table lookup, role check, preconditions, audit, clear messages.

    ``dossier_override``: on submission, the officer's explicit reason for sending a dossier that still lacks a
    required document (without it such a submission is refused naming the documents); kept on the registration,
    written in the audit entry and shown to the council.

    ``system=True`` is passed only by services that make a ``system_only`` move themselves
    (``registration_mark_decided``); pages and API never pass it, so such a move asked for there is refused.
    """
    reason = (reason or "").strip()
    dossier_override = (dossier_override or "").strip()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("round", "round__rule_set", "product", "product__unit", "created_by")
            .get(pk=registration.pk)
        )
        source = registration.status
        move = workflow.find(source, to_status)
        if move is None:
            raise TransitionError(
                _("Không thể chuyển hồ sơ từ «%(a)s» sang «%(b)s».")
                % {"a": S(source).label, "b": S(to_status).label if to_status in S.values else to_status}
            )
        if not move.allowed(actor, registration):
            raise TransitionError(
                _("Bạn không có quyền «%(label)s»: chỉ %(who)s được làm việc này.")
                % {"label": move.label, "who": move.who}
            )
        if move.system_only and not system:
            raise SystemOnlyTransition(system_only_message(to_status))
        if move.reason_required and not reason:
            raise TransitionError(_("«%s» cần ghi rõ lý do.") % move.label)
        before = snapshot(registration)
        _apply(registration, move, actor, dossier_override=dossier_override)
        registration.status = to_status
        registration.status_reason = reason
        registration.save()
        audit_reason = reason or move.label
        if move.target == S.SUBMITTED and registration.dossier_override_reason:
            audit_reason += " — " + _("Gửi khi còn thiếu hồ sơ bắt buộc (%(missing)s). Lý do: %(why)s") % {
                "missing": registration.dossier_missing,
                "why": registration.dossier_override_reason,
            }
        record_change(
            actor=actor,
            action=AuditAction.TRANSITION,
            instance=registration,
            before=before,
            reason=audit_reason,
        )
        _notify_producers(registration, move, reason)
    return registration


def _notify_producers(registration, move, reason):
    """Tell the producer accounts of the product's subject what happened to their dossier (in the portal and by
    e-mail, ``notices.services.notify``): returned with the comments, result published (approved), decision issued.
    The notices are stored in the transition's transaction."""
    from notices.models import NoticeKind
    from notices.services import notify
    from producers.selectors import accounts_for_subject

    product = registration.product
    if move.target == S.RETURNED:
        kind, title = NoticeKind.APPLICATION_RETURNED, _("Hồ sơ «%s» bị trả lại để bổ sung") % product.name
        body = _("Ý kiến: %s") % reason + "\n" + _("Bổ sung theo ý kiến rồi gửi lại hồ sơ.")
    elif move.target == S.FORWARDED:
        kind, title = NoticeKind.APPLICATION_FORWARDED, _("Hồ sơ «%s» đã được xã thẩm định, chuyển lên") % product.name
        body = _("Hồ sơ đã được chuyển lên hội đồng đánh giá của đợt %s.") % registration.round
    elif move.target == S.APPROVED:
        kind, title = NoticeKind.RESULT_PUBLISHED, _("Đã có kết quả đánh giá sản phẩm «%s»") % product.name
        body = _("Kết quả: %(score)s điểm, %(stars)s sao. Quyết định công nhận sẽ được ban hành sau.") % {
            "score": _number(registration.score),
            "stars": registration.stars or "—",
        }
    elif move.target == S.DECIDED:
        kind, title = NoticeKind.DECISION_ISSUED, _("Đã có quyết định công nhận sản phẩm «%s»") % product.name
        body = _("Xem quyết định và tải giấy chứng nhận trên trang hồ sơ.")
    else:
        return
    users = [account.user for account in accounts_for_subject(product.subject_id)]
    if users:
        link = reverse("producers:application_detail", args=[registration.pk])
        notify(users, kind, title, body, link)


def _number(value):
    from ocop_portal.formatting import format_number

    return format_number(value, 2) if value is not None else "—"


def _apply(registration, move, actor, dossier_override=""):
    """Preconditions and side effects of each target state."""
    round_ = registration.round
    now = timezone.now()
    target = move.target
    if target == S.SUBMITTED:
        if round_.status == RoundStatus.CLOSED:
            raise TransitionError(_("Đợt đánh giá đã khóa chấm điểm, không nhận hồ sơ."))
        if (
            round_.rule_set.requires_commune_report
            and registration.commune_report_id is None
            and not workflow.entered_by_producer(registration)  # the commune adds it when forwarding
        ):
            raise TransitionError(_("Hồ sơ chưa có báo cáo đánh giá của UBND cấp xã."))
        from .selectors import dossier_missing

        missing = ", ".join(str(doc_type) for doc_type in dossier_missing(registration))
        if missing and not dossier_override:
            raise TransitionError(
                _(
                    "Hồ sơ còn thiếu giấy tờ bắt buộc: %s. Tải lên trước khi gửi, hoặc ghi rõ lý do gửi khi còn "
                    "thiếu hồ sơ."
                )
                % missing
            )
        registration.dossier_missing = missing
        registration.dossier_override_reason = dossier_override if missing else ""
        registration.submitted_at = now
    elif target == S.FORWARDED:
        if round_.status == RoundStatus.CLOSED:
            raise TransitionError(_("Đợt đánh giá đã khóa chấm điểm."))
        if round_.rule_set.requires_commune_report and registration.commune_report_id is None:
            raise TransitionError(
                _("Theo %s, xã chuyển hồ sơ lên kèm báo cáo đánh giá của UBND cấp xã (tải tệp báo cáo lên).")
                % round_.rule_set.name
            )
    elif target == S.ACCEPTED and move.source in (S.SUBMITTED, S.FORWARDED):
        if round_.status == RoundStatus.CLOSED:
            raise TransitionError(_("Đợt đánh giá đã khóa chấm điểm."))
    elif target == S.ACCEPTED and move.source == S.SCORED:
        for sheet in registration.sheets.all():
            before = snapshot(sheet)
            sheet.status = SheetStatus.DRAFT
            sheet.reopened_count += 1
            sheet.save(update_fields=["status", "reopened_count", "updated_at"])
            record_change(actor=actor, action=AuditAction.TRANSITION, instance=sheet, before=before,
                          reason=_("Chấm lại theo yêu cầu của VPĐP"))  # fmt: skip
        registration.score = registration.stars = registration.scored_at = None
        registration.proposed_action = ""
    elif target == S.SCORED:
        from .selectors import registration_result

        if not round_.is_closed:
            raise TransitionError(_("Thư ký chưa khóa chấm điểm của đợt."))
        result = registration_result(registration)
        if result.drafts:
            raise TransitionError(_("Còn %s phiếu đang chấm lại chưa nộp.") % result.drafts)
        if not result.totals:
            raise TransitionError(_("Chưa có phiếu chấm nào được nộp."))
        problems = quorum_problems(round_, [registration])
        if problems:
            raise TransitionError(_("Chưa đủ túc số phiếu đã nộp, chưa có kết quả.") + " " + " ".join(problems))
        if result.flagged:
            raise TransitionError(
                _("Tổng điểm của các thành viên chênh nhau %s điểm (quá 10 điểm): mở lại phiếu để chấm lại.")
                % result.spread
            )
        registration.score = result.score
        registration.stars = result.stars
        registration.proposed_action = result.proposed_action
        registration.scored_at = now
    elif target == S.APPROVED:
        registration.approved_at = now
    elif target == S.DECIDED:
        registration.decided_at = now


def registration_forward(*, actor, registration, report_text="", report_file=None):
    """The commune's pre-assessment of a producer's dossier: forward it (submitted → forwarded) with the commune's
    report, an uploaded file (stored in the product's dossier as «Báo cáo đánh giá của UBND cấp xã» and linked as
    ``Registration.commune_report``) or a short text (the move's reason, in the audit trail and the history the
    producer sees). One transaction: a refused move keeps no uploaded report."""
    from products.models import DocumentType
    from products.services import document_upload

    report_text = (report_text or "").strip()
    if not report_text and report_file is None:
        raise ValidationError(
            {"report_text": _("Ghi ý kiến thẩm định của xã hoặc tải lên báo cáo đánh giá của UBND cấp xã.")}
        )
    if not workflow.may_forward(actor, registration):
        raise PermissionDenied(_("Chỉ cán bộ xã/huyện của địa bàn chuyển hồ sơ chủ thể gửi lên."))
    with transaction.atomic():
        if report_file is not None:
            doc_type = DocumentType.objects.filter(code="commune_report").first()
            if doc_type is None:
                raise ValidationError(_("Danh mục loại hồ sơ chưa có «Báo cáo đánh giá của UBND cấp xã»."))
            product = registration.product
            report = document_upload(
                actor=actor,
                subject=product.subject,
                document_type=doc_type,
                uploaded_file=report_file,
                product=product,
                title=_("Báo cáo đánh giá của UBND cấp xã – %s") % product.name,
            )
            before = snapshot(registration)
            Registration.objects.filter(pk=registration.pk).update(commune_report=report)
            registration.commune_report = report
            record_change(actor=actor, action=AuditAction.UPDATE, instance=registration, before=before,
                          reason=_("Báo cáo đánh giá của UBND cấp xã"))  # fmt: skip
        reason = report_text or _("Xã thẩm định, chuyển hồ sơ lên kèm báo cáo đánh giá.")
        return registration_transition(registration=registration, to_status=S.FORWARDED, actor=actor, reason=reason)


def previous_registration(product, *, exclude=None):
    """The product's last registration (the dossier an upgrade or re-evaluation starts from), or None."""
    qs = Registration.objects.filter(product=product).select_related("round").order_by("-created_at", "-pk")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.first()


def application_start(*, actor, round_, product, kind, note=None):
    """A producer's application (``Registration`` in draft) for one of its products into an open round of its
    area. An upgrade or re-evaluation starts from the last dossier: the product profile and every document still
    on file are the same records (nothing is copied or uploaded again: ``selectors.dossier_checklist`` reuses them
    while valid), and the previous registration's note is carried over when none is given."""
    if not is_verified_producer(actor):
        raise PermissionDenied(_("Chỉ tài khoản chủ thể đã được xác minh mới nộp hồ sơ trực tuyến."))
    if round_.status != RoundStatus.OPEN or not within(product.unit, round_.unit):
        raise ValidationError({"round_": _("Hãy chọn một đợt đánh giá đang nhận hồ sơ của địa phương bạn.")})
    previous = previous_registration(product)
    if note is None or not note.strip():
        note = previous.note if previous is not None and kind != "new" else ""
    return registration_create(actor=actor, round_=round_, product=product, kind=kind, note=note)


def application_upload(*, actor, registration, document_type, file, issued_on=None, valid_until=None):
    """A document of a draft or returned application's checklist, uploaded by the producer (or an officer of the
    area) into the product's dossier (``products.services.document_upload``: a subject-level type such as the
    business licence is stored once for the subject and reused by every product and round)."""
    from products.services import document_upload

    if not workflow.is_submitter_or_owner(actor, registration):
        raise PermissionDenied
    if registration.status not in {S.DRAFT, S.RETURNED}:
        raise ValidationError(_("Hồ sơ đã gửi: chỉ bổ sung giấy tờ khi hồ sơ còn nháp hoặc bị trả lại."))
    product = registration.product
    return document_upload(
        actor=actor,
        subject=product.subject,
        document_type=document_type,
        uploaded_file=file,
        product=product,
        issued_on=issued_on,
        valid_until=valid_until,
    )


def registration_mark_decided(*, registration, actor):
    """Called by the decisions app when an issued decision names this approved registration (approved → decided).
    The link itself is ``decisions.Recognition.registration`` (``registration.decision_item``)."""
    with transaction.atomic():
        registration = registration_transition(registration=registration, to_status=S.DECIDED, actor=actor, system=True)
    return registration


# --------------------------------------------------------------------------------------------------------------
# Score sheets
# --------------------------------------------------------------------------------------------------------------


def sheet_editable(sheet):
    """A draft sheet of an accepted registration, while the round is scoring — or reopened after close."""
    registration = sheet.registration
    if sheet.status != SheetStatus.DRAFT or registration.status != S.ACCEPTED:
        return False
    status = registration.round.status
    return status == RoundStatus.SCORING or (status == RoundStatus.CLOSED and sheet.reopened_count > 0)


def sheet_to_open(*, actor, registration):
    """Read only: the actor's existing sheet for a registration, or a blank UNSAVED one when they may open one.

    Raises ``PermissionDenied`` / ``ScoringError`` exactly as ``sheet_open`` would. Pages call this on GET (a GET
    never writes); the sheet row is created by ``sheet_open`` on the first POST.
    """
    registration = Registration.objects.select_related("round__rule_set", "product__product_class").get(
        pk=registration.pk
    )
    round_ = registration.round
    seat = seat_of(actor, round_)
    if seat is None or not seat.scores:
        raise PermissionDenied(_("Bạn không phải thành viên chấm điểm của hội đồng đợt này."))
    if is_recused(actor, registration):
        raise ScoringError(_("Bạn đã được miễn chấm sản phẩm của chủ thể này (có liên quan đến chủ thể)."))
    existing = ScoreSheet.objects.filter(registration=registration, member=actor).first()
    if existing is not None:
        return existing
    if registration.status != S.ACCEPTED or round_.status != RoundStatus.SCORING:
        raise ScoringError(_("Hồ sơ chưa được đưa vào chấm hoặc đợt không ở giai đoạn chấm điểm."))
    criteria_set = criteria_set_for(round_.rule_set, registration.product)
    if criteria_set is None:
        raise ScoringError(_("Chưa có bộ tiêu chí cho sản phẩm này."))
    return ScoreSheet(registration=registration, member=actor, criteria_set=criteria_set)


def sheet_open(*, actor, registration):
    """The actor's own sheet for a registration, created on first opening (a POST: never called on GET)."""
    sheet = sheet_to_open(actor=actor, registration=registration)
    if sheet.pk is not None:
        return sheet
    registration, criteria_set = sheet.registration, sheet.criteria_set
    with transaction.atomic():
        sheet, created = ScoreSheet.objects.get_or_create(
            registration=registration, member=actor, defaults={"criteria_set": criteria_set}
        )
        if created:
            record_change(actor=actor, action=AuditAction.CREATE, instance=sheet)
    return sheet


def _own_editable(actor, sheet):
    if sheet.member_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Đây không phải phiếu chấm của bạn."))
    if is_recused(actor, sheet.registration):
        raise ScoringError(_("Bạn đã được miễn chấm sản phẩm của chủ thể này."))
    if not sheet_editable(sheet):
        raise ScoringError(_("Phiếu đã nộp hoặc đã khóa chấm điểm: không sửa được."))


def sheet_choose(*, actor, sheet, option):
    """Record the chosen option for its criterion (one row per criterion). Saves as the member goes."""
    with transaction.atomic():
        sheet = ScoreSheet.objects.select_for_update().select_related("registration__round").get(pk=sheet.pk)
        _own_editable(actor, sheet)
        option = Option.objects.select_related("criterion__section__part").get(pk=option.pk)
        if option.criterion.section.part.criteria_set_id != sheet.criteria_set_id:
            raise ScoringError(_("Mức đánh giá không thuộc bộ tiêu chí của phiếu."))
        line = ScoreLine.objects.filter(sheet=sheet, criterion=option.criterion).first()
        if line is None:
            line = ScoreLine.objects.create(sheet=sheet, criterion=option.criterion, option=option)
            record_change(actor=actor, action=AuditAction.CREATE, instance=line)
        elif line.option_id != option.pk:
            before = snapshot(line)
            line.option = option
            line.save(update_fields=["option", "updated_at"])
            record_change(actor=actor, action=AuditAction.UPDATE, instance=line, before=before)
        ScoreSheet.objects.filter(pk=sheet.pk).update(updated_at=timezone.now())
    return line


def sheet_set_lines(*, actor, sheet, options):
    """Several choices at once (API PUT): each option for its own criterion."""
    with transaction.atomic():
        lines = [sheet_choose(actor=actor, sheet=sheet, option=option) for option in options]
    return lines


def sheet_submit(*, actor, sheet, comment=None):
    with transaction.atomic():
        sheet = ScoreSheet.objects.select_for_update().select_related("registration__round").get(pk=sheet.pk)
        _own_editable(actor, sheet)
        expected = Criterion.objects.filter(section__part__criteria_set=sheet.criteria_set_id).count()
        answered = sheet.lines.count()
        if answered < expected:
            raise ScoringError(
                _("Còn %(n)s/%(t)s tiêu chí chưa chọn mức: chấm đủ trước khi nộp.")
                % {"n": expected - answered, "t": expected}
            )
        before = snapshot(sheet)
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = timezone.now()
        if comment is not None:
            sheet.comment = comment
        sheet.save()
        # No total in the reason: a sheet's points stay secret until the secretary closes scoring.
        record_change(actor=actor, action=AuditAction.TRANSITION, instance=sheet, before=before,
                      reason=_("Nộp phiếu"))  # fmt: skip
    return sheet


def sheet_reopen(*, actor, sheet, reason):
    """The secretary reopens a submitted sheet for re-scoring (e.g. totals more than 10 points apart)."""
    round_ = sheet.registration.round
    if not can_run_scoring(actor, round_):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError(_("Cần ghi lý do mở lại phiếu."))
    with transaction.atomic():
        sheet = ScoreSheet.objects.select_for_update().select_related("registration").get(pk=sheet.pk)
        if sheet.registration.status != S.ACCEPTED:
            raise ValidationError(_("Chỉ mở lại phiếu của hồ sơ đang chấm."))
        if sheet.status != SheetStatus.SUBMITTED:
            raise ValidationError(_("Phiếu chưa nộp, không cần mở lại."))
        before = snapshot(sheet)
        sheet.status = SheetStatus.DRAFT
        sheet.reopened_count += 1
        sheet.save(update_fields=["status", "reopened_count", "updated_at"])
        record_change(actor=actor, action=AuditAction.TRANSITION, instance=sheet, before=before, reason=reason)
    return sheet
