"""Files generated from the importers' column specs: the template offered on each import page (XLSX with a guide
sheet, or CSV) and the column documentation (``imports/README-columns.md``)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ocop_portal.exports import csv_bytes, text_of

from .importers import IMPORTERS

REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")


def _help(column):
    parts = []
    if column.key:
        parts.append(_("Khoá nhận dạng dòng."))
    if not column.imported:
        parts.append(_("Chỉ để đọc, không dùng khi nhập."))
    if column.help:
        parts.append(str(column.help))
    return " ".join(parts)


def template_columns(importer):
    """The columns a template shows: not those only recognised to be refused (a password column of the users)."""
    return [column for column in importer.columns if column.extra.get("template", True)]


def template_xlsx(importer):
    """Sheet «Dữ liệu»: the headers (required ones highlighted, each with its help as a comment); sheet «Hướng dẫn»:
    one line per column. The data sheet is read from row 2; the guide sheet is ignored on import."""
    workbook = Workbook()
    data = workbook.active
    data.title = _("Dữ liệu")
    bold = Font(bold=True)
    for index, column in enumerate(template_columns(importer), start=1):
        cell = data.cell(row=1, column=index, value=column.header)
        cell.data_type = "s"
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if column.required:
            cell.fill = REQUIRED_FILL
        note = " ".join(part for part in (str(column.type.describe()), _help(column)) if part)
        cell.comment = Comment(note, "Cổng OCOP", width=320, height=140)
        data.column_dimensions[get_column_letter(index)].width = min(max(len(column.header) + 4, 12), 40)
    data.freeze_panes = "A2"
    guide = workbook.create_sheet(_("Hướng dẫn"))
    guide.append([_("Cột"), _("Bắt buộc"), _("Kiểu dữ liệu"), _("Hướng dẫn"), _("Ví dụ")])
    for cell in guide[1]:
        cell.font = bold
    for column in template_columns(importer):
        guide.append(
            [
                column.header,
                _("Có") if column.required else "",
                str(column.type.describe()),
                _help(column),
                text_of(column.example) if column.example not in (None, "") else "",
            ]
        )
    for letter, width in zip("ABCDE", (38, 10, 40, 70, 26), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(importer):
    return csv_bytes([column.header for column in template_columns(importer)], [])


def columns_markdown():
    """The documentation of every import file, generated from the column specs (kept in imports/README-columns.md)."""
    lines = [
        "# Nhập dữ liệu từ Excel/CSV: các cột của từng loại tệp",
        "",
        "<!-- Tệp này được sinh từ khai báo cột trong imports/importers/ bằng "
        "`python manage.py import_data --columns-doc`; đừng sửa tay. -->",
        "",
        "Quy ước chung cho mọi loại tệp:",
        "",
        "- Tệp Excel (.xlsx, dữ liệu ở trang tính đầu tiên) hoặc CSV (UTF-8, có hoặc không có BOM; Windows-1258 "
        "cũng đọc được nếu chữ không bị lỗi; dấu phân cách `,` `;` hoặc tab). Dòng đầu của bảng là tên cột như tệp "
        "mẫu; thứ tự cột tuỳ ý; tên cột so không kể hoa thường, dấu và dấu `*`.",
        "- Cột thiếu hẳn trong tệp thì giữ nguyên dữ liệu đang có; ô để trống thì ghi giá trị trống (hoặc giá trị "
        "mặc định ghi trong bảng).",
        "- Ngày: `dd/mm/yyyy` (15/06/2023) hoặc ô kiểu ngày của Excel. Số: ô số của Excel, hoặc chữ theo kiểu Việt "
        "Nam `1.234,5`; `1.234` được hiểu là một nghìn hai trăm ba mươi tư. Có/Không: «Có», «Không», «x», để trống là "
        "Không.",
        "- Bị từ chối cả tệp: tệp không phải bảng tính, bảng mã lỗi, ô gộp, công thức (hãy dán giá trị), thiếu cột "
        "bắt buộc. Dòng trống được bỏ qua.",
        "- Kiểm tra trước (chạy thử) rồi mới xác nhận nhập; nhập là tất cả hoặc không gì cả. Nhập lại cùng một tệp "
        "không thay đổi gì và không ghi nhật ký.",
        "- Danh sách xuất ra Excel/CSV ở trang danh sách cùng loại có đúng các cột này, nên nhập lại được.",
        "",
        "Dòng lệnh: `python manage.py import_data <loại> <tệp> --user <tên đăng nhập> [--dry-run]`; loại là một trong "
        + ", ".join(f"`{kind}`" for kind in IMPORTERS)
        + ".",
        "",
    ]
    for kind, importer in IMPORTERS.items():
        lines += [f"## {importer.label} (`{kind}`)", "", str(importer.description), ""]
        lines += [
            _("Khoá nhận dạng dòng: %(key)s.") % {"key": importer.key_label},
            "",
            "| Cột | Bắt buộc | Kiểu dữ liệu | Hướng dẫn | Ví dụ |",
            "|---|---|---|---|---|",
        ]
        for column in template_columns(importer):
            example = text_of(column.example) if column.example not in (None, "") else ""
            cells = [
                column.header,
                "Có" if column.required else "",
                str(column.type.describe()),
                _help(column),
                example,
            ]
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
        lines.append("")
    return "\n".join(lines)
