"""Decision numbers: a sequence per authority and year, unique in the database, race-free."""

import threading

import pytest
from django.core.exceptions import ValidationError
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


def _draft(office, authority, product, **fields):
    draft = services.decision_draft_create(actor=office, kind="recognition", authority=authority, **fields)
    services.recognition_item_add(actor=office, decision=draft, product=product, stars=3)
    return draft


@pytest.mark.django_db
def test_issue_page_proposes_the_next_number_and_takes_the_one_typed(client, office, province_authority, products):
    from django.urls import reverse

    from accounts.tests.factories import PASSWORD

    recognise(office, province_authority, d("2024-03-01"), (products["a"], 3))
    draft = _draft(office, province_authority, products["b"], date=d("2024-06-03"))
    client.login(username=office.username, password=PASSWORD)
    url = reverse("decisions:issue", args=[draft.pk])
    page = client.get(url).content.decode()
    assert 'value="2/QĐ-UBND-HC"' in page
    client.post(url, {"number_display": "125/QĐ-UBND-HC", "date": "2024-06-03", "confirm": "on"})
    draft.refresh_from_db()
    assert (draft.status, draft.number, draft.number_display, draft.year) == ("issued", 125, "125/QĐ-UBND-HC", 2024)
    assert draft.recognitions.get().certificate_number.startswith("125-01/2024")
    # the register goes on after the highest number used
    assert services.next_decision_number(province_authority, 2024) == 126


@pytest.mark.django_db
def test_duplicate_or_malformed_typed_number_is_refused(client, office, province_authority, products):
    from django.urls import reverse

    from accounts.tests.factories import PASSWORD

    first = recognise(office, province_authority, d("2024-03-01"), (products["a"], 3))
    # a revocation numbered by the office: numbers are shared by every kind of decision of the authority
    revocation = services.decision_draft_create(actor=office, kind="revocation", authority=province_authority)
    services.revocation_item_add(
        actor=office, decision=revocation, recognition=first.recognitions.get(), ground="production_stopped"
    )
    services.decision_issue(actor=office, decision=revocation, date=d("2024-04-01"), number_display="7/QĐ-UBND-HC")
    draft = _draft(office, province_authority, products["b"], date=d("2024-06-03"))
    client.login(username=office.username, password=PASSWORD)
    url = reverse("decisions:issue", args=[draft.pk])
    for typed, message in [
        ("1/QĐ-UBND-HC", "Số 1 năm 2024 của UBND tỉnh Đồng Tháp đã được dùng cho quyết định khác."),
        ("7/QĐ-UBND-HC", "Số 7 năm 2024 của UBND tỉnh Đồng Tháp đã được dùng cho quyết định khác."),
        ("12-QĐ-UBND-HC", "Số quyết định phải có dạng «số/ký hiệu», vd. «12/QĐ-UBND-HC»."),
        ("12/QĐ-UBND", "Ký hiệu «QĐ-UBND» khác ký hiệu của UBND tỉnh Đồng Tháp («QĐ-UBND-HC»)."),
    ]:
        page = client.post(url, {"number_display": typed, "date": "2024-06-03", "confirm": "on"}, follow=True)
        assert message in page.content.decode(), typed
        draft.refresh_from_db()
        assert draft.status == "draft"
    # a gap (2..6) may be filled by the number the office typed; left empty, the register's next number (8)
    issued = services.decision_issue(actor=office, decision=draft, date=d("2024-06-03"), number_display="3/QĐ-UBND-HC")
    assert issued.number_display == "3/QĐ-UBND-HC"
    assert services.next_decision_number(province_authority, 2024) == 8
    # the same number in another year is free
    later = _draft(office, province_authority, products["c"])
    assert services.decision_issue(actor=office, decision=later, date=d("2025-01-03")).number == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_of_one_typed_number_gives_it_once(area_tree, make_user):
    """Four threads issue four drafts with the same typed number at once: one wins, the others are refused."""
    office = make_user(role="coordination_office", unit=area_tree["province"])
    authority = AuthorityFactory(unit=area_tree["province"])
    drafts = [_draft(office, authority, product_in(area_tree["c1"], name=f"Sản phẩm {i}")) for i in range(4)]
    barrier = threading.Barrier(len(drafts))
    results, errors = [], []

    def issue(draft):
        try:
            barrier.wait(timeout=10)
            decision = services.decision_issue(
                actor=office, decision=draft, date=d("2024-05-20"), number_display="15/QĐ-UBND-HC"
            )
            results.append(decision.number)
        except ValidationError as exc:
            errors.append(exc)
        except Exception as exc:  # anything else (IntegrityError, deadlock) fails the test below
            errors.append(("unexpected", exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == [15]
    assert len(errors) == 3 and all(isinstance(e, ValidationError) for e in errors), errors
    assert list(Decision.objects.filter(authority=authority, status="issued").values_list("number", flat=True)) == [15]


@pytest.mark.django_db
def test_register_page_shows_numbers_used_of_every_kind_and_the_gaps(client, office, province_authority, products):
    from django.urls import reverse

    from accounts.tests.factories import PASSWORD

    first = recognise(office, province_authority, d("2024-03-01"), (products["a"], 3))
    draft = _draft(office, province_authority, products["b"])
    services.decision_issue(actor=office, decision=draft, date=d("2024-05-02"), number_display="4/QĐ-UBND-HC")
    revocation = services.decision_draft_create(actor=office, kind="revocation", authority=province_authority)
    services.revocation_item_add(
        actor=office, decision=revocation, recognition=first.recognitions.get(), ground="production_stopped"
    )
    services.decision_issue(actor=office, decision=revocation, date=d("2024-06-01"))
    client.login(username=office.username, password=PASSWORD)
    page = client.get(
        reverse("decisions:register"), {"authority": province_authority.pk, "year": 2024}
    ).content.decode()
    register = page.split('id="register"')[1]
    assert "1/QĐ-UBND-HC" in register and "4/QĐ-UBND-HC" in register and "5/QĐ-UBND-HC" in register
    assert "Thu hồi" in register and "Công nhận" in register
    assert register.count("Chưa dùng (số trống)") == 2
    assert "Số còn trống: 2, 3." in page
    assert "Số tiếp theo được đề xuất khi ban hành: 6." in page


@pytest.mark.django_db
def test_proposed_number_left_unchanged_follows_the_year_of_the_date_chosen(
    client, office, province_authority, products
):
    from django.urls import reverse

    from accounts.tests.factories import PASSWORD

    recognise(office, province_authority, d("2024-03-01"), (products["a"], 3))
    recognise(office, province_authority, d("2024-03-02"), (products["c"], 3))
    draft = _draft(office, province_authority, products["b"], date=d("2024-06-03"))
    client.login(username=office.username, password=PASSWORD)
    url = reverse("decisions:issue", args=[draft.pk])
    assert 'value="3/QĐ-UBND-HC"' in client.get(url).content.decode()
    client.post(url, {"number_display": "3/QĐ-UBND-HC", "date": "2025-01-06", "confirm": "on"})
    draft.refresh_from_db()
    assert (draft.status, draft.year, draft.number_display) == ("issued", 2025, "1/QĐ-UBND-HC")
