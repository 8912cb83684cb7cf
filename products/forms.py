"""Forms of the product pages. They shape and check input; the rules that matter live in ``services``."""

from types import SimpleNamespace

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from areas.forms import OptionsOnce, empty_option, unit_choices
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


class PreloadedChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` that may be given its queryset's rows, read once for several forms (the rows of a
    formset): it then lists and checks them without a query; a value not among them is looked up as usual."""

    objects = None  # {pk: object}, set by ``preload``

    def preload(self, objects, choices=None):
        """``objects``: {pk: object} of the field's queryset; ``choices``: its options (an ``OptionsOnce``)."""
        self.objects = objects
        if choices is not None:
            self.choices = choices

    def to_python(self, value):
        if self.objects is not None and value not in self.empty_values and self.to_field_name is None:
            try:
                return self.objects[int(value)]
            except (KeyError, TypeError, ValueError):
                pass
        return super().to_python(value)


def named_options(field, queryset):
    """Options "pk: name" read as two columns (``__str__`` is the name): no model row built per option."""
    return OptionsOnce(lambda: [*empty_option(field), *queryset.values_list("pk", "name")])


# What a class's option and group read: its own columns and the names of the classes it points to.
CLASS_OPTION_COLUMNS = ("pk", "regime", "code", "name", "set_number")
CLASS_OPTION_RELATED = {"parent": ("name",), "set_148": ("code",), "category_148": ("code", "name")}


class ProductClassChoiceIterator(ModelChoiceIterator):
    """The classes grouped as ``GroupedModelChoiceIterator`` does, read as values in one narrow query: the labels
    need a few names of three related classes, not four model rows per option (81 classes: 2,3 -> 0,8 ms)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        related = [f"{name}__{column}" for name, columns in CLASS_OPTION_RELATED.items() for column in columns]
        ids = [f"{name}_id" for name in CLASS_OPTION_RELATED]
        groups = {}
        for row in self.queryset.values(*CLASS_OPTION_COLUMNS, *ids, *related):
            obj = SimpleNamespace(**{column: row[column] for column in CLASS_OPTION_COLUMNS})
            for name, columns in CLASS_OPTION_RELATED.items():
                target = None
                if row[f"{name}_id"] is not None:
                    target = SimpleNamespace(**{column: row[f"{name}__{column}"] for column in columns})
                setattr(obj, name, target)
            groups.setdefault(self.field.group_of(obj), []).append((row["pk"], self.field.label_from_instance(obj)))
        yield from groups.items()


class ProductClassField(forms.ModelChoiceField):
    iterator = ProductClassChoiceIterator

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


class SalesChannelField(PreloadedChoiceField):
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
        # The querysets check the submitted values; the options are read once, when the form is rendered, and
        # only what they show (a province's subject list has hundreds of rows).
        subject, unit, village = self.fields["subject"], self.fields["unit"], self.fields["craft_village"]
        subject.queryset = Subject.objects.restrict(user, "change").order_by("name", "pk")  # same names: stable
        subject.choices = named_options(subject, subject.queryset)
        unit.queryset = units_for_form(user, keep=self.instance.unit_id or None)
        unit.choices = unit_choices(unit)
        village.queryset = selectors.craft_villages_for(user)
        village.empty_label = _("— Không thuộc làng nghề —")
        village.choices = named_options(village, village.queryset.select_related(None))
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
    """The rows of a product's certifications or channels. A row's hidden id must be one of the product's rows (Django
    accepts any row of the table, and the service then failed on another product's row), checked against the rows
    read once (Django checked each with a query of its own); the template's blank row is built once."""

    @cached_property
    def existing_rows(self):
        return {obj.pk: obj for obj in self.get_queryset()}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pk = form.fields[self._pk_field.name]
        field = PreloadedChoiceField(self.get_queryset(), initial=pk.initial, required=False, widget=pk.widget)
        field.preload(self.existing_rows)
        form.fields[self._pk_field.name] = field

    @cached_property
    def empty_form(self):
        return super().empty_form

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


class ChannelRowsFormSet(BaseRowsFormSet):
    """Every row offers the same channels: read, grouped and labelled once for the formset (was once per row)."""

    @cached_property
    def channels(self):
        field = self.form.base_fields["channel"]
        objects = {obj.pk: obj for obj in field.queryset.all()}  # a copy: the class's field keeps no rows
        groups = {}
        for obj in objects.values():
            groups.setdefault(field.group_of(obj), []).append((obj.pk, field.label_from_instance(obj)))
        return objects, OptionsOnce(lambda: [*empty_option(field), *groups.items()])

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["channel"].preload(*self.channels)


CertificationFormSet = forms.inlineformset_factory(
    Product, Certification, form=CertificationForm, formset=BaseRowsFormSet, extra=1, can_delete=True
)
ChannelFormSet = forms.inlineformset_factory(
    Product, ProductChannel, form=ProductChannelForm, formset=ChannelRowsFormSet, extra=2, can_delete=True
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
