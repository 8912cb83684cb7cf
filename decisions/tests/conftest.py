import pytest

from accounts.models import Role

from .factories import AuthorityFactory, product_in


@pytest.fixture
def office(area_tree, make_user):
    return make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"], email="vpdp@example.org")


@pytest.fixture
def province_authority(area_tree):
    return AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])


@pytest.fixture
def district_authorities(area_tree):
    return {
        key: AuthorityFactory(name=f"UBND huyện {key}", level="district", unit=area_tree[key], number_suffix="QĐ-UBND")
        for key in ("d1", "d2")
    }


@pytest.fixture
def products(area_tree):
    """Two products in commune c1 (district d1) and one in c2 (district d2)."""
    return {
        "a": product_in(area_tree["c1"], name="Hạt sen sấy Tháp Mười"),
        "b": product_in(area_tree["c1"], name="Xoài sấy dẻo Cao Lãnh"),
        "c": product_in(area_tree["c2"], name="Nem Lai Vung"),
    }
