"""Issue #12, finding 3: before the secretary closes scoring nobody but the member sees anything of a sheet — not
its total, not its choices — in the audit log (list, history, API), the round pages or the sheet pages."""

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from audit.models import AuditEntry
from evaluations.models import ScoreLine

from .conftest import accept, close, score, set_quorum


def _contents(client, user, world, registration, sheet, line):
    """Everything ``user`` can read about the sheet: {surface: (status, text)}."""
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    pages = {
        "audit_list": "/audit/",
        "sheet_history": f"/audit/evaluations.scoresheet/{sheet.pk}/",
        "line_history": f"/audit/evaluations.scoreline/{line.pk}/",
        "round": f"/evaluations/rounds/{world.round.pk}/",
        "results": f"/evaluations/rounds/{world.round.pk}/results/",
        "registration": f"/evaluations/registrations/{registration.pk}/",
        "sheet": f"/evaluations/sheets/{sheet.pk}/",
    }
    seen = {}
    for name, url in pages.items():
        response = client.get(url)
        seen[name] = (response.status_code, response.content.decode())
    for name, url in {
        "api_audit": "/api/audit/?page_size=500",
        "api_results": f"/api/evaluation-rounds/{world.round.pk}/results/",
        "api_sheets": "/api/my-score-sheets/",
    }.items():
        response = api.get(url)
        seen[name] = (response.status_code, response.content.decode())
    return seen


def _leaks(seen, sheet, line):
    """The surfaces that show the member's sheet: its total (87), its history links or its entries."""
    markers = [
        "87,00",
        "87.00",
        "tổng 87",
        f"evaluations.scoresheet/{sheet.pk}/",
        f"evaluations.scoreline/{line.pk}/",
        '"model":"evaluations.scoresheet"',
        '"model":"evaluations.scoreline"',
        "Nộp phiếu",
    ]
    return sorted(name for name, (status, text) in seen.items() if status == 200 and any(m in text for m in markers))


@pytest.fixture
def scored(world, make_user):
    registration = accept(world)
    set_quorum(world, 1, 3, chair=False)  # one sheet is enough to close here (the quorum: test_quorum.py)
    sheet = score(world, registration, world.member_a, 40, 20, 27)  # total 87
    line = ScoreLine.objects.filter(sheet=sheet).first()
    world.admin = make_user(Role.ADMINISTRATOR, world.tree["country"])
    return registration, sheet, line


def test_submitting_writes_no_score_into_the_audit_reason(world, scored):
    _registration, sheet, _line = scored
    reasons = list(AuditEntry.objects.filter(content_type__model="scoresheet").values_list("reason", flat=True))
    assert "Nộp phiếu" in reasons
    assert not any("87" in reason for reason in reasons)


def test_nobody_but_the_member_sees_the_sheet_before_closing(client, world, scored):
    registration, sheet, line = scored
    for who in ("office", "secretary", "admin", "member_b", "chair"):
        seen = _contents(client, getattr(world, who), world, registration, sheet, line)
        assert _leaks(seen, sheet, line) == [], who
        for name in ("sheet_history", "line_history"):  # history of a sealed sheet: not found (or no audit right)
            assert seen[name][0] in {403, 404}, (who, name)
        assert seen["sheet"][0] == 404, who
    seen = _contents(client, world.member_a, world, registration, sheet, line)
    assert seen["sheet"][0] == 200 and "87" in seen["sheet"][1]


@pytest.mark.parametrize("who", ["office", "admin"])
def test_after_closing_the_office_reads_the_sheet_entries(client, world, scored, who):
    registration, sheet, line = scored
    close(world)
    viewer = getattr(world, who)
    seen = _contents(client, viewer, world, registration, sheet, line)
    assert seen["sheet_history"][0] == 200 and "Nộp phiếu" in seen["sheet_history"][1]
    assert seen["line_history"][0] == 200
    assert f"evaluations.scoresheet/{sheet.pk}/" in seen["audit_list"][1]
    assert '"model":"evaluations.scoreline"' in seen["api_audit"][1]
    assert seen["sheet"][0] == 200 and "87" in seen["sheet"][1]


def test_django_admin_shows_another_members_sheet_and_its_entries_only_after_closing(client, world, scored):
    _registration, sheet, _line = scored
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client.force_login(world.admin)
    url = "/admin/evaluations/scoresheet/"
    assert client.get(url).status_code == 200
    assert client.get(f"{url}{sheet.pk}/change/").status_code in {302, 404}
    entry = AuditEntry.objects.get(content_type__model="scoresheet", reason="Nộp phiếu")
    entry_url = f"/admin/audit/auditentry/{entry.pk}/change/"
    assert entry_url not in client.get("/admin/audit/auditentry/").content.decode()
    assert client.get(entry_url).status_code in {302, 404}
    close(world)
    assert client.get(f"{url}{sheet.pk}/change/").status_code == 200
    assert entry_url in client.get("/admin/audit/auditentry/").content.decode()
