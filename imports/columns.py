"""Column specs of the import files: what each cell holds, how it is read, how it is written back on export.

A ``Column`` names its Vietnamese header (exactly as in the template file), the importer's field, a value type, whether
it is required, a help text and an example. The same spec generates the template file, the column documentation
(``imports/README-columns.md``) and the export of the list page, so an exported list can be imported back.

Value types parse what spreadsheets really contain: numbers typed as text with Vietnamese separators (1.234,5),
dates typed as text (15/06/2023), "Có"/"Không", labels of choices with or without diacritics.
"""

import datetime
import decimal
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ocop_portal.formatting import format_date, format_number, parse_number
from ocop_portal.text import fold


class ParseError(Exception):
    """A cell whose value cannot be read; ``message`` says what is wrong, in Vietnamese."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def is_blank(raw):
    return raw is None or (isinstance(raw, str) and not raw.strip())


def clean_text(raw):
    """A cell as text: NFC, trimmed; a whole number typed into Excel (1400123456.0) loses its ".0"."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return _("Có") if raw else _("Không")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime.datetime):
        raw = raw.date() if raw.time() == datetime.time(0) else raw
    if isinstance(raw, datetime.date):
        return format_date(raw)
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=@+-\t\r":
        text = text[1:]  # the apostrophe the CSV export puts before formula-like text
    return text


class ValueType:
    """Base of the cell types. ``parse`` turns a non-blank cell into a Python value or raises ``ParseError``."""

    label = ""

    def parse(self, raw):
        raise NotImplementedError

    def describe(self):
        return self.label

    def export(self, value):
        return value


class Text(ValueType):
    def __init__(self, max_length=None, *, code=False):
        self.max_length = max_length
        self.code = code

    @property
    def label(self):
        if self.code:
            return _("Mã (chữ số, chữ cái)")
        return _("Chữ, tối đa %(n)s ký tự") % {"n": self.max_length} if self.max_length else _("Chữ")

    def parse(self, raw):
        text = clean_text(raw)
        if self.code:
            text = "".join(text.split()).upper()
        if self.max_length and len(text) > self.max_length:
            raise ParseError(
                _("dài %(length)s ký tự, tối đa %(max)s ký tự.") % {"length": len(text), "max": self.max_length}
            )
        return text


def to_decimal(raw):
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int):
        return decimal.Decimal(raw)
    if isinstance(raw, float):
        return decimal.Decimal(repr(raw))
    if isinstance(raw, decimal.Decimal):
        return raw
    if isinstance(raw, (datetime.date, datetime.datetime)):
        raise ValueError(raw)
    return parse_number(clean_text(raw))


class Integer(ValueType):
    def __init__(self, minimum=0, maximum=None):
        self.minimum = minimum
        self.maximum = maximum

    @property
    def label(self):
        return _("Số nguyên")

    def describe(self):
        parts = [str(self.label)]
        if self.minimum is not None and self.maximum is not None:
            parts.append(_("từ %(min)s đến %(max)s") % {"min": self.minimum, "max": self.maximum})
        elif self.minimum is not None:
            parts.append(_("từ %(min)s trở lên") % {"min": self.minimum})
        return ", ".join(parts)

    def parse(self, raw):
        try:
            value = to_decimal(raw)
        except (ValueError, decimal.InvalidOperation):
            raise ParseError(_("không phải số nguyên.")) from None
        if value != value.to_integral_value():
            raise ParseError(_("phải là số nguyên (không có phần thập phân)."))
        value = int(value)
        if self.minimum is not None and value < self.minimum:
            raise ParseError(_("phải từ %(min)s trở lên.") % {"min": self.minimum})
        if self.maximum is not None and value > self.maximum:
            raise ParseError(_("không được lớn hơn %(max)s.") % {"max": self.maximum})
        return value


