"""Forms of the programme pages. Shape and field checks only; the rules are the services' (they are called on save
and their errors are shown next to the fields)."""

import contextlib

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.scoping import visible_units
from areas.forms import UnitChoiceField
from areas.selectors import paths_q, scope_paths
from ocop_portal.concurrency import VersionedFormMixin
from ocop_portal.formatting import format_money_mvnd, parse_number

from .indicators import IndicatorType, indicator_for
from .models import Activity, BudgetLine, FundingSource, Plan, PlanStatus, Target
from .services import ACTIVITY_FIELDS, BUDGET_LINE_FIELDS, PLAN_FIELDS, TARGET_FIELDS

REASON_HELP = _("Bắt buộc khi kế hoạch đã phê duyệt; lý do được ghi vào nhật ký thay đổi.")
DECIMAL_ATTRS = {"inputmode": "decimal", "placeholder": "vd. 3.972,29", "class": "num"}


class SourceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"· {obj.name}" if obj.parent_id else obj.name


def _reading_vietnamese_numbers(to_python):
    """In the Vietnamese interface a typed amount is read like an imported cell (``parse_number``: "7.678,61",
    "7 678,61", "7678,61" and a pasted "7678.61" are all 7678,61); the English interface keeps Django's reading
    ("7,678.61"), where "1,234" means one thousand two hundred and thirty-four."""

    def read(value):
        if isinstance(value, str) and value.strip() and translation.get_language() == "vi":
            with contextlib.suppress(ValueError):  # not a number: the field's own "enter a number" message
                value = parse_number(value)
        return to_python(value)

    return read


class LocalizedDecimalsMixin:
    """Decimal inputs accept Vietnamese numbers (7.678,61) and show stored values without trailing zeros."""

    def _localize_decimals(self):
        for name, field in self.fields.items():
            if isinstance(field, forms.DecimalField):
                field.localize = True
                field.to_python = _reading_vietnamese_numbers(field.to_python)
                field.widget = forms.TextInput(attrs=DECIMAL_ATTRS)
                field.widget.is_localized = True
                if self.instance is not None and getattr(self.instance, name, None) is not None:
                    self.initial[name] = format_money_mvnd(getattr(self.instance, name))


class ReasonMixin:
    """Adds the "reason" field; it is required when the plan is approved."""

    def _add_reason(self, plan):
        required = bool(plan and plan.status == PlanStatus.APPROVED)
        self.fields["reason"] = forms.CharField(
            label=_("Lý do thay đổi"),
            required=required,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=REASON_HELP,
            error_messages={"required": _("Kế hoạch đã phê duyệt: hãy nêu lý do thay đổi.")},
        )
        self.reason_required = required


class PlanForm(VersionedFormMixin, ReasonMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = PLAN_FIELDS
        field_classes = {"unit": UnitChoiceField}
        widgets = {
            "issued_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
            "legal_basis": forms.Textarea(attrs={"rows": 4}),
            "note": forms.Textarea(attrs={"rows": 3}),
            "title": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "unit": {"required": _("Chọn địa bàn của kế hoạch.")},
            "year": {"required": _("Nhập năm kế hoạch."), "invalid": _("Năm không hợp lệ.")},
            "title": {"required": _("Nhập trích yếu kế hoạch.")},
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(user, "change").select_related("parent")
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)
        self._add_reason(self.instance if self.instance.pk else None)


class TargetForm(VersionedFormMixin, ReasonMixin, LocalizedDecimalsMixin, forms.ModelForm):
    class Meta:
        model = Target
        fields = TARGET_FIELDS
        widgets = {"note": forms.Textarea(attrs={"rows": 2}), "title": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "indicator_type": {"required": _("Chọn loại chỉ tiêu.")},
            "title": {"required": _("Nhập nội dung chỉ tiêu.")},
            "target_value": {"required": _("Nhập giá trị chỉ tiêu.")},
        }

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self._localize_decimals()
        self.fields["indicator_type"].help_text = _("Xem cách tính của từng loại ở bảng bên dưới.")
        self._add_reason(plan)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("indicator_type")
        if kind == IndicatorType.FREE_TEXT:
            cleaned["actual_mode"] = "entered"
        value = cleaned.get("target_value")
        if (
            kind
            and indicator_for(kind).unit == "%"
            and value is not None
            and value > 100
            and not cleaned.get("unit_label")
        ):
            self.add_error("target_value", _("Chỉ tiêu tỷ lệ không vượt quá 100%."))
        return cleaned


class TargetActualForm(VersionedFormMixin, LocalizedDecimalsMixin, forms.ModelForm):
    remove_file = forms.BooleanField(label=_("Xoá tệp minh chứng hiện có"), required=False)

    class Meta:
        model = Target
        fields = ["entered_value", "evidence_text", "evidence_file"]
        widgets = {"evidence_text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"evidence_file": _("PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._localize_decimals()
        self.fields["evidence_file"].widget = forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"})
        if not self.instance.evidence_file:
            del self.fields["remove_file"]


class BudgetLineForm(VersionedFormMixin, ReasonMixin, LocalizedDecimalsMixin, forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = BUDGET_LINE_FIELDS
        field_classes = {"unit": UnitChoiceField, "source": SourceChoiceField}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "source": {"required": _("Chọn nguồn vốn.")},
            "unit": {"required": _("Chọn địa bàn thực hiện.")},
        }

    def __init__(self, *args, plan=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self._localize_decimals()
        self.fields["source"].queryset = FundingSource.objects.filter(is_active=True).select_related("parent")
        units = visible_units(user, "change").select_related("parent")
        if plan is not None:
            units = units.filter(paths_q(scope_paths(plan.unit), ""))
            self.initial.setdefault("unit", plan.unit_id)
        self.fields["unit"].queryset = units
        self._add_reason(plan)


class BudgetDocumentForm(ReasonMixin, forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=255, required=False)
    file = forms.FileField(
        label=_("Tệp"),
        help_text=_("PDF, JPEG hoặc PNG; kiểm tra theo nội dung tệp."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
        error_messages={"required": _("Hãy chọn tệp cần tải lên.")},
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_reason(plan)


class ActivityForm(LocalizedDecimalsMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ACTIVITY_FIELDS
        field_classes = {"unit": UnitChoiceField, "funding_source": SourceChoiceField}
        widgets = {
            "start_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
            "end_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "sessions": forms.NumberInput(attrs={"min": 1}),
            "participants": forms.NumberInput(attrs={"min": 0}),
            "women_participants": forms.NumberInput(attrs={"min": 0}),
        }
        error_messages = {
            "kind": {"required": _("Chọn loại hoạt động.")},
            "title": {"required": _("Nhập tên hoạt động.")},
            "start_date": {"required": _("Nhập ngày bắt đầu."), "invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")},
            "unit": {"required": _("Chọn địa bàn.")},
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._localize_decimals()
        self.fields["unit"].queryset = visible_units(user, "change").select_related("parent")
        self.fields["funding_source"].queryset = FundingSource.objects.select_related("parent")

    def clean(self):
        cleaned = super().clean()
        women, total = cleaned.get("women_participants"), cleaned.get("participants")
        if women is not None and total is not None and women > total:
            self.add_error("women_participants", _("Số nữ không được lớn hơn số người tham dự."))
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if required:
            self.fields["reason"].help_text = REASON_HELP
            self.fields["reason"].error_messages["required"] = _("Hãy nêu lý do.")


class OnDateForm(forms.Form):
    on = forms.DateField(
        label=_("Tiến độ tại ngày"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
    )
