"""The yearly OCOP plan (kế hoạch): targets (chỉ tiêu), budget lines by funding source, activities.

* ``Plan``: one per administrative unit and year (the province's, a district's or a commune's own plan).
  An approved plan is not changed silently: every later change (of the plan, its targets or its budget lines)
  needs a reason, which the audit log keeps.
* ``Target``: a typed indicator (``programme.indicators.IndicatorType``) with a target value. Its actual is
  computed from the portal's records by the registry in ``programme.indicators``; where the records cannot tell
  (free-text targets, or a target switched to "entered"), the actual is entered with evidence and who/when.
* ``FundingSource``: the funding sources as data (national target programme, integrated, local budget, ...).
* ``BudgetLine``: planned / allocated / disbursed amounts of one plan by source x area x task, in million VND.
* ``BudgetDocument``: a supporting document (PDF/PNG/JPEG, checked by content) of a budget line.
* ``Activity``: a training class, communication item, trade fair, promotion event or market bulletin.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import AreaScopedManager
from ocop_portal.text import fold

from .indicators import IndicatorType

AMOUNT = {"max_digits": 14, "decimal_places": 3, "validators": [MinValueValidator(Decimal("0"))]}


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã phê duyệt")


class Plan(models.Model):
    """Kế hoạch triển khai Chương trình OCOP năm ... of one administrative unit."""

    area_lookup = "unit"

    unit = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("địa bàn"),
        on_delete=models.PROTECT,
        related_name="programme_plans",
    )
    year = models.PositiveSmallIntegerField(
        _("năm kế hoạch"), validators=[MinValueValidator(2018), MaxValueValidator(2100)]
    )
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True, help_text=_("vd. 81/KH-UBND"))
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True, help_text=_("vd. UBND tỉnh Đồng Tháp"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    legal_basis = models.TextField(
        _("văn bản căn cứ"),
        blank=True,
        help_text=_("Mỗi văn bản một dòng, vd. Quyết định số 148/QĐ-TTg ngày 24/02/2023"),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận phê duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    version = models.PositiveIntegerField(
        _("phiên bản"),
        default=1,
        editable=False,
        help_text=_("Tăng mỗi lần lưu; dùng để phát hiện hai người sửa cùng lúc."),
    )
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
        verbose_name = _("kế hoạch OCOP")
        verbose_name_plural = _("kế hoạch OCOP")
        ordering = ["-year", "unit__path", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="unique_programme_plan_per_unit_year",
                violation_error_message=_(
                    "Địa bàn này đã có kế hoạch của năm này; mỗi địa bàn chỉ có một kế hoạch mỗi năm."
                ),
            )
        ]

    def __str__(self):
        label = _("Kế hoạch OCOP năm %(year)s – %(unit)s") % {"year": self.year, "unit": self.unit.name}
        return f"{label} ({self.number})" if self.number else label

    @property
    def is_approved(self):
        return self.status == PlanStatus.APPROVED

    @property
    def legal_basis_list(self):
        return [line.strip(" -–•\t") for line in self.legal_basis.splitlines() if line.strip(" -–•\t")]


class ActualMode(models.TextChoices):
    COMPUTED = "computed", _("Tính từ dữ liệu của cổng")
    ENTERED = "entered", _("Nhập tay kèm minh chứng")


def evidence_upload_to(instance, filename):
    return f"programme/targets/{instance.plan_id}/{instance.evidence_key}"


class Target(models.Model):
    """Chỉ tiêu của kế hoạch: an indicator type, a target value and (for entered actuals) the evidence."""

    area_lookup = "plan__unit"

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="targets")
    number = models.CharField(_("số thứ tự"), max_length=10, blank=True, help_text=_("vd. (1), (4a)"))
    order = models.PositiveSmallIntegerField(_("thứ tự hiển thị"), default=0)
    indicator_type = models.CharField(_("loại chỉ tiêu"), max_length=40, choices=IndicatorType.choices)
    title = models.CharField(_("nội dung chỉ tiêu"), max_length=500)
    target_value = models.DecimalField(_("giá trị chỉ tiêu"), **AMOUNT)
    unit_label = models.CharField(_("đơn vị tính"), max_length=60, blank=True, help_text=_("để trống: theo loại"))
    actual_mode = models.CharField(
        _("cách lấy kết quả"), max_length=10, choices=ActualMode.choices, default=ActualMode.COMPUTED
    )
    baseline_value = models.DecimalField(
        _("số liệu năm trước"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Dùng cho chỉ tiêu so với năm trước; để trống thì cổng tự tính tại ngày 31/12 năm trước."),
    )
    entered_value = models.DecimalField(_("kết quả nhập tay"), max_digits=14, decimal_places=3, null=True, blank=True)
    evidence_text = models.TextField(_("minh chứng"), blank=True)
    evidence_file = models.FileField(_("tệp minh chứng"), upload_to=evidence_upload_to, max_length=255, blank=True)
    evidence_key = models.CharField(max_length=80, editable=False, blank=True)
    evidence_name = models.CharField(_("tên tệp minh chứng"), max_length=255, blank=True, editable=False)
    entered_at = models.DateTimeField(_("nhập lúc"), null=True, blank=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập kết quả"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    note = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(
        _("phiên bản"),
        default=1,
        editable=False,
        help_text=_("Tăng mỗi lần lưu; dùng để phát hiện hai người sửa cùng lúc."),
    )

    objects = AreaScopedManager()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "order", "pk"]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    @property
    def uses_entered_actual(self):
        return self.actual_mode == ActualMode.ENTERED or self.indicator_type == IndicatorType.FREE_TEXT

    @property
    def display_unit(self):
        from .indicators import indicator_for

        return self.unit_label or indicator_for(self.indicator_type).unit


class FundingSource(models.Model):
    """Nguồn vốn (data, not code): a sub-source (local budget – province) points to its group (local budget)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên nguồn vốn"), max_length=200)
    short_name = models.CharField(_("tên ngắn"), max_length=80, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("thuộc nhóm"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang sử dụng"), default=True)

    class Meta:
        verbose_name = _("nguồn vốn")
        verbose_name_plural = _("nguồn vốn")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class BudgetTask(models.TextChoices):
    TRAINING = "training", _("Đào tạo, tập huấn")
    COMMUNICATION = "communication", _("Truyền thông")
    PROMOTION = "promotion", _("Xúc tiến thương mại, quảng bá")
    PRODUCT_DEVELOPMENT = "product_development", _("Hỗ trợ phát triển sản phẩm")
    EVALUATION = "evaluation", _("Đánh giá, phân hạng sản phẩm")
    PILOT_MODEL = "pilot_model", _("Mô hình thí điểm, chỉ đạo điểm")
    MANAGEMENT = "management", _("Quản lý, điều hành, kiểm tra")
    GENERAL = "general", _("Chung (chưa phân theo nhiệm vụ)")
    OTHER = "other", _("Khác")


class BudgetLine(models.Model):
    """Dòng kinh phí: one plan's money from one source, for one area and task (million VND, triệu đồng)."""

    area_lookup = "plan__unit"

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="budget_lines")
    source = models.ForeignKey(
        FundingSource, verbose_name=_("nguồn vốn"), on_delete=models.PROTECT, related_name="budget_lines"
    )
    unit = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("địa bàn thực hiện"),
        on_delete=models.PROTECT,
        related_name="programme_budget_lines",
    )
    task = models.CharField(_("nhiệm vụ"), max_length=25, choices=BudgetTask.choices, default=BudgetTask.GENERAL)
    description = models.CharField(_("nội dung"), max_length=500, blank=True)
    planned_mvnd = models.DecimalField(_("kế hoạch (triệu đồng)"), null=True, blank=True, **AMOUNT)
    allocated_mvnd = models.DecimalField(_("đã phân bổ (triệu đồng)"), null=True, blank=True, **AMOUNT)
    disbursed_mvnd = models.DecimalField(_("đã giải ngân (triệu đồng)"), null=True, blank=True, **AMOUNT)
    document_reference = models.CharField(
        _("văn bản giao vốn / chứng từ"), max_length=255, blank=True, help_text=_("số, ngày văn bản")
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    version = models.PositiveIntegerField(
        _("phiên bản"),
        default=1,
        editable=False,
        help_text=_("Tăng mỗi lần lưu; dùng để phát hiện hai người sửa cùng lúc."),
    )
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
        verbose_name = _("dòng kinh phí")
        verbose_name_plural = _("kinh phí")
        ordering = ["plan", "source__order", "unit__path", "task", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_mvnd__isnull=False)
                | Q(allocated_mvnd__isnull=False)
                | Q(disbursed_mvnd__isnull=False),
                name="budget_line_has_an_amount",
            ),
        ]

    def __str__(self):
        return f"{self.source} – {self.unit.name} – {self.get_task_display()}"


