"""API shapes of rounds, registrations, a member's own score sheets and results."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from products.models import Document, Product

from ..models import (
    CouncilMember,
    ProposedAction,
    Registration,
    RegistrationStatus,
    Round,
    ScoreLine,
    ScoreSheet,
)


class CouncilMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.__str__", read_only=True)

    class Meta:
        model = CouncilMember
        fields = ["user", "name", "position", "scores", "organisation"]


class RoundSerializer(serializers.ModelSerializer):
    rule_set = serializers.CharField(source="rule_set.code", read_only=True)
    rule_set_name = serializers.CharField(source="rule_set.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    registration_count = serializers.IntegerField(read_only=True)
    council = CouncilMemberSerializer(source="seats", many=True, read_only=True)

    class Meta:
        model = Round
        fields = [
            "id", "year", "sequence", "rule_set", "rule_set_name", "level", "unit", "unit_name", "opens_on",
            "scoring_closes_on", "status", "scoring_closed_at", "registration_count", "council",
        ]  # fmt: skip
        read_only_fields = fields


# DRF's own Vietnamese catalogue leaves some messages in English ("\"x\" is not a valid choice."): every message a
# client of these inputs can get is given here, in Vietnamese.
VI_ERRORS = {
    "required": _("Trường này là bắt buộc."),
    "null": _("Trường này không được để trống."),
    "blank": _("Trường này không được để trống."),
    "invalid": _("Giá trị không hợp lệ."),
    "invalid_choice": _("«{input}» không phải là lựa chọn hợp lệ."),
    "does_not_exist": _("Không tìm thấy bản ghi số {pk_value} (hoặc bạn không được xem)."),
    "incorrect_type": _("Cần mã số (số nguyên), nhận được {data_type}."),
    "max_value": _("Giá trị phải nhỏ hơn hoặc bằng {max_value}."),
    "min_value": _("Giá trị phải lớn hơn hoặc bằng {min_value}."),
    "max_string_length": _("Giá trị quá lớn."),
    "not_a_list": _("Cần một danh sách, nhận được {input_type}."),
    "not_a_dict": _("Cần một đối tượng, nhận được {datatype}."),
    "empty": _("Danh sách không được để trống."),
}
VI_INVALID = {
    serializers.IntegerField: _("Cần nhập một số nguyên hợp lệ."),
    serializers.BooleanField: _("Cần giá trị đúng/sai (true hoặc false)."),
}


class VietnameseErrorsMixin:
    """Every writable field answers in Vietnamese (only the messages the field class knows are replaced)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.read_only:
                continue
            for key in list(field.error_messages):
                if key == "invalid" and type(field) in VI_INVALID:
                    field.error_messages[key] = VI_INVALID[type(field)]
                elif key in VI_ERRORS:
                    field.error_messages[key] = VI_ERRORS[key]


class RegistrationSerializer(VietnameseErrorsMixin, serializers.ModelSerializer):
    round = serializers.PrimaryKeyRelatedField(queryset=Round.objects.all())
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())
    commune_report = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(), required=False, allow_null=True
    )
    product_name = serializers.CharField(source="product.name", read_only=True)
    subject_name = serializers.CharField(source="product.subject.name", read_only=True)
    round_name = serializers.CharField(source="round.__str__", read_only=True)
    # Declared: as a plain read-only model field it loses allow_blank, and "" (no proposal yet) left its enum.
    proposed_action = serializers.ChoiceField(choices=ProposedAction.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id", "round", "round_name", "product", "product_name", "subject_name", "kind", "status",
            "status_reason", "commune_report", "note", "score", "stars", "proposed_action", "submitted_at",
            "scored_at", "approved_at", "decided_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "status", "status_reason", "score", "stars", "proposed_action", "submitted_at", "scored_at",
            "approved_at", "decided_at", "created_at", "updated_at",
        ]  # fmt: skip
        # "Already registered in this round" is the service's rule (with its Vietnamese message, also under a race),
        # not DRF's generic English unique-together message.
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            user = request.user
            # Only what the user may see can be referenced (another area's ids are "does not exist").
            self.fields["round"].queryset = Round.objects.restrict(user, "view")
            self.fields["product"].queryset = Product.objects.restrict(user, "change")
            self.fields["commune_report"].queryset = Document.objects.restrict(user, "view")


