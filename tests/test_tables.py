"""One table declaration per list (``ocop_portal.tables``) drives the page's columns, the ``?sort=`` keys and the
export: the export's header row is the page's header row, every declared sort key works, exports carry what the
page shows (stars, validity), the dashboard's drill-downs export the same scoped rows, and a list page's query
count does not grow with its rows."""

import csv
import datetime
import html
import io
import re
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django.views.generic.list import MultipleObjectMixin

from accounts.models import Role
from audit.models import AuditAction, AuditEntry
from dashboard import selectors as dashboard_selectors
from decisions.tests.factories import AuthorityFactory, product_in, recognise, revoke
from evaluations.models import RegistrationStatus
from evaluations.tests.factories import RegistrationFactory, RoundFactory
from ocop_portal.views import ScopedListView
from producers.tests.factories import ProducerAccountFactory, producer_user
from programme.tests.factories import ActivityFactory, BudgetLineFactory, PlanFactory
from reports.models import Report
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db

# Lists still declared by hand (template <th>, ordering_fields, export columns). Converting one means removing it
# from here; a new list page must come with a table or be added here on purpose.
NOT_CONVERTED = set()
# List pages on Django's ListView (not ScopedListView) without a table, sort keys or export yet.
# A producer's own applications (phone cards, no filters or export) and each user's own notices (no area).
OTHER_LISTS = {"audit:history", "producers:application_list", "notices:list"}
# Plain ListView pages with a table (their own scoping: ``visible_units``).
OTHER_TABLES = {"areas:list"}
CONVERTED = [
    "subjects:list",
    "products:list",
    "decisions:index",
    "decisions:recognitions",
    "decisions:revocations",
    "programme:index",
    "programme:budget",
    "programme:activities",
    "evaluations:index",
    "reports:list",
    "audit:list",
    "evaluations:review_queue",
    "producers:account_list",
]
# The most SQL queries a list page may run (session, user, filters' choices, count, rows, what the cells need),
# whatever its rows: a new query on a list page must be a decision, raised here on purpose. The rows are read in two
# queries (the page's keys, then its rows: ``ocop_portal.pagination``), so page 100 costs what page 1 does.
QUERY_BUDGET = {
    "subjects:list": 7,
    "products:list": 13,
    "decisions:index": 8,
    "decisions:recognitions": 6,
    "decisions:revocations": 7,
    "programme:index": 7,
    "programme:budget": 14,
    "programme:activities": 10,
    "evaluations:index": 7,
    "reports:list": 7,
    "audit:list": 7,
    "evaluations:review_queue": 7,
    "producers:account_list": 7,
}
# A producer's own lists (its scoping, export and query tests: producers/tests/test_scoping.py).
PRODUCER_LISTS = ["producers:my_products"]
# Lists of administrators only (tested with an administrator in accounts/tests/test_user_list.py).
ADMIN_LISTS = ["accounts:user_list"]


def list_views(base=ScopedListView):
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            else:
                view = getattr(pattern.callback, "view_class", None)
                if view is not None and issubclass(view, base):
                    yield f"{namespace}{pattern.name}", view

    return dict(walk(get_resolver().url_patterns))


def header_of_page(response):
    thead = re.findall(r"<thead>(.*?)</thead>", response.content.decode(), re.S)[-1]  # the list (after totals)
    cells = re.findall(r"<th[^>]*>(.*?)</th>", thead, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>|[▲▼]", "", cell)).split()) for cell in cells]


def csv_rows(response):
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def column(rows, label):
    index = rows[0].index(label)
    return [row[index] for row in rows[1:]]


@pytest.fixture
def office(make_user, area_tree):
    return make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])


@pytest.fixture
def officer(make_user, area_tree):
    return make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d1"])


@pytest.fixture
def authority(area_tree):
    return AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])


NO_PARTS = {"subject__workforce_local": 0, "subject__workforce_qualified": 0}


