from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LOCAL_OFFICER = "local_officer", _("Cán bộ huyện/xã")
    COUNCIL_MEMBER = "council_member", _("Thành viên hội đồng")
    COUNCIL_SECRETARY = "council_secretary", _("Thư ký hội đồng")
    COORDINATION_OFFICE = "coordination_office", _("Văn phòng Điều phối")
    LEADERSHIP = "leadership", _("Lãnh đạo")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")
    PRODUCER = "producer", _("Chủ thể OCOP")


class UserQuerySet(models.QuerySet):
    def restrict(self, user, action="manage_users"):
        """The accounts ``user`` may manage: those bound to a unit of their area, accounts not yet bound to a unit,
        and producers' accounts registered in a commune of their area; nothing for a role without ``action``
        (``accounts.permissions``)."""
        from .permissions import role_allows
        from .scoping import scope_q

        if not role_allows(user, action):
            return self.none()
        producer = Q(role=Role.PRODUCER)
        return self.filter(
            (~producer & (scope_q(user, action, "unit") | Q(unit__isnull=True)))
            | (producer & scope_q(user, action, "producer_account__commune"))
        )


class PortalUserManager(UserManager.from_queryset(UserQuerySet)):
    """Django's user manager (create_user, ...) with ``restrict``."""


class User(AbstractUser):
    """A portal user (người dùng), bound to one administrative unit; the role decides what they may do there."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices, blank=True)
    unit = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("đơn vị hành chính"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.full_name or self.get_full_name() or self.username
