"""``python manage.py report_figures --period 2022 --area 87 [--format json|table]``

Prints the figures of the report for a period ("2022" or "2022-H1") and an area (an administrative unit code,
resolved to the unit in force at the period's end). The JSON keys are those of ``reports.figures.compute``
(schema "ocop-report-figures/1", every key documented in ``reports/README-figures.md``)."""

import json

from django.core.management.base import BaseCommand, CommandError

from areas.selectors import find_unit
from ocop_portal.formatting import vi_money, vi_number, vi_percent
from reports.figures import compute
from reports.periods import Period, PeriodError


class Command(BaseCommand):
    help = "In số liệu báo cáo OCOP của một kỳ (2022 hoặc 2022-H1) và một địa bàn (mã đơn vị hành chính)."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="2022 (năm) hoặc 2022-H1 (6 tháng đầu năm)")
        parser.add_argument("--area", required=True, help="mã đơn vị hành chính, vd. 87")
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args, **options):
        try:
            period = Period.parse(options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        area = find_unit(options["area"].strip(), on=period.end)
        if area is None:
            raise CommandError(f"Không có đơn vị hành chính mã «{options['area']}».")
        data = compute(area, period)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(table(data))


def _flatten(prefix, value, rows):
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), item, rows)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            label = item.get("key") or item.get("code") or item.get("number") if isinstance(item, dict) else None
            _flatten(f"{prefix}[{label if label not in (None, '') else index}]", item, rows)
    else:
        rows.append((prefix, value))


def _show(key, value):
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int):
        return vi_number(value)
    if isinstance(value, str) and key.endswith(("percent", "subjects_percent")):
        return vi_percent(value)
    if isinstance(value, str) and key.split(".")[-1] in {
        "planned",
        "allocated",
        "disbursed",
        "cost_mvnd",
        "target",
        "actual",
    }:
        return vi_money(value)
    return str(value)


def table(data):
    """Two columns, one line per figure ("recognised.stars.4   41")."""
    rows = []
    _flatten("", data, rows)
    width = max(len(key) for key, _value in rows)
    return "\n".join(f"{key.ljust(width)}  {_show(key, value)}" for key, value in rows)