@pytest.fixture
def register(office, authority, area_tree):
    """c1: «Trà sen» 3★ (score 71) and «Bánh phồng» 5★ (score 92), «Mắm» not recognised; c2: «Xoài» 4★ revoked."""
    day = timezone.localdate() - datetime.timedelta(days=30)
    tea = product_in(area_tree["c1"], name="Trà sen", subject__name="HTX Sen", subject__workforce_total=5, **NO_PARTS)
    cake = product_in(
        area_tree["c1"], name="Bánh phồng", subject__name="Cơ sở Bánh", subject__workforce_total=50, **NO_PARTS
    )
    product_in(area_tree["c1"], name="Mắm", subject__name="Hộ Mắm", subject__workforce_total=20, **NO_PARTS)
    mango = product_in(area_tree["c2"], name="Xoài", subject__name="HTX Xoài", subject__workforce_total=1, **NO_PARTS)
    recognise(office, authority, day - datetime.timedelta(days=400), (mango, 4, Decimal("80")))
    recognise(office, authority, day, (tea, 3, Decimal("71")), (cake, 5, Decimal("92")))
    mango_recognition = mango.recognitions.get()
    revoke(office, authority, day + datetime.timedelta(days=1), (mango_recognition, "production_stopped"))
    plan = PlanFactory(unit=area_tree["d1"], year=2023)
    PlanFactory(unit=area_tree["d1"], year=2024)
    BudgetLineFactory(plan=plan, unit=area_tree["c1"], planned_mvnd=Decimal("1234.5"))
    BudgetLineFactory(plan=plan, unit=area_tree["c1"], planned_mvnd=Decimal("20"))
    ActivityFactory(unit=area_tree["c1"], title="Tập huấn B")
    ActivityFactory(unit=area_tree["c2"], title="Hội chợ A")
    RoundFactory(unit=area_tree["province"], year=2023, sequence=1)
    RoundFactory(unit=area_tree["province"], year=2024, sequence=1)
    Report.objects.create(kind="annual", period="2023", area=area_tree["province"], request_key="a")
    Report.objects.create(kind="annual", period="2022", area=area_tree["d1"], request_key="b", requested_by=office)
    return {"tea": tea, "cake": cake, "mango": mango}


def test_every_list_page_has_a_table_or_is_a_listed_exception():
    views = list_views()
    assert set(views) >= NOT_CONVERTED, "a listed exception is no longer a list page"
    for name, view in views.items():
        if name in NOT_CONVERTED:
            assert view.table_class is None, f"{name} has a table now: remove it from NOT_CONVERTED"
        else:
            assert view.table_class is not None, f"{name} is a list page without a table (ocop_portal.tables)"
    assert sorted(set(views) - NOT_CONVERTED) == sorted(CONVERTED + ADMIN_LISTS + PRODUCER_LISTS)
    others = list_views(MultipleObjectMixin)
    for name in OTHER_TABLES:
        assert others[name].table_class is not None
    assert set(others) - set(views) - OTHER_TABLES == OTHER_LISTS, "a new list page: use ScopedListView and a table"


@pytest.mark.parametrize("name", CONVERTED)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_header_is_the_page_header(client, office, register, name, fmt):
    from openpyxl import load_workbook

    client.force_login(office)
    url = reverse(name)
    page = client.get(url)
    assert page.status_code == 200
    labels = page.context["table"].labels()
    assert header_of_page(page) == labels
    response = client.get(url, {"export": fmt})
    if fmt == "csv":
        header = csv_rows(response)[0]
    else:
        header = [cell.value for cell in next(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows())]
    assert header == labels


@pytest.mark.parametrize("name", CONVERTED)
def test_every_declared_sort_key_works(client, office, register, name):
    client.force_login(office)
    url = reverse(name)
    keys = list_views()[name].table_class(None).ordering()
    assert keys
    for key in keys:
        for requested in (key, f"-{key}"):
            response = client.get(url, {"sort": requested})
            assert response.status_code == 200, requested
            assert response.context["current_sort"] == requested
            assert csv_rows(client.get(url, {"sort": requested, "export": "csv"}))
    # A key the table does not declare is ignored (default order), never an error.
    response = client.get(url, {"sort": "search_text"})
    assert response.status_code == 200 and response.context["current_sort"] == ""


