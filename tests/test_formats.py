"""Vietnamese number and date formats, and the Vietnamese time zone."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation


def render(source, **context):
    return Template("{% load ocop %}" + source).render(Context(context))


def test_time_zone_is_ho_chi_minh_city():
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ
    assert settings.LANGUAGE_CODE == "vi"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(7678.61, "7.678,61"), (Decimal("7678.61"), "7.678,61"), (1234567, "1.234.567,00"), (0, "0,00")],
)
def test_vn_number_with_two_decimals(value, expected):
    with translation.override("vi"):
        assert render("{{ value|vn_number:2 }}", value=value) == expected


def test_vn_number_without_decimals_and_empty_values():
    with translation.override("vi"):
        assert render("{{ value|vn_number }}", value=Decimal("1500000")) == "1.500.000"
        assert render("[{{ value|vn_number:2 }}]", value=None) == "[]"
        assert render("{{ value|vn_number:2 }}", value="không phải số") == "không phải số"


def test_english_uses_english_separators():
    with translation.override("en"):
        assert render("{{ value|vn_number:2 }}", value=7678.61) == "7,678.61"


def test_dates_render_day_first_in_vietnamese():
    day = datetime.date(2023, 6, 15)
    with translation.override("vi"):
        assert render("{{ day }}", day=day) == "15/06/2023"
        assert render("{{ day|date:'SHORT_DATE_FORMAT' }}", day=day) == "15/06/2023"
        assert render("{{ day|date }}", day=day) == "15/06/2023"


def test_aware_datetimes_render_in_vietnam_time():
    moment = datetime.datetime(2023, 6, 15, 1, 30, tzinfo=datetime.UTC)
    with translation.override("vi"), timezone.override(zoneinfo.ZoneInfo(settings.TIME_ZONE)):
        assert render("{{ moment }}", moment=moment) == "15/06/2023 08:30"


def test_vietnamese_even_when_the_browser_asks_for_english(client):
    html = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html and "Đăng nhập" in html


def test_the_language_switch_still_gives_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    html = client.get("/login/").content.decode()
    assert '<html lang="en">' in html


def test_ids_and_years_are_never_grouped_in_templates():
    from django.template import Context, Template
    from django.utils import translation

    with translation.override("vi"):
        html = Template(
            '<a href="/products/{{ pk }}/">năm {{ year }}</a> {% load ocop %}{{ amount|vn_number:2 }}'
        ).render(Context({"pk": 1220, "year": 2022, "amount": 7678.61}))
    assert html == '<a href="/products/1220/">năm 2022</a> 7.678,61'
