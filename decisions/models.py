"""Recognition, revocation and correction decisions (quyết định công nhận / thu hồi / đính chính).

A product's OCOP status is never typed in: it follows from the decisions recorded here (see ``selectors``).

* ``Authority``: the body that signs (UBND tỉnh, UBND huyện, the ministry) with its number suffix
  ("QĐ-UBND-HC") and default signer. Decisions copy the authority's unit into ``Decision.unit`` (area scoping).
* ``Decision``: a draft is prepared by the coordination office and then *issued*: the number is taken from a
  per (authority, year) ``DecisionCounter`` row locked with ``select_for_update`` inside the issuing transaction,
  and a database constraint keeps (authority, area, year, number) unique. Historical decisions (issued before the
  portal, loaded from a province's register) and a central authority's 5★ decisions recorded by a province
  (``Decision.unit`` is then the recording office's area) keep their original number as typed in ``number_display``.
* An issued decision is never edited: the services refuse, ``save``/``delete`` refuse, the admin is read-only.
  A mistake is corrected by a new decision (kind ``correction``) whose ``corrects`` points at the old one.
* ``Recognition``: one product recognised by a decision (stars, score, validity 36 months from the decision
  date). A recognition in a correction decision points at the recognition it corrects (``corrects``).
* ``Revocation``: one recognition revoked by a revocation decision, with its ground.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import AreaScopedManager
from ocop_portal.formatting import format_date

VALIDITY_MONTHS = 36


def validity_end(start: datetime.date) -> datetime.date:
    """Last day a certificate issued on ``start`` is valid: 36 months counted from ``start`` included.

    Equal to ``start + 36 months - 1 day`` (29/12/2022 -> 28/12/2025; 31/01/2023 -> 30/01/2026), computed as
    ``(start - 1 day) + 36 months`` so that a decision of 29/02/2024 keeps its full 36 months (-> 28/02/2027)
    instead of losing a day when relativedelta clamps 29/02/2027 to 28/02/2027.
    """
    return start - datetime.timedelta(days=1) + relativedelta(months=VALIDITY_MONTHS)


class IssuedDecisionError(ValidationError):
    """Raised when something tries to change an issued decision or its items."""


class AuthorityLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")


def authority_code_base(level, unit_code, unit_valid_from=None):
    """The code an authority gets when none is given: its level and its unit's code, with the year the unit came
    into force when it is a unit of the 2025 structure (a reused code: "province-82" is old Tiền Giang's
    UBND, "province-82-2025" the merged Đồng Tháp's). Also used by the data migration that gave existing
    authorities their code."""
    base = f"{level}-{unit_code}"
    if unit_valid_from is not None:
        base = f"{base}-{unit_valid_from.year}"
    return base


def unique_code(base, taken):
    """``base``, or ``base-2``, ``base-3``... the first not in ``taken`` (a set, or a callable answering "taken?")."""
    is_taken = taken if callable(taken) else taken.__contains__
    code, n = base, 1
    while is_taken(code):
        n += 1
        code = f"{base}-{n}"
    return code


class Authority(models.Model):
    """Cơ quan ban hành quyết định: UBND tỉnh Đồng Tháp, UBND huyện Lai Vung, Bộ Nông nghiệp và Môi trường...

    ``code`` is the stable key files and imports use (names repeat: the old and the merged province's
    "UBND tỉnh Đồng Tháp"). Given when the authority is created; derived from level and unit when left empty."""

    area_lookup = "unit"

    code = models.CharField(
        _("mã cơ quan"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Mã ổn định dùng trong tệp nhập; để trống để tự sinh từ cấp và mã địa bàn (vd. province-87)."),
    )
    name = models.CharField(_("tên cơ quan"), max_length=200, help_text=_("vd. UBND tỉnh Đồng Tháp"))
    level = models.CharField(_("cấp"), max_length=10, choices=AuthorityLevel.choices)
    unit = models.ForeignKey(
        "areas.AdministrativeUnit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="authorities"
    )
    superior_name = models.CharField(
        _("cơ quan chủ quản (dòng trên)"), max_length=200, blank=True, help_text=_("vd. UBND TỈNH ĐỒNG THÁP (với Sở)")
    )
    header_name = models.CharField(
        _("tên cơ quan trên văn bản"),
        max_length=200,
        help_text=_("Chữ in hoa, xuống dòng bằng Enter; vd. ỦY BAN NHÂN DÂN / TỈNH ĐỒNG THÁP"),
    )
    number_suffix = models.CharField(_("ký hiệu số quyết định"), max_length=50, help_text=_("vd. QĐ-UBND-HC"))
    place_name = models.CharField(_("địa danh ghi ngày ban hành"), max_length=100, help_text=_("vd. Đồng Tháp"))
    signer_name = models.CharField(_("người ký mặc định"), max_length=150, blank=True)
    signer_title = models.CharField(
        _("thẩm quyền, chức vụ người ký mặc định"),
        max_length=200,
        blank=True,
        help_text=_("Mỗi dòng một ý; vd. TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"),
    )
    is_active = models.BooleanField(_("đang sử dụng"), default=True)

    objects = AreaScopedManager()

    class Meta:
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")
        ordering = ["level", "name"]

    def __str__(self):
        if self.unit_id and self.unit.valid_to:
            return f"{self.name} ({_('đến')} {format_date(self.unit.valid_to)})"
        return self.name

    def save(self, *args, **kwargs):
        self.code = (self.code or "").strip() or None
        if self.code is None and self.unit_id:
            others = Authority.objects.exclude(pk=self.pk) if self.pk else Authority.objects.all()
            base = authority_code_base(self.level, self.unit.code, self.unit.valid_from)
            self.code = unique_code(base, lambda code: others.filter(code=code).exists())
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "code"}
        super().save(*args, **kwargs)


class DecisionCounter(models.Model):
    """Last number used by an authority in a year; the row is locked while a decision is being issued."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm số quyết định")
        verbose_name_plural = _("bộ đếm số quyết định")
        constraints = [models.UniqueConstraint(fields=["authority", "year"], name="unique_decision_counter")]

    def __str__(self):
        return f"{self.authority} {self.year}: {self.last_number}"


