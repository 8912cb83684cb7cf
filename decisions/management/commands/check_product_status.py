"""``manage.py check_product_status [--repair] [--batch-size N]``: recompute every product's OCOP status from the
decisions (as of today) and report the products whose stored columns (``Product.ocop_*``) differ.

Exit code 1 when drift is found without ``--repair``; with ``--repair`` the drifted rows are rewritten (through
``decisions.services.product_status_refresh``) and the exit code is 0."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from decisions.selectors import stored_status_drift
from decisions.services import product_status_refresh
from products.models import Product


class Command(BaseCommand):
    help = "So trạng thái OCOP lưu trên sản phẩm với trạng thái tính lại từ các quyết định; --repair để sửa."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Ghi lại trạng thái đúng cho sản phẩm bị lệch.")
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, repair=False, batch_size=2000, **options):
        today = timezone.localdate()
        ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
        drifted = []
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            found = stored_status_drift(Product.objects.filter(pk__in=batch), today)
            if found and repair:
                # Recomputed again under the rows' lock, so a decision issued meanwhile is not overwritten.
                found = product_status_refresh([product.pk for product, _diff in found], on=today)
            drifted += found
        for product, diff in drifted:
            changes = ", ".join(f"{field}: {old!r} -> {new!r}" for field, (old, new) in sorted(diff.items()))
            self.stdout.write(f"#{product.pk} {product.name}: {changes}")
        summary = f"{len(ids)} sản phẩm đã kiểm tra, {len(drifted)} sản phẩm lệch trạng thái OCOP"
        if repair:
            self.stdout.write(self.style.SUCCESS(f"{summary}; đã sửa {len(drifted)}."))
            return
        if drifted:
            raise CommandError(f"{summary}. Chạy lại với --repair để sửa.", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"{summary}."))
