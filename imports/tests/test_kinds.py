"""The other kinds: products, historical recognitions and revocations, budget lines, activities."""

import datetime
from decimal import Decimal

import pytest

from audit.models import AuditAction, AuditEntry
from decisions.models import Decision, DecisionKind, Recognition, Revocation, RevocationGround
from decisions.tests.factories import AuthorityFactory, product_in
from imports.models import JobStatus
from products.models import Product, ProductionStatus
from programme.models import Activity, BudgetLine, BudgetTask, PlanStatus
from programme.tests.factories import PlanFactory
from subjects.tests.factories import SubjectFactory

from .conftest import counts, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def load(client, upload):
    """Upload, check there is no error, confirm; returns the job."""

    def run(user, kind, rows, name="du-lieu.xlsx", expect_errors=False):
        job = upload(user, kind, xlsx_bytes(rows), name=name)
        if expect_errors:
            return job
        assert job.error_count == 0, job.preview["errors"]
        client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"})
        job.refresh_from_db()
        assert job.status == JobStatus.DONE, job.outcome
        return job

    return run


# --- products ---------------------------------------------------------------------------------------------------

PRODUCT_HEADERS = [
    "Số đăng ký kinh doanh của chủ thể",
    "Tên sản phẩm",
    "Mã bộ sản phẩm",
    "Mã đơn vị hành chính nơi sản xuất",
    "Tình trạng sản xuất",
]


def test_products_match_by_subject_and_folded_name(load, office, area_tree):
    subject = SubjectFactory(registration_number="1400000001", unit=area_tree["c1"])
    rows = [PRODUCT_HEADERS, ["1400000001", "Trà tim sen", "I.5.b", "", ""]]
    job = load(office, "products", rows)
    assert job.created_count == 1
    product = Product.objects.get()
    assert (product.subject, product.unit, product.product_class.code) == (subject, area_tree["c1"], "I.5.b")
    assert product.production_status == ProductionStatus.ACTIVE

    before = counts()
    job = load(office, "products", [PRODUCT_HEADERS, ["1400000001", "  TRA TIM SEN ", "I.5.b", "C1", ""]])
    assert (job.created_count, job.updated_count) == (0, 1)  # same product (name folded): only the name changes
    assert Product.objects.get().name == "TRA TIM SEN"
    assert counts()["AuditEntry"] == before["AuditEntry"] + 1

    before = counts()
    job = load(office, "products", [PRODUCT_HEADERS, ["1400000001", "TRA TIM SEN", "I.5.b", "C1", "Đang sản xuất"]])
    assert job.unchanged_count == 1
    assert counts() == before


def test_products_need_a_known_subject_in_scope(load, officer, area_tree):
    SubjectFactory(registration_number="1400000002", unit=area_tree["c2"])
    rows = [PRODUCT_HEADERS, ["1400000009", "Mắm", "I.4.a", "", ""], ["1400000002", "Nem", "I.3.d", "", ""]]
    job = load(officer, "products", rows, expect_errors=True)
    first, second = job.preview["errors"]
    assert "không có chủ thể nào có số đăng ký kinh doanh này" in first["message"]
    assert "ngoài địa bàn bạn quản lý" in second["message"]
    assert Product.objects.count() == 0


CHANNEL_HEADERS = ["Số đăng ký kinh doanh của chủ thể", "Tên sản phẩm", "Mã bộ sản phẩm", "Kênh bán hàng"]


def channels_of(product):
    return [(link.channel.name, link.detail) for link in product.channel_links.order_by("pk")]


