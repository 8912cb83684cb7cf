from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.permissions import role_allows
from accounts.scoping import scope_q

from .permissions import sees_national_entries


class AuditAction(models.TextChoices):
    CREATE = "create", _("Tạo mới")
    UPDATE = "update", _("Cập nhật")
    DELETE = "delete", _("Xoá")
    TRANSITION = "transition", _("Chuyển trạng thái")


class AuditEntryQuerySet(models.QuerySet):
    def restrict(self, user, action="audit"):
        """The entries ``user`` may read: those whose unit lies in the user's area (``accounts.scoping``); entries
        without a unit (national reference data, records whose area could not be found) for administrators only;
        and never a sealed score-sheet entry of another member while its round is not closed (read-time rule)."""
        if not role_allows(user, action):
            return self.none()
        visible = scope_q(user, action, "unit")
        if sees_national_entries(user):
            visible |= Q(unit__isnull=True)
        from evaluations.models import Round

        closed = Round.objects.filter(pk=OuterRef("sealed_round_id"), scoring_closed_at__isnull=False)
        unsealed = Q(sealed_round_id__isnull=True) | Q(sealed_for=user) | Exists(closed)
        return self.filter(visible).filter(unsealed)


class AuditEntry(models.Model):
    """One change of a domain record: who, when, what (before/after), why, from which request.

    ``unit`` is the administrative unit of the record (``audit.owners``), kept so that the entry stays scoped after
    the record is deleted. ``sealed_round_id``/``sealed_for``: an entry about a score sheet is sealed, visible only
    to the sheet's member, until that evaluation round is closed (decided at read time, nothing to clear later).
    """

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("thao tác"), max_length=20, choices=AuditAction.choices)
    content_type = models.ForeignKey(ContentType, verbose_name=_("loại đối tượng"), on_delete=models.PROTECT)
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    object_repr = models.CharField(_("đối tượng"), max_length=255)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True, db_index=True)
    unit = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sealed_round_id = models.PositiveBigIntegerField(_("giữ kín đến khi khóa chấm đợt"), null=True, blank=True)
    sealed_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chỉ người này xem trước khi khóa chấm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản ghi nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"

    def changes(self):
        """[(field, before, after)] for the fields that differ."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key)]
