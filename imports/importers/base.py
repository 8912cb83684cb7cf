"""The import engine shared by every kind: header matching, cell parsing, duplicate keys, preview and commit.

``run_import(importer, table, commit=...)`` does the same work for a dry run and for a commit: it parses every row,
resolves references (units, subjects, product sets...), then calls the domain services (the same ones the pages
use) for every row inside ONE ``transaction.atomic()``. A dry run, or a run with any error, rolls that transaction
back, so the preview reports exactly what the commit would do, including the services' own rule errors, and a commit
is all or nothing. Rows whose values equal the stored record are "unchanged": no service call, no audit entry.
"""

import decimal
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from ocop_portal.exports import text_of

from ..columns import Boolean, Text, clean_text, header_key, is_blank
from ..readers import FileRefused

MAX_STORED_ACTIONS = 1000
MAX_STORED_ERRORS = 2000
HEADER_SEARCH_ROWS = 20


class RowError(Exception):
    """A problem with one row, attached to the column of ``field`` (None: the whole row)."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class Issue:
    row: int | None
    column: str
    header: str
    value: str
    message: str

    def as_text(self):
        parts = []
        if self.row:
            parts.append(_("Dòng %(row)s") % {"row": self.row})
        if self.header:
            parts.append(_("cột %(col)s «%(header)s»") % {"col": self.column, "header": self.header})
        if self.value:
            parts.append(_("giá trị «%(value)s»") % {"value": self.value})
        prefix = ", ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


@dataclass
class Row:
    number: int
    raw: dict  # field -> raw cell value
    values: dict = field(default_factory=dict)  # field -> parsed value (present columns only)
    errors: list = field(default_factory=list)
    refs: dict = field(default_factory=dict)  # resolved references (unit, subject, existing record...)

    @property
    def ok(self):
        return not self.errors


@dataclass
class Report:
    kind: str
    file_name: str = ""
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: bool = False
    committed: bool = False
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    error_count: int = 0
    error_rows: int = 0

    @property
    def has_errors(self):
        return self.refused or self.error_count > 0

    def to_dict(self):
        return {
            "kind": self.kind,
            "file_name": self.file_name,
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": self.refused,
            "committed": self.committed,
            "error_count": self.error_count,
            "error_rows": self.error_rows,
            "errors": [issue.__dict__ for issue in self.errors[:MAX_STORED_ERRORS]],
            "warnings": [str(w) for w in self.warnings],
            "actions": self.actions[:MAX_STORED_ACTIONS],
        }

    def lines(self):
        """The report as lines of Vietnamese text (for the command line)."""
        out = [str(w) for w in self.warnings]
        out += [issue.as_text() for issue in self.errors]
        return out


def refused_report(kind, message, file_name=""):
    report = Report(kind=kind, file_name=file_name, refused=True, error_count=1)
    report.errors.append(Issue(None, "", "", "", message))
    return report


class _Rollback(Exception):
    pass


def _blank_value(column):
    if column.default is not None:
        return column.default
    if isinstance(column.type, Text):
        return ""
    if isinstance(column.type, Boolean):
        return False
    return None


def same_value(old, new):
    if isinstance(old, models.Model) or isinstance(new, models.Model):
        return getattr(old, "pk", old) == getattr(new, "pk", new)
    if isinstance(old, decimal.Decimal) or isinstance(new, decimal.Decimal):
        if old is None or new is None:
            return old is None and new is None
        return decimal.Decimal(old) == decimal.Decimal(new)
    if old is None and new == "" or old == "" and new is None:
        return True
    return old == new


class Importer:
    """One kind of import. Subclasses declare ``columns`` and implement ``resolve`` and ``apply``."""

    kind = ""
    label = ""
    description = ""
    model = None
    columns = []
    key_fields = ()
    key_label = ""
    # Model fields named by the services' ValidationErrors -> the column (field) that shows the error.
    error_columns = {}
    export_related = ()
    export_prefetch = ()
    exports_list = True  # register the columns as the export of the model's list pages
    do_not_call_in_templates = True  # templates get the class itself (label, columns), not an instance

    def __init__(self, *, actor, reason=""):
        self.actor = actor
        self.reason = reason or _("Nhập dữ liệu từ tệp")
        self._positions = {}
        self.row_warnings = []

    # --- the declaration --------------------------------------------------------------------------------------

    @classmethod
    def allowed(cls, user):
        raise NotImplementedError

    @classmethod
    def imported_columns(cls):
        return [column for column in cls.columns if column.imported]

    @classmethod
    def column(cls, field_name):
        for column in cls.columns:
            if column.field == field_name:
                return column
        return None

    @classmethod
    def export_columns(cls):
        return [(column.header, column.export_value) for column in cls.columns]

    # --- hooks ------------------------------------------------------------------------------------------------

    def prepare(self, rows):
        """Load in bulk what ``resolve`` needs (existing records, units...) for the parsed ``rows``."""

    def resolve(self, row):
        """Turn references into objects (``row.refs``); raise RowError or call ``self.error`` for problems."""

    def apply(self, row):
        """Write one row through the services; return ("create"|"update"|"unchanged", [change texts])."""
        raise NotImplementedError

    def key(self, row):
        return tuple(row.values.get(name) for name in self.key_fields)

    def describe(self, row):
        return " – ".join(str(row.values.get(name, "")) for name in self.key_fields)

    def key_text(self, row):
        return self.describe(row)

    # --- helpers for subclasses ----------------------------------------------------------------------------------

    def error(self, row, field_name, message):
        column = self.column(field_name) if field_name else None
        if column is not None and field_name in self._positions:
            letter = get_column_letter(self._positions[field_name])
            value = clean_text(row.raw.get(field_name))
            row.errors.append(Issue(row.number, letter, column.header, value, message))
        elif column is not None:
            row.errors.append(Issue(row.number, "", column.header, "", message))
        else:
            row.errors.append(Issue(row.number, "", "", "", message))

    def warn(self, row, field_name, message):
        """A value understood but not exactly as the template says (e.g. «Công ty TNHH» read as one of the two company
        forms): the row is kept and the preview shows the warning, so the clerk can check it before committing."""
        column = self.column(field_name) if field_name else None
        parts = [_("Dòng %(row)s") % {"row": row.number}]
        if column is not None and field_name in self._positions:
            letter = get_column_letter(self._positions[field_name])
            parts.append(_("cột %(col)s «%(header)s»") % {"col": letter, "header": column.header})
        self.row_warnings.append(f"{', '.join(parts)}: {message}")

    def present(self, field_name):
        return field_name in self._positions

    def changes(self, obj, data):
        """{field: new value} for the fields of ``data`` that differ from ``obj``."""
        changed = {}
        for name, value in data.items():
            if not same_value(getattr(obj, name), value):
                changed[name] = value
        return changed

    def change_texts(self, obj, changed):
        texts = []
        for name, new in changed.items():
            column = self.column(name) or next((c for c in self.columns if c.extra.get("model_field") == name), None)
            label = column.header if column else name
            old = getattr(obj, name)
            texts.append(f"{label}: «{self._shown(column, old)}» → «{self._shown(column, new)}»")
        return texts

    @staticmethod
    def _shown(column, value):
        if isinstance(value, models.Model):
            return str(value)
        if column is not None and value is not None:
            value = column.type.export(value)
        return text_of(value)

    def service_errors(self, row, exc):
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                target = self.error_columns.get(name, name)
                target = target if self.column(target) else None
                for message in messages:
                    self.error(row, target, message)
        else:
            for message in exc.messages:
                self.error(row, None, message)

    def apply_rows(self, rows, report, tick):
        for index, row in enumerate(rows, start=1):
            self.apply_one(row, report)
            tick(index)

    def apply_one(self, row, report):
        try:
            action, changes = self.apply(row)
        except RowError as exc:
            self.error(row, exc.field, exc.message)
        except ValidationError as exc:
            self.service_errors(row, exc)
        except PermissionDenied as exc:
            self.error(row, None, str(exc) or _("Bạn không có quyền ghi dòng này."))
        except (IntegrityError, DataError) as exc:
            self.error(row, None, _("Dữ liệu vi phạm ràng buộc của cơ sở dữ liệu (%(detail)s).") % {"detail": exc})
        else:
            report_action(report, row, action, self.describe(row), changes)


def report_action(report, row, action, label, changes=()):
    if action == "create":
        report.created += 1
    elif action == "update":
        report.updated += 1
    else:
        report.unchanged += 1
    if action != "unchanged" and len(report.actions) < MAX_STORED_ACTIONS:
        report.actions.append({"row": row.number, "action": action, "label": label, "changes": list(changes)})


# --- the engine -------------------------------------------------------------------------------------------------


def _locate_header(table, importer_cls):
    known = {column.folded_header: column for column in importer_cls.columns}
    needed = min(2, len(known))
    for number, cells in table.rows[:HEADER_SEARCH_ROWS]:
        hits = sum(1 for cell in cells if not is_blank(cell) and header_key(cell) in known)
        if hits >= needed:
            return number, cells
    examples = ", ".join(f"«{column.header}»" for column in importer_cls.columns if column.required)
    raise FileRefused(
        _("Không tìm thấy dòng tiêu đề cột. Dòng đầu của bảng phải là tên các cột như trong tệp mẫu (%(examples)s).")
        % {"examples": examples}
    )


def _map_columns(importer_cls, header_cells, warnings):
    known = {column.folded_header: column for column in importer_cls.columns}
    positions = {}
    seen = {}
    for index, cell in enumerate(header_cells, start=1):
        if is_blank(cell):
            continue
        column = known.get(header_key(cell))
        if column is None:
            warnings.append(
                _("Cột %(col)s «%(header)s» không thuộc tệp mẫu, được bỏ qua.")
                % {"col": get_column_letter(index), "header": clean_text(cell)}
            )
            continue
        if column.field in seen:
            raise FileRefused(
                _("Cột «%(header)s» xuất hiện hai lần (cột %(a)s và cột %(b)s).")
                % {"header": column.header, "a": get_column_letter(seen[column.field]), "b": get_column_letter(index)}
            )
        seen[column.field] = index
        if column.imported:
            positions[column.field] = index
    missing = [column.header for column in importer_cls.columns if column.required and column.field not in positions]
    if missing:
        raise FileRefused(
            _("Thiếu cột bắt buộc: %(columns)s. Hãy dùng tệp mẫu của trang nhập dữ liệu.")
            % {"columns": ", ".join(f"«{header}»" for header in missing)}
        )
    return positions


def _parse_rows(importer, table, header_number, positions, report):
    rows = []
    blank = 0
    for number, cells in table.rows:
        if number <= header_number:
            continue
        if all(is_blank(cell) for cell in cells):
            blank += 1
            continue
        raw = {name: (cells[index - 1] if index - 1 < len(cells) else None) for name, index in positions.items()}
        row = Row(number=number, raw=raw)
        for name in positions:
            column = importer.column(name)
            value = raw[name]
            if is_blank(value):
                if column.required:
                    importer.error(row, name, _("bắt buộc, không được để trống."))
                    continue
                row.values[name] = _blank_value(column)
                continue
            try:
                row.values[name] = column.type.parse(value)
            except Exception as exc:  # ParseError, or a type's unexpected failure on odd input
                importer.error(row, name, getattr(exc, "message", _("giá trị không hợp lệ.")))
        rows.append(row)
    if blank:
        report.warnings.append(_("Bỏ qua %(n)s dòng trống.") % {"n": blank})
    return rows


def _check_duplicates(importer, rows):
    first = {}
    for row in rows:
        if not importer.key_fields:
            continue
        key = importer.key(row)
        if any(part in (None, "") for part in key):
            continue
        if key in first:
            importer.error(
                row,
                importer.key_fields[0] if importer.column(importer.key_fields[0]) else None,
                _("trùng khoá với dòng %(other)s (%(key)s): mỗi %(what)s chỉ được có một dòng trong tệp.")
                % {"other": first[key], "key": importer.key_text(row), "what": importer.key_label},
            )
        else:
            first[key] = row.number


def run_import(importer, table, *, commit, progress=None, file_name="", before_commit=None):
    """Preview (``commit=False``) or commit one table; returns a ``Report``. Nothing is written unless
    ``commit`` is true and no row has an error. ``before_commit(report)`` is called inside the transaction, after
    the rows and before COMMIT (the job is marked done there, so the rows and "done" are committed together or not
    at all); it may raise to roll everything back."""
    report = Report(kind=importer.kind, file_name=file_name)
    report.warnings.extend(table.notes)
    tick_every = 1

    def tick(done, total):
        if progress is not None and (done == total or done % tick_every == 0):
            progress(done, total)

    try:
        header_number, header_cells = _locate_header(table, type(importer))
        if header_number > 1:
            report.warnings.append(
                _("Dòng tiêu đề cột là dòng %(n)s; các dòng phía trên được bỏ qua.") % {"n": header_number}
            )
        positions = _map_columns(type(importer), header_cells, report.warnings)
    except FileRefused as exc:
        refused = refused_report(importer.kind, exc.message, file_name)
        refused.warnings = report.warnings
        return refused
    importer._positions = positions
    rows = _parse_rows(importer, table, header_number, positions, report)
    report.total = len(rows)
    if not rows:
        return refused_report(importer.kind, _("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."), file_name)
    _check_duplicates(importer, rows)
    importer.prepare(rows)
    for row in rows:
        try:
            importer.resolve(row)
        except RowError as exc:
            importer.error(row, exc.field, exc.message)
        except KeyError:
            # A value ``resolve`` needs did not parse; that cell's error is already reported. Resolving the rows
            # with errors too lists every problem of the file at once (an unknown unit next to a bad number).
            if row.ok:
                raise
    report.warnings.extend(importer.row_warnings)
    ready = [row for row in rows if row.ok]
    tick_every = max(1, len(ready) // 50)
    try:
        with transaction.atomic():
            importer.apply_rows(ready, report, lambda done: tick(done, len(ready)))
            _collect_errors(report, rows)
            if not commit or report.error_count:
                raise _Rollback
            report.committed = True
            if before_commit is not None:
                before_commit(report)
    except _Rollback:
        pass
    return report


def _collect_errors(report, rows):
    issues = [issue for row in rows for issue in row.errors]
    report.errors = sorted(issues, key=lambda issue: issue.row or 0)
    report.error_count = len(issues)
    report.error_rows = sum(1 for row in rows if row.errors)


ACTION_LABELS = {
    "create": gettext_lazy("Thêm mới"),
    "update": gettext_lazy("Cập nhật"),
    "unchanged": gettext_lazy("Không đổi"),
}
