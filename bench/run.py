"""Benchmark of the portal on the national dataset (``make bench``).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench .venv/bin/python bench/run.py [--runs 20]
        [--generate] [--jit-on] [--markdown bench/out.md]

For each case: one warm-up run, then ``--runs`` timed runs (default 20) in this process; prints the median and
95th percentile of the server time (Django test Client: URL resolution, middleware, view, template, all SQL) and
the number of SQL queries (``CaptureQueriesContext``). Cases: the dashboard (national and one province; from the
summary table, and recomputed with the summary table emptied before each run), the product list page and the
products API (unfiltered and filtered), a product page, a province's annual report figures
(``reports.figures.compute``), the annual report PDF (``reports.writing`` + ``reports.documents``, as the report
job builds it) and, for comparison, the dashboard's aggregate SQL replayed directly on a cursor (the SQL the
recomputation runs, without Django). ``--generate`` runs ``generate_data --scale national --seed 1`` first when the
database holds no generated national dataset. The portal turns PostgreSQL's JIT off on its connections (settings,
``DB_JIT``); ``--jit-on`` runs ``SET jit = on`` to measure what it would cost.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")


def percentile(values, q):
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


class Bench:
    def __init__(self, runs):
        self.runs = runs
        self.rows = []

    def measure(self, name, function, *, runs=None, target="", before=None):
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        runs = runs or self.runs
        if before:
            before()
        function()  # warm-up
        times, queries = [], []
        for _ in range(runs):
            if before:
                before()
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                function()
                times.append((time.perf_counter() - started) * 1000)
            queries.append(len(captured))
        row = {
            "name": name,
            "runs": runs,
            "median": statistics.median(times),
            "p95": percentile(times, 0.95),
            "queries": sorted(set(queries)),
            "target": target,
        }
        self.rows.append(row)
        print(self.format(row), flush=True)
        return row

    @staticmethod
    def format(row):
        queries = "/".join(str(q) for q in row["queries"])
        return (
            f"| {row['name']} | {row['runs']} | {row['median']:.0f} | {row['p95']:.0f} | {queries} | {row['target']} |"
        )


HEADER = "| Case | Runs | Median (ms) | p95 (ms) | SQL queries | Target |\n|---|---:|---:|---:|---:|---|"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--slow-runs",
        type=int,
        default=5,
        help="runs of the slow cases: recomputed dashboards, direct SQL, deep list pages, the star filter",
    )
    parser.add_argument("--figures-runs", type=int, default=None, help="runs of the report figures (default --runs)")
    parser.add_argument("--pdf-runs", type=int, default=None, help="runs of the PDF (default --runs)")
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--jit-on", action="store_true")
    parser.add_argument("--skip-cold", action="store_true", help="skip the recomputed (empty summary table) cases")
    parser.add_argument(
        "--skip-national-dashboard",
        action="store_true",
        help="skip the national dashboard",
    )
    parser.add_argument("--markdown", default=None, help="also write the table to this file")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    if not settings.USING_POSTGRES:
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL=postgres://.../ocop_bench")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False

    from accounts.models import User
    from areas.models import AdministrativeUnit, UnitLevel
    from dashboard import selectors
    from dashboard.models import DashboardSnapshot, GeneratedDataset
    from products.models import Product, ProductClass

    dataset = GeneratedDataset.objects.filter(scale="national").order_by("-created_at").first()
    if dataset is None:
        if not args.generate:
            sys.exit("No generated national dataset here: run with --generate (or manage.py generate_data).")
        call_command("generate_data", "--scale", "national", "--seed", "1")
        dataset = GeneratedDataset.objects.filter(scale="national").order_by("-created_at").first()
    if args.jit_on:
        with connection.cursor() as cursor:
            cursor.execute("SET jit = on")

    national = User.objects.get(username="gen.national")
    office = User.objects.get(username="gen.vpdp.82n")
    country = AdministrativeUnit.objects.get(level=UnitLevel.COUNTRY)
    province = office.unit
    year = timezone.localdate().year
    last_year = year - 1
    food = ProductClass.objects.get(regime="qd148", level="category", code="I")
    product = (
        Product.objects.filter(unit__path__startswith=province.path, recognitions__isnull=False).order_by("pk").first()
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        pg_version = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
    counts = {label.split(".")[-1]: n for label, n in dataset.counts.items()}
    print(
        f"Dataset: national seed {dataset.seed}, generated {dataset.created_at:%d/%m/%Y} in {dataset.seconds} s "
        f"({counts}); {pg_version}; jit={jit}; {os.cpu_count()} CPUs; Python {platform.python_version()}"
    )
    print(HEADER)

    bench = Bench(args.runs)
    client_national, client_office = Client(), Client()
    client_national.force_login(national)
    client_office.force_login(office)

    def get(client, url, data=None):
        def run():
            response = client.get(url, data or {})
            assert response.status_code == 200, (url, response.status_code)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response

        return run

    dashboard = "/dashboard/"
    national_params = {"year": year, "area": country.pk}
    province_params = {"year": year, "area": province.pk}

    def empty_summary():
        DashboardSnapshot.objects.all().delete()

    # The dashboard: from the summary table (the normal case: a snapshot is current for 60 s, then confirmed by the
    # data fingerprint or recomputed by Celery beat), then recomputed on every request.
    with_national = not args.skip_national_dashboard
    if with_national:
        bench.measure(
            "Dashboard, national (summary table)", get(client_national, dashboard, national_params), target="≤ 300 ms"
        )
    bench.measure(
        "Dashboard, province (summary table)", get(client_office, dashboard, province_params), target="≤ 300 ms"
    )

    def fingerprint_path():
        DashboardSnapshot.objects.update(computed_at=timezone.now() - timezone.timedelta(minutes=5))

    bench.measure(
        "Dashboard, province (snapshot > 60 s old, fingerprint unchanged)",
        get(client_office, dashboard, province_params),
        before=fingerprint_path,
        target="≤ 300 ms",
    )
    if not args.skip_cold:
        bench.measure(
            "Dashboard, province (recomputed: summary table emptied)",
            get(client_office, dashboard, province_params),
            runs=args.slow_runs,
            before=empty_summary,
            target="≤ 2x direct SQL",
        )
        if with_national:
            bench.measure(
                "Dashboard, national (recomputed: summary table emptied)",
                get(client_national, dashboard, national_params),
                runs=args.slow_runs,
                before=empty_summary,
                target="≤ 2x direct SQL",
            )

    # The dashboard's aggregate SQL replayed directly (what a recomputation sends to PostgreSQL).
    for label, area in (("province", province), ("national", country)):
        if args.skip_cold or (area == country and not with_national):
            continue
        with CaptureQueriesContext(connection) as captured:
            selectors.compute(area, selectors.dashboard_period(year))
        statements = [q["sql"] for q in captured.captured_queries]

        def replay(statements=statements):
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()

        bench.measure(f"Dashboard aggregate SQL, {label}, run directly", replay, runs=args.slow_runs)

    # Registry lists: the page (25 rows, its page size) and the API (50 rows), unfiltered and filtered.
    filtered = {"area": province.pk, "category": food.pk}
    slow = args.slow_runs
    lists = [("national user", client_national), ("province office", client_office)]
    for who, client in lists:
        bench.measure(f"Product list page, {who}, unfiltered (25 rows)", get(client, "/products/"), target="≤ 150 ms")
        bench.measure(
            f"Product list page, {who}, filtered area+group (25 rows)",
            get(client, "/products/", filtered),
            target="≤ 150 ms",
        )
    bench.measure(
        "Product list page, national user, page 100", get(client_national, "/products/", {"page": 100}), runs=slow
    )
    for who, client in lists:
        bench.measure(f"Products API, {who}, unfiltered (50 rows)", get(client, "/api/products/"), target="≤ 150 ms")
        bench.measure(
            f"Products API, {who}, filtered area+group (50 rows)",
            get(client, "/api/products/", filtered),
            target="≤ 150 ms",
        )
    bench.measure(
        "Products API, national user, filtered stars=4 (50 rows)",
        get(client_national, "/api/products/", {"stars": 4}),
        runs=slow,
        target="≤ 150 ms",
    )
    bench.measure("Product page", get(client_national, f"/products/{product.pk}/"))

    # A province's annual report: the figures, then the PDF as the report job builds it.
    from reports import documents, figures, writing

    bench.measure(
        f"Annual report figures {last_year}, province (reports.figures.compute)",
        lambda: figures.compute(province, str(last_year)),
        runs=args.figures_runs,
        target="≤ 2 s",
    )
    data = figures.compute(province, str(last_year))

    def pdf():
        doc = writing.document(figures.compute(province, str(last_year)), {})
        documents.render_pdf(documents.render_html(doc))

    bench.measure(
        f"Annual report PDF {last_year}, province (figures + HTML + PDF)", pdf, runs=args.pdf_runs, target="≤ 10 s"
    )
    print(f"\n(valid products of {province.name} at 31/12/{last_year}: {data['valid']['products']})")

    if args.markdown:
        lines = [HEADER] + [Bench.format(row) for row in bench.rows]
        Path(args.markdown).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
