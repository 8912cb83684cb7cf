"""Evaluation API: rounds (+ results), registrations (+ transition), the requesting member's own score sheets.

Querysets come from ``restrict`` like the pages; writes call ``evaluations.services``; sheet privacy and results
visibility come from ``evaluations.selectors``.
"""

from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from ocop_portal.api import RoleActionPermission, ScopedModelViewSet, ScopedReadOnlyViewSet
from ocop_portal.queries import count_of

from .. import selectors, services
from ..filtersets import RegistrationFilterSet, RoundFilterSet
from ..models import CouncilMember, Option, Registration, Round, ScoreLine, ScoreSheet
from ..rating import TWO_PLACES
from .serializers import (
    LinesInputSerializer,
    RegistrationSerializer,
    RegistrationUpdateSerializer,
    RoundResultSerializer,
    RoundSerializer,
    ScoreLineSerializer,
    ScoreSheetSerializer,
    SheetLinesSerializer,
    SheetOpenSerializer,
    TransitionSerializer,
)


def _dec(value):
    return None if value is None else str(Decimal(value).quantize(TWO_PLACES))


class RoundViewSet(ScopedReadOnlyViewSet):
    model = Round
    lookup_value_regex = "[0-9]+"
    serializer_class = RoundSerializer
    filterset_class = RoundFilterSet
    ordering_fields = ["year", "sequence", "opens_on"]
    ordering = ["-year", "-sequence", "pk"]

    def base_queryset(self):
        return (
            Round.objects.select_related("rule_set", "unit")
            # only the registrations the user may see are counted
            .annotate(registration_count=count_of(Registration.objects.restrict(self.request.user, "view"), "round"))
            .prefetch_related(Prefetch("seats", queryset=CouncilMember.objects.select_related("user")))
        )

    @extend_schema(responses={200: RoundResultSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])  # one unpaginated list
    def results(self, request, pk=None):
        """Score, stars and spread flag of every registration: only after closing, for the council and the office."""
        round_ = self.get_object()
        rows = selectors.round_results(request.user, round_)
        if rows is None:
            raise PermissionDenied(_("Kết quả chỉ xem được sau khi thư ký khóa chấm điểm, dành cho hội đồng và VPĐP."))
        data = [
            {
                "registration": registration.pk,
                "product": registration.product_id,
                "product_name": registration.product.name,
                "status": registration.status,
                "score": _dec(result.score),
                "stars": result.stars,
                "band_stars": result.band_stars,
                "spread": _dec(result.spread),
                "spread_flagged": result.flagged,
                "proposed_action": result.proposed_action,
                "failed_mandatory": [{"criterion": c.criterion, "stars": c.stars} for c in result.failed],
                "mark_reading": result.mark_reading,
                "marks": [
                    {
                        "criterion": c.criterion,
                        "stars": c.stars,
                        "on_criterion": c.on_criterion,
                        "required": _dec(c.required),
                        "awarded": _dec(c.awarded),
                        "met": c.met,
                        "missed_by": [str(m) for m in c.missed_by],
                    }
                    for c in result.checks
                ],
                "members": [
                    {"member": sheet.member_id, "sheet": sheet.pk, "total": _dec(total)}
                    for sheet, total in result.totals
                ],  # fmt: skip
            }
            for registration, result in rows
        ]
        return Response(data)


class RegistrationViewSet(ScopedModelViewSet):
    model = Registration
    lookup_value_regex = "[0-9]+"
    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilterSet
    ordering_fields = ["created_at", "score", "status"]
    ordering = ["round", "product__name", "pk"]

    def base_queryset(self):
        return Registration.objects.select_related("round", "round__unit", "product", "product__subject")

    def get_serializer_class(self):
        if self.action in {"update", "partial_update"}:
            return RegistrationUpdateSerializer
        if self.action == "transition":
            return TransitionSerializer
        return RegistrationSerializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.registration_create(
            actor=self.request.user,
            round_=data["round"],
            product=data["product"],
            kind=data["kind"],
            commune_report=data.get("commune_report"),
            note=data.get("note", ""),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.registration_update(
            actor=self.request.user,
            registration=serializer.instance,
            kind=data.get("kind"),
            commune_report=data.get("commune_report"),
            note=data.get("note"),
        )

    def perform_destroy(self, instance):
        services.registration_delete(actor=self.request.user, registration=instance)

    @extend_schema(request=TransitionSerializer, responses={200: RegistrationSerializer})
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[permissions.IsAuthenticated],
    )
    def transition(self, request, pk=None):
        """Move the registration (``to_status``, ``reason``); the workflow table decides who may."""
        registration = get_object_or_404(Registration.objects.restrict(request.user, "view"), pk=pk)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = services.registration_transition(
            registration=registration,
            to_status=serializer.validated_data["to_status"],
            actor=request.user,
            reason=serializer.validated_data["reason"],
            dossier_override=serializer.validated_data["dossier_override"],
        )
        return Response(RegistrationSerializer(registration, context={"request": request}).data)


class MyScoreSheetViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """The requesting member's OWN score sheets: list, open one (POST registration), read and set its lines."""

    serializer_class = ScoreSheetSerializer
    permission_classes = [permissions.IsAuthenticated, RoleActionPermission]
    write_action = "view"  # council members only "view" the registry; the services check the seat

    queryset = ScoreSheet.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ScoreSheet.objects.none()
        return selectors.my_sheets(self.request.user).order_by("-updated_at", "pk")

    def get_serializer_class(self):
        if self.action == "create":
            return SheetOpenSerializer
        if self.action == "lines" and self.request.method == "PUT":
            return LinesInputSerializer
        return ScoreSheetSerializer

    @extend_schema(request=SheetOpenSerializer, responses={201: ScoreSheetSerializer})
    def create(self, request, *args, **kwargs):
        serializer = SheetOpenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = get_object_or_404(
            Registration.objects.restrict(request.user, "view"), pk=serializer.validated_data["registration"]
        )
        sheet = services.sheet_open(actor=request.user, registration=registration)
        sheet = self.get_queryset().get(pk=sheet.pk)
        return Response(ScoreSheetSerializer(sheet).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses={200: SheetLinesSerializer})
    @extend_schema(methods=["PUT"], request=LinesInputSerializer, responses={200: SheetLinesSerializer})
    @action(detail=True, methods=["get", "put"])
    def lines(self, request, pk=None):
        sheet = self.get_object()
        if request.method == "PUT":
            serializer = LinesInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            ids = [row["option"] for row in serializer.validated_data["lines"]]
            options = list(Option.objects.filter(pk__in=ids))
            if len(options) != len(set(ids)):
                raise DRFValidationError({"lines": [_("Có mức đánh giá không tồn tại.")]})
            services.sheet_set_lines(actor=request.user, sheet=sheet, options=options)
            if serializer.validated_data.get("submit"):
                services.sheet_submit(actor=request.user, sheet=sheet, comment=serializer.validated_data.get("comment"))
            sheet = self.get_queryset().get(pk=sheet.pk)
        lines = ScoreLine.objects.filter(sheet=sheet).select_related("option").order_by("criterion_id")
        totals = ScoreLine.objects.filter(sheet=sheet).aggregate(total=Sum("option__points"))
        return Response(
            {
                "sheet": ScoreSheetSerializer(sheet).data,
                "total": _dec(totals["total"] or 0),
                "lines": ScoreLineSerializer(lines, many=True).data,
            }
        )
