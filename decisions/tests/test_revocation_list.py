"""The list of revocations (sản phẩm bị thu hồi): scoping, search, filters, export, query count, empty state."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.tests.factories import PASSWORD
from decisions import services

from .factories import AuthorityFactory, d, product_in, recognise, revoke

URL = reverse("decisions:revocations")
HEADERS = [
    "Số quyết định",
    "Ngày",
    "Cơ quan ban hành",
    "Sản phẩm",
    "Chủ thể",
    "Địa bàn",
    "Hạng sao bị thu hồi",
    "Quyết định công nhận bị thu hồi",
    "Căn cứ thu hồi",
    "Nêu rõ lý do",
    "Trạng thái",
]


@pytest.fixture
def revocations(office, district_authorities, province_authority, area_tree):
    """d1: «Hạt sen sấy» revoked (production stopped, 2024) and «Xoài sấy» in a draft; d2: «Nem Lai Vung» revoked
    by the province (violation, 2025)."""
    sen = product_in(area_tree["c1"], name="Hạt sen sấy Tháp Mười", subject__name="HTX Đồng Sen")
    xoai = product_in(area_tree["c1"], name="Xoài sấy dẻo Cao Lãnh", subject__name="Cơ sở Ba Lành")
    nem = product_in(area_tree["c2"], name="Nem Lai Vung", subject__name="Cơ sở Nem Bà Hai")
    d1 = district_authorities["d1"]
    recognised_d1 = recognise(office, d1, d("2022-03-01"), (sen, 3), (xoai, 4))
    recognised_d2 = recognise(office, district_authorities["d2"], d("2022-04-01"), (nem, 4))
    sen_revoked = revoke(
        office, d1, d("2024-05-06"), (recognised_d1.recognitions.get(product=sen), "production_stopped")
    )
    nem_revoked = revoke(
        office,
        province_authority,
        d("2025-02-03"),
        (recognised_d2.recognitions.get(), "violation", "Vi phạm an toàn thực phẩm"),
    )
    draft = services.decision_draft_create(actor=office, kind="revocation", authority=d1)
    services.revocation_item_add(
        actor=office,
        decision=draft,
        recognition=recognised_d1.recognitions.get(product=xoai),
        ground="other",
        ground_text="Chủ thể giải thể",
    )
    return {"sen": sen, "xoai": xoai, "nem": nem, "sen_decision": sen_revoked, "nem_decision": nem_revoked}


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def _csv(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _xlsx(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.django_db
def test_login_required(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get(URL, {"export": "csv"}).status_code == 302


@pytest.mark.django_db
def test_office_sees_every_revocation_with_its_columns(client, office, revocations):
    page = _login(client, office).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    for product in ("sen", "xoai", "nem"):
        assert revocations[product].name in html
        assert reverse("products:detail", args=[revocations[product].pk]) in html
    nem_decision = revocations["nem_decision"]
    assert reverse("decisions:detail", args=[nem_decision.pk]) in html and nem_decision.number_display in html
    assert "03/02/2025" in html and "UBND tỉnh Đồng Tháp" in html and "Cơ sở Nem Bà Hai" in html
    assert "Ngừng sản xuất" in html and "Vi phạm an toàn thực phẩm" in html
    assert "Đã ban hành" in html and "Dự thảo" in html and "(chưa có số)" in html
    # The newest decision first, the draft (no date yet) before it.
    assert [r.recognition.product for r in page.context["revocations"]] == [
        revocations["xoai"],
        revocations["nem"],
        revocations["sen"],
    ]
    # Reachable from the decision list.
    assert URL in client.get(reverse("decisions:index")).content.decode()


@pytest.mark.django_db
def test_district_officer_sees_only_the_districts_revocations(client, make_user, area_tree, revocations):
    officer = _login(client, make_user(role="local_officer", unit=area_tree["d2"]))
    page = officer.get(URL)
    html = page.content.decode()
    assert [r.recognition.product for r in page.context["revocations"]] == [revocations["nem"]]
    assert revocations["sen"].name not in html and revocations["xoai"].name not in html
    # The province's decision is outside the district's scope: its number shows without a link (the page 404s).
    nem_decision = revocations["nem_decision"]
    assert nem_decision.number_display in html
    assert reverse("decisions:detail", args=[nem_decision.pk]) not in html

    rows = _csv(officer.get(URL, {"export": "csv"}))
    assert [row[3] for row in rows[1:]] == [revocations["nem"].name]
    rows = _xlsx(officer.get(URL, {"export": "xlsx"}))
    assert [row[3] for row in rows[1:]] == [revocations["nem"].name]

    # Choosing another district in the area filter is refused (invalid choice), never widened.
    refused = officer.get(URL, {"area": area_tree["d1"].pk})
    assert "area" in refused.context["filterset"].errors
    assert [r.recognition.product for r in refused.context["revocations"]] == [revocations["nem"]]
    rows = _csv(officer.get(URL, {"area": area_tree["d1"].pk, "export": "csv"}))
    assert [row[3] for row in rows[1:]] == [revocations["nem"].name]


@pytest.mark.django_db
def test_search_ignores_accents(client, office, revocations):
    _login(client, office)

    def found(q):
        return {r.recognition.product.name for r in client.get(URL, {"q": q}).context["revocations"]}

    assert found("hat sen thap muoi") == {revocations["sen"].name}
    assert found("HẠT SEN") == {revocations["sen"].name}
    assert found("nem ba hai") == {revocations["nem"].name}  # subject's name
    assert found("dong sen") == {revocations["sen"].name}
    number = revocations["nem_decision"].number_display
    assert number == "1/QĐ-UBND-HC"
    assert found("1/qd-ubnd-hc") == {revocations["nem"].name}
    assert found(number) == {revocations["nem"].name}
    assert found("qd-ubnd nem") == {revocations["nem"].name}
    assert found("khong co san pham nay") == set()


@pytest.mark.django_db
def test_filters(client, office, area_tree, revocations):
    _login(client, office)

    def found(**params):
        return {r.recognition.product.name for r in client.get(URL, params).context["revocations"]}

    assert found(ground="violation") == {revocations["nem"].name}
    assert found(year=2024) == {revocations["sen"].name}
    assert found(status="draft") == {revocations["xoai"].name}
    assert found(status="issued") == {revocations["sen"].name, revocations["nem"].name}
    assert found(area=area_tree["d1"].pk) == {revocations["sen"].name, revocations["xoai"].name}
    assert found(area=area_tree["c2"].pk, status="issued") == {revocations["nem"].name}


@pytest.mark.django_db
def test_sorting(client, office, revocations):
    _login(client, office)
    names = [r.recognition.product.name for r in client.get(URL, {"sort": "product"}).context["revocations"]]
    assert names == sorted(names)
    dated = [r.decision.date for r in client.get(URL, {"sort": "date", "status": "issued"}).context["revocations"]]
    assert dated == [d("2024-05-06"), d("2025-02-03")]


@pytest.mark.django_db
def test_export_csv_and_xlsx_have_the_filtered_rows(client, office, revocations):
    _login(client, office)
    response = client.get(URL, {"status": "issued", "export": "csv"})
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == HEADERS
    by_product = {row[3]: row for row in rows[1:]}
    assert set(by_product) == {revocations["sen"].name, revocations["nem"].name}
    nem = by_product[revocations["nem"].name]
    assert nem[:3] == [revocations["nem_decision"].number_display, "03/02/2025", "UBND tỉnh Đồng Tháp"]
    assert nem[4:] == [
        "Cơ sở Nem Bà Hai",
        "Xã 2",
        "4",
        revocations["nem"].recognitions.get().decision.number_display,
        "Vi phạm quy định (chất lượng, an toàn thực phẩm...)",
        "Vi phạm an toàn thực phẩm",
        "Đã ban hành",
    ]

    rows = _xlsx(client.get(URL, {"q": "hat sen", "export": "xlsx"}))
    assert rows[0] == HEADERS
    assert len(rows) == 2
    sen = rows[1]
    assert sen[1].date() == d("2024-05-06") and sen[3] == revocations["sen"].name
    assert sen[6] == 3 and sen[8] == "Ngừng sản xuất"

    assert client.get(URL, {"export": "pdf"}).status_code == 404


@pytest.mark.django_db
def test_empty_state(client, office, make_user, area_tree, revocations):
    nobody = make_user(role="local_officer", unit=area_tree["d3"])
    html = _login(client, nobody).get(URL).content.decode()
    assert "Chưa có sản phẩm nào bị thu hồi công nhận trong địa bàn của bạn." in html
    rows = _csv(client.get(URL, {"export": "csv"}))
    assert rows == [HEADERS]

    html = _login(client, office).get(URL, {"q": "khong co"}).content.decode()
    assert "Không có sản phẩm bị thu hồi nào khớp điều kiện tìm kiếm." in html


def _revoke_new(office, area_tree, i):
    authority = AuthorityFactory(unit=area_tree["province"])
    product = product_in(area_tree[f"c{i % 3 + 1}"], name=f"Sản phẩm {i}")
    recognised = recognise(office, authority, d("2021-06-01"), (product, 3 + i % 3))
    revoke(office, authority, d(f"2024-07-{i + 1:02d}"), (recognised.recognitions.get(), "not_reevaluated_36_months"))


def _queries(client, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
        if params.get("export") == "csv":
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_rows(client, office, area_tree):
    _login(client, office)
    _revoke_new(office, area_tree, 0)
    client.get(URL)  # warm up the session
    probes = [{}, {"q": "san pham", "area": area_tree["d1"].pk}, {"export": "csv"}, {"export": "xlsx"}]
    one = [_queries(client, params) for params in probes]
    for i in range(1, 10):
        _revoke_new(office, area_tree, i)
    assert len(client.get(URL).context["revocations"]) == 10
    assert [_queries(client, params) for params in probes] == one
