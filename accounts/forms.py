"""The form of the reassignment of accounts of abolished units (``/accounts/ended-units/``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.forms import UnitChoiceField
from areas.selectors import units_for_form

from .models import User


class ReassignAccountsForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        label=_("Tài khoản"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    unit = UnitChoiceField(
        label=_("Chuyển sang đơn vị"),
        queryset=None,
        required=False,
        empty_label=_("Đơn vị đề xuất của từng tài khoản"),
    )
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=255)

    def __init__(self, *args, user, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.accounts = accounts
        self.fields["users"].queryset = User.objects.filter(pk__in=[a.pk for a in accounts])
        self.fields["users"].label_from_instance = lambda u: u.username
        self.fields["unit"].queryset = units_for_form(user, "manage_users")
