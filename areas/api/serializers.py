from rest_framework import serializers

from ..models import AdministrativeUnit


class AdministrativeUnitSerializer(serializers.ModelSerializer):
    successors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "name", "unit_type", "level", "parent", "valid_from", "valid_to", "successors"]
