"""The public catalogue's search form (GET; every field optional)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import AdministrativeUnit, UnitLevel
from products.models import ClassLevel, ProductClass, Regime

from . import selectors

STATUS_ALL = "all"
# The catalogue opens on the products in force (valid, expiring soon included); ended ones on request.
STATUS_CHOICES = [
    ("", _("Còn hiệu lực")),
    (STATUS_ALL, _("Mọi tình trạng")),
    (selectors.STATUS_EXPIRING, _("Sắp hết hạn")),
    (selectors.STATUS_EXPIRED, _("Đã hết hiệu lực")),
    (selectors.STATUS_REVOKED, _("Đã bị thu hồi")),
]
SORT_CHOICES = [
    ("name", _("Tên sản phẩm")),
    ("-stars", _("Hạng sao cao trước")),
    ("valid_until", _("Sắp hết hạn trước")),
    ("commune", _("Xã, phường")),
]
STAR_CHOICES = [("", _("Mọi hạng sao")), ("3", _("3 sao")), ("4", _("4 sao")), ("5", _("5 sao"))]


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm sản phẩm, chủ thể"), required=False, max_length=100)
    province = forms.ChoiceField(label=_("Tỉnh, thành phố"), required=False)
    commune = forms.CharField(label=_("Mã xã, phường"), required=False, max_length=20, widget=forms.HiddenInput)
    group = forms.ChoiceField(label=_("Nhóm sản phẩm"), required=False)
    stars = forms.ChoiceField(label=_("Hạng sao"), required=False, choices=STAR_CHOICES)
    status = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=STATUS_CHOICES)
    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = AdministrativeUnit.objects.current().filter(level=UnitLevel.PROVINCE).order_by("name")
        self.fields["province"].choices = [("", _("Mọi tỉnh, thành phố"))] + [
            (unit.code, unit.display_name) for unit in provinces.only("code", "name", "unit_type")
        ]
        groups = ProductClass.objects.filter(regime=Regime.QD148, level=ClassLevel.CATEGORY).order_by("code")
        self.fields["group"].choices = [("", _("Mọi nhóm"))] + [(g.code, g.name) for g in groups.only("code", "name")]

    @staticmethod
    def selector_kwargs_default():
        return {"ordering": "name"}

    def selector_kwargs(self):
        """Keyword arguments for ``selectors.public_products`` (invalid input is ignored, never an error page)."""
        if not self.is_valid():
            data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        else:
            data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "province": data.get("province") or None,
            "commune": data.get("commune") or None,
            "group": data.get("group") or None,
            "stars": int(data["stars"]) if data.get("stars") else None,
            "status": None if data.get("status") == STATUS_ALL else (data.get("status") or selectors.STATUS_VALID),
            "ordering": data.get("sort") or "name",
        }


class ConsentForm(forms.Form):
    publish_contact = forms.BooleanField(
        label=_("Chủ thể đồng ý công khai địa chỉ, điện thoại, thư điện tử, website trên danh mục OCOP"),
        required=False,
    )
