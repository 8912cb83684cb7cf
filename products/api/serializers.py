from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.scoping import visible_units
from areas.models import AdministrativeUnit
from ocop_portal.concurrency import VersionedSerializerMixin
from subjects.models import Subject

from ..models import (
    Certification,
    CraftVillage,
    Document,
    DocumentType,
    Product,
    ProductChannel,
    ProductClass,
    SalesChannel,
)


class ProductClassSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductClass
        fields = [
            "id",
            "regime",
            "level",
            "code",
            "name",
            "parent",
            "set_number",
            "lead_ministry",
            "maps_to",
            "mapping_note",
            "set_148",
            "category_148",
        ]


class SalesChannelSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = SalesChannel
        fields = ["id", "kind", "kind_display", "name"]


class CertificationSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)

    class Meta:
        model = Certification
        fields = ["id", "kind", "number", "issuer", "issued_on", "expires_on"]
        extra_kwargs = {"number": {"required": True, "allow_blank": False}}

    def validate(self, attrs):
        issued, expires = attrs.get("issued_on"), attrs.get("expires_on")
        if issued and expires and expires < issued:
            raise serializers.ValidationError({"expires_on": _("Ngày hết hạn không được trước ngày cấp.")})
        return attrs


class ProductChannelSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)
    channel_name = serializers.CharField(source="channel.name", read_only=True)
    channel_kind = serializers.CharField(source="channel.kind", read_only=True)

    class Meta:
        model = ProductChannel
        fields = ["id", "channel", "channel_name", "channel_kind", "detail"]


def _subjects(user):
    return Subject.objects.restrict(user, "change")


def _units(user):
    return visible_units(user, "change")


def _craft_villages(user):
    return CraftVillage.objects.restrict(user, "view")


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    def __init__(self, scoped, model, **kwargs):
        self.scoped = scoped
        self.model = model
        kwargs.setdefault(
            "error_messages", {"does_not_exist": _("Không có đối tượng mã {pk_value} trong địa bàn của bạn.")}
        )
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return self.scoped(user) if user is not None else self.model.objects.none()


class ProductSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    subject = ScopedPrimaryKeyField(_subjects, Subject)
    unit = ScopedPrimaryKeyField(_units, AdministrativeUnit)
    craft_village = ScopedPrimaryKeyField(_craft_villages, CraftVillage, required=False, allow_null=True)
    product_class = serializers.PrimaryKeyRelatedField(queryset=ProductClass.objects.filter(level="set"))
    subject_name = serializers.CharField(source="subject.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    regime = serializers.CharField(source="product_class.regime", read_only=True)
    product_class_label = serializers.CharField(source="product_class.__str__", read_only=True)
    set_148 = serializers.SerializerMethodField()
    category_148 = serializers.SerializerMethodField()
    certifications = CertificationSerializer(many=True, required=False)
    channels = ProductChannelSerializer(many=True, required=False, source="channel_links")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            "id",
            "url",
            "subject",
            "subject_name",
            "name",
            "ocop_code",
            "product_class",
            "product_class_label",
            "regime",
            "set_148",
            "category_148",
            "unit",
            "unit_name",
            "description",
            "story",
            "raw_material_area",
            "craft_village",
            "circular_value_chain",
            "potential_five_star",
            "production_status",
            "ocop_status",
            "ocop_stars",
            "ocop_valid_until",
            "ocop_revoked_on",
            "ocop_recognition",
            "certifications",
            "channels",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_set_148(self, obj) -> dict | None:
        node = obj.product_class.set_148
        return {"id": node.pk, "code": node.code, "name": node.name, "set_number": node.set_number} if node else None

    def get_category_148(self, obj) -> dict | None:
        node = obj.product_class.category_148
        return {"id": node.pk, "code": node.code, "name": node.name} if node else None

    def get_url(self, obj) -> str:
        return reverse("products:detail", args=[obj.pk])


class DocumentSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True, required=True)
    download_url = serializers.SerializerMethodField()
    subject = ScopedPrimaryKeyField(lambda user: Subject.objects.restrict(user, "change"), Subject, required=False)
    product = ScopedPrimaryKeyField(
        lambda user: Product.objects.restrict(user, "change"), Product, required=False, allow_null=True
    )
    document_type = serializers.PrimaryKeyRelatedField(queryset=DocumentType.objects.all())
    document_type_name = serializers.CharField(source="document_type.name", read_only=True)
    subject_level = serializers.BooleanField(source="is_subject_level", read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "subject",
            "product",
            "subject_level",
            "document_type",
            "document_type_name",
            "title",
            "file",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "issued_on",
            "valid_until",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = ["original_name", "content_type", "size", "sha256", "uploaded_at"]
        extra_kwargs = {"title": {"required": False, "allow_blank": True}}

    def validate(self, attrs):
        product, subject = attrs.get("product"), attrs.get("subject")
        if product is not None and subject is None:
            attrs["subject"] = product.subject
        elif subject is None:
            raise serializers.ValidationError({"subject": _("Hãy chọn chủ thể hoặc sản phẩm.")})
        return attrs

    def get_download_url(self, obj) -> str:
        url = reverse("products:document_download", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url
