"""The product form's drop-down lists cost a fixed number of queries whatever the number of rows (issue #20), and
still offer the same options with the same labels as the models give them."""

import pytest
from django.urls import reverse

from accounts.models import Role
from areas.formatting import unit_label
from areas.selectors import units_for_form
from areas.tests.factories import merged_province
from products.forms import ProductClassField
from products.models import ChannelKind, SalesChannel
from products.selectors import classifiable_sets
from products.tests.factories import CertificationFactory, CraftVillageFactory, ProductChannelFactory, ProductFactory
from products.tests.helpers import channel, product_form_data, with_certification, with_channel
from products.tests.selects import selects
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db

# session, the user with its unit (role check) and its predecessors (scope), the product (restricted), its
# certifications, its channels; then the options of the page, each list once: sales channels (for every row),
# subjects, product classes, units, craft villages
EDIT_PAGE_QUERIES = 11
# the same page sent back with an error: session, the user with its unit, the product; the submitted subject, class and unit looked
# up and checked to exist (2 each); the options as above; the formsets' rows and the sales channels read once
EDIT_PAGE_INVALID_POST_QUERIES = 16
# and per row sent back, the model's own checks only: a certification's date rule (savepoint, check, release), a
# channel's existence (the rows' ids and channels are taken from the rows read once: no lookup per row)
INVALID_POST_QUERIES_PER_ROW = 4


def product_with_rows(subject, rows):
    names = ["Postmart", "Tiki", "Lazada", "Co.opmart"]
    product = ProductFactory(subject=subject, name="Hạt sen sấy Tháp Mười")
    for i in range(rows):
        CertificationFactory(product=product, number=f"ATTP-{i}")
        ProductChannelFactory(product=product, channel=channel(names[i]))
    return product


def invalid_post(product, rows):
    """The edit form sent back with its rows unchanged and the name emptied: the page comes back with an error."""
    data = product_form_data(product.subject, product.unit, name="", version=product.version)
    data["product_class"] = product.product_class_id
    for i, cert in enumerate(product.certifications.order_by("pk")):
        with_certification(data, i, id=cert.pk, kind=cert.kind, number=cert.number, issuer=cert.issuer)
    for i, link in enumerate(product.channel_links.order_by("pk")):
        with_channel(data, i, id=link.pk, channel=link.channel_id, detail="")
    data["certifications-INITIAL_FORMS"] = data["channels-INITIAL_FORMS"] = str(rows)
    return data


@pytest.mark.parametrize("rows", [1, 4])
def test_edit_page_queries_do_not_grow_with_rows_or_options(
    web, subject_d1, area_tree, rows, django_assert_num_queries
):
    product = product_with_rows(subject_d1, rows)
    for i in range(rows * 5):  # more subjects and craft villages to choose from
        SubjectFactory(unit=area_tree["c1"], name=f"Chủ thể {i:02d}")
        CraftVillageFactory(unit=area_tree["c1"], name=f"Làng nghề {i:02d}")
    client = web(Role.LOCAL_OFFICER)
    url = reverse("products:update", args=[product.pk])
    with django_assert_num_queries(EDIT_PAGE_QUERIES):
        page = client.get(url)
    assert len(selects(page)["channels-0-channel"]) == SalesChannel.objects.count() + 1
    data = invalid_post(product, rows)
    with django_assert_num_queries(EDIT_PAGE_INVALID_POST_QUERIES + INVALID_POST_QUERIES_PER_ROW * rows):
        response = client.post(url, data)
    assert response.status_code == 200 and "name" in response.context["form"].errors
    chosen = [[o[1] for o in options if o[3]] for name, options in selects(response).items() if "-channel" in name]
    assert chosen[:rows] == [[str(link.channel_id)] for link in product.channel_links.order_by("pk")]


def test_edit_page_saves_the_rows_it_checked_without_reading_them_again(web, subject_d1, area_tree):
    product = product_with_rows(subject_d1, 2)
    kept, dropped = product.channel_links.order_by("pk")
    data = invalid_post(product, 2)
    data["name"] = "Hạt sen sấy giòn"
    data["channels-0-channel"] = channel("Co.opmart").pk  # the first row changes channel, the second is deleted
    data["channels-1-DELETE"] = "on"
    data["certifications-0-number"] = "ATTP-MỚI"
    response = web(Role.LOCAL_OFFICER).post(reverse("products:update", args=[product.pk]), data)
    assert response.status_code == 302, response.content.decode()[:1500]
    assert list(product.channel_links.values_list("pk", "channel__name")) == [(kept.pk, "Co.opmart")]
    assert sorted(product.certifications.values_list("number", flat=True)) == ["ATTP-1", "ATTP-MỚI"]


