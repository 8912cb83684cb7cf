"""Where a dashboard recomputation spends its time: each part of ``dashboard.selectors.compute`` timed on its own,
with the SQL time and the query count it sends (the rest is Python: building querysets, reading rows), and the CPU
time of this process (``time.process_time``: Python's share, steadier than wall times on a shared machine).

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
            started, cpu = time.perf_counter(), time.process_time()
            fn()
            total = (time.perf_counter() - started) * 1000
            cpu = (time.process_time() - cpu) * 1000
        sql = sum(float(q["time"]) for q in captured.captured_queries) * 1000
        results.append((total, sql, cpu, len(captured.captured_queries)))
    total, sql, _cpu, count = sorted(results)[runs // 2]
    cpu = sorted(r[2] for r in results)[runs // 2]
    print(f"| {label} | {total:.0f} | {sql:.0f} | {total - sql:.0f} | {cpu:.0f} | {count} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--user", default="gen.vpdp.82n")
    parser.add_argument("--year", type=int, default=timezone.localdate().year)
    parser.add_argument("--runs", type=int, default=3, help="runs of each part (the median is shown)")
    args = parser.parse_args()
    area = User.objects.get(username=args.user).unit
    period = selectors.dashboard_period(args.year)
    scope = figures.scope_for(area, period)
    runs = args.runs
    print("| Part | Total (ms) | SQL (ms) | Python (ms) | CPU (ms) | Queries |")
    print("|---|---:|---:|---:|---:|---:|")
    timed("report figures (`figures.compute`)", lambda: figures.compute(area, period), runs)
    timed(
        "trend years (`trend_points`)",
        lambda: selectors.trend_points(area, range(selectors.TREND_FROM, period.year)),
        runs,
    )
    timed("map (`commune_map`)", lambda: selectors.commune_map(scope), runs)
    timed("expiring count", lambda: selectors.expiring_recognitions(scope).count(), runs)
    timed("whole recomputation (`compute`)", lambda: selectors.compute(area, period), runs)


if __name__ == "__main__":
    main()
