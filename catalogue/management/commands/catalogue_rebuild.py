"""``manage.py catalogue_rebuild``: make verification codes for recognitions that have none, then bring the public
catalogue's read table (``catalogue.models.CatalogueEntry``) in step with the products: set-based, only the rows
that differ are written. Safe to run at any time (the periodic task does the same)."""

import time

from django.core.management.base import BaseCommand

from catalogue import services
from catalogue.models import CatalogueEntry


class Command(BaseCommand):
    help = "Tạo mã tra cứu còn thiếu và dựng lại bảng danh mục OCOP công khai từ dữ liệu sản phẩm."

    def handle(self, *args, **options):
        started = time.monotonic()
        codes = services.ensure_public_codes()
        changed = services.catalogue_rebuild()
        total = CatalogueEntry.objects.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"{codes} mã tra cứu mới; {changed} dòng danh mục được ghi lại; {total} dòng; "
                f"{time.monotonic() - started:.1f} s."
            )
        )
