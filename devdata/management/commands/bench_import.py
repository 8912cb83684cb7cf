"""``python manage.py bench_import [--kind subjects|products] [--rows 10000] [--format xlsx|csv]``: time a large import.

Not a test. Run it on a scratch PostgreSQL database (it writes): it creates a province with communes ("BENCH-*"
codes) and a coordination-office user "bench_import" if missing, removes the subjects of a previous run, generates a
file of ``--rows`` subjects, then times, through the same path as the Celery job (``services.import_job_run``):
reading the file, the check (dry run), the commit, and the same file again (every row unchanged). ``--kind products``
first creates 2,000 subjects (in bulk, not timed) and imports products for them, each with two sales channels.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench python manage.py bench_import
"""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts.models import Role
from areas.models import AdministrativeUnit, UnitLevel
from audit.models import AuditEntry
from imports.importers import ProductImporter, SubjectImporter
from imports.models import ImportJob
from imports.readers import read_table
from imports.services import import_job_create, import_job_run
from ocop_portal.exports import csv_bytes, xlsx_bytes
from products.models import Product
from subjects.models import LegalForm, Subject

PREFIX = "BENCH"
COMMUNES = 20


class Command(BaseCommand):
    help = (
        "Đo thời gian nhập một tệp chủ thể hoặc sản phẩm lớn (mặc định 10.000 dòng). Ghi vào cơ sở dữ liệu: chỉ chạy "
        "trên CSDL thử."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=["subjects", "products"], default="subjects")
        parser.add_argument("--rows", type=int, default=10_000)
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--allow-sqlite", action="store_true", help="cho phép chạy trên SQLite (chỉ để thử)")

    def handle(self, *args, **options):
        if not settings.USING_POSTGRES and not options["allow_sqlite"]:
            raise CommandError("bench_import đo trên PostgreSQL: đặt DATABASE_URL=postgres://... (CSDL thử).")
        rows, fmt, kind = options["rows"], options["format"], options["kind"]
        user, communes = self._setup()
        self._clean(user)
        if kind == "products":
            data = self._products_file(rows, self._subjects(user, communes), fmt)
        else:
            data = self._file(rows, communes, fmt)
        self.stdout.write(
            f"CSDL: {connection.vendor} {connection.settings_dict.get('NAME')}; tệp {fmt} {rows} dòng, "
            f"{len(data) / 1048576:.1f} MB"
        )

        started = time.perf_counter()
        table = read_table(data, f"bench.{fmt}")
        self._line("Đọc tệp", started, f"{len(table.rows) - 1} dòng")

        job = import_job_create(actor=user, kind=kind, uploaded_file=SimpleUploadedFile(f"bench.{fmt}", data))
        started = time.perf_counter()
        result = import_job_run(job=job, commit=False)
        self._line("Kiểm tra (chạy thử)", started, self._counts(result))
        if result["error_count"]:
            raise CommandError(f"Tệp thử có lỗi: {result['errors'][:3]}")

        started = time.perf_counter()
        result = import_job_run(job=job, commit=True)
        self._line("Nhập (một giao dịch)", started, self._counts(result))
        self.stdout.write(
            f"  chủ thể trong CSDL: {Subject.objects.filter(registration_number__startswith=PREFIX).count()}, "
            f"sản phẩm: {Product.objects.filter(subject__registration_number__startswith=PREFIX).count()}"
        )

        again = import_job_create(actor=user, kind=kind, uploaded_file=SimpleUploadedFile(f"bench.{fmt}", data))
        audit_before = AuditEntry.objects.count()
        started = time.perf_counter()
        result = import_job_run(job=again, commit=True)
        self._line("Nhập lại cùng tệp", started, self._counts(result))
        self.stdout.write(f"  nhật ký mới khi nhập lại: {AuditEntry.objects.count() - audit_before}")

    def _line(self, label, started, detail):
        self.stdout.write(f"{label}: {time.perf_counter() - started:.1f} s ({detail})")

    @staticmethod
    def _counts(result):
        return (
            f"thêm {result['created']}, cập nhật {result['updated']}, không đổi {result['unchanged']}, "
            f"lỗi {result['error_count']}"
        )

    def _setup(self):
        country, _ = AdministrativeUnit.objects.get_or_create(
            code=f"{PREFIX}-VN", level=UnitLevel.COUNTRY, valid_from=None, defaults={"name": "Quốc gia (thử)"}
        )
        province, _ = AdministrativeUnit.objects.get_or_create(
            code=f"{PREFIX}-P",
            level=UnitLevel.PROVINCE,
            valid_from=None,
            defaults={"name": "Tỉnh thử", "parent": country, "unit_type": "tỉnh"},
        )
        communes = []
        for index in range(1, COMMUNES + 1):
            commune, _ = AdministrativeUnit.objects.get_or_create(
                code=f"{PREFIX}-{index:02d}",
                level=UnitLevel.COMMUNE,
                valid_from=None,
                defaults={"name": f"Xã thử {index}", "parent": province, "unit_type": "xã"},
            )
            communes.append(commune)
        user, created = get_user_model().objects.get_or_create(
            username="bench_import",
            defaults={"role": Role.COORDINATION_OFFICE, "unit": province, "full_name": "Đo hiệu năng nhập"},
        )
        if created:
            user.set_unusable_password()
            user.save()
        return user, communes

    def _clean(self, user):
        subjects = Subject.objects.filter(registration_number__startswith=PREFIX)
        AuditEntry.objects.filter(actor=user).delete()
        Product.objects.filter(subject__in=subjects).delete()
        subjects.delete()
        for job in ImportJob.objects.filter(requested_by=user):
            job.file.delete(save=False)
            job.delete()

    def _file(self, rows, communes, fmt):
        headers = [column.header for column in SubjectImporter.columns]
        index = {header: position for position, header in enumerate(headers)}
        records = []
        for n in range(rows):
            record = [""] * len(headers)
            values = {
                "Số đăng ký kinh doanh": f"{PREFIX}{n:06d}",
                "Tên chủ thể": f"Hợp tác xã Nông nghiệp Sen Hồng số {n}",
                "Loại hình": "Hợp tác xã" if n % 3 else "Hộ kinh doanh / cơ sở sản xuất",
                "Mã số thuế": f"14{n:08d}",
                "Địa chỉ": f"Ấp {n % 7 + 1}",
                "Mã đơn vị hành chính": communes[n % len(communes)].code,
                "Người đại diện theo pháp luật": f"Nguyễn Thị Hồng {n}",
                "Giới tính người đại diện": "Nữ" if n % 2 else "Nam",
                "Người đại diện là người dân tộc thiểu số": "Không",
                "Doanh nghiệp nhỏ và vừa": "Có" if n % 5 == 0 else "Không",
                "Tổng số lao động": 20 + n % 30,
                "Lao động địa phương": 15,
                "Lao động có bằng cấp/chứng chỉ nghề": 2,
                "Điện thoại": f"0277 3 {n:06d}",
                "Thư điện tử": f"htx{n}@example.org",
                "Trạng thái": "Đang hoạt động",
            }
            for header, value in values.items():
                record[index[header]] = value
            records.append(record)
        if fmt == "csv":
            return csv_bytes(headers, records)
        return xlsx_bytes(headers, records, sheet_title="Chủ thể OCOP")

    def _subjects(self, user, communes, count=2000):
        """The subjects the products belong to, created in bulk (not part of the timing)."""
        Subject.objects.bulk_create(
            Subject(
                registration_number=f"{PREFIX}{n:06d}",
                name=f"Hợp tác xã thử số {n}",
                search_text=f"hop tac xa thu so {n} {PREFIX.lower()}{n:06d}",
                legal_form=LegalForm.COOPERATIVE,
                unit=communes[n % len(communes)],
                representative_name=f"Nguyễn Thị Hồng {n}",
                created_by=user,
            )
            for n in range(count)
        )
        return [(f"{PREFIX}{n:06d}", communes[n % len(communes)]) for n in range(count)]

    def _products_file(self, rows, subjects, fmt):
        headers = [column.header for column in ProductImporter.columns]
        index = {header: position for position, header in enumerate(headers)}
        records = []
        for n in range(rows):
            number, unit = subjects[n % len(subjects)]
            record = [""] * len(headers)
            values = {
                "Số đăng ký kinh doanh của chủ thể": number,
                "Tên sản phẩm": f"Trà tim sen loại {n // len(subjects) + 1} lô {n}",
                "Mã bộ sản phẩm": "I.5.b",
                "Phân loại theo": "QĐ 148",
                "Mã đơn vị hành chính nơi sản xuất": unit.code,
                "Mô tả": "Trà sấy khô, đóng gói 100 g",
                "Vùng nguyên liệu": "Đồng Tháp Mười",
                "Chuỗi giá trị gắn kinh tế tuần hoàn": "Không",
                "Tiềm năng 5 sao": "Có" if n % 10 == 0 else "Không",
                "Tình trạng sản xuất": "Đang sản xuất",
                "Kênh bán hàng": f"Co.opmart; Shopee: https://shopee.vn/htx-{n}",
            }
            for header, value in values.items():
                record[index[header]] = value
            records.append(record)
        if fmt == "csv":
            return csv_bytes(headers, records)
        return xlsx_bytes(headers, records, sheet_title="Sản phẩm OCOP")
