"""Export of any list page to XLSX or CSV, with the same filters and area scope as the page.

``ExportMixin`` (mixed into ``ScopedListView``) answers ``?export=xlsx`` and ``?export=csv`` on every list page with
the page's own queryset, ``self.get_queryset()``: the filters, the sort and ``restrict(user, action)`` of the page,
without pagination. The columns are, in order of precedence:

1. the view's ``table_class`` (``ocop_portal.tables``): the columns the user sees on the page, same labels, same
   order, plain values (an accessor is a path such as ``"subject__name"``, where a field with choices gives its
   label, or a callable ``obj -> value``);
2. with ``?layout=import``: the columns registered for the model with ``register_columns`` (the ``imports`` app
   registers the column spec of each importer, so an exported list can be loaded back by the import of the same
   kind; a list without an importer answers 404);
3. a view without a table (none today): a default built from the model's concrete fields and their
   ``verbose_name``.

CSV is UTF-8 with a BOM (Excel then reads Vietnamese correctly), dates dd/mm/yyyy, decimals with the Vietnamese
separators (7.678,61), yes/no as "Có"/"Không". XLSX has bold, frozen headers, column widths, real dates and numbers.
File names keep their diacritics through RFC 5987 (``filename*=UTF-8''...``) with an ASCII fallback.
"""

import csv
import datetime
import decimal
import io
import re
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .downloads import content_disposition
from .formatting import format_date, format_number

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
EXPORT_FORMATS = ("xlsx", "csv")
CHUNK_SIZE = 2000
WIDTH_SAMPLE_ROWS = 200
# Internal fields never worth a column in the default export.
SKIPPED_FIELDS = {"search_text", "path", "storage_key", "sha256", "evidence_key"}
# A text cell starting with one of these would run as a formula in Excel: CSV gets a leading apostrophe.
FORMULA_PREFIXES = ("=", "@", "\t", "\r")
PLAIN_SIGNED = re.compile(r"^[+-][\d\s().,]*$")


@dataclass(frozen=True)
class ExportSpec:
    """What an export writes: ``columns`` [(header, accessor)], the relations to ``select_related`` and those to
    ``prefetch_related`` (a column listing several related rows, read in one query per chunk)."""

    columns: tuple
    select_related: tuple = ()
    prefetch_related: tuple = ()
    prepare: object = None  # a callable loading what a chunk of rows needs (``Table.prepare``)


_registry = {}


def register_columns(model, columns, select_related=(), prefetch_related=()):
    """Register ``columns`` (a list, or a callable returning one) as the export of ``model``'s list pages."""
    _registry[model] = (columns, tuple(select_related), tuple(prefetch_related))


def registered_spec(model):
    entry = _registry.get(model)
    if entry is None:
        return None
    columns, related, prefetch = entry
    columns = columns() if callable(columns) else columns
    return ExportSpec(tuple(columns), related or relations_for(model, columns), prefetch)


def _is_internal(field):
    if field.name in SKIPPED_FIELDS:
        return True
    # No explicit verbose_name (Django derived it from the name): a technical field.
    return not field.primary_key and str(field.verbose_name) == field.name.replace("_", " ")


def default_spec(model):
    """One column per concrete field, headed by its verbose_name; relations show their text."""
    columns = []
    related = []
    for field in model._meta.concrete_fields:
        if _is_internal(field):
            continue
        header = "ID" if field.primary_key else _capitalise(str(field.verbose_name))
        columns.append((header, field.name))
        if field.is_relation:
            # The relation's text (__str__) often reads one relation further (an authority's unit...).
            related.append(field.name)
            related += [
                f"{field.name}__{sub.name}"
                for sub in field.related_model._meta.concrete_fields
                if sub.is_relation and sub.many_to_one
            ]
    return ExportSpec(tuple(columns), tuple(related))


def _capitalise(text):
    return text[:1].upper() + text[1:]


def relations_for(model, columns):
    """The forward relations that the path accessors of ``columns`` walk through (for ``select_related``)."""
    related = set()
    for _header, accessor in columns:
        if not isinstance(accessor, str):
            continue
        current, prefix = model, []
        for part in accessor.split("__"):
            try:
                field = current._meta.get_field(part)
            except FieldDoesNotExist:
                break
            if not (field.is_relation and (field.many_to_one or field.one_to_one)) or field.related_model is None:
                break
            prefix.append(part)
            related.add("__".join(prefix))
            current = field.related_model
    return tuple(sorted(related))


def resolve(obj, accessor):
    """The value of ``accessor`` on ``obj``: a callable, or a path whose last field shows its choice label."""
    if callable(accessor):
        return accessor(obj)
    value = obj
    parts = accessor.split("__")
    for index, part in enumerate(parts):
        if value is None:
            return None
        last = index == len(parts) - 1
        if last and isinstance(value, models.Model):
            try:
                field = value._meta.get_field(part)
            except FieldDoesNotExist:
                field = None
            if field is not None and getattr(field, "choices", None) and not field.is_relation:
                # ``get_<part>_display()`` builds the choices' dictionary at every call (30-40 µs a cell).
                from .tables import choice_label  # here: ``tables`` imports this module

                return choice_label(field, getattr(value, field.attname))
        value = getattr(value, part)
        if callable(value) and not isinstance(value, models.Model) and not hasattr(value, "all"):
            value = value()
    if hasattr(value, "all") and callable(value.all):  # a many-to-many or reverse manager
        return ", ".join(str(item) for item in value.all())
    return value


# --- cell formatting --------------------------------------------------------------------------------------------


