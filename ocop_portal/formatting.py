"""The one place that writes and reads Vietnamese numbers, money and dates (issue #13).

Display: ``format_number(7678.61, 2)`` -> "7.678,61" (Vietnamese) or "7,678.61" (English); ``format_money_mvnd``
for million VND as the province writes them ("7.678,61", "395,9", "2.000"); ``format_percent``; ``format_count``
("05 sản phẩm"); ``format_date`` (15/06/2023, aware datetimes in Vietnam time) and ``format_document_date``
("Đồng Tháp, ngày 05 tháng 02 năm 2023"). Rounding is always half up; ``None`` (or "") gives "".

``language``: ``None`` follows the active language (pages, messages); report documents use the ``vi_*`` variants
(language fixed to ``"vi"``) so a Celery worker writes the same text as a web request. The separators come from ``ocop_portal/formats/<language>/``.

Reading: ``parse_number("7.678,61")`` == ``parse_number("7678.61")`` == ``parse_number("7 678,61")`` ==
``Decimal("7678.61")`` (imports, forms).

The template filter ``vn_number`` (``ocop_portal/templatetags/ocop.py``), the programme's ``mvnd``, the report
documents and charts, the dashboard charts, list exports (CSV/XLSX) and the import checks all call this module.
"""

import datetime
import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial

from django.utils import timezone, translation
from django.utils.formats import get_format

__all__ = [
    "format_count",
    "format_date",
    "format_document_date",
    "format_money_mvnd",
    "format_number",
    "format_percent",
    "parse_number",
    "to_decimal",
    "vi_count",
    "vi_money",
    "vi_number",
    "vi_percent",
]

MONEY_QUANTUM = Decimal("0.001")  # amounts are stored in million VND with three decimals (1.000 đồng)


def to_decimal(value):
    """A Decimal for a number, a float, an int or a number's text in Python form ("7678.61"); None when it is not
    one (None, "", "không phải số", a bool)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


@functools.lru_cache(maxsize=32)
def _separators_of(language):
    return get_format("THOUSAND_SEPARATOR", language), get_format("DECIMAL_SEPARATOR", language)


def _separators(language):
    """(thousands, decimal) of ``language`` (the active one by default), from ``ocop_portal/formats/``: fixed per
    language for the life of the process, so looked up once (a budget page formats 2.000 amounts)."""
    return _separators_of(language or translation.get_language() or "vi")


def _group(digits, separator):
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(parts)


def format_number(value, decimals=0, language=None, *, strip_zeros=False):
    """7678.61 -> "7.678,61"; (Decimal("81.405"), 2) -> "81,41" (half up); (1234567, 2) -> "1.234.567,00".

    ``decimals=None`` keeps the value's own decimals (Decimal("7678.610") -> "7.678,610"); ``strip_zeros`` drops
    trailing zeros of the fraction ("7.678,61", "2.000"). Negative numbers keep their sign ("-1.234,5"), a value that
    rounds to zero has none. None, "" or a value that is not a number -> "".
    """
    number = to_decimal(value)
    if number is None:
        return ""
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    whole, _dot, fraction = format(abs(number), "f").partition(".")
    if strip_zeros:
        fraction = fraction.rstrip("0")
    thousands, decimal_sep = _separators(language)
    sign = "-" if number < 0 and (whole.strip("0") or fraction.strip("0")) else ""
    return f"{sign}{_group(whole, thousands)}{decimal_sep + fraction if fraction else ''}"


def format_money_mvnd(value, language=None):
    """Million VND as the province writes them, to the thousand đồng: Decimal("7678.610") -> "7.678,61",
    "395.900" -> "395,9", 2000 -> "2.000", 0.0004 -> "0". None -> ""."""
    number = to_decimal(value)
    if number is None:
        return ""
    return format_number(number.quantize(MONEY_QUANTUM, rounding=ROUND_HALF_UP), None, language, strip_zeros=True)


def format_percent(value, language=None, *, empty="–"):
    """A percentage with two decimals: "39.5" -> "39,50"; None -> "–" (``empty``)."""
    return empty if to_decimal(value) is None else format_number(value, 2, language)


def format_count(value, language=None):
    """A count in a sentence of an official document: below 10 with a leading zero ("05 sản phẩm"), else grouped
    ("1.375"). None -> ""."""
    number = to_decimal(value)
    if number is None:
        return ""
    if 0 < number < 10:
        return f"{int(number):02d}"
    return format_number(number, 0, language)


def _as_date(value):
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def format_date(value, *, with_time=None):
    """Day first in both languages: date(2023, 6, 15) -> "15/06/2023"; an aware datetime in Vietnam time (the
    current time zone) with its time, "15/06/2023 08:30"; "2022-12-31" (ISO text, as in the stored figures) ->
    "31/12/2022". None or "" -> "". ``with_time=False`` writes only the day of a datetime."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M" if with_time is not False else "%d/%m/%Y")
    return _as_date(value).strftime("%d/%m/%Y")


