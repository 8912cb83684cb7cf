"""Issue #12 (evaluations): scoped recusal choices and counts, "decided" only by issuing a decision, no GET writes,
clean 4xx answers for bad ids and duplicate registrations (also two at once on PostgreSQL)."""

import threading

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role
from audit.models import AuditEntry
from evaluations import selectors, services
from evaluations.models import Registration, RegistrationStatus, Round, ScoreSheet
from evaluations.tests.conftest import accept
from evaluations.tests.factories import ApprovedRegistrationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


# --- finding 4: what another area holds is neither listed nor counted --------------------------------------------


def test_recusal_form_offers_only_subjects_of_the_user_s_area(world, make_user, client):
    member_d1 = make_user(Role.COUNCIL_MEMBER, world.tree["d1"])
    services.council_set(
        actor=world.office,
        round_=world.round,
        chair=world.chair,
        secretary=world.secretary,
        members=[world.member_a, world.member_b, member_d1],
    )
    RegistrationFactory(round=world.round, product=world.product)
    RegistrationFactory(round=world.round, product=world.product_2)
    url = reverse("evaluations:recusal_create", args=[world.round.pk])

    client.force_login(member_d1)
    page = client.get(url)
    assert page.status_code == 200
    assert list(page.context["form"].fields["subject"].queryset) == [world.subject]
    assert world.product_2.subject.name not in page.content.decode()
    # Another area's subject cannot be posted either.
    response = client.post(url, {"member": member_d1.pk, "subject": world.product_2.subject.pk, "reason": "Người thân"})
    assert response.status_code == 200 and not world.round.recusals.exists()

    client.force_login(world.secretary)  # the secretary of the provincial round sees the whole province
    choices = set(client.get(url).context["form"].fields["subject"].queryset)
    assert choices == {world.subject, world.product_2.subject}

    client.force_login(world.officer_d2)  # a district officer has no seat: no form, no names
    response = client.get(url)
    assert response.status_code == 403
    assert world.subject.name not in response.content.decode()


def test_round_registration_counts_count_only_what_the_user_may_see(world, client):
    RegistrationFactory(round=world.round, product=world.product)
    RegistrationFactory(round=world.round, product=world.product_2)
    for user, expected in ((world.officer, 1), (world.officer_d2, 1), (world.office, 2)):
        client.force_login(user)
        rounds = {r.pk: r for r in client.get(reverse("evaluations:index")).context["rounds"]}
        assert rounds[world.round.pk].registration_count == expected, user
        rows = {row["id"]: row for row in api_for(user).get("/api/evaluation-rounds/").json()["results"]}
        assert rows[world.round.pk]["registration_count"] == expected, user
        detail = api_for(user).get(f"/api/evaluation-rounds/{world.round.pk}/").json()
        assert detail["registration_count"] == expected, user


# --- finding 5: "decided" is made only by issuing a decision -------------------------------------------------------


def test_decided_is_refused_on_the_page_and_in_the_api_but_made_by_the_decision(world, client):
    registration = ApprovedRegistrationFactory(round=world.round, product=world.product)
    url = reverse("evaluations:registration_transition", args=[registration.pk, S.DECIDED])
    client.force_login(world.office)

    response = client.get(url, follow=True)
    assert "khi VPĐP ban hành quyết định" in response.content.decode()
    response = client.post(url, {"reason": ""}, follow=True)
    assert response.status_code == 200 and "khi VPĐP ban hành quyết định" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == S.APPROVED

    response = api_for(world.office).post(
        f"/api/registrations/{registration.pk}/transition/", {"to_status": "decided"}, format="json"
    )
    assert response.status_code == 400
    assert "khi VPĐP ban hành quyết định" in response.json()["to_status"][0]
    registration.refresh_from_db()
    assert registration.status == S.APPROVED
    assert list(selectors.approved_registrations(world.office)) == [registration]  # still in the decisions' pool

    with pytest.raises(services.TransitionError):
        services.registration_transition(registration=registration, to_status=S.DECIDED, actor=world.office)

    # Issuing a decision (the decisions service calls this) still moves it.
    services.registration_mark_decided(registration=registration, actor=world.office)
    registration.refresh_from_db()
    assert registration.status == S.DECIDED
    detail = client.get(reverse("evaluations:registration_detail", args=[registration.pk])).content.decode()
    assert "/move/decided/" not in detail


# --- finding 11: a GET writes nothing ------------------------------------------------------------------------------


def test_opening_a_score_sheet_writes_nothing_and_the_first_save_creates_it(world, client):
    registration = accept(world)
    entries = AuditEntry.objects.count()
    client.force_login(world.member_a)
    url = reverse("evaluations:my_sheet", args=[registration.pk])
    page = client.get(url)
    assert page.status_code == 200 and "a) Tiêu chí A" in page.content.decode()
    client.get(url)
    assert not ScoreSheet.objects.filter(registration=registration).exists()
    assert AuditEntry.objects.count() == entries

    option = world.criteria["A"].options.get(points=30)
    client.post(url, {f"criterion-{world.criteria['A'].pk}": option.pk, "save": "1"})
    sheet = ScoreSheet.objects.get(registration=registration, member=world.member_a)
    assert list(sheet.lines.values_list("option", flat=True)) == [option.pk]
    client.post(url, {f"criterion-{world.criteria['A'].pk}": option.pk, "save": "1"})
    assert ScoreSheet.objects.filter(registration=registration).count() == 1

    client.force_login(world.secretary)  # the secretary does not score: refused, still nothing written
    response = client.get(url, follow=True)
    assert "không phải thành viên chấm điểm" in response.content.decode()
    assert ScoreSheet.objects.filter(registration=registration).count() == 1


