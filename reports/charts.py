"""Charts as inline SVG written in Python (no JavaScript, no external assets): they render the same in the HTML
preview, the PDF (WeasyPrint draws inline SVG) and any browser."""

import re
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from ocop_portal.formatting import vi_number

FONT = "'OCOP Serif', 'Liberation Serif', 'DejaVu Serif', serif"
STAR_COLOURS = {"3": "#7fb28e", "4": "#1d6b3a", "5": "#c99a06"}


def _stars(key):
    return _("%(stars)s sao") % {"stars": key}


def _svg(width, height, body, title):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" class="chart" font-family="{FONT}" font-size="12">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _nice_max(value):
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        top = -(-value // step) * step
        if top / step <= 10:
            return top
    return value


def stars_bar_chart(stars, title):
    """Vertical bars: products per star rating. ``stars``: {"3": n, "4": n, "5": n}."""
    keys = ["3", "4", "5"]
    values = [int(stars.get(key) or 0) for key in keys]
    width, height, left, bottom, top = 420, 230, 46, 36, 28
    plot_h = height - bottom - top
    top_value = _nice_max(max(values))
    slot = (width - left - 10) / len(keys)
    parts = [f'<text x="{width / 2}" y="16" text-anchor="middle" font-weight="bold">{escape(title)}</text>']
    for i in range(0, 5):
        value = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#ccc" stroke-width="0.6"/>'
        )
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{vi_number(round(value))}</text>')
    for index, (key, value) in enumerate(zip(keys, values, strict=True)):
        bar_h = plot_h * value / top_value
        x = left + slot * index + slot * 0.2
        y = top + plot_h - bar_h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.6:.1f}" height="{bar_h:.1f}" fill="{STAR_COLOURS[key]}"/>'
        )
        parts.append(
            f'<text x="{x + slot * 0.3:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-weight="bold">'
            f"{vi_number(value)}</text>"
        )
        parts.append(
            f'<text x="{x + slot * 0.3:.1f}" y="{height - bottom + 18}" text-anchor="middle">{_stars(key)}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#000" stroke-width="0.8"/>'
    )
    return _svg(width, height, "".join(parts), title)


def units_bar_chart(units, title):
    """Horizontal stacked bars: products per sub-unit, split by stars. ``units``: [{"name", "stars": {...}}]."""
    rows = list(units)
    if not rows:
        return ""
    row_h, label_w, top, right = 22, 150, 30, 50
    width = 620
    height = top + row_h * len(rows) + 34
    plot_w = width - label_w - right
    totals = [sum(int(v or 0) for v in u["stars"].values()) for u in rows]
    top_value = _nice_max(max(totals))
    parts = [f'<text x="{width / 2}" y="16" text-anchor="middle" font-weight="bold">{escape(title)}</text>']
    for index, (unit, total) in enumerate(zip(rows, totals, strict=True)):
        y = top + row_h * index
        parts.append(
            f'<text x="{label_w - 6}" y="{y + row_h * 0.65:.1f}" text-anchor="end">{escape(unit["name"])}</text>'
        )
        x = label_w
        for key in ("3", "4", "5"):
            value = int(unit["stars"].get(key) or 0)
            if not value:
                continue
            w = plot_w * value / top_value
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{STAR_COLOURS[key]}"/>'
            )
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + row_h * 0.65:.1f}">{vi_number(total)}</text>')
    axis_y = top + row_h * len(rows)
    parts.append(f'<line x1="{label_w}" y1="{top}" x2="{label_w}" y2="{axis_y}" stroke="#000" stroke-width="0.8"/>')
    legend_x = label_w
    for key in ("3", "4", "5"):
        parts.append(
            f'<rect x="{legend_x}" y="{axis_y + 12}" width="12" height="12" fill="{STAR_COLOURS[key]}"/>'
            f'<text x="{legend_x + 16}" y="{axis_y + 22}">{_stars(key)}</text>'
        )
        legend_x += 70
    return _svg(width, height, "".join(parts), title)


# --------------------------------------------------------------------------------------------------------------
# The same charts as PNG images (for the DOCX: Word does not take inline SVG), drawn with Pillow at print size
# --------------------------------------------------------------------------------------------------------------


