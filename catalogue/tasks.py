"""Periodic work of the catalogue (Celery beat): verification codes for newly recognised products."""

from celery import shared_task

from . import services


@shared_task(name="catalogue.tasks.ensure_public_codes")
def ensure_public_codes():
    """Give every product's current recognition its public code, so the product appears in the catalogue."""
    return services.ensure_public_codes()
