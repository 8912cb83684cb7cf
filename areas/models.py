"""Administrative units (đơn vị hành chính): country > province > district > commune, with history.

Both the structure before 1 July 2025 (old Đồng Tháp with its districts) and after it (merged province,
communes, no districts) live side by side: each unit has ``valid_from``/``valid_to`` and links to its
successors. Records keep the unit they were entered under; scoping follows ``path`` (the chain of ancestor
ids) so "a unit and its descendants" is one indexed prefix filter.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop_portal.text import fold


def type_and_name(unit_type, name):
    """A unit's type and name, the type written once: ("huyện", "Lai Vung") -> "Huyện Lai Vung", ("phường",
    "Phường 3") -> "Phường 3". For rows read as values (aggregates) and the data generator's light units."""
    name = name or ""
    kind = (unit_type or "").strip()
    if not kind or name.lower().startswith(kind.lower()):
        return name
    return f"{kind[:1].upper()}{kind[1:]} {name}"


class UnitLevel(models.TextChoices):
    COUNTRY = "country", _("Quốc gia")
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    COMMUNE = "commune", _("Xã")


LEVEL_DEPTH = {UnitLevel.COUNTRY: 0, UnitLevel.PROVINCE: 1, UnitLevel.DISTRICT: 2, UnitLevel.COMMUNE: 3}

# The 2025 reorganisation (Resolution 202/2025/QH15 and the commune-level resolutions): the old structure's last
# day and the new structure's first.
LAST_OLD_DAY = datetime.date(2025, 6, 30)
REFORM_DAY = datetime.date(2025, 7, 1)


def ids_in_path(path):
    """The unit ids along a ``path`` ("/1/5/17/" -> [1, 5, 17]), the root first and the unit itself last.

    The one place where a path is parsed: use it (or ``unit_id_of_path``) instead of splitting a path by hand."""
    return [int(part) for part in (path or "").split("/") if part]


def unit_id_of_path(path):
    """The id of the unit a ``path`` ends with ("/1/5/17/" -> 17), None for an empty path."""
    ids = ids_in_path(path)
    return ids[-1] if ids else None


def path_within(path, prefixes):
    """Does the unit with ``path`` lie in (or equal) one of the units whose paths are ``prefixes``?"""
    if isinstance(prefixes, str):
        prefixes = [prefixes]
    return bool(path) and any(path.startswith(prefix) for prefix in prefixes if prefix)


def in_force_q(day, lookup=""):
    """Q: the unit (``lookup`` to it, "" for the unit itself) was in force on ``day``."""
    return in_force_during_q(day, day, lookup)


def in_force_during_q(start, end, lookup=""):
    """Q: the unit (``lookup`` to it) was in force on at least one day between ``start`` and ``end`` (inclusive)."""
    prefix = f"{lookup}__" if lookup else ""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": end})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": start})
    )


class AdministrativeUnitQuerySet(models.QuerySet):
    """``AdministrativeUnit.objects.in_force(day)``, ``.in_force_during(start, end)``, ``.current()``,
    ``.ended()``, ``.subtree(unit)``: the validity and tree filters, written once."""

    def in_force(self, day=None):
        """Units in force on ``day`` (today by default)."""
        return self.filter(in_force_q(day or timezone.localdate()))

    def in_force_during(self, start, end):
        return self.filter(in_force_during_q(start, end))

    def current(self):
        """Units with no end date (the structure in force today and later)."""
        return self.filter(valid_to__isnull=True)

    def ended(self):
        """Units that have an end date (the old structure)."""
        return self.filter(valid_to__isnull=False)

    def subtree(self, unit, include_self=True):
        """``unit`` and the units under it (not the units it replaced: see ``areas.selectors.within_q``)."""
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)


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
    # Where a unit was split between several successors, the one its records follow unless the office reassigns.
    default_successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa mặc định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    latitude = models.FloatField(_("vĩ độ"), null=True, blank=True)
    longitude = models.FloatField(_("kinh độ"), null=True, blank=True)
    area_km2 = models.FloatField(_("diện tích (km²)"), null=True, blank=True)

    objects = AdministrativeUnitQuerySet.as_manager()

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

    def is_in_force(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)

    def ancestors(self):
        return AdministrativeUnit.objects.filter(pk__in=ids_in_path(self.path)).order_by("path")

    def descendants(self, include_self=True):
        return AdministrativeUnit.objects.subtree(self, include_self=include_self)

    @property
    def display_name(self):
        """The type and the name once: "Huyện Lai Vung", "Xã Tân Thành", "Phường 3" (never "Phường Phường 3")."""
        return type_and_name(self.unit_type, self.name)

    @property
    def full_name(self):
        """ "Xã Tân Thành, Huyện Lai Vung, Tỉnh Đồng Tháp": the unit and its ancestors, each named once.

        The names come from the shared cache, keyed by the structure's version (``areas.services.structure_version``,
        replaced by every change of a unit): the product page and the home page ask it on every request."""
        from django.core.cache import cache

        from .services import structure_version

        if self.pk is None:
            return self._full_name()
        key = f"ocop:unitname:{structure_version()}:{self.pk}"
        name = cache.get(key)
        if name is None:
            name = self._full_name()
            cache.set(key, name, 24 * 3600)
        return name

    def _full_name(self):
        """The names along the path, read in one query as two columns, the unit first, the country left out."""
        rows = (
            AdministrativeUnit.objects.filter(pk__in=ids_in_path(self.path))
            .exclude(level=UnitLevel.COUNTRY)
            .order_by("-path")
            .values_list("unit_type", "name")
        )
        return ", ".join(type_and_name(unit_type, name) for unit_type, name in rows)


class AreaDataLoad(models.Model):
    """One run of ``load_areas``: which official data (package and version) the unit registry came from, and what
    the run changed. The latest row tells which version the portal's units follow."""

    # The audit log files a load under the area it loaded (the country, or the province of ``--province``).
    audit_area_lookup = "area"

    area = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("nguồn dữ liệu"), max_length=100)
    version = models.CharField(_("phiên bản"), max_length=50)
    provinces = models.CharField(_("tỉnh được nạp"), max_length=200, blank=True, help_text=_("trống: cả nước"))
    loaded_at = models.DateTimeField(_("thời điểm nạp"), auto_now_add=True)
    added = models.PositiveIntegerField(_("thêm mới"), default=0)
    renamed = models.PositiveIntegerField(_("đổi tên"), default=0)
    ended = models.PositiveIntegerField(_("hết hiệu lực"), default=0)
    updated = models.PositiveIntegerField(_("cập nhật khác"), default=0)
    links_added = models.PositiveIntegerField(_("liên kết kế thừa thêm"), default=0)
    links_removed = models.PositiveIntegerField(_("liên kết kế thừa bỏ"), default=0)

    class Meta:
        verbose_name = _("lần nạp đơn vị hành chính")
        verbose_name_plural = _("các lần nạp đơn vị hành chính")
        ordering = ["-loaded_at", "-pk"]

    def __str__(self):
        return f"{self.source} {self.version}"
