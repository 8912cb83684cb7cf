from django import forms
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp dữ liệu"),
        help_text=_("Excel (.xlsx) hoặc CSV (UTF-8) theo tệp mẫu. Tệp được kiểm tra trước, chưa ghi gì."),
        error_messages={"required": _("Hãy chọn tệp cần nhập."), "empty": _("Tệp rỗng, không có dữ liệu.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )


class ImportCommitForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Tôi đã xem kết quả kiểm tra và đồng ý nhập"),
        error_messages={"required": _("Hãy đánh dấu xác nhận trước khi nhập.")},
    )
