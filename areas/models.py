"""Administrative units (đơn vị hành chính): country > province > district > commune, with history.

Both the structure before 1 July 2025 (old Đồng Tháp with its districts) and after it (merged province,
communes, no districts) live side by side: each unit has ``valid_from``/``valid_to`` and links to its
successors. Records keep the unit they were entered under; scoping follows ``path`` (the chain of ancestor
ids) so "a unit and its descendants" is one indexed prefix filter.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop_portal.text import fold


class UnitLevel(models.TextChoices):
    COUNTRY = "country", _("Quốc gia")
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    COMMUNE = "commune", _("Xã")


LEVEL_DEPTH = {UnitLevel.COUNTRY: 0, UnitLevel.PROVINCE: 1, UnitLevel.DISTRICT: 2, UnitLevel.COMMUNE: 3}


class AdministrativeUnit(models.Model):
    code = models.CharField(_("mã"), max_length=20, help_text=_("Mã đơn vị hành chính (GSO)"))
    name = models.CharField(_("tên"), max_length=200)
    unit_type = models.CharField(
        _("loại"), max_length=50, blank=True, help_text=_("tỉnh, thành phố, huyện, thị xã, xã, phường, thị trấn")
    )
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True, help_text=_("ngày cuối cùng còn hiệu lực"))
    successors = models.ManyToManyField(
        "self", verbose_name=_("đơn vị kế thừa"), symmetrical=False, blank=True, related_name="predecessors"
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    # The name without diacritics or case (ocop_portal.text.fold), for "dong thap" to find "Đồng Tháp".
    search_text = models.CharField(max_length=200, editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["code", "level", "valid_from"], name="unique_unit_code_per_period"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(self.name)
        super().save(*args, **kwargs)
        expected = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if self.path != expected:
            self.path = expected
            AdministrativeUnit.objects.filter(pk=self.pk).update(path=expected)

    @property
    def is_current(self):
        return self.valid_to is None

    def ancestors(self):
        ids = [int(part) for part in self.path.strip("/").split("/") if part]
        return AdministrativeUnit.objects.filter(pk__in=ids).order_by("path")

    def descendants(self, include_self=True):
        qs = AdministrativeUnit.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    @property
    def full_name(self):
        return ", ".join(unit.name for unit in reversed(list(self.ancestors())) if unit.level != UnitLevel.COUNTRY)
