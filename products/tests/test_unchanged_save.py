"""A product sent back unchanged writes nothing (issue #20): no row rewritten, so the dashboards' data fingerprint
and the public catalogue see no change, no version taken, no audit entry; a real change still writes all of it."""

import pytest

from accounts.models import Role
from audit.models import AuditEntry
from dashboard.selectors import data_version
from products import services
from products.models import Product
from products.tests.factories import ProductFactory

from .helpers import channel

pytestmark = pytest.mark.django_db


def _same(product):
    data = {field: getattr(product, field) for field in services.PRODUCT_FIELDS}
    certifications = [
        {"id": c.pk, **{f: getattr(c, f) for f in services.CERTIFICATION_FIELDS}} for c in product.certifications.all()
    ]
    channels = [{"id": link.pk, "channel": link.channel, "detail": link.detail} for link in product.channel_links.all()]
    return data, certifications, channels


def test_unchanged_product_with_rows_writes_nothing_then_a_change_writes(make_user, area_tree, subject_d1):
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    product = ProductFactory(subject=subject_d1, name="Hạt sen sấy Tháp Mười")
    product = services.product_update(
        actor=office,
        product=product,
        data={"description": "Hạt sen sấy giòn"},
        certifications=[
            {"kind": "vietgap", "number": "VG-01", "issuer": "Sở NN", "issued_on": None, "expires_on": None}
        ],
        channels=[{"channel": channel("Tiki"), "detail": "tiki.vn"}],
    )
    stored = Product.objects.get(pk=product.pk)
    version, fingerprint, audits = stored.version, data_version(), AuditEntry.objects.count()

    data, certifications, channels = _same(stored)
    services.product_update(
        actor=office,
        product=stored,
        data=data,
        certifications=certifications,
        channels=channels,
        expected_version=version,
    )

    again = Product.objects.get(pk=product.pk)
    assert again.updated_at == stored.updated_at
    assert again.version == version
    assert AuditEntry.objects.count() == audits
    assert data_version() == fingerprint

    data["description"] = "Hạt sen sấy giòn, không đường"
    services.product_update(
        actor=office,
        product=again,
        data=data,
        certifications=certifications,
        channels=channels,
        expected_version=version,
    )
    changed = Product.objects.get(pk=product.pk)
    assert changed.version == version + 1 and changed.updated_at > stored.updated_at
    assert AuditEntry.objects.count() == audits + 1
    assert data_version() != fingerprint
