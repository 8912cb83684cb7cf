"""Forms of the producers app: the public registration, the officer's verification steps, and the producer's own
profile and product forms (limited to the fields a producer may change)."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import AdministrativeUnit, UnitLevel
from areas.selectors import subtree_q
from ocop_portal.concurrency import VersionedFormMixin
from products.forms import ProductClassField
from products.models import Product
from products.selectors import classifiable_sets
from subjects.forms import SubjectCodesFormMixin
from subjects.models import Subject
from subjects.permissions import PRODUCER_EDITABLE_FIELDS
from subjects.services import subject_rule_errors

from .models import ProducerAccount
from .services import REGISTRATION_FIELDS, registration_errors

TOUCH = {"autocomplete": "off"}


def provinces_in_force():
    return AdministrativeUnit.objects.in_force(timezone.localdate()).filter(level=UnitLevel.PROVINCE).order_by("name")


def communes_in_force(province):
    """The communes in force today under ``province`` (none before a province is chosen: the national list is
    thousands of options, too heavy for a phone)."""
    if province is None:
        return AdministrativeUnit.objects.none()
    return (
        AdministrativeUnit.objects.in_force(timezone.localdate())
        .filter(subtree_q(province, ""), level=UnitLevel.COMMUNE)
        .order_by("name")
    )


class CommuneField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ProvinceChoiceForm(forms.Form):
    """The first step of the commune picker (GET): the province, whose communes the registration form offers."""

    tinh = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"),
        queryset=AdministrativeUnit.objects.none(),
        empty_label=_("— Chọn tỉnh, thành phố —"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tinh"].queryset = provinces_in_force()
        self.fields["tinh"].label_from_instance = lambda unit: unit.display_name
        self.fields["tinh"].widget.attrs["data-autosubmit"] = ""


class RegistrationForm(SubjectCodesFormMixin, forms.ModelForm):
    """What a producer types to get an account; the rules are the service's (``registration_errors``)."""

    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Chữ không dấu, số và . @ + - _ ; vd. htx.senhong."),
        error_messages={
            "required": _("Nhập tên đăng nhập."),
            "invalid": _("Tên đăng nhập chỉ gồm chữ không dấu, số và các ký tự . @ + - _ (không có dấu cách)."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Nhập mật khẩu.")},
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Nhập lại mật khẩu để xác nhận.")},
    )
    commune = CommuneField(
        label=_("Xã, phường, đặc khu"),
        queryset=AdministrativeUnit.objects.none(),
        empty_label=_("— Chọn xã, phường —"),
        error_messages={
            "required": _("Chọn xã, phường nơi chủ thể đăng ký kinh doanh."),
            "invalid_choice": _("Xã, phường này không có trong danh sách; hãy chọn lại tỉnh rồi chọn xã."),
        },
    )

    FIELDSETS = [
        (_("Chủ thể"), ["organisation_name", "registration_number", "tax_code", "representative_name"]),
        (_("Địa chỉ"), ["commune", "address"]),
        (_("Liên hệ"), ["phone", "email"]),
        (_("Tài khoản đăng nhập"), ["username", "password1", "password2"]),
    ]

    class Meta:
        model = ProducerAccount
        fields = [field for field in REGISTRATION_FIELDS if field != "commune"]
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "0912 345 678"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
            "registration_number": forms.TextInput(attrs={"inputmode": "numeric", **TOUCH}),
            "tax_code": forms.TextInput(attrs={"inputmode": "numeric", **TOUCH}),
        }
        labels = {"organisation_name": _("Tên hợp tác xã, doanh nghiệp hoặc hộ kinh doanh")}
        help_texts = {
            "registration_number": _("Số trên giấy chứng nhận đăng ký doanh nghiệp / HTX / hộ kinh doanh."),
            "tax_code": _("Để trống nếu chưa có."),
            "representative_name": _("Người đại diện theo pháp luật (giám đốc, chủ hộ)."),
            "address": _("Số nhà, ấp/thôn (không bắt buộc)."),
        }
        error_messages = {
            "organisation_name": {"required": _("Nhập tên hợp tác xã, doanh nghiệp hoặc hộ kinh doanh.")},
            "representative_name": {"required": _("Nhập họ tên người đại diện.")},
            "phone": {"required": _("Nhập số điện thoại để cán bộ xã liên hệ xác minh.")},
            "email": {"invalid": _("Thư điện tử không hợp lệ, ví dụ: htx.senhong@gmail.com.")},
        }

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_in_force(province)
        self.fields["password1"].help_text = " ".join(str(text) for text in password_validators_help_texts())
        order = [name for _legend, names in self.FIELDSETS for name in names]
        self.order_fields(order)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Hai lần nhập mật khẩu không giống nhau."))
        elif first:
            candidate = get_user_model()(username=cleaned.get("username") or "", email=cleaned.get("email") or "")
            try:
                validate_password(first, user=candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        for field, message in registration_errors(cleaned).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def service_data(self):
        data = {key: value for key, value in self.cleaned_data.items() if key not in {"password1", "password2"}}
        data["password"] = self.cleaned_data["password1"]
        return data


class LinkSubjectForm(forms.Form):
    """Link the account to a subject of the officer's area (the candidates first)."""

    subject = forms.ModelChoiceField(
        label=_("Chủ thể"),
        queryset=Subject.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Chọn chủ thể để gắn tài khoản."), "invalid_choice": _("Chủ thể không hợp lệ.")},
    )
    reason = forms.CharField(
        label=_("Ghi chú (ghi vào nhật ký)"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["subject"]
        field.queryset = Subject.objects.restrict(user, "change")
        field.choices = [(s.pk, f"{s.name} — {s.registration_number or '—'} ({s.unit})") for s in candidates]
        self.has_candidates = bool(candidates)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do từ chối"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Chủ thể đọc được lý do này khi đăng nhập; hãy ghi rõ cần bổ sung gì."),
        error_messages={"required": _("Hãy ghi lý do từ chối để chủ thể biết cần làm gì.")},
    )


class ProducerSubjectForm(VersionedFormMixin, forms.ModelForm):
    """The profile a producer keeps up to date itself (``subjects.permissions.PRODUCER_EDITABLE_FIELDS``)."""

    website = forms.URLField(
        label=_("Website / fanpage"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"}),
        error_messages={"invalid": _("Địa chỉ website không hợp lệ, ví dụ: https://facebook.com/htxsenhong.")},
    )

    class Meta:
        model = Subject
        fields = list(PRODUCER_EDITABLE_FIELDS)
        widgets = {
            "representative_gender": forms.RadioSelect,
            "workforce_total": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "workforce_local": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "workforce_qualified": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "placeholder": "0912 345 678"}),
            "email": forms.EmailInput(attrs={"inputmode": "email"}),
        }
        labels = {
            "representative_name": _("Người đại diện theo pháp luật"),
            "representative_gender": _("Giới tính người đại diện"),
            "representative_ethnic_minority": _("Người đại diện là người dân tộc thiểu số"),
        }
        error_messages = {
            "address": {"required": _("Nhập địa chỉ.")},
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
        self.fields["representative_gender"].choices = self.fields["representative_gender"].choices[1:]

    def clean(self):
        cleaned = super().clean()
        candidate = Subject(pk=self.instance.pk, unit_id=None)
        for name in self._meta.fields:
            setattr(candidate, name, cleaned.get(name))
        candidate.registration_number = self.instance.registration_number
        before = {"registration_number": self.instance.registration_number, **self.initial}
        for field, message in subject_rule_errors(actor=self.user, subject=candidate, before=before).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned


PRODUCER_PRODUCT_FIELDS = [
    "name",
    "product_class",
    "raw_material_area",
    "description",
    "story",
    "circular_value_chain",
    "production_status",
]


class ProducerProductForm(VersionedFormMixin, forms.ModelForm):
    """The product profile a producer keeps up to date (not its subject, place of production or OCOP code)."""

    product_class = ProductClassField(label=_("Phân loại (bộ sản phẩm)"), queryset=Product.objects.none())

    class Meta:
        model = Product
        fields = PRODUCER_PRODUCT_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "story": forms.Textarea(attrs={"rows": 6})}
        error_messages = {"name": {"required": _("Hãy nhập tên sản phẩm.")}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["product_class"].queryset = classifiable_sets()
        self.fields["product_class"].error_messages["required"] = _("Hãy chọn bộ sản phẩm.")