class Chart:
    """A chart of the report: inline SVG in the HTML and PDF (``__html__``/``str``), a PNG in the DOCX (``png``).
    ``number``: the figure's number in the document ("Hình 2. ..."), given when the document numbers its figures."""

    def __init__(self, kind, data, title):
        self.kind, self.data, self.title = kind, data, title
        self.number = None

    @property
    def caption(self):
        return f"Hình {self.number}. {self.title}" if self.number else self.title

    @property
    def svg(self):
        if self.kind == "stars":
            return stars_bar_chart(self.data, self.caption)
        return units_bar_chart(self.data, self.caption)

    def __str__(self):
        return self.svg

    def __html__(self):
        return self.svg

    def __bool__(self):
        return bool(self.data) if self.kind != "stars" else True

    @property
    def width_mm(self):
        """Printed width: the stars chart half a page, the units chart the text width."""
        return 110 if self.kind == "stars" else 160

    def png(self):
        if self.kind == "stars":
            return _png_stars(self.data, self.caption)
        return _png_units(self.data, self.caption)


class CommuneMap(Chart):
    """The map of valid OCOP products by commune (``areas.maps.dot_map``, issue #14 item 7) as a figure of the
    report: dots at the communes' coordinates, sized by count, coloured by the highest star, the area's other
    communes as small grey dots. ``data``: the stored map (``dashboard.selectors.commune_map``: communes with
    coordinates, points ``[commune id, products, highest stars]``)."""

    WIDTH = 480

    def __init__(self, data, title):
        super().__init__("map", data or {}, title)

    def _units(self):
        from dashboard.selectors import stored_map_communes  # the dashboard stores the map (import cycle)

        return stored_map_communes(self.data)

    def map_svg(self):
        from areas.maps import MapPoint, dot_map

        units = self._units()
        points = [
            MapPoint(unit=units[pk], count=n, stars=top) for pk, n, top in self.data.get("points") or [] if pk in units
        ]
        return dot_map(points, background=list(units.values()), width=self.WIDTH, title=self.caption)

    def __bool__(self):
        return bool(self.data.get("points")) and bool(self.map_svg())

    @property
    def svg(self):
        from areas.maps import STAR_COLOURS

        legend = "".join(
            f'<span class="map-key"><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10">'
            f'<circle cx="5" cy="5" r="5" fill="{STAR_COLOURS[stars]}"/></svg> {escape(_stars(str(stars)))}</span>'
            for stars in (3, 4, 5)
        )
        return (
            f'<p class="figure-caption">{escape(self.caption)}</p>{self.map_svg()}'
            f'<p class="map-legend">{escape(_("Màu chấm: hạng sao cao nhất"))} {legend}; '
            f"{escape(_('kích thước chấm: số sản phẩm OCOP còn hiệu lực của xã, phường.'))}</p>"
        )

    @property
    def width_mm(self):
        return 150

    def png(self):
        return _png_map(self.map_svg(), self.caption, self.WIDTH)


SCALE = 3  # pixels per SVG unit: about 200 dpi at the printed width


def _font(size, bold=False):
    from PIL import ImageFont

    from .documents import font_path

    try:
        return ImageFont.truetype(font_path("bold" if bold else "regular"), size * SCALE)
    except OSError:
        return ImageFont.load_default()


def _canvas(width, height):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width * SCALE, height * SCALE), "white")
    return image, ImageDraw.Draw(image)


def _save(image):
    import io

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(200, 200))
    return buffer.getvalue()


