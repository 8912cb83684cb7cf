from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.scoping import visible_units
from ocop_portal.concurrency import VersionedSerializerMixin
from ocop_portal.tables import label_of
from products.api.serializers import api_datetime, api_text

from ..models import Subject, digits_validator
from ..services import EDITABLE_FIELDS, normalize_code

# DRF's own Vietnamese catalogue is incomplete: every message a client can get is given here.
VI_ERRORS = {
    "required": _("Trường này là bắt buộc."),
    "null": _("Trường này không được để trống."),
    "blank": _("Trường này không được để trống."),
    "max_length": _("Không được dài quá {max_length} ký tự."),
    "min_value": _("Giá trị phải lớn hơn hoặc bằng {min_value}."),
    "max_value": _("Giá trị phải nhỏ hơn hoặc bằng {max_value}."),
    "max_string_length": _("Giá trị quá lớn."),
    "invalid_choice": _("“{input}” không phải là lựa chọn hợp lệ."),
    "does_not_exist": _("Không tìm thấy đơn vị hành chính {pk_value} trong địa bàn bạn quản lý."),
    "incorrect_type": _("Cần mã số (số nguyên), nhận được {data_type}."),
}
VI_INVALID = {
    serializers.IntegerField: _("Cần nhập một số nguyên hợp lệ."),
    serializers.BooleanField: _("Cần giá trị đúng/sai (true hoặc false)."),
}


def vietnamese_errors(field_class, overrides=None):
    messages = dict(VI_ERRORS)
    for kind, message in VI_INVALID.items():
        if issubclass(field_class, kind):
            messages["invalid"] = message
    messages.update(overrides or {})
    return messages


class SubjectSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    """A subject; ``is_female_led`` follows from the representative's gender and is read-only."""

    registration_number = serializers.CharField(
        label=_("số đăng ký kinh doanh"),
        max_length=50,
        required=False,
        allow_blank=True,
        validators=[digits_validator],
        error_messages=vietnamese_errors(serializers.CharField),
    )
    tax_code = serializers.CharField(
        label=_("mã số thuế"),
        max_length=20,
        required=False,
        allow_blank=True,
        validators=[digits_validator],
        error_messages=vietnamese_errors(serializers.CharField),
    )
    email = serializers.EmailField(
        label=_("thư điện tử"),
        max_length=254,
        required=False,
        allow_blank=True,
        error_messages=vietnamese_errors(serializers.EmailField, {"invalid": _("Thư điện tử không hợp lệ.")}),
    )
    website = serializers.URLField(
        label=_("website / fanpage"),
        max_length=200,
        required=False,
        allow_blank=True,
        error_messages=vietnamese_errors(serializers.URLField, {"invalid": _("Địa chỉ website không hợp lệ.")}),
    )
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    legal_form_display = serializers.CharField(source="get_legal_form_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_female_led = serializers.BooleanField(read_only=True)
    product_count = serializers.SerializerMethodField()

    class Meta:
        model = Subject
        fields = [
            "id",
            *EDITABLE_FIELDS,
            "unit_name",
            "legal_form_display",
            "status_display",
            "is_female_led",
            "product_count",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # uniqueness and workforce rules are the service's, with Vietnamese messages

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["unit"].queryset = visible_units(request.user if request else None, "change")

    def build_field(self, field_name, info, model_class, nested_depth):
        # Messages must be given when the field is built: its validators copy them at that moment.
        field_class, kwargs = super().build_field(field_name, info, model_class, nested_depth)
        if not kwargs.get("read_only"):
            kwargs["error_messages"] = vietnamese_errors(field_class, kwargs.get("error_messages"))
        return field_class, kwargs

    def get_product_count(self, obj) -> int:
        count = getattr(obj, "product_count", None)
        return obj.products.count() if count is None else count

    def to_representation(self, instance):
        """What the declared fields write (``tests/test_scenario_queries.py`` compares both), written directly: DRF
        calls each field of each row (issue #20, the API clients page through the subjects)."""
        return {
            "id": instance.pk,
            "name": api_text(instance.name),
            "legal_form": instance.legal_form,
            "registration_number": api_text(instance.registration_number),
            "tax_code": api_text(instance.tax_code),
            "address": api_text(instance.address),
            "unit": instance.unit_id,
            "representative_name": api_text(instance.representative_name),
            "representative_gender": instance.representative_gender,
            "representative_ethnic_minority": instance.representative_ethnic_minority,
            "is_sme": instance.is_sme,
            "workforce_total": instance.workforce_total,
            "workforce_local": instance.workforce_local,
            "workforce_qualified": instance.workforce_qualified,
            "phone": api_text(instance.phone),
            "email": api_text(instance.email),
            "website": api_text(instance.website),
            "status": instance.status,
            "unit_name": api_text(instance.unit.name),
            "legal_form_display": api_text(label_of(instance, "legal_form")),
            "status_display": api_text(label_of(instance, "status")),
            "is_female_led": instance.is_female_led,
            "product_count": self.get_product_count(instance),
            "created_at": api_datetime(instance.created_at),
            "updated_at": api_datetime(instance.updated_at),
            "version": instance.version,
        }

    def validate_registration_number(self, value):
        return normalize_code(value)

    def validate_tax_code(self, value):
        return normalize_code(value)
