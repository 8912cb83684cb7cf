"""The go-live checklist of the coordination office: what is loaded by year and area, what is missing, scoped."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from decisions.tests.factories import AuthorityFactory, product_in
from programme.tests.factories import PlanFactory, TargetFactory

from .golive_helpers import import_rows

pytestmark = pytest.mark.django_db


def line_of(page, key):
    """The row of one kind on the checklist page."""
    start = page.index(f'data-line="{key}"')
    return page[start : page.index("</tr>", start)]


def test_only_the_office_opens_it_and_the_imports_page_links_it(client, office, officer, area_tree):
    client.force_login(officer)
    assert client.get("/imports/checklist/").status_code == 403
    assert "/imports/checklist/" not in client.get("/imports/").content.decode()
    client.force_login(office)
    assert "/imports/checklist/" in client.get("/imports/").content.decode()
    page = client.get("/imports/checklist/").content.decode()
    assert "Danh mục kiểm tra trước khi đưa vào sử dụng" in page
    for kind in ("authorities", "users", "plans", "rounds"):
        assert f'href="/imports/{kind}/"' in page and f"/imports/{kind}/template.xlsx" in page
    assert 'data-checklist="incomplete"' in page
    assert "Chưa có cơ quan ban hành nào" in line_of(page, "authorities")


def test_lines_turn_complete_as_data_is_loaded(client, office, area_tree):
    client.force_login(office)
    assert 'data-complete="no"' in line_of(client.get("/imports/checklist/").content.decode(), "authorities")
    import_rows(
        client,
        office,
        "authorities",
        [
            {
                "Mã cơ quan": "province-87",
                "Tên cơ quan": "UBND tỉnh Đồng Tháp",
                "Cấp": "Tỉnh",
                "Mã đơn vị hành chính": "87",
            }
        ],
    )
    page = client.get("/imports/checklist/").content.decode()
    assert 'data-complete="yes"' in line_of(page, "authorities")

    plan = PlanFactory(unit=area_tree["province"], year=2023)
    page = client.get("/imports/checklist/").content.decode()
    plans = line_of(page, "plans")
    assert "Kế hoạch năm 2023 của Đồng Tháp chưa có chỉ tiêu." in plans
    assert "Chưa có kế hoạch của tỉnh các năm: 2019, 2020, 2021, 2022, 2024" in plans
    assert "2023: 1" in plans
    TargetFactory(plan=plan)
    assert "2023 của Đồng Tháp chưa có chỉ tiêu" not in line_of(
        client.get("/imports/checklist/").content.decode(), "plans"
    )

    rounds = line_of(page, "rounds")
    assert "Chưa có đợt đánh giá các năm: 2019, 2020, 2021, 2022, 2023" in rounds


def test_scoped_to_the_office_area(client, office, make_user, area_tree):
    AuthorityFactory(unit=area_tree["other_province"], name="UBND tỉnh QQNGOAI", code="province-82")
    PlanFactory(unit=area_tree["other_province"], year=2024)
    make_user(role=Role.LOCAL_OFFICER, unit=area_tree["other_province"], username="ngoai")
    client.force_login(office)
    page = client.get("/imports/checklist/").content.decode()
    assert "QQNGOAI" not in page and "Tiền Giang" not in page
    assert "2024: 1" not in line_of(page, "plans")
    assert 'data-complete="no"' in line_of(page, "authorities")


def test_a_fixed_number_of_queries(client, office, area_tree):
    client.force_login(office)
    client.get("/imports/checklist/")

    def run():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/imports/checklist/").status_code == 200
        return len(queries)

    few = run()
    for year in (2020, 2021, 2022, 2023):
        TargetFactory(plan=PlanFactory(unit=area_tree["province"], year=year))
        PlanFactory(unit=area_tree["d1"], year=year)
    for index in range(4):
        product_in(area_tree[f"c{index % 3 + 1}"], name=f"Sản phẩm {index}")
        AuthorityFactory(unit=area_tree[f"d{index % 3 + 1}"], code=f"district-{index}")
    assert run() == few


def test_a_product_with_several_registrations_is_counted_once(client, office, area_tree):
    from evaluations.tests.factories import RegistrationFactory, RoundFactory

    product = product_in(area_tree["c1"])
    product_in(area_tree["c2"])
    for year in (2023, 2024, 2025):
        RegistrationFactory(round=RoundFactory(unit=area_tree["province"], year=year), product=product)
    client.force_login(office)
    line = line_of(client.get("/imports/checklist/").content.decode(), "products")
    assert ">2<" in line.replace(" ", "") and ">4<" not in line.replace(" ", ""), line
    assert "Đồng Tháp: 2" in line
