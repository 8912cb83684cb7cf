"""One declaration per list: the columns drive the page's table, the accepted ``?sort=`` keys and the export.

A ``Table`` subclass declares its columns as class attributes, in display order::

    class SubjectTable(Table):
        name = Column(_("Tên chủ thể"), "name", order_by="name", render=_name_cell)
        workforce = Column(_("Lao động"), "workforce_total", order_by="workforce_total", numeric=True)

Each ``Column`` has

- ``label``: the header of the page's column and of the export's column (the same text);
- ``accessor``: the plain value, a path (``"subject__name"``, a field with choices gives its label) or a callable
  ``obj -> value``; it is what the export writes and, without a template, what the page shows (numbers in the
  language's separators, dates dd/mm/yyyy, yes/no);
- ``order_by``: the database field(s) the column sorts on; the column's attribute name is then a ``?sort=`` key
  (``?sort=-name`` going down); a column without ``order_by`` does not sort;
- ``render``: a function ``(row, value) -> safe HTML`` for the page's cell when it shows more than the plain value
  (a link, badges, a second line), written with ``format_html`` and the helpers below (``text``, ``trans``,
  ``stars``, ``url``): a list page renders hundreds of cells, and a template per cell costs 40-80 µs of CPU each
  (11-18 % of a list page, issue #20), a function a few;
- ``template``: the same as a template (context: ``row``, ``value``), for the rarely shown lists;
- ``visible``: a callable ``request -> bool``; a hidden column is neither shown, nor sortable, nor exported.

``ScopedListView`` (``table_class``) renders the table with ``templates/includes/table.html``, sorts only on the
declared keys and exports the visible columns in the same order (``ocop_portal.exports``). ``Table.prepare(rows)``
loads what the cells need for one page or one export chunk (e.g. the dossier completeness of those products).
Every table is registered in ``TABLES`` (``tests/test_tables.py`` checks every list page has one).
"""

import datetime
import decimal
import functools

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.loader import get_template
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import formats, timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .exports import resolve
from .formatting import format_date, format_number

TABLES = []


class Column:
    _counter = 0

    def __init__(
        self, label, accessor, *, order_by=None, render=None, template=None, visible=None, numeric=False, decimals=None
    ):
        if accessor is None:
            raise TypeError("A column needs an accessor: the plain value that the export writes.")
        if render is not None and template is not None:
            raise TypeError("A column's cell is a render function or a template, not both.")
        self.render = render
        self._parts = accessor.split("__") if isinstance(accessor, str) else ()
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
        """``ocop_portal.exports.resolve`` (what the export writes), with a choice's label from ``choice_label``."""
        accessor = self.accessor
        if callable(accessor):
            return accessor(obj)
        parts = self._parts
        value = obj
        for index, part in enumerate(parts):
            if value is None:
                return None
            if index == len(parts) - 1 and isinstance(value, models.Model):
                field = _choice_field(type(value), part)
                if field is not None:
                    return choice_label(field, getattr(value, field.attname))
            value = getattr(value, part)
            if callable(value) and not isinstance(value, models.Model) and not hasattr(value, "all"):
                value = value()
        if hasattr(value, "all") and callable(value.all):
            return resolve(obj, accessor)
        return value

    def html(self, obj, request):
        value = self.value(obj)
        if self.render is not None:
            return self.render(obj, value)
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


# --- helpers of the cells' render functions: each writes what the template engine would ---------------------------


def text(value):
    """``{{ value }}``: a datetime in local time, localised (numbers with the language's separators), escaped."""
    if isinstance(value, datetime.datetime) and settings.USE_TZ and timezone.is_aware(value):
        value = timezone.localtime(value)
    value = formats.localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


def per_language(function):
    """A cell's fixed fragment (a badge with its translated title), built once per language."""
    built = {}

    @functools.wraps(function)
    def fragment():
        language = get_language()
        html = built.get(language)
        if html is None:
            html = built[language] = function()
        return html

    return fragment


def date_text(value):
    """``{{ value|date:"d/m/Y" }}``."""
    if value in (None, ""):
        return ""
    return text(formats.date_format(value, "d/m/Y"))


def trans(message):
    """``{% translate "message" %}``: a literal's translation, safe as the template engine takes it."""
    return mark_safe(_(message))  # noqa: S308 - the portal's own catalogue, as the template engine trusts it


def blocktrans(message, **values):
    """``{% blocktranslate with n=... %}...{{ n }}...{% endblocktranslate %}`` (``message`` with ``%(n)s``): the
    catalogue's string as it is, the values as ``{{ n }}`` writes them."""
    return mark_safe(_(message) % {key: text(value) for key, value in values.items()})  # noqa: S308 - values escaped


_URL_PATTERNS = {}
_SENTINEL = 918273645501  # an integer no route holds as text: where a cell's integer key goes in its URL


def url(name, *args):
    """``{% url name args %}``, or "" when it does not resolve (``{% url ... as var %}{% if var %}``).

    ``reverse()`` costs 15-40 µs; a page of 25 rows links each row. For integer keys the route is reversed once per
    process (and script prefix) with a sentinel key, then filled in: the same URL, since an integer is written as
    its digits in a URL."""
    if args and all(type(arg) is int for arg in args):
        key = (name, len(args), get_script_prefix())
        pattern = _URL_PATTERNS.get(key)
        if pattern is None:
            try:
                reversed_url = reverse(name, args=[_SENTINEL] * len(args))
            except NoReverseMatch:
                reversed_url = None
            if reversed_url is not None and reversed_url.count(str(_SENTINEL)) == len(args):
                pattern = reversed_url.replace("{", "{{").replace("}", "}}").replace(str(_SENTINEL), "{}")
            else:
                pattern = False  # not a route of integer keys: reverse() every time
            _URL_PATTERNS[key] = pattern
        if pattern:
            return pattern.format(*args)
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


_CHOICE_FIELDS = {}
_LABELS = {}


def label_of(obj, name):
    """``obj.get_<name>_display()`` through ``choice_label``."""
    return choice_label(_choice_field(type(obj), name), getattr(obj, name))


def _choice_field(model, name):
    """``model``'s field ``name`` when it has choices (and is not a relation), else None; looked up once."""
    key = (model, name)
    try:
        return _CHOICE_FIELDS[key]
    except KeyError:
        pass
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is not None and (not getattr(field, "choices", None) or field.is_relation):
        field = None
    _CHOICE_FIELDS[key] = field
    return field


def choice_label(field, value):
    """``obj.get_FOO_display()`` for ``field``'s ``value``: the label in the active language, from a table built once
    per field and language (Django builds the dictionary of the choices at every call, 30-40 µs)."""
    key = (field, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {make_hashable(choice): str(label) for choice, label in field.flatchoices}
    try:
        return labels[make_hashable(value)]
    except (KeyError, TypeError):
        return force_str(value, strings_only=True)


_STARS = {}


def stars(n):
    """``decisions/_stars.html`` with ``n``: ★ n times, "n sao" as its title and label (with the file's newline)."""
    key = (n, get_language())
    html = _STARS.get(key)
    if html is None:
        label = blocktrans("%(n)s sao", n=n)
        html = _STARS[key] = format_html(
            '<span class="stars" title="{}" aria-label="{}">{}</span>\n', label, label, "★" * max(1, int(n))
        )
    return html


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
