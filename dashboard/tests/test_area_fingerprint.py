"""Each area's dashboard is recomputed only when data behind its own figures changed (issue #20): an edit in one
district leaves the other districts' fingerprints, and their snapshots, alone; an edit, a new product or a product
moved out of the area changes that area's."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from dashboard import selectors, services
from dashboard.models import DashboardSnapshot
from products import services as product_services
from products.models import Product

pytestmark = pytest.mark.django_db


def _product(unit, office, authority, day):
    from decisions.tests.factories import product_in, recognise

    product = product_in(unit)
    recognise(office, authority, day, (product, 4))
    return Product.objects.get(pk=product.pk)


def _refresh():
    return services.snapshots_refresh_recent()


def test_an_edit_recomputes_the_areas_it_belongs_to_and_no_other(area_tree, make_user, settings):
    from decisions.tests.factories import AuthorityFactory

    settings.DASHBOARD_FRESH_SECONDS = 60
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    authority = AuthorityFactory(unit=area_tree["province"])
    day = timezone.localdate() - datetime.timedelta(days=5)
    in_d1 = _product(area_tree["c1"], office, authority, day)
    _product(area_tree["c2"], office, authority, day)
    period = selectors.dashboard_period(timezone.localdate().year)
    for key in ("d1", "d2", "province"):
        services.snapshot_refresh(area=area_tree[key], period=period, viewed=True)
    before = {key: selectors.data_version(area_tree[key]) for key in ("d1", "d2", "province")}
    assert _refresh() == {"confirmed": 3, "recomputed": 0}

    # A product of district 1 corrected: district 1 and the province recompute, district 2 is only confirmed.
    product_services.product_update(actor=office, product=in_d1, data={"description": "Mô tả mới"})
    after = {key: selectors.data_version(area_tree[key]) for key in ("d1", "d2", "province")}
    assert after["d2"] == before["d2"]
    assert after["d1"] != before["d1"] and after["province"] != before["province"]
    assert _refresh() == {"confirmed": 1, "recomputed": 2}

    # Moved to district 2: both districts change (one loses it, the other gains it).
    product_services.product_update(
        actor=office, product=Product.objects.get(pk=in_d1.pk), data={"unit": area_tree["c2"]}
    )
    moved = {key: selectors.data_version(area_tree[key]) for key in ("d1", "d2")}
    assert moved["d1"] != after["d1"] and moved["d2"] != after["d2"]
    assert _refresh() == {"confirmed": 0, "recomputed": 3}
    d1 = DashboardSnapshot.objects.get(area=area_tree["d1"], year=period.year).data
    d2 = DashboardSnapshot.objects.get(area=area_tree["d2"], year=period.year).data
    assert (d1["figures"]["valid"]["products"], d2["figures"]["valid"]["products"]) == (0, 2)


def test_a_change_outside_every_area_table_still_reaches_every_area(area_tree, make_user, settings):
    """Decisions, units, classes, rounds and plans are read as whole tables: an issued decision anywhere changes
    every area's fingerprint."""
    from decisions.tests.factories import AuthorityFactory

    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    authority = AuthorityFactory(unit=area_tree["province"])
    day = timezone.localdate() - datetime.timedelta(days=5)
    before = selectors.data_version(area_tree["d2"])
    _product(area_tree["c1"], office, authority, day)
    assert selectors.data_version(area_tree["d2"]) != before
    assert selectors.data_version(area_tree["country"]) == selectors.data_version()
