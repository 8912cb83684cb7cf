"""Load test of the portal (issues #13 and #20): ``make loadtest`` runs this scenario against gunicorn.

Four kinds of users, each logged in once with an account of the generated national dataset (``generate_data
--scale national``; every generated account has the password ``ocop-generated-2026``, or LOADTEST_PASSWORD):

* officers (``gen.canbo.*``, commune officers, 6 of 11 users): list subjects and products, search, page through,
  open a product or a subject, and now and then edit and save one through the real form (its CSRF token, version
  field and one-time submit token, as the browser sends them), with one field changed (a product's description, a
  subject's address: a final "." added or taken away);
* coordination offices (``gen.vpdp.*``, 3 of 11): products filtered by stars (page and API, with a token),
  evaluation rounds and a round's page, decisions, the recognition register, a product page;
* leaders (``gen.lanhdao.*`` and ``gen.national``, 1 of 11): the dashboard of their area and a drill-down;
* API clients (1 of 11): a token from ``/api/token/``, then products, subjects and recognitions pages.

Think time 1–5 s between tasks (LOADTEST_THINK="1-5"; a shorter one measures what the machine serves at
saturation, not the scenario). Accounts come from ``bench/loadtest/accounts.json`` (LOADTEST_ACCOUNTS), which
``bench/loadtest.py`` writes from the bench database; every simulated user takes the next unused account of its
kind, so no two share a session and no login ever fails (django-axes counts failures only: a correct password
resets them, so the logins of the scenario never lock anyone out).

Requests go out as a TLS-terminating proxy would forward them (``X-Forwarded-Proto: https``, with Referer and
Origin on POSTs for Django's CSRF check), so the production settings (secure cookies, HSTS, SSL redirect) apply
unchanged. Requests are grouped by page in the statistics (``name=``): one row per page, not per URL.

    locust -f bench/locustfile.py --host http://127.0.0.1:8790     # interactive; make loadtest runs it headless
"""

import http.cookiejar
import itertools
import json
import os
import random
import re
import urllib.parse
from datetime import date
from pathlib import Path

from html_forms import edit_form  # bench/html_forms.py: locust puts this file's folder on the path
from locust import between, task
from locust.contrib.fasthttp import FastHttpSession, FastHttpUser

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "ocop-generated-2026")  # devdata.generator.GENERATED_PASSWORD
ACCOUNTS_FILE = Path(os.environ.get("LOADTEST_ACCOUNTS", Path(__file__).parent / "loadtest" / "accounts.json"))
RNG = random.Random()  # noqa: S311 - which page to open, not security
THINK = tuple(float(x) for x in os.environ.get("LOADTEST_THINK", "1-5").split("-", 1))
SEARCH_WORDS = ["banh", "tra", "mat ong", "gao", "nuoc mam", "ruou", "kho", "dua", "ca", "xoai"]


def _accounts():
    if not ACCOUNTS_FILE.exists():
        raise SystemExit(f"{ACCOUNTS_FILE} is missing: run `make loadtest` (bench/loadtest.py writes it)")
    return json.loads(ACCOUNTS_FILE.read_text(encoding="utf-8"))


ACCOUNTS = _accounts()
POOLS = {kind: itertools.cycle(names) for kind, names in ACCOUNTS.items() if kind != "meta" and names}
META = ACCOUNTS.get("meta", {})


def toggled(text):
    """The text with a final "." added, or taken away when it has one: every save changes the record, and the
    record does not grow run after run."""
    text = text.rstrip()
    return text[:-1] if text.endswith(".") else f"{text}."


class AnyCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    """Secure cookies (production sets them) go back over the plain http of 127.0.0.1: TLS ends at the proxy."""

    def return_ok_secure(self, cookie, request):
        return True


def ids(html, prefix):
    return sorted({int(pk) for pk in re.findall(rf'href="{re.escape(prefix)}(\d+)/"', html)})


