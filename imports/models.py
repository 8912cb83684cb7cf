import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import AreaScopedManager


class ImportKind(models.TextChoices):
    """Every kind of file the portal imports (one importer each, ``imports.importers.IMPORTERS``; a test keeps the
    two lists and their labels equal)."""

    AUTHORITIES = "authorities", _("Cơ quan ban hành quyết định")
    USERS = "users", _("Người dùng (tài khoản)")
    SUBJECTS = "subjects", _("Chủ thể OCOP")
    PRODUCTS = "products", _("Sản phẩm OCOP")
    CERTIFICATIONS = "certifications", _("Chứng nhận của sản phẩm")
    PLANS = "plans", _("Kế hoạch năm và chỉ tiêu")
    ROUNDS = "rounds", _("Đợt đánh giá đã qua và kết quả")
    RECOGNITIONS = "recognitions", _("Công nhận sản phẩm OCOP đã ban hành (mọi năm, đến hôm nay)")
    REVOCATIONS = "revocations", _("Thu hồi công nhận đã có")
    BUDGET = "budget", _("Kinh phí (dòng kinh phí theo nguồn vốn)")
    ACTIVITIES = "activities", _("Hoạt động (tập huấn, truyền thông, xúc tiến thương mại)")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Chờ kiểm tra")
    CHECKING = "checking", _("Đang kiểm tra")
    CHECKED = "checked", _("Đã kiểm tra")
    IMPORTING = "importing", _("Đang nhập")
    DONE = "done", _("Đã nhập")
    FAILED = "failed", _("Không nhập được")


RUNNING = {JobStatus.QUEUED, JobStatus.CHECKING, JobStatus.IMPORTING}


class RetryStep(models.TextChoices):
    """The step a failed job may run again (the file itself was fine: the worker, the broker or the database failed)."""

    NONE = "", _("không")
    CHECK = "check", _("kiểm tra")
    COMMIT = "commit", _("nhập")


def import_upload_to(instance, filename):
    # The stored name never comes from the user.
    return f"imports/{instance.storage_key}"


class ImportJob(models.Model):
    """Lần nhập dữ liệu: the uploaded file (kept, so the commit re-reads the same bytes as the preview), the preview
    (dry-run) report, the outcome of the commit, progress and counts. Scoped by the requester's unit."""

    area_lookup = "unit"

    kind = models.CharField(_("loại dữ liệu"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("tệp"), upload_to=import_upload_to, max_length=255)
    storage_key = models.CharField(max_length=80, editable=False, unique=True)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    sha256 = models.CharField(max_length=64, editable=False)
    status = models.CharField(_("trạng thái"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    total_rows = models.PositiveIntegerField(_("số dòng dữ liệu"), default=0)
    created_count = models.PositiveIntegerField(_("số dòng thêm mới"), default=0)
    updated_count = models.PositiveIntegerField(_("số dòng cập nhật"), default=0)
    unchanged_count = models.PositiveIntegerField(_("số dòng không đổi"), default=0)
    error_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    preview = models.JSONField(_("kết quả kiểm tra (chạy thử)"), null=True, blank=True)
    outcome = models.JSONField(_("kết quả nhập"), null=True, blank=True)
    failure = models.TextField(_("lý do không nhập được"), blank=True)
    task_id = models.CharField(_("mã công việc nền"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy bước hiện tại"), default=0)
    heartbeat_at = models.DateTimeField(
        _("lần cuối báo đang chạy"),
        null=True,
        blank=True,
        help_text=_("Cập nhật trong khi bước đang chạy; quá lâu không cập nhật nghĩa là máy xử lý nền đã dừng."),
    )
    retry_step = models.CharField(_("bước có thể chạy lại"), max_length=10, choices=RetryStep.choices, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("địa bàn"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đơn vị của người nhập: phạm vi dữ liệu được phép nhập."),
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    checked_at = models.DateTimeField(_("kiểm tra xong lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("nhập xong lúc"), null=True, blank=True)

    objects = AreaScopedManager()

    class Meta:
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("lần nhập dữ liệu")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.original_name}"

    @staticmethod
    def new_storage_key(extension):
        return f"{uuid.uuid4().hex}{extension}"

    @property
    def is_running(self):
        return self.status in RUNNING

    @property
    def can_commit(self):
        return self.status == JobStatus.CHECKED and self.error_count == 0 and self.total_rows > 0

    @property
    def can_retry(self):
        return self.status == JobStatus.FAILED and bool(self.retry_step)

    @property
    def report(self):
        """The latest report: the commit's outcome if any, else the preview."""
        return self.outcome or self.preview or {}
