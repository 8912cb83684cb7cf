"""The list page and the API list run a fixed number of SQL queries whatever the number of rows."""

import pytest
from django.urls import reverse

from accounts.models import Role
from products.tests.factories import ProductFactory
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db

# session, the user with its unit, the unit's predecessors (scope paths), the unit choices of the area filter, count, the
# page's keys, its rows (``ocop_portal.pagination``)
PAGE_QUERIES = 7
# the user's scope paths, count, the page's keys, its rows (forced authentication: no session; the user's unit is
# already loaded)
API_QUERIES = 4


def _subjects(tree, rows):
    subjects = [SubjectFactory(unit=tree["c1" if i % 2 else "d1"]) for i in range(rows)]
    for subject in subjects[:3]:
        ProductFactory(subject=subject)
    return subjects


@pytest.mark.parametrize("rows", [1, 30])
def test_list_page_query_count_does_not_grow_with_rows(client, make_user, area_tree, django_assert_num_queries, rows):
    _subjects(area_tree, rows)
    client.force_login(make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d1"]))
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(reverse("subjects:list"), {"sort": "-products"})
    assert len(response.context["subjects"]) == min(rows, 25)


@pytest.mark.parametrize("rows", [1, 30])
def test_api_list_query_count_does_not_grow_with_rows(api, area_tree, django_assert_num_queries, rows):
    _subjects(area_tree, rows)
    client = api(Role.LOCAL_OFFICER)
    with django_assert_num_queries(API_QUERIES):
        response = client.get("/api/subjects/")
    assert response.json()["count"] == rows