def test_product_sales_channels_from_the_catalogue(load, office, area_tree):
    SubjectFactory(registration_number="1400000001", unit=area_tree["c1"])
    cell = "Co.opmart; shopee: https://shopee.vn/htx-a ;  Nhat Ban"
    job = load(office, "products", [CHANNEL_HEADERS, ["1400000001", "Trà tim sen", "I.5.b", cell]])
    assert job.created_count == 1
    product = Product.objects.get()
    assert channels_of(product) == [("Co.opmart", ""), ("Shopee", "https://shopee.vn/htx-a"), ("Nhật Bản", "")]
    kept = product.channel_links.get(channel__name="Shopee").pk

    # The same channels in another order: nothing changes, nothing is audited.
    before = counts()
    cell = "Nhật Bản; Shopee: https://shopee.vn/htx-a; Co.opmart"
    job = load(office, "products", [CHANNEL_HEADERS, ["1400000001", "Trà tim sen", "I.5.b", cell]])
    assert job.unchanged_count == 1 and counts() == before

    # A new list replaces the old one; a channel kept keeps its row; the change is audited with its text.
    cell = "Shopee: https://shopee.vn/htx-b; AEON"
    job = load(office, "products", [CHANNEL_HEADERS, ["1400000001", "Trà tim sen", "I.5.b", cell]])
    assert job.updated_count == 1
    assert channels_of(product) == [("Shopee", "https://shopee.vn/htx-b"), ("AEON", "")]
    assert product.channel_links.get(channel__name="Shopee").pk == kept
    assert "Kênh bán hàng" in " ".join(job.preview["actions"][0]["changes"])
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE).latest("pk")
    assert [c["detail"] for c in entry.after["channels"]] == ["https://shopee.vn/htx-b", ""]

    # Without the column the channels stay; with the column empty they are removed.
    load(office, "products", [PRODUCT_HEADERS, ["1400000001", "Trà tim sen", "I.5.b", "", ""]])
    assert len(channels_of(product)) == 2
    load(office, "products", [CHANNEL_HEADERS, ["1400000001", "Trà tim sen", "I.5.b", ""]])
    assert channels_of(product) == []


def test_unknown_or_repeated_sales_channels_are_refused(load, office, area_tree):
    SubjectFactory(registration_number="1400000001", unit=area_tree["c1"])
    rows = [
        CHANNEL_HEADERS,
        ["1400000001", "Trà tim sen", "I.5.b", "Co.opmart; Chợ Lớn"],
        ["1400000001", "Hạt sen", "I.5.b", "Shopee; SHOPEE: link"],
    ]
    before = counts()
    job = load(office, "products", rows, expect_errors=True)
    first, second = job.preview["errors"]
    assert (first["row"], first["column"], first["header"]) == (2, "D", "Kênh bán hàng")
    assert first["value"] == "Co.opmart; Chợ Lớn"
    assert "không có kênh «Chợ Lớn» trong danh mục kênh bán hàng" in first["message"]
    assert "được ghi hai lần" in second["message"]
    assert counts() == before


CERTIFICATION_HEADERS = [
    "Số đăng ký kinh doanh của chủ thể",
    "Tên sản phẩm",
    "Loại chứng nhận",
    "Số chứng nhận",
    "Cơ quan cấp",
    "Ngày cấp",
    "Ngày hết hạn",
]


def test_certifications_add_update_and_keep_the_others(load, office, area_tree):
    product = product_in(area_tree["c1"], name="Hạt sen sấy", subject__registration_number="1400000001")
    rows = [
        CERTIFICATION_HEADERS,
        ["1400000001", "hat sen say", "VietGAP", "VG-01", "Trung tâm VietGAP", "15/03/2023", "15/03/2026"],
        ["1400000001", "Hạt sen sấy", "ATTP", "", "Chi cục QLCL", "01/02/2022", ""],
    ]
    job = load(office, "certifications", rows)
    assert job.created_count == 2
    certs = list(product.certifications.order_by("pk"))
    assert [(c.kind, c.number, c.expires_on) for c in certs] == [
        ("vietgap", "VG-01", datetime.date(2026, 3, 15)),
        ("food_safety", "", None),
    ]

    before = counts()
    assert load(office, "certifications", rows).unchanged_count == 2
    assert counts() == before

    # Same product, kind and number: updated in place; the other certification stays.
    rows = [CERTIFICATION_HEADERS, ["1400000001", "Hạt sen sấy", "vietgap", "vg-01", "", "15/03/2023", "15/03/2029"]]
    job = load(office, "certifications", rows)
    assert job.updated_count == 1
    assert product.certifications.count() == 2
    vietgap = product.certifications.get(kind="vietgap")
    assert (vietgap.pk, vietgap.issuer, vietgap.expires_on) == (certs[0].pk, "", datetime.date(2029, 3, 15))
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE).latest("pk")
    assert entry.reason and [c["expires_on"] for c in entry.after["certifications"]] == ["2029-03-15", None]


