"""Vietnamese formatting for report documents, independent of the active locale (a Celery worker renders the same
text as a web request): numbers 7.678,61, percentages 39,50, document dates "ngày 15 tháng 12 năm 2022"."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _group(digits):
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return ".".join(out)


def vn_number(value, places=0):
    """1375 -> "1.375"; (Decimal("81.4102"), 2) -> "81,41" (half up). None -> "" ."""
    number = _decimal(value)
    if number is None:
        return ""
    quantum = Decimal(1).scaleb(-places) if places else Decimal(1)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f")
    whole, _dot, frac = text.partition(".")
    return f"{sign}{_group(whole)}{',' + frac if frac else ''}"


def vn_percent(value):
    """ "39.50" -> "39,50" (two decimals); None -> "–"."""
    return "–" if value is None else vn_number(value, 2)


def vn_money(value):
    """Million VND as the province writes them: 7678.61 -> "7.678,61", 395.900 -> "395,9", 2000 -> "2.000"."""
    number = _decimal(value)
    if number is None:
        return ""
    number = number.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP).normalize()
    places = max(0, -number.as_tuple().exponent)
    return vn_number(number, places)


def vn_count(value):
    """Counts in sentences: below 10 with a leading zero as in provincial documents ("05 sản phẩm"), else 1.375."""
    number = _decimal(value)
    if number is None:
        return ""
    if 0 < number < 10:
        return f"{int(number):02d}"
    return vn_number(number)


def document_date(place, day):
    """ "Đồng Tháp, ngày 05 tháng 02 năm 2023": day below 10 and months 1–2 with a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(iso_or_date):
    """2022-12-31 -> "31/12/2022"."""
    if not iso_or_date:
        return ""
    text = str(iso_or_date)
    year, month, day = text[:10].split("-")
    return f"{day}/{month}/{year}"