@pytest.mark.parametrize(
    "name, sort, label, expected",
    [
        ("subjects:list", "-workforce", "Tên chủ thể", ["Cơ sở Bánh", "Hộ Mắm", "HTX Sen", "HTX Xoài"]),
        ("products:list", "stars", "Tên sản phẩm", ["Trà sen", "Bánh phồng", "Mắm", "Xoài"]),
        ("decisions:recognitions", "-score", "Sản phẩm", ["Bánh phồng", "Xoài", "Trà sen"]),
        ("decisions:revocations", "product", "Sản phẩm", ["Xoài"]),
        ("decisions:index", "date", "Số sản phẩm", ["1", "2", "1"]),
        ("programme:index", "-year", "Năm", ["2024", "2023"]),
        ("programme:budget", "-planned", "Kế hoạch (triệu đồng)", ["1.234,5", "20"]),
        ("programme:activities", "title", "Hoạt động", ["Hội chợ A", "Tập huấn B"]),
        ("evaluations:index", "year", "Đợt", ["Đợt 1 năm 2023", "Đợt 1 năm 2024"]),
        ("reports:list", "period", "Kỳ", ["2022", "2023"]),
    ],
)
def test_sort_orders_the_page_and_the_export(client, office, register, name, sort, label, expected):
    client.force_login(office)
    url = reverse(name)
    assert column(csv_rows(client.get(url, {"sort": sort, "export": "csv"})), label) == expected
    page = client.get(url, {"sort": sort})
    assert [obj.pk for obj in page.context["object_list"]] == [
        obj.pk for obj in page.context["view"].get_queryset()[: len(expected)]
    ]


def test_product_export_carries_the_stars_and_validity_it_is_filtered_on(client, office, register):
    client.force_login(office)
    rows = csv_rows(client.get("/products/", {"stars": "5", "export": "csv"}))
    assert column(rows, "Tên sản phẩm") == ["Bánh phồng"]
    assert column(rows, "Hạng sao") == ["5"]
    assert column(rows, "Tình trạng OCOP") == ["Đang hiệu lực"]
    valid_until = register["cake"].recognitions.get().valid_until
    assert column(rows, "Hiệu lực đến") == [valid_until.strftime("%d/%m/%Y")]
    rows = csv_rows(client.get("/products/", {"ocop_status": "revoked", "export": "csv"}))
    assert column(rows, "Tên sản phẩm") == ["Xoài"] and column(rows, "Tình trạng OCOP") == ["Đã thu hồi"]


def test_importer_layout_stays_available_for_round_trips(client, office, register):
    client.force_login(office)
    page = client.get("/subjects/").content.decode()
    assert "export=xlsx&amp;layout=import" in page
    rows = csv_rows(client.get("/subjects/", {"export": "csv", "layout": "import"}))
    assert rows[0][0] == "Số đăng ký kinh doanh"
    assert client.get("/decisions/", {"export": "csv", "layout": "import"}).status_code == 404  # no importer


def _add_rows(name, office, authority, unit, count):
    day = timezone.localdate() - datetime.timedelta(days=10)
    if name == "subjects:list":
        SubjectFactory.create_batch(count, unit=unit)
    elif name == "products:list":
        for _ in range(count):
            product_in(unit)
    elif name in ("decisions:index", "decisions:recognitions"):
        for _ in range(count):
            recognise(office, authority, day, (product_in(unit), 3))
    elif name == "programme:index":
        for year in range(count):
            PlanFactory(unit=unit, year=2000 + PlanFactory._meta.model.objects.count() + year)
    elif name == "programme:budget":
        BudgetLineFactory.create_batch(count, plan=PlanFactory(unit=unit, year=1990 + count), unit=unit)
    elif name == "programme:activities":
        ActivityFactory.create_batch(count, unit=unit)
    elif name == "evaluations:index":
        RoundFactory.create_batch(count, unit=unit)
    elif name == "audit:list":
        for subject in SubjectFactory.create_batch(count, unit=unit):
            AuditEntry.objects.create(
                action=AuditAction.CREATE, content_type=ContentType.objects.get_for_model(subject), unit=unit,
                object_id=str(subject.pk), object_repr=subject.name, actor=office, after={"name": subject.name},
            )  # fmt: skip
    elif name == "evaluations:review_queue":
        for _ in range(count):
            product = product_in(unit)
            RegistrationFactory(
                round=RoundFactory(unit=unit),
                product=product,
                status=RegistrationStatus.SUBMITTED,
                created_by=producer_user(product.subject),
            )
    elif name == "producers:account_list":
        ProducerAccountFactory.create_batch(count, commune=unit)
    elif name == "reports:list":
        for index in range(count):
            key = f"{count}-{index}"
            Report.objects.create(kind="annual", period="2022", area=unit, request_key=key, requested_by=office)
    else:
        for _ in range(count):
            decision = recognise(office, authority, day, (product_in(unit), 3))
            revoke(office, authority, day, (decision.recognitions.get(), "production_stopped"))


