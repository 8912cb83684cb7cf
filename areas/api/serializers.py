from rest_framework import serializers

from ..models import AdministrativeUnit


class AdministrativeUnitSerializer(serializers.ModelSerializer):
    successors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    display_name = serializers.CharField(read_only=True, help_text="Tên kèm loại, một lần: «Xã Tân Thành», «Phường 1»")

    class Meta:
        model = AdministrativeUnit
        fields = [
            "id",
            "code",
            "name",
            "unit_type",
            "display_name",
            "level",
            "parent",
            "valid_from",
            "valid_to",
            "successors",
            "default_successor",
            "latitude",
            "longitude",
            "area_km2",
        ]
