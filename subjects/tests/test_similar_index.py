"""The "possibly the same producer" lookup (subjects.selectors.similar_subjects) reads the code indexes instead of
every subject (issue #20: it ran on every subject page and save, 6 ms of PostgreSQL for 20.000 subjects)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from accounts.tests.factories import UserFactory
from subjects.selectors import similar_subjects
from subjects.tests.factories import SubjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_code_lookup_uses_the_expression_indexes(area_tree):
    SubjectFactory.create_batch(30, unit=area_tree["c1"])
    twin = SubjectFactory(unit=area_tree["c1"], registration_number="1400-999999", tax_code="")
    subject = SubjectFactory(unit=area_tree["c1"], registration_number="", tax_code="1400999999")
    office = UserFactory(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    with CaptureQueriesContext(connection) as captured:
        warnings = similar_subjects(user=office, subject=subject)
    assert len(warnings) == 1 and twin.name in warnings[0]
    lookup = next(q["sql"] for q in captured.captured_queries if "REPLACE" in q["sql"].upper())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a small table: make the planner show what it can use
        cursor.execute("EXPLAIN " + lookup)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "subject_reg_plain_idx" in plan
    assert "subject_tax_plain_idx" in plan
