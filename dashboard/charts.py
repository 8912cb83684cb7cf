"""The dashboard's charts that the report module does not draw yet, as inline SVG written in Python (no
JavaScript, no external assets), in the same style and with the same primitives as ``reports.charts`` (stars by
area and valid products by stars come from ``reports.charts`` itself). Each function takes the figures exactly as
``reports.figures.compute`` returns them, so the annual PDF can draw the same chart from the same data.
"""

from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from ocop_portal.formatting import vi_number
from reports.charts import STAR_COLOURS, _nice_max, _svg

PLANNED, DISBURSED = "#9bbfa6", "#1d6b3a"
MET, NOT_MET = "#1d6b3a", "#c99a06"


def _number(value):
    if value in (None, ""):
        return Decimal(0)
    return Decimal(str(value))


def _label(text, limit=26):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def groups_bar_chart(groups, title):
    """Horizontal bars: products recognised by product group. ``groups``: ``recognised.groups`` of the figures."""
    rows = list(groups)
    if not rows:
        return ""
    row_h, label_w, top, right, width = 22, 230, 30, 70, 620
    height = top + row_h * len(rows) + 12
    plot_w = width - label_w - right
    top_value = _nice_max(max(int(g["products"]) for g in rows))
    parts = [f'<text x="{width / 2}" y="16" text-anchor="middle" font-weight="bold">{escape(title)}</text>']
    for index, group in enumerate(rows):
        y = top + row_h * index
        value = int(group["products"])
        w = plot_w * value / top_value
        label = _label(group["name"], 34)
        parts.append(f'<text x="{label_w - 6}" y="{y + row_h * 0.65:.1f}" text-anchor="end">{escape(label)}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{STAR_COLOURS["4"]}"/>'
        )
        share = f" ({vi_number(group['percent'], 2)} %)" if group.get("percent") is not None else ""
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + row_h * 0.65:.1f}">{vi_number(value)}{share}</text>')
    parts.append(
        f'<line x1="{label_w}" y1="{top}" x2="{label_w}" y2="{top + row_h * len(rows)}" stroke="#000" '
        'stroke-width="0.8"/>'
    )
    return _svg(width, height, "".join(parts), title)


def trend_chart(points, title):
    """Per year: valid products at the year's end (bars by stars) and products recognised in the year (line).
    ``points``: [{"year", "valid": {"3","4","5"}, "recognised": n}]."""
    rows = list(points)
    if not rows:
        return ""
    width, height, left, bottom, top, right = 620, 250, 52, 40, 34, 16
    plot_h = height - bottom - top
    totals = [sum(int(v) for v in p["valid"].values()) for p in rows]
    top_value = _nice_max(max(totals + [int(p["recognised"]) for p in rows]))
    slot = (width - left - right) / len(rows)
    parts = [f'<text x="{width / 2}" y="16" text-anchor="middle" font-weight="bold">{escape(title)}</text>']
    for i in range(0, 5):
        value = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ccc" stroke-width="0.6"/>'
        )
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{vi_number(round(value))}</text>')
    line = []
    for index, point in enumerate(rows):
        x = left + slot * index + slot * 0.2
        y = top + plot_h
        for key in ("3", "4", "5"):
            value = int(point["valid"].get(key) or 0)
            h = plot_h * value / top_value
            if value:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y - h:.1f}" width="{slot * 0.6:.1f}" height="{h:.1f}" '
                    f'fill="{STAR_COLOURS[key]}"/>'
                )
            y -= h
        parts.append(
            f'<text x="{x + slot * 0.3:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="11">'
            f"{vi_number(totals[index])}</text>"
        )
        parts.append(
            f'<text x="{x + slot * 0.3:.1f}" y="{height - bottom + 16}" text-anchor="middle">{point["year"]}</text>'
        )
        cy = top + plot_h - plot_h * int(point["recognised"]) / top_value
        line.append(f"{x + slot * 0.3:.1f},{cy:.1f}")
    parts.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="#b3261e" stroke-width="2"/>')
    for xy in line:
        x, y = xy.split(",")
        parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="#b3261e"/>')
    legend_y = height - 10
    legend = [(key, _("%(stars)s sao") % {"stars": key}) for key in ("3", "4", "5")]
    recognised_label = _("công nhận trong năm")
    x = left
    for key, text in legend:
        parts.append(
            f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" fill="{STAR_COLOURS[key]}"/>'
            f'<text x="{x + 16}" y="{legend_y}">{text}</text>'
        )
        x += 70
    parts.append(
        f'<line x1="{x}" y1="{legend_y - 4}" x2="{x + 14}" y2="{legend_y - 4}" stroke="#b3261e" stroke-width="2"/>'
        f'<text x="{x + 18}" y="{legend_y}">{escape(recognised_label)}</text>'
    )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#000" '
        'stroke-width="0.8"/>'
    )
    return _svg(width, height, "".join(parts), title)


