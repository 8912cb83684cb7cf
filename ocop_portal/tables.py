"""One declaration per list: the columns drive the page's table, the accepted ``?sort=`` keys and the export.

A ``Table`` subclass declares its columns as class attributes, in display order::

    class SubjectTable(Table):
        name = Column(_("Tên chủ thể"), "name", order_by="name", template="subjects/cells/name.html")
        workforce = Column(_("Lao động"), "workforce_total", order_by="workforce_total", numeric=True)

Each ``Column`` has

- ``label``: the header of the page's column and of the export's column (the same text);
- ``accessor``: the plain value, a path (``"subject__name"``, a field with choices gives its label) or a callable
  ``obj -> value``; it is what the export writes and, without a template, what the page shows (numbers in the
  language's separators, dates dd/mm/yyyy, yes/no);
- ``order_by``: the database field(s) the column sorts on; the column's attribute name is then a ``?sort=`` key
  (``?sort=-name`` going down); a column without ``order_by`` does not sort;
- ``template``: a template for the page's cell (context: ``row``, ``value``) when it shows more than the plain
  value (a link, badges, a second line);
- ``visible``: a callable ``request -> bool``; a hidden column is neither shown, nor sortable, nor exported.

``ScopedListView`` (``table_class``) renders the table with ``templates/includes/table.html``, sorts only on the
declared keys and exports the visible columns in the same order (``ocop_portal.exports``). ``Table.prepare(rows)``
loads what the cells need for one page or one export chunk (e.g. the dossier completeness of those products).
Every table is registered in ``TABLES`` (``tests/test_tables.py`` checks every list page has one).
"""

import datetime
import decimal

from django.conf import settings
from django.template.loader import get_template
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _

from .exports import resolve
from .formatting import format_date, format_number

TABLES = []


class Column:
    _counter = 0

    def __init__(self, label, accessor, *, order_by=None, template=None, visible=None, numeric=False, decimals=None):
        if accessor is None:
            raise TypeError("A column needs an accessor: the plain value that the export writes.")
        self.label = label
        self.accessor = accessor
        self.order_by = (order_by,) if isinstance(order_by, str) else tuple(order_by or ())
        self.template = template
        self.visible = visible
        self.numeric = numeric
        self.decimals = decimals
        self.name = None
        self._compiled = None
        Column._counter += 1
        self._order = Column._counter

    @property
    def sortable(self):
        return bool(self.order_by)

    @property
    def css(self):
        return "num" if self.numeric else ""

    def is_visible(self, request):
        return self.visible is None or bool(self.visible(request))

    def value(self, obj):
        return resolve(obj, self.accessor)

    def html(self, obj, request):
        value = self.value(obj)
        if self.template:
            # No request: the page's context processors would run again for every cell. The compiled template is
            # kept on the column (found once per process, not once per cell); in development it is looked up every
            # time so that an edited cell template shows at the next request.
            template = self._compiled
            if template is None:
                template = get_template(self.template)
                if not settings.DEBUG:
                    self._compiled = template
            return template.render({"row": obj, "value": value})
        return conditional_escape(display(value, self.decimals))


def display(value, decimals=None):
    """How a plain value reads in a page cell."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return format_date(value)
    if isinstance(value, (int, float, decimal.Decimal)):
        return format_number(value, decimals)
    return formats.localize(value)


class Row(list):
    """The rendered cells of one object, ``[(css, html)]``; ``css`` is the row's class (``Table.row_class``)."""

    def __init__(self, cells, css=""):
        super().__init__(cells)
        self.css = css


class TableMeta(type):
    def __new__(mcs, name, bases, attrs):
        cls = super().__new__(mcs, name, bases, attrs)
        declared = {}
        for base in reversed(cls.__mro__[1:]):
            declared.update(getattr(base, "declared_columns", {}))
        own = sorted(((k, v) for k, v in attrs.items() if isinstance(v, Column)), key=lambda item: item[1]._order)
        for key, column in own:
            column.name = key
            declared[key] = column
        cls.declared_columns = declared
        if declared and not attrs.get("abstract", False):
            TABLES.append(cls)
        return cls


class Table(metaclass=TableMeta):
    """The columns of one list for one request; ``rows`` are the page's objects."""

    abstract = True
    empty_text = None  # the message of an empty table; ``empty_template`` for one with links
    empty_template = None
    select_related = ()  # for the export (the page's queryset already has what it shows)
    prefetch_related = ()

    def __init__(self, request, rows=()):
        self.request = request
        self.columns = [column for column in self.declared_columns.values() if column.is_visible(request)]
        self.object_list = rows

    @classmethod
    def prepare(cls, rows):
        """Load in bulk what the cells of ``rows`` need (one page, or one chunk of an export)."""

    def row_class(self, obj):
        """The CSS class of ``obj``'s row on the page (e.g. "historical")."""
        return ""

    @property
    def rows(self):
        rows = list(self.object_list)
        self.prepare(rows)
        return [
            Row([(column.css, column.html(obj, self.request)) for column in self.columns], self.row_class(obj))
            for obj in rows
        ]

    def ordering(self):
        """``{sort key: (field, ...)}`` of the visible sortable columns."""
        return {column.name: column.order_by for column in self.columns if column.sortable}

    def export_columns(self):
        return [(str(column.label), column.accessor) for column in self.columns]

    def labels(self):
        return [str(column.label) for column in self.columns]

    def get_empty_text(self):
        return self.empty_text or _("Không có bản ghi nào.")
