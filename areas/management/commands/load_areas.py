"""``python manage.py load_areas [--province 82 ...]``

Loads or updates the official administrative units (the structure before 1 July 2025 and the 2025 one) and the
old -> new successor links from the installed ``vietnamadminunits`` package (``areas.services.
load_official_units``). Idempotent: a second run changes nothing. ``--province`` limits the load to the given
2025 provinces and the old provinces they replaced (``--province 82``: old Đồng Tháp, old Tiền Giang and the
merged Đồng Tháp)."""

from django.core.management.base import BaseCommand, CommandError

from areas.formatting import unit_name
from areas.official import read_package
from areas.services import load_official_units
from ocop_portal.formatting import vi_number

LEVELS = {"country": "quốc gia", "province": "tỉnh", "district": "huyện", "commune": "xã"}


class Command(BaseCommand):
    help = "Nạp hoặc cập nhật đơn vị hành chính chính thức (trước và sau 01/07/2025) từ gói vietnamadminunits."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            help="mã tỉnh theo danh mục 2025 (vd. 82); nhắc lại để nạp nhiều tỉnh; bỏ trống: cả nước",
        )

    def handle(self, *args, **options):
        try:
            data = read_package()
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        provinces = [code.strip() for code in options["province"] if code.strip()]
        unknown = [code for code in provinces if ("new", "province", code) not in data.units]
        if unknown:
            raise CommandError(f"Không có tỉnh mã «{', '.join(unknown)}» trong danh mục 2025.")
        report = load_official_units(data, provinces=provinces)
        write = self.stdout.write
        write(f"Nguồn: {report.source} {report.version}" + (f" (tỉnh {', '.join(provinces)})" if provinces else ""))
        added = ", ".join(f"{vi_number(n)} {LEVELS.get(level, level)}" for level, n in report.added.items())
        write(f"Thêm mới: {vi_number(report.added_total)}" + (f" ({added})" if added else ""))
        write(f"Đổi tên: {vi_number(len(report.renamed))}")
        write(f"Hết hiệu lực (30/06/2025): {vi_number(len(report.ended))}")
        write(f"Chuyển đơn vị cấp trên: {vi_number(len(report.moved))}")
        write(f"Cập nhật khác (loại, toạ độ, diện tích): {vi_number(report.updated)}")
        write(f"Liên kết kế thừa: thêm {vi_number(report.links_added)}, bỏ {vi_number(report.links_removed)}")
        if report.not_in_source:
            write(f"Không có trong dữ liệu (giữ nguyên): {vi_number(report.not_in_source)}")
        if options["verbosity"] >= 2:
            for unit, old_name in report.renamed:
                write(f"  đổi tên {unit.code}: {old_name} → {unit.name}")
            for unit in report.ended:
                write(f"  hết hiệu lực {unit.code}: {unit_name(unit)}")
            for unit in report.moved:
                write(f"  chuyển {unit.code}: {unit_name(unit)}")
        if not report.changed:
            write("Không có thay đổi.")
