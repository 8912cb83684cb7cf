"""The public catalogue's JSON: exactly ``selectors.PUBLISHED_FIELDS``, nothing else."""

from rest_framework import serializers

from ..selectors import PUBLISHED_FIELDS


class PublicProductSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Mã tra cứu công khai (in trên mã QR)")
    slug = serializers.CharField()
    name = serializers.CharField()
    group = serializers.CharField()
    stars = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=["valid", "expiring", "expired", "revoked"])
    status_label = serializers.CharField()
    valid_until = serializers.DateField(allow_null=True)
    producer = serializers.CharField()
    commune = serializers.CharField()
    commune_code = serializers.CharField()
    province = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    decision_authority = serializers.CharField()
    revocation_decision_number = serializers.CharField()
    revocation_decision_date = serializers.DateField(allow_null=True)
    revocation_ground = serializers.CharField()
    revoked_on = serializers.DateField(allow_null=True)
    contact_address = serializers.CharField(help_text="Chỉ khi chủ thể đồng ý công khai")
    contact_phone = serializers.CharField(help_text="Chỉ khi chủ thể đồng ý công khai")
    contact_email = serializers.CharField(help_text="Chỉ khi chủ thể đồng ý công khai")
    contact_website = serializers.CharField(help_text="Chỉ khi chủ thể đồng ý công khai")
    photos = serializers.ListField(
        child=serializers.CharField(), help_text="Địa chỉ các ảnh sản phẩm được cơ quan quản lý công khai"
    )
    url = serializers.CharField(help_text="Trang công khai của sản phẩm")

    class Meta:
        fields = (*PUBLISHED_FIELDS, "url")


class PublicProductPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = PublicProductSerializer(many=True)
