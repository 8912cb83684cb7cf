"""``python manage.py generate_data --scale province|national [--seed N]``: realistic data, fast (see
``devdata.generator``). Refuses a database with data it did not generate unless ``--force``."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from devdata.generator import GENERATED_PASSWORD, SCALES, generate
from devdata.generator.wipe import ProtectedDatabase


class Command(BaseCommand):
    help = (
        "Sinh dữ liệu mô phỏng thực tế (địa bàn cũ và mới, chủ thể, sản phẩm, 10 năm đợt đánh giá với phiếu chấm, "
        "quyết định công nhận và thu hồi, kế hoạch, kinh phí, hoạt động). Quy mô province ≈ 1 tỉnh, ~100 xã, "
        "~450 chủ thể, ~1.000 sản phẩm; national = 34 tỉnh, ~3.300 xã, 20.000 chủ thể, 50.000 sản phẩm."
    )

    def add_arguments(self, parser):
        # "tiny" is for the test suite: not listed in the help.
        parser.add_argument("--scale", choices=sorted(SCALES), default="province", help="province hoặc national")
        parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)")
        parser.add_argument(
            "--today", default=None, help="ngày mốc yyyy-mm-dd (mặc định hôm nay); cùng ngày mốc, cùng dữ liệu"
        )
        parser.add_argument(
            "--sheet-years",
            type=int,
            default=None,
            help="chỉ sinh phiếu chấm theo từng tiêu chí cho N năm gần nhất (mặc định: mọi đợt theo QĐ 148)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="xoá toàn bộ dữ liệu nghiệp vụ hiện có (kể cả dữ liệu mẫu) trước khi sinh",
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(f"--today phải có dạng yyyy-mm-dd: {options['today']}") from exc
        self.stdout.write(f"Sinh dữ liệu quy mô {options['scale']}, seed {options['seed']}...")
        try:
            dataset = generate(
                scale=options["scale"],
                seed=options["seed"],
                today=today,
                force=options["force"],
                sheet_years=options["sheet_years"],
                log=self.stdout.write,
            )
        except ProtectedDatabase as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("Số bản ghi đã ghi:")
        for label, count in sorted(dataset.rows.items(), key=lambda item: -item[1]):
            seconds = dataset.write_seconds.get(label, 0)
            self.stdout.write(f"  {label:<42} {count:>10,}  ({seconds} s ghi)".replace(",", "."))
        self.stdout.write(self.style.SUCCESS(f"Xong trong {dataset.seconds} giây (ngày mốc {dataset.as_of:%d/%m/%Y})."))
        self.stdout.write(
            f"Tài khoản sinh kèm (mật khẩu {GENERATED_PASSWORD}): gen.national (lãnh đạo, toàn quốc), "
            "gen.vpdp.<mã tỉnh>[n] (văn phòng điều phối; n = tỉnh mới), gen.canbo.<mã huyện/xã>[n] (cán bộ địa phương)."
        )
