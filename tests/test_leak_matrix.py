"""The leak matrix: every role of province A walks every page, export, history and API URL of the URL
configuration while province B's records (and, for a district officer, the neighbouring district's) are present.

What must hold, for every URL the walk builds (see ``tests/leak_world.py`` for the records and their markers):
- no response contains a marker of a record outside the user's area (pages, JSON, CSV, and XLSX unzipped);
- no response is a server error;
- the URL of a record outside the user's area (detail, edit, delete, history, download, API detail and actions) is
  refused (400/403/404/405), on GET and on POST, and a refused POST writes nothing (no audit entry).

The URLs come from the URL configuration itself: a new view is walked without anyone adding it here. A route whose
parameters the walk cannot fill fails ``test_every_route_is_walked`` until ``PARAMETERS`` learns it.
"""

import io
import zipfile

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from areas.models import AdministrativeUnit
from audit.models import AuditEntry
from decisions.models import Decision, Recognition, Revocation
from evaluations.models import Registration, RegistrationStatus, Round, ScoreLine, ScoreSheet
from imports.models import ImportJob, ImportKind
from notices.models import Notice
from producers.models import ProducerAccount
from products.models import Certification, Document, Product, ProductChannel
from programme.models import Activity, BudgetDocument, BudgetLine, Plan, Target
from reports.models import Report
from subjects.models import Subject

from .leak_world import MARK_B, MARK_D2, build_two_provinces

pytestmark = pytest.mark.django_db

# Routes that hold no records: signing in and out, the language switch, the translation catalogue, the health probe.
NOT_DATA = {"login", "logout", "set_language", "javascript-catalog", "health", "api-token", "password_change_done"}

# Which model a route's object parameter names, by the route's prefix (the longest prefix wins).
ROUTE_MODELS = [
    ("subjects/", Subject),
    ("products/documents/", Document),
    ("products/subjects/", Subject),
    ("products/", Product),
    ("evaluations/rounds/", Round),
    ("evaluations/registrations/", Registration),
    ("evaluations/sheets/", ScoreSheet),
    ("decisions/", Decision),
    ("programme/plans/", Plan),
    ("programme/targets/", Target),
    ("programme/budget/documents/", BudgetDocument),
    ("programme/budget/", BudgetLine),
    ("programme/activities/", Activity),
    ("imports/jobs/", ImportJob),
    ("reports/", Report),
    ("producers/me/products/", Product),
    ("producers/me/documents/", Document),
    ("producers/accounts/", ProducerAccount),
    ("producers/applications/", Registration),
    ("producers/certificates/", Recognition),
    ("notices/", Notice),
    ("api/^areas", AdministrativeUnit),
    ("api/^audit", AuditEntry),
    ("api/^subjects", Subject),
    ("api/^products", Product),
    ("api/^documents", Document),
    ("api/^evaluation-rounds", Round),
    ("api/^registrations", Registration),
    ("api/^my-score-sheets", ScoreSheet),
    ("api/^decisions", Decision),
    ("api/^recognitions", Recognition),
    ("api/^programme/plans", Plan),
    ("api/^programme/targets", Target),
    ("api/^programme/budget-lines", BudgetLine),
    ("api/^programme/activities", Activity),
    ("api/^reports/jobs", Report),
    ("api/^imports", ImportJob),
]
# Reference data every signed-in user may read (catalogues, not records of an area).
REFERENCE_ROUTES = ("api/^product-classes", "api/^sales-channels", "api/^programme/funding-sources")


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = ":".join(filter(None, [namespace, entry.namespace]))
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry, namespace


def routes():
    found = []
    for route, entry, namespace in _walk(get_resolver().url_patterns):
        if route.startswith("admin/") or "format>" in route or not entry.name or entry.name in NOT_DATA:
            continue
        # Public by design (every province's products in force): catalogue/tests/test_api_and_leaks.py checks that
        # only the published fields leave; the office's QR and consent pages: catalogue/tests/test_qr.py, test_office.py.
        if route.startswith(("catalogue/", "v/", "api/public/", "robots.txt")):
            continue
        name = f"{namespace}:{entry.name}" if namespace else entry.name
        params = sorted(entry.pattern.regex.groupindex)
        found.append((route, name, params))
    return found


def _model_for(route):
    matches = [(prefix, model) for prefix, model in ROUTE_MODELS if route.startswith(prefix)]
    return max(matches, key=lambda match: len(match[0]))[1] if matches else None


# --- the records of one side ----------------------------------------------------------------------------------