def budget_document_upload_to(instance, filename):
    return f"programme/budget/{instance.line_id}/{instance.storage_key}"


class BudgetDocument(models.Model):
    """Văn bản, chứng từ kèm theo một dòng kinh phí (PDF/PNG/JPEG, kiểm tra theo nội dung tệp)."""

    area_lookup = "line__plan__unit"

    line = models.ForeignKey(
        BudgetLine, verbose_name=_("dòng kinh phí"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    file = models.FileField(_("tệp"), upload_to=budget_document_upload_to, max_length=255)
    storage_key = models.CharField(max_length=80, editable=False)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("định dạng"), max_length=50)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AreaScopedManager()

    class Meta:
        verbose_name = _("chứng từ kinh phí")
        verbose_name_plural = _("chứng từ kinh phí")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.title


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("Đào tạo, tập huấn")
    COMMUNICATION = "communication", _("Truyền thông")
    TRADE_FAIR = "trade_fair", _("Hội chợ, triển lãm")
    PROMOTION_EVENT = "promotion_event", _("Sự kiện xúc tiến, kết nối tiêu thụ")
    MARKET_BULLETIN = "market_bulletin", _("Bản tin thị trường")
    OTHER = "other", _("Hoạt động khác")


class Activity(models.Model):
    """Hoạt động: lớp tập huấn, tin bài truyền thông, hội chợ, sự kiện xúc tiến, bản tin thị trường."""

    area_lookup = "unit"

    kind = models.CharField(_("loại hoạt động"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("tên hoạt động"), max_length=500)
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    unit = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("địa bàn"),
        on_delete=models.PROTECT,
        related_name="programme_activities",
    )
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=255, blank=True)
    sessions = models.PositiveIntegerField(_("số lớp / số kỳ / số buổi"), default=1)
    participants = models.PositiveIntegerField(_("số người tham dự"), null=True, blank=True)
    women_participants = models.PositiveIntegerField(_("trong đó nữ"), null=True, blank=True)
    cost_mvnd = models.DecimalField(_("kinh phí (triệu đồng)"), null=True, blank=True, **AMOUNT)
    funding_source = models.ForeignKey(
        FundingSource,
        verbose_name=_("nguồn vốn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    description = models.TextField(_("mô tả, kết quả"), blank=True)
    search_text = models.CharField(max_length=800, editable=False, db_index=True, default="")
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
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(women_participants__isnull=True)
                | Q(participants__isnull=True)
                | Q(women_participants__lte=F("participants")),
                name="activity_women_within_participants",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activity_end_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(" ".join([self.title, self.organiser]))[:800]
        super().save(*args, **kwargs)
