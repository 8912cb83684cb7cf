from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext_lazy as _

from accounts.scoping import AreaScopedManager
from ocop_portal.text import fold


class LegalForm(models.TextChoices):
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    COOPERATIVE_GROUP = "cooperative_group", _("Tổ hợp tác")
    LLC_SINGLE = "llc_single", _("Công ty TNHH một thành viên")
    LLC_MULTI = "llc_multi", _("Công ty TNHH hai thành viên trở lên")
    JOINT_STOCK = "joint_stock", _("Công ty cổ phần")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Doanh nghiệp tư nhân")
    HOUSEHOLD = "household", _("Hộ kinh doanh / cơ sở sản xuất")


class Gender(models.TextChoices):
    FEMALE = "female", _("Nữ")
    MALE = "male", _("Nam")


class SubjectStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    CEASED = "ceased", _("Ngừng hoạt động")


digits_validator = RegexValidator(r"^[0-9A-Za-z-]+$", _("Chỉ gồm chữ số, chữ cái không dấu và dấu gạch ngang."))


class Subject(models.Model):
    """Chủ thể OCOP: a cooperative, enterprise or household business that owns OCOP products."""

    area_lookup = "unit"

    name = models.CharField(_("tên chủ thể"), max_length=255)
    legal_form = models.CharField(_("loại hình"), max_length=30, choices=LegalForm.choices)
    registration_number = models.CharField(
        _("số đăng ký kinh doanh"), max_length=50, blank=True, validators=[digits_validator]
    )
    tax_code = models.CharField(_("mã số thuế"), max_length=20, blank=True, validators=[digits_validator])
    address = models.CharField(_("địa chỉ"), max_length=255)
    unit = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("đơn vị hành chính"),
        on_delete=models.PROTECT,
        related_name="subjects",
    )
    representative_name = models.CharField(_("người đại diện theo pháp luật"), max_length=150)
    representative_gender = models.CharField(_("giới tính người đại diện"), max_length=10, choices=Gender.choices)
    representative_ethnic_minority = models.BooleanField(_("người đại diện là người dân tộc thiểu số"), default=False)
    is_sme = models.BooleanField(_("doanh nghiệp nhỏ và vừa"), default=False)
    workforce_total = models.PositiveIntegerField(_("tổng số lao động"), default=0)
    workforce_local = models.PositiveIntegerField(_("lao động địa phương"), default=0)
    workforce_qualified = models.PositiveIntegerField(_("lao động có bằng cấp/chứng chỉ nghề"), default=0)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("website / fanpage"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=SubjectStatus.choices, default=SubjectStatus.ACTIVE
    )
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")
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
        verbose_name = _("chủ thể OCOP")
        verbose_name_plural = _("chủ thể OCOP")
        ordering = ["name", "pk"]
        # The lists' default order: the first page is read from this index instead of sorting every subject.
        indexes = [
            models.Index(fields=["name", "id"], name="subject_name_order_idx"),
            # "Possibly the same producer" (subjects.selectors.similar_subjects) compares the codes without their
            # dashes: on every subject page and save, a lookup instead of reading all subjects.
            models.Index(Replace("registration_number", Value("-"), Value("")), name="subject_reg_plain_idx"),
            models.Index(Replace("tax_code", Value("-"), Value("")), name="subject_tax_plain_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="unique_subject_registration_number",
            ),
            models.CheckConstraint(
                condition=Q(workforce_local__lte=models.F("workforce_total"))
                & Q(workforce_qualified__lte=models.F("workforce_total")),
                name="subject_workforce_parts_within_total",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(
            " ".join([self.name, self.registration_number, self.tax_code, self.representative_name])
        )
        super().save(*args, **kwargs)

    @property
    def is_female_led(self):
        """Female-led (chủ thể do nữ làm chủ) follows from the legal representative's gender."""
        return self.representative_gender == Gender.FEMALE