class PortalUser(FastHttpUser):
    abstract = True
    wait_time = between(*THINK)
    kind = None
    default_headers = {"X-Forwarded-Proto": "https"}  # as the proxy in front of gunicorn forwards it

    def on_start(self):
        self.client.cookiejar.set_policy(AnyCookiePolicy())
        self.username = next(POOLS[self.kind])
        self.login()

    def post_headers(self, path):
        origin = f"https://{self.host.split('://', 1)[-1].rstrip('/')}"
        return {"Referer": origin + path, "Origin": origin}

    def login(self):
        page = self.client.get("/login/", name="/login/ (form)")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text or "")
        data = {"username": self.username, "password": PASSWORD, "next": "/"}
        if token:
            data["csrfmiddlewaretoken"] = token.group(1)
        with self.client.post(
            "/login/",
            data=data,
            headers=self.post_headers("/login/"),
            allow_redirects=False,
            catch_response=True,
            name="/login/ (POST)",
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.username} answered {response.status_code}")

    def page(self, path, name, **params):
        return self.client.get(path, params=params or None, name=name)

    def save_form(self, edit_path, name, change=None):
        """GET the edit page, POST its fields back with one field changed, as an officer correcting a record does
        (a real save: version checked and incremented, audited, the dashboards' data changed). ``change``: the
        field whose text gets a final "." added or taken away (an unchanged form would write nothing)."""
        page = self.client.get(edit_path, name=f"{name} (form)")
        fields = edit_form(page.text or "") if page.status_code == 200 else None
        if not fields:
            return
        if change:
            fields = [(key, toggled(value) if key == change else value) for key, value in fields]
        with self.client.post(
            edit_path,
            data=urllib.parse.urlencode(fields),  # a list of pairs: repeated names (formsets, multiple selects)
            headers={**self.post_headers(edit_path), "Content-Type": "application/x-www-form-urlencoded"},
            allow_redirects=False,
            catch_response=True,
            name=f"{name} (save)",
        ) as response:
            if response.status_code != 302:
                errors = re.findall(r'class="errors?[^"]*"[^>]*>(.{0,200})', response.text or "", re.S)
                response.failure(f"save answered {response.status_code}: {errors[:1]}")


class Officer(PortalUser):
    """A commune officer: lists, search, paging, a record, sometimes an edit."""

    weight = 6
    kind = "officer"

    def on_start(self):
        super().on_start()
        self.subject_ids, self.product_ids, self.pages = [], [], []

    @task(3)
    def subjects(self):
        response = self.page("/subjects/", "/subjects/")
        self.subject_ids = ids(response.text or "", "/subjects/") or self.subject_ids

    @task(3)
    def products(self):
        response = self.page("/products/", "/products/")
        self.product_ids = ids(response.text or "", "/products/") or self.product_ids
        self.pages = sorted({int(n) for n in re.findall(r"[?&;]page=(\d+)", response.text or "")})

    @task(2)
    def search(self):
        self.page("/products/", "/products/?q=", q=RNG.choice(SEARCH_WORDS))

    @task(1)
    def search_subjects(self):
        self.page("/subjects/", "/subjects/?q=", q=RNG.choice(SEARCH_WORDS))

    @task(2)
    def next_page(self):
        if self.pages:
            self.page("/products/", "/products/?page=", page=RNG.choice(self.pages))

    @task(3)
    def product(self):
        if self.product_ids:
            self.page(f"/products/{RNG.choice(self.product_ids)}/", "/products/<id>/")

    @task(1)
    def subject(self):
        if self.subject_ids:
            self.page(f"/subjects/{RNG.choice(self.subject_ids)}/", "/subjects/<id>/")

    @task(1)
    def edit_subject(self):
        if self.subject_ids:
            self.save_form(f"/subjects/{RNG.choice(self.subject_ids)}/edit/", "/subjects/<id>/edit/", change="address")

    @task(1)
    def edit_product(self):
        if self.product_ids:
            self.save_form(
                f"/products/{RNG.choice(self.product_ids)}/edit/", "/products/<id>/edit/", change="description"
            )


