"""Evaluation and star rating (đánh giá, phân hạng).

Two halves:

* **Criteria as versioned data** — ``RuleSet`` (a legal decision: 1048, 148, 148 as amended by 1489...) >
  ``CriteriaSet`` (one per product set) > ``Part`` (A/B/C) > ``Section`` (mục) > ``Criterion`` (tiêu chí) >
  ``Option`` (mức, with points and the mandatory-star mark). ``LevelReach`` says, per rule set and level, which
  stars that level recognises and from which score it forwards a product to the next level.
* **Rounds** — ``Round`` (đợt đánh giá) with its council (``CouncilMember``), ``Registration`` of products into the
  round, one ``ScoreSheet`` per member and registration whose scores are ROWS (``ScoreLine``: one chosen option per
  criterion; totals are SQL aggregates), and ``Recusal`` (a member linked to a subject does not score it).

The registration workflow (states and allowed moves) is the table in ``evaluations.workflow``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.permissions import role_allows
from accounts.scoping import AreaScopedManager, AreaScopedQuerySet, scope_q, user_scope_paths
from areas.models import ids_in_path

# --------------------------------------------------------------------------------------------------------------
# Criteria (bộ tiêu chí) as versioned data
# --------------------------------------------------------------------------------------------------------------


class EvaluationLevel(models.TextChoices):
    DISTRICT = "district", _("Cấp huyện")
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRAL = "central", _("Cấp trung ương")


class MarkReading(models.TextChoices):
    """How a council meets a star mark (``***``, ``****``, ``*****``): Decision 148 does not say; the rule set does.

    Evaluated by ``evaluations.rating.MandatoryCheck``; documented in ``evaluations/README.md``.
    """

    COUNCIL_MEAN = "council_mean", _("Trung bình điểm của các thành viên trên tiêu chí đạt mức bắt buộc")
    EVERY_MEMBER = "every_member", _("Mọi thành viên đều chấm đạt mức bắt buộc")


# Stored text (data of the rule set, in Vietnamese like the decision it reads), not a translated message.
MARK_READING_SOURCE = (
    "Cách hiểu của cổng thông tin (Phụ lục III Quyết định 148/QĐ-TTg đánh dấu sao nhưng không nói hội đồng đáp ứng "
    "dấu sao thế nào): như điểm sản phẩm là trung bình tổng điểm của các thành viên, điểm hội đồng trên một tiêu "
    "chí có dấu sao là trung bình điểm các thành viên cho tiêu chí đó; «Không đáp ứng» tính 0 điểm. "
    "Xem evaluations/README.md, mục «Dấu sao (tiêu chí bắt buộc)»."
)


class RuleSet(models.Model):
    """A legal rule set for evaluation (bộ tiêu chí theo quyết định), e.g. "qd148".

    ``based_on``: a rule set that amends the process but keeps the scoring sheets of another one (148 as amended by
    1489 reuses the 26 sheets of 148) points to it; its criteria sets are those of ``based_on``. A published rule
    set whose sheets are in use is never edited in place: a correction is a new rule set.
    """

    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("dùng bộ tiêu chí của"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    product_regime = models.CharField(
        _("phân loại sản phẩm áp dụng"), max_length=10, default="qd148", help_text=_("qd148 hoặc qd1048")
    )
    part_a_max = models.DecimalField(_("điểm tối đa phần A"), max_digits=5, decimal_places=2, default=40)
    part_b_max = models.DecimalField(_("điểm tối đa phần B"), max_digits=5, decimal_places=2, default=25)
    part_c_max = models.DecimalField(_("điểm tối đa phần C"), max_digits=5, decimal_places=2, default=35)
    requires_commune_report = models.BooleanField(_("yêu cầu báo cáo đánh giá của UBND cấp xã"), default=False)
    mark_reading = models.CharField(
        _("cách hội đồng đáp ứng tiêu chí bắt buộc (dấu sao)"),
        max_length=20,
        choices=MarkReading.choices,
        default=MarkReading.COUNCIL_MEAN,
    )
    mark_reading_source = models.TextField(
        _("căn cứ của cách đáp ứng dấu sao"), blank=True, default=MARK_READING_SOURCE
    )
    requires_complete_dossier = models.BooleanField(
        _("từ chối hồ sơ thiếu giấy tờ bắt buộc"),
        default=True,
        help_text=_(
            "Bật: hồ sơ đăng ký chỉ gửi được khi đủ các loại hồ sơ bắt buộc của nhóm sản phẩm (danh mục loại hồ sơ), "
            "trừ khi cán bộ ghi rõ lý do gửi thiếu."
        ),
    )
    dossier_waivers = models.JSONField(
        _("hồ sơ không bắt buộc theo hình thức đánh giá"),
        default=dict,
        blank=True,
        help_text=_(
            'Mã loại hồ sơ không bắt buộc theo hình thức đánh giá, ví dụ {"re_evaluation": ["ma-loai-ho-so"]}. '
            "Danh sách hồ sơ bắt buộc theo nhóm sản phẩm là danh mục loại hồ sơ (mục Sản phẩm); mọi loại còn lại "
            "trong danh mục đều bắt buộc."
        ),
    )
    published = models.BooleanField(_("đã ban hành"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bộ quy định đánh giá")
        verbose_name_plural = _("bộ quy định đánh giá")
        ordering = ["-effective_from"]

    def __str__(self):
        return self.name

    @property
    def criteria_source(self):
        """The rule set that owns the criteria sheets used by this one."""
        node = self
        while node.based_on_id is not None:
            node = node.based_on
        return node

    def part_maxima(self):
        return {"A": self.part_a_max, "B": self.part_b_max, "C": self.part_c_max}


class LevelReach(models.Model):
    """What a level may do under a rule set: recognise stars min..max, forward products scoring >= a threshold."""

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("bộ quy định"), on_delete=models.CASCADE, related_name="reaches"
    )
    level = models.CharField(_("cấp đánh giá"), max_length=10, choices=EvaluationLevel.choices)
    recognises_min_stars = models.PositiveSmallIntegerField(_("công nhận từ (sao)"), null=True, blank=True)
    recognises_max_stars = models.PositiveSmallIntegerField(_("công nhận đến (sao)"), null=True, blank=True)
    forwards_min_score = models.DecimalField(
        _("đề nghị cấp trên từ (điểm)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("thẩm quyền theo cấp")
        verbose_name_plural = _("thẩm quyền theo cấp")
        ordering = ["rule_set", "level"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "level"], name="unique_level_reach")]

    def __str__(self):
        return f"{self.rule_set.code} {self.get_level_display()}"


class CriteriaSet(models.Model):
    """The scoring sheet of one product set (bộ sản phẩm) under a rule set."""

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("bộ quy định"), on_delete=models.PROTECT, related_name="criteria_sets"
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự bộ"))
    product_class = models.ForeignKey(
        "products.ProductClass",
        verbose_name=_("bộ sản phẩm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="criteria_sets",
    )
    name = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    source_file = models.CharField(_("tệp nguồn"), max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    loaded_at = models.DateTimeField(_("nạp lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["rule_set", "number"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "number"], name="unique_criteria_set_number")]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Part(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="parts")
    code = models.CharField(_("phần"), max_length=2)
    name = models.CharField(_("tên phần"), max_length=255)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("phần")
        verbose_name_plural = _("phần")
        ordering = ["criteria_set", "order"]

    def __str__(self):
        return self.name


class Section(models.Model):
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="sections")
    name = models.CharField(_("tên mục"), max_length=255)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("mục")
        verbose_name_plural = _("mục")
        ordering = ["part", "order"]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("tiêu chí"), max_length=500)
    description = models.TextField(_("yêu cầu, ghi chú"), blank=True)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    mandatory_stars = models.PositiveSmallIntegerField(
        _("bắt buộc đáp ứng cho hạng sao"),
        null=True,
        blank=True,
        choices=[(3, "3★"), (4, "4★"), (5, "5★")],
        help_text=_(
            "Dấu sao trên dòng tiêu chí (ví dụ «Sở hữu trí tuệ****»): để đạt hạng sao này, tiêu chí phải được đáp "
            "ứng (một mức bất kỳ có điểm của quyết định, không phải «Không đáp ứng»)."
        ),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    source_line = models.PositiveIntegerField(_("dòng trong tệp nguồn"), null=True, blank=True)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["section", "order"]

    def __str__(self):
        return self.title


UNMET_TEXT = "Không đáp ứng (0 điểm)"


class Option(models.Model):
    """A choice on a criterion. ``unmet`` marks the portal's own «Không đáp ứng (0 điểm)» choice, added where the
    decision's options have no 0-point case so that a member can record that the product does not meet the
    criterion (it scores 0 and fails every star mark of the criterion). It is not part of the decision."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="options")
    text = models.TextField(_("mức"))
    points = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2)
    mandatory_stars = models.PositiveSmallIntegerField(
        _("bắt buộc cho hạng sao"),
        null=True,
        blank=True,
        choices=[(3, "3★"), (4, "4★"), (5, "5★")],
        help_text=_("Mức tối thiểu bắt buộc để đạt hạng sao này (***, ****, *****)."),
    )
    unmet = models.BooleanField(
        _("«Không đáp ứng» do cổng bổ sung"),
        default=False,
        help_text=_("Mức do cổng thông tin thêm (không có trong quyết định): sản phẩm không đáp ứng tiêu chí, 0 điểm."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    source_line = models.PositiveIntegerField(_("dòng trong tệp nguồn"), null=True, blank=True)

    class Meta:
        verbose_name = _("mức đánh giá")
        verbose_name_plural = _("mức đánh giá")
        ordering = ["criterion", "order"]

    def __str__(self):
        return self.text[:80]


# --------------------------------------------------------------------------------------------------------------
# Rounds, councils, registrations, score sheets
# --------------------------------------------------------------------------------------------------------------


# Stored text (data of the round, in Vietnamese like the regulation it cites), not a translated message.
QUORUM_BASIS = (
    "Quy chế tổ chức và hoạt động của Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp tỉnh: phiên họp đánh giá hợp "
    "lệ khi có ít nhất 3/4 số thành viên chấm điểm tham dự, trong đó có Chủ tịch hội đồng; kết quả là trung bình "
    "điểm của các thành viên có mặt chấm điểm. Sửa theo quy chế của hội đồng đợt này nếu khác."
)


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Đang nhận hồ sơ")
    SCORING = "scoring", _("Đang chấm điểm")
    CLOSED = "closed", _("Đã khóa chấm điểm")


class RoundQuerySet(AreaScopedQuerySet):
    def restrict(self, user, action="view"):
        """Usual area scope (the round's unit is inside the user's area) and, for reading, also rounds organised
        by a unit ABOVE the user's unit: a commune officer sees the provincial round they register products into.
        """
        q = scope_q(user, action, "unit")
        if action == "view" and role_allows(user, action):
            ancestor_ids = set()
            for path in user_scope_paths(user):
                ancestor_ids.update(ids_in_path(path))
            if ancestor_ids:
                q |= Q(unit_id__in=sorted(ancestor_ids))
        return self.filter(q)


class Round(models.Model):
    """Đợt đánh giá: a council evaluates the products registered into it under one rule set at one level."""

    area_lookup = "unit"

    year = models.PositiveSmallIntegerField(_("năm"))
    sequence = models.PositiveSmallIntegerField(_("đợt"), default=1)
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("bộ quy định"), on_delete=models.PROTECT, related_name="rounds"
    )
    level = models.CharField(_("cấp đánh giá"), max_length=10, choices=EvaluationLevel.choices)
    unit = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("đơn vị tổ chức"),
        on_delete=models.PROTECT,
        related_name="evaluation_rounds",
    )
    opens_on = models.DateField(_("ngày mở nhận hồ sơ"))
    scoring_closes_on = models.DateField(_("hạn chấm điểm"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    scoring_closed_at = models.DateTimeField(_("khóa chấm điểm lúc"), null=True, blank=True)
    scoring_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người khóa chấm điểm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    quorum_numerator = models.PositiveSmallIntegerField(
        _("túc số: tử số"),
        default=3,
        help_text=_("Túc số = tử số/mẫu số số thành viên chấm điểm (mặc định 3/4)."),
    )
    quorum_denominator = models.PositiveSmallIntegerField(_("túc số: mẫu số"), default=4)
    quorum_requires_chair = models.BooleanField(_("túc số phải có chủ tịch hội đồng"), default=True)
    quorum_basis = models.TextField(_("căn cứ của túc số"), blank=True, default=QUORUM_BASIS)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hội đồng"),
        through="CouncilMember",
        related_name="council_rounds",
        blank=True,
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

    objects = models.Manager.from_queryset(RoundQuerySet)()

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-year", "-sequence", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence", "level", "unit"], name="unique_round_per_unit"),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gte=1, quorum_numerator__lte=models.F("quorum_denominator")),
                name="round_quorum_fraction",
            ),
        ]

    def __str__(self):
        return _("Đợt %(seq)s năm %(year)s – %(level)s %(unit)s") % {
            "seq": self.sequence,
            "year": self.year,
            "level": self.get_level_display().lower(),
            "unit": self.unit.name if self.unit_id else "",
        }

    @property
    def is_closed(self):
        return self.scoring_closed_at is not None


