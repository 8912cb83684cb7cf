"""Forms of the product pages. They shape and check input; the rules that matter live in ``services``."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from areas.formatting import unit_label
from areas.selectors import units_for_form
from ocop_portal.concurrency import VersionedFormMixin
from subjects.models import Subject

from . import selectors
from .models import (
    Certification,
    CertificationKind,
    ChannelKind,
    DocumentScope,
    Product,
    ProductChannel,
    Regime,
    SalesChannel,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GroupedModelChoiceIterator(ModelChoiceIterator):
    """Yields <optgroup>s: ``field.group_of(obj)`` names the group of each option (queryset order is kept)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups = {}
        for obj in self.queryset:
            groups.setdefault(self.field.group_of(obj), []).append(self.choice(obj))
        yield from groups.items()


class ProductClassField(forms.ModelChoiceField):
    iterator = GroupedModelChoiceIterator

    def group_of(self, obj):
        if obj.regime == Regime.QD148:
            return f"QĐ 148 · {obj.category_148.code}. {obj.category_148.name}" if obj.category_148 else "QĐ 148"
        return str(_("QĐ 1048 (sản phẩm công nhận trước 24/02/2023)"))

    def label_from_instance(self, obj):
        if obj.regime == Regime.QD148:
            return f"{obj.set_number}. {obj.code} {obj.name}"
        target = obj.set_148 or obj.category_148
        mapped = f" → {target.code}" if target else " → " + str(_("không có bộ tương ứng"))
        return f"{obj.parent.name} / {obj.name}{mapped}" if obj.parent else f"{obj.name}{mapped}"


class SalesChannelField(forms.ModelChoiceField):
    iterator = GroupedModelChoiceIterator

    def group_of(self, obj):
        return str(ChannelKind(obj.kind).label)


class ProductForm(VersionedFormMixin, forms.ModelForm):
    product_class = ProductClassField(
        label=_("Phân loại (bộ sản phẩm)"),
        queryset=selectors.classifiable_sets(),
        help_text=_(
            "Sản phẩm công nhận trước 24/02/2023 có thể giữ phân loại theo QĐ 1048; "
            "hệ thống tự quy đổi sang bộ sản phẩm tương ứng của QĐ 148."
        ),
    )

    class Meta:
        model = Product
        fields = [
            "subject",
            "name",
            "ocop_code",
            "product_class",
            "unit",
            "craft_village",
            "raw_material_area",
            "description",
            "story",
            "circular_value_chain",
            "potential_five_star",
            "production_status",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "story": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "name": {"required": _("Hãy nhập tên sản phẩm.")},
            "subject": {
                "required": _("Hãy chọn chủ thể."),
                "invalid_choice": _("Chủ thể không thuộc địa bàn của bạn."),
            },
            "unit": {
                "required": _("Hãy chọn nơi sản xuất."),
                "invalid_choice": _("Nơi sản xuất không thuộc địa bàn của bạn."),
            },
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Subject.objects.restrict(user, "change").order_by("name")
        self.fields["unit"].queryset = units_for_form(user, keep=self.instance.unit_id or None)
        self.fields["unit"].label_from_instance = unit_label
        self.fields["craft_village"].queryset = selectors.craft_villages_for(user)
        self.fields["craft_village"].empty_label = _("— Không thuộc làng nghề —")
        self.fields["product_class"].error_messages["required"] = _("Hãy chọn bộ sản phẩm.")


class CertificationForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["kind", "number", "issuer", "issued_on", "expires_on"]
        widgets = {"issued_on": DATE_WIDGET, "expires_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("— Chọn loại —")), *CertificationKind.choices]
        self.fields["number"].required = True
        self.fields["number"].error_messages["required"] = _("Hãy nhập số giấy chứng nhận/văn bằng.")
        self.fields["kind"].error_messages["required"] = _("Hãy chọn loại chứng nhận.")


class ProductChannelForm(forms.ModelForm):
    channel = SalesChannelField(
        label=_("Kênh"), queryset=SalesChannel.objects.order_by("kind", "name"), empty_label=_("— Chọn kênh —")
    )

    class Meta:
        model = ProductChannel
        fields = ["channel", "detail"]


class BaseRowsFormSet(forms.BaseInlineFormSet):
    def rows(self):
        """The rows to keep, as dicts for the service (``id`` for an existing row)."""
        rows = []
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            row = {name: form.cleaned_data.get(name) for name in form._meta.fields}
            if form.instance.pk:
                row["id"] = form.instance.pk
            rows.append(row)
        return rows


CertificationFormSet = forms.inlineformset_factory(
    Product, Certification, form=CertificationForm, formset=BaseRowsFormSet, extra=1, can_delete=True
)
ChannelFormSet = forms.inlineformset_factory(
    Product, ProductChannel, form=ProductChannelForm, formset=BaseRowsFormSet, extra=2, can_delete=True
)


class DocumentUploadForm(forms.Form):
    document_type = forms.ModelChoiceField(label=_("Loại hồ sơ"), queryset=None, empty_label=None)
    title = forms.CharField(
        label=_("Tiêu đề"), max_length=255, required=False, help_text=_("Để trống để dùng tên loại hồ sơ.")
    )
    file = forms.FileField(
        label=_("Tệp (PDF, JPEG hoặc PNG)"),
        error_messages={"required": _("Hãy chọn tệp cần tải lên."), "empty": _("Tệp rỗng, không có nội dung.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )
    issued_on = forms.DateField(label=_("Ngày cấp"), required=False, widget=DATE_WIDGET)
    valid_until = forms.DateField(label=_("Hiệu lực đến"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, document_types, required_ids=(), mark_shared=False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["document_type"]
        field.queryset = document_types if hasattr(document_types, "filter") else _queryset_of(document_types)
        field.choices = [(t.pk, self.type_label(t, required_ids, mark_shared)) for t in document_types]
        if required_ids:
            field.help_text = _("* bắt buộc với nhóm sản phẩm này. Hồ sơ chủ thể được dùng chung cho mọi sản phẩm.")

    @staticmethod
    def type_label(doc_type, required_ids, mark_shared):
        label = doc_type.name + (" *" if doc_type.pk in required_ids else "")
        if mark_shared and doc_type.scope == DocumentScope.SUBJECT:
            label += " — " + str(_("hồ sơ chủ thể, dùng chung"))
        return label

    def clean(self):
        data = super().clean()
        issued, valid = data.get("issued_on"), data.get("valid_until")
        if issued and valid and valid < issued:
            self.add_error("valid_until", _("Ngày hết hiệu lực không được trước ngày cấp."))
        return data


def _queryset_of(types):
    from .models import DocumentType

    return DocumentType.objects.filter(pk__in=[t.pk for t in types])


class ConfirmDeleteForm(forms.Form):
    reason = forms.CharField(label=_("Lý do (ghi vào nhật ký)"), required=False, max_length=500)


class DocumentPublicForm(forms.Form):
    """Mark a product photo public on the catalogue (1) or withdraw it (0)."""

    public = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")
    reason = forms.CharField(required=False, max_length=500)
