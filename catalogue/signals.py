"""The catalogue's read rows follow the edits of the published values outside a decision: a product's name,
place or group, a producer's name (``post_save``, so in the editing service's transaction). Decisions refresh
through ``decisions.services.product_status_refresh``; bulk writes that send no signal (``update``,
``bulk_create``) are caught up by the periodic task (``catalogue.tasks.ensure_public_codes``)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from products.models import Product
from subjects.models import Subject

from .services import catalogue_entries_refresh


@receiver(post_save, sender=Product, dispatch_uid="catalogue_entry_product_saved")
def product_saved(sender, instance, raw=False, **kwargs):
    if raw or instance.ocop_recognition_id is None:  # never recognised: not in the catalogue
        return
    catalogue_entries_refresh([instance.pk])


@receiver(post_save, sender=Subject, dispatch_uid="catalogue_entry_subject_saved")
def subject_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:  # a new producer has no recognised product yet
        return
    ids = Product.objects.filter(subject_id=instance.pk, ocop_recognition__isnull=False).values_list("pk", flat=True)
    catalogue_entries_refresh(list(ids))
