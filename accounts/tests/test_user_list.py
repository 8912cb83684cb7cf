"""The user list (``/accounts/users/``) on the list layer: administrators of an area see the accounts of that area,
filter, sort and export them with the page's columns, in a fixed number of queries."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role

pytestmark = pytest.mark.django_db
URL = reverse("accounts:user_list")


@pytest.fixture
def admin(make_user, area_tree):
    return make_user(role=Role.ADMINISTRATOR, unit=area_tree["province"], username="quantri.tinh")


@pytest.fixture
def people(make_user, area_tree):
    return {
        "officer": make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d1"], username="canbo.huyen1", full_name="Lê Văn A"),
        "office": make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"], username="vpdp.tinh"),
        "inactive": make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d2"], username="canbo.nghi", is_active=False),
        "elsewhere": make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["other_province"], username="vpdp.khac"),
    }  # fmt: skip


def usernames(response):
    assert response.status_code == 200
    return {user.username for user in response.context["object_list"]}


def test_administrator_sees_the_accounts_of_the_area_only(client, admin, people):
    client.force_login(admin)
    seen = usernames(client.get(URL))
    assert {"quantri.tinh", "canbo.huyen1", "vpdp.tinh", "canbo.nghi"} <= seen
    assert "vpdp.khac" not in seen  # another province's account


@pytest.mark.parametrize("role", [Role.LOCAL_OFFICER, Role.COORDINATION_OFFICE, Role.LEADERSHIP])
def test_other_roles_are_refused(client, make_user, area_tree, role):
    client.force_login(make_user(role=role, unit=area_tree["province"]))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "huyen1"}, {"canbo.huyen1"}),
        ({"q": "Lê Văn"}, {"canbo.huyen1"}),
        ({"role": Role.COORDINATION_OFFICE}, {"vpdp.tinh"}),
        ({"is_active": "false"}, {"canbo.nghi"}),
    ],
)
def test_filters(client, admin, people, query, expected):
    client.force_login(admin)
    assert usernames(client.get(URL, query)) == expected


def test_area_filter_takes_a_district(client, admin, people, area_tree):
    client.force_login(admin)
    assert usernames(client.get(URL, {"unit": area_tree["d1"].pk})) == {"canbo.huyen1"}


def test_export_has_the_page_columns_and_the_filtered_rows(client, admin, people):
    client.force_login(admin)
    page = client.get(URL, {"role": Role.LOCAL_OFFICER, "sort": "username"})
    labels = page.context["table"].labels()
    thead = re.findall(r"<thead>(.*?)</thead>", page.content.decode(), re.S)[-1]
    header = [
        " ".join(re.sub(r"<[^>]+>|[▲▼]", "", cell).split()) for cell in re.findall(r"<th[^>]*>(.*?)</th>", thead, re.S)
    ]
    assert header == labels
    response = client.get(URL, {"role": Role.LOCAL_OFFICER, "sort": "username", "export": "csv"})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == labels
    assert [row[0] for row in rows[1:]] == ["canbo.huyen1", "canbo.nghi"]
    assert "Không" in rows[2]  # the inactive account reads "Không" under "Hoạt động"


def test_sort_by_every_column_key(client, admin, people):
    client.force_login(admin)
    for key in page_keys(client):
        for requested in (key, f"-{key}"):
            assert client.get(URL, {"sort": requested}).status_code == 200


def page_keys(client):
    return list(client.get(URL).context["table"].ordering())


def test_query_count_does_not_grow_with_accounts(client, admin, make_user, area_tree):
    client.force_login(admin)

    def count():
        client.get(URL)  # warm-up: the user's scope paths are cached by the first request
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        return len(response.context["object_list"]), len(queries)

    rows_before, queries_before = count()
    for index in range(6):
        make_user(role=Role.LOCAL_OFFICER, unit=area_tree[f"c{index % 3 + 1}"])
    rows_after, queries_after = count()
    assert rows_after == rows_before + 6
    assert queries_after == queries_before <= 12
