"""Decision numbers: a sequence per authority and year, unique in the database, race-free."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from decisions import services
from decisions.models import Decision, DecisionCounter

from .factories import AuthorityFactory, d, product_in, recognise


@pytest.mark.django_db
def test_numbers_follow_per_authority_and_year(office, province_authority, district_authorities, products):
    first = recognise(office, province_authority, d("2023-03-01"), (products["a"], 3))
    second = recognise(office, province_authority, d("2023-06-01"), (products["b"], 3))
    other = recognise(office, district_authorities["d1"], d("2023-06-02"), (products["c"], 3))
    next_year = recognise(office, province_authority, d("2024-01-02"), (products["c"], 4))
    assert (first.number, second.number, other.number, next_year.number) == (1, 2, 1, 1)
    assert first.number_display == "1/QĐ-UBND-HC"
    assert other.number_display == "1/QĐ-UBND"
    assert DecisionCounter.objects.get(authority=province_authority, year=2023).last_number == 2


@pytest.mark.django_db
def test_database_refuses_a_duplicate_number(office, province_authority, products):
    decision = recognise(office, province_authority, d("2023-03-01"), (products["a"], 3))
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            kind="recognition",
            authority=province_authority,
            unit=province_authority.unit,
            subject_line="x",
            status="issued",
            year=2023,
            number=decision.number,
            number_display="dup",
            date=d("2023-05-05"),
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_gets_different_numbers(area_tree, make_user):
    """Eight threads, each with its own database connection, issue drafts of the same authority at once."""
    office = make_user(role="coordination_office", unit=area_tree["province"])
    authority = AuthorityFactory(unit=area_tree["province"])
    drafts = []
    for i in range(8):
        draft = services.decision_draft_create(actor=office, kind="recognition", authority=authority)
        services.recognition_item_add(
            actor=office, decision=draft, product=product_in(area_tree["c1"], name=f"Sản phẩm {i}"), stars=3
        )
        drafts.append(draft)
    barrier = threading.Barrier(len(drafts))
    results, errors = [], []

    def issue(draft):
        try:
            barrier.wait(timeout=10)
            results.append(services.decision_issue(actor=office, decision=draft, date=d("2024-05-20")).number)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(results) == list(range(1, 9))
    assert sorted(Decision.objects.filter(authority=authority).values_list("number", flat=True)) == list(range(1, 9))