class DecisionKind(models.TextChoices):
    RECOGNITION = "recognition", _("Công nhận")
    REVOCATION = "revocation", _("Thu hồi")
    CORRECTION = "correction", _("Đính chính")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


class Decision(models.Model):
    """Quyết định. Issued decisions are immutable; see module docstring."""

    area_lookup = "unit"

    kind = models.CharField(_("loại quyết định"), max_length=15, choices=DecisionKind.choices)
    authority = models.ForeignKey(
        Authority, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="decisions"
    )
    unit = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("địa bàn"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True, editable=False)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True, editable=False)
    number_display = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("thẩm quyền, chức vụ người ký"), max_length=200, blank=True)
    subject_line = models.CharField(_("trích yếu"), max_length=500)
    legal_basis = models.TextField(_("căn cứ ban hành"), blank=True, help_text=_("Mỗi căn cứ một dòng"))
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi nơi nhận một dòng"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    historical = models.BooleanField(
        _("quyết định đã có (nhập lại)"),
        default=False,
        help_text=_("Quyết định ban hành trước khi dùng cổng, nhập lại từ sổ theo dõi; giữ nguyên số gốc."),
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("đính chính quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    issued_at = models.DateTimeField(_("ban hành trên cổng lúc"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ban hành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(
        _("phiên bản"),
        default=1,
        editable=False,
        help_text=_("Tăng mỗi lần lưu; dùng để phát hiện hai người sửa cùng lúc."),
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AreaScopedManager()

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = _("quyết định")
        ordering = ["-date", "-number", "-pk"]
        constraints = [
            # ``unit`` is the authority's own for every authority but a central one, whose decision each province
            # records for its own products (``decisions.services.decision_unit``).
            models.UniqueConstraint(
                fields=["authority", "unit", "year", "number"],
                condition=Q(number__isnull=False),
                name="unique_decision_number_per_authority_area_year",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(number__isnull=False) & Q(date__isnull=False)),
                name="issued_decision_has_number_and_date",
            ),
            models.CheckConstraint(
                condition=~Q(kind="correction") | Q(corrects__isnull=False),
                name="correction_refers_to_decision",
            ),
        ]
        indexes = [models.Index(fields=["status", "date"])]

    def __str__(self):
        label = self.get_kind_display()
        if self.number_display:
            return f"{_('Quyết định')} {self.number_display} ({label})"
        return f"{_('Dự thảo quyết định')} {label.lower()} #{self.pk or ''}".strip()

    def save(self, *args, **kwargs):
        if self.pk and self._stored_issued():
            raise IssuedDecisionError(_("Quyết định đã ban hành không được sửa; hãy ban hành quyết định đính chính."))
        if self.authority_id and not self.unit_id:
            self.unit_id = self.authority.unit_id
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_issued():
            raise IssuedDecisionError(_("Quyết định đã ban hành không được xoá."))
        return super().delete(*args, **kwargs)

    @property
    def is_issued(self):
        return self.status == DecisionStatus.ISSUED

    def _stored_issued(self):
        """Is the row in the database issued? (Asked of the database, not of a possibly stale instance.)"""
        return bool(self.pk) and type(self).objects.filter(pk=self.pk, status=DecisionStatus.ISSUED).exists()


