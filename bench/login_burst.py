"""A burst of logins next to ordinary page views, with and without the login limit of ocop_portal/gunicorn.conf.py.

    .venv/bin/python bench/login_burst.py [--logins 20] [--limits 1,64]

For each limit (GUNICORN_LOGIN_CONCURRENCY; 64 = no limit in practice): gunicorn as ``make loadtest`` starts it;
two logged-in clients read ``/subjects/`` in a loop; after 2 s, ``--logins`` different accounts log in at the same
moment. Prints the page times before and during the burst (median, p95, max) and the login times.
"""

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadtest import OUT, production_env, start_gunicorn, stop, wait_for, write_accounts  # noqa: E402
from profile_pages import Session  # noqa: E402


def summary(values):
    if not values:
        return "-"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"n={len(values)} median {statistics.median(values):.0f} ms, p95 {p95:.0f} ms, max {ordered[-1]:.0f} ms"


def run(limit, args, accounts):
    env = production_env(args)
    env["GUNICORN_LOGIN_CONCURRENCY"] = str(limit)
    log, gunicorn = start_gunicorn(env, f"gunicorn-burst-{limit}.log")
    host = f"http://127.0.0.1:{args.port}"
    try:
        wait_for(f"{host}/health/", 60, gunicorn)
        reader = Session(host)
        reader.login(accounts["office"][0])
        pages, logins = [], []
        burst = {"start": None, "end": None}
        stop_at = time.monotonic() + 2 + args.seconds

        def read():
            while time.monotonic() < stop_at:
                started = time.monotonic()
                reader.request("/subjects/")
                pages.append((started, (time.monotonic() - started) * 1000))

        def login(username):
            session = Session(host)
            started = time.monotonic()
            session.login(username)
            logins.append((time.monotonic() - started) * 1000)

        readers = [threading.Thread(target=read) for _ in range(2)]
        for thread in readers:
            thread.start()
        time.sleep(2)
        burst["start"] = time.monotonic()
        names = (accounts["officer"] + accounts["leader"])[: args.logins]
        threads = [threading.Thread(target=login, args=(name,)) for name in names]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        burst["end"] = time.monotonic()
        for thread in readers:
            thread.join()
    finally:
        stop(gunicorn)
        log.close()
    before = [ms for at, ms in pages if at < burst["start"]]
    during = [ms for at, ms in pages if burst["start"] <= at < burst["end"]]
    print(f"limit {limit}: {len(names)} logins at once, burst over in {burst['end'] - burst['start']:.1f} s")
    print(f"  /subjects/ before the burst: {summary(before)}")
    print(f"  /subjects/ during the burst: {summary(during)}")
    print(f"  logins: {summary(logins)}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--logins", type=int, default=20)
    parser.add_argument("--limits", default="1,64")
    parser.add_argument("--seconds", type=int, default=20, help="how long the readers go on after the 2 s")
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ocop_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    write_accounts(args.database_url)
    accounts = json.loads((OUT / "accounts.json").read_text(encoding="utf-8"))
    from django.db import connection

    connection.close()
    for limit in [int(value) for value in args.limits.split(",")]:
        run(limit, args, accounts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
