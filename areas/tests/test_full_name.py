"""A unit's full name ("Xã 1, Huyện 1, Tỉnh Đồng Tháp") costs one query for the whole path, then none while the
structure is unchanged (shared cache keyed by the structure's version); a rename shows on the next request."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import Role
from areas.tests.factories import merged_province

pytestmark = pytest.mark.django_db

# session, the user with its unit (greeting)
HOME_QUERIES = 2
# and the names along the unit's path, one query whatever its depth
HOME_COLD_CACHE_QUERIES = HOME_QUERIES + 1


def test_home_names_the_users_area_in_one_query_then_from_the_cache(
    client, make_user, area_tree, django_assert_num_queries
):
    client.force_login(make_user(role=Role.LOCAL_OFFICER, unit=area_tree["c1"]))
    cache.clear()
    with django_assert_num_queries(HOME_COLD_CACHE_QUERIES):
        page = client.get(reverse("home")).content.decode()
    assert "Địa bàn: Xã 1, Huyện 1, Tỉnh Đồng Tháp" in page
    with django_assert_num_queries(HOME_QUERIES):
        assert "Địa bàn: Xã 1, Huyện 1, Tỉnh Đồng Tháp" in client.get(reverse("home")).content.decode()


def test_a_renamed_or_moved_unit_is_named_anew(client, make_user, area_tree):
    client.force_login(make_user(role=Role.LOCAL_OFFICER, unit=area_tree["c1"]))
    assert "Địa bàn: Xã 1, Huyện 1, Tỉnh Đồng Tháp" in client.get(reverse("home")).content.decode()
    province = area_tree["province"]
    province.name = "Đồng Tháp mới"
    province.save()
    assert "Địa bàn: Xã 1, Huyện 1, Tỉnh Đồng Tháp mới" in client.get(reverse("home")).content.decode()
    commune = area_tree["c1"]
    commune.parent = area_tree["d2"]
    commune.save()
    assert "Địa bàn: Xã 1, Huyện 2, Tỉnh Đồng Tháp mới" in client.get(reverse("home")).content.decode()


def test_full_name_of_old_and_new_units():
    units = merged_province()
    assert units["old_commune"].full_name == "Xã Tân Thành, Tỉnh Đồng Tháp"
    assert units["new_commune"].full_name == "Xã Tân Dương, Tỉnh Đồng Tháp"
    assert units["new"].full_name == "Tỉnh Đồng Tháp"
