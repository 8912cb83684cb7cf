"""Where the CPU of a request goes, page by page (issue #20): py-spy on gunicorn while the page is under load.

    .venv/bin/python bench/profile_pages.py [--seconds 15] [--clients 6] [--only products] [--markdown out.md]

Starts gunicorn as ``make loadtest`` does (production settings, bench database, ocop_portal/gunicorn.conf.py), logs
in the accounts below, then for each page: ``--clients`` threads request it in a loop for ``--seconds`` while
``py-spy record --subprocesses`` samples every worker (100 Hz, CPU only: a thread waiting for PostgreSQL or the
network is not sampled). For each page it prints the requests served, their mean time, the Python CPU per request
(samples × 10 ms / requests), what that CPU was spent on (categories below, by the innermost matching frame) and
the project functions that cost most (inclusive). PostgreSQL's own CPU is not in these figures (bench/run.py and
EXPLAIN ANALYZE cover the SQL).
"""

import argparse
import http.cookiejar
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadtest import OUT, ROOT, VENV_BIN, production_env, start_gunicorn, stop, wait_for, write_accounts  # noqa: E402

PASSWORD = "ocop-generated-2026"  # devdata.generator.GENERATED_PASSWORD
RATE = 100

# (category, pattern on the frame's file name), matched from the innermost frame outwards.
CATEGORIES = [
    ("password hashing", r"hashers\.py|hashlib|crypto\.py"),
    ("psycopg (send SQL, read rows)", r"/psycopg/"),
    ("ORM: compile SQL", r"django/db/models/sql/|django/db/models/expressions\.py|django/db/models/lookups\.py"),
    ("ORM: rows to objects", r"django/db/models/query\.py|django/db/models/base\.py|django/db/models/fields/"),
    ("ORM: other", r"django/db/"),
    ("templates", r"django/template/|templatetags/"),
    ("DRF serializers", r"rest_framework/serializers\.py|rest_framework/fields\.py|rest_framework/relations\.py"),
    ("DRF other", r"rest_framework/"),
    ("filtersets, forms", r"django_filters/|django/forms/"),
    ("URL resolve/reverse", r"django/urls/"),
    ("translation", r"django/utils/translation/"),
    ("sessions", r"django/contrib/sessions/"),
    ("auth, axes", r"django/contrib/auth/|/axes/"),
    ("messages", r"django/contrib/messages/"),
    ("CSP, whitenoise, htmx", r"/csp/|/whitenoise/|django_htmx/"),
    ("Django request/response", r"django/core/handlers/|django/http/|django/middleware/|django/utils/deprecation\.py"),
    ("gunicorn", r"/gunicorn/"),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in CATEGORIES]
FRAME = re.compile(r"^(?P<func>.*) \((?P<file>.*):(?P<line>\d+)\)$")


class AnyCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    """Secure cookies go back over the plain http of 127.0.0.1 (TLS ends at the proxy in production)."""

    def return_ok_secure(self, cookie, request):
        return True


