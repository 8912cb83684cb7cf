"""Writes about decisions. Views, API, admin, demo and the daily job call these functions and nothing else.

Every function is keyword-only, runs in one transaction, checks the actor's right (the coordination office, or
an administrator, inside the authority's area) and writes an audit record.
"""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scoping import in_scope
from audit.models import AuditAction
from audit.services import record_change, snapshot
from catalogue.services import catalogue_entries_refresh
from evaluations.services import registration_mark_decided
from ocop_portal.concurrency import claim_version
from ocop_portal.formatting import format_date
from products.models import OcopStatus, Product

from .models import (
    Decision,
    DecisionCounter,
    DecisionKind,
    DecisionStatus,
    Notification,
    Recognition,
    RecognitionKind,
    Revocation,
    RevocationGround,
    Stars,
    validity_end,
)
from .permissions import can_issue_decisions, is_central
from .selectors import stored_status_drift

DEFAULT_SUBJECT_LINES = {
    DecisionKind.RECOGNITION: "Về việc công nhận sản phẩm đạt chuẩn OCOP",
    DecisionKind.REVOCATION: "Về việc thu hồi Giấy chứng nhận sản phẩm đạt chuẩn OCOP",
    DecisionKind.CORRECTION: "Về việc đính chính Quyết định số {number} ngày {date}",
}
DEFAULT_LEGAL_BASIS = {
    DecisionKind.RECOGNITION: (
        "Căn cứ Luật Tổ chức chính quyền địa phương;\n"
        "Căn cứ Quyết định số 919/QĐ-TTg ngày 01/8/2022 của Thủ tướng Chính phủ phê duyệt Chương trình mỗi xã "
        "một sản phẩm giai đoạn 2021 - 2025;\n"
        "Căn cứ Quyết định số 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ ban hành Bộ tiêu chí và quy trình "
        "đánh giá, phân hạng sản phẩm Chương trình mỗi xã một sản phẩm;\n"
        "Xét kết quả đánh giá, phân hạng của Hội đồng đánh giá, phân hạng sản phẩm OCOP và đề nghị của "
        "Văn phòng Điều phối."
    ),
    DecisionKind.REVOCATION: (
        "Căn cứ Luật Tổ chức chính quyền địa phương;\n"
        "Căn cứ Quyết định số 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ ban hành Bộ tiêu chí và quy trình "
        "đánh giá, phân hạng sản phẩm Chương trình mỗi xã một sản phẩm;\n"
        "Xét đề nghị của Văn phòng Điều phối."
    ),
    DecisionKind.CORRECTION: "Căn cứ Luật Tổ chức chính quyền địa phương;\nXét đề nghị của Văn phòng Điều phối.",
}
DEFAULT_RECIPIENTS = "Như Điều 3;\nVăn phòng Điều phối Chương trình OCOP;\nLưu: VT."
EDITABLE_FIELDS = ("subject_line", "legal_basis", "recipients", "signer_name", "signer_title", "date")


# --- rights -------------------------------------------------------------------------------------------------


def _require(actor, authority):
    if not can_issue_decisions(actor, authority):
        raise PermissionDenied(_("Chỉ Văn phòng Điều phối trong địa bàn được lập và ban hành quyết định."))


def _require_decision(actor, decision):
    """The right on the authority and, for a central authority's decision, on the area it was recorded for."""
    _require(actor, decision.authority)
    if is_central(decision.authority) and not in_scope(actor, decision, "approve"):
        raise PermissionDenied(_("Quyết định này được ghi nhận cho địa bàn khác."))


def decision_unit(actor, authority):
    """The area a decision of ``authority`` recorded by ``actor`` belongs to (``Decision.unit``, its scoping): the
    authority's unit, except for a central authority (the ministry), whose decision the office records as its area's
    copy: the actor's unit. Two provinces may so record the same ministry decision, each for its own products."""
    if is_central(authority) and getattr(actor, "unit_id", None):
        return actor.unit
    return authority.unit


def _require_draft(decision):
    if Decision.objects.filter(pk=decision.pk, status=DecisionStatus.ISSUED).exists():
        raise ValidationError(_("Quyết định đã ban hành không được sửa; hãy ban hành quyết định đính chính."))


def _require_product_in_scope(actor, product):
    if not in_scope(actor, product, "approve"):
        raise PermissionDenied(_("Sản phẩm «%(name)s» không thuộc địa bàn của bạn.") % {"name": product})


# --- drafts -------------------------------------------------------------------------------------------------


def _default_subject_line(kind, corrects=None):
    line = DEFAULT_SUBJECT_LINES[kind]
    if corrects is not None:
        line = line.format(number=corrects.number_display, date=format_date(corrects.date))
    return line


