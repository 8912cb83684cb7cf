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
