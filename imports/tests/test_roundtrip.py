"""Round trip: export a list, import it into an empty register (areas and classification only), export again:
the CSV bytes and the XLSX cells are identical."""

import pytest

from audit.models import AuditEntry
from imports.models import JobStatus
from products.models import ProductChannel, ProductionStatus, SalesChannel
from products.tests.factories import CraftVillageFactory, ProductClassFactory, ProductFactory
from subjects.models import Gender, LegalForm, Subject, SubjectStatus
from subjects.tests.factories import SubjectFactory

from .conftest import xlsx_cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(area_tree):
    """A varied register: every legal form, both genders, flags, statuses, empty and filled optional fields."""
    subjects = [
        SubjectFactory(
            name="Hợp tác xã Sen Hồng",
            legal_form=LegalForm.COOPERATIVE,
            registration_number="1400100001",
            tax_code="1400100001",
            unit=area_tree["c1"],
            representative_name="Lê Thị Thu Hồng",
            representative_gender=Gender.FEMALE,
            representative_ethnic_minority=True,
            phone="0277 3 851 234",
            email="htx.senhong@gmail.com",
            website="https://facebook.com/htxsenhong",
            workforce_total=1200,
            workforce_local=1100,
            workforce_qualified=30,
        ),
        SubjectFactory(
            name='Công ty TNHH Bánh phồng tôm Sa Giang, "chi nhánh"',
            legal_form=LegalForm.LLC_MULTI,
            registration_number="1400100002",
            unit=area_tree["c2"],
            representative_name="Nguyễn Văn Đức",
            representative_gender=Gender.MALE,
            is_sme=True,
            status=SubjectStatus.CEASED,
        ),
        SubjectFactory(
            name="Hộ kinh doanh =Trần Văn Ơn",
            legal_form=LegalForm.HOUSEHOLD,
            registration_number="1400100003",
            unit=area_tree["d3"],
            representative_name="Trần Văn Ơn",
            representative_gender=Gender.MALE,
            workforce_total=0,
            workforce_local=0,
            workforce_qualified=0,
        ),
    ]
    village = CraftVillageFactory(name="Làng nghề bánh phồng Sa Đéc", unit=area_tree["d2"])
    tea = ProductFactory(
        subject=subjects[0],
        name="Trà tim sen",
        product_class=ProductClassFactory(code="I.5.b", name="Sản phẩm trà từ thực vật khác", set_number=12),
        description="Trà sấy khô\nđóng gói 100 g",
        potential_five_star=True,
    )
    for name, detail in (("GO! (Big C)", "quầy đặc sản"), ("Shopee", "https://shopee.vn/htx-sen"), ("Nhật Bản", "")):
        ProductChannel.objects.create(product=tea, channel=SalesChannel.objects.get(name=name), detail=detail)
    ProductFactory(
        subject=subjects[1],
        name="Bánh phồng tôm",
        unit=area_tree["c2"],
        craft_village=village,
        circular_value_chain=True,
        production_status=ProductionStatus.STOPPED,
    )
    return subjects


def export(client, path, fmt):
    response = client.get(f"{path}?export={fmt}&layout=import")
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def import_file(upload, client, user, kind, data, name):
    job = upload(user, kind, data, name=name)
    assert job.error_count == 0, job.preview["errors"]
    client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.outcome
    return job


def empty_register():
    from products.models import Product

    Product.objects.all().delete()
    Subject.objects.all().delete()
    AuditEntry.objects.all().delete()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_subjects_and_products_round_trip(client, upload, office, register, fmt):
    client.force_login(office)
    subjects_1 = export(client, "/subjects/", fmt)
    products_1 = export(client, "/products/", fmt)
    assert Subject.objects.count() == 3

    empty_register()
    job = import_file(upload, client, office, "subjects", subjects_1, f"chu-the.{fmt}")
    assert job.created_count == 3
    job = import_file(upload, client, office, "products", products_1, f"san-pham.{fmt}")
    assert job.created_count == 2

    client.force_login(office)
    subjects_2 = export(client, "/subjects/", fmt)
    products_2 = export(client, "/products/", fmt)
    if fmt == "csv":
        assert subjects_2 == subjects_1
        assert products_2 == products_1
    else:
        assert xlsx_cells(subjects_2) == xlsx_cells(subjects_1)
        assert xlsx_cells(products_2) == xlsx_cells(products_1)

    # And loading the export once more changes nothing at all.
    before = AuditEntry.objects.count()
    job = import_file(upload, client, office, "subjects", subjects_2, f"chu-the.{fmt}")
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 3)
    job = import_file(upload, client, office, "products", products_2, f"san-pham.{fmt}")
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 2)
    assert AuditEntry.objects.count() == before


def test_exported_subjects_carry_the_import_headers_and_values(client, office, register):
    client.force_login(office)
    cells = xlsx_cells(export(client, "/subjects/", "xlsx"))
    from imports.importers import SubjectImporter

    assert cells[0] == [column.header for column in SubjectImporter.columns]
    first = dict(zip(cells[0], cells[1], strict=True))
    assert first["Số đăng ký kinh doanh"] == "1400100002"  # sorted by name: "Công ty..." first
    assert first["Loại hình"] == "Công ty TNHH hai thành viên trở lên"
    assert first["Doanh nghiệp nhỏ và vừa"] == "Có"
    assert first["Trạng thái"] == "Ngừng hoạt động"
    assert first["Mã đơn vị hành chính"] == "C2"
    third = dict(zip(cells[0], cells[3], strict=True))
    assert third["Tổng số lao động"] == 1200
    assert third["Giới tính người đại diện"] == "Nữ"
