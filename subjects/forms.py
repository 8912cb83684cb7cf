from django import forms
from django.utils.translation import gettext_lazy as _

from areas.forms import UnitChoiceField, unit_choices
from areas.selectors import units_for_form
from ocop_portal.concurrency import VersionedFormMixin

from .models import Subject
from .services import EDITABLE_FIELDS, normalize_code, subject_rule_errors


class SubjectCodesFormMixin:
    """What every form that takes a subject's identity shares (the office's subject form, a producer's
    registration): fields shown by ``FIELDSETS`` and the registration number and tax code written the one way
    ``subjects.services.normalize_code`` stores them."""

    FIELDSETS = ()

    def fieldsets(self):
        for legend, names in self.FIELDSETS:
            yield legend, [self[name] for name in names]

    def clean_registration_number(self):
        return normalize_code(self.cleaned_data.get("registration_number"))

    def clean_tax_code(self):
        return normalize_code(self.cleaned_data.get("tax_code"))


class SubjectForm(SubjectCodesFormMixin, VersionedFormMixin, forms.ModelForm):
    """Create/edit form. The unit list holds only units inside the user's area; the business rules are the
    service's (``subject_rule_errors``), checked here too so every problem is shown next to its field."""

    website = forms.URLField(
        label=_("Website / fanpage"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        error_messages={"invalid": _("Địa chỉ website không hợp lệ, ví dụ: https://facebook.com/htxsenhong.")},
    )

    FIELDSETS = [
        (
            _("Thông tin chung"),
            ["name", "legal_form", "registration_number", "tax_code", "is_sme", "status"],
        ),
        (_("Địa chỉ"), ["address", "unit"]),
        (
            _("Người đại diện theo pháp luật"),
            ["representative_name", "representative_gender", "representative_ethnic_minority"],
        ),
        (_("Lao động"), ["workforce_total", "workforce_local", "workforce_qualified"]),
        (_("Liên hệ"), ["phone", "email", "website"]),
    ]

    class Meta:
        model = Subject
        fields = EDITABLE_FIELDS
        field_classes = {"unit": UnitChoiceField}
        widgets = {
            "representative_gender": forms.RadioSelect,
            "workforce_total": forms.NumberInput(attrs={"min": 0}),
            "workforce_local": forms.NumberInput(attrs={"min": 0}),
            "workforce_qualified": forms.NumberInput(attrs={"min": 0}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "placeholder": "0277 3 851 234"}),
        }
        labels = {
            "representative_name": _("Họ và tên"),
            "representative_gender": _("Giới tính"),
            "representative_ethnic_minority": _("Là người dân tộc thiểu số"),
        }
        help_texts = {
            "registration_number": _("Số trên giấy chứng nhận đăng ký doanh nghiệp / HTX / hộ kinh doanh."),
            "tax_code": _("Để trống nếu chưa có. Doanh nghiệp, HTX thường dùng mã số doanh nghiệp."),
            "unit": _("Xã, phường, thị trấn nơi chủ thể đăng ký; chỉ hiện các đơn vị thuộc địa bàn của bạn."),
            "workforce_local": _("Không lớn hơn tổng số lao động."),
            "workforce_qualified": _("Người có bằng cấp hoặc chứng chỉ nghề; không lớn hơn tổng số lao động."),
            "is_sme": _("Theo tiêu chí doanh nghiệp nhỏ và vừa (Nghị định 80/2021/NĐ-CP)."),
        }
        error_messages = {
            "name": {"required": _("Nhập tên chủ thể.")},
            "legal_form": {"required": _("Chọn loại hình tổ chức.")},
            "address": {"required": _("Nhập địa chỉ.")},
            "unit": {
                "required": _("Chọn đơn vị hành chính."),
                "invalid_choice": _("Đơn vị hành chính này không có hoặc nằm ngoài địa bàn bạn quản lý."),
            },
            "representative_name": {"required": _("Nhập tên người đại diện theo pháp luật.")},
            "representative_gender": {"required": _("Chọn giới tính người đại diện.")},
            "workforce_total": {"required": _("Nhập tổng số lao động (0 nếu chưa có).")},
            "workforce_local": {"required": _("Nhập số lao động địa phương (0 nếu chưa có).")},
            "workforce_qualified": {"required": _("Nhập số lao động có bằng cấp/chứng chỉ (0 nếu chưa có).")},
            "email": {"invalid": _("Thư điện tử không hợp lệ, ví dụ: htx.senhong@gmail.com.")},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # The units in force today (and the record's own unit, kept for an old record): a new subject never goes on
        # an abolished unit (the service refuses it too, naming the successors).
        self.fields["unit"].queryset = units_for_form(user, keep=self.instance.unit_id or None)
        self.fields["unit"].empty_label = _("— Chọn xã, phường, thị trấn —")
        self.fields["unit"].choices = unit_choices(self.fields["unit"])  # read once, when the form is rendered
        self.fields["legal_form"].choices = [("", _("— Chọn loại hình —")), *self.fields["legal_form"].choices[1:]]
        self.fields["representative_gender"].choices = self.fields["representative_gender"].choices[1:]

    def clean(self):
        cleaned = super().clean()
        candidate = Subject(pk=self.instance.pk)
        for name in self._meta.fields:
            setattr(candidate, name, cleaned.get(name))
        before = self.initial if self.instance.pk else None
        for field, message in subject_rule_errors(actor=self.user, subject=candidate, before=before).items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned


class SubjectDeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do xoá"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ghi vào nhật ký thay đổi, ví dụ: nhập trùng, chủ thể giải thể."),
    )
