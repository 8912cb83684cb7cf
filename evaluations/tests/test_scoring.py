"""Score sheets: recusal, privacy before closing (pages and API), saving as one goes, results after closing."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from evaluations import services
from evaluations.models import Recusal, ScoreLine, ScoreSheet, SheetStatus
from evaluations.tests.conftest import accept, close, option, score

pytestmark = pytest.mark.django_db


def client_for(client, user):
    client.force_login(user)
    return client


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_a_recused_member_cannot_open_the_sheet(world, client):
    registration = accept(world)
    services.recusal_declare(
        actor=world.secretary, round_=world.round, member=world.member_a, subject=world.subject, reason="Em ruột"
    )
    with pytest.raises(services.ScoringError, match="miễn chấm"):
        services.sheet_open(actor=world.member_a, registration=registration)
    response = client_for(client, world.member_a).get(
        reverse("evaluations:my_sheet", args=[registration.pk]), follow=True
    )
    assert "miễn chấm" in response.content.decode()
    assert not ScoreSheet.objects.filter(member=world.member_a).exists()
    api = api_for(world.member_a)
    assert api.post("/api/my-score-sheets/", {"registration": registration.pk}).status_code == 409
    # The other product (another subject) can still be scored, and progress expects one sheet fewer.
    from evaluations.selectors import round_progress

    assert round_progress(world.round, [registration])[registration.pk][:2] == (0, 2)


def test_recusal_declared_late_removes_the_draft_sheet(world):
    registration = accept(world)
    score(world, registration, world.member_a, 10, 10, 10, submit=False)
    services.recusal_declare(
        actor=world.member_a, round_=world.round, member=world.member_a, subject=world.subject, reason="Góp vốn"
    )
    assert not ScoreSheet.objects.filter(member=world.member_a).exists()
    assert Recusal.objects.filter(member=world.member_a, declared_by=world.member_a).exists()


def test_sheets_are_private_before_closing_in_pages_and_api(world, client):
    registration = accept(world)
    sheet_a = score(world, registration, world.member_a, 30, 20, 25)
    # Member B: no page, no API access to A's sheet; B's own list holds only B's sheets.
    client_for(client, world.member_b)
    assert client.get(reverse("evaluations:sheet_detail", args=[sheet_a.pk])).status_code == 404
    assert client.get(reverse("evaluations:round_results", args=[world.round.pk])).status_code == 403
    api = api_for(world.member_b)
    assert api.get(f"/api/my-score-sheets/{sheet_a.pk}/").status_code == 404
    assert api.get(f"/api/my-score-sheets/{sheet_a.pk}/lines/").status_code == 404
    assert api.get("/api/my-score-sheets/").json()["results"] == []
    assert api.get(f"/api/evaluation-rounds/{world.round.pk}/results/").status_code == 403
    # The secretary sees who has submitted, never the points.
    client_for(client, world.secretary)
    page = client.get(reverse("evaluations:round_detail", args=[world.round.pk])).content.decode()
    assert "1/3" in page
    # Neither A's total (75) nor its points appear as a score: ids in URLs may contain the digits, scores never.
    assert "75,00" not in page and "75.00" not in page and ">75<" not in page
    assert client.get(reverse("evaluations:sheet_detail", args=[sheet_a.pk])).status_code == 404
    assert api_for(world.secretary).get(f"/api/evaluation-rounds/{world.round.pk}/results/").status_code == 403
    # The office neither.
    assert api_for(world.office).get(f"/api/evaluation-rounds/{world.round.pk}/results/").status_code == 403
    # A sees their own sheet.
    client_for(client, world.member_a)
    assert client.get(reverse("evaluations:sheet_detail", args=[sheet_a.pk])).status_code == 200
    own = api_for(world.member_a).get(f"/api/my-score-sheets/{sheet_a.pk}/lines/").json()
    assert own["total"] == "75.00" and len(own["lines"]) == 3


def test_after_closing_the_council_and_office_see_everything(world, client):
    registration = accept(world)
    sheets = [
        score(world, registration, world.chair, 30, 20, 20),
        score(world, registration, world.member_a, 30, 20, 21),
        score(world, registration, world.member_b, 35, 25, 21),
    ]
    close(world)
    client_for(client, world.member_b)
    assert client.get(reverse("evaluations:sheet_detail", args=[sheets[0].pk])).status_code == 200
    page = client.get(reverse("evaluations:round_results", args=[world.round.pk])).content.decode()
    assert "quá 10 điểm" in page
    data = api_for(world.office).get(f"/api/evaluation-rounds/{world.round.pk}/results/").json()
    assert data[0]["score"] == "74.00" and data[0]["spread_flagged"] is True and data[0]["spread"] == "11.00"
    assert sorted(m["total"] for m in data[0]["members"]) == ["70.00", "71.00", "81.00"]
    # Someone outside the council and the office still sees nothing.
    assert api_for(world.officer).get(f"/api/evaluation-rounds/{world.round.pk}/results/").status_code == 403


def test_member_scores_in_the_browser_with_htmx_and_submits(world, client):
    registration = accept(world)
    client_for(client, world.member_a)
    page = client.get(reverse("evaluations:my_sheet", args=[registration.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "a) Tiêu chí A" in body and "bắt buộc 3★" in body and 'hx-post="' in body
    # Opening the page wrote nothing; the first choice (a POST) creates the sheet.
    assert not ScoreSheet.objects.filter(member=world.member_a, registration=registration).exists()
    first = client.post(
        reverse("evaluations:my_sheet", args=[registration.pk]),
        {"option": option(world, "A", 33).pk},
        HTTP_HX_REQUEST="true",
    )
    assert first.status_code == 200 and 'id="sheet-totals"' in first.content.decode()
    assert "33" in first.content.decode()
    sheet = ScoreSheet.objects.get(member=world.member_a, registration=registration)
    assert (
        f'hx-post="{reverse("evaluations:sheet_choose", args=[sheet.pk])}"'
        in client.get(reverse("evaluations:my_sheet", args=[registration.pk])).content.decode()
    )
    url = reverse("evaluations:sheet_choose", args=[sheet.pk])
    client.post(url, {"option": option(world, "A", 35).pk}, HTTP_HX_REQUEST="true")
    assert ScoreLine.objects.filter(sheet=sheet).count() == 1  # one row per criterion, updated in place
    # Submitting an incomplete sheet is refused with a clear message.
    response = client.post(reverse("evaluations:sheet_submit", args=[sheet.pk]), follow=True)
    assert "chưa chọn mức" in response.content.decode()
    client.post(url, {"option": option(world, "B", 20).pk}, HTTP_HX_REQUEST="true")
    client.post(url, {"option": option(world, "C", 25).pk}, HTTP_HX_REQUEST="true")
    client.post(reverse("evaluations:sheet_submit", args=[sheet.pk]))
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    # Once submitted it cannot be changed any more.
    response = client.post(url, {"option": option(world, "C", 5).pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert ScoreLine.objects.get(sheet=sheet, criterion=world.criteria["C"]).option.points == 25


def test_member_b_cannot_write_into_member_a_sheet(world, client):
    registration = accept(world)
    sheet_a = services.sheet_open(actor=world.member_a, registration=registration)
    client_for(client, world.member_b)
    url = reverse("evaluations:sheet_choose", args=[sheet_a.pk])
    assert client.post(url, {"option": option(world, "A", 1).pk}).status_code == 404
    api = api_for(world.member_b)
    payload = {"lines": [{"option": option(world, "A", 1).pk}]}
    assert api.put(f"/api/my-score-sheets/{sheet_a.pk}/lines/", payload, format="json").status_code == 404
    assert not ScoreLine.objects.filter(sheet=sheet_a).exists()


def test_member_scores_through_the_api(world):
    registration = accept(world)
    api = api_for(world.member_a)
    created = api.post("/api/my-score-sheets/", {"registration": registration.pk}, format="json")
    assert created.status_code == 201
    sheet_id = created.json()["id"]
    lines = [{"option": option(world, part, pts).pk} for part, pts in (("A", 30), ("B", 20), ("C", 20))]
    response = api.put(f"/api/my-score-sheets/{sheet_id}/lines/", {"lines": lines, "submit": True}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["total"] == "70.00" and response.json()["sheet"]["status"] == "submitted"


def test_a_non_member_cannot_open_a_sheet(world, make_user):
    registration = accept(world)
    with pytest.raises(services.PermissionDenied):
        services.sheet_open(actor=world.secretary, registration=registration)  # the secretary does not score
    with pytest.raises(services.PermissionDenied):
        services.sheet_open(actor=world.office, registration=registration)


def test_closing_scoring_is_the_secretary_s(world):
    registration = accept(world)
    for member in world.scorers:
        score(world, registration, member, 30, 20, 25)
    with pytest.raises(services.PermissionDenied):
        services.round_close_scoring(actor=world.member_a, round_=world.round)
    close(world)
    assert world.round.is_closed and world.round.scoring_closed_by == world.secretary