class Number(ValueType):
    """A decimal number (amounts in million VND, scores): Decimal, never float."""

    def __init__(self, decimal_places=3, minimum=decimal.Decimal(0), maximum=None, max_digits=14):
        self.decimal_places = decimal_places
        self.minimum = minimum
        self.maximum = maximum
        self.max_digits = max_digits

    @property
    def label(self):
        return _("Số, tối đa %(n)s chữ số thập phân (vd. 1.234,5)") % {"n": self.decimal_places}

    def parse(self, raw):
        try:
            value = to_decimal(raw)
        except (ValueError, decimal.InvalidOperation):
            raise ParseError(_("không phải số (viết như 1.234,5 hoặc 1234,5).")) from None
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.decimal_places:
            raise ParseError(_("có quá %(n)s chữ số thập phân.") % {"n": self.decimal_places})
        if self.minimum is not None and value < self.minimum:
            raise ParseError(
                _("phải từ %(min)s trở lên.") % {"min": format_number(self.minimum, None, strip_zeros=True)}
            )
        if self.maximum is not None and value > self.maximum:
            raise ParseError(
                _("không được lớn hơn %(max)s.") % {"max": format_number(self.maximum, None, strip_zeros=True)}
            )
        whole_digits = len(str(int(abs(value)))) if abs(value) >= 1 else 0
        if whole_digits > self.max_digits - self.decimal_places:
            raise ParseError(_("quá lớn."))
        return value


DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


class Date(ValueType):
    @property
    def label(self):
        return _("Ngày, dạng dd/mm/yyyy (vd. 15/06/2023)")

    def parse(self, raw):
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        if isinstance(raw, (int, float, decimal.Decimal)):
            raise ParseError(_("là một số, không phải ngày; hãy ghi ngày dạng dd/mm/yyyy."))
        text = clean_text(raw)
        match = DATE_TEXT.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
        else:
            match = ISO_DATE.match(text)
            if not match:
                raise ParseError(_("không phải ngày dạng dd/mm/yyyy."))
            year, month, day = (int(part) for part in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ParseError(_("không phải ngày có thật (dd/mm/yyyy).")) from None

    def export(self, value):
        return value


YES = {"co", "x", "1", "true", "yes", "dung", "phai", "c"}
NO = {"khong", "0", "false", "no", "sai", "k"}


class Boolean(ValueType):
    @property
    def label(self):
        return _("Có / Không (để trống là Không)")

    def parse(self, raw):
        if isinstance(raw, bool):
            return raw
        folded = fold(clean_text(raw))
        if folded in YES:
            return True
        if folded in NO:
            return False
        raise ParseError(_("chỉ ghi «Có» hoặc «Không»."))

    def export(self, value):
        return _("Có") if value else _("Không")


class Choice(ValueType):
    """One of ``choices`` [(value, label)], written by its label; the code and ``aliases`` are also accepted."""

    def __init__(self, choices, aliases=None):
        self._choices = choices
        self.aliases = aliases or {}
        self._table = None

    @property
    def choices(self):
        return list(self._choices() if callable(self._choices) else self._choices)

    @property
    def label(self):
        return _("Một trong: %(labels)s") % {"labels": "; ".join(str(label) for _v, label in self.choices)}

    def lookup(self):
        if self._table is not None and not callable(self._choices):
            return self._table
        table = {}
        for value, label in self.choices:
            table[fold(str(value))] = value
            table[fold(str(label))] = value
        for alias, value in self.aliases.items():
            table[fold(alias)] = value
        self._table = table
        return table

    def parse(self, raw):
        folded = fold(clean_text(raw))
        table = self.lookup()
        if folded in table:
            return table[folded]
        raise ParseError(
            _("không có trong danh sách (%(labels)s).")
            % {"labels": "; ".join(str(label) for _v, label in self.choices)}
        )

    def export(self, value):
        for code, label in self.choices:
            if code == value:
                return str(label)
        return value


@dataclass
class Column:
    """One column of an import file and of the matching export.

    ``field``: the importer's name for the value. ``export``: a path or callable giving the exported cell (default:
    ``field`` through ``type.export``). ``imported=False``: a column written on export for the reader (a name next to
    a code) and ignored on import. ``default``: the value of a blank optional cell.
    """

    header: str
    field: str
    type: ValueType
    required: bool = False
    help: str = ""
    example: Any = ""
    export: Any = None
    imported: bool = True
    default: Any = None
    key: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def folded_header(self):
        return header_key(self.header)

    def export_value(self, obj):
        from ocop_portal.exports import resolve

        if self.export is not None:
            return resolve(obj, self.export) if isinstance(self.export, str) else self.export(obj)
        return self.type.export(resolve(obj, self.field))


def header_key(text):
    """How headers are compared: without diacritics, case, "*", line breaks, extra spaces or a "(bắt buộc)" note."""
    text = clean_text(text).replace("*", " ")
    text = re.sub(r"\((bat buoc|bắt buộc)\)", " ", text, flags=re.IGNORECASE)
    return fold(text)
