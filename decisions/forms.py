"""Forms: they shape and check the input; the services apply the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop_portal.concurrency import VersionedFormMixin
from ocop_portal.formatting import format_date
from products.models import Product

from .models import Decision, RecognitionKind, RevocationGround, Stars
from .selectors import authorities_for, revocable_recognitions

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


CENTRAL_HELP = _(
    "Cơ quan trung ương (Bộ): chỉ để ghi nhận quyết định công nhận hoặc thu hồi sản phẩm 5 sao của Bộ cho sản phẩm "
    "trong địa bàn; cổng không cấp số cho quyết định này, hãy ghi số, ký hiệu và ngày đúng như quyết định của Bộ."
)


class AuthorityChoiceMixin:
    def _setup_authority(self, user, active_only=True, include_central=False):
        self.fields["authority"].queryset = authorities_for(
            user, active_only=active_only, include_central=include_central
        )
        self.fields["authority"].empty_label = _("— chọn cơ quan —")
        if include_central:
            self.fields["authority"].help_text = CENTRAL_HELP
        first = self.fields["authority"].queryset.first()
        if first is not None and first.is_active:
            self.fields["authority"].initial = first.pk


class DecisionDraftForm(VersionedFormMixin, AuthorityChoiceMixin, forms.ModelForm):
    """Header of a draft decision. The authority is chosen at creation only."""

    class Meta:
        model = Decision
        fields = ["authority", "subject_line", "legal_basis", "recipients", "signer_name", "signer_title", "date"]
        widgets = {
            "date": DATE_INPUT,
            "legal_basis": forms.Textarea(attrs={"rows": 6}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
            "signer_title": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "date": _("Ngày dự kiến ký; có thể để trống và chọn khi ban hành."),
            "subject_line": _("Để trống để dùng trích yếu mặc định."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_line"].required = False
        if self.instance.pk:
            del self.fields["authority"]
        else:
            self._setup_authority(user, include_central=True)


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.subject.name}"


class RecognitionItemForm(forms.Form):
    product = ProductChoiceField(label=_("Sản phẩm"), queryset=Product.objects.none(), empty_label=_("— chọn —"))
    stars = forms.TypedChoiceField(label=_("Hạng sao"), choices=Stars.choices, coerce=int)
    score = forms.DecimalField(
        label=_("Điểm"), required=False, min_value=0, max_value=100, decimal_places=2, localize=True
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=RecognitionKind.choices, initial=RecognitionKind.NEW)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = (
            Product.objects.restrict(user, "approve").select_related("subject").order_by("name", "pk")
        )


class RecognitionItemEditForm(forms.Form):
    stars = forms.TypedChoiceField(label=_("Hạng sao"), choices=Stars.choices, coerce=int)
    score = forms.DecimalField(
        label=_("Điểm"), required=False, min_value=0, max_value=100, decimal_places=2, localize=True
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=RecognitionKind.choices)


class RecognitionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(product)s — %(stars)s sao, QĐ %(number)s, hiệu lực đến %(until)s") % {
            "product": obj.product.name,
            "stars": obj.stars,
            "number": obj.decision.number_display,
            "until": format_date(obj.valid_until),
        }


class RevocationItemForm(forms.Form):
    recognition = RecognitionChoiceField(
        label=_("Sản phẩm (công nhận đang có)"), queryset=None, empty_label=_("— chọn —")
    )
    ground = forms.ChoiceField(label=_("Lý do thu hồi"), choices=RevocationGround.choices)
    ground_text = forms.CharField(
        label=_("Nêu rõ lý do"), required=False, max_length=500, help_text=_("Bắt buộc với lý do «Lý do khác»")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recognition"].queryset = revocable_recognitions(user).order_by("product__name", "pk")

    def clean(self):
        data = super().clean()
        if data.get("ground") == RevocationGround.OTHER and not (data.get("ground_text") or "").strip():
            self.add_error("ground_text", _("Với lý do «Lý do khác», hãy nêu rõ lý do thu hồi."))
        return data


class RegistrationPickForm(forms.Form):
    """The approved registrations ticked on a draft's page (``registration`` = their ids): those still waiting
    for a decision in the user's area; ids no longer offered are left out."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        ids = {int(value) for value in self.data.getlist("registration") if value.isdigit()}
        if not ids:
            raise forms.ValidationError(_("Chọn ít nhất một hồ sơ đã được phê duyệt."))
        from evaluations.models import Registration

        # every ticked registration the user may see; the service refuses the ineligible ones by name
        chosen = (
            Registration.objects.restrict(self.user, "view")
            .filter(pk__in=ids)
            .select_related("round", "product", "product__subject")
            .order_by("product__name", "pk")
        )
        return {"registrations": list(chosen)}


