from celery import shared_task

from . import services


@shared_task
def rebuild_unit_paths():
    """Maintenance job: repair the unit tree's paths (see ``areas.services.rebuild_unit_paths``)."""
    return services.rebuild_unit_paths()
