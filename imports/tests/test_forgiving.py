"""Forgiving where a clerk would be understood, exact where it matters (#19): «Công ty TNHH» read as a company form
with a warning, product sets by number, code or name, refusals that list the accepted forms, labels and help that
say what the code does."""

import pytest

from decisions.models import Decision, Recognition, Revocation
from decisions.tests.factories import AuthorityFactory, d, product_in
from imports.importers import get_importer
from imports.models import JobStatus
from products.models import Product, SalesChannel
from subjects.models import LegalForm, Subject
from subjects.tests.factories import SubjectFactory

from .conftest import SUBJECT_HEADERS, counts, subject_row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def load(client, upload):
    def run(user, kind, rows, expect_errors=False):
        job = upload(user, kind, xlsx_bytes(rows))
        if expect_errors:
            return job
        assert job.error_count == 0, job.preview["errors"]
        client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"})
        job.refresh_from_db()
        assert job.status == JobStatus.DONE, job.outcome
        return job

    return run


# --- «Công ty TNHH» ---------------------------------------------------------------------------------------------


def test_cong_ty_tnhh_is_a_company_form_with_a_warning_in_the_preview(client, upload, load, office, area_tree):
    rows = [
        SUBJECT_HEADERS,
        subject_row("1400000001", "Công ty TNHH Sa Giang", **{"Loại hình": "Công ty TNHH"}),
        subject_row("1400000002", "Công ty TNHH MTV Sen Hồng", **{"Loại hình": "cong ty tnhh"}),
        subject_row("1400000003", "Hợp tác xã Tân Thành", **{"Loại hình": "HTX"}),
    ]
    job = upload(office, "subjects", xlsx_bytes(rows))
    assert job.error_count == 0
    warnings = [w for w in job.preview["warnings"] if "không nói một hay hai thành viên" in w]
    assert len(warnings) == 2
    assert warnings[0].startswith("Dòng 2, cột C «Loại hình»")
    assert "Công ty TNHH hai thành viên trở lên" in warnings[0]
    assert "Công ty TNHH một thành viên" in warnings[1]
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "không nói một hay hai thành viên" in page

    load(office, "subjects", rows)
    forms = dict(Subject.objects.values_list("registration_number", "legal_form"))
    assert forms == {
        "1400000001": LegalForm.LLC_MULTI,
        "1400000002": LegalForm.LLC_SINGLE,
        "1400000003": LegalForm.COOPERATIVE,
    }


def test_cong_ty_tnhh_keeps_the_company_form_a_subject_has(load, office, area_tree):
    SubjectFactory(
        registration_number="1400000001",
        name="Công ty TNHH Sa Giang",
        legal_form=LegalForm.LLC_SINGLE,
        unit=area_tree["c1"],
        address="Ấp 1",
        representative_name="Lê Thị Hồng",
        representative_gender="female",
        workforce_total=20,
        workforce_local=18,
    )
    before = counts()
    job = load(
        office,
        "subjects",
        [SUBJECT_HEADERS, subject_row("1400000001", "Công ty TNHH Sa Giang", **{"Loại hình": "Công ty TNHH"})],
    )
    assert Subject.objects.get().legal_form == LegalForm.LLC_SINGLE
    assert "Loại hình" not in str(job.preview["actions"])  # the stored form is kept, not changed
    assert counts()["Subject"] == before["Subject"]


def test_an_unknown_legal_form_lists_the_accepted_forms(upload, office, area_tree):
    rows = [SUBJECT_HEADERS, subject_row("1400000001", "Công ty Sa Giang", **{"Loại hình": "Công ty hợp danh"})]
    job = upload(office, "subjects", xlsx_bytes(rows))
    message = job.preview["errors"][0]["message"]
    for label in ("Hợp tác xã", "Công ty TNHH một thành viên", "Công ty TNHH hai thành viên trở lên", "Hộ kinh doanh"):
        assert label in message


# --- product sets -----------------------------------------------------------------------------------------------

PRODUCT_HEADERS = ["Số đăng ký kinh doanh của chủ thể", "Tên sản phẩm", "Mã bộ sản phẩm"]


