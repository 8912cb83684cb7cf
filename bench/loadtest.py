"""``make loadtest``: the locust scenario (bench/locustfile.py) against gunicorn on the bench database.

    .venv/bin/python bench/loadtest.py [--users 50] [--time 3m] [--spawn-rate 2] [--profile]

1. Production-like settings for gunicorn: ``OCOP_ENV=production`` (DEBUG off, secure cookies, manifest static files
   served by WhiteNoise with far-future caching, cached templates), Redis for the cache (sessions, throttles) and
   the broker, the bench database (``BENCH_DATABASE_URL``, with the generated national dataset: ``make bench``
   creates it); ``collectstatic`` into bench/loadtest/staticfiles first.
2. The accounts of the scenario, read from that database, into bench/loadtest/accounts.json.
3. gunicorn with ``ocop_portal/gunicorn.conf.py`` (gthread, cores + 1 workers × 4 threads unless GUNICORN_* say
   otherwise) on 127.0.0.1:``--port``; waits for ``/health/``.
   A Celery worker with beat (``nice -n 10``, as the README's production section runs it) on the same Redis:
   the background refreshes (dashboard snapshots every 30 s) take their share of the two cores too.
4. locust headless for ``--time`` with ``--users`` users spawned at ``--spawn-rate`` per second; CSV and HTML
   statistics in bench/loadtest/ (stats_stats.csv, stats_failures.csv, report.html, locust.log, gunicorn.log).
   With ``--profile``, py-spy samples every gunicorn worker for the whole run (bench/loadtest/profile-*.txt,
   collapsed stacks; ``bench/profile_summary.py`` reads them).
5. Prints the table per page (requests, failures, p50, p95, p99, req/s) and the totals, and the CPU each kind of
   process used during the run (gunicorn, PostgreSQL, Celery, locust, the rest), then stops gunicorn and Celery.

All simulated clients come from one address, so the per-address rate of ``/api/token/`` is raised for the run
(OCOP_API_THROTTLE_TOKEN); nothing else differs from production.
"""

import argparse
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "loadtest"
VENV_BIN = Path(sys.executable).parent


def production_env(args):
    env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}}
    env.update(
        OCOP_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=args.database_url,
        CELERY_BROKER_URL=args.redis_url,
        CACHE_URL=args.redis_url,
        STATIC_ROOT=str(OUT / "staticfiles"),
        MEDIA_ROOT=str(OUT / "media"),
        LOG_LEVEL="WARNING",
        OCOP_API_THROTTLE_TOKEN="10000/min",
        OCOP_DEV_APPS="0",
        GUNICORN_BIND=f"127.0.0.1:{args.port}",
        GUNICORN_ACCESS_LOG="",
        PYTHONUNBUFFERED="1",
    )
    for key, value in os.environ.items():  # GUNICORN_WORKERS, GUNICORN_THREADS, ... and DB_CONN_MAX_AGE pass through
        if key.startswith("GUNICORN_") or key in {"DB_CONN_MAX_AGE", "SESSION_ENGINE"}:
            env.setdefault(key, value)
    return env