class IssueForm(forms.Form):
    number_display = forms.CharField(
        label=_("Số, ký hiệu (văn thư cấp)"),
        max_length=60,
        required=False,
        help_text=_(
            "Số tiếp theo trong sổ của cơ quan được đề xuất sẵn; sửa lại theo số văn thư đã cấp nếu khác "
            "(dạng «12/QĐ-UBND»). Để trống để lấy số tiếp theo."
        ),
    )
    date = forms.DateField(label=_("Ngày ký ban hành"), widget=DATE_INPUT)
    confirm = forms.BooleanField(
        label=_("Tôi đã rà soát nội dung; sau khi ban hành quyết định không thể sửa."), required=True
    )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Ngày ban hành không được sau hôm nay."))
        return date

    def clean(self):
        data = super().clean()
        proposed, proposed_for = self.initial.get("number_display"), self.initial.get("date")
        date = data.get("date")
        # the number proposed for the year of the initial date is not the office's choice for another year
        unchanged = proposed and (data.get("number_display") or "").strip() == proposed
        if unchanged and date and proposed_for and date.year != proposed_for.year:
            data["number_display"] = ""
        return data


class HistoricalDecisionForm(AuthorityChoiceMixin, forms.Form):
    authority = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=None)
    number_display = forms.CharField(
        label=_("Số, ký hiệu"), max_length=60, help_text=_("Đúng như trên quyết định, vd. 1446/QĐ-UBND-HC")
    )
    date = forms.DateField(label=_("Ngày ban hành"), widget=DATE_INPUT)
    subject_line = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)
    signer_name = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_authority(user, active_only=False, include_central=True)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Ngày ban hành không được sau hôm nay."))
        return date


def product_choices_for(user):
    """(choices, {pk: product}) of the products the user may record, computed once for all rows of a form."""
    products = list(Product.objects.restrict(user, "approve").select_related("subject").order_by("name", "pk"))
    choices = [("", _("— chọn —")), *((p.pk, f"{p.name} — {p.subject.name}") for p in products)]
    return choices, {p.pk: p for p in products}


class HistoricalItemForm(forms.Form):
    product = forms.TypedChoiceField(
        label=_("Sản phẩm"), coerce=int, required=False, widget=forms.Select(attrs={"style": "max-width:24rem"})
    )
    stars = forms.TypedChoiceField(label=_("Hạng sao"), choices=[("", "—"), *Stars.choices], coerce=int, required=False)
    score = forms.DecimalField(
        label=_("Điểm (nếu biết)"), required=False, min_value=0, max_value=100, decimal_places=2, localize=True
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=RecognitionKind.choices, initial=RecognitionKind.NEW)
    certificate_number = forms.CharField(
        label=_("Số giấy chứng nhận"), max_length=60, required=False, widget=forms.TextInput(attrs={"size": 12})
    )

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        choices, self._products = products
        self.fields["product"].choices = choices

    def clean_product(self):
        value = self.cleaned_data.get("product")
        return self._products.get(value) if value not in (None, "") else None

    def clean(self):
        data = super().clean()
        if data.get("product") and not data.get("stars"):
            self.add_error("stars", _("Chọn hạng sao của sản phẩm."))
        if data.get("stars") and not data.get("product"):
            self.add_error("product", _("Chọn sản phẩm."))
        return data


class BaseHistoricalItemFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        products = [form.cleaned_data["product"] for form in self.forms if form.cleaned_data.get("product")]
        if not products:
            raise forms.ValidationError(_("Nhập ít nhất một sản phẩm."))
        if len(products) != len(set(products)):
            raise forms.ValidationError(_("Một sản phẩm chỉ được ghi một lần trong một quyết định."))


def historical_item_formset(rows=8):
    """The product rows of the historical form; ``rows`` blank rows (1–100)."""
    rows = min(max(int(rows or 8), 1), 100)
    return forms.formset_factory(
        HistoricalItemForm, formset=BaseHistoricalItemFormSet, extra=rows, max_num=100, validate_max=True
    )


class ProposeRevocationForm(AuthorityChoiceMixin, forms.Form):
    authority = forms.ModelChoiceField(label=_("Cơ quan ban hành quyết định thu hồi"), queryset=None)

    def __init__(self, *args, user, preferred=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_authority(user)
        if preferred is not None and preferred.is_active:
            self.fields["authority"].initial = preferred.pk


class CorrectionForm(ProposeRevocationForm):
    """The authority issuing a correction: by default the one that issued the decision, if it still issues."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].label = _("Cơ quan ban hành quyết định đính chính")
