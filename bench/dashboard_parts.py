"""Where a dashboard recomputation spends its time: each part of ``dashboard.selectors.compute`` timed on its own,
with the SQL time and the query count it sends (the rest is Python: building querysets, reading rows).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench .venv/bin/python bench/dashboard_parts.py \
        [--user gen.vpdp.82n] [--year 2026]
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from dashboard import selectors  # noqa: E402
from reports import figures  # noqa: E402


def timed(label, fn, runs=3):
    results = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            fn()
            total = (time.perf_counter() - started) * 1000
        sql = sum(float(q["time"]) for q in captured.captured_queries) * 1000
        results.append((total, sql, len(captured.captured_queries)))
    total, sql, count = sorted(results)[runs // 2]
    print(f"| {label} | {total:.0f} | {sql:.0f} | {total - sql:.0f} | {count} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--user", default="gen.vpdp.82n")
    parser.add_argument("--year", type=int, default=timezone.localdate().year)
    args = parser.parse_args()
    area = User.objects.get(username=args.user).unit
    period = selectors.dashboard_period(args.year)
    scope = figures.scope_for(area, period)
    print("| Part | Total (ms) | SQL (ms) | Python (ms) | Queries |")
    print("|---|---:|---:|---:|---:|")
    timed("report figures (`figures.compute`)", lambda: figures.compute(area, period))
    timed(
        "trend years (`trend_point`)",
        lambda: [selectors.trend_point(area, y) for y in range(selectors.TREND_FROM, period.year)],
    )
    timed("map (`commune_map`)", lambda: selectors.commune_map(scope))
    timed("expiring count", lambda: selectors.expiring_recognitions(scope).count())
    timed("whole recomputation (`compute`)", lambda: selectors.compute(area, period))


if __name__ == "__main__":
    main()
