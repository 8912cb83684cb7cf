"""``python manage.py import_data <kind> <file> --user <username> [--dry-run]``: the browser import for scripts.

The user's role and unit decide what may be imported (the same area rules as the pages). The preview, or the result,
and every error are printed in Vietnamese; the exit code is 1 when anything is wrong (nothing is written then), 0
otherwise. ``--columns-doc [PATH]`` writes the column documentation generated from the importers' specs.
"""

import hashlib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import override

from ...importers import IMPORTERS, get_importer
from ...importers.base import ACTION_LABELS, refused_report, run_import
from ...readers import FileRefused, read_table
from ...spec_files import columns_markdown

DEFAULT_DOC = Path(__file__).resolve().parents[2] / "README-columns.md"


class Command(BaseCommand):
    help = "Nhập dữ liệu từ tệp Excel (.xlsx) hoặc CSV: chủ thể, sản phẩm, công nhận, thu hồi, kinh phí, hoạt động."

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", choices=sorted(IMPORTERS), help="loại dữ liệu")
        parser.add_argument("file", nargs="?", help="đường dẫn tệp .xlsx hoặc .csv")
        parser.add_argument("--user", help="tên đăng nhập của người nhập (quyết định quyền và địa bàn)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
        parser.add_argument("--show", type=int, default=50, help="số dòng thêm/cập nhật in ra (mặc định 50)")
        parser.add_argument(
            "--columns-doc",
            nargs="?",
            const=str(DEFAULT_DOC),
            metavar="PATH",
            help="ghi tài liệu các cột (mặc định imports/README-columns.md) rồi thoát",
        )

    def handle(self, *args, **options):
        with override("vi"):
            return self._handle(options)

    def _handle(self, options):
        if options["columns_doc"]:
            Path(options["columns_doc"]).write_text(columns_markdown() + "\n", encoding="utf-8")
            self.stdout.write(_("Đã ghi %(path)s") % {"path": options["columns_doc"]})
            return
        kind, path, username = options["kind"], options["file"], options["user"]
        if not kind or not path or not username:
            raise CommandError(_("Cần: import_data <loại> <tệp> --user <tên đăng nhập> [--dry-run]"))
        user = get_user_model().objects.select_related("unit").filter(username=username).first()
        if user is None:
            raise CommandError(_("Không có người dùng «%(name)s».") % {"name": username})
        importer_cls = get_importer(kind)
        if not importer_cls.allowed(user):
            raise CommandError(_("Người dùng «%(name)s» không có quyền nhập loại dữ liệu này.") % {"name": username})
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(_("Không đọc được tệp %(path)s: %(error)s") % {"path": path, "error": exc}) from exc
        name = Path(path).name
        digest = hashlib.sha256(data).hexdigest()[:12]
        importer = importer_cls(
            actor=user,
            reason=_("Nhập dữ liệu từ tệp «%(name)s» (dòng lệnh, sha256 %(digest)s…)")
            % {"name": name, "digest": digest},
        )
        try:
            table = read_table(data, name)
        except FileRefused as exc:
            report = refused_report(kind, exc.message, name)
        else:
            try:
                report = run_import(
                    importer, table, commit=not options["dry_run"], progress=self._progress, file_name=name
                )
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from exc
        self._print(report, options)
        if report.has_errors:
            raise CommandError(_("%(n)s lỗi; không dòng nào được ghi.") % {"n": report.error_count}, returncode=1)

    def _progress(self, done, total):
        if total >= 1000 and self.stderr.isatty():
            self.stderr.write(f"\r{done}/{total}", ending="")

    def _print(self, report, options):
        out = self.stdout
        header = _("Kiểm tra (chạy thử, không ghi gì)") if options["dry_run"] else _("Nhập dữ liệu")
        out.write(f"{header}: {report.file_name} – {report.kind}")
        for warning in report.warnings:
            out.write(_("Lưu ý: %(text)s") % {"text": warning})
        for issue in report.errors:
            self.stderr.write(_("LỖI %(text)s") % {"text": issue.as_text()})
        for action in report.actions[: options["show"]]:
            line = f"  {_('Dòng')} {action['row']}: {ACTION_LABELS[action['action']]} {action['label']}"
            if action["changes"]:
                line += " (" + "; ".join(action["changes"]) + ")"
            out.write(line)
        hidden = report.created + report.updated - min(len(report.actions), options["show"])
        if hidden > 0:
            out.write(_("  … và %(n)s dòng khác") % {"n": hidden})
        verb = _("đã") if report.committed else _("sẽ")
        out.write(
            _(
                "Tổng %(total)s dòng: %(verb)s thêm mới %(created)s, %(verb)s cập nhật %(updated)s, không đổi "
                "%(unchanged)s; %(errors)s lỗi."
            )
            % {
                "total": report.total,
                "verb": verb,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "errors": report.error_count,
            }
        )
        if report.committed:
            out.write(self.style.SUCCESS(_("Đã ghi vào cơ sở dữ liệu.")))
        elif not report.has_errors:
            out.write(_("Chưa ghi gì (chạy thử). Bỏ --dry-run để nhập."))
