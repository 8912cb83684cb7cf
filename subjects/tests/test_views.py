"""The subject pages, for every role that may use them and every role that may not."""

import pytest
from django.urls import reverse

from accounts.models import Role
from subjects.models import Subject
from subjects.tests.factories import SubjectFactory

from .helpers import EDITOR_ROLES, READ_ONLY_ROLES, form_data

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("role", EDITOR_ROLES)
def test_editor_creates_lists_edits_and_deletes_through_the_pages(web, area_tree, role):
    client = web(role)
    assert client.get(reverse("subjects:create")).status_code == 200

    response = client.post(reverse("subjects:create"), form_data(area_tree["c1"]), follow=True)
    subject = Subject.objects.get(registration_number="1401999001")
    assert response.redirect_chain[-1][0] == reverse("subjects:detail", args=[subject.pk])
    assert subject.created_by == client.user
    assert subject.is_female_led
    assert any("Đã thêm chủ thể" in m for m in _messages(response))

    listing = client.get(reverse("subjects:list"))
    assert listing.status_code == 200
    assert "Hợp tác xã Sen Hồng" in listing.content.decode()

    url = reverse("subjects:update", args=[subject.pk])
    assert client.get(url).status_code == 200
    data = form_data(area_tree["c1"], name="HTX Sen Hồng Tháp Mười", workforce_total=25, status="ceased", version=1)
    response = client.post(url, data)
    assert response.status_code == 302
    subject.refresh_from_db()
    assert (subject.name, subject.workforce_total, subject.status) == ("HTX Sen Hồng Tháp Mười", 25, "ceased")

    delete_url = reverse("subjects:delete", args=[subject.pk])
    confirm = client.get(delete_url)
    assert confirm.status_code == 200
    assert "Xoá vĩnh viễn" in confirm.content.decode()
    response = client.post(delete_url, {"reason": "Nhập trùng"})
    assert response.status_code == 302
    assert response.url == reverse("subjects:list")
    assert not Subject.objects.filter(pk=subject.pk).exists()


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_read_only_roles_see_but_may_not_create_edit_or_delete(web, area_tree, role):
    subject = SubjectFactory(unit=area_tree["c1"])
    client = web(role)
    assert client.get(reverse("subjects:list")).status_code == 200
    detail = client.get(reverse("subjects:detail", args=[subject.pk]))
    assert detail.status_code == 200
    assert reverse("subjects:update", args=[subject.pk]) not in detail.content.decode()

    assert client.get(reverse("subjects:create")).status_code == 403
    assert client.post(reverse("subjects:create"), form_data(area_tree["c1"])).status_code == 403
    assert client.get(reverse("subjects:update", args=[subject.pk])).status_code == 403
    assert client.post(reverse("subjects:update", args=[subject.pk]), form_data(area_tree["c1"])).status_code == 403
    assert client.post(reverse("subjects:delete", args=[subject.pk])).status_code == 403
    assert not Subject.objects.filter(registration_number="1401999001").exists()
    subject.refresh_from_db()
    assert subject.name.startswith("Hợp tác xã Sen Hồng")


def test_officer_of_another_district_gets_404_for_detail_edit_and_delete(web, area_tree):
    subject = SubjectFactory(unit=area_tree["c1"])
    client = web(Role.LOCAL_OFFICER, area_tree["d2"])
    for name in ("detail", "update", "delete"):
        assert client.get(reverse(f"subjects:{name}", args=[subject.pk])).status_code == 404, name
    assert client.post(reverse("subjects:update", args=[subject.pk]), form_data(area_tree["c1"])).status_code == 404
    assert client.post(reverse("subjects:delete", args=[subject.pk])).status_code == 404
    assert Subject.objects.filter(pk=subject.pk).exists()


def test_officer_cannot_create_a_subject_in_another_district(web, area_tree):
    client = web(Role.LOCAL_OFFICER)
    response = client.post(reverse("subjects:create"), form_data(area_tree["c2"]))
    assert response.status_code == 200
    assert "nằm ngoài địa bàn bạn quản lý" in response.content.decode()
    assert not Subject.objects.exists()
    assert area_tree["c2"] not in response.context["form"].fields["unit"].queryset