def write_accounts(database_url):
    """The generated accounts of each kind of simulated user (bench/loadtest/accounts.json)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from accounts.models import Role, User

    def names(**filters):
        return list(
            User.objects.filter(is_active=True, **filters).order_by("username").values_list("username", flat=True)
        )

    accounts = {
        # Officers of the new communes (after 01/07/2025), then of the old districts.
        "officer": names(role=Role.LOCAL_OFFICER, username__startswith="gen.canbo.", username__endswith="n")
        + names(role=Role.LOCAL_OFFICER, username__startswith="gen.canbo.", unit__valid_to__isnull=True),
        "office": names(role=Role.COORDINATION_OFFICE, username__startswith="gen.vpdp.", username__endswith="n"),
        "leader": names(role=Role.LEADERSHIP, username__startswith="gen.lanhdao.", username__endswith="n")
        + ["gen.national"],
        # API clients: the offices of the old provinces (their own accounts, not shared with the office users).
        "api": names(role=Role.COORDINATION_OFFICE, username__startswith="gen.vpdp.", unit__valid_to__isnull=False),
    }
    upgraded = upgrade_password_hashes()
    if upgraded:
        print(f"Password hashes re-made with the current hasher: {upgraded} generated accounts", flush=True)
    connection.close()
    accounts = {kind: list(dict.fromkeys(found)) for kind, found in accounts.items()}
    missing = [kind for kind, found in accounts.items() if not found]
    if missing:
        sys.exit(f"No generated accounts for {missing} in {database_url}: run `make bench` (generate_data) first.")
    (OUT / "accounts.json").write_text(json.dumps(accounts, indent=1), encoding="utf-8")
    return {kind: len(found) for kind, found in accounts.items()}


def upgrade_password_hashes():
    """A dataset generated before the portal moved to Argon2id (accounts/hashers.py) stores PBKDF2 hashes, which
    Django re-makes at each account's first login; in production that happens once per person, here it would turn
    every login of the run into PBKDF2 + Argon2id. The generated accounts share one password: hash it once with the
    current hasher and store it on those that need it (what their first logins would have left)."""
    from django.contrib.auth.hashers import get_hasher, identify_hasher, make_password

    from accounts.models import User
    from devdata.generator import GENERATED_PASSWORD

    hasher = get_hasher()
    stale = [
        pk
        for pk, encoded in User.objects.filter(username__startswith="gen.").values_list("pk", "password")
        if identify_hasher(encoded).algorithm != hasher.algorithm or hasher.must_update(encoded)
    ]
    if stale:
        User.objects.filter(pk__in=stale).update(password=make_password(GENERATED_PASSWORD))
    return len(stale)


def wait_for(url, seconds, process):
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310 - local http
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped (exit {process.returncode}): see {OUT / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - our own local server
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"gunicorn did not answer {url} within {seconds} s: see {OUT / 'gunicorn.log'}")


def port_free(bind):
    host, port = bind.rsplit(":", 1)
    try:
        with socket.create_connection((host, int(port)), timeout=0.5):
            return False  # something already answers there: the load would go to it, not to our gunicorn
    except OSError:
        return True


def start_gunicorn(env, log_name="gunicorn.log"):
    if not port_free(env["GUNICORN_BIND"]):
        sys.exit(f"{env['GUNICORN_BIND']} is already in use by another server: choose another port (LOADTEST_PORT)")
    log = (OUT / log_name).open("w", encoding="utf-8")
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", "ocop_portal/gunicorn.conf.py", "ocop_portal.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return log, process


def start_celery(env):
    """The production's background side on the same machine: one Celery worker with beat (the dashboard snapshots
    refreshed every 30 s, the stale-job reaper...), at a lower CPU priority (``nice``, LOADTEST_CELERY_NICE, 10) as
    the README's production section runs it, so that background recomputations use the cores the requests leave.
    Tasks left in the broker by earlier runs are purged first."""
    log = (OUT / "celery.log").open("w", encoding="utf-8")
    nice = os.environ.get("LOADTEST_CELERY_NICE", "10")
    command = ["nice", "-n", nice, str(VENV_BIN / "celery"), "-A", "ocop_portal", "worker", "--beat"]
    command += [
        "--concurrency",
        "1",
        "--loglevel",
        "WARNING",
        "--purge",
        "--schedule",
        str(OUT / "celerybeat-schedule"),
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    return log, process


class CpuSampler:
    """CPU seconds used during the run, by kind of process (gunicorn, PostgreSQL backends of the bench database,
    Celery, locust, the rest of the machine), read from /proc every two seconds in a thread."""

    def __init__(self, database_name):
        self.database_name = database_name
        self.seen = {}
        self.totals = {}
        self.hz = os.sysconf("SC_CLK_TCK")
        self.running = False

    def kind(self, pid):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            return None
        if command.startswith("postgres"):
            return "PostgreSQL (bench database)" if f" {self.database_name} " in command else "PostgreSQL (other)"
        for word, name in (("gunicorn", "gunicorn"), ("celery", "Celery worker + beat"), ("locust", "locust")):
            if word in command:
                return name
        return "rest of the machine"

    def cpu(self, pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / self.hz

    def sample(self, first=False):
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            pid = int(name)
            used = self.cpu(pid)
            if used is None:
                continue
            if pid not in self.seen:
                kind = self.kind(pid)
                if kind is None:
                    continue
                self.seen[pid] = (kind, used if first else 0.0)
            kind, last = self.seen[pid]
            self.totals[kind] = self.totals.get(kind, 0.0) + used - last
            self.seen[pid] = (kind, used)

    def start(self):
        import threading

        self.sample(first=True)
        self.totals = {}
        self.started = time.monotonic()
        self.running = True

        def loop():
            while self.running:
                time.sleep(2)
                self.sample()

        self.thread = threading.Thread(target=loop, daemon=True)
        self.thread.start()

    def stop(self):
        self.running = False
        self.thread.join()
        self.sample()
        self.elapsed = time.monotonic() - self.started

    def table(self):
        available = (os.cpu_count() or 1) * self.elapsed
        lines = [
            f"CPU during the run ({self.elapsed:.0f} s × {os.cpu_count()} cores = {available:.0f} CPU-seconds):",
            "| Processes | CPU-seconds | share of the machine |",
            "|---|---:|---:|",
        ]
        for kind, seconds in sorted(self.totals.items(), key=lambda item: -item[1]):
            lines.append(f"| {kind} | {seconds:.1f} | {100 * seconds / available:.0f} % |")
        return "\n".join(lines)


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def worker_pids(master):
    result = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    return [int(pid) for pid in result.stdout.split()]


def table(stats_csv):
    rows = list(csv.DictReader(stats_csv.open(encoding="utf-8")))
    header = "| Page | Requests | Failures | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | req/s |"
    lines = [header, "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "**Total**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} "
            f"| {row['99%']} | {float(row['Max Response Time']):.0f} | {float(row['Requests/s']):.1f} |"
        )
    return "\n".join(lines)


def verdict(stats_csv, p95_limit=500, p99_limit=1500, login_p95_limit=2000):
    """The targets of issues #13/#20: p95 ≤ 500 ms and p99 ≤ 1,5 s on every page but the login, login p95 ≤ 2 s,
    no failures."""
    rows = list(csv.DictReader(stats_csv.open(encoding="utf-8")))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    pages = [row for row in rows if row["Name"] != "Aggregated"]
    logins = [row for row in pages if "login" in row["Name"] or "token" in row["Name"]]
    slow = [row["Name"] for row in pages if row not in logins and float(row["95%"]) > p95_limit]
    tail = [row["Name"] for row in pages if row not in logins and float(row["99%"]) > p99_limit]
    slow_logins = [row["Name"] for row in logins if float(row["95%"]) > login_p95_limit]
    lines = [
        f"Totals: {total['Request Count']} requests, {float(total['Requests/s']):.1f} req/s, p50 {total['50%']} ms, "
        f"p95 {total['95%']} ms, p99 {total['99%']} ms, {total['Failure Count']} failures",
        f"  pages with p95 > {p95_limit} ms (login aside): {', '.join(slow) or 'none'}",
        f"  pages with p99 > {p99_limit} ms (login aside): {', '.join(tail) or 'none'}",
        f"  login p95 > {login_p95_limit} ms: {', '.join(slow_logins) or 'no'}",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOADTEST_USERS", 50)))
    parser.add_argument("--time", default=os.environ.get("LOADTEST_TIME", "3m"), help="locust --run-time: 30s, 3m")
    parser.add_argument("--spawn-rate", type=float, default=float(os.environ.get("LOADTEST_SPAWN_RATE", 2)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOADTEST_PORT", 8790)))
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocop_bench"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/7"))
    parser.add_argument("--profile", action="store_true", help="py-spy record every gunicorn worker during the run")
    parser.add_argument("--skip-collectstatic", action="store_true")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    counts = write_accounts(args.database_url)
    print(f"Accounts: {counts} (bench/loadtest/accounts.json)", flush=True)
    env = production_env(args)
    if not args.skip_collectstatic:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )

    gunicorn_log, gunicorn = start_gunicorn(env)
    celery_log, celery = start_celery(env)
    sampler = CpuSampler(urllib.parse.urlsplit(args.database_url).path.lstrip("/"))
    profilers = []
    try:
        host = f"http://127.0.0.1:{args.port}"
        wait_for(f"{host}/health/", 60, gunicorn)
        workers = worker_pids(gunicorn.pid)
        print(f"gunicorn {gunicorn.pid} up on {host}, workers {workers}", flush=True)
        if args.profile:
            for pid in workers:
                profilers.append(
                    subprocess.Popen(
                        [str(VENV_BIN / "py-spy"), "record", "--pid", str(pid), "--format", "raw", "--rate", "50"]
                        + ["--output", str(OUT / f"profile-{pid}.txt"), "--nonblocking"],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                )
        locust_env = {**os.environ, "LOADTEST_ACCOUNTS": str(OUT / "accounts.json")}
        command = [str(VENV_BIN / "locust"), "-f", "bench/locustfile.py", "--headless", "--host", host]
        command += ["--users", str(args.users), "--spawn-rate", str(args.spawn_rate), "--run-time", args.time]
        command += ["--csv", str(OUT / "stats"), "--html", str(OUT / "report.html"), "--only-summary"]
        command += ["--stop-timeout", "10", "--exit-code-on-error", "0"]
        print(f"locust: {args.users} users, spawn {args.spawn_rate}/s, {args.time} ...", flush=True)
        sampler.start()
        with (OUT / "locust.log").open("w", encoding="utf-8") as log:
            subprocess.run(command, cwd=ROOT, env=locust_env, stdout=log, stderr=subprocess.STDOUT, check=False)
        sampler.stop()
    finally:
        for profiler in profilers:
            profiler.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        for profiler in profilers:
            try:
                profiler.wait(timeout=30)
            except subprocess.TimeoutExpired:
                profiler.kill()
        stop(gunicorn)
        gunicorn_log.close()
        stop(celery)
        celery_log.close()

    stats = OUT / "stats_stats.csv"
    if not stats.exists():
        sys.exit(f"locust wrote no statistics: see {OUT / 'locust.log'}")
    print(
        f"\n{args.users} users, {args.time}, think time {os.environ.get('LOADTEST_THINK', '1-5')} s; "
        f"gunicorn {env.get('GUNICORN_WORKER_CLASS', 'gthread')}"
    )
    print(table(stats))
    print(verdict(stats))
    if getattr(sampler, "elapsed", None):
        print()
        print(sampler.table())
    failures = OUT / "stats_failures.csv"
    if failures.exists():
        rows = list(csv.DictReader(failures.open(encoding="utf-8")))
        for row in rows[:10]:
            print(f"  failure x{row['Occurrences']}: {row['Method']} {row['Name']}: {row['Error'][:200]}")
    exceptions = OUT / "stats_exceptions.csv"
    if exceptions.exists():
        for row in list(csv.DictReader(exceptions.open(encoding="utf-8")))[:10]:
            print(f"  scenario error x{row['Count']}: {row['Message'][:200]} (see locust.log)")
    print(f"\nCSV and HTML: {OUT}/ (stats_*.csv, report.html); gunicorn log: {OUT / 'gunicorn.log'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