@pytest.mark.parametrize("name", CONVERTED)
def test_list_page_query_count_does_not_grow_with_rows(client, office, authority, area_tree, name):
    url = reverse(name)
    _add_rows(name, office, authority, area_tree["c1"], 1)
    client.force_login(office)

    def count():
        client.get(url)  # warm-up: the user's scope paths are cached by the first request (accounts.scoping)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(response.context["object_list"]), len(queries)

    rows_before, queries_before = count()
    _add_rows(name, office, authority, area_tree["c1"], 4)
    rows_after, queries_after = count()
    assert rows_after > rows_before
    assert queries_after == queries_before
    assert queries_after <= QUERY_BUDGET[name], f"{name}: {queries_after} queries, budget {QUERY_BUDGET[name]}"


# --- dashboard drill-downs --------------------------------------------------------------------------------------


def test_drilldown_export_has_the_page_columns_and_the_officers_rows_only(client, officer, office, register, area_tree):
    year = timezone.localdate().year
    url = reverse("dashboard:drilldown", args=["valid"])
    client.force_login(officer)
    page = client.get(url, {"year": year})
    assert page.status_code == 200
    assert "export=xlsx" in page.content.decode()
    rows = csv_rows(client.get(url, {"year": year, "export": "csv"}))
    assert rows[0] == header_of_page(page) == page.context["table"].labels()
    assert sorted(column(rows, "Sản phẩm")) == ["Bánh phồng", "Trà sen"]
    assert sorted(column(rows, "Hạng sao")) == ["3", "5"]
    # Another district's drill-down stays a 404, exported or not.
    assert client.get(url, {"year": year, "area": area_tree["d2"].pk, "export": "csv"}).status_code == 404
    # The filters of the drill-down apply to the export.
    rows = csv_rows(client.get(url, {"year": year, "stars": "5", "export": "csv"}))
    assert column(rows, "Sản phẩm") == ["Bánh phồng"]

    client.force_login(office)
    rows = csv_rows(client.get(url, {"year": year, "export": "csv"}))
    assert sorted(column(rows, "Sản phẩm")) == ["Bánh phồng", "Trà sen"]  # «Xoài» was revoked
    rows = csv_rows(client.get(reverse("dashboard:drilldown", args=["revoked"]), {"year": year, "export": "csv"}))
    assert column(rows, "Sản phẩm") == ["Xoài"]


