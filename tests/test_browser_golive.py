"""Browser journey of a province moving in (issue #19): the coordination office opens the go-live checklist and,
line by line, downloads the template, fills it, uploads it, confirms the import, and sees the line turn complete:
issuing authorities, users, a yearly plan with its target, a past round with its results."""

import io

import pytest
from openpyxl import load_workbook

from accounts.models import Role, User
from accounts.tests.factories import UserFactory
from decisions.models import Authority
from decisions.tests.factories import product_in
from evaluations.models import Registration
from programme.models import Target
from reports.figures import compute
from tests.browser import browser_login


def _import_through_the_checklist(page, base, kind, rows, tmp_path):
    page.goto(f"{base}/imports/checklist/")
    page.locator(f'a[data-import="{kind}"]').click()
    page.wait_for_url(f"{base}/imports/{kind}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp mẫu Excel (.xlsx)").click()
    template = tmp_path / f"{kind}-mau.xlsx"
    download.value.save_as(template)
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    filled = tmp_path / f"{kind}.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    filled.write_bytes(buffer.getvalue())
    page.set_input_files("input[type=file]", str(filled))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_url(f"{base}/imports/jobs/*/")
    page.check("#id_confirm")
    page.get_by_role("button", name="Xác nhận nhập").click()
    page.wait_for_selector("text=Đã nhập xong")
    page.goto(f"{base}/imports/checklist/")
    return page.locator(f'tr[data-line="{kind}"]')


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_office_walks_the_golive_checklist(portal_page, live_server, area_tree, tmp_path):
    page, base = portal_page, live_server.url
    UserFactory(role=Role.COORDINATION_OFFICE, unit=area_tree["province"], username="vpdp.golive")
    products = [product_in(area_tree["c1"], name="Bánh phồng tôm"), product_in(area_tree["c2"], name="Mắm cá linh")]
    browser_login(page, base, "vpdp.golive")

    page.goto(f"{base}/imports/")
    page.get_by_role("link", name="Danh mục kiểm tra trước khi đưa vào sử dụng").click()
    page.wait_for_url(f"{base}/imports/checklist/")
    assert page.locator('[data-checklist="incomplete"]').count() == 1
    for kind in ("authorities", "users", "plans", "rounds"):
        assert page.locator(f'tr[data-line="{kind}"]').get_attribute("data-complete") == "no"

    line = _import_through_the_checklist(
        page,
        base,
        "authorities",
        [
            {
                "Mã cơ quan": "province-87",
                "Tên cơ quan": "UBND tỉnh Đồng Tháp",
                "Cấp": "Tỉnh",
                "Mã đơn vị hành chính": "87",
            }
        ],
        tmp_path,
    )
    assert line.get_attribute("data-complete") == "yes"
    assert Authority.objects.get().code == "province-87"

    people = [
        ("vpdp.hai", "Văn phòng Điều phối", "87"),
        ("canbo.huyen1", "Cán bộ huyện/xã", "D1"),
        ("thuky.hd", "Thư ký hội đồng", "87"),
        ("thanhvien.hd", "council_member", "87"),
    ]
    rows = [
        {
            "Tên đăng nhập": username,
            "Họ và tên": f"Người dùng {username}",
            "Thư điện tử": f"{username}@dongthap.gov.vn",
            "Vai trò": role,
            "Mã đơn vị hành chính": unit,
        }
        for username, role, unit in people
    ]
    line = _import_through_the_checklist(page, base, "users", rows, tmp_path)
    assert line.get_attribute("data-complete") == "yes"
    assert not User.objects.get(username="canbo.huyen1").has_usable_password()

    plan_row = {
        "Năm kế hoạch": 2022,
        "Mã đơn vị hành chính của kế hoạch": "87",
        "Số, ký hiệu kế hoạch": "81/KH-UBND",
        "Loại chỉ tiêu": "new_products_3star",
        "Giá trị chỉ tiêu": 30,
    }
    line = _import_through_the_checklist(page, base, "plans", [plan_row], tmp_path)
    assert "2022: 1" in line.inner_text()
    assert "2021, 2023" in line.inner_text()  # 2022 is no longer missing
    assert Target.objects.get().plan.year == 2022

    round_rows = [
        {
            "Năm": 2022,
            "Cấp đánh giá": "Cấp tỉnh",
            "Mã đơn vị tổ chức": "87",
            "Số đăng ký kinh doanh của chủ thể": product.subject.registration_number,
            "Tên sản phẩm": product.name,
            "Tổng điểm": 75,
            "Hạng sao": 3,
        }
        for product in products
    ]
    line = _import_through_the_checklist(page, base, "rounds", round_rows, tmp_path)
    assert "2022: 2" in line.inner_text()
    assert "2021, 2023" in line.inner_text()  # 2022 is no longer missing
    assert Registration.objects.count() == 2
    assert compute(area_tree["province"], "2022")["entries"]["products"] == 2
    assert all(url.startswith(base) for url in page.requested_urls)
