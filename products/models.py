import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import AreaScopedManager
from ocop_portal.formatting import format_date
from ocop_portal.text import fold


class Regime(models.TextChoices):
    """The legal rule set a classification belongs to."""

    QD1048 = "qd1048", _("QĐ 1048/QĐ-TTg (2019–2023)")
    QD148 = "qd148", _("QĐ 148/QĐ-TTg (từ 24/02/2023)")


class ClassLevel(models.TextChoices):
    CATEGORY = "category", _("Nhóm sản phẩm")
    GROUP = "group", _("Nhóm")
    SET = "set", _("Bộ sản phẩm")


class ProductClass(models.Model):
    """Product classification as data: 6 groups > nhóm > 26 bộ sản phẩm (148), and the 1048-era classes.

    A 1048-era leaf points to the 148 set it maps to (``maps_to``), so historical products can be counted under
    the current classification while keeping the class they were recorded with.
    """

    regime = models.CharField(_("bộ quy định"), max_length=10, choices=Regime.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=ClassLevel.choices)
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("tên"), max_length=255)
    parent = models.ForeignKey(
        "self", verbose_name=_("cấp trên"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    maps_to = models.ForeignKey(
        "self",
        verbose_name=_("tương ứng theo QĐ 148"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mapped_from",
    )
    set_number = models.PositiveSmallIntegerField(_("số thứ tự bộ"), null=True, blank=True)
    lead_ministry = models.CharField(_("bộ chủ trì"), max_length=100, blank=True)
    mapping_note = models.TextField(
        _("ghi chú chuyển đổi"),
        blank=True,
        help_text=_("Vì sao một phân loại QĐ 1048 không có (hoặc chỉ có một phần) bộ sản phẩm tương ứng theo QĐ 148."),
    )
    # Derived from parent/maps_to on save (and by the loader): where the class counts under Decision 148.
    set_148 = models.ForeignKey(
        "self",
        verbose_name=_("bộ sản phẩm tương ứng (QĐ 148)"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category_148 = models.ForeignKey(
        "self",
        verbose_name=_("nhóm sản phẩm tương ứng (QĐ 148)"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("phân loại sản phẩm")
        verbose_name_plural = _("phân loại sản phẩm")
        ordering = ["regime", "code"]
        constraints = [
            # Where a nhóm has no phân nhóm (I.6, III.1...), the nhóm and its single bộ share the positional code.
            models.UniqueConstraint(fields=["regime", "level", "code"], name="unique_product_class_code"),
        ]

    def __str__(self):
        if self.regime == Regime.QD1048:
            return f"{self.name} (QĐ 1048)"
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        from .reference_data import resolve_148

        set_148, category_148 = resolve_148(self)
        if self.pk is None and self in (set_148, category_148):
            # A 148 set or category counts under itself: it needs its own id first.
            self.set_148 = self.category_148 = None
            super().save(*args, **kwargs)
            self.set_148, self.category_148 = set_148, category_148
            super().save(update_fields=["set_148", "category_148"])
            return
        self.set_148, self.category_148 = set_148, category_148
        super().save(*args, **kwargs)

    @property
    def is_unmapped(self):
        return self.regime == Regime.QD1048 and self.maps_to_id is None

    @property
    def category(self):
        node = self
        while node.parent_id is not None:
            node = node.parent
        return node


class CraftVillage(models.Model):
    """Làng nghề được công nhận (reference list, kept by the administrator)."""

    area_lookup = "unit"

    name = models.CharField(_("tên làng nghề"), max_length=255)
    unit = models.ForeignKey("areas.AdministrativeUnit", verbose_name=_("địa bàn"), on_delete=models.PROTECT)
    traditional = models.BooleanField(_("làng nghề truyền thống"), default=False)
    recognition_decision = models.CharField(_("quyết định công nhận"), max_length=100, blank=True)

    objects = AreaScopedManager()

    class Meta:
        verbose_name = _("làng nghề")
        verbose_name_plural = _("làng nghề")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "unit"], name="unique_craft_village_per_unit")]

    def __str__(self):
        return self.name


class ChannelKind(models.TextChoices):
    ECOMMERCE = "ecommerce", _("Sàn thương mại điện tử")
    MODERN_RETAIL = "modern_retail", _("Kênh bán hàng hiện đại")
    TOURIST_KIOSK = "tourist_kiosk", _("Điểm bán tại khu du lịch")
    EXPORT = "export", _("Xuất khẩu")


class SalesChannel(models.Model):
    """A named sales channel: Postmart, Co.opmart, a tourist-site kiosk, an export market..."""

    kind = models.CharField(_("loại kênh"), max_length=20, choices=ChannelKind.choices)
    name = models.CharField(_("tên kênh"), max_length=150)

    class Meta:
        verbose_name = _("kênh bán hàng")
        verbose_name_plural = _("kênh bán hàng")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="unique_sales_channel")]

    def __str__(self):
        return self.name


class OcopStatus(models.TextChoices):
    NONE = "none", _("Chưa công nhận")
    VALID = "valid", _("Đang hiệu lực")
    EXPIRED = "expired", _("Hết hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")


class ProductionStatus(models.TextChoices):
    ACTIVE = "active", _("Đang sản xuất")
    STOPPED = "stopped", _("Ngừng sản xuất")


class Product(models.Model):
    """Sản phẩm OCOP. Its star status is not typed in: it follows from recognition and revocation decisions."""

    area_lookup = "unit"

    subject = models.ForeignKey(
        "subjects.Subject", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(_("tên sản phẩm"), max_length=255)
    # The national OCOP system's product code (province-district-commune-sequence-year, e.g.
    # "82-869-29926-001-2023"): the key imports match a product by when the file has it.
    ocop_code = models.CharField(
        _("mã sản phẩm OCOP"),
        max_length=40,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Mã trên hệ thống OCOP quốc gia, vd. 82-869-29926-001-2023; để trống nếu chưa có."),
    )
    product_class = models.ForeignKey(
        ProductClass,
        verbose_name=_("bộ sản phẩm"),
        on_delete=models.PROTECT,
        related_name="products",
        limit_choices_to={"level": ClassLevel.SET},
    )
    unit = models.ForeignKey(
        "areas.AdministrativeUnit", verbose_name=_("nơi sản xuất"), on_delete=models.PROTECT, related_name="products"
    )
    description = models.TextField(_("mô tả"), blank=True)
    story = models.TextField(_("câu chuyện sản phẩm"), blank=True)
    raw_material_area = models.CharField(_("vùng nguyên liệu"), max_length=255, blank=True)
    craft_village = models.ForeignKey(
        CraftVillage,
        verbose_name=_("làng nghề"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
    )
    circular_value_chain = models.BooleanField(_("chuỗi giá trị gắn kinh tế tuần hoàn"), default=False)
    potential_five_star = models.BooleanField(_("tiềm năng 5 sao"), default=False)
    production_status = models.CharField(
        _("tình trạng sản xuất"), max_length=10, choices=ProductionStatus.choices, default=ProductionStatus.ACTIVE
    )
    channels = models.ManyToManyField(
        SalesChannel, verbose_name=_("kênh bán hàng"), through="ProductChannel", blank=True, related_name="products"
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
    # Stored OCOP status "as of today", written only by ``decisions.services.product_status_refresh`` (inside the
    # transaction of every decision that changes it, and by the daily expiry job); ``manage.py check_product_status``
    # recomputes it from the decisions. Status on a past date is still computed from the decisions.
    ocop_status = models.CharField(
        _("tình trạng OCOP"), max_length=10, choices=OcopStatus.choices, default=OcopStatus.NONE, editable=False
    )
    ocop_stars = models.PositiveSmallIntegerField(
        _("hạng sao hiện hành"), null=True, blank=True, editable=False, help_text=_("chỉ khi còn hiệu lực")
    )
    ocop_recognition = models.ForeignKey(
        "decisions.Recognition",
        verbose_name=_("công nhận gần nhất"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    ocop_valid_until = models.DateField(_("hiệu lực OCOP đến"), null=True, blank=True, editable=False)
    ocop_revoked_on = models.DateField(_("ngày thu hồi OCOP"), null=True, blank=True, editable=False)

    objects = AreaScopedManager()

    OCOP_FIELDS = ("ocop_status", "ocop_stars", "ocop_recognition", "ocop_valid_until", "ocop_revoked_on")

    class Meta:
        verbose_name = _("sản phẩm OCOP")
        verbose_name_plural = _("sản phẩm OCOP")
        ordering = ["name", "pk"]
        # The lists' default order: the first page is read from this index instead of sorting every product.
        indexes = [
            models.Index(fields=["name", "id"], name="product_name_order_idx"),
            models.Index(fields=["ocop_stars", "name", "id"], name="product_ocop_stars_idx"),
            models.Index(fields=["ocop_status", "name", "id"], name="product_ocop_status_idx"),
            models.Index(fields=["ocop_valid_until"], name="product_ocop_valid_until_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(self.name)
        self.ocop_code = (self.ocop_code or "").strip() or None
        if self.pk and not self._state.adding and kwargs.get("update_fields") is None:
            # An edit never writes the stored OCOP status (a decision may have changed it since the row was read).
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name not in self.OCOP_FIELDS
            ]
        super().save(*args, **kwargs)

    @property
    def current_stars(self):
        """Stars of the recognition in force today (None when expired, revoked or never recognised)."""
        return self.ocop_stars

    @property
    def valid_until(self):
        """End of the latest certificate (also when expired or revoked)."""
        return self.ocop_valid_until

    @property
    def regime(self):
        return self.product_class.regime


class ProductChannel(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="channel_links")
    channel = models.ForeignKey(SalesChannel, verbose_name=_("kênh"), on_delete=models.PROTECT)
    detail = models.CharField(
        _("chi tiết"), max_length=255, blank=True, help_text=_("cửa hàng, đường dẫn, thị trường...")
    )

    class Meta:
        verbose_name = _("kênh bán hàng của sản phẩm")
        verbose_name_plural = _("kênh bán hàng của sản phẩm")
        constraints = [models.UniqueConstraint(fields=["product", "channel"], name="unique_product_channel")]

    def __str__(self):
        return f"{self.channel} {self.detail}".strip()


EXPIRY_WARNING_DAYS = 90


class CertificationKind(models.TextChoices):
    FOOD_SAFETY = "food_safety", _("Giấy chứng nhận cơ sở đủ điều kiện ATTP")
    VIETGAP = "vietgap", _("VietGAP")
    ORGANIC = "organic", _("Hữu cơ")
    STANDARD_DECLARATION = "standard_declaration", _("Công bố tiêu chuẩn/chất lượng sản phẩm")
    TRADEMARK = "trademark", _("Nhãn hiệu")
    GEOGRAPHICAL_INDICATION = "geographical_indication", _("Chỉ dẫn địa lý")
    CERTIFICATION_MARK = "certification_mark", _("Nhãn hiệu chứng nhận (vd. Made in Dong Thap)")
    OTHER = "other", _("Khác")


class Certification(models.Model):
    product = models.ForeignKey(
        Product, verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="certifications"
    )
    kind = models.CharField(_("loại chứng nhận"), max_length=30, choices=CertificationKind.choices)
    number = models.CharField(_("số"), max_length=100, blank=True)
    issuer = models.CharField(_("cơ quan cấp"), max_length=255, blank=True)
    issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    expires_on = models.DateField(_("ngày hết hạn"), null=True, blank=True)

    class Meta:
        verbose_name = _("chứng nhận")
        verbose_name_plural = _("chứng nhận")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(issued_on__isnull=True) | Q(expires_on__isnull=True) | Q(expires_on__gte=F("issued_on")),
                name="certification_expires_after_issue",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}".strip()

    def clean(self):
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            message = _("Ngày hết hạn (%(exp)s) không được trước ngày cấp (%(iss)s).")
            params = {"exp": format_date(self.expires_on), "iss": format_date(self.issued_on)}
            raise ValidationError({"expires_on": ValidationError(message, code="expiry_before_issue", params=params)})

    def status(self, today=None):
        """ "valid", "expiring" (within 90 days), "expired" or "" (no expiry date)."""
        if not self.expires_on:
            return ""
        today = today or datetime.date.today()
        if self.expires_on < today:
            return "expired"
        if (self.expires_on - today).days <= EXPIRY_WARNING_DAYS:
            return "expiring"
        return "valid"


class DocumentScope(models.TextChoices):
    SUBJECT = "subject", _("Hồ sơ chủ thể (dùng chung cho các sản phẩm)")
    PRODUCT = "product", _("Hồ sơ sản phẩm")


class DocumentType(models.Model):
    """An item of the dossier checklist (loại hồ sơ); which product groups need it is data."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên loại hồ sơ"), max_length=255)
    scope = models.CharField(_("phạm vi"), max_length=10, choices=DocumentScope.choices)
    required_for = models.ManyToManyField(
        ProductClass,
        verbose_name=_("bắt buộc với nhóm sản phẩm"),
        blank=True,
        related_name="required_document_types",
        limit_choices_to={"level": ClassLevel.CATEGORY, "regime": Regime.QD148},
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    description = models.TextField(_("hướng dẫn"), blank=True)

    class Meta:
        verbose_name = _("loại hồ sơ")
        verbose_name_plural = _("loại hồ sơ")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


def document_upload_to(instance, filename):
    # The stored name never comes from the user: documents/<subject id>/<random hex>.<checked extension>
    return f"documents/{instance.subject_id}/{instance.storage_key}"


class Document(models.Model):
    """Hồ sơ: an uploaded PDF/JPEG/PNG. Without a product it belongs to the subject and serves all its products."""

    area_lookup = "subject__unit"

    subject = models.ForeignKey(
        "subjects.Subject", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="documents"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("sản phẩm"), null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    document_type = models.ForeignKey(DocumentType, verbose_name=_("loại hồ sơ"), on_delete=models.PROTECT)
    title = models.CharField(_("tiêu đề"), max_length=255)
    file = models.FileField(_("tệp"), upload_to=document_upload_to, max_length=255)
    storage_key = models.CharField(max_length=80, editable=False, unique=True)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("định dạng"), max_length=50)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64, editable=False)
    issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A product photo the office marked public (công khai): shown on the product's page of the public catalogue,
    # served at a catalogue URL keyed by ``public_token`` (random, made when marked, dropped when unmarked).
    # Only ``products.services.document_set_public`` writes these two fields.
    public = models.BooleanField(
        _("công khai"),
        default=False,
        editable=False,
        help_text=_("Ảnh sản phẩm hiển thị trên trang công khai của sản phẩm trong danh mục OCOP."),
    )
    public_token = models.CharField(max_length=32, null=True, blank=True, unique=True, editable=False)

    objects = AreaScopedManager()

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["document_type__order", "-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(issued_on__isnull=True) | Q(valid_until__isnull=True) | Q(valid_until__gte=F("issued_on")),
                name="document_valid_after_issue",
            ),
            # Safe by construction: only a product's own image can be public, and only with its token.
            models.CheckConstraint(
                condition=Q(public=False, public_token__isnull=True)
                | Q(
                    public=True,
                    public_token__isnull=False,
                    product__isnull=False,
                    content_type__in=["image/png", "image/jpeg"],
                ),
                name="document_public_only_product_image",
            ),
        ]

    def __str__(self):
        return self.title

    @staticmethod
    def digest(data):
        return hashlib.sha256(data).hexdigest()

    @property
    def is_subject_level(self):
        return self.product_id is None

    @property
    def can_be_public(self):
        """A product's photo (PNG/JPEG in the product's dossier) may be marked public; never a PDF or a subject's
        document."""
        return self.product_id is not None and self.content_type in PUBLIC_IMAGE_TYPES

    @property
    def extension(self):
        return EXTENSIONS.get(self.content_type, "")

    @property
    def download_name(self):
        """The original (sanitised) name with the extension of the checked content type."""
        stem = self.original_name
        lower = stem.lower()
        for ext in (".pdf", ".png", ".jpg", ".jpeg"):
            if lower.endswith(ext):
                stem = stem[: -len(ext)]
                break
        return f"{stem or 'ho-so'}{self.extension}"


EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
PUBLIC_IMAGE_TYPES = ("image/png", "image/jpeg")
