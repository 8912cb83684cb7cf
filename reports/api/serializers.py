from django.urls import reverse
from rest_framework import serializers

from ..models import Report, ReportKind


class ReportSerializer(serializers.ModelSerializer):
    area_name = serializers.CharField(source="area.name", read_only=True)
    files = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "period",
            "area",
            "area_name",
            "parameters",
            "request_key",
            "status",
            "progress",
            "error",
            "data_hash",
            "files",
            "created_at",
            "started_at",
            "finished_at",
            "finalized_at",
        ]
        read_only_fields = fields

    def get_files(self, report) -> dict:
        if report.status != "done":
            return {}
        return {fmt: reverse("reports:download", args=[report.pk, fmt]) for fmt in ("pdf", "docx", "xlsx", "html")}


class ReportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    period = serializers.CharField(max_length=7, help_text="2022 (báo cáo năm) hoặc 2022-H1 (báo cáo 6 tháng)")
    area = serializers.IntegerField(help_text="Mã (id) đơn vị hành chính")
    request_key = serializers.CharField(max_length=64, required=False, help_text="Khoá chống trùng yêu cầu")
    parameters = serializers.DictField(required=False)


class FiguresQuerySerializer(serializers.Serializer):
    period = serializers.CharField(help_text="2022 hoặc 2022-H1")
    area = serializers.CharField(help_text="id hoặc mã đơn vị hành chính")
