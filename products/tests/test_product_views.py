"""Product pages: who may create, edit and delete; what each role and area sees; validation messages."""

from types import SimpleNamespace

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from products.models import Certification, Product, ProductChannel
from products.tests.factories import CertificationFactory, CraftVillageFactory, ProductChannelFactory, ProductFactory
from products.tests.helpers import (
    EDITOR_ROLES,
    READ_ONLY_ROLES,
    channel,
    class_1048,
    product_form_data,
    set_148,
    with_certification,
    with_channel,
)
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db


# Create --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITOR_ROLES)
def test_editor_creates_product_with_certifications_and_channels(web, role, subject_d1, area_tree):
    client = web(role)
    assert client.get(reverse("products:create")).status_code == 200
    data = product_form_data(subject_d1, area_tree["c1"])
    with_certification(
        data,
        0,
        kind="food_safety",
        number="123/2024/ATTP",
        issuer="Chi cục QLCL NLS&TS Đồng Tháp",
        issued_on="2024-03-01",
        expires_on="2027-03-01",
    )
    with_certification(data, 1, kind="certification_mark", number="MIDT-07", issuer="Sở KH&CN", issued_on="")
    with_channel(data, 0, channel=channel("Postmart").pk, detail="postmart.vn/sen-hong")
    with_channel(data, 1, channel=channel("Co.opmart").pk, detail="Co.opmart Cao Lãnh")
    response = client.post(reverse("products:create"), data)
    product = Product.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("products:detail", args=[product.pk])
    assert product.name == "Xoài sấy dẻo Cao Lãnh"
    assert product.search_text == "xoai say deo cao lanh"
    assert product.created_by == client.user
    assert sorted(product.certifications.values_list("kind", flat=True)) == ["certification_mark", "food_safety"]
    assert sorted(product.channels.values_list("name", flat=True)) == ["Co.opmart", "Postmart"]
    entry = AuditEntry.objects.get(object_id=str(product.pk), content_type__model="product")
    assert entry.action == "create"
    assert entry.actor == client.user
    assert len(entry.after["certifications"]) == 2


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_read_only_roles_cannot_create(web, role, subject_d1, area_tree):
    client = web(role)
    assert client.get(reverse("products:create")).status_code == 403
    response = client.post(reverse("products:create"), product_form_data(subject_d1, area_tree["c1"]))
    assert response.status_code == 403
    assert not Product.objects.exists()


