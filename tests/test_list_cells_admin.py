"""The cells of the programme, report, audit and producer-account lists (render functions, ``ocop_portal.tables``):
links, badges, second lines and an ended unit's last day, escaped as the cell templates wrote them."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from accounts.models import Role
from audit.models import AuditAction, AuditEntry
from producers.tests.factories import ProducerAccountFactory
from programme.tests.factories import ActivityFactory, BudgetLineFactory, PlanFactory
from reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(make_user, area_tree):
    return make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])


@pytest.fixture
def ended(area_tree):
    """District 2, ended on 30/06/2025 (a unit of the old structure)."""
    unit = area_tree["d2"]
    unit.valid_to = datetime.date(2025, 6, 30)
    unit.save()
    return unit


def cells_of(response):
    """The list's body cells, as written."""
    assert response.status_code == 200
    body = re.findall(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S)[-1]
    return re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)


def test_programme_cells(client, office, ended):
    plan = PlanFactory(unit=ended, year=2024, number="", title="Kế hoạch <OCOP>", status="approved")
    line = BudgetLineFactory(plan=plan, planned_mvnd=Decimal("7678.610"), description="Hỗ trợ <bao bì>")
    activity = ActivityFactory(unit=ended, organiser="Sở <NN>", participants=None, cost_mvnd=Decimal("12.5"))
    client.force_login(office)

    plans = cells_of(client.get("/programme/"))
    assert plans[0] == "<strong>2024</strong>\n"
    assert plans[1] == 'Huyện 2 <small class="muted">(đến 30/06/2025)</small>\n\n'
    assert plans[2] == f'<a href="/programme/plans/{plan.pk}/">(chưa có số)</a>\n'
    assert plans[4] == f'<a href="/programme/plans/{plan.pk}/">Kế hoạch &lt;OCOP&gt;</a>\n'
    assert plans[5] == '<span class="badge ok">Đã phê duyệt</span>\n'

    lines = cells_of(client.get("/programme/budget/"))
    assert lines[1] == (
        f'<a href="/programme/plans/{plan.pk}/">(chưa có số)</a><br><small class="muted">Huyện 2</small>\n'
    )
    assert lines[2] == (
        f'<a href="/programme/budget/{line.pk}/">{line.source.name}</a>'
        '<br><small class="muted">Hỗ trợ &lt;bao bì&gt;</small>\n'
    )
    assert lines[5] == "7.678,61\n"
    assert lines[6] == "—\n"

    activities = cells_of(client.get("/programme/activities/"))
    assert activities[3] == (
        f'<a href="/programme/activities/{activity.pk}/">{activity.title}</a><br><small class="muted">Sở &lt;NN&gt;</small>\n'
    )
    assert activities[6] == "—\n"
    assert activities[8] == "12,5\n"


def test_report_audit_and_account_cells(client, office, area_tree, ended):
    report = Report.objects.create(
        kind="annual", period="2023", area=ended, request_key="a", status="failed", progress=37
    )
    account = ProducerAccountFactory(status="rejected", organisation_name="HTX <Sen>", commune=area_tree["c1"])
    AuditEntry.objects.create(
        action=AuditAction.UPDATE, content_type=ContentType.objects.get_for_model(report), unit=area_tree["c1"],
        object_id=str(report.pk), object_repr="Báo cáo <năm>", actor=office, before={"period": "2022"},
        after={"period": "2023"}, request_id="0123456789abcdef",
    )  # fmt: skip
    client.force_login(office)

    reports = cells_of(client.get("/reports/"))
    assert reports[0] == f'<a href="/reports/{report.pk}/">{report.get_kind_display()}</a>\n'
    assert reports[2] == 'Huyện 2, Đồng Tháp <small class="muted">(đến 30/06/2025)</small>\n'
    assert reports[3] == '<span class="badge bad">Lỗi</span>\n'
    assert reports[4] == '<div class="progress" title="37 %"><span style="width: 37%"></span></div>\n'

    accounts = cells_of(client.get("/producers/accounts/"))
    assert accounts[0] == (
        f'<a href="/producers/accounts/{account.pk}/">HTX &lt;Sen&gt;</a>'
        f'<br><small class="muted">{account.user.username}</small>\n'
    )
    assert accounts[6] == '<span class="badge bad">Từ chối</span>\n'

    audit = cells_of(client.get("/audit/"))
    assert audit[3] == f'<a href="/audit/reports.report/{report.pk}/">Báo cáo &lt;năm&gt;</a>\n'
    assert audit[4].startswith('<ul class="changes"><li><strong>')
    assert audit[4].endswith(": <del>2022</del> → <ins>2023</ins></li></ul>\n")
    assert audit[6] == "<code>0123456789a…</code>\n"