def test_certification_errors_name_the_cell_and_write_nothing(load, office, officer, area_tree):
    product_in(area_tree["c1"], name="Hạt sen sấy", subject__registration_number="1400000001")
    product_in(area_tree["c2"], name="Nem", subject__registration_number="1400000002")
    rows = [
        CERTIFICATION_HEADERS,
        ["1400000001", "Hạt sen sấy", "VietGAP", "VG-01", "", "15/03/2023", "14/03/2023"],
        ["1400000001", "Hạt sen sấy", "Giấy khen", "1", "", "", ""],
        ["1400000001", "Xoài", "VietGAP", "VG-02", "", "", ""],
    ]
    before = counts()
    job = load(office, "certifications", rows, expect_errors=True)
    by_row = {issue["row"]: issue for issue in job.preview["errors"]}
    assert by_row[2]["header"] == "Ngày hết hạn" and "không được trước ngày cấp" in by_row[2]["message"]
    assert by_row[3]["header"] == "Loại chứng nhận" and "không có trong danh sách" in by_row[3]["message"]
    assert by_row[4]["header"] == "Tên sản phẩm" and "không có sản phẩm nào tên như vậy" in by_row[4]["message"]
    # An officer of district 1 cannot add certifications to a product of district 2.
    job = load(
        officer,
        "certifications",
        [CERTIFICATION_HEADERS, ["1400000002", "Nem", "ATTP", "", "", "", ""]],
        expect_errors=True,
    )
    assert "ngoài địa bàn" in job.preview["errors"][0]["message"]
    assert counts() == before


# --- recognitions and revocations ------------------------------------------------------------------------------

RECOGNITION_HEADERS = [
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Số đăng ký kinh doanh của chủ thể",
    "Tên sản phẩm",
    "Hạng sao",
    "Điểm",
    "Số giấy chứng nhận",
]


@pytest.fixture
def catalogue(area_tree):
    authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])
    a = product_in(area_tree["c1"], name="Hạt sen sấy", subject__registration_number="1400000001")
    b = product_in(area_tree["c1"], name="Xoài sấy dẻo", subject__registration_number="1400000002")
    c = product_in(area_tree["c2"], name="Nem Lai Vung", subject__registration_number="1400000003")
    return authority, a, b, c


def test_historical_recognitions_group_rows_into_decisions(load, office, catalogue):
    authority, a, b, c = catalogue
    rows = [
        RECOGNITION_HEADERS,
        ["1446/QĐ-UBND-HC", "29/12/2022", "UBND tỉnh Đồng Tháp", "1400000001", "Hạt sen sấy", "4 sao", "78,5", "1/GCN"],
        ["1446/QĐ-UBND-HC", "29/12/2022", "UBND tỉnh Đồng Tháp", "1400000002", "xoai say deo", 3, "", ""],
        ["205/QĐ-UBND-HC", "15/03/2021", "UBND tỉnh Đồng Tháp", "1400000003", "Nem Lai Vung", "★★★", 66, ""],
    ]
    job = load(office, "recognitions", rows)
    assert job.created_count == 3
    decision = Decision.objects.get(number=1446)
    assert (decision.historical, decision.status, decision.number_display) == (True, "issued", "1446/QĐ-UBND-HC")
    recognition = Recognition.objects.get(product=a)
    assert (recognition.stars, recognition.score, recognition.certificate_number) == (4, Decimal("78.50"), "1/GCN")
    assert recognition.valid_until == datetime.date(2025, 12, 28)
    assert Recognition.objects.get(product=b).decision == decision
    assert Decision.objects.get(number=205).recognitions.get().product == c

    before = counts()
    job = load(office, "recognitions", rows)
    assert (job.created_count, job.unchanged_count) == (0, 3)
    assert counts() == before

    rows[2][5] = 4  # an issued decision cannot be changed by an import
    job = load(office, "recognitions", rows, expect_errors=True)
    error = job.preview["errors"][0]
    assert error["row"] == 3
    assert "hạng sao 3, tệp ghi 4" in error["message"] and "quyết định đính chính" in error["message"]
    assert counts() == before


