from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.scoping import visible_units
from areas.models import AdministrativeUnit
from ocop_portal.concurrency import VersionedSerializerMixin
from ocop_portal.tables import url as route_url
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
        return route_url("products:detail", obj.pk)

    def to_representation(self, instance):
        """What the declared fields write (DRF's ``to_representation``, field by field: ``tests/
        test_scenario_queries.py`` compares both), without building and deep-copying the fields and calling each
        one per row: a page of 50 products cost ~10 ms of CPU through them (issue #20)."""
        product_class = instance.product_class
        return {
            "id": instance.pk,
            "url": self.get_url(instance),
            "subject": instance.subject_id,
            "subject_name": api_text(instance.subject.name),
            "name": api_text(instance.name),
            "ocop_code": api_text(instance.ocop_code),
            "product_class": instance.product_class_id,
            "product_class_label": api_text(product_class.__str__()),
            "regime": api_text(product_class.regime),
            "set_148": self.get_set_148(instance),
            "category_148": self.get_category_148(instance),
            "unit": instance.unit_id,
            "unit_name": api_text(instance.unit.name),
            "description": api_text(instance.description),
            "story": api_text(instance.story),
            "raw_material_area": api_text(instance.raw_material_area),
            "craft_village": instance.craft_village_id,
            "circular_value_chain": instance.circular_value_chain,
            "potential_five_star": instance.potential_five_star,
            "production_status": instance.production_status,
            "ocop_status": instance.ocop_status,
            "ocop_stars": instance.ocop_stars,
            "ocop_valid_until": api_date(instance.ocop_valid_until),
            "ocop_revoked_on": api_date(instance.ocop_revoked_on),
            "ocop_recognition": instance.ocop_recognition_id,
            "certifications": [
                {
                    "id": certification.pk,
                    "kind": certification.kind,
                    "number": api_text(certification.number),
                    "issuer": api_text(certification.issuer),
                    "issued_on": api_date(certification.issued_on),
                    "expires_on": api_date(certification.expires_on),
                }
                for certification in instance.certifications.all()
            ],
            "channels": [
                {
                    "id": link.pk,
                    "channel": link.channel_id,
                    "channel_name": api_text(link.channel.name),
                    "channel_kind": api_text(link.channel.kind),
                    "detail": api_text(link.detail),
                }
                for link in instance.channel_links.all()
            ],
            "created_at": api_datetime(instance.created_at),
            "updated_at": api_datetime(instance.updated_at),
            "version": instance.version,
        }


def api_text(value):
    """A ``CharField``'s output."""
    return None if value is None else str(value)


def api_date(value):
    """A ``DateField``'s output (ISO 8601)."""
    return None if not value else value.isoformat()


def api_datetime(value):
    """A ``DateTimeField``'s output: in the current time zone, ISO 8601, UTC written "Z"."""
    if not value:
        return None
    if timezone.is_aware(value):
        value = value.astimezone(timezone.get_current_timezone())
    else:
        value = timezone.make_aware(value, timezone.get_current_timezone())
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


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
