from rest_framework import serializers

from products.models import Product

from ..models import (
    Authority,
    Decision,
    DecisionKind,
    Recognition,
    RecognitionKind,
    Revocation,
    RevocationGround,
    Stars,
)


class RecognitionSerializer(serializers.ModelSerializer):
    decision_number = serializers.CharField(source="decision.number_display", read_only=True)
    decision_date = serializers.DateField(source="decision.date", read_only=True, allow_null=True)  # drafts: none
    authority_name = serializers.CharField(source="decision.authority.name", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)
    subject_name = serializers.CharField(source="product.subject.name", read_only=True)

    class Meta:
        model = Recognition
        fields = [
            "id",
            "decision",
            "decision_number",
            "decision_date",
            "authority_name",
            "product",
            "product_name",
            "subject_name",
            "stars",
            "score",
            "kind",
            "valid_from",
            "valid_until",
            "certificate_number",
            "corrects",
        ]
        read_only_fields = fields


class RevocationSerializer(serializers.ModelSerializer):
    product = serializers.IntegerField(source="recognition.product_id", read_only=True)
    product_name = serializers.CharField(source="recognition.product.name", read_only=True)
    stars = serializers.IntegerField(source="recognition.stars", read_only=True)

    class Meta:
        model = Revocation
        fields = ["id", "recognition", "product", "product_name", "stars", "ground", "ground_text"]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer):
    authority_name = serializers.CharField(source="authority.name", read_only=True)
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "kind",
            "status",
            "authority",
            "authority_name",
            "year",
            "number",
            "number_display",
            "date",
            "subject_line",
            "signer_name",
            "signer_title",
            "legal_basis",
            "recipients",
            "historical",
            "corrects",
            "issued_at",
            "item_count",
        ]
        read_only_fields = fields


class DecisionDetailSerializer(DecisionSerializer):
    recognitions = RecognitionSerializer(many=True, read_only=True)
    revocations = RevocationSerializer(many=True, read_only=True)

    class Meta(DecisionSerializer.Meta):
        fields = [*DecisionSerializer.Meta.fields, "recognitions", "revocations"]
        read_only_fields = fields


class RecognitionItemInput(serializers.Serializer):
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())
    stars = serializers.ChoiceField(choices=Stars.choices)
    score = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False, allow_null=True
    )
    kind = serializers.ChoiceField(choices=RecognitionKind.choices, default=RecognitionKind.NEW)
    registration_id = serializers.IntegerField(required=False, allow_null=True)
    certificate_number = serializers.CharField(required=False, allow_blank=True, max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["product"].queryset = Product.objects.restrict(request.user, "approve")


class RevocationItemInput(serializers.Serializer):
    recognition = serializers.PrimaryKeyRelatedField(queryset=Recognition.objects.all())
    ground = serializers.ChoiceField(choices=RevocationGround.choices)
    ground_text = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["recognition"].queryset = Recognition.objects.restrict(request.user, "approve")


def _authorities(serializer):
    request = serializer.context.get("request")
    if request is None:
        return Authority.objects.none()
    return Authority.objects.restrict(request.user, "approve")


class DraftInput(serializers.Serializer):
    """Create a draft decision (recognition with ``items`` of products, revocation with ``revocations``)."""

    kind = serializers.ChoiceField(choices=[DecisionKind.RECOGNITION, DecisionKind.REVOCATION])
    authority = serializers.PrimaryKeyRelatedField(queryset=Authority.objects.all())
    subject_line = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    signer_name = serializers.CharField(required=False, max_length=150)
    signer_title = serializers.CharField(required=False, max_length=200)
    legal_basis = serializers.CharField(required=False, allow_blank=True)
    recipients = serializers.CharField(required=False, allow_blank=True)
    items = RecognitionItemInput(many=True, required=False, default=list)
    revocations = RevocationItemInput(many=True, required=False, default=list)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = _authorities(self)


class IssueInput(serializers.Serializer):
    date = serializers.DateField(required=False)


class HistoricalInput(serializers.Serializer):
    """A recognition decision issued before the portal, with its original number as typed."""

    authority = serializers.PrimaryKeyRelatedField(queryset=Authority.objects.all())
    number_display = serializers.CharField(max_length=60)
    date = serializers.DateField()
    subject_line = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    signer_name = serializers.CharField(required=False, allow_blank=True, max_length=150, default="")
    signer_title = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    items = RecognitionItemInput(many=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = _authorities(self)