def side_objects(world, side):
    """{model: [instances]} of province B ("b"), or of province A's district D2 ("d2"), or of A's own ("a")."""
    if side == "d2":
        records = [world.a.records[1]]
        province_level = None
    else:
        province = world.b if side == "b" else world.a
        records = province.records if side == "b" else [world.a.records[0]]
        province_level = province
    objects = {model: [] for model in (Subject, Product, Document, Certification, ProductChannel, Registration)}
    objects.update({ScoreSheet: [], ScoreLine: [], Activity: [], Round: [], Decision: [], Recognition: []})
    objects.update({Revocation: [], Plan: [], Target: [], BudgetLine: [], BudgetDocument: [], Report: []})
    objects.update({ImportJob: [], "deleted_product": [], AdministrativeUnit: [], AuditEntry: []})
    objects[ProducerAccount] = []
    objects[Notice] = []
    if side != "a":
        top = world.a.districts[1].unit if side == "d2" else world.b.province
        objects[AdministrativeUnit] = list(
            AdministrativeUnit.objects.filter(path__startswith=top.path).order_by("path")
        )
        objects[AuditEntry] = list(AuditEntry.objects.filter(unit__path__startswith=top.path))
    for r in records:
        objects[Subject].append(r.subject)
        objects[Product] += [r.product, r.second]
        objects[Document].append(r.document)
        objects[Certification].append(r.certification)
        objects[ProductChannel].append(r.channel)
        objects[Registration].append(r.registration)
        objects[ScoreSheet] += list(ScoreSheet.objects.filter(registration=r.registration))
        objects[ScoreLine] += list(ScoreLine.objects.filter(sheet__registration=r.registration))
        objects[Activity].append(r.activity)
        objects["deleted_product"].append(r.gone_pk)
        objects[Recognition] += list(Recognition.objects.filter(product=r.second))
        objects[ProducerAccount] += r.producer_accounts
        objects[Notice].append(r.notice)
    if province_level is not None:
        p = province_level
        objects[Round].append(p.round)
        objects[Decision] += [p.recognition_decision, p.revocation_decision, p.draft]
        objects[Revocation] += list(Revocation.objects.filter(decision=p.revocation_decision))
        objects[Plan].append(p.plan)
        objects[Target].append(p.target)
        objects[BudgetLine].append(p.budget_line)
        objects[BudgetDocument].append(p.budget_document)
        objects[Activity].append(p.activity)
        objects[Report].append(p.report)
        objects[ImportJob].append(p.import_job)
    return objects


def _label(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def fill(route, params, objects):
    """[(kwargs)] for one route, with the objects of one side. An empty list: nothing of that side fits."""
    if not params:
        return []
    if "model" in params:  # the audit history of any record, deleted ones included
        values = []
        for model, instances in objects.items():
            if model == "deleted_product":
                values += [{"model": "products.product", "pk": str(pk)} for pk in instances]
            else:
                values += [{"model": _label(model), "pk": str(obj.pk)} for obj in instances]
        return values
    model = _model_for(route)
    instances = objects.get(model, []) if model else []
    values = []
    for obj in instances:
        kwargs = {}
        for param in params:
            if param in {"pk", "subject_pk", "plan_pk"}:
                kwargs[param] = obj.pk
            elif param == "item_pk":
                kwargs = None if not obj.recognitions.exists() else kwargs
                if kwargs is not None:
                    kwargs[param] = obj.recognitions.first().pk
            elif param == "to_status":
                kwargs[param] = RegistrationStatus.APPROVED
            elif param == "fmt":
                kwargs[param] = "pdf"
            if kwargs is None:
                break
        if kwargs:
            values.append(kwargs)
    return values


def free_values(route, params):
    """Values for parameters that name no record (kinds, formats, metrics)."""
    from dashboard.selectors import METRICS

    if params == ["kind"]:
        return [{"kind": kind} for kind in ImportKind.values]
    if params == ["metric"]:
        return [{"metric": metric} for metric in METRICS]
    return []


# --- reading responses -----------------------------------------------------------------------------------------


def body_text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if content[:2] == b"PK":  # xlsx/docx: the text lives in the zipped XML parts
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist() if name.endswith(".xml")
            )
    if "pdf" in kind:
        return ""  # a foreign PDF is refused by status below; own PDFs are checked in the decisions tests
    return content.decode("utf-8", "replace")


def forbidden_markers(user_key):
    return [MARK_B, MARK_D2] if user_key.startswith(("officer", "producer")) else [MARK_B]


# A producer (chủ thể) of A's first district: it has no area, only its own subject's records.
USERS = ["office", "leader", "secretary", "member", "officer_d1", "officer_c1", "producer"]


def user_of(world, key):
    return {
        "office": world.a.office,
        "leader": world.a.leader,
        "secretary": world.a.secretary,
        "member": world.a.member,
        "officer_d1": world.a.districts[0].officer,
        "officer_c1": world.a.districts[0].commune_officer,
        "producer": world.a.records[0].producer,
    }[key]


