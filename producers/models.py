"""Producer accounts (tài khoản chủ thể): a cooperative or household business that registered on the portal, what
it typed when registering, and — once a commune officer has verified it — the subject it acts for.

Several accounts may act for one subject (the director and the bookkeeper of a cooperative). The account's
``user`` has ``Role.PRODUCER`` and no administrative unit: what it reaches is decided by ``accounts.scoping``
(the rows of its own subject only, and nothing until verified).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import AreaScopedManager
from subjects.models import digits_validator


class ProducerAccountStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xác minh")
    VERIFIED = "verified", _("Đã xác minh")
    REJECTED = "rejected", _("Từ chối")


class ProducerAccount(models.Model):
    """Tài khoản chủ thể: the registration data the producer typed and the commune's verification."""

    area_lookup = "commune"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản đăng nhập"),
        on_delete=models.CASCADE,
        related_name="producer_account",
    )
    subject = models.ForeignKey(
        "subjects.Subject",
        verbose_name=_("chủ thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="producer_accounts",
        help_text=_("Chủ thể mà tài khoản được làm việc thay mặt; gán khi xác minh."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ProducerAccountStatus.choices, default=ProducerAccountStatus.PENDING
    )
    registration_number = models.CharField(
        _("số đăng ký kinh doanh"), max_length=50, blank=True, validators=[digits_validator]
    )
    tax_code = models.CharField(_("mã số thuế"), max_length=20, blank=True, validators=[digits_validator])
    organisation_name = models.CharField(_("tên tổ chức / hộ kinh doanh"), max_length=255)
    representative_name = models.CharField(_("người đại diện"), max_length=150)
    commune = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("xã/phường"),
        on_delete=models.PROTECT,
        related_name="producer_accounts",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30)
    email = models.EmailField(_("thư điện tử"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác minh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("xác minh lúc"), null=True, blank=True)
    rejection_reason = models.TextField(_("lý do từ chối"), blank=True)
    created_at = models.DateTimeField(_("ngày đăng ký"), auto_now_add=True)

    objects = AreaScopedManager()

    class Meta:
        verbose_name = _("tài khoản chủ thể")
        verbose_name_plural = _("tài khoản chủ thể")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "commune"], name="producer_account_status_idx")]

    def __str__(self):
        return f"{self.organisation_name} ({self.user.get_username()})"

    @property
    def is_verified(self):
        return self.status == ProducerAccountStatus.VERIFIED and self.subject_id is not None