@transaction.atomic
def decision_draft_create(*, actor, kind, authority, **fields):
    """A new draft decision. Only active authorities prepare new decisions (an abolished district does not)."""
    if not authority.is_active:
        raise ValidationError(_("%(authority)s không còn ban hành quyết định mới.") % {"authority": authority})
    return _draft_create(actor=actor, kind=kind, authority=authority, **fields)


def _draft_create(
    *,
    actor,
    kind,
    authority,
    subject_line="",
    legal_basis=None,
    recipients=None,
    signer_name=None,
    signer_title=None,
    date=None,
    corrects=None,
):
    _require(actor, authority)
    if kind == DecisionKind.CORRECTION:
        if corrects is None or not corrects.is_issued:
            raise ValidationError(_("Quyết định đính chính phải dẫn chiếu một quyết định đã ban hành."))
    elif corrects is not None:
        raise ValidationError(_("Chỉ quyết định đính chính mới dẫn chiếu quyết định khác."))
    if is_central(authority) and kind not in (DecisionKind.RECOGNITION, DecisionKind.REVOCATION):
        raise ValidationError(
            _("Với cơ quan trung ương, cổng chỉ ghi nhận quyết định công nhận hoặc thu hồi sản phẩm 5 sao.")
        )
    decision = Decision.objects.create(
        kind=kind,
        authority=authority,
        unit=decision_unit(actor, authority),
        subject_line=subject_line or _default_subject_line(kind, corrects),
        legal_basis=DEFAULT_LEGAL_BASIS[kind] if legal_basis is None else legal_basis,
        recipients=DEFAULT_RECIPIENTS if recipients is None else recipients,
        signer_name=authority.signer_name if signer_name is None else signer_name,
        signer_title=authority.signer_title if signer_title is None else signer_title,
        date=date,
        corrects=corrects,
        created_by=actor,
    )
    record_change(actor=actor, action=AuditAction.CREATE, instance=decision)
    return decision


@transaction.atomic
def decision_draft_update(*, actor, decision, expected_version=None, **changes):
    """Change a draft's header. ``expected_version``: the version the user read (edit form); raises
    ``VersionConflict`` when someone saved the draft since. ``None``: no check."""
    _require_decision(actor, decision)
    _require_draft(decision)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    before = snapshot(decision)
    for field, value in changes.items():
        setattr(decision, field, value)
    decision.full_clean(exclude=["authority", "unit", "corrects"])
    # One UPDATE checks and increments the version (and locks the row until this transaction ends).
    claim_version(decision, expected_version)
    decision.save()
    record_change(actor=actor, action=AuditAction.UPDATE, instance=decision, before=before)
    return decision


@transaction.atomic
def decision_draft_delete(*, actor, decision, reason=""):
    _require_decision(actor, decision)
    _require_draft(decision)
    before = snapshot(decision)
    for item in [*decision.recognitions.all(), *decision.revocations.all()]:
        record_change(actor=actor, action=AuditAction.DELETE, instance=item, before=snapshot(item), reason=reason)
    record_change(actor=actor, action=AuditAction.DELETE, instance=decision, before=before, reason=reason)
    decision.delete()


def _clean_score(score):
    if score in (None, ""):
        return None
    score = Decimal(str(score))
    if not Decimal(0) <= score <= Decimal(100):
        raise ValidationError(_("Điểm phải từ 0 đến 100."))
    return score


def _clean_stars(stars):
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = None
    if stars not in Stars.values:
        raise ValidationError(_("Chỉ công nhận sản phẩm đạt 3, 4 hoặc 5 sao."))
    return stars


def _next_position(queryset):
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def recognition_item_add(
    *, actor, decision, product, stars, score=None, kind=RecognitionKind.NEW, registration_id=None, corrects=None
):
    """Add a product to a draft recognition (or correction) decision."""
    _require_decision(actor, decision)
    _require_draft(decision)
    _require_product_in_scope(actor, product)
    if decision.kind == DecisionKind.REVOCATION:
        raise ValidationError(_("Quyết định thu hồi không có danh sách công nhận."))
    if decision.kind == DecisionKind.CORRECTION and (corrects is None or corrects.decision_id != decision.corrects_id):
        raise ValidationError(_("Mỗi dòng đính chính phải thay một dòng của quyết định được đính chính."))
    if kind not in RecognitionKind.values:
        raise ValidationError(_("Hình thức công nhận không hợp lệ."))
    if decision.recognitions.filter(product=product).exists():
        raise ValidationError(_("Sản phẩm «%(name)s» đã có trong quyết định này.") % {"name": product})
    stars = _clean_stars(stars)
    if is_central(decision.authority) and stars != Stars.FIVE:
        raise ValidationError(
            _("%(authority)s chỉ công nhận sản phẩm 5 sao; «%(name)s» ghi %(stars)s sao.")
            % {"authority": decision.authority.name, "name": product, "stars": stars}
        )
    item = Recognition.objects.create(
        decision=decision,
        product=product,
        stars=stars,
        score=_clean_score(score),
        kind=kind,
        registration_id=registration_id,
        corrects=corrects,
        position=_next_position(decision.recognitions),
    )
    record_change(actor=actor, action=AuditAction.CREATE, instance=item)
    return item


