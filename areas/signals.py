"""Any change of units or successor links replaces the structure's version (``areas.services.structure_changed``),
so the cached scope of every user (``accounts.scoping``) is computed again."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import AdministrativeUnit
from .services import structure_changed


@receiver(post_save, sender=AdministrativeUnit, dispatch_uid="areas_unit_saved")
@receiver(post_delete, sender=AdministrativeUnit, dispatch_uid="areas_unit_deleted")
def unit_changed(sender, **kwargs):
    structure_changed()


@receiver(m2m_changed, sender=AdministrativeUnit.successors.through, dispatch_uid="areas_successors_changed")
def successors_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        structure_changed()
