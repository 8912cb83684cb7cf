"""Forms of the producer's application pages (``producers.views_applications``): start an application, upload a
document of the checklist (from the phone's camera too). The rules are the services' (``evaluations.services``,
``products.services.document_upload``); the forms only offer the producer's own choices."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations import selectors as evaluation_selectors
from evaluations.models import RegistrationKind, Round
from products.models import DocumentType, Product

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
CAMERA_ACCEPT = "image/*,application/pdf"


class ApplicationForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Sản phẩm"), queryset=Product.objects.none(), empty_label=_("— Chọn sản phẩm —")
    )
    round_ = forms.ModelChoiceField(
        label=_("Đợt đánh giá"),
        queryset=Round.objects.none(),
        empty_label=_("— Chọn đợt đang nhận hồ sơ —"),
        help_text=_("Các đợt đang nhận hồ sơ của huyện/tỉnh nơi bạn sản xuất."),
    )
    kind = forms.ChoiceField(label=_("Hình thức đánh giá"), choices=RegistrationKind.choices)
    note = forms.CharField(
        label=_("Ghi chú cho cán bộ xã"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, user, products, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        self.fields["round_"].queryset = Round.objects.filter(pk__in=[r.pk for r in rounds]).select_related("unit")


class DocumentUploadForm(forms.Form):
    document_type = forms.ModelChoiceField(
        label=_("Loại giấy tờ"), queryset=DocumentType.objects.none(), empty_label=_("— Chọn loại giấy tờ —")
    )
    file = forms.FileField(
        label=_("Tệp hoặc ảnh chụp"),
        help_text=_("PDF, JPEG hoặc PNG; trên điện thoại có thể chụp ảnh trực tiếp."),
        widget=forms.ClearableFileInput(attrs={"accept": CAMERA_ACCEPT, "capture": "environment"}),
    )
    issued_on = forms.DateField(
        label=_("Ngày cấp"), required=False, input_formats=DATE_FORMATS, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Hiệu lực đến"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Bỏ trống nếu giấy tờ không có thời hạn."),
    )

    def __init__(self, *args, registration=None, **kwargs):
        super().__init__(*args, **kwargs)
        if registration is not None:
            items = evaluation_selectors.dossier_checklist(
                registration.product, rule_set=registration.round.rule_set, kind=registration.kind
            )
            ids = [item.doc_type.pk for item in items]
            other = DocumentType.objects.filter(code__in=["packaging_label_photos", "other"]).values_list(
                "pk", flat=True
            )
            self.fields["document_type"].queryset = DocumentType.objects.filter(pk__in=[*ids, *other])
            needed = [item.doc_type.pk for item in items if item.needed]
            if needed and not self.is_bound:
                self.initial.setdefault("document_type", needed[0])
