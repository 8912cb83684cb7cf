"""Revoke a user's API tokens when the password changes or the account is deactivated."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from rest_framework.authtoken.models import Token

from .models import User


@receiver(pre_save, sender=User, dispatch_uid="accounts_tokens_note_changes")
def note_credential_changes(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._revoke_tokens = False
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # e.g. the login's last_login update: no extra query
    before = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    password_changed = before["password"] != instance.password
    deactivated = before["is_active"] and not instance.is_active
    instance._revoke_tokens = password_changed or deactivated


@receiver(post_save, sender=User, dispatch_uid="accounts_tokens_revoke")
def revoke_tokens(sender, instance, raw=False, **kwargs):
    if raw or not getattr(instance, "_revoke_tokens", False):
        return
    Token.objects.filter(user=instance).delete()
    instance._revoke_tokens = False
