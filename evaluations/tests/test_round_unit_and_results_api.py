"""Pending changes of issues #14 and #21 in evaluations: a round only on a unit in force on its opening day; the
results API lists the marks that decided the stars (the same as the results page)."""

import datetime

import pytest
from rest_framework.test import APIClient

from areas.models import AdministrativeUnit
from evaluations import services
from evaluations.models import EvaluationLevel
from evaluations.tests.conftest import accept, close, score

pytestmark = pytest.mark.django_db


def test_a_round_on_a_unit_no_longer_in_force_is_refused_naming_it(world):
    AdministrativeUnit.objects.filter(pk=world.province.pk).update(valid_to=datetime.date(2024, 2, 29))
    world.province.refresh_from_db()
    with pytest.raises(services.ValidationError) as refused:
        services.round_create(
            actor=world.office, year=2024, sequence=5, rule_set=world.rule_set, level=EvaluationLevel.PROVINCE,
            unit=world.province, opens_on=datetime.date(2024, 3, 1),
        )  # fmt: skip
    assert world.province.name in str(refused.value) and "không còn hiệu lực" in str(refused.value)


def test_the_results_api_lists_the_marks_and_how_the_council_meets_them(world):
    registration = accept(world)
    for member in world.scorers:
        score(world, registration, member, 40, 25, 9)  # C = 9 < the 3★ mark (10)
    close(world)
    api = APIClient()
    api.force_authenticate(world.office)
    response = api.get(f"/api/evaluation-rounds/{world.round.pk}/results/")
    assert response.status_code == 200, response.content
    row = response.json()[0]
    assert row["mark_reading"]
    mark = next(m for m in row["marks"] if m["stars"] == 3)
    assert mark["required"] == "10.00" and mark["awarded"] == "9.00" and mark["met"] is False
    assert len(mark["missed_by"]) == 3 and mark["on_criterion"] is False
