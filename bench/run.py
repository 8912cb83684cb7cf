"""Benchmark of the portal on the national dataset (``make bench``), judged against the speed targets of issue #13.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench .venv/bin/python bench/run.py [--runs 20]
        [--generate] [--jit-on] [--only WORD] [--markdown bench/out.md]

For each case: one warm-up run, then ``--runs`` timed runs (default 20) in this process; prints the median and
95th percentile of the server time (Django test Client: URL resolution, middleware, view, template, all SQL), the
number of SQL queries (``CaptureQueriesContext``; one number when it is the same on every run) and whether the
median meets the case's target. Targets (issue #13, "Speed"):

* every list page and API list ≤ 150 ms at any filter (stars and validity included) and any page (page 100, or
  the last page where a list has fewer pages), with the same query count on every run;
* a product page ≤ 60 ms;
* the dashboard recomputed (summary table emptied before each run) ≤ 1,5 × its own aggregate SQL run directly on a
  cursor (province and national); from the summary table ≤ 300 ms;
* a province's annual report figures ≤ 2 s, its PDF ≤ 10 s;
* issue #17: the public catalogue (unfiltered, searched, filtered), a product page, the verification page and the
  public API ≤ 50 ms with the cache emptied before each run; a cached public API answer with no SQL query
  (``--only catalogue``).

Lists covered, as a national leader, a (new) province's coordination office and a commune officer: subjects,
products, decisions, the recognition register, revocations, expiring recognitions, evaluation rounds and a round's
registrations, plans, budget lines, activities, reports, administrative units, users, the audit log and the
dashboard drill-downs; and the API lists of the same records. The summary at the end counts the targets met and
lists the misses. ``--generate`` runs ``generate_data --scale national --seed 1`` first when the database holds no
generated national dataset. The portal turns PostgreSQL's JIT off on its connections (settings, ``DB_JIT``);
``--jit-on`` runs ``SET jit = on`` to measure what it would cost.
"""

import argparse
import logging
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")

LIST_MS = 150
PRODUCT_PAGE_MS = 60
DASHBOARD_MS = 300
DASHBOARD_RATIO = 1.5
CATALOGUE_MS = 50  # issue #17 item 6: the public catalogue and a product page, cache cold


def percentile(values, q):
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def ms(limit):
    """A target: the median at most ``limit`` milliseconds."""
    return {"kind": "ms", "limit": limit, "label": f"≤ {limit:,} ms".replace(",", ".")}


def ratio(reference, factor):
    """A target: the median at most ``factor`` × the median of the case named ``reference`` (measured before)."""
    return {
        "kind": "ratio",
        "reference": reference,
        "factor": factor,
        "label": f"≤ {factor}× direct SQL".replace(".", ","),
    }


class Bench:
    def __init__(self, runs, only=None):
        self.runs = runs
        self.only = only
        self.rows = []
        self.by_name = {}

    def wanted(self, name):
        return not self.only or any(word.lower() in name.lower() for word in self.only)

    def measure(self, name, function, *, runs=None, target=None, before=None):
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        if not self.wanted(name):
            return None
        runs = runs or self.runs
        if before:
            before()
        try:
            function()  # warm-up
        except AssertionError as error:  # a wrong status: reported as a miss, the other cases still run
            row = {"name": name, "runs": 0, "median": 0, "p95": 0, "queries": [], "target": target}
            row["verdict"] = f"ERROR {error}"
            self.rows.append(row)
            print(self.format(row), flush=True)
            return row
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
        row["verdict"] = self.judge(row)
        self.rows.append(row)
        self.by_name[name] = row
        print(self.format(row), flush=True)
        return row

    def judge(self, row):
        target = row["target"]
        if not target:
            return ""
        if target["kind"] == "ms":
            limit = target["limit"]
        else:
            reference = self.by_name.get(target["reference"])
            if reference is None:
                return "no reference"
            limit = reference["median"] * target["factor"]
            row["limit_note"] = f"{row['median'] / reference['median']:.2f}×".replace(".", ",")
        met = row["median"] <= limit
        verdict = "met" if met else "NOT met"
        if target.get("zero_queries") and row["queries"] != [0]:
            verdict = "NOT met (the database was queried)"
        if len(row["queries"]) > 1:
            verdict += " (query count varies)"
        return verdict

    @staticmethod
    def format(row):
        queries = "/".join(str(q) for q in row["queries"])
        target = row["target"]["label"] if row["target"] else ""
        if row.get("limit_note"):
            target += f" ({row['limit_note']})"
        return (
            f"| {row['name']} | {row['runs']} | {row['median']:.0f} | {row['p95']:.0f} | {queries} | {target} "
            f"| {row['verdict']} |"
        )

    def summary(self):
        judged = [row for row in self.rows if row["verdict"]]
        missed = [row for row in judged if not row["verdict"].startswith("met") or "varies" in row["verdict"]]
        lines = [f"\nTargets: {len(judged) - len(missed)} of {len(judged)} met."]
        for row in missed:
            lines.append(f"  NOT met: {row['name']}: median {row['median']:.0f} ms, {row['verdict']}")
        return "\n".join(lines)


