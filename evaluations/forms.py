"""Forms of the evaluation pages (shape and field validation; business rules live in the services)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from areas.formatting import unit_option
from areas.models import UnitLevel, ids_in_path
from areas.selectors import subtree_q, units_for_form
from products.models import Document, Product

from .models import EvaluationLevel, RegistrationKind, RuleSet


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.get_role_display()}{' · ' + obj.position if obj.position else ''}"


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.get_role_display()}{' · ' + obj.position if obj.position else ''}"


class RoundForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2019, max_value=2100)
    sequence = forms.IntegerField(label=_("Đợt"), min_value=1, max_value=9, initial=1)
    rule_set = forms.ModelChoiceField(
        label=_("Bộ quy định"), queryset=RuleSet.objects.filter(published=True), empty_label=None
    )
    level = forms.ChoiceField(label=_("Cấp đánh giá"), choices=EvaluationLevel.choices)
    unit = forms.ModelChoiceField(label=_("Đơn vị tổ chức"), queryset=None)
    opens_on = forms.DateField(label=_("Ngày mở nhận hồ sơ"), widget=DateInput())
    scoring_closes_on = forms.DateField(label=_("Hạn chấm điểm"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_form(user, "change").filter(
            level__in=[UnitLevel.COUNTRY, UnitLevel.PROVINCE, UnitLevel.DISTRICT]
        )
        self.fields["unit"].help_text = _("Huyện cho đợt cấp huyện (trước 01/07/2025), tỉnh cho đợt cấp tỉnh.")


class CouncilForm(forms.Form):
    chair = UserChoiceField(label=_("Chủ tịch hội đồng"), queryset=None)
    secretary = UserChoiceField(label=_("Thư ký hội đồng"), queryset=None, help_text=_("Thư ký không chấm điểm."))
    members = UserMultipleChoiceField(
        label=_("Thành viên"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chủ tịch và các thành viên chấm điểm độc lập."),
    )

    quorum_numerator = forms.IntegerField(label=_("Túc số: tử số"), min_value=1, max_value=99, required=False)
    quorum_denominator = forms.IntegerField(
        label=_("Túc số: mẫu số"),
        min_value=1,
        max_value=99,
        required=False,
        help_text=_("Số phiếu tối thiểu = tử số/mẫu số số thành viên chấm điểm, làm tròn lên (mặc định 3/4)."),
    )
    quorum_requires_chair = forms.TypedChoiceField(
        label=_("Túc số phải có chủ tịch hội đồng"),
        choices=[("", "—"), ("1", _("Có")), ("0", _("Không"))],
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
    )
    quorum_basis = forms.CharField(
        label=_("Căn cứ của túc số"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, **kwargs)
        # People of the organising unit, of the units below it, and of the units above it (provincial experts may
        # sit on a district council).
        ancestors = ids_in_path(round_.unit.path)
        people = (
            User.objects.filter(is_active=True, role__in=[Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY])
            .filter(subtree_q(round_.unit, "unit") | Q(unit_id__in=ancestors))
            .select_related("unit")
            .order_by("full_name", "username")
        )
        self.fields["chair"].queryset = people
        self.fields["secretary"].queryset = people.filter(role=Role.COUNCIL_SECRETARY)
        self.fields["members"].queryset = people.filter(role=Role.COUNCIL_MEMBER)

    def clean(self):
        data = super().clean()
        members = list(data.get("members") or [])
        chair = data.get("chair")
        if chair is not None:
            members = [m for m in members if m.pk != chair.pk]
        data["members"] = members
        return data


class RegistrationForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Sản phẩm"),
        queryset=Product.objects.none(),
        error_messages={
            "invalid_choice": _(
                "Không đăng ký được sản phẩm này: sản phẩm đã được đăng ký trong đợt này hoặc không thuộc địa bàn "
                "của bạn."
            )
        },
    )
    kind = forms.ChoiceField(label=_("Hình thức đánh giá"), choices=RegistrationKind.choices)
    commune_report = forms.ModelChoiceField(
        label=_("Báo cáo đánh giá của UBND cấp xã"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_("Tải báo cáo lên hồ sơ của sản phẩm (hoặc chủ thể) trước, rồi chọn ở đây."),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, products=None, documents=None, requires_report=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        self.fields["product"].label_from_instance = lambda p: f"{p.name} — {p.subject.name} ({unit_option(p.unit)})"
        self.fields["commune_report"].queryset = documents
        self.fields["commune_report"].label_from_instance = lambda d: f"{d.title} — {d.subject.name}"
        self.fields["commune_report"].required = requires_report


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    dossier_override = forms.CharField(
        label=_("Lý do gửi khi còn thiếu hồ sơ bắt buộc"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Chỉ ghi khi buộc phải gửi hồ sơ còn thiếu giấy tờ bắt buộc; hội đồng sẽ thấy lý do này."),
    )

    def __init__(self, *args, reason_required=False, dossier_missing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
        if not dossier_missing:
            del self.fields["dossier_override"]


class RecusalForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Thành viên"), queryset=User.objects.none())
    subject = forms.ModelChoiceField(label=_("Chủ thể"), queryset=None)
    reason = forms.CharField(
        label=_("Lý do"), max_length=255, help_text=_("Ví dụ: là người thân của người đại diện theo pháp luật.")
    )

    def __init__(self, *args, members=None, subjects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["subject"].queryset = subjects


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))


class ForwardForm(forms.Form):
    """The commune's pre-assessment when forwarding a producer's dossier: a short text, a report file, or both."""

    report_text = forms.CharField(
        label=_("Ý kiến thẩm định của xã"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Nguồn gốc sản phẩm, lao động địa phương, ý tưởng sản phẩm, bản sắc địa phương..."),
    )
    report_file = forms.FileField(
        label=_("Báo cáo đánh giá của UBND cấp xã (tệp)"),
        required=False,
        help_text=_("PDF, JPEG hoặc PNG. Bắt buộc khi bộ quy định của đợt yêu cầu báo cáo của UBND cấp xã."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("report_text") or "").strip() and not data.get("report_file"):
            raise forms.ValidationError(_("Ghi ý kiến thẩm định của xã hoặc tải lên báo cáo đánh giá của UBND cấp xã."))
        return data
