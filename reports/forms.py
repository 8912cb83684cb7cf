from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.forms import UnitChoiceField

from .models import ReportKind
from .selectors import figure_areas, report_areas


class ReportRequestForm(forms.Form):
    """Ask for a report. ``request_key`` is drawn when the form is shown: posting the same form twice (double
    click, browser retry) returns the same report instead of making a second one."""

    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=ReportKind.choices, initial=ReportKind.ANNUAL)
    year = forms.IntegerField(label=_("Năm"), min_value=2019)
    area = UnitChoiceField(label=_("Địa bàn"), queryset=None, empty_label=None)
    number = forms.CharField(
        label=_("Số văn bản"), required=False, max_length=40, help_text=_("Để trống nếu chưa có số (vd. 125/BC-UBND).")
    )
    signer_name = forms.CharField(label=_("Người ký"), required=False, max_length=150)
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].widget.attrs.update({"min": 2019, "max": today.year})
        self.fields["area"].queryset = report_areas(user).select_related("parent")
        if user is not None and user.unit_id and not self.is_bound:
            self.fields["area"].initial = user.unit_id

    def clean_year(self):
        year = self.cleaned_data["year"]
        today = timezone.localdate()
        if year > today.year:
            raise forms.ValidationError(
                _("Chưa thể lập báo cáo năm %(year)s: năm hiện tại là %(now)s."),
                params={"year": year, "now": today.year},
            )
        return year

    @property
    def period(self):
        data = self.cleaned_data
        return f"{data['year']}-H1" if data["kind"] == ReportKind.SIX_MONTH else str(data["year"])


class FiguresForm(forms.Form):
    period = forms.RegexField(
        label=_("Kỳ báo cáo"),
        regex=r"^\s*\d{4}(\s*-\s*[Hh]1)?\s*$",
        error_messages={"invalid": _("Kỳ báo cáo dạng 2022 (năm) hoặc 2022-H1 (6 tháng đầu năm).")},
    )
    area = UnitChoiceField(label=_("Địa bàn"), queryset=None, empty_label=None)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = figure_areas(user).select_related("parent")


class NarrativeForm(forms.Form):
    """One written section of a report. ``version``: the version the writer read (an edit conflict is told, not
    overwritten)."""

    text = forms.CharField(
        label=_("Nội dung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Mỗi dòng một đoạn; dòng bắt đầu bằng «-» là một ý gạch đầu dòng."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