def targets_chart(targets, title):
    """Horizontal bars: percent of each target reached (capped at 100 % on the bar, the number says more).
    ``targets``: ``targets`` of the figures."""
    rows = [t for t in targets if t.get("target") is not None]
    if not rows:
        return ""
    row_h, label_w, top, right, width = 24, 260, 30, 80, 620
    height = top + row_h * len(rows) + 12
    plot_w = width - label_w - right
    parts = [f'<text x="{width / 2}" y="16" text-anchor="middle" font-weight="bold">{escape(title)}</text>']
    for index, target in enumerate(rows):
        y = top + row_h * index
        percent = _number(target.get("percent"))
        w = plot_w * float(min(max(percent, Decimal(0)), Decimal(100))) / 100
        label = _label(f"{target.get('number') or ''} {target['title']}".strip(), 40)
        colour = MET if target.get("met") else NOT_MET
        parts.append(f'<text x="{label_w - 6}" y="{y + row_h * 0.65:.1f}" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{plot_w}" height="{row_h - 8}" fill="#e6ebe4"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{colour}"/>')
        text = f"{vi_number(percent, 2)} %" if target.get("percent") is not None else "–"
        parts.append(f'<text x="{label_w + plot_w + 4}" y="{y + row_h * 0.65:.1f}">{text}</text>')
    return _svg(width, height, "".join(parts), title)


def budget_chart(sources, title):
    """Grouped bars per funding source: planned and disbursed (million VND). ``sources``: ``budget.sources``."""
    rows = list(sources)
    if not rows:
        return ""
    width, height, left, bottom, top, right = 620, 250, 64, 52, 30, 10
    plot_h = height - bottom - top
    values = [(_number(r.get("planned")), _number(r.get("disbursed"))) for r in rows]
    top_value = _nice_max(int(max(max(p, d) for p, d in values)) + 1)
    slot = (width - left - right) / len(rows)
    parts = [f'<text x="{width / 2}" y="16" text-anchor="middle" font-weight="bold">{escape(title)}</text>']
    for i in range(0, 5):
        value = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ccc" stroke-width="0.6"/>'
        )
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{vi_number(round(value))}</text>')
    for index, (row, (planned, disbursed)) in enumerate(zip(rows, values, strict=True)):
        x = left + slot * index + slot * 0.15
        bar = slot * 0.32
        for offset, value, colour in ((0, planned, PLANNED), (bar, disbursed, DISBURSED)):
            h = plot_h * float(value) / top_value
            parts.append(
                f'<rect x="{x + offset:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour}"/>'
            )
        parts.append(
            f'<text x="{x + bar:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
            f"{escape(_label(row.get('name') or row.get('key'), 22))}</text>"
        )
    planned_label, disbursed_label = _("kế hoạch"), _("đã giải ngân (triệu đồng)")
    legend_y = height - 10
    parts.append(
        f'<rect x="{left}" y="{legend_y - 10}" width="12" height="12" fill="{PLANNED}"/>'
        f'<text x="{left + 16}" y="{legend_y}">{escape(planned_label)}</text>'
        f'<rect x="{left + 100}" y="{legend_y - 10}" width="12" height="12" fill="{DISBURSED}"/>'
        f'<text x="{left + 116}" y="{legend_y}">{escape(disbursed_label)}</text>'
    )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#000" '
        'stroke-width="0.8"/>'
    )
    return _svg(width, height, "".join(parts), title)
