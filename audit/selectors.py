from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry


def history_for(model, object_id):
    content_type = ContentType.objects.get_for_model(model)
    return AuditEntry.objects.filter(content_type=content_type, object_id=str(object_id)).select_related(
        "actor", "content_type"
    )


def recent_entries():
    return AuditEntry.objects.select_related("actor", "content_type")