class Office(PortalUser):
    """A province's coordination office: the star filter (page and API), rounds, decisions, the register."""

    weight = 3
    kind = "office"

    def on_start(self):
        super().on_start()
        # The office's scripts use the API with a token, in a client of their own (no session cookie).
        self.api_client = FastHttpSession(
            base_url=self.host,
            request_event=self.environment.events.request,
            user=self,
            headers=self.default_headers,
            network_timeout=self.network_timeout,
            connection_timeout=self.connection_timeout,
        )
        response = self.api_client.post(
            "/api/token/", json={"username": self.username, "password": PASSWORD}, name="/api/token/"
        )
        token = (response.json() or {}).get("token") if response.status_code == 200 else ""
        self.api_headers = {"Authorization": f"Token {token}"}
        self.round_ids, self.product_ids = [], []

    def api(self, path, name, **params):
        return self.api_client.get(path, params=params or None, headers=self.api_headers, name=name)

    @task(3)
    def stars(self):
        response = self.page("/products/", "/products/?stars=", stars=RNG.choice([3, 4, 5]))
        self.product_ids = ids(response.text or "", "/products/") or self.product_ids

    @task(2)
    def stars_api(self):
        self.api("/api/products/", "/api/products/?stars=", stars=RNG.choice([3, 4, 5]))

    @task(1)
    def products_api(self):
        self.api("/api/products/", "/api/products/?page=", page=RNG.randint(1, 5))

    @task(2)
    def rounds(self):
        response = self.page("/evaluations/", "/evaluations/")
        self.round_ids = ids(response.text or "", "/evaluations/rounds/") or self.round_ids

    @task(1)
    def round(self):
        if self.round_ids:
            self.page(f"/evaluations/rounds/{RNG.choice(self.round_ids)}/", "/evaluations/rounds/<id>/")

    @task(2)
    def decisions(self):
        self.page("/decisions/", "/decisions/")

    @task(1)
    def register(self):
        self.page("/decisions/recognitions/", "/decisions/recognitions/?valid_on=", valid_on=date.today().isoformat())

    @task(1)
    def product(self):
        if self.product_ids:
            self.page(f"/products/{RNG.choice(self.product_ids)}/", "/products/<id>/")


class Leader(PortalUser):
    """A province's (or the national) leadership: the dashboard of their area, a drill-down."""

    weight = 1
    kind = "leader"

    @task(4)
    def dashboard(self):
        self.page("/dashboard/", "/dashboard/")

    @task(1)
    def drilldown(self):
        self.page("/dashboard/drilldown/valid/", "/dashboard/drilldown/<metric>/")


class ApiClient(FastHttpUser):
    """An integration reading the API with a token (no session)."""

    abstract = False
    weight = 1
    wait_time = between(*THINK)
    default_headers = {"X-Forwarded-Proto": "https"}

    def on_start(self):
        self.client.cookiejar.set_policy(AnyCookiePolicy())
        username = next(POOLS["api"])
        response = self.client.post(
            "/api/token/", json={"username": username, "password": PASSWORD}, name="/api/token/"
        )
        token = response.json().get("token") if response.status_code == 200 else ""
        self.headers = {"Authorization": f"Token {token}"}
        self.next = {}

    def api(self, path, name, **params):
        return self.client.get(path, params=params or None, headers=self.headers, name=name)

    def walk(self, first, name):
        """The next page of a list, as an integration reads one (its ``next`` link); from the start after the end."""
        response = self.api(self.next.get(first, first), name)
        following = (response.json() or {}).get("next") if response.status_code == 200 else None
        self.next[first] = re.sub(r"^https?://[^/]+", "", following) if following else first

    @task(3)
    def products(self):
        self.walk("/api/products/", "/api/products/?page=")

    @task(1)
    def valid_products(self):
        self.api("/api/products/", "/api/products/?ocop_status=", ocop_status="valid")

    @task(2)
    def subjects(self):
        self.walk("/api/subjects/", "/api/subjects/?page=")

    @task(1)
    def recognitions(self):
        self.api("/api/recognitions/", "/api/recognitions/?valid_on=", valid_on=date.today().isoformat())
