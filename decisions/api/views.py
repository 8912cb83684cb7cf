from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from ocop_portal.api import ScopedReadOnlyViewSet

from .. import selectors, services
from ..filtersets import DecisionFilterSet, RecognitionFilterSet
from ..models import Decision, DecisionKind, DecisionStatus, Recognition
from .serializers import (
    DecisionDetailSerializer,
    DecisionSerializer,
    DraftInput,
    HistoricalInput,
    IssueInput,
    RecognitionSerializer,
)

_errors = {
    400: OpenApiResponse(description="Dữ liệu không hợp lệ"),
    403: OpenApiResponse(description="Không có quyền"),
}


class DecisionViewSet(ScopedReadOnlyViewSet):
    """Decisions in the user's area (by the issuing authority's unit). Writes — create a draft, issue, record a
    historical decision — are for the coordination office and go through ``decisions.services``."""

    model = Decision
    serializer_class = DecisionSerializer
    write_action = "approve"
    filterset_class = DecisionFilterSet
    ordering_fields = ["date", "number", "kind", "status"]
    ordering = ["-date", "-number", "-pk"]

    def base_queryset(self):
        return selectors.with_list_data(Decision.objects.all())

    def get_queryset(self):
        action_name = "view" if self.request.method in SAFE_METHODS else self.write_action
        queryset = self.base_queryset().restrict(self.request.user, action_name)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                "recognitions__product__subject",
                "recognitions__decision__authority",
                "revocations__recognition__product",
            )
        return queryset

    def get_serializer_class(self):
        return DecisionDetailSerializer if self.action == "retrieve" else DecisionSerializer

    def _detail(self, decision, code=status.HTTP_200_OK):
        decision = (
            self.get_queryset()
            .prefetch_related(
                "recognitions__product__subject",
                "recognitions__decision__authority",
                "revocations__recognition__product",
            )
            .get(pk=decision.pk)
        )
        return Response(DecisionDetailSerializer(decision, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=DraftInput, responses={201: DecisionDetailSerializer, **_errors})
    def create(self, request):
        data = DraftInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        kind, items, revocations = values.pop("kind"), values.pop("items"), values.pop("revocations")
        if (kind == DecisionKind.RECOGNITION and revocations) or (kind == DecisionKind.REVOCATION and items):
            raise ValidationError({"kind": "Quyết định công nhận dùng «items», quyết định thu hồi dùng «revocations»."})
        with transaction.atomic():
            decision = services.decision_draft_create(actor=request.user, kind=kind, **values)
            for item in items:
                item.pop("certificate_number", None)
                services.recognition_item_add(actor=request.user, decision=decision, **item)
            for item in revocations:
                services.revocation_item_add(actor=request.user, decision=decision, **item)
        return self._detail(decision, status.HTTP_201_CREATED)

    @extend_schema(request=IssueInput, responses={200: DecisionDetailSerializer, **_errors, 404: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        decision = self.get_object()
        if decision.status != DecisionStatus.DRAFT:
            raise ValidationError({"status": "Quyết định này đã được ban hành."})
        data = IssueInput(data=request.data)
        data.is_valid(raise_exception=True)
        decision = services.decision_issue(actor=request.user, decision=decision, **data.validated_data)
        return self._detail(decision)

    @extend_schema(request=HistoricalInput, responses={201: DecisionDetailSerializer, **_errors})
    @action(detail=False, methods=["post"])
    def historical(self, request):
        data = HistoricalInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        decision = services.historical_recognition_record(actor=request.user, **values)
        return self._detail(decision, status.HTTP_201_CREATED)


class RecognitionViewSet(ScopedReadOnlyViewSet):
    """Recognitions (product, stars, score, validity) of issued decisions in the user's area.
    ``?valid_on=2026-11-29`` keeps the recognitions in force on that date (one per product)."""

    model = Recognition
    serializer_class = RecognitionSerializer
    filterset_class = RecognitionFilterSet
    ordering_fields = ["valid_until", "valid_from", "stars", "score"]
    ordering = ["-valid_from", "pk"]

    def base_queryset(self):
        return Recognition.objects.filter(decision__status=DecisionStatus.ISSUED).select_related(
            "decision__authority", "product__subject"
        )
