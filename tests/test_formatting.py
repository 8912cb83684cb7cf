"""``ocop_portal.formatting``: the one module that writes and reads Vietnamese numbers, money and dates, and the places
that now go through it (template filters, exports, import checks, report documents)."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation

from ocop_portal.formatting import (
    format_count,
    format_date,
    format_document_date,
    format_money_mvnd,
    format_number,
    format_percent,
    parse_number,
)


@pytest.mark.parametrize(
    ("value", "decimals", "vi", "en"),
    [
        (7678.61, 2, "7.678,61", "7,678.61"),
        (Decimal("7678.61"), 2, "7.678,61", "7,678.61"),
        (1234567, 2, "1.234.567,00", "1,234,567.00"),
        (0, 2, "0,00", "0.00"),
        (Decimal("1500000"), None, "1.500.000", "1,500,000"),
        (Decimal("7678.610"), None, "7.678,610", "7,678.610"),
        (999, 0, "999", "999"),
        (1000, 0, "1.000", "1,000"),
        ("1234.5", 1, "1.234,5", "1,234.5"),
    ],
)
def test_format_number_in_both_languages(value, decimals, vi, en):
    assert format_number(value, decimals, "vi") == vi
    assert format_number(value, decimals, "en") == en


def test_format_number_rounds_half_up():
    assert format_number(Decimal("81.405"), 2, "vi") == "81,41"
    assert format_number(Decimal("2.675"), 2, "vi") == "2,68"  # not truncated, not banker's rounding
    assert format_number(Decimal("0.5"), 0, "vi") == "1"
    assert format_number(Decimal("1.5"), 0, "vi") == "2"
    assert format_number(Decimal("2.5"), 0, "vi") == "3"
    assert format_number(Decimal("-2.5"), 0, "vi") == "-3"  # half away from zero
    assert format_number(2.675, 2, "en") == "2.68"  # a float is read from its shortest text, 2.675


def test_format_number_negatives_and_negative_zero():
    assert format_number(Decimal("-1234.5"), 1, "vi") == "-1.234,5"
    assert format_number(-1234567, 0, "en") == "-1,234,567"
    assert format_number(Decimal("-0.001"), 2, "vi") == "0,00"  # rounds to zero: no sign
    assert format_money_mvnd(Decimal("-395.900"), "vi") == "-395,9"


def test_none_empty_and_not_a_number():
    for function in (format_number, format_money_mvnd, format_count):
        assert function(None) == ""
        assert function("") == ""
        assert function("không phải số") == ""
    assert format_percent(None) == "–"
    assert format_date(None) == ""
    assert format_number(True, 0, "vi") == ""


def test_format_number_follows_the_active_language_by_default():
    with translation.override("vi"):
        assert format_number(7678.61, 2) == "7.678,61"
    with translation.override("en"):
        assert format_number(7678.61, 2) == "7,678.61"


def test_money_in_million_vnd_as_the_province_writes_it():
    assert format_money_mvnd(Decimal("7678.610"), "vi") == "7.678,61"
    assert format_money_mvnd("395.900", "vi") == "395,9"
    assert format_money_mvnd(Decimal("2000.000"), "vi") == "2.000"
    assert format_money_mvnd(Decimal("3232.3955"), "vi") == "3.232,396"  # to the thousand đồng, half up
    assert format_money_mvnd(7678.61, "en") == "7,678.61"


def test_percent_and_counts():
    assert format_percent("39.5", "vi") == "39,50"
    assert format_percent(Decimal("81.4102"), "en") == "81.41"
    assert (format_count(5, "vi"), format_count(0, "vi"), format_count(1375, "vi")) == ("05", "0", "1.375")


def test_dates():
    assert format_date(datetime.date(2023, 6, 15)) == "15/06/2023"
    assert format_date("2022-12-31") == "31/12/2022"
    moment = datetime.datetime(2023, 6, 15, 1, 30, tzinfo=datetime.UTC)
    with timezone.override(zoneinfo.ZoneInfo(settings.TIME_ZONE)):
        assert format_date(moment) == "15/06/2023 08:30"
        assert format_date(moment, with_time=False) == "15/06/2023"
    assert format_document_date(datetime.date(2023, 2, 5), "Đồng Tháp") == "Đồng Tháp, ngày 05 tháng 02 năm 2023"
    assert format_document_date(datetime.date(2022, 12, 15)) == "ngày 15 tháng 12 năm 2022"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7.678,61", "7678.61"),
        ("7678.61", "7678.61"),
        ("7 678,61", "7678.61"),
        ("7\u00a0678,61", "7678.61"),
        ("7,678.61", "7678.61"),
        ("7678,61", "7678.61"),
        ("1.234.567", "1234567"),
        ("1.234", "1234"),
        ("1,234,567", "1234567"),
        ("0.5", "0.5"),
        ("-1,5", "-1.5"),
        ("+12", "12"),
        (" 42 ", "42"),
    ],
)
def test_parse_number_accepts_both_ways_of_writing(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3.4.5", "1.23.4", "12,34,5", "--1", "1e5", ",", "7.678,61,2"])
def test_parse_number_refuses_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_display_then_parse_round_trips():
    for value in (Decimal("7678.61"), Decimal("-1234567.5"), Decimal("0.25"), Decimal("1000")):
        for language in ("vi", "en"):
            assert parse_number(format_number(value, 2, language)) == value


# --- the places that now go through the module ------------------------------------------------------------------------


def test_template_filter_rounds_half_up_in_the_active_language():
    template = Template("{% load ocop %}{{ value|vn_number:2 }}")
    with translation.override("vi"):
        assert template.render(Context({"value": Decimal("2.675")})) == "2,68"  # was truncated to 2,67
    with translation.override("en"):
        assert template.render(Context({"value": Decimal("-1234.565")})) == "-1,234.57"


def test_programme_money_filter_follows_the_language():
    from programme.templatetags.programme_tags import mvnd

    with translation.override("en"):
        assert mvnd(Decimal("7678.610")) == "7,678.61"
    with translation.override("vi"):
        assert mvnd(Decimal("3232.3965")) == "3.232,397"  # half up (was half even: 3.232,396)
        assert mvnd(None) == "—"


def test_csv_export_cells_use_the_module():
    from ocop_portal.exports import text_of

    assert text_of(Decimal("7678.610")) == "7.678,61"
    assert text_of(Decimal("-0.50")) == "-0,5"
    assert text_of(datetime.date(2023, 6, 15)) == "15/06/2023"