def _local(value):
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def text_of(value):
    """How a value is written in a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.date):
        return format_date(value)  # a datetime in Vietnam time with its hour
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (decimal.Decimal, float)):
        return format_number(value, None, "vi", strip_zeros=True)  # 7.678,61 whatever the page's language
    text = str(value)
    if text.startswith(FORMULA_PREFIXES) or (text.startswith(("+", "-")) and not PLAIN_SIGNED.match(text)):
        return "'" + text
    return text


def xlsx_value(value):
    """(cell value, number format) for an XLSX cell."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không")), None
    if isinstance(value, datetime.datetime):
        return _local(value), "DD/MM/YYYY HH:MM"
    if isinstance(value, datetime.date):
        return value, "DD/MM/YYYY"
    if isinstance(value, (int, float, decimal.Decimal)):
        return value, None
    return ILLEGAL_CHARACTERS_RE.sub("", str(value)), None


# --- writers ----------------------------------------------------------------------------------------------------


def _rows(queryset, columns, prepare=None):
    accessors = [accessor for _header, accessor in columns]
    iterable = queryset.iterator(chunk_size=CHUNK_SIZE) if hasattr(queryset, "iterator") else queryset
    if prepare is None:
        for obj in iterable:
            yield [resolve(obj, accessor) for accessor in accessors]
        return
    chunk = []
    for obj in _chain(iterable, [None]):
        if obj is not None:
            chunk.append(obj)
        if chunk and (obj is None or len(chunk) >= CHUNK_SIZE):
            prepare(chunk)
            for item in chunk:
                yield [resolve(item, accessor) for accessor in accessors]
            chunk = []


class _Echo:
    def write(self, value):
        return value


def csv_chunks(headers, rows):
    """BOM, then the header line, then one line per row (for a streaming response)."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(headers)
    for row in rows:
        yield writer.writerow([text_of(value) for value in row])


def csv_bytes(headers, rows):
    return "".join(csv_chunks(headers, rows)).encode("utf-8")


def _width(value):
    if value is None:
        return 0
    if isinstance(value, (datetime.date, datetime.datetime)):
        return 16 if isinstance(value, datetime.datetime) else 11
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_bytes(headers, rows, *, sheet_title=""):
    """A one-sheet workbook: bold frozen header row, widths from the header and the first rows, auto filter."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_name(sheet_title))
    rows = iter(rows)
    sample = []
    for row in rows:
        sample.append(row)
        if len(sample) >= WIDTH_SAMPLE_ROWS:
            break
    for index, header in enumerate(headers, start=1):
        width = max([len(header)] + [_width(row[index - 1]) for row in sample])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        cell.alignment = wrap
        cell.data_type = "s"
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in _chain(sample, rows):
        count += 1
        cells = []
        for value in row:
            cell_value, number_format = xlsx_value(value)
            cell = WriteOnlyCell(sheet, value=cell_value)
            if isinstance(cell_value, str):
                cell.data_type = "s"  # "=..." stays text, never a formula
            if number_format:
                cell.number_format = number_format
            cells.append(cell)
        sheet.append(cells)
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _chain(first, rest):
    yield from first
    yield from rest


def sheet_name(title):
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", str(title or "")).strip() or "Sheet1"
    return cleaned[:31]


# --- responses --------------------------------------------------------------------------------------------------


def export_filename(title, fmt, today=None):
    today = today or timezone.localdate()
    stem = re.sub(r'[\\/:*?"<>|\r\n]+', " ", str(title)).strip() or "danh-sach"
    return f"{stem} {today:%d-%m-%Y}.{fmt}"


def export_response(queryset, columns, *, fmt, title, prepare=None):
    """An XLSX (built in write-only mode) or CSV (streamed) download of ``queryset`` with ``columns``."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    headers = [str(header) for header, _accessor in columns]
    rows = _rows(queryset, columns, prepare)
    filename = export_filename(title, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(csv_chunks(headers, rows), content_type=CSV_CONTENT_TYPE)
    else:
        response = HttpResponse(xlsx_bytes(headers, rows, sheet_title=title), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "no-store"
    return response


class ExportMixin:
    """``?export=xlsx`` / ``?export=csv`` on a list view: the same filtered, area-restricted queryset as the page."""

    export_title = None
    export_param = "export"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get(self.export_param)
        if fmt:
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def get_export_spec(self):
        model = self.model
        if self.request.GET.get("layout") == "import":
            spec = registered_spec(model)
            if spec is None:
                raise Http404
            return spec
        if getattr(self, "table_class", None):
            return table_spec(model, self.get_table())
        return default_spec(model)

    def get_export_title(self):
        if self.export_title:
            return str(self.export_title)
        return _capitalise(str(self.model._meta.verbose_name_plural))

    def export(self, fmt):
        if fmt not in EXPORT_FORMATS:
            raise Http404
        spec = self.get_export_spec()
        queryset = self.get_queryset()
        if spec.select_related:
            queryset = queryset.select_related(*spec.select_related)
        if spec.prefetch_related:
            queryset = queryset.prefetch_related(*spec.prefetch_related)
        return export_response(queryset, spec.columns, fmt=fmt, title=self.get_export_title(), prepare=spec.prepare)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_import_layout"] = bool(getattr(self, "table_class", None)) and self.model in _registry
        return context


def table_spec(model, table):
    """The export of an ``ocop_portal.tables.Table``: its visible columns, in order, with their plain values."""
    columns = tuple(table.export_columns())
    related = tuple(sorted(set(relations_for(model, columns)) | set(table.select_related)))
    return ExportSpec(columns, related, tuple(table.prefetch_related), table.prepare)