def test_product_sets_by_number_code_or_name(load, upload, office, area_tree):
    SubjectFactory(registration_number="1400000001", unit=area_tree["c1"])
    rows = [
        PRODUCT_HEADERS,
        ["1400000001", "Xoài sấy dẻo", 7],
        ["1400000001", "Chuối sấy", "Bộ 7"],
        ["1400000001", "Mít sấy", "I.3.c"],
        ["1400000001", "Khoai lang sấy", "chế biến từ rau, củ, quả, hạt"],
        ["1400000001", "Trà tim sen", "12"],
    ]
    load(office, "products", rows)
    codes = dict(Product.objects.values_list("name", "product_class__code"))
    assert codes == {
        "Xoài sấy dẻo": "I.3.c",
        "Chuối sấy": "I.3.c",
        "Mít sấy": "I.3.c",
        "Khoai lang sấy": "I.3.c",
        "Trà tim sen": "I.5.b",
    }

    job = upload(office, "products", xlsx_bytes([PRODUCT_HEADERS, ["1400000001", "Mắm", 27]]))
    error = job.preview["errors"][0]
    assert error["header"] == "Mã bộ sản phẩm"
    assert "I.3.c" in error["message"] and "từ 1 đến 26" in error["message"] and "tên bộ sản phẩm" in error["message"]


def test_an_unknown_sales_channel_lists_the_channels(upload, office, area_tree):
    SubjectFactory(registration_number="1400000001", unit=area_tree["c1"])
    SalesChannel.objects.get_or_create(kind="modern_retail", name="Co.opmart")
    headers = [*PRODUCT_HEADERS, "Kênh bán hàng"]
    job = upload(office, "products", xlsx_bytes([headers, ["1400000001", "Mắm", "I.4.a", "Chợ Bà Chiểu"]]))
    message = job.preview["errors"][0]["message"]
    assert "không có kênh «Chợ Bà Chiểu»" in message and "«Co.opmart»" in message


# --- recognitions: period, stars; revocations: the latest not yet revoked ----------------------------------------


RECOGNITION_HEADERS = [
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Số đăng ký kinh doanh của chủ thể",
    "Tên sản phẩm",
    "Hạng sao",
]


def test_the_recognitions_title_says_the_period_the_import_accepts(client, load, office, area_tree):
    importer = get_importer("recognitions")
    assert "2024" not in str(importer.label) and "đến hôm nay" in str(importer.label)
    client.force_login(office)
    assert "2019–2024" not in client.get("/imports/").content.decode()

    AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])
    product_in(area_tree["c1"], name="Hạt sen sấy", subject__registration_number="1400000001")
    rows = [RECOGNITION_HEADERS, ["9/QĐ-UBND-HC", "15/08/2025", "UBND tỉnh Đồng Tháp", "1400000001", "Hạt sen sấy", 3]]
    load(office, "recognitions", rows)  # 2025 is accepted, as the title says
    assert Decision.objects.get().date == d("2025-08-15")

    rows[1][:2] = ["10/QĐ-UBND-HC", "15/08/2099"]
    job = load(office, "recognitions", rows, expect_errors=True)
    assert "không được sau hôm nay" in job.preview["errors"][0]["message"]


def test_stars_refusal_lists_the_accepted_forms(load, office, area_tree):
    AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])
    product_in(area_tree["c1"], name="Hạt sen sấy", subject__registration_number="1400000001")
    rows = [
        RECOGNITION_HEADERS,
        ["9/QĐ-UBND-HC", "15/08/2023", "UBND tỉnh Đồng Tháp", "1400000001", "Hạt sen sấy", "bốn"],
    ]
    job = load(office, "recognitions", rows, expect_errors=True)
    message = job.preview["errors"][0]["message"]
    assert "3, 4, 5" in message and "«4 sao»" in message and "★★★★" in message


def test_a_blank_recognition_number_revokes_the_latest_not_yet_revoked(load, office, area_tree):
    """Help and code agree: the latest recognition not revoked yet, even when it has already expired."""
    help_text = str(get_importer("revocations").column("recognition_number").help)
    assert "mới nhất chưa bị thu hồi" in help_text and "còn hiệu lực của sản phẩm vào ngày" not in help_text

    AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])
    product = product_in(area_tree["c1"], name="Hạt sen sấy", subject__registration_number="1400000001")
    load(
        office,
        "recognitions",
        [
            RECOGNITION_HEADERS,
            ["5/QĐ-UBND-HC", "10/01/2019", "UBND tỉnh Đồng Tháp", "1400000001", "Hạt sen sấy", 3],
            ["8/QĐ-UBND-HC", "10/01/2020", "UBND tỉnh Đồng Tháp", "1400000001", "Hạt sen sấy", 4],
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
    ]
    base = ["UBND tỉnh Đồng Tháp", "1400000001", "Hạt sen sấy"]
    load(office, "revocations", [headers, ["20/QĐ-UBND-HC", "01/06/2020", *base, "8/QĐ-UBND-HC", "Vi phạm"]])
    # in 2024 both are expired; the latest not yet revoked is the 2019 one
    load(office, "revocations", [headers, ["30/QĐ-UBND-HC", "01/06/2024", *base, "", "Hết hiệu lực"]])
    revoked = Revocation.objects.get(decision__number=30).recognition
    assert revoked == Recognition.objects.get(product=product, decision__number=5)
