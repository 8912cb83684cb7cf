"""The public side of a recognition: its unguessable verification code, and the producer's consent to publish
contact details. Nothing here is shown to the public except through ``catalogue.selectors``."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CODE_BYTES = 9  # 12 URL-safe characters, 72 random bits: not enumerable


def new_code():
    return secrets.token_urlsafe(CODE_BYTES)


class PublicCode(models.Model):
    """The QR code of a certificate. It belongs to the *first* recognition of a chain of corrections, so a
    corrected certificate keeps the code printed on its labels; the verification page follows the corrections."""

    audit_area_lookup = "recognition__product__unit"

    recognition = models.OneToOneField(
        "decisions.Recognition",
        verbose_name=_("công nhận"),
        on_delete=models.CASCADE,
        related_name="public_code",
    )
    code = models.CharField(_("mã tra cứu"), max_length=32, unique=True, default=new_code, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("mã tra cứu công khai")
        verbose_name_plural = _("mã tra cứu công khai")

    def __str__(self):
        return self.code


class ProducerConsent(models.Model):
    """The producer (subject) agreed that its contact (address, phone, e-mail, website) is shown publicly."""

    audit_area_lookup = "subject__unit"

    subject = models.OneToOneField(
        "subjects.Subject", verbose_name=_("chủ thể"), on_delete=models.CASCADE, related_name="public_consent"
    )
    publish_contact = models.BooleanField(_("đồng ý công khai thông tin liên hệ"), default=False)
    recorded_on = models.DateField(_("ngày ghi nhận"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("đồng ý công khai của chủ thể")
        verbose_name_plural = _("đồng ý công khai của chủ thể")

    def __str__(self):
        return str(self.subject)


class CatalogueEntry(models.Model):
    """The public catalogue's read row of one product (issue #17 item 6): the values the list filters, sorts and
    searches on, copied from the product when a writer changes them (``services.catalogue_entries_refresh``, in the
    writer's transaction). The list, its count and the map read this one narrow table; what a page shows besides
    comes from ``selectors.published`` for the rows shown only. A product is here when its current recognition's
    decision is issued and carries a verification code; the date window (in force or ended at most a year ago) is
    applied when reading, since it moves with the date. Never shown as such: the public reads
    ``selectors.public_products``."""

    audit_area_lookup = "unit"

    product = models.OneToOneField(
        "products.Product",
        verbose_name=_("sản phẩm"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="catalogue_entry",
    )
    recognition_id = models.BigIntegerField(_("công nhận hiện hành"), db_index=True)
    code = models.CharField(_("mã tra cứu"), max_length=32, db_index=True)
    name = models.CharField(_("tên sản phẩm"), max_length=255)
    producer = models.CharField(_("chủ thể"), max_length=255)
    stars = models.PositiveSmallIntegerField(_("hạng sao"), null=True)
    ocop_status = models.CharField(_("tình trạng OCOP"), max_length=10)
    valid_until = models.DateField(_("hiệu lực đến"), null=True)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True)
    group_code = models.CharField(_("mã nhóm sản phẩm"), max_length=20, blank=True, default="")
    unit = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("xã, phường"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    unit_path = models.CharField(_("đường dẫn địa bàn"), max_length=255, db_index=True)
    commune_name = models.CharField(_("tên xã, phường"), max_length=255)
    # Display values of the list and the API (published fields; refreshed with the rest).
    group_name = models.CharField(_("nhóm sản phẩm"), max_length=255, blank=True, default="")
    commune = models.CharField(_("xã, phường (hiển thị)"), max_length=255, blank=True, default="")
    commune_code = models.CharField(_("mã xã, phường"), max_length=20, blank=True, default="")
    province = models.CharField(_("tỉnh, thành phố"), max_length=255, blank=True, default="")
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True, default="")
    decision_date = models.DateField(_("ngày quyết định"), null=True)
    decision_authority = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True, default="")
    revocation_decision_number = models.CharField(_("số quyết định thu hồi"), max_length=60, blank=True, default="")
    revocation_decision_date = models.DateField(_("ngày quyết định thu hồi"), null=True)
    revocation_ground = models.CharField(_("lý do thu hồi"), max_length=30, blank=True, default="")
    # The producer consented to publish its contact (only a hint: a page reads the contact, and the consent again,
    # for the shown rows that have it; no personal data is copied here).
    contact_published = models.BooleanField(_("có công khai liên hệ"), default=False)
    # fold(product name) + " " + fold(producer name): "xoai say" finds "Xoài sấy" (a pg_trgm GIN index on PostgreSQL).
    search_text = models.TextField(_("chuỗi tìm kiếm"), default="")

    class Meta:
        verbose_name = _("dòng danh mục công khai")
        verbose_name_plural = _("dòng danh mục công khai")
        indexes = [
            models.Index(fields=["name", "product"], name="catalogue_entry_name_idx"),
            models.Index(fields=["ocop_status", "name", "product"], name="catalogue_entry_status_idx"),
            # The public window and the count: read from this index alone (an index-only scan, no table rows).
            models.Index(fields=["ocop_status", "valid_until", "revoked_on"], name="catalogue_entry_window_idx"),
            models.Index(fields=["stars", "name", "product"], name="catalogue_entry_stars_idx"),
            models.Index(fields=["group_code"], name="catalogue_entry_group_idx"),
        ]

    def __str__(self):
        return self.name
