from rest_framework import serializers

from ..models import ImportJob


class ImportJobSerializer(serializers.ModelSerializer):
    requested_by = serializers.StringRelatedField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "original_name",
            "status",
            "progress",
            "total_rows",
            "created_count",
            "updated_count",
            "unchanged_count",
            "error_count",
            "preview",
            "outcome",
            "failure",
            "requested_by",
            "created_at",
            "checked_at",
            "finished_at",
        ]
        read_only_fields = fields
