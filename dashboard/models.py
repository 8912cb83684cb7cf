"""The dashboard's summary table and the marker of a generated dataset.

* ``DashboardSnapshot`` (bảng số liệu tổng hợp): the figures of one area and year as computed by the report
  selectors (``reports.figures``) plus the dashboard's own extras (expiring, trend). The dashboard reads it instead
  of the transactional tables; a snapshot is served for at most ``DASHBOARD_FRESH_SECONDS`` (60 s) without looking
  at the data, then only while the data fingerprint (``dashboard.selectors.data_version``) is unchanged. A Celery
  beat task refreshes the snapshots viewed recently, so a change reaches the dashboard within a minute.
* ``GeneratedDataset``: written by ``generate_data`` with the row counts it produced; the command refuses to
  touch a database whose data it did not generate (the demo, real data) unless ``--force``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop_portal.formatting import format_date


class DashboardSnapshot(models.Model):
    area = models.ForeignKey(
        "areas.AdministrativeUnit", verbose_name=_("địa bàn"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    as_of = models.DateField(_("số liệu tính đến ngày"))
    data = models.JSONField(_("số liệu"))
    data_version = models.CharField(_("dấu vân tay dữ liệu"), max_length=64)
    computed_at = models.DateTimeField(_("tính lúc (bắt đầu)"))
    duration_ms = models.PositiveIntegerField(_("thời gian tính (ms)"), default=0)
    last_viewed_at = models.DateTimeField(_("xem lần cuối"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("số liệu tổng hợp bảng điều khiển")
        verbose_name_plural = _("số liệu tổng hợp bảng điều khiển")
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="unique_dashboard_snapshot")]

    def __str__(self):
        return f"{self.area} {self.year} ({format_date(self.as_of)})"


class GeneratedDataset(models.Model):
    scale = models.CharField(_("quy mô"), max_length=20)
    seed = models.IntegerField(_("hạt giống ngẫu nhiên"))
    as_of = models.DateField(_("ngày mốc"))
    counts = models.JSONField(_("số bản ghi"), default=dict)
    seconds = models.DecimalField(_("thời gian chạy (giây)"), max_digits=9, decimal_places=1, default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bộ dữ liệu sinh tự động")
        verbose_name_plural = _("bộ dữ liệu sinh tự động")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.scale} seed={self.seed} ({format_date(self.created_at)})"