class Session:
    def __init__(self, host):
        self.host = host
        self.jar = http.cookiejar.CookieJar(AnyCookiePolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        self.headers = {"X-Forwarded-Proto": "https"}

    def request(self, path, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.host + path, data=body, headers={**self.headers, **(headers or {})})  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def login(self, username):
        status, page = self.request("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        origin = "https://" + self.host.split("://", 1)[1]
        status, _ = self.request(
            "/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/"},
            {"Referer": origin + "/login/", "Origin": origin},
        )
        if status != 302:
            sys.exit(f"login of {username} answered {status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def pages(ids):
    """(label, account, path) of the main pages of the load test."""
    return [
        ("Product list", "office", "/products/"),
        ("Product list, stars=4", "office", "/products/?stars=4"),
        ("Product list, search", "officer", "/products/?q=banh"),
        ("Product page", "office", f"/products/{ids['product']}/"),
        ("Product edit form", "office", f"/products/{ids['product']}/edit/"),
        ("Subject list", "officer", "/subjects/"),
        ("Subject page", "office", f"/subjects/{ids['subject']}/"),
        ("Products API, stars=4", "office", "/api/products/?stars=4"),
        ("Round list", "office", "/evaluations/"),
        ("Round page", "office", f"/evaluations/rounds/{ids['round']}/"),
        ("Decision list", "office", "/decisions/"),
        ("Recognition register, valid today", "office", f"/decisions/recognitions/?valid_on={ids['today']}"),
        ("Dashboard (leader, summary table)", "leader", "/dashboard/"),
        ("Home", "officer", "/"),
    ]


def hammer(session, path, seconds, clients):
    done, times, errors = [], [], Counter()
    deadline = time.monotonic() + seconds

    def loop():
        while time.monotonic() < deadline:
            started = time.monotonic()
            status, _ = session.request(path)
            times.append(time.monotonic() - started)
            if status != 200:
                errors[status] += 1
            done.append(1)

    threads = [threading.Thread(target=loop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(done), (sum(times) / len(times) * 1000 if times else 0), errors


def summarise(profile, requests, project_root):
    categories, own, inclusive = Counter(), Counter(), Counter()
    total = 0
    for line in profile.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = [FRAME.match(frame) for frame in stack.split(";")]
        frames = [frame for frame in frames if frame]
        files = [frame["file"] for frame in frames]
        if not any("django/core/handlers" in file for file in files):
            continue  # not inside a request (gunicorn's loop, idle threads)
        n = int(count)
        total += n
        category = "other"
        for frame in reversed(frames):
            found = next((name for name, pattern in COMPILED if pattern.search(frame["file"])), None)
            if found:
                category = found
                break
            if frame["file"].startswith(project_root) and "/.venv/" not in frame["file"]:
                category = "project code"
                break
        categories[category] += n
        leaf = frames[-1]
        own[f"{leaf['func']} ({short(leaf['file'], project_root)})"] += n
        seen = set()
        for frame in frames:
            file = frame["file"]
            if file.startswith(project_root) and "/.venv/" not in file and not file.endswith("middleware.py"):
                key = f"{frame['func']} ({short(file, project_root)}:{frame['line']})"
                if key not in seen:
                    seen.add(key)
                    inclusive[key] += n
    ms_per_request = total * 1000 / RATE / requests if requests else 0
    return total, ms_per_request, categories, own, inclusive


def short(file, root):
    file = file.replace(root + "/", "")
    return re.sub(r"^.*site-packages/", "", file)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--only", action="append", default=None)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ocop_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--markdown", default=None)
    args = parser.parse_args()
    args.users, args.time = 0, "0s"

    OUT.mkdir(parents=True, exist_ok=True)
    write_accounts(args.database_url)
    from django.utils import timezone

    from accounts.models import User
    from evaluations.models import Round
    from products.models import Product
    from subjects.models import Subject

    office = User.objects.get(username="gen.vpdp.82n")
    officer = User.objects.filter(username__startswith="gen.canbo.", unit__path__startswith=office.unit.path).first()
    ids = {
        "product": Product.objects.restrict(officer, "view").order_by("pk").values_list("pk", flat=True).first(),
        "subject": Subject.objects.restrict(officer, "view").order_by("pk").values_list("pk", flat=True).first(),
        "round": Round.objects.restrict(office, "view").order_by("-pk").values_list("pk", flat=True).first(),
        "today": timezone.localdate().isoformat(),
    }
    accounts = {"office": office.username, "officer": officer.username, "leader": "gen.lanhdao.82n"}
    from django.db import connection

    connection.close()

    env = production_env(args)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    log, gunicorn = start_gunicorn(env, "gunicorn-profile.log")
    host = f"http://127.0.0.1:{args.port}"
    lines = []
    try:
        wait_for(f"{host}/health/", 60, gunicorn)
        sessions = {}
        for kind, username in accounts.items():
            sessions[kind] = Session(host)
            sessions[kind].login(username)
        for label, kind, path in pages(ids):
            if args.only and not any(word.lower() in label.lower() for word in args.only):
                continue
            sessions[kind].request(path)  # warm-up
            output = OUT / f"profile-{re.sub(r'[^a-z0-9]+', '-', label.lower()).strip('-')}.txt"
            spy = subprocess.Popen(
                [str(VENV_BIN / "py-spy"), "record", "--pid", str(gunicorn.pid), "--subprocesses", "--nonblocking"]
                + ["--format", "raw", "--full-filenames", "--rate", str(RATE), "--output", str(output)]
                + ["--duration", str(args.seconds + 1)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(0.5)
            requests, mean_ms, errors = hammer(sessions[kind], path, args.seconds, args.clients)
            spy.wait(timeout=args.seconds + 60)
            total, cpu_ms, categories, own, inclusive = summarise(output, requests, str(ROOT))
            top = ", ".join(f"{name} {n * 100 // max(total, 1)} %" for name, n in categories.most_common(6))
            functions = "; ".join(f"{name} {n * 100 // max(total, 1)} %" for name, n in inclusive.most_common(8))
            leaves = "; ".join(f"{name} {n * 100 // max(total, 1)} %" for name, n in own.most_common(5))
            block = (
                f"### {label} (`{path}`)\n\n{requests} requests in {args.seconds} s by {args.clients} clients, mean "
                f"{mean_ms:.0f} ms{f', errors {dict(errors)}' if errors else ''}; Python CPU {cpu_ms:.0f} ms per "
                f"request ({total} samples).\n\n* Spent in: {top}\n* Project functions (inclusive): {functions}\n"
                f"* Hottest leaf functions: {leaves}\n"
            )
            print(block, flush=True)
            lines.append(block)
    finally:
        stop(gunicorn)
        log.close()
    if args.markdown:
        Path(args.markdown).write_text("\n".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