def test_rows_of_one_decision_must_agree_on_the_date(load, office, catalogue):
    rows = [
        RECOGNITION_HEADERS,
        ["1446/QĐ-UBND-HC", "29/12/2022", "UBND tỉnh Đồng Tháp", "1400000001", "Hạt sen sấy", 4, "", ""],
        ["1446/QĐ-UBND-HC", "30/12/2022", "UBND tỉnh Đồng Tháp", "1400000002", "Xoài sấy dẻo", 3, "", ""],
    ]
    job = load(office, "recognitions", rows, expect_errors=True)
    error = job.preview["errors"][0]
    assert (error["row"], error["header"]) == (3, "Ngày quyết định")
    assert "khác ngày quyết định ở dòng 2 (29/12/2022)" in error["message"]
    assert Decision.objects.count() == 0


def test_unknown_authority_and_local_officer_cannot_import_recognitions(client, load, office, officer, catalogue):
    rows = [
        RECOGNITION_HEADERS,
        ["1/QĐ-UBND", "29/12/2022", "UBND xã Không Có", "1400000001", "Hạt sen sấy", 4, "", ""],
    ]
    job = load(office, "recognitions", rows, expect_errors=True)
    assert "không có cơ quan ban hành nào tên như vậy" in job.preview["errors"][0]["message"]
    client.force_login(officer)
    assert client.get("/imports/recognitions/").status_code == 403


def test_historical_revocations(load, office, catalogue):
    authority, a, b, c = catalogue
    load(
        office,
        "recognitions",
        [
            RECOGNITION_HEADERS,
            ["1446/QĐ-UBND-HC", "29/12/2022", "UBND tỉnh Đồng Tháp", "1400000001", "Hạt sen sấy", 4, "", ""],
            ["1446/QĐ-UBND-HC", "29/12/2022", "UBND tỉnh Đồng Tháp", "1400000002", "Xoài sấy dẻo", 3, "", ""],
        ],
    )
    headers = [
        "Số quyết định thu hồi",
        "Ngày quyết định",
        "Cơ quan ban hành",
        "Số đăng ký kinh doanh của chủ thể",
        "Tên sản phẩm",
        "Số quyết định công nhận bị thu hồi",
        "Lý do thu hồi",
        "Nêu rõ lý do",
    ]
    rows = [
        headers,
        [
            "77/QĐ-UBND-HC",
            "10/01/2024",
            "UBND tỉnh Đồng Tháp",
            "1400000001",
            "Hạt sen sấy",
            "1446/QĐ-UBND-HC",
            "Ngừng sản xuất",
            "",
        ],
        ["77/QĐ-UBND-HC", "10/01/2024", "UBND tỉnh Đồng Tháp", "1400000002", "Xoài sấy dẻo", "", "Khác", ""],
    ]
    job = load(office, "revocations", rows, expect_errors=True)
    assert job.preview["errors"][0]["header"] == "Nêu rõ lý do"
    rows[2][7] = "Chủ thể giải thể"
    job = load(office, "revocations", rows)
    assert job.created_count == 2
    decision = Decision.objects.get(kind=DecisionKind.REVOCATION)
    assert decision.number_display == "77/QĐ-UBND-HC"
    assert set(Revocation.objects.values_list("ground", flat=True)) == {
        RevocationGround.PRODUCTION_STOPPED,
        RevocationGround.OTHER,
    }
    before = counts()
    job = load(office, "revocations", rows)
    assert job.unchanged_count == 2
    assert counts() == before