def test_officer_of_another_district_cannot_create_for_a_subject_outside_their_area(web, subject_d1, area_tree):
    client = web(Role.LOCAL_OFFICER, area_tree["d2"])
    response = client.post(reverse("products:create"), product_form_data(subject_d1, area_tree["c1"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chủ thể không thuộc địa bàn của bạn." in html
    assert "Nơi sản xuất không thuộc địa bàn của bạn." in html
    assert not Product.objects.exists()


def test_expiry_before_issue_is_refused_with_a_clear_message(web, subject_d1, area_tree):
    client = web(Role.LOCAL_OFFICER)
    data = with_certification(
        product_form_data(subject_d1, area_tree["c1"]),
        0,
        kind="vietgap",
        number="VG-01",
        issuer="VinaCert",
        issued_on="2024-05-10",
        expires_on="2024-01-01",
    )
    response = client.post(reverse("products:create"), data)
    assert response.status_code == 200
    assert "Ngày hết hạn (01/01/2024) không được trước ngày cấp (10/05/2024)." in response.content.decode()
    assert not Product.objects.exists()
    assert not Certification.objects.exists()


def test_transactional_create_saves_nothing_when_a_certification_row_is_invalid(web, subject_d1, area_tree):
    client = web(Role.LOCAL_OFFICER)
    data = product_form_data(subject_d1, area_tree["c1"])
    with_certification(data, 0, kind="food_safety", number="1/ATTP", issued_on="2024-01-01", expires_on="2026-01-01")
    with_certification(data, 1, kind="trademark", number="", issued_on="2024-01-01")  # number is required
    with_channel(data, 0, channel=channel("Shopee").pk)
    response = client.post(reverse("products:create"), data)
    assert response.status_code == 200
    assert "Hãy nhập số giấy chứng nhận/văn bằng." in response.content.decode()
    assert not Product.objects.exists()
    assert not Certification.objects.exists()
    assert not ProductChannel.objects.exists()
    assert not AuditEntry.objects.exists()


def test_duplicate_channel_is_refused(web, subject_d1, area_tree):
    client = web(Role.LOCAL_OFFICER)
    data = product_form_data(subject_d1, area_tree["c1"])
    with_channel(data, 0, channel=channel("Shopee").pk)
    with_channel(data, 1, channel=channel("Shopee").pk)
    response = client.post(reverse("products:create"), data)
    assert response.status_code == 200
    assert not Product.objects.exists()


def test_required_fields_have_vietnamese_messages(web):
    client = web(Role.LOCAL_OFFICER)
    blank = SimpleNamespace(pk="")
    data = product_form_data(blank, blank, name="", product_class="")
    html = client.post(reverse("products:create"), data).content.decode()
    for message in ["Hãy nhập tên sản phẩm.", "Hãy chọn chủ thể.", "Hãy chọn nơi sản xuất.", "Hãy chọn bộ sản phẩm."]:
        assert message in html


def test_create_form_is_prefilled_from_a_subject(web, subject_d1):
    client = web(Role.LOCAL_OFFICER)
    html = client.get(reverse("products:create") + f"?subject={subject_d1.pk}").content.decode()
    assert f'<option value="{subject_d1.pk}" selected>' in html


# Edit ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITOR_ROLES)
def test_editor_edits_product_and_replaces_rows(web, role, product_d1, area_tree):
    cert = CertificationFactory(product=product_d1, kind="food_safety", number="OLD-1")
    CertificationFactory(product=product_d1, kind="trademark", number="NH-2")
    ProductChannelFactory(product=product_d1, channel=channel("Tiki"))
    client = web(role)
    assert client.get(reverse("products:update", args=[product_d1.pk])).status_code == 200
    data = product_form_data(
        product_d1.subject, area_tree["c1"], name="Hạt sen sấy giòn", potential_five_star="on", version=1
    )
    data.update({"certifications-INITIAL_FORMS": "0"})
    # keep (and change) the first certification, drop the trademark, add a VietGAP one; one new channel
    with_certification(data, 0, id=cert.pk, kind="food_safety", number="NEW-1", issuer="Chi cục", issued_on="")
    with_certification(data, 1, kind="vietgap", number="VG-9", issuer="VinaCert", issued_on="2025-01-01")
    data["certifications-INITIAL_FORMS"] = "1"
    with_channel(data, 0, channel=channel("Lazada").pk, detail="")
    response = client.post(reverse("products:update", args=[product_d1.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    product_d1.refresh_from_db()
    assert product_d1.name == "Hạt sen sấy giòn"
    assert product_d1.search_text == "hat sen say gion"
    assert product_d1.potential_five_star
    assert sorted(product_d1.certifications.values_list("number", flat=True)) == ["NEW-1", "VG-9"]
    assert product_d1.certifications.get(number="NEW-1").pk == cert.pk
    assert list(product_d1.channels.values_list("name", flat=True)) == ["Lazada"]
    entry = AuditEntry.objects.filter(action="update", object_id=str(product_d1.pk)).get()
    assert entry.before["name"] == "Hạt sen sấy Tháp Mười"
    assert entry.after["name"] == "Hạt sen sấy giòn"


def test_saving_without_changes_records_nothing(web, product_d1, area_tree):
    client = web(Role.LOCAL_OFFICER)
    data = product_form_data(
        product_d1.subject,
        product_d1.unit,
        name=product_d1.name,
        product_class=product_d1.product_class_id,
        raw_material_area="",
        description="",
        version=1,
    )
    assert client.post(reverse("products:update", args=[product_d1.pk]), data).status_code == 302
    assert not AuditEntry.objects.filter(action="update").exists()
    product_d1.refresh_from_db()
    assert product_d1.version == 1


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_read_only_roles_cannot_edit(web, role, product_d1, area_tree):
    client = web(role)
    url = reverse("products:update", args=[product_d1.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, product_form_data(product_d1.subject, area_tree["c1"], name="Đổi tên"))
    assert response.status_code == 403
    product_d1.refresh_from_db()
    assert product_d1.name == "Hạt sen sấy Tháp Mười"


def test_officer_of_another_district_gets_404_on_edit_and_delete(web, product_d1, area_tree):
    client = web(Role.LOCAL_OFFICER, area_tree["d2"])
    for name in ("update", "delete", "detail", "document_upload"):
        assert client.get(reverse(f"products:{name}", args=[product_d1.pk])).status_code == 404
    response = client.post(
        reverse("products:update", args=[product_d1.pk]), product_form_data(product_d1.subject, area_tree["c1"])
    )
    assert response.status_code == 404
    assert client.post(reverse("products:delete", args=[product_d1.pk])).status_code == 404
    assert Product.objects.filter(pk=product_d1.pk).exists()


def test_officer_cannot_move_a_product_out_of_their_area(web, product_d1, subject_d2, area_tree):
    client = web(Role.LOCAL_OFFICER)
    data = product_form_data(subject_d2, area_tree["c2"])
    response = client.post(reverse("products:update", args=[product_d1.pk]), data)
    assert response.status_code == 200
    product_d1.refresh_from_db()
    assert product_d1.subject != subject_d2


# Delete --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITOR_ROLES)
def test_editor_deletes_after_confirmation(web, role, product_d1):
    CertificationFactory(product=product_d1)
    client = web(role)
    url = reverse("products:delete", args=[product_d1.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Bạn có chắc muốn xoá sản phẩm" in page.content.decode()
    assert Product.objects.filter(pk=product_d1.pk).exists()  # GET only asks
    response = client.post(url, {"reason": "Nhập trùng"})
    assert response.status_code == 302
    assert response.url == reverse("products:list")
    assert not Product.objects.filter(pk=product_d1.pk).exists()
    entry = AuditEntry.objects.get(action="delete", content_type__model="product")
    assert entry.reason == "Nhập trùng"
    assert entry.before["name"] == "Hạt sen sấy Tháp Mười"


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_read_only_roles_cannot_delete(web, role, product_d1):
    client = web(role)
    url = reverse("products:delete", args=[product_d1.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Product.objects.filter(pk=product_d1.pk).exists()


def test_delete_refused_while_other_records_refer_to_the_product(web, product_d1, monkeypatch):
    """Evaluations and decisions protect a product; the page explains it in Vietnamese and deletes nothing."""

    def protected(self, *args, **kwargs):
        raise ProtectedError("protected", {product_d1})

    monkeypatch.setattr(Product, "delete", protected)
    client = web(Role.COORDINATION_OFFICE)
    response = client.post(reverse("products:delete", args=[product_d1.pk]), follow=True)
    assert "Không thể xoá vì còn dữ liệu khác tham chiếu đến" in response.content.decode()
    assert Product.objects.filter(pk=product_d1.pk).exists()
    assert not AuditEntry.objects.filter(action="delete").exists()


# List and detail -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITOR_ROLES + READ_ONLY_ROLES)
def test_every_role_reads_the_products_of_its_area(web, role, product_d1):
    client = web(role)
    html = client.get(reverse("products:list")).content.decode()
    assert "Hạt sen sấy Tháp Mười" in html
    assert client.get(reverse("products:detail", args=[product_d1.pk])).status_code == 200
    assert ("+ Thêm sản phẩm" in html) == (role in EDITOR_ROLES)


def test_list_and_detail_do_not_leak_another_district(web, product_d1, product_d2, area_tree):
    client = web(Role.LOCAL_OFFICER, area_tree["d2"])
    html = client.get(reverse("products:list")).content.decode()
    assert "Nem Lai Vung" in html
    assert "Hạt sen sấy Tháp Mười" not in html
    assert client.get(reverse("products:detail", args=[product_d1.pk])).status_code == 404
    # filtering by the other district's unit does not widen the scope
    html = client.get(reverse("products:list"), {"area": area_tree["d1"].pk}).content.decode()
    assert "Hạt sen sấy Tháp Mười" not in html


def test_search_ignores_diacritics(web, area_tree, subject_d1):
    ProductFactory(subject=subject_d1, name="Bánh phồng tôm Sa Giang")
    ProductFactory(subject=subject_d1, name="Nem chua Lai Vung")
    client = web(Role.LOCAL_OFFICER)
    for query in ["banh phong", "Bánh phồng", "BANH PHONG", "phồng tôm", "banh  giang"]:
        html = client.get(reverse("products:list"), {"q": query}).content.decode()
        assert "Bánh phồng tôm Sa Giang" in html, query
        assert "Nem chua Lai Vung" not in html, query
    # the subject's name is searched too
    html = client.get(reverse("products:list"), {"q": "sen hong thap muoi"}).content.decode()
    assert "Nem chua Lai Vung" in html


def test_filters(web, area_tree):
    female = SubjectFactory(unit=area_tree["c1"], representative_gender="female", legal_form="cooperative")
    male = SubjectFactory(unit=area_tree["c2"], representative_gender="male", legal_form="household")
    village = CraftVillageFactory(name="Làng nghề nem Lai Vung", unit=area_tree["d2"])
    lotus = ProductFactory(subject=female, name="Trà tim sen", product_class=set_148("I.5.b"), potential_five_star=True)
    CertificationFactory(product=lotus, kind="vietgap")
    ProductChannelFactory(product=lotus, channel=channel("Postmart"))
    nem = ProductFactory(
        subject=male, name="Nem Lai Vung", product_class=class_1048("1.08"), craft_village=village, unit=area_tree["c2"]
    )
    ProductChannelFactory(product=nem, channel=channel("Co.opmart"))
    chieu = ProductFactory(
        subject=male, name="Chiếu Định Yên", product_class=set_148("IV.1"), production_status="stopped"
    )
    client = web(Role.COORDINATION_OFFICE)

    def names(**params):
        response = client.get(reverse("products:list"), params)
        assert response.status_code == 200
        return {p.name for p in response.context["products"]}

    assert names() == {"Trà tim sen", "Nem Lai Vung", "Chiếu Định Yên"}
    assert names(area=area_tree["d1"].pk) == {"Trà tim sen"}
    assert names(area=area_tree["province"].pk) == {"Trà tim sen", "Nem Lai Vung", "Chiếu Định Yên"}
    food = set_148("I.3.d").category_148
    assert names(category=food.pk) == {"Trà tim sen", "Nem Lai Vung"}  # the 1048 class counts under its 148 group
    assert names(product_set=set_148("I.3.d").pk) == {"Nem Lai Vung"}
    assert names(regime="qd1048") == {"Nem Lai Vung"}
    assert names(legal_form="household") == {"Nem Lai Vung", "Chiếu Định Yên"}
    assert names(production_status="stopped") == {"Chiếu Định Yên"}
    assert names(female_led="True") == {"Trà tim sen"}
    assert names(female_led="False") == {"Nem Lai Vung", "Chiếu Định Yên"}
    assert names(channel_kind="modern_retail") == {"Nem Lai Vung"}
    assert names(channel=channel("Postmart").pk) == {"Trà tim sen"}
    assert names(certification_kind="vietgap") == {"Trà tim sen"}
    assert names(craft_village=village.pk) == {"Nem Lai Vung"}
    assert names(potential_five_star="True") == {"Trà tim sen"}
    assert names(subject=male.pk) == {"Nem Lai Vung", "Chiếu Định Yên"}
    assert chieu.pk  # used


def test_stars_column_and_filter_follow_recognition_decisions(web, subject_d1, area_tree, user_for):
    """Stars are never typed in: the list shows and filters the stars of the recognition in force today."""
    import datetime

    from decisions.tests.factories import AuthorityFactory, recognise

    four_star = ProductFactory(subject=subject_d1, name="Xoài sấy dẻo")
    three_star = ProductFactory(subject=subject_d1, name="Mứt chuối")
    expired = ProductFactory(subject=subject_d1, name="Khô cá lóc")
    ProductFactory(subject=subject_d1, name="Gạo huyết rồng")
    office = user_for(Role.COORDINATION_OFFICE)
    authority = AuthorityFactory(unit=area_tree["province"])
    today = datetime.date.today()
    recognise(office, authority, today - datetime.timedelta(days=30), (four_star, 4), (three_star, 3))
    recognise(office, authority, today.replace(year=today.year - 4), (expired, 3))

    client = web(Role.LOCAL_OFFICER)
    page = client.get(reverse("products:list"))
    html = page.content.decode()
    assert 'name="stars"' in html
    stars = {p.name: p.current_stars for p in page.context["products"]}
    assert stars == {"Xoài sấy dẻo": 4, "Mứt chuối": 3, "Khô cá lóc": None, "Gạo huyết rồng": None}
    assert "Hết hiệu lực" in html
    filtered = client.get(reverse("products:list"), {"stars": "4"})
    assert [p.name for p in filtered.context["products"]] == ["Xoài sấy dẻo"]


def test_stars_filter_reads_the_stored_status_with_a_fixed_query_count(web, subject_d1, area_tree, user_for):
    """The stars and status filters read ``Product.ocop_*`` (no subquery over the decisions) and the page costs the
    same number of queries for 2 or 12 recognised products."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from decisions.tests.factories import AuthorityFactory, recognise

    office = user_for(Role.COORDINATION_OFFICE)
    authority = AuthorityFactory(unit=area_tree["province"])
    today = datetime.date.today()
    client = web(Role.LOCAL_OFFICER)

    def page_queries():
        client.get(reverse("products:list"), {"stars": "4"})  # warm-up: the scope paths are cached by the first
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("products:list"), {"stars": "4"})
        assert response.status_code == 200
        return response, ctx

    first = [ProductFactory(subject=subject_d1, name=f"Bốn sao {i:02d}") for i in range(2)]
    recognise(office, authority, today - datetime.timedelta(days=10), *[(p, 4) for p in first])
    response, small = page_queries()
    assert [p.name for p in response.context["products"]] == ["Bốn sao 00", "Bốn sao 01"]
    more = [ProductFactory(subject=subject_d1, name=f"Bốn sao {i:02d}") for i in range(2, 12)]
    recognise(office, authority, today - datetime.timedelta(days=5), *[(p, 4) for p in more])
    response, large = page_queries()
    assert len(response.context["products"]) == 12
    assert len(large.captured_queries) == len(small.captured_queries)
    product_queries = [q["sql"] for q in large.captured_queries if "products_product" in q["sql"]]
    assert product_queries and not any("decisions_recognition" in sql for sql in product_queries)
    assert any('"ocop_stars" = 4' in sql.replace("products_product.", "") for sql in product_queries)
    valid = client.get(reverse("products:list"), {"ocop_status": "valid"})
    assert len(valid.context["products"]) == 12


def test_sorting_and_pagination(web, subject_d1):
    for i in range(30):
        ProductFactory(subject=subject_d1, name=f"Sản phẩm {i:02d}")
    client = web(Role.LOCAL_OFFICER)
    first = client.get(reverse("products:list"))
    assert [p.name for p in first.context["products"]][:2] == ["Sản phẩm 00", "Sản phẩm 01"]
    assert first.context["page_obj"].paginator.num_pages == 2
    reverse_sorted = client.get(reverse("products:list"), {"sort": "-name"})
    assert reverse_sorted.context["products"][0].name == "Sản phẩm 29"
    second = client.get(reverse("products:list"), {"page": 2})
    assert len(second.context["products"]) == 5


def test_detail_shows_classification_mapping_and_history_link(web, subject_d1):
    product = ProductFactory(subject=subject_d1, name="Quýt hồng Lai Vung", product_class=class_1048("1.01"))
    CertificationFactory(product=product, kind="geographical_indication", number="CDĐL-00124", issuer="Cục SHTT")
    ProductChannelFactory(product=product, channel=channel("Lotte Mart"), detail="Lotte Mart Cần Thơ")
    html = web(Role.COORDINATION_OFFICE).get(reverse("products:detail", args=[product.pk])).content.decode()
    assert "Rau, củ, quả, hạt tươi" in html
    assert "I.1.a" in html  # the mapped 148 set
    assert "Tương ứng theo QĐ 148" in html
    assert "CDĐL-00124" in html
    assert "Lotte Mart Cần Thơ" in html
    assert f"/products/{product.pk}/history/" in html
    assert "Lịch sử đánh giá, phân hạng" in html
    assert "Chưa được công nhận" in html  # status derived from decisions: none yet
    assert "Sản phẩm chưa tham gia đợt đánh giá nào" in html


def test_local_officer_sees_no_history_link(web, product_d1):
    html = web(Role.LOCAL_OFFICER).get(reverse("products:detail", args=[product_d1.pk])).content.decode()
    assert "/audit/products.product/" not in html and "/history/" not in html


def test_anonymous_user_is_sent_to_login(client, product_d1):
    for url in [reverse("products:list"), reverse("products:detail", args=[product_d1.pk]), reverse("products:create")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