class RegistrationUpdateSerializer(RegistrationSerializer):
    class Meta(RegistrationSerializer.Meta):
        read_only_fields = [*RegistrationSerializer.Meta.read_only_fields, "round", "product"]


class TransitionSerializer(VietnameseErrorsMixin, serializers.Serializer):
    to_status = serializers.ChoiceField(choices=RegistrationStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    dossier_override = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Khi gửi hồ sơ còn thiếu giấy tờ bắt buộc: lý do gửi (ghi nhật ký, hiện cho hội đồng).",
    )


class ScoreLineSerializer(serializers.ModelSerializer):
    points = serializers.DecimalField(source="option.points", max_digits=5, decimal_places=2, read_only=True)
    unmet = serializers.BooleanField(
        source="option.unmet",
        read_only=True,
        help_text="The chosen option is the portal's «Không đáp ứng (0 điểm)» (not in the decision): 0 points, "
        "every star mark of the criterion missed.",
    )

    class Meta:
        model = ScoreLine
        fields = ["criterion", "option", "points", "unmet"]


class ScoreSheetSerializer(serializers.ModelSerializer):
    product_name = serializers.CharField(source="registration.product.name", read_only=True)
    round = serializers.IntegerField(source="registration.round_id", read_only=True)
    total = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True, default=None, allow_null=True)
    answered = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = ScoreSheet
        fields = [
            "id", "registration", "round", "product_name", "criteria_set", "status", "submitted_at",
            "reopened_count", "total", "answered", "comment",
        ]  # fmt: skip
        read_only_fields = fields


class SheetOpenSerializer(VietnameseErrorsMixin, serializers.Serializer):
    registration = serializers.IntegerField()


class LineInputSerializer(VietnameseErrorsMixin, serializers.Serializer):
    criterion = serializers.IntegerField(required=False)
    option = serializers.IntegerField()


class LinesInputSerializer(VietnameseErrorsMixin, serializers.Serializer):
    lines = LineInputSerializer(many=True)
    submit = serializers.BooleanField(required=False, default=False)
    comment = serializers.CharField(required=False, allow_blank=True)


# --- Response shapes written by hand in the views (for the schema) ---------------------------------------------------


class SheetLinesSerializer(serializers.Serializer):
    """``GET``/``PUT /api/my-score-sheets/{id}/lines/``: the sheet, its running total and its lines."""

    sheet = ScoreSheetSerializer(read_only=True)
    total = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)
    lines = ScoreLineSerializer(many=True, read_only=True)


class FailedMandatorySerializer(serializers.Serializer):
    criterion = serializers.CharField(read_only=True)
    stars = serializers.IntegerField(read_only=True)


class MarkCheckSerializer(serializers.Serializer):
    """A star mark that decided the stars: required and awarded points, met or not, the members below it."""

    criterion = serializers.CharField(read_only=True)
    stars = serializers.IntegerField(read_only=True)
    on_criterion = serializers.BooleanField(read_only=True)
    required = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)
    awarded = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)
    met = serializers.BooleanField(read_only=True)
    missed_by = serializers.ListField(child=serializers.CharField(), read_only=True)


class MemberTotalSerializer(serializers.Serializer):
    member = serializers.IntegerField(read_only=True)
    sheet = serializers.IntegerField(read_only=True)
    total = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True, allow_null=True)


class RoundResultSerializer(serializers.Serializer):
    """One row of ``GET /api/evaluation-rounds/{id}/results/`` (a list of these)."""

    registration = serializers.IntegerField(read_only=True)
    product = serializers.IntegerField(read_only=True)
    product_name = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=RegistrationStatus.choices, read_only=True)
    score = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True, allow_null=True)
    stars = serializers.IntegerField(read_only=True, allow_null=True)
    band_stars = serializers.IntegerField(read_only=True, allow_null=True)
    spread = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)
    spread_flagged = serializers.BooleanField(read_only=True)
    proposed_action = serializers.ChoiceField(choices=ProposedAction.choices, allow_blank=True, read_only=True)
    failed_mandatory = FailedMandatorySerializer(many=True, read_only=True)
    mark_reading = serializers.CharField(read_only=True)
    marks = MarkCheckSerializer(many=True, read_only=True)
    members = MemberTotalSerializer(many=True, read_only=True)
