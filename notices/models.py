"""Notices (thông báo) to a user of the portal: what happened to their dossier (returned, result published,
decision issued) and reminders (a recognition expiring in 90 or 30 days). Each is shown on the notices page
(``/notices/``, the unread count in the top bar) and, when the user has an e-mail address, sent by e-mail too
(``notices.services.notify``).

``key`` makes a notice idempotent: a job that runs every day (``notices.tasks.send_expiry_notices``) gives its
notice a key such as ``expiry-90:recognition:17`` and the same key for the same recipient is never stored twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    APPLICATION_RETURNED = "returned", _("Hồ sơ bị trả lại bổ sung")
    APPLICATION_FORWARDED = "forwarded", _("Hồ sơ đã được xã chuyển lên")
    RESULT_PUBLISHED = "result", _("Đã có kết quả đánh giá")
    DECISION_ISSUED = "decision", _("Đã có quyết định công nhận")
    EXPIRY = "expiry", _("Giấy chứng nhận sắp hết hiệu lực")


class NoticeQuerySet(models.QuerySet):
    def for_user(self, user):
        """The notices of ``user`` only (a notice has one recipient; nobody reads another's)."""
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    # Notices are not audited (a reminder is not a change of the registry); the recipient's unit, should one be.
    audit_area_lookup = "recipient__unit"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=NoticeKind.choices)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    link = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    key = models.CharField(
        _("khóa chống gửi trùng"), max_length=120, blank=True, default="", help_text=_("Cùng khóa: chỉ gửi một lần.")
    )
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed = models.BooleanField(_("đã gửi thư điện tử"), default=False)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_unread_idx")]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""), name="unique_notice_key"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None
