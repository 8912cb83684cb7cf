"""Charts as inline SVG written in Python (no JavaScript, no external assets): they render the same in the HTML
preview, the PDF (WeasyPrint draws inline SVG) and any browser."""

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