def _refuse_if_decision_issued(decision_id):
    if decision_id and Decision.objects.filter(pk=decision_id, status=DecisionStatus.ISSUED).exists():
        raise IssuedDecisionError(_("Quyết định đã ban hành không được sửa; hãy ban hành quyết định đính chính."))


class DecisionItemGuard(models.Model):
    """Items of an issued decision can be neither saved nor deleted; items of a draft can."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        _refuse_if_decision_issued(self.decision_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_decision_issued(self.decision_id)
        return super().delete(*args, **kwargs)


class Stars(models.IntegerChoices):
    THREE = 3, _("3 sao")
    FOUR = 4, _("4 sao")
    FIVE = 5, _("5 sao")


class RecognitionKind(models.TextChoices):
    NEW = "new", _("Công nhận lần đầu")
    UPGRADE = "upgrade", _("Nâng hạng")
    RE_EVALUATION = "re_evaluation", _("Đánh giá lại")


class Recognition(DecisionItemGuard):
    """One product recognised by a decision, with its certificate (giấy chứng nhận), valid 36 months."""

    area_lookup = "product__unit"

    decision = models.ForeignKey(
        Decision, verbose_name=_("quyết định"), on_delete=models.CASCADE, related_name="recognitions"
    )
    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="recognitions"
    )
    position = models.PositiveSmallIntegerField(_("số thứ tự"), default=0)
    stars = models.PositiveSmallIntegerField(_("hạng sao"), choices=Stars.choices)
    score = models.DecimalField(
        _("điểm"), max_digits=5, decimal_places=2, null=True, blank=True, help_text=_("để trống nếu không rõ")
    )
    kind = models.CharField(_("hình thức"), max_length=15, choices=RecognitionKind.choices, default="new")
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True, db_index=True)
    certificate_number = models.CharField(_("số giấy chứng nhận"), max_length=60, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("đính chính công nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrected_by",
    )
    registration = models.ForeignKey(
        "evaluations.Registration",
        verbose_name=_("hồ sơ đánh giá"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recognitions",
        help_text=_("Hồ sơ đánh giá đã dẫn tới công nhận này, nếu có."),
    )

    objects = AreaScopedManager()

    class Meta:
        verbose_name = _("công nhận sản phẩm OCOP")
        verbose_name_plural = _("công nhận sản phẩm OCOP")
        ordering = ["decision_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "product"], name="unique_product_per_decision"),
            models.CheckConstraint(condition=Q(stars__gte=3) & Q(stars__lte=5), name="recognition_stars_3_to_5"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)),
                name="recognition_score_0_100",
            ),
        ]
        indexes = [models.Index(fields=["product", "valid_from"])]

    def __str__(self):
        return f"{self.product} – {self.stars}★"


class RevocationGround(models.TextChoices):
    NOT_REEVALUATED = "not_reevaluated_36_months", _("Không đánh giá lại trong thời hạn 36 tháng")
    FAILED_REEVALUATION = "failed_reevaluation", _("Đánh giá lại không đạt")
    PRODUCTION_STOPPED = "production_stopped", _("Ngừng sản xuất")
    VIOLATION = "violation", _("Vi phạm quy định (chất lượng, an toàn thực phẩm...)")
    OTHER = "other", _("Lý do khác")


class Revocation(DecisionItemGuard):
    """One recognition revoked by a revocation decision."""

    area_lookup = "recognition__product__unit"

    decision = models.ForeignKey(
        Decision, verbose_name=_("quyết định"), on_delete=models.CASCADE, related_name="revocations"
    )
    recognition = models.ForeignKey(
        Recognition, verbose_name=_("công nhận bị thu hồi"), on_delete=models.PROTECT, related_name="revocations"
    )
    position = models.PositiveSmallIntegerField(_("số thứ tự"), default=0)
    ground = models.CharField(_("lý do thu hồi"), max_length=30, choices=RevocationGround.choices)
    ground_text = models.CharField(_("nêu rõ lý do"), max_length=500, blank=True)

    objects = AreaScopedManager()

    class Meta:
        verbose_name = _("thu hồi công nhận")
        verbose_name_plural = _("thu hồi công nhận")
        ordering = ["decision_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "recognition"], name="unique_recognition_per_revocation"),
            models.CheckConstraint(
                condition=~Q(ground="other") | ~Q(ground_text=""), name="revocation_other_ground_has_text"
            ),
        ]

    def __str__(self):
        return f"{self.recognition.product} – {self.get_ground_display()}"

    @property
    def ground_label(self):
        if self.ground == RevocationGround.OTHER and self.ground_text:
            return self.ground_text
        label = str(self.get_ground_display())
        return f"{label}: {self.ground_text}" if self.ground_text else label


class NoticeKind(models.TextChoices):
    OFFICE_EXPIRING = "office_expiring", _("Báo Văn phòng Điều phối: sắp hết hiệu lực (90 ngày)")
    OFFICE_EXPIRED = "office_expired", _("Báo Văn phòng Điều phối: đã hết hiệu lực, chưa đánh giá lại")
    PRODUCER_30_DAYS = "producer_30_days", _("Báo chủ thể: 30 ngày trước khi hết hiệu lực")


class ExpiryNotice(models.Model):
    """A notice already sent about one recognition; the unique row makes the daily job send nothing twice."""

    area_lookup = "recognition__product__unit"

    recognition = models.ForeignKey(Recognition, on_delete=models.CASCADE, related_name="expiry_notices")
    kind = models.CharField(_("loại thông báo"), max_length=20, choices=NoticeKind.choices)
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    sent_on = models.DateField(_("ngày xét"), help_text=_("ngày mà đợt kiểm tra xét (today của công việc)"))
    recipients = models.TextField(_("người nhận"), blank=True)

    objects = AreaScopedManager()

    class Meta:
        verbose_name = _("thông báo hết hiệu lực đã gửi")
        verbose_name_plural = _("thông báo hết hiệu lực đã gửi")
        constraints = [models.UniqueConstraint(fields=["recognition", "kind"], name="unique_expiry_notice")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.recognition}"


class Notification(models.Model):
    """A message in the portal for one user (thông báo)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.TextField(_("nội dung"))
    link = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.text[:80]