# --- finding 10: bad ids and duplicates are 4xx with a clear message -----------------------------------------------


@pytest.mark.parametrize("pk", ["abc", "%20"])
def test_a_non_integer_id_is_a_404_not_a_500(world, pk):
    api = api_for(world.office)
    assert api.post(f"/api/registrations/{pk}/transition/", {"to_status": "submitted"}).status_code == 404
    assert api.get(f"/api/registrations/{pk}/").status_code == 404
    assert api.get(f"/api/evaluation-rounds/{pk}/").status_code == 404


def test_a_duplicate_registration_is_a_400_with_a_clear_message(world, client):
    data = {"round": world.round.pk, "product": world.product.pk, "kind": "new"}
    api = api_for(world.officer)
    assert api.post("/api/registrations/", data, format="json").status_code == 201
    response = api.post("/api/registrations/", data, format="json")
    assert response.status_code == 400
    assert "đã được đăng ký trong đợt này" in str(response.json())

    client.force_login(world.officer)
    response = client.post(reverse("evaluations:registration_create", args=[world.round.pk]), data)
    assert response.status_code == 200 and "đã được đăng ký trong đợt này" in response.content.decode()
    assert Registration.objects.filter(round=world.round, product=world.product).count() == 1


def test_the_service_turns_a_lost_race_into_the_duplicate_message(world, monkeypatch):
    """Both requests passed the "already registered?" check: the unique constraint decides, the loser gets a 400."""
    services.registration_create(actor=world.officer, round_=world.round, product=world.product, kind="new")
    real_filter = Registration.objects.filter
    calls = []

    def first_check_misses(*args, **kwargs):
        qs = real_filter(*args, **kwargs)
        calls.append(1)
        return qs.none() if len(calls) == 1 else qs

    monkeypatch.setattr(Registration.objects, "filter", first_check_misses)
    response = api_for(world.officer).post(
        "/api/registrations/", {"round": world.round.pk, "product": world.product.pk, "kind": "new"}, format="json"
    )
    assert response.status_code == 400 and "đã được đăng ký trong đợt này" in str(response.json())
    monkeypatch.undo()
    assert Registration.objects.filter(round=world.round, product=world.product).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_identical_registrations_at_once_make_one_row_and_no_500(world):
    data = {"round": world.round.pk, "product": world.product.pk, "kind": "new"}
    barrier = threading.Barrier(2)
    answers = []

    def post():
        try:
            api = APIClient(raise_request_exception=False)
            api.force_authenticate(world.officer)
            barrier.wait()
            answers.append(api.post("/api/registrations/", data, format="json"))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [201, 400], [a.content for a in answers]
    loser = next(a for a in answers if a.status_code == 400)
    assert "đã được đăng ký trong đợt này" in str(loser.json())
    assert Registration.objects.filter(round=world.round, product=world.product).count() == 1


def _writes(queries):
    ignored = ("django_session", "axes_")
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and not any(name in q["sql"] for name in ignored)
    ]


def test_no_evaluation_page_writes_on_get(world, client):
    """Every GET page of the evaluations app, for each role that uses it, writes no row."""
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    from evaluations.tests.conftest import close, score

    registration = accept(world, start=False)
    other = accept(world, world.product_2)  # starts scoring; nobody opens its sheet
    sheet = score(world, registration, world.chair, 30, 20, 25)
    score(world, registration, world.member_b, 30, 20, 25)
    client.force_login(world.member_a)  # while scoring: opening an unopened sheet
    with CaptureQueriesContext(db) as queries:
        assert client.get(reverse("evaluations:my_sheet", args=[other.pk])).status_code == 200
    assert _writes(queries.captured_queries) == []
    # This test is about GET pages, not the quorum: the round's rule lets scoring close with the other product's
    # sheets unopened (tests/test_quorum.py covers the quorum).
    Round.objects.filter(pk=world.round.pk).update(quorum_numerator=0, quorum_requires_chair=False)
    world.round.refresh_from_db()
    close(world)
    pages = [
        ("evaluations:index", []),
        ("evaluations:round_create", []),
        ("evaluations:round_detail", [world.round.pk]),
        ("evaluations:council", [world.round.pk]),
        ("evaluations:round_start", [world.round.pk]),
        ("evaluations:round_close", [world.round.pk]),
        ("evaluations:recusal_create", [world.round.pk]),
        ("evaluations:registration_create", [world.round.pk]),
        ("evaluations:round_results", [world.round.pk]),
        ("evaluations:round_minutes", [world.round.pk]),
        ("evaluations:registration_detail", [registration.pk]),
        ("evaluations:registration_delete", [registration.pk]),
        ("evaluations:registration_transition", [registration.pk, "scored"]),
        ("evaluations:registration_transition", [registration.pk, "decided"]),
        ("evaluations:my_sheet", [registration.pk]),
        ("evaluations:my_sheet", [other.pk]),
        ("evaluations:sheet_detail", [sheet.pk]),
        ("evaluations:sheet_reopen", [sheet.pk]),
    ]
    for user in (world.office, world.secretary, world.chair, world.member_a, world.officer):
        client.force_login(user)
        for name, args in pages:
            with CaptureQueriesContext(db) as queries:
                client.get(reverse(name, args=args))
            assert _writes(queries.captured_queries) == [], (user, name, args)
    assert ScoreSheet.objects.filter(registration=other).count() == 0
