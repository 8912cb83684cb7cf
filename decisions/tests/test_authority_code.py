"""Authority.code (#19): a stable, unique key for files; existing authorities got one from the data migration."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError

from areas.models import LAST_OLD_DAY, REFORM_DAY
from areas.tests.factories import UnitFactory
from decisions.models import Authority

from .factories import AuthorityFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("decisions.migrations.0004_authority_code")


def test_the_data_migration_gives_every_authority_a_unique_code():
    old_tg = UnitFactory(code="82", name="Tiền Giang", valid_to=LAST_OLD_DAY)
    new_dt = UnitFactory(code="82", name="Đồng Tháp", valid_from=REFORM_DAY)
    district = UnitFactory(code="876", name="Lai Vung", level="district", parent=old_tg)
    rows = [
        AuthorityFactory(name="UBND tỉnh Tiền Giang", unit=old_tg),
        AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=new_dt),
        AuthorityFactory(name="Sở Nông nghiệp và Môi trường", unit=new_dt),
        AuthorityFactory(name="UBND huyện Lai Vung", level="district", unit=district),
    ]
    Authority.objects.update(code=None)  # as before the migration
    migration.give_codes(apps, None)
    codes = [Authority.objects.get(pk=row.pk).code for row in rows]
    assert codes == ["province-82", "province-82-2025", "province-82-2025-2", "district-876"]


def test_codes_are_unique():
    AuthorityFactory(code="province-87")
    with pytest.raises(IntegrityError):
        AuthorityFactory(code="province-87")