def format_document_date(day, place=None):
    """The date line of an administrative document (Decree 30/2020): "ngày 05 tháng 02 năm 2023", the day below 10
    and the months 1 and 2 with a leading zero; with ``place``: "Đồng Tháp, ngày 05 tháng 02 năm 2023"."""
    day = _as_date(day)
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text


# Report documents and their charts are Vietnamese whatever the active language (a Celery worker writes the same text
# as a web request): the same functions with the language fixed.
vi_number = partial(format_number, language="vi")
vi_money = partial(format_money_mvnd, language="vi")
vi_percent = partial(format_percent, language="vi")
vi_count = partial(format_count, language="vi")


# --- reading --------------------------------------------------------------------------------------------------------

NUMBER_TEXT = re.compile(r"^[+-]?[\d.,]+$")
GROUPED = {".": re.compile(r"^\d{1,3}(\.\d{3})+$"), ",": re.compile(r"^\d{1,3}(,\d{3})+$")}
SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")


def parse_number(text):
    """A number as people write it, to a Decimal: "7.678,61", "7678,61", "7 678,61" (Vietnamese), "7678.61",
    "7,678.61" (English or a spreadsheet), "1.234" -> 1234, "-1,5" -> -1.5. Raises ``ValueError`` otherwise.

    Rules: spaces group thousands; with both separators the last one is the decimal separator; a single comma is
    decimal; a single dot followed by exactly three digits groups thousands (Vietnamese usage), otherwise it is
    decimal; repeated separators group thousands.
    """
    cleaned = str(text).strip().translate(SPACES)
    if not NUMBER_TEXT.match(cleaned) or not re.search(r"\d", cleaned):
        raise ValueError(text)
    sign = ""
    if cleaned[0] in "+-":
        sign, cleaned = ("-" if cleaned[0] == "-" else ""), cleaned[1:]
    has_dot, has_comma = "." in cleaned, "," in cleaned
    thousands = decimal_sep = None
    if has_dot and has_comma:
        decimal_sep = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
    elif has_comma:
        if cleaned.count(",") == 1:
            decimal_sep = ","
        else:
            thousands = ","
    elif has_dot:
        if cleaned.count(".") > 1 or GROUPED["."].match(cleaned):
            thousands = "."
        else:
            decimal_sep = "."
    whole, fraction = cleaned, ""
    if decimal_sep:
        if cleaned.count(decimal_sep) > 1:
            raise ValueError(text)
        whole, fraction = cleaned.split(decimal_sep)
    if thousands and thousands in whole:
        if not GROUPED[thousands].match(whole):
            raise ValueError(text)
        whole = whole.replace(thousands, "")
    if not whole.isdigit() and whole != "":
        raise ValueError(text)
    if fraction and not fraction.isdigit():
        raise ValueError(text)
    return Decimal(f"{sign}{whole or '0'}.{fraction or '0'}")