REFUSED = {400, 403, 404, 405}


@pytest.fixture
def world(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return build_two_provinces()


def test_every_route_is_walked(world):
    """A route with parameters that the matrix cannot fill would go unchecked: name it in ROUTE_MODELS."""
    objects = side_objects(world, "b")
    unfilled = [
        route
        for route, _name, params in routes()
        if params
        and not fill(route, params, objects)
        and not free_values(route, params)
        and not route.startswith(REFERENCE_ROUTES)
    ]
    assert unfilled == []


def test_the_world_carries_the_markers_where_the_walk_looks(world, client):
    """The matrix can fail: B's office sees its own marker on its own pages."""
    client.force_login(world.b.office)
    assert MARK_B in client.get(reverse("subjects:list")).content.decode()
    assert MARK_B in client.get(reverse("audit:list")).content.decode()
    assert MARK_B in client.get(reverse("decisions:index")).content.decode()
    client.force_login(world.b.records[0].producer)
    assert MARK_B in client.get(reverse("notices:list")).content.decode()


@pytest.mark.parametrize("user_key", USERS)
def test_no_foreign_row_reaches_any_role(world, client, user_key):
    user = user_of(world, user_key)
    markers = forbidden_markers(user_key)
    client.force_login(user)
    foreign = side_objects(world, "b")
    foreign_d2 = side_objects(world, "d2") if user_key.startswith(("officer", "producer")) else None
    own = side_objects(world, "a")
    b, a = world.b, world.a
    list_queries = [
        "",
        "?export=xlsx",
        "?export=csv",
        f"?area={b.province.pk}",
        f"?unit={b.province.pk}",
        f"?subject={b.records[0].subject.pk}&product={b.records[0].product.pk}&round={b.round.pk}",
        f"?plan={b.plan.pk}&year=2024&period=2024&kind=annual",
    ]
    if user_key.startswith(("officer", "producer")):
        list_queries.append(f"?area={a.districts[1].unit.pk}")
    failures = []

    def check(url, *, refused=False):
        response = client.get(url, follow=True)
        if response.status_code >= 500:
            failures.append(f"{url}: {response.status_code}")
            return
        text = body_text(response)
        for marker in markers:
            if marker in text:
                where = text.index(marker)
                failures.append(f"{url}: shows {marker} …{text[max(0, where - 80) : where + 20]!r}")
        if refused and response.status_code not in REFUSED:
            failures.append(f"{url}: {response.status_code} for a record outside the user's area")

    def check_post(url):
        before = AuditEntry.objects.count()
        response = client.post(url, {})
        if response.status_code not in REFUSED:
            failures.append(f"POST {url}: {response.status_code} for a record outside the user's area")
        if AuditEntry.objects.count() != before:
            failures.append(f"POST {url}: wrote to a record outside the user's area")

    for route, name, params in routes():
        if not params:
            for query in list_queries:
                check(reverse(name) + query)
            continue
        for kwargs in free_values(route, params):
            check(reverse(name, kwargs=kwargs))
        for kwargs in fill(route, params, own):
            # a producer reaches its own records on its own pages only: every office page refuses it
            check(reverse(name, kwargs=kwargs), refused=user_key == "producer" and not route.startswith("producers/"))
        for side in filter(None, [foreign, foreign_d2]):
            for kwargs in fill(route, params, side):
                url = reverse(name, kwargs=kwargs)
                check(url, refused=True)
                if user_key in {"office", "officer_d1", "producer"} and "model" not in params:
                    check_post(url)
    assert failures == [], "\n".join(failures[:60]) + f"\n({len(failures)} in all)"


@pytest.mark.parametrize("user_key", USERS)
def test_nobody_opens_another_users_notice(world, client, user_key):
    """A notice is opened by its id in the POST body (``notices:open``): another user's, of B or of A's own
    producer, is a 404 and stays unread; the page lists only one's own."""
    user = user_of(world, user_key)
    client.force_login(user)
    theirs = [r.notice for r in world.b.records + world.a.records if r.notice.recipient_id != user.pk]
    assert theirs
    for notice in theirs:
        assert client.post(reverse("notices:open"), {"notice": notice.pk}).status_code == 404
        notice.refresh_from_db()
        assert notice.read_at is None
    assert MARK_B not in client.get(reverse("notices:list")).content.decode()
    own = [r.notice for r in world.a.records if r.notice.recipient_id == user.pk]
    for notice in own:  # the producer opens its own: the walk can tell a refusal from a success
        assert client.post(reverse("notices:open"), {"notice": notice.pk}).status_code == 302