@transaction.atomic
def recognition_item_update(*, actor, item, stars, score=None, kind=None):
    decision = item.decision
    _require_decision(actor, decision)
    _require_draft(decision)
    before = snapshot(item)
    item.stars = _clean_stars(stars)
    if is_central(decision.authority) and item.stars != Stars.FIVE:
        raise ValidationError(_("%(authority)s chỉ công nhận sản phẩm 5 sao.") % {"authority": decision.authority.name})
    item.score = _clean_score(score)
    if kind is not None:
        item.kind = kind
    item.save()
    record_change(actor=actor, action=AuditAction.UPDATE, instance=item, before=before)
    return item


@transaction.atomic
def decision_item_remove(*, actor, item):
    decision = item.decision
    _require_decision(actor, decision)
    _require_draft(decision)
    record_change(actor=actor, action=AuditAction.DELETE, instance=item, before=snapshot(item))
    item.delete()


def _clean_ground(ground, ground_text):
    if ground not in RevocationGround.values:
        raise ValidationError(_("Lý do thu hồi không hợp lệ."))
    ground_text = (ground_text or "").strip()
    if ground == RevocationGround.OTHER and not ground_text:
        raise ValidationError(_("Với lý do «Khác», hãy nêu rõ lý do thu hồi."))
    return ground, ground_text


def _check_revocable(recognition):
    if not Decision.objects.filter(pk=recognition.decision_id, status=DecisionStatus.ISSUED).exists():
        raise ValidationError(_("Chỉ thu hồi được công nhận của quyết định đã ban hành."))
    if Recognition.objects.filter(corrects=recognition, decision__status=DecisionStatus.ISSUED).exists():
        raise ValidationError(
            _("Công nhận «%(name)s» đã được đính chính; hãy thu hồi theo quyết định đính chính.")
            % {"name": recognition.product}
        )
    already = Revocation.objects.filter(recognition=recognition, decision__status=DecisionStatus.ISSUED)
    if already.exists():
        raise ValidationError(_("Công nhận «%(name)s» đã bị thu hồi trước đó.") % {"name": recognition.product})


@transaction.atomic
def revocation_item_add(*, actor, decision, recognition, ground, ground_text=""):
    _require_decision(actor, decision)
    _require_draft(decision)
    _require_product_in_scope(actor, recognition.product)
    if decision.kind != DecisionKind.REVOCATION:
        raise ValidationError(_("Chỉ quyết định thu hồi mới có danh sách thu hồi."))
    ground, ground_text = _clean_ground(ground, ground_text)
    if is_central(decision.authority) and recognition.stars != Stars.FIVE:
        raise ValidationError(
            _("%(authority)s chỉ thu hồi công nhận 5 sao; «%(name)s» được công nhận %(stars)s sao.")
            % {"authority": decision.authority.name, "name": recognition.product, "stars": recognition.stars}
        )
    _check_revocable(recognition)
    if decision.revocations.filter(recognition=recognition).exists():
        raise ValidationError(_("Sản phẩm «%(name)s» đã có trong quyết định này.") % {"name": recognition.product})
    item = Revocation.objects.create(
        decision=decision,
        recognition=recognition,
        ground=ground,
        ground_text=ground_text,
        position=_next_position(decision.revocations),
    )
    record_change(actor=actor, action=AuditAction.CREATE, instance=item)
    return item


@transaction.atomic
def recognition_items_from_registrations(*, actor, decision, registrations):
    """Add approved registrations (evaluations.Registration: product, stars, score, kind) to a draft.

    Only those whose result is recognition at the level of the decision's authority; otherwise the whole step is
    refused, naming each offending product and why."""
    from .selectors import registration_ineligibility

    if not registrations:
        raise ValidationError(_("Chọn ít nhất một hồ sơ đã được phê duyệt."))
    refused = [
        (registration, reason)
        for registration in registrations
        if (reason := registration_ineligibility(registration, decision.authority))
    ]
    if refused:
        raise ValidationError(
            [
                _("«%(product)s» không thể đưa vào quyết định: %(reason)s.")
                % {"product": registration.product.name, "reason": reason}
                for registration, reason in refused
            ]
        )
    items = []
    for registration in registrations:
        kind = getattr(registration, "kind", None) or getattr(registration, "registration_kind", None)
        items.append(
            recognition_item_add(
                actor=actor,
                decision=decision,
                product=registration.product,
                stars=registration.stars,
                score=getattr(registration, "score", None),
                kind=kind if kind in RecognitionKind.values else RecognitionKind.NEW,
                registration_id=registration.pk,
            )
        )
    return items


