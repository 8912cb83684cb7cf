"""An offline map of communes as dots (issue #14 item 7): SVG drawn from the communes' coordinates
(``AdministrativeUnit.latitude``/``longitude``, loaded by ``load_areas``), no tiles, no script, no CDN.

``dot_map(points, background=...)`` returns the SVG markup (safe to put in a page or in WeasyPrint's PDF):
one dot per point, its area proportional to the count, its colour the highest star, each dot a link with a
tooltip; the other communes of the area (``background``) are drawn as small grey dots so the shape of the
province shows. The caller (dashboard, report) gives the counts and the links."""

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .formatting import unit_name

# Highest star -> fill colour (3★ green, 4★ blue, 5★ gold); others grey.
STAR_COLOURS = {5: "#c8951f", 4: "#1f5fa8", 3: "#2e8b57"}
OTHER_COLOUR = "#8a8a8a"
BACKGROUND_COLOUR = "#bdbdbd"


@dataclass
class MapPoint:
    unit: object
    count: int
    stars: int | None = None
    url: str = ""


def _located(units):
    return [u for u in units if u.latitude is not None and u.longitude is not None]


def dot_map(points, *, background=(), width=480, height=None, max_radius=14, min_radius=3, title=""):
    """The SVG of ``points`` (``MapPoint``s) over ``background`` communes; "" when nothing has coordinates."""
    points = [p for p in points if p.unit.latitude is not None and p.unit.longitude is not None and p.count > 0]
    shown = _located([p.unit for p in points]) + _located(background)
    if not shown:
        return ""
    lats = [u.latitude for u in shown]
    lons = [u.longitude for u in shown]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    # Equirectangular projection, longitudes shrunk by cos(latitude) so the province keeps its shape.
    scale_x = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * scale_x, 1e-6)
    span_y = max(north - south, 1e-6)
    margin = max_radius + 2
    inner_w = width - 2 * margin
    if height is None:
        height = int(round(inner_w * span_y / span_x)) + 2 * margin if span_x > 1e-6 else width
        height = max(min(height, 3 * width), 2 * margin + 40)
    inner_h = height - 2 * margin
    factor = min(inner_w / span_x, inner_h / span_y)
    off_x = margin + (inner_w - span_x * factor) / 2
    off_y = margin + (inner_h - span_y * factor) / 2

    def xy(unit):
        x = off_x + (unit.longitude - west) * scale_x * factor
        y = off_y + (north - unit.latitude) * factor
        return f"{x:.1f}", f"{y:.1f}"

    biggest = max((p.count for p in points), default=1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dot-map" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title or _("Bản đồ sản phẩm OCOP"))}">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    dotted = {p.unit.pk for p in points}
    for unit in _located(background):
        if unit.pk in dotted:
            continue
        x, y = xy(unit)
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="2.2" fill="{BACKGROUND_COLOUR}"><title>{escape(unit_name(unit))}</title>'
            "</circle>"
        )
    # Biggest first so that small dots stay on top and clickable.
    for point in sorted(points, key=lambda p: (-p.count, p.unit.pk)):
        x, y = xy(point.unit)
        radius = max(min_radius, max_radius * math.sqrt(point.count / biggest))
        colour = STAR_COLOURS.get(point.stars, OTHER_COLOUR)
        label = _("%(unit)s: %(count)s sản phẩm") % {"unit": unit_name(point.unit), "count": point.count}
        if point.stars:
            label += " " + _("(cao nhất %(stars)s sao)") % {"stars": point.stars}
        circle = (
            f'<circle cx="{x}" cy="{y}" r="{radius:.1f}" fill="{colour}" fill-opacity="0.85" stroke="#ffffff" '
            f'stroke-width="1" data-unit="{point.unit.pk}" data-count="{point.count}"><title>{escape(label)}</title>'
            "</circle>"
        )
        if point.url:
            circle = f'<a href="{escape(point.url)}">{circle}</a>'
        parts.append(circle)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