# --- budget lines and activities ------------------------------------------------------------------------------

BUDGET_HEADERS = [
    "Năm",
    "Nguồn vốn",
    "Mã đơn vị hành chính thực hiện",
    "Nhiệm vụ",
    "Kế hoạch (triệu đồng)",
    "Đã giải ngân (triệu đồng)",
]


def test_budget_lines_go_to_the_nearest_plan_and_update_by_key(load, office, area_tree):
    province_plan = PlanFactory(unit=area_tree["province"], year=2023, status=PlanStatus.APPROVED)
    district_plan = PlanFactory(unit=area_tree["d1"], year=2023)
    rows = [
        BUDGET_HEADERS,
        [2023, "Vốn địa phương", "C1", "Đào tạo, tập huấn", "1.234,5", ""],
        [2023, "ntp_nrd", "C2", "Truyền thông", 200, "150,25"],
    ]
    job = load(office, "budget", rows)
    assert job.created_count == 2
    assert BudgetLine.objects.get(unit=area_tree["c1"]).plan == district_plan
    line = BudgetLine.objects.get(unit=area_tree["c2"])
    assert (line.plan, line.task, line.disbursed_mvnd) == (province_plan, BudgetTask.COMMUNICATION, Decimal("150.25"))
    reason = AuditEntry.objects.filter(object_id=str(line.pk), action=AuditAction.CREATE).get().reason
    assert "Nhập dữ liệu từ tệp" in reason  # an approved plan changes only with a reason

    rows[2][5] = "180"
    job = load(office, "budget", rows)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 1, 1)
    line.refresh_from_db()
    assert line.disbursed_mvnd == Decimal("180")
    assert BudgetLine.objects.count() == 2


def test_budget_line_without_a_plan_is_refused(load, office, area_tree):
    job = load(
        office, "budget", [BUDGET_HEADERS, [2030, "Vốn địa phương", "C1", "Truyền thông", 10, ""]], expect_errors=True
    )
    assert "chưa có kế hoạch OCOP năm 2030" in job.preview["errors"][0]["message"]
    job = load(
        office,
        "budget",
        [BUDGET_HEADERS, [2023, "Vốn ngoài hành tinh", "C1", "Truyền thông", 10, ""]],
        expect_errors=True,
    )
    error = job.preview["errors"][0]
    assert error["value"] == "Vốn ngoài hành tinh"
    assert error["message"].startswith("không có nguồn vốn nào như vậy trong danh mục nguồn vốn; ghi tên")
    assert "«Ngân sách tỉnh»" in error["message"]  # the refusal lists the accepted names


ACTIVITY_HEADERS = [
    "Ngày bắt đầu",
    "Tên hoạt động",
    "Mã đơn vị hành chính",
    "Loại hoạt động",
    "Số người tham dự",
    "Trong đó nữ",
    "Nguồn vốn",
]


def test_activities_by_date_title_and_unit(load, officer, area_tree):
    rows = [ACTIVITY_HEADERS, ["10/05/2023", "Tập huấn TMĐT", "C1", "Đào tạo, tập huấn", 40, 22, "MTQG XD NTM"]]
    job = load(officer, "activities", rows)
    assert job.created_count == 1
    activity = Activity.objects.get()
    assert (activity.unit, activity.participants, activity.funding_source.code) == (area_tree["c1"], 40, "ntp_nrd")
    before = counts()
    job = load(officer, "activities", rows)
    assert job.unchanged_count == 1
    assert counts() == before
    rows.append(["11/05/2023", "Hội chợ", "C2", "Hội chợ, triển lãm", 10, 20, ""])
    job = load(officer, "activities", rows, expect_errors=True)
    messages = [error["message"] for error in job.preview["errors"]]
    assert any("nằm ngoài địa bàn bạn quản lý" in message for message in messages)
    assert Activity.objects.count() == 1
