"""The offline dot map of communes (``areas.maps.dot_map``, issue #14 item 7)."""

import re

import pytest

from areas.maps import STAR_COLOURS, MapPoint, dot_map
from areas.models import UnitLevel
from areas.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _commune(name, lat, lon):
    return UnitFactory(name=name, unit_type="xã", level=UnitLevel.COMMUNE, latitude=lat, longitude=lon)


def _circles(svg):
    return re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)" fill="(#\w+)"', svg)


def test_dots_are_placed_by_coordinates_sized_by_count_coloured_by_stars_and_linked():
    west = _commune("Tây <A&B>", 10.5, 105.5)
    east = _commune("Đông", 10.5, 106.5)
    north = _commune("Bắc", 11.0, 106.0)
    empty = _commune("Trống", 10.0, 106.0)
    svg = dot_map(
        [
            MapPoint(west, 9, stars=5, url="/dashboard/products/?unit=1&stars=5"),
            MapPoint(east, 1, stars=3),
            MapPoint(north, 4, stars=4),
        ],
        background=[west, east, north, empty],
        width=400,
        title="Sản phẩm OCOP còn hiệu lực",
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<script" not in svg and "style=" not in svg
    circles = _circles(svg)
    assert len(circles) == 4  # three products dots and one background commune
    by_colour = {fill: (float(x), float(y), float(r)) for x, y, r, fill in circles}
    big, small, middle = by_colour[STAR_COLOURS[5]], by_colour[STAR_COLOURS[3]], by_colour[STAR_COLOURS[4]]
    assert big[0] < middle[0] < small[0]  # west to east
    assert middle[1] < big[1]  # north is up
    assert big[2] > middle[2] > small[2]  # area grows with the count
    assert '<a href="/dashboard/products/?unit=1&amp;stars=5">' in svg
    assert "Xã Tây &lt;A&amp;B&gt;: 9 sản phẩm (cao nhất 5 sao)" in svg
    assert "Xã Trống" in svg  # the background commune has its name as a tooltip


def test_nothing_to_draw_gives_no_svg():
    unplaced = UnitFactory(level=UnitLevel.COMMUNE)
    assert dot_map([MapPoint(unplaced, 3, stars=4)]) == ""
    assert dot_map([]) == ""