def _hex(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _png_stars(stars, title):
    keys = ["3", "4", "5"]
    values = [int(stars.get(key) or 0) for key in keys]
    width, height, left, bottom, top = 420, 230, 46, 36, 28
    s = SCALE
    image, draw = _canvas(width, height)
    font, bold = _font(12), _font(12, bold=True)
    plot_h = height - bottom - top
    top_value = _nice_max(max(values))
    slot = (width - left - 10) / len(keys)
    draw.text((width / 2 * s, 16 * s), title, fill="black", font=bold, anchor="ms")
    for i in range(0, 5):
        y = top + plot_h - plot_h * i / 4
        draw.line([(left * s, y * s), ((width - 10) * s, y * s)], fill=(204, 204, 204), width=2)
        draw.text(
            ((left - 6) * s, (y + 4) * s), vi_number(round(top_value * i / 4)), fill="black", font=font, anchor="rs"
        )
    for index, (key, value) in enumerate(zip(keys, values, strict=True)):
        bar_h = plot_h * value / top_value
        x = left + slot * index + slot * 0.2
        y = top + plot_h - bar_h
        if bar_h:
            draw.rectangle([(x * s, y * s), ((x + slot * 0.6) * s, (top + plot_h) * s)], fill=_hex(STAR_COLOURS[key]))
        draw.text(((x + slot * 0.3) * s, (y - 4) * s), vi_number(value), fill="black", font=bold, anchor="ms")
        draw.text(((x + slot * 0.3) * s, (height - bottom + 18) * s), _stars(key), fill="black", font=font, anchor="ms")
    draw.line([(left * s, (top + plot_h) * s), ((width - 10) * s, (top + plot_h) * s)], fill="black", width=3)
    return _save(image)


def _png_units(units, title):
    rows = list(units)
    row_h, label_w, top, right = 22, 150, 30, 50
    width = 620
    height = top + row_h * len(rows) + 34
    s = SCALE
    image, draw = _canvas(width, height)
    font, bold = _font(12), _font(12, bold=True)
    plot_w = width - label_w - right
    totals = [sum(int(v or 0) for v in u["stars"].values()) for u in rows]
    top_value = _nice_max(max(totals)) if totals else 1
    draw.text((width / 2 * s, 16 * s), title, fill="black", font=bold, anchor="ms")
    for index, (unit, total) in enumerate(zip(rows, totals, strict=True)):
        y = top + row_h * index
        draw.text(((label_w - 6) * s, (y + row_h * 0.65) * s), unit["name"], fill="black", font=font, anchor="rs")
        x = label_w
        for key in ("3", "4", "5"):
            value = int(unit["stars"].get(key) or 0)
            if not value:
                continue
            w = plot_w * value / top_value
            draw.rectangle([(x * s, (y + 3) * s), ((x + w) * s, (y + row_h - 3) * s)], fill=_hex(STAR_COLOURS[key]))
            x += w
        draw.text(((x + 4) * s, (y + row_h * 0.65) * s), vi_number(total), fill="black", font=font, anchor="ls")
    axis_y = top + row_h * len(rows)
    draw.line([(label_w * s, top * s), (label_w * s, axis_y * s)], fill="black", width=3)
    legend_x = label_w
    for key in ("3", "4", "5"):
        draw.rectangle(
            [(legend_x * s, (axis_y + 12) * s), ((legend_x + 12) * s, (axis_y + 24) * s)], fill=_hex(STAR_COLOURS[key])
        )
        draw.text(((legend_x + 16) * s, (axis_y + 22) * s), _stars(key), fill="black", font=font, anchor="ls")
        legend_x += 70
    return _save(image)


CIRCLE = re.compile(
    r'<circle cx="(?P<x>[\d.]+)" cy="(?P<y>[\d.]+)" r="(?P<r>[\d.]+)" fill="(?P<fill>#[0-9a-fA-F]{6})"'
    r'(?: fill-opacity="(?P<opacity>[\d.]+)")?'
)
SIZE = re.compile(r'viewBox="0 0 (?P<w>[\d.]+) (?P<h>[\d.]+)"')


def _png_map(svg, title, width):
    """The map as a PNG for the DOCX: the dots of ``dot_map``'s SVG (same positions, sizes and colours) drawn with
    Pillow, the caption above and the star legend below (no SVG renderer needed)."""
    from areas.maps import STAR_COLOURS

    size = SIZE.search(svg)
    map_h = int(float(size["h"])) if size else width
    top, bottom = 26, 30
    height = top + map_h + bottom
    s = SCALE
    font, bold = _font(12), _font(12, bold=True)
    map_w = width
    width = max(map_w, int(bold.getlength(title) / s) + 20)  # the caption on one line
    left = (width - map_w) / 2
    image, draw = _canvas(width, height)
    draw.text((width / 2 * s, 16 * s), title, fill="black", font=bold, anchor="ms")
    for match in CIRCLE.finditer(svg):
        x, y, r = float(match["x"]) + left, float(match["y"]) + top, float(match["r"])
        opacity = float(match["opacity"] or 1)
        colour = tuple(round(255 - (255 - c) * opacity) for c in _hex(match["fill"]))
        box = [((x - r) * s, (y - r) * s), ((x + r) * s, (y + r) * s)]
        draw.ellipse(box, fill=colour, outline="white" if r > 3 else None, width=s)
    legend_x, legend_y = left + 10, top + map_h + 16
    for stars in (3, 4, 5):
        draw.ellipse(
            [(legend_x * s, (legend_y - 9) * s), ((legend_x + 10) * s, (legend_y + 1) * s)],
            fill=_hex(STAR_COLOURS[stars]),
        )
        draw.text(((legend_x + 14) * s, legend_y * s), _stars(str(stars)), fill="black", font=font, anchor="ls")
        legend_x += 62
    note = _("kích thước chấm: số sản phẩm")
    draw.text(((legend_x + 6) * s, legend_y * s), note, fill="black", font=font, anchor="ls")
    return _save(image)
