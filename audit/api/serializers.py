"""API shape of an audit-log entry."""

from rest_framework import serializers

from ..models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField()
    model = serializers.SerializerMethodField()
    action_label = serializers.CharField(source="get_action_display", read_only=True)

    class Meta:
        model = AuditEntry
        fields = [
            "id", "at", "actor", "actor_name", "action", "action_label", "model", "object_id", "object_repr",
            "before", "after", "reason", "request_id", "unit",
        ]  # fmt: skip
        read_only_fields = fields

    def get_actor_name(self, entry) -> str:
        return str(entry.actor) if entry.actor_id else ""

    def get_model(self, entry) -> str:
        return f"{entry.content_type.app_label}.{entry.content_type.model}"
