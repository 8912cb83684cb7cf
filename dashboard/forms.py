from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .selectors import TREND_FROM


class DashboardFilterForm(forms.Form):
    """``?year=`` and ``?area=`` of the dashboard and its drill-down pages (the area is checked against the
    user's scope by ``selectors.area_for``)."""

    year = forms.IntegerField(label=_("Năm"), required=False, min_value=TREND_FROM)
    area = forms.IntegerField(label=_("Địa bàn"), required=False, min_value=1)

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("Năm chưa tới."))
        return year
