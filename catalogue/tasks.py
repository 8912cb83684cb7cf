"""Periodic work of the catalogue (Celery beat): verification codes for newly recognised products, and the
catalogue table kept in step."""

from celery import shared_task

from . import services


@shared_task(name="catalogue.tasks.ensure_public_codes")
def ensure_public_codes():
    """Give every product's current recognition its public code, so the product appears in the catalogue; then
    bring the catalogue table in step (catches writes that sent no signal: bulk updates, imports, unit edits)."""
    made = services.ensure_public_codes()
    services.catalogue_rebuild()
    return made
