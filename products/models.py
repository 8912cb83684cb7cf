import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import AreaScopedManager
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

    class Meta:
        verbose_name = _("phân loại sản phẩm")
        verbose_name_plural = _("phân loại sản phẩm")
        ordering = ["regime", "code"]
        constraints = [models.UniqueConstraint(fields=["regime", "code"], name="unique_product_class_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def category(self):
        node = self
        while node.parent_id is not None:
            node = node.parent
        return node


class CraftVillage(models.Model):
    """Làng nghề được công nhận."""

    name = models.CharField(_("tên làng nghề"), max_length=255)
    unit = models.ForeignKey("areas.AdministrativeUnit", verbose_name=_("địa bàn"), on_delete=models.PROTECT)
    traditional = models.BooleanField(_("làng nghề truyền thống"), default=False)
    recognition_decision = models.CharField(_("quyết định công nhận"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("làng nghề")
        verbose_name_plural = _("làng nghề")
        ordering = ["name"]

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
        verbose_name = _("sản phẩm OCOP")
        verbose_name_plural = _("sản phẩm OCOP")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(self.name)
        super().save(*args, **kwargs)


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

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}".strip()


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
    storage_key = models.CharField(max_length=80, editable=False)
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

    objects = AreaScopedManager()

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["document_type__order", "-uploaded_at"]

    def __str__(self):
        return self.title

    @staticmethod
    def digest(data):
        return hashlib.sha256(data).hexdigest()
