"""The demo accounts on the official units (issue #14 item 1): every account logs in with the demo password, the
local officers sit on the real old district Lai Vung and the real new commune Tân Hồng."""

import pytest

from areas.models import LAST_OLD_DAY, REFORM_DAY
from devdata.demo import accounts as accounts_demo
from devdata.demo import areas as areas_demo

pytestmark = pytest.mark.django_db


def test_every_demo_account_logs_in_on_its_official_unit(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    areas_demo.load()
    users = {user.username: user for user in accounts_demo.load()}
    assert list(users) == [row[0] for row in accounts_demo.DEMO_ACCOUNTS]
    for username in users:
        assert client.login(username=username, password=accounts_demo.DEMO_PASSWORD), username
        client.logout()
    lai_vung, tan_hong = users["canbo.laivung"].unit, users["canbo.xatanhong"].unit
    assert (lai_vung.full_name, lai_vung.valid_to) == ("Huyện Lai Vung, Tỉnh Đồng Tháp", LAST_OLD_DAY)
    assert (tan_hong.full_name, tan_hong.valid_from) == ("Xã Tân Hồng, Tỉnh Đồng Tháp", REFORM_DAY)
    assert {p.name for p in tan_hong.predecessors.all()} == {"Sa Rài", "Bình Phú", "Tân Công Chí"}
    office = users["vpdp.dongthap"].unit
    assert (office.code, office.valid_from, office.display_name) == ("82", REFORM_DAY, "Tỉnh Đồng Tháp")
    # Loading again changes nothing.
    assert [u.pk for u in accounts_demo.load()] == [u.pk for u in users.values()]