# --- stored OCOP status of products ---------------------------------------------------------------------------


def product_status_refresh(product_ids, *, on=None):
    """Recompute the OCOP status of these products from the decisions ("as of today" selectors) and write the
    stored columns (``Product.ocop_*``) of those that changed. The ONE writer of those columns: called inside the
    transaction of every decision that changes a status, by the daily expiry job and by ``check_product_status
    --repair``. The product rows are locked first, so two decisions on one product cannot both write a status
    computed without the other. Returns the list of ``(product, {field: (old, new)})`` written."""
    ids = sorted({int(pk) for pk in product_ids})
    if not ids:
        return []
    with transaction.atomic():
        list(Product.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
        drifted = stored_status_drift(Product.objects.filter(pk__in=ids), on)
        for product, diff in drifted:
            for field, (_old, new) in diff.items():
                setattr(product, field, new)
        fields = ["ocop_status", "ocop_stars", "ocop_recognition", "ocop_valid_until", "ocop_revoked_on"]
        Product.objects.bulk_update([product for product, _diff in drifted], fields, batch_size=500)
        catalogue_entries_refresh(ids)
    return drifted


def product_status_refresh_all(*, on=None, batch_size=2000):
    """``product_status_refresh`` over every product, in batches (data generator, repair)."""
    ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    drifted = []
    for start in range(0, len(ids), batch_size):
        drifted += product_status_refresh(ids[start : start + batch_size], on=on)
    return drifted


def _decision_product_ids(decision):
    """Products whose status a decision changes: those it recognises, corrects or revokes."""
    ids = set(decision.recognitions.values_list("product_id", flat=True))
    ids |= set(decision.revocations.values_list("recognition__product_id", flat=True))
    return ids


def expired_status_refresh(*, today=None):
    """Products stored as valid whose certificate ended before ``today`` become expired (the daily job)."""
    today = today or timezone.localdate()
    ids = Product.objects.filter(ocop_status=OcopStatus.VALID, ocop_valid_until__lt=today).values_list("pk", flat=True)
    return product_status_refresh(list(ids), on=today)


# --- numbering and issuing ----------------------------------------------------------------------------------


def _locked_counter(authority, year):
    """The (authority, year) counter row, created if missing, locked until the transaction ends."""
    DecisionCounter.objects.bulk_create([DecisionCounter(authority=authority, year=year)], ignore_conflicts=True)
    return DecisionCounter.objects.select_for_update().get(authority=authority, year=year)


def _take_number(authority, year, number=None):
    """The number of a decision being issued, under the (authority, year) counter lock: ``number`` (typed by the
    records office) when it is free, else the next one of the register. The database constraint
    (authority, year, number) stays the last guard."""
    counter = _locked_counter(authority, year)
    used = Decision.objects.filter(authority=authority, year=year).aggregate(m=Max("number"))["m"] or 0
    if number is None:
        number = max(counter.last_number, used) + 1
    elif Decision.objects.filter(authority=authority, year=year, number=number).exists():
        raise ValidationError(
            _("Số %(number)s năm %(year)s của %(authority)s đã được dùng cho quyết định khác.")
            % {"number": number, "year": year, "authority": authority.name}
        )
    counter.last_number = max(counter.last_number, number)
    counter.save(update_fields=["last_number"])
    return number


DECISION_NUMBER_RE = re.compile(r"^\s*(\d{1,6})\s*/\s*(\S+)\s*$")


def _central_number(decision, number_display, date):
    """A central authority's decision is numbered by the ministry: the office types its number as printed
    («1234/QĐ-BNNMT-VPĐP»); the portal takes no number of its own. Unique per (authority, area, year)."""
    match = NUMBER_RE.match(number_display or "")
    if not match or int(match.group(1)) < 1:
        raise ValidationError(
            _(
                "Quyết định của %(authority)s do Bộ đánh số: hãy ghi số, ký hiệu đúng như trên quyết định, dạng "
                "«số/ký hiệu» (vd. «1234/QĐ-BNNMT»), và ngày ký của quyết định."
            )
            % {"authority": decision.authority.name}
        )
    number = int(match.group(1))
    others = Decision.objects.filter(authority=decision.authority, unit=decision.unit, year=date.year, number=number)
    if others.exclude(pk=decision.pk).exists():
        raise ValidationError(
            _("Quyết định số %(number)s năm %(year)s của %(authority)s đã được ghi nhận.")
            % {"number": number_display.strip(), "year": date.year, "authority": decision.authority.name}
        )
    return number


def parse_decision_number(text, authority):
    """``"12/QĐ-UBND"`` -> 12, checked: a number, a slash, the authority's suffix (ký hiệu)."""
    match = DECISION_NUMBER_RE.match(text or "")
    if not match or int(match.group(1)) < 1:
        raise ValidationError(
            _("Số quyết định phải có dạng «số/ký hiệu», vd. «12/%(suffix)s».") % {"suffix": authority.number_suffix}
        )
    if match.group(2).casefold() != authority.number_suffix.casefold():
        raise ValidationError(
            _("Ký hiệu «%(given)s» khác ký hiệu của %(authority)s («%(suffix)s»).")
            % {"given": match.group(2), "authority": authority.name, "suffix": authority.number_suffix}
        )
    return int(match.group(1))


def next_decision_number(authority, year):
    """The number the register proposes for the next decision of ``authority`` in ``year`` (not reserved)."""
    counter = DecisionCounter.objects.filter(authority=authority, year=year).first()
    used = Decision.objects.filter(authority=authority, year=year).aggregate(m=Max("number"))["m"] or 0
    return max(counter.last_number if counter else 0, used) + 1


def _validate_for_issue(decision, items, on):
    if decision.kind == DecisionKind.CORRECTION:
        return
    if not items:
        raise ValidationError(_("Quyết định chưa có sản phẩm nào."))
    if decision.kind == DecisionKind.REVOCATION:
        for item in items:
            _check_revocable(item.recognition)
            if item.recognition.decision.date > on:
                raise ValidationError(
                    _("Không thể thu hồi «%(name)s» trước ngày được công nhận.") % {"name": item.recognition.product}
                )


def _mark_registrations_decided(decision, actor):
    """Move the registrations named by the decision's recognitions to "decided" (evaluations)."""
    for item in decision.recognitions.filter(registration__isnull=False).select_related("registration", "product"):
        try:
            registration_mark_decided(registration=item.registration, actor=actor)
        except (ValidationError, PermissionDenied):
            raise
        except Exception as exc:  # the evaluations app's own refusal (e.g. TransitionError): say it clearly
            raise ValidationError(
                _("Hồ sơ đánh giá của «%(name)s»: %(reason)s") % {"name": item.product, "reason": exc}
            ) from exc


@transaction.atomic
def decision_issue(*, actor, decision, date=None, number_display=None):
    """Issue a draft: take the number of (authority, year) under a row lock, fix validity and certificates.

    ``number_display``: the number the records office (văn thư) gives, "12/QĐ-UBND"; empty = the next number of
    the authority's register for the year. Refused when already used by any decision of that authority and year."""
    _require_decision(actor, decision)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.is_issued:
        raise ValidationError(_("Quyết định này đã được ban hành."))
    today = timezone.localdate()
    date = date or decision.date or today
    if date > today:
        raise ValidationError(_("Ngày ban hành không được sau hôm nay."))
    before = snapshot(decision)
    items = (
        list(decision.revocations.select_related("recognition__decision", "recognition__product"))
        if decision.kind == DecisionKind.REVOCATION
        else list(decision.recognitions.select_related("corrects", "product"))
    )
    _validate_for_issue(decision, items, date)
    if decision.kind == DecisionKind.CORRECTION and date < decision.corrects.date:
        raise ValidationError(_("Quyết định đính chính không thể ban hành trước quyết định được đính chính."))

    central = is_central(decision.authority)
    if central:
        number = _central_number(decision, number_display, date)
    else:
        typed = parse_decision_number(number_display, decision.authority) if (number_display or "").strip() else None
        number = _take_number(decision.authority, date.year, typed)
    for index, item in enumerate(items, start=1):
        if isinstance(item, Recognition):
            if item.corrects_id:
                item.valid_from, item.valid_until = item.corrects.valid_from, item.corrects.valid_until
                item.certificate_number = item.corrects.certificate_number
            else:
                item.valid_from, item.valid_until = date, validity_end(date)
                if not central:  # the ministry's certificate numbers are not the portal's to make up
                    item.certificate_number = f"{number}-{index:02d}/{date.year}/GCN-OCOP"
        item.position = index
        item.save()
    decision.date = date
    decision.year = date.year
    decision.number = number
    if central:
        decision.historical = True  # recorded as the ministry issued it, with its number: not the portal's own
        decision.number_display = " ".join(number_display.split())
    else:
        decision.number_display = f"{number}/{decision.authority.number_suffix}"
    decision.status = DecisionStatus.ISSUED
    decision.issued_at = timezone.now()
    decision.issued_by = actor
    decision.save()
    record_change(
        actor=actor, action=AuditAction.TRANSITION, instance=decision, before=before, reason=_("Ban hành quyết định")
    )
    _mark_registrations_decided(decision, actor)
    product_status_refresh(_decision_product_ids(decision))
    if decision.kind == DecisionKind.RECOGNITION:
        from catalogue.services import public_code_for

        for recognition in decision.recognitions.select_related("corrects"):
            public_code_for(recognition)  # the QR printed on its certificate (a correction keeps the original's)
    return decision


def _add_items(actor, decision, items):
    for item in items:
        if decision.kind == DecisionKind.REVOCATION:
            revocation_item_add(
                actor=actor,
                decision=decision,
                recognition=item["recognition"],
                ground=item["ground"],
                ground_text=item.get("ground_text", ""),
            )
        else:
            recognition_item_add(
                actor=actor,
                decision=decision,
                product=item["product"],
                stars=item["stars"],
                score=item.get("score"),
                kind=item.get("kind", RecognitionKind.NEW),
                registration_id=item.get("registration_id"),
            )


@transaction.atomic
def recognition_decision_issue(*, actor, authority, items, date=None, **texts):
    """Create and issue a recognition decision in one go.

    ``items``: [{"product", "stars", "score" (optional), "kind" (optional), "registration_id" (optional)}].
    """
    decision = decision_draft_create(actor=actor, kind=DecisionKind.RECOGNITION, authority=authority, **texts)
    _add_items(actor, decision, items)
    return decision_issue(actor=actor, decision=decision, date=date)


@transaction.atomic
def revocation_decision_issue(*, actor, authority, items, date=None, **texts):
    """``items``: [{"recognition", "ground", "ground_text" (required for "other")}]."""
    decision = decision_draft_create(actor=actor, kind=DecisionKind.REVOCATION, authority=authority, **texts)
    _add_items(actor, decision, items)
    return decision_issue(actor=actor, decision=decision, date=date)


@transaction.atomic
def correction_draft_create(*, actor, decision, authority=None):
    """A draft correction of an issued recognition decision, pre-filled with the rows it may correct.

    Issued by the same authority, or by ``authority`` (e.g. the merged province for a decision of an abolished
    district)."""
    if not decision.is_issued:
        raise ValidationError(_("Chỉ đính chính quyết định đã ban hành; dự thảo thì sửa trực tiếp."))
    correction = decision_draft_create(
        actor=actor, kind=DecisionKind.CORRECTION, authority=authority or decision.authority, corrects=decision
    )
    for old in decision.recognitions.select_related("product"):
        recognition_item_add(
            actor=actor,
            decision=correction,
            product=old.product,
            stars=old.stars,
            score=old.score,
            kind=old.kind,
            corrects=old,
        )
    return correction


# --- historical decisions -----------------------------------------------------------------------------------

NUMBER_RE = re.compile(r"^\s*(\d{1,6})\s*/\s*\S")


def _historical_decision(*, actor, kind, authority, number_display, date, texts):
    _require(actor, authority)
    match = NUMBER_RE.match(number_display or "")
    if not match:
        raise ValidationError(_("Số quyết định phải có dạng «1446/QĐ-UBND-HC»."))
    if date > timezone.localdate():
        raise ValidationError(_("Ngày ban hành không được sau hôm nay."))
    number = int(match.group(1))
    _locked_counter(authority, date.year)  # serialise with portal issuing of the same authority and year
    unit = decision_unit(actor, authority)
    if Decision.objects.filter(authority=authority, unit=unit, year=date.year, number=number).exists():
        raise ValidationError(
            _("%(authority)s đã có quyết định số %(number)s năm %(year)s.")
            % {"authority": authority, "number": number, "year": date.year}
        )
    texts.setdefault("subject_line", _default_subject_line(kind))
    texts.setdefault("legal_basis", "")
    texts.setdefault("recipients", "")
    decision = _draft_create(actor=actor, kind=kind, authority=authority, date=date, **texts)
    return decision, number


def _finish_historical(actor, decision, number, number_display, date):
    before = snapshot(decision)
    decision.historical = True
    decision.year = date.year
    decision.number = number
    decision.number_display = " ".join(number_display.split())
    decision.status = DecisionStatus.ISSUED
    decision.issued_at = timezone.now()
    decision.issued_by = actor
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as exc:
        raise ValidationError(_("Số quyết định đã tồn tại.")) from exc
    record_change(
        actor=actor,
        action=AuditAction.TRANSITION,
        instance=decision,
        before=before,
        reason=_("Nhập quyết định đã ban hành (lịch sử)"),
    )
    product_status_refresh(_decision_product_ids(decision))
    return decision


@transaction.atomic
def historical_recognition_record(*, actor, authority, number_display, date, items, **texts):
    """Record a recognition decision issued outside the portal (before it, or a central authority's 5★ decision),
    without re-scoring; any date up to today.

    ``items``: [{"product", "stars", "score" (None when unknown), "kind", "certificate_number" (optional)}].
    The original number is kept as typed ("1446/QĐ-UBND-HC"); the numeric part stays unique per authority/year.
    """
    decision, number = _historical_decision(
        actor=actor,
        kind=DecisionKind.RECOGNITION,
        authority=authority,
        number_display=number_display,
        date=date,
        texts=texts,
    )
    if not items:
        raise ValidationError(_("Quyết định chưa có sản phẩm nào."))
    for item in items:
        recognition = recognition_item_add(
            actor=actor,
            decision=decision,
            product=item["product"],
            stars=item["stars"],
            score=item.get("score"),
            kind=item.get("kind") or RecognitionKind.NEW,
        )
        recognition.valid_from, recognition.valid_until = date, validity_end(date)
        recognition.certificate_number = item.get("certificate_number", "")
        recognition.save()
    return _finish_historical(actor, decision, number, number_display, date)


@transaction.atomic
def historical_revocation_record(*, actor, authority, number_display, date, items, **texts):
    """Record a revocation decision issued before the portal. ``items``: [{"recognition", "ground", ...}]."""
    decision, number = _historical_decision(
        actor=actor,
        kind=DecisionKind.REVOCATION,
        authority=authority,
        number_display=number_display,
        date=date,
        texts=texts,
    )
    if not items:
        raise ValidationError(_("Quyết định chưa có sản phẩm nào."))
    _add_items(actor, decision, items)
    _validate_for_issue(decision, list(decision.revocations.select_related("recognition__decision")), date)
    return _finish_historical(actor, decision, number, number_display, date)


# --- expiry -------------------------------------------------------------------------------------------------


@transaction.atomic
def expired_revocation_propose(*, actor, authority, on=None):
    """One step from the "expiring / expired" page: a draft revocation of every expired recognition in the
    actor's area, ground "not re-evaluated within 36 months". Returns the draft (None if nothing expired)."""
    from .selectors import expired_recognitions

    _require(actor, authority)
    on = on or timezone.localdate()
    expired = list(expired_recognitions(actor, on).order_by("valid_until", "product__name"))
    expired = [rec for rec in expired if in_scope(actor, rec.product, "approve")]
    already_drafted = set(
        Revocation.objects.filter(decision__status=DecisionStatus.DRAFT, recognition__in=expired).values_list(
            "recognition_id", flat=True
        )
    )
    expired = [rec for rec in expired if rec.pk not in already_drafted]
    if not expired:
        return None
    decision = decision_draft_create(
        actor=actor,
        kind=DecisionKind.REVOCATION,
        authority=authority,
        subject_line=_(
            "Về việc thu hồi Giấy chứng nhận sản phẩm OCOP hết hiệu lực do không đánh giá lại trong thời hạn 36 tháng"
        ),
    )
    for recognition in expired:
        revocation_item_add(
            actor=actor, decision=decision, recognition=recognition, ground=RevocationGround.NOT_REEVALUATED
        )
    return decision


@transaction.atomic
def notification_mark_read(*, user, notification=None):
    """Mark one (or, without ``notification``, every) notification of the user as read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification is not None:
        qs = qs.filter(pk=notification.pk)
    return qs.update(read_at=timezone.now())


def _office_users():
    from accounts.models import Role, User

    return list(
        User.objects.filter(role=Role.COORDINATION_OFFICE, is_active=True, unit__isnull=False).select_related("unit")
    )


def _claim_notice(recognition, kind, today, recipients=""):
    """Insert the "already sent" row; False when another run sent it (unique constraint)."""
    from .models import ExpiryNotice

    try:
        with transaction.atomic():
            ExpiryNotice.objects.create(recognition=recognition, kind=kind, sent_on=today, recipients=recipients)
    except IntegrityError:
        return False
    return True


def _line(recognition):
    decision = recognition.decision
    return _("- %(product)s (%(subject)s), %(stars)s sao, QĐ %(number)s ngày %(date)s, hiệu lực đến %(until)s") % {
        "product": recognition.product.name,
        "subject": recognition.product.subject.name,
        "stars": recognition.stars,
        "number": decision.number_display,
        "date": format_date(decision.date),
        "until": format_date(recognition.valid_until),
    }


@transaction.atomic
def expiry_check_run(*, today=None):
    """The daily job: notify the coordination office of recognitions expiring within 90 days and of expired ones
    not re-evaluated (in the portal and by e-mail), and each producer 30 days before expiry. A notice is recorded
    per (recognition, kind) in ``ExpiryNotice`` before it is sent, so nothing is ever sent twice; a mail error
    rolls the whole run back and the next run retries."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    from .models import NoticeKind
    from .selectors import EXPIRY_WARNING_DAYS, PRODUCER_NOTICE_DAYS, current_recognitions

    today = today or timezone.localdate()
    expired_status_refresh(today=today)
    live = list(current_recognitions(today).filter(revoked_on__isnull=True).order_by("valid_until", "pk"))
    horizon = today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    producer_horizon = today + datetime.timedelta(days=PRODUCER_NOTICE_DAYS)
    new = {NoticeKind.OFFICE_EXPIRING: [], NoticeKind.OFFICE_EXPIRED: []}
    producer_sent = 0
    for recognition in live:
        if recognition.valid_until < today:
            kind = NoticeKind.OFFICE_EXPIRED
        elif recognition.valid_until <= horizon:
            kind = NoticeKind.OFFICE_EXPIRING
        else:
            continue
        if _claim_notice(recognition, kind, today):
            new[kind].append(recognition)
        email = recognition.product.subject.email
        if (
            kind == NoticeKind.OFFICE_EXPIRING
            and recognition.valid_until <= producer_horizon
            and email
            and _claim_notice(recognition, NoticeKind.PRODUCER_30_DAYS, today, email)
        ):
            send_mail(
                _("[OCOP] Giấy chứng nhận sản phẩm %(product)s sắp hết hiệu lực") % {"product": recognition.product},
                _(
                    "Kính gửi %(subject)s,\n\nGiấy chứng nhận sản phẩm OCOP %(stars)s sao của sản phẩm «%(product)s» "
                    "(Quyết định số %(number)s ngày %(date)s của %(authority)s) hết hiệu lực vào ngày %(until)s.\n"
                    "Để tiếp tục sử dụng chứng nhận OCOP, đề nghị quý đơn vị nộp hồ sơ đánh giá lại trước ngày hết "
                    "hiệu lực.\n\nVăn phòng Điều phối Chương trình OCOP"
                )
                % {
                    "subject": recognition.product.subject.name,
                    "stars": recognition.stars,
                    "product": recognition.product.name,
                    "number": recognition.decision.number_display,
                    "date": format_date(recognition.decision.date),
                    "authority": recognition.decision.authority.name,
                    "until": format_date(recognition.valid_until),
                },
                settings.DEFAULT_FROM_EMAIL,
                [email],
            )
            producer_sent += 1

    link = reverse("decisions:expiring")
    base_url = getattr(settings, "OCOP_SITE_URL", "").rstrip("/")
    notifications = office_mails = 0
    if new[NoticeKind.OFFICE_EXPIRING] or new[NoticeKind.OFFICE_EXPIRED]:
        for user in _office_users():
            expiring = [r for r in new[NoticeKind.OFFICE_EXPIRING] if in_scope(user, r)]
            expired = [r for r in new[NoticeKind.OFFICE_EXPIRED] if in_scope(user, r)]
            if not expiring and not expired:
                continue
            summary = _(
                "%(expiring)s sản phẩm OCOP sắp hết hiệu lực (trong 90 ngày), %(expired)s sản phẩm đã hết "
                "hiệu lực chưa đánh giá lại."
            ) % {"expiring": len(expiring), "expired": len(expired)}
            Notification.objects.create(recipient=user, text=summary, link=link)
            notifications += 1
            if user.email:
                body = [summary, ""]
                if expiring:
                    body += [_("Sắp hết hiệu lực:"), *map(_line, expiring), ""]
                if expired:
                    body += [_("Đã hết hiệu lực, chưa đánh giá lại (đề xuất thu hồi):"), *map(_line, expired), ""]
                body.append(_("Xem danh sách: %(url)s") % {"url": base_url + link})
                send_mail(_("[OCOP] ") + summary, "\n".join(body), settings.DEFAULT_FROM_EMAIL, [user.email])
                office_mails += 1
    return {
        "expiring": len(new[NoticeKind.OFFICE_EXPIRING]),
        "expired": len(new[NoticeKind.OFFICE_EXPIRED]),
        "producer_emails": producer_sent,
        "office_emails": office_mails,
        "notifications": notifications,
    }