HEADER = "| Case | Runs | Median (ms) | p95 (ms) | SQL queries | Target | Met |\n|---|---:|---:|---:|---:|---|---|"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--slow-runs", type=int, default=5, help="runs of the slow cases: recomputed dashboards and their direct SQL"
    )
    parser.add_argument("--figures-runs", type=int, default=None, help="runs of the report figures (default --runs)")
    parser.add_argument("--pdf-runs", type=int, default=None, help="runs of the PDF (default --runs)")
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--jit-on", action="store_true")
    parser.add_argument("--skip-cold", action="store_true", help="skip the recomputed (empty summary table) cases")
    parser.add_argument("--skip-reports", action="store_true", help="skip the annual report figures and PDF")
    parser.add_argument("--skip-national-dashboard", action="store_true", help="skip the national dashboard")
    parser.add_argument(
        "--only", action="append", default=None, help="only the cases whose name contains this word (repeatable)"
    )
    parser.add_argument("--markdown", default=None, help="also write the table and the summary to this file")
    args = parser.parse_args()

    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)  # one line per force_login otherwise
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    if not settings.USING_POSTGRES:
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL=postgres://.../ocop_bench")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False

    from accounts.models import Role, User
    from areas.models import AdministrativeUnit, UnitLevel
    from dashboard import selectors
    from dashboard.models import DashboardSnapshot, GeneratedDataset
    from evaluations.models import Round
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
    admin = User.objects.get(username="gen.admin")
    office = User.objects.get(username="gen.vpdp.82n")
    province = office.unit
    officer = (
        User.objects.filter(
            role=Role.LOCAL_OFFICER, unit__path__startswith=province.path, unit__level=UnitLevel.COMMUNE
        )
        .order_by("username")
        .first()
    )
    country = AdministrativeUnit.objects.get(level=UnitLevel.COUNTRY)
    year = timezone.localdate().year
    last_year = year - 1
    food = ProductClass.objects.get(regime="qd148", level="category", code="I")
    product = (
        Product.objects.filter(unit__path__startswith=province.path, recognitions__isnull=False).order_by("pk").first()
    )
    big_round = (
        Round.objects.restrict(office, "view")
        .annotate(n=django.db.models.Count("registrations"))
        .order_by("-n", "pk")
        .first()
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
    print(f"Users: national={national.username}, office={office.username}, officer={officer.username}")
    print(HEADER)

    bench = Bench(args.runs, args.only)
    clients = {}
    for who, user in (("national", national), ("office", office), ("officer", officer), ("admin", admin)):
        clients[who] = Client()
        clients[who].force_login(user)

    def get(client, url, data=None):
        def run():
            response = client.get(url, data or {})
            assert response.status_code == 200, (url, data, response.status_code)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response

        return run

    # --- the dashboard ---------------------------------------------------------------------------------------
    dashboard = "/dashboard/"
    national_params = {"year": year, "area": country.pk}
    province_params = {"year": year, "area": province.pk}

    def empty_summary():
        DashboardSnapshot.objects.all().delete()

    with_national = not args.skip_national_dashboard
    if with_national:
        bench.measure(
            "Dashboard, national (summary table)",
            get(clients["national"], dashboard, national_params),
            target=ms(DASHBOARD_MS),
        )
    bench.measure(
        "Dashboard, province (summary table)", get(clients["office"], dashboard, province_params), target=ms(300)
    )

    def fingerprint_path():
        DashboardSnapshot.objects.update(computed_at=timezone.now() - timezone.timedelta(minutes=5))

    bench.measure(
        "Dashboard, province (snapshot > 60 s old, fingerprint unchanged)",
        get(clients["office"], dashboard, province_params),
        before=fingerprint_path,
        target=ms(DASHBOARD_MS),
    )
    if not args.skip_cold:
        # The aggregate SQL of a recomputation replayed directly (what it sends to PostgreSQL), then the dashboard
        # recomputed in the request: the target is a ratio of the two.
        for label, area, who, params in (
            ("province", province, "office", province_params),
            ("national", country, "national", national_params),
        ):
            if area == country and not with_national:
                continue
            direct = f"Dashboard aggregate SQL, {label}, run directly"
            own = f"Dashboard, {label}: every statement of the recomputing request, run directly"
            if bench.wanted(direct) or bench.wanted("recomputed"):
                with CaptureQueriesContext(connection) as captured:
                    selectors.compute(area, selectors.dashboard_period(year))
                statements = [q["sql"] for q in captured.captured_queries]

                def replay(statements=statements):
                    with connection.cursor() as cursor:
                        for sql in statements:
                            cursor.execute(sql)
                            cursor.fetchall()

                bench.only, only = None, bench.only
                bench.measure(direct, replay, runs=args.slow_runs)
                # Every statement the recomputing request sends (the data fingerprint it stores with the figures,
                # the aggregates, reading and writing the summary row, the session), replayed in a transaction
                # that is rolled back: the request's own SQL, so the ratio is what Django and Python add to it.
                empty_summary()
                with CaptureQueriesContext(connection) as captured:
                    get(clients[who], dashboard, params)()
                request_statements = [q["sql"] for q in captured.captured_queries]

                def replay_request(statements=request_statements):
                    with transaction.atomic():
                        with connection.cursor() as cursor:
                            for sql in statements:
                                cursor.execute(sql)
                                if cursor.description is not None:
                                    cursor.fetchall()
                        transaction.set_rollback(True)

                bench.measure(own, replay_request, runs=args.slow_runs, before=empty_summary)
                bench.only = only
            bench.measure(
                f"Dashboard, {label} (recomputed: summary table emptied)",
                get(clients[who], dashboard, params),
                runs=args.slow_runs,
                before=empty_summary,
                target=ratio(own, DASHBOARD_RATIO),
            )

    # --- list pages and API lists ------------------------------------------------------------------------------
    area_group = {"area": province.pk, "category": food.pk}
    today = timezone.localdate().isoformat()
    list_target = ms(LIST_MS)
    word = product.name.split()[0]

    cases = [
        # (name, who, url, params)
        ("Subject list page, national, unfiltered", "national", "/subjects/", {}),
        ("Subject list page, national, search + area", "national", "/subjects/", {"q": word, "unit": province.pk}),
        ("Subject list page, national, page 100", "national", "/subjects/", {"page": 100}),
        ("Subject list page, office, unfiltered", "office", "/subjects/", {}),
        ("Subject list page, office, has products, last page", "office", "/subjects/", {"has_products": "yes"}),
        ("Subject list page, officer, unfiltered", "officer", "/subjects/", {}),
        ("Product list page, national, unfiltered", "national", "/products/", {}),
        ("Product list page, national, area + group", "national", "/products/", area_group),
        ("Product list page, national, stars=4", "national", "/products/", {"stars": 4}),
        ("Product list page, national, stars=5, last page", "national", "/products/", {"stars": 5, "page": "last"}),
        ("Product list page, national, valid OCOP", "national", "/products/", {"ocop_status": "valid"}),
        ("Product list page, national, search", "national", "/products/", {"q": word}),
        ("Product list page, national, page 100", "national", "/products/", {"page": 100}),
        (
            "Product list page, national, sorted by stars, page 100",
            "national",
            "/products/",
            {"sort": "-stars", "page": 100},
        ),
        ("Product list page, office, unfiltered", "office", "/products/", {}),
        ("Product list page, office, area + group", "office", "/products/", area_group),
        ("Product list page, office, stars=4", "office", "/products/", {"stars": 4}),
        ("Product list page, office, expired OCOP", "office", "/products/", {"ocop_status": "expired"}),
        ("Product list page, office, last page", "office", "/products/", {"page": "last"}),
        ("Product list page, officer, unfiltered", "officer", "/products/", {}),
        ("Decision list page, national, unfiltered", "national", "/decisions/", {}),
        ("Decision list page, national, page 100", "national", "/decisions/", {"page": 100}),
        ("Decision list page, office, year", "office", "/decisions/", {"year": last_year}),
        ("Recognition register page, national, unfiltered", "national", "/decisions/recognitions/", {}),
        ("Recognition register page, national, stars=4", "national", "/decisions/recognitions/", {"stars": 4}),
        (
            "Recognition register page, national, valid today",
            "national",
            "/decisions/recognitions/",
            {"valid_on": today},
        ),
        ("Recognition register page, national, page 100", "national", "/decisions/recognitions/", {"page": 100}),
        (
            "Recognition register page, office, valid today, last page",
            "office",
            "/decisions/recognitions/",
            {"valid_on": today, "page": "last"},
        ),
        ("Revocation list page, national, unfiltered", "national", "/decisions/revocations/", {}),
        ("Revocation list page, national, page 100", "national", "/decisions/revocations/", {"page": 100}),
        ("Revocation list page, office, unfiltered", "office", "/decisions/revocations/", {}),
        ("Expiring recognitions page, office", "office", "/decisions/expiring/", {}),
        ("Round list page, national, unfiltered", "national", "/evaluations/", {}),
        ("Round list page, office, unfiltered", "office", "/evaluations/", {}),
        (
            f"Round page with its registrations, office ({big_round.registrations.count()} rows)",
            "office",
            f"/evaluations/rounds/{big_round.pk}/",
            {},
        ),
        ("Plan list page, national", "national", "/programme/", {}),
        ("Budget line list page, national", "national", "/programme/budget/", {}),
        ("Activity list page, national", "national", "/programme/activities/", {}),
        ("Report list page, office", "office", "/reports/", {}),
        ("Administrative unit list page, national, page 100", "national", "/areas/", {"page": 100}),
        ("User list page, admin", "admin", "/accounts/users/", {}),
        ("Audit log page, admin", "admin", "/audit/", {}),
        ("Audit log page, office", "office", "/audit/", {}),
        (
            "Dashboard drill-down: valid products, national",
            "national",
            "/dashboard/drilldown/valid/",
            {"year": year, "area": country.pk},
        ),
        (
            "Dashboard drill-down: valid products, province, page 10",
            "office",
            "/dashboard/drilldown/valid/",
            {"year": year, "area": province.pk, "page": 10},
        ),
        ("Subjects API, national, unfiltered", "national", "/api/subjects/", {}),
        ("Subjects API, national, page 100", "national", "/api/subjects/", {"page": 100}),
        ("Subjects API, office, unfiltered", "office", "/api/subjects/", {}),
        ("Products API, national, unfiltered", "national", "/api/products/", {}),
        ("Products API, national, area + group", "national", "/api/products/", area_group),
        ("Products API, national, stars=4", "national", "/api/products/", {"stars": 4}),
        ("Products API, national, valid OCOP", "national", "/api/products/", {"ocop_status": "valid"}),
        ("Products API, national, page 100", "national", "/api/products/", {"page": 100}),
        ("Products API, office, unfiltered", "office", "/api/products/", {}),
        ("Products API, office, stars=4", "office", "/api/products/", {"stars": 4}),
        ("Products API, office, area + group", "office", "/api/products/", area_group),
        ("Decisions API, national, unfiltered", "national", "/api/decisions/", {}),
        ("Decisions API, national, page 100", "national", "/api/decisions/", {"page": 100}),
        ("Recognitions API, national, unfiltered", "national", "/api/recognitions/", {}),
        (
            "Recognitions API, national, stars=4, valid today",
            "national",
            "/api/recognitions/",
            {"stars": 4, "valid_on": today},
        ),
        ("Recognitions API, national, page 100", "national", "/api/recognitions/", {"page": 100}),
        ("Rounds API, office", "office", "/api/evaluation-rounds/", {}),
        ("Registrations API, national, page 100", "national", "/api/registrations/", {"page": 100}),
        ("Registrations API, office, one round", "office", "/api/registrations/", {"round": big_round.pk}),
        ("Registrations API, office, stars=4", "office", "/api/registrations/", {"stars": 4}),
        ("Plans API, national", "national", "/api/programme/plans/", {}),
        ("Activities API, national", "national", "/api/programme/activities/", {}),
        ("Areas API, national, page 100", "national", "/api/areas/", {"page": 100}),
        ("Audit API, admin", "admin", "/api/audit/", {}),
    ]
    for name, who, url, params in cases:
        bench.measure(name, get(clients[who], url, params), target=list_target)

    bench.measure(
        "Product page, office", get(clients["office"], f"/products/{product.pk}/"), target=ms(PRODUCT_PAGE_MS)
    )
    bench.measure(
        "Product page, national", get(clients["national"], f"/products/{product.pk}/"), target=ms(PRODUCT_PAGE_MS)
    )

    # --- the public catalogue (issue #17): anonymous, the cache emptied before each run (cold), and one cached answer
    if bench.wanted("Public catalogue"):
        from django.core.cache import cache

        from catalogue import selectors as catalogue_selectors
        from catalogue.models import CatalogueEntry
        from catalogue.services import catalogue_rebuild, ensure_public_codes

        # The periodic task: a generated dataset has no verification codes and an empty catalogue table yet (the
        # generator writes in bulk, no signal); the table is then brought in step (only differing rows written).
        started = time.perf_counter()
        was_empty = not CatalogueEntry.objects.exists()
        made = ensure_public_codes()
        changed = catalogue_rebuild()
        table = CatalogueEntry._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(last_analyze, last_autoanalyze) IS NULL FROM pg_stat_user_tables WHERE relname = %s",
                [table],
            )
            never_analyzed = cursor.fetchone()[0]
            # After a first fill or a rewrite of most rows: what autovacuum does a minute later (planner statistics,
            # and the visibility map the count's index-only scan needs), so the cases measure the steady state.
            if was_empty or never_analyzed or changed >= 1000:
                cursor.execute(f"VACUUM ANALYZE {table}")
                print(f"(catalogue: VACUUM ANALYZE {table} after writing {changed} rows)")
        if made or changed:
            print(
                f"(catalogue: {made} verification codes made, {changed} catalogue rows written"
                f"{' into the empty table' if was_empty else ''}, {time.perf_counter() - started:.1f} s)"
            )
        visitor = Client()
        row = catalogue_selectors.public_products(province=province.code).filter(ocop_status="valid").first()
        code, slug = row["code"], catalogue_selectors.slug_of(row["pname"])
        search = {"q": catalogue_selectors.slug_of(row["pname"]).split("-")[0]}
        catalogue_target = ms(CATALOGUE_MS)
        public_cases = [
            ("Public catalogue page, national, cold cache", "/catalogue/", {}),
            ("Public catalogue page, search, cold cache", "/catalogue/", search),
            (
                "Public catalogue page, search + province + stars, cold cache",
                "/catalogue/",
                {**search, "province": province.code, "stars": row["stars_"]},
            ),
            (
                "Public catalogue page, province, page 5, cold cache",
                "/catalogue/",
                {"province": province.code, "page": 5},
            ),
            ("Public catalogue product page, cold cache", f"/catalogue/p/{code}/{slug}/", {}),
            ("Public catalogue verification page /v/<code>/, cold cache", f"/v/{code}/", {}),
            ("Public catalogue API list, national, cold cache", "/api/public/catalogue/products/", {}),
            ("Public catalogue API product, cold cache", f"/api/public/catalogue/products/{code}/", {}),
        ]
        for name, url, params in public_cases:
            bench.measure(name, get(visitor, url, params), before=cache.clear, target=catalogue_target)

        # The map of communes is its own answer, fetched by the page after it is shown (same for every visitor of
        # a filter, cached apart): measured cold without a target of its own, and cached. 204: nothing to draw (the
        # generated units have no coordinates; the counts per commune are still computed).
        def get_map(params):
            def run():
                response = visitor.get("/catalogue/ban-do.svg", params)
                assert response.status_code in (200, 204), ("/catalogue/ban-do.svg", params, response.status_code)
                return response

            return run

        for name, params in (
            ("Public catalogue map SVG (fetched by the page), national, cold cache", {}),
            ("Public catalogue map SVG (fetched by the page), province, cold cache", {"province": province.code}),
        ):
            bench.measure(name, get_map(params), before=cache.clear)
        cached_target = {**ms(CATALOGUE_MS), "zero_queries": True, "label": f"≤ {CATALOGUE_MS} ms, 0 SQL queries"}
        cache.clear()
        for name, url, params in (
            ("Public catalogue API list, cached answer", "/api/public/catalogue/products/", {"stars": 4}),
            ("Public catalogue API product, cached answer", f"/api/public/catalogue/products/{code}/", {}),
        ):
            bench.measure(name, get(visitor, url, params), target=cached_target)
        bench.measure("Public catalogue map SVG, national, cached answer", get_map({}), target=cached_target)

    # --- a province's annual report: the figures, then the PDF as the report job builds it -----------------------
    if not args.skip_reports:
        from reports import documents, figures, writing

        bench.measure(
            f"Annual report figures {last_year}, province (reports.figures.compute)",
            lambda: figures.compute(province, str(last_year)),
            runs=args.figures_runs,
            target=ms(2000),
        )

        def pdf():
            doc = writing.document(figures.compute(province, str(last_year)), {})
            documents.render_pdf(documents.render_html(doc))

        bench.measure(
            f"Annual report PDF {last_year}, province (figures + HTML + PDF)",
            pdf,
            runs=args.pdf_runs,
            target=ms(10000),
        )

    summary = bench.summary()
    print(summary)
    if args.markdown:
        lines = [HEADER] + [Bench.format(row) for row in bench.rows]
        Path(args.markdown).write_text("\n".join(lines) + "\n" + summary + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