class CouncilPosition(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch hội đồng")
    MEMBER = "member", _("Thành viên")
    SECRETARY = "secretary", _("Thư ký")


class CouncilMember(models.Model):
    """A user's seat on a round's council. ``scores``: the member fills a score sheet (the secretary usually not)."""

    round = models.ForeignKey(Round, verbose_name=_("đợt đánh giá"), on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.PROTECT, related_name="council_seats"
    )
    position = models.CharField(_("vị trí"), max_length=10, choices=CouncilPosition.choices)
    scores = models.BooleanField(_("chấm điểm"), default=True)
    organisation = models.CharField(_("cơ quan công tác"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["round", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="unique_council_seat"),
            models.UniqueConstraint(fields=["round"], condition=Q(position="chair"), name="one_chair_per_round"),
            models.UniqueConstraint(
                fields=["round"], condition=Q(position="secretary"), name="one_secretary_per_round"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_position_display()})"


class Recusal(models.Model):
    """A council member linked to a subject (tránh xung đột lợi ích) does not score that subject's products."""

    round = models.ForeignKey(Round, verbose_name=_("đợt đánh giá"), on_delete=models.CASCADE, related_name="recusals")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="recusals"
    )
    subject = models.ForeignKey(
        "subjects.Subject", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="recusals"
    )
    reason = models.CharField(_("lý do"), max_length=255)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    declared_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("trường hợp không tham gia chấm")
        verbose_name_plural = _("trường hợp không tham gia chấm")
        ordering = ["round", "member", "subject"]
        constraints = [models.UniqueConstraint(fields=["round", "member", "subject"], name="unique_recusal")]

    def __str__(self):
        return f"{self.member} – {self.subject}"


class RegistrationKind(models.TextChoices):
    NEW = "new", _("Lần đầu")
    UPGRADE = "upgrade", _("Nâng hạng")
    RE_EVALUATION = "re_evaluation", _("Đánh giá lại")


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã gửi")
    FORWARDED = "forwarded", _("Xã đã thẩm định, chuyển lên")
    RETURNED = "returned", _("Trả lại bổ sung")
    ACCEPTED = "accepted", _("Đã tiếp nhận, chờ chấm")
    SCORED = "scored", _("Đã chấm điểm")
    APPROVED = "approved", _("VPĐP đã duyệt kết quả")
    MOVED_DOWN = "moved_down", _("Chuyển về cấp dưới")
    DECIDED = "decided", _("Đã có quyết định")


class ProposedAction(models.TextChoices):
    RECOGNISE = "recognise", _("Công nhận tại cấp này")
    FORWARD = "forward", _("Đề nghị cấp trên đánh giá")
    RETURN_LOWER = "return_lower", _("Chuyển cấp dưới công nhận")
    NOT_ELIGIBLE = "not_eligible", _("Không đủ điều kiện công nhận")


class Registration(models.Model):
    """A product registered into a round (hồ sơ đăng ký đánh giá): new, upgrade or re-evaluation."""

    area_lookup = "product__unit"

    round = models.ForeignKey(
        Round, verbose_name=_("đợt đánh giá"), on_delete=models.PROTECT, related_name="registrations"
    )
    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="registrations"
    )
    kind = models.CharField(_("hình thức"), max_length=15, choices=RegistrationKind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.DRAFT
    )
    status_reason = models.TextField(_("lý do (lần chuyển gần nhất)"), blank=True)
    dossier_missing = models.TextField(
        _("hồ sơ bắt buộc còn thiếu khi gửi"),
        blank=True,
        default="",
        help_text=_("Ghi lại lúc gửi, khi cán bộ gửi thiếu hồ sơ."),
    )
    dossier_override_reason = models.TextField(
        _("lý do gửi khi còn thiếu hồ sơ bắt buộc"),
        blank=True,
        default="",
        help_text=_("Cán bộ ghi rõ lý do khi gửi hồ sơ còn thiếu giấy tờ bắt buộc; hội đồng thấy trên trang hồ sơ."),
    )
    commune_report = models.ForeignKey(
        "products.Document",
        verbose_name=_("báo cáo đánh giá của UBND cấp xã"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.DecimalField(_("điểm trung bình"), max_digits=5, decimal_places=2, null=True, blank=True)
    stars = models.PositiveSmallIntegerField(_("hạng sao"), null=True, blank=True)
    proposed_action = models.CharField(
        _("đề xuất"), max_length=15, choices=ProposedAction.choices, blank=True, default=""
    )
    note = models.TextField(_("ghi chú"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    scored_at = models.DateTimeField(_("chấm xong lúc"), null=True, blank=True)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("có quyết định lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
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
        verbose_name = _("hồ sơ đăng ký đánh giá")
        verbose_name_plural = _("hồ sơ đăng ký đánh giá")
        ordering = ["round", "product__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "product"], name="unique_registration_per_round"),
            models.CheckConstraint(
                condition=Q(stars__isnull=True) | Q(stars__gte=1, stars__lte=5), name="registration_stars_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.product} – {self.round}"

    @property
    def decision_item(self):
        """The recognition of an issued decision that decided this registration (``Recognition.registration``),
        or None."""
        return self.recognitions.filter(decision__status="issued").select_related("decision").order_by("-pk").first()


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chấm")
    SUBMITTED = "submitted", _("Đã nộp")


class ScoreSheet(models.Model):
    """Phiếu chấm điểm: one per council member and registration. Its total is ``Sum(lines__option__points)``."""

    area_lookup = "registration__product__unit"

    registration = models.ForeignKey(
        Registration, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="sheets"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="score_sheets"
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT, related_name="sheets"
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("số lần mở lại"), default=0)
    comment = models.TextField(_("nhận xét"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = AreaScopedManager()

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        ordering = ["registration", "member__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["registration", "member"], name="unique_sheet_per_member")]

    def __str__(self):
        return f"{self.registration.product} – {self.member}"


class ScoreLine(models.Model):
    """One chosen option for one criterion on one sheet (a score is a row, never a JSON blob)."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="lines")
    criterion = models.ForeignKey(Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, verbose_name=_("mức"), on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="unique_line_per_criterion")]

    def __str__(self):
        return f"{self.criterion} = {self.option.points}"