def test_an_unknown_channel_or_another_products_row_is_refused(web, subject_d1, area_tree):
    product = product_with_rows(subject_d1, 1)
    other = ProductChannelFactory(product=ProductFactory(subject=subject_d1), channel=channel("Tiki"))
    client = web(Role.LOCAL_OFFICER)
    url = reverse("products:update", args=[product.pk])
    data = invalid_post(product, 1)
    data["name"] = "Hạt sen sấy giòn"
    data["channels-0-channel"] = 999999
    response = client.post(url, data)
    assert response.status_code == 200
    assert [error.code for error in response.context["channels"].forms[0].errors.as_data()["channel"]] == [
        "invalid_choice"
    ]
    data = invalid_post(product, 1)
    data["name"] = "Hạt sen sấy giòn"
    data["channels-0-id"] = other.pk  # a row of another product (a tampered form): refused, not a server error
    response = client.post(url, data)
    assert response.status_code == 200
    assert [error.code for error in response.context["channels"].forms[0].errors.as_data()["id"]] == ["invalid_choice"]
    assert list(product.channel_links.values_list("channel__name", flat=True)) == ["Postmart"]
    assert list(other.product.channel_links.values_list("pk", "channel__name")) == [(other.pk, "Tiki")]


def test_edit_page_options_are_the_models_own_labels(web, make_user):
    units = merged_province()
    office = make_user(role=Role.COORDINATION_OFFICE, unit=units["new"])
    old_subject = SubjectFactory(unit=units["old_commune"], name="HTX cũ Tân Thành")
    SubjectFactory(unit=units["new_commune"], name="Cơ sở Tân Dương")
    village = CraftVillageFactory(unit=units["new_commune"], name="Làng nghề bánh phồng")
    product = ProductFactory(subject=old_subject, unit=units["old_commune"], craft_village=village)
    ProductChannelFactory(product=product, channel=channel("Tiki"))
    from django.test import Client

    client = Client()
    client.force_login(office)
    page = selects(client.get(reverse("products:update", args=[product.pk])))

    # product classes: grouped and labelled as the field labels the model rows
    field = ProductClassField(queryset=classifiable_sets())
    expected = [(None, "", "---------", False)]
    for product_class in classifiable_sets():
        group = field.group_of(product_class)
        selected = product_class.pk == product.product_class_id
        expected.append((group, str(product_class.pk), field.label_from_instance(product_class), selected))
    assert page["product_class"] == expected
    assert any(label.endswith("→ I.3.c") for _g, _v, label, _s in page["product_class"])  # 1048 mapped to 148

    # units: the units in force and the product's own old commune, marked "(trước 01/07/2025)"
    assert page["unit"] == [(None, "", "---------", False)] + [
        (None, str(unit.pk), unit_label(unit), unit == units["old_commune"])
        for unit in units_for_form(office, keep=units["old_commune"])
    ]
    assert (None, str(units["old_commune"].pk), "· · Xã Tân Thành (trước 01/07/2025)", True) in page["unit"]

    # subjects by name, craft villages, channels grouped by kind, the saved channel chosen
    assert [label for _g, _v, label, _s in page["subject"]] == ["---------", "Cơ sở Tân Dương", "HTX cũ Tân Thành"]
    assert [o for o in page["subject"] if o[3]] == [(None, str(old_subject.pk), "HTX cũ Tân Thành", True)]
    assert page["craft_village"] == [
        (None, "", "— Không thuộc làng nghề —", False),
        (None, str(village.pk), "Làng nghề bánh phồng", True),
    ]
    expected_channels = [(None, "", "— Chọn kênh —")] + [
        (str(ChannelKind(c.kind).label), str(c.pk), c.name) for c in SalesChannel.objects.order_by("kind", "name")
    ]
    channel_selects = [name for name in page if name.startswith("channels-") and name.endswith("-channel")]
    assert len(channel_selects) == 4  # the saved row, two blank rows and the template of a new row
    for name in channel_selects:
        assert [option[:3] for option in page[name]] == expected_channels
    assert [o[1] for o in page["channels-0-channel"] if o[3]] == [str(channel("Tiki").pk)]