@pytest.mark.parametrize("metric", sorted(dashboard_selectors.METRICS))
def test_every_drilldown_exports_its_page_columns(client, office, register, metric):
    client.force_login(office)
    url = reverse("dashboard:drilldown", args=[metric])
    year = timezone.localdate().year
    page = client.get(url, {"year": year})
    assert page.status_code == 200
    rows = csv_rows(client.get(url, {"year": year, "export": "csv"}))
    assert rows[0] == header_of_page(page)
    assert len(rows) - 1 == page.context["paginator"].count
    response = client.get(url, {"year": year, "export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(url, {"year": year, "export": "pdf"}).status_code == 404


def test_expiring_page_lists_export_their_page_columns_in_scope(client, office, officer, authority, area_tree):
    today = timezone.localdate()
    old = product_in(area_tree["c1"], name="Sản phẩm cũ")
    recognise(office, authority, today.replace(year=today.year - 4), (old, 3))
    other = product_in(area_tree["c2"], name="Sản phẩm huyện khác")
    recognise(office, authority, today.replace(year=today.year - 4), (other, 4))
    soon = product_in(area_tree["c1"], name="Sắp hết hạn")
    recognise(office, authority, today.replace(year=today.year - 3) + datetime.timedelta(days=10), (soon, 4))
    url = reverse("decisions:expiring")
    client.force_login(officer)
    page = client.get(url)
    assert page.status_code == 200
    expired = csv_rows(client.get(url, {"export": "csv", "list": "expired"}))
    assert expired[0] == page.context["expired_table"].labels()
    assert column(expired, "Sản phẩm") == ["Sản phẩm cũ"]  # not the other district's
    expiring = csv_rows(client.get(url, {"export": "csv", "list": "expiring"}))
    assert expiring[0] == page.context["expiring_table"].labels() == header_of_page(page)  # the last table
    assert column(expiring, "Sản phẩm") == ["Sắp hết hạn"] and column(expiring, "Hạng sao") == ["4"]
    assert client.get(url, {"export": "csv", "list": "other"}).status_code == 404


@pytest.mark.parametrize("user", ["office", "officer"])
def test_unit_list_exports_its_page_columns_and_rows_and_sorts(client, request, area_tree, user):
    client.force_login(request.getfixturevalue(user))
    url = reverse("areas:list")
    page = client.get(url)
    assert page.status_code == 200
    rows = csv_rows(client.get(url, {"export": "csv"}))
    assert rows[0] == header_of_page(page) == page.context["table"].labels()
    assert column(rows, "Mã") == [unit.code for unit in page.context["units"]]  # the same units, the same order
    for key in page.context["table"].ordering():
        for requested in (key, f"-{key}"):
            response = client.get(url, {"sort": requested})
            assert response.status_code == 200 and response.context["current_sort"] == requested
    codes = column(csv_rows(client.get(url, {"sort": "-code", "export": "csv"})), "Mã")
    assert codes == sorted(codes, reverse=True)
    if user == "officer":
        assert "D2" not in codes


# --- the cells' markup (render functions, ``ocop_portal.tables``) ---------------------------------------------


def cells_of(response):
    """The page's body cells, as written (the last table: the list)."""
    body = re.findall(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S)[-1]
    return re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)


def test_list_cells_write_their_badges_links_and_second_lines(client, office, authority, area_tree):
    """The branches of the cells: a class with no Decision 148 counterpart (a 1048 class), a potential five-star
    product with its stars, a subject's registration number, SME and female-led badges, a decision's link."""
    from products.models import ClassLevel, Regime
    from products.tests.factories import ProductClassFactory

    old_class = ProductClassFactory(regime=Regime.QD1048, level=ClassLevel.SET, code="9.9", name="Khác <cũ>")
    odd = product_in(area_tree["c1"], name="Mứt <gừng>", product_class=old_class, potential_five_star=True)
    odd.subject.is_sme = True
    odd.subject.save()
    recognise(office, authority, timezone.localdate() - datetime.timedelta(days=3), (odd, 5))
    client.force_login(office)

    cells = cells_of(client.get("/products/"))
    assert cells[0] == (
        f'<a href="/products/{odd.pk}/">Mứt &lt;gừng&gt;</a>\n'
        '<span class="badge ok" title="Tiềm năng 5 sao">tiềm năng 5★</span>\n'
    )
    assert cells[4] == (
        '<span class="muted">không có bộ tương ứng</span>\n<br><small class="muted">QĐ 1048: Khác &lt;cũ&gt;</small>\n'
    )
    assert cells[5] == (
        '<span title="Hạng sao được tính từ quyết định công nhận">'
        '<span class="stars" title="5 sao" aria-label="5 sao">★★★★★</span>\n</span>\n'
    )
    assert cells[6] == '<span class="badge ok">Đang hiệu lực</span>\n'

    subject = cells_of(client.get("/subjects/"))
    assert subject[0] == (
        f'<a href="/subjects/{odd.subject_id}/"><strong>{odd.subject.name}</strong></a>'
        f'<br><small class="muted">ĐKKD {odd.subject.registration_number}</small>\n'
    )
    assert subject[1].endswith(' <span class="badge" title="Doanh nghiệp nhỏ và vừa">DNNVV</span>\n')
    assert ' <span class="badge ok" title="Chủ thể do nữ làm chủ">Nữ</span>' in subject[3]

    register = cells_of(client.get("/decisions/recognitions/"))
    decision = odd.recognitions.get().decision
    assert register[0] == f'<a href="/products/{odd.pk}/">Mứt &lt;gừng&gt;</a>\n'
    assert register[5] == f'<a href="/decisions/{decision.pk}/">{decision.number_display}</a>\n'
    assert register[-1] == '<span class="badge ok">Còn hiệu lực</span>\n'