def test_officer_cannot_move_a_subject_out_of_the_district(web, area_tree):
    subject = SubjectFactory(unit=area_tree["c1"])
    client = web(Role.LOCAL_OFFICER)
    response = client.post(
        reverse("subjects:update", args=[subject.pk]),
        form_data(area_tree["c2"], registration_number=subject.registration_number),
    )
    assert response.status_code == 200
    subject.refresh_from_db()
    assert subject.unit == area_tree["c1"]


def test_anonymous_user_is_sent_to_the_login_page(client, area_tree):
    subject = SubjectFactory(unit=area_tree["c1"])
    for url in (
        reverse("subjects:list"),
        reverse("subjects:create"),
        reverse("subjects:detail", args=[subject.pk]),
        reverse("subjects:update", args=[subject.pk]),
        reverse("subjects:delete", args=[subject.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_detail_shows_the_subjects_products_and_history_link(web, area_tree):
    from products.tests.factories import ProductFactory

    subject = SubjectFactory(unit=area_tree["c1"], name="HTX Xoài Mỹ Xương")
    ProductFactory(subject=subject, name="Xoài sấy dẻo Mỹ Xương")
    ProductFactory(name="Sản phẩm của chủ thể khác", subject=SubjectFactory(unit=area_tree["c1"]))
    client = web(Role.COORDINATION_OFFICE)
    page = client.get(reverse("subjects:detail", args=[subject.pk])).content.decode()
    assert "Xoài sấy dẻo Mỹ Xương" in page
    assert "Sản phẩm của chủ thể khác" not in page
    assert reverse("subjects:history", args=[subject.pk]) in page

    officer = web(Role.LOCAL_OFFICER)
    page = officer.get(reverse("subjects:detail", args=[subject.pk])).content.decode()
    assert "/audit/" not in page and "/history/" not in page  # officers do not read the audit log
    assert reverse("subjects:update", args=[subject.pk]) in page


def test_list_sorts_and_pages(web, area_tree):
    for i in range(27):
        SubjectFactory(
            unit=area_tree["c1"], name=f"Chủ thể {i:02d}", workforce_total=i, workforce_local=0, workforce_qualified=0
        )
    client = web(Role.COORDINATION_OFFICE)
    first = client.get(reverse("subjects:list"), {"sort": "-workforce"})
    rows = list(first.context["subjects"])
    assert len(rows) == 25
    assert rows[0].name == "Chủ thể 26"
    second = client.get(reverse("subjects:list"), {"sort": "-workforce", "page": 2})
    assert [s.name for s in second.context["subjects"]] == ["Chủ thể 01", "Chủ thể 00"]
    assert "sort=-workforce&amp;page=1" in second.content.decode()


def test_list_filters(web, area_tree):
    from products.tests.factories import ProductFactory

    woman = SubjectFactory(unit=area_tree["c1"], name="Cơ sở A", representative_gender="female", is_sme=True)
    man = SubjectFactory(
        unit=area_tree["d2"], name="Cơ sở B", representative_gender="male", legal_form="household", status="ceased"
    )
    ProductFactory(subject=man)
    client = web(Role.LEADERSHIP)

    def names(**params):
        return {s.name for s in client.get(reverse("subjects:list"), params).context["subjects"]}

    assert names(female_led="true") == {"Cơ sở A"}
    assert names(female_led="false") == {"Cơ sở B"}
    assert names(legal_form="household") == {"Cơ sở B"}
    assert names(status="ceased") == {"Cơ sở B"}
    assert names(is_sme="true") == {"Cơ sở A"}
    assert names(has_products="true") == {"Cơ sở B"}
    assert names(has_products="false") == {"Cơ sở A"}
    assert names(unit=area_tree["d1"].pk) == {"Cơ sở A"}  # the district includes its commune
    assert names(unit=area_tree["c1"].pk) == {"Cơ sở A"}
    assert names(unit=area_tree["d3"].pk) == set()
    assert woman.is_female_led and not man.is_female_led


def test_empty_list_says_so(web):
    page = web(Role.LOCAL_OFFICER).get(reverse("subjects:list")).content.decode()
    assert "Chưa có chủ thể OCOP nào trong địa bàn của bạn." in page
