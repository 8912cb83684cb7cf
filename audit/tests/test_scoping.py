"""Issue #12, findings 1-2: the audit log is scoped by the area of the record each entry is about.

Two provinces (A = area_tree["province"], B = area_tree["other_province"]), each with its own coordination office.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from areas.models import UnitLevel
from areas.tests.factories import UnitFactory
from audit import owners
from audit.models import AuditAction, AuditEntry
from audit.services import record_change, snapshot
from evaluations.models import Option, RoundStatus, RuleSet, ScoreLine
from evaluations.tests.factories import RegistrationFactory, RoundFactory, ScoreSheetFactory, criteria_set_factory
from products.services import product_delete
from products.tests.factories import (
    CertificationFactory,
    ProductChannelFactory,
    ProductClassFactory,
    ProductFactory,
    SalesChannelFactory,
)
from subjects.tests.factories import SubjectFactory


def _province_records(tag, province, commune, office, criteria_set, product_class):
    """A product with a certification, a sales channel and a scored (closed) sheet line; one audit entry each."""
    subject = SubjectFactory(unit=commune, name=f"HTX {tag}")
    product = ProductFactory(subject=subject, product_class=product_class, name=f"Sản phẩm {tag}")
    certification = CertificationFactory(product=product)
    channel = ProductChannelFactory(product=product, channel=SalesChannelFactory())
    round_ = RoundFactory(
        rule_set=criteria_set.rule_set,
        unit=province,
        status=RoundStatus.CLOSED,
        scoring_closed_at=timezone.now(),
        opens_on=datetime.date(2024, 3, 1),
    )
    registration = RegistrationFactory(round=round_, product=product)
    sheet = ScoreSheetFactory(registration=registration, criteria_set=criteria_set, member__unit=province)
    criterion = criteria_set.test_criteria["A"]
    line = ScoreLine.objects.create(
        sheet=sheet, criterion=criterion, option=Option.objects.get(criterion=criterion, points=30)
    )
    for instance in (subject, product, certification, channel, line):
        record_change(actor=office, action=AuditAction.CREATE, instance=instance, reason=f"Lý do {tag}")
    doomed = ProductFactory(subject=subject, product_class=product_class, name=f"Sản phẩm xoá {tag}")
    doomed_pk = doomed.pk
    product_delete(actor=office, product=doomed, reason=f"Xoá nhầm {tag}")
    return SimpleNamespace(
        subject=subject, product=product, certification=certification, channel=channel, line=line, deleted=doomed_pk
    )


@pytest.fixture
def provinces(area_tree, make_user):
    province_b = area_tree["other_province"]
    district_b = UnitFactory(code="DB", name="Huyện Bê", level=UnitLevel.DISTRICT, parent=province_b)
    commune_b = UnitFactory(code="CB", name="Xã Bê", level=UnitLevel.COMMUNE, parent=district_b)
    office_a = make_user(Role.COORDINATION_OFFICE, area_tree["province"])
    office_b = make_user(Role.COORDINATION_OFFICE, province_b)
    admin = make_user(Role.ADMINISTRATOR, area_tree["country"])
    product_class = ProductClassFactory()
    criteria_set = criteria_set_factory(
        rule_set=RuleSet.objects.get(code="qd148"), number=product_class.set_number, product_class=product_class
    )
    a = _province_records("Alpha", area_tree["province"], area_tree["c1"], office_a, criteria_set, product_class)
    b = _province_records("Bravo", province_b, commune_b, office_b, criteria_set, product_class)
    return SimpleNamespace(office_a=office_a, office_b=office_b, admin=admin, a=a, b=b, tree=area_tree)


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _all_api_rows(client, url="/api/audit/"):
    rows = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        data = response.json()
        rows += data["results"]
        url = data.get("next")
    return rows


def test_office_list_shows_only_its_own_province(client, provinces):
    client.force_login(provinces.office_a)
    text = client.get("/audit/").content.decode()
    assert "Lý do Alpha" in text and "Xoá nhầm Alpha" in text and "Sản phẩm Alpha" in text
    assert "Bravo" not in text
    client.force_login(provinces.office_b)
    text = client.get("/audit/").content.decode()
    assert "Lý do Bravo" in text and "Xoá nhầm Bravo" in text
    assert "Alpha" not in text


def test_office_api_shows_only_its_own_province(provinces):
    rows = _all_api_rows(_api(provinces.office_a))
    reasons = {row["reason"] for row in rows}
    assert {"Lý do Alpha", "Xoá nhầm Alpha"} <= reasons
    assert not any("Bravo" in (row["reason"] + row["object_repr"]) for row in rows)
    models = {row["model"] for row in rows}
    assert {"products.product", "products.certification", "products.productchannel", "evaluations.scoreline"} <= models
    # the history of a foreign record through the API: nothing
    foreign = _api(provinces.office_a).get(
        "/api/audit/", {"model": "products.product", "object_id": provinces.b.deleted}
    )
    assert foreign.status_code == 200 and foreign.json()["results"] == []
    own = _api(provinces.office_b).get("/api/audit/", {"model": "products.product", "object_id": provinces.b.deleted})
    assert [row["action"] for row in own.json()["results"]] == ["delete"]
    assert own.json()["results"][0]["before"]["name"] == "Sản phẩm xoá Bravo"


def test_api_is_for_audit_roles_only(provinces, make_user):
    leader = make_user(Role.LEADERSHIP, provinces.tree["province"])
    assert _api(leader).get("/api/audit/").status_code == 403
    assert APIClient().get("/api/audit/").status_code in {401, 403}


def test_administrator_sees_both_provinces(client, provinces):
    client.force_login(provinces.admin)
    rows = _all_api_rows(_api(provinces.admin))
    reasons = {row["reason"] for row in rows}
    assert {"Lý do Alpha", "Lý do Bravo", "Xoá nhầm Alpha", "Xoá nhầm Bravo"} <= reasons


@pytest.mark.parametrize("kind", ["line", "certification", "channel", "deleted"])
def test_history_of_a_foreign_record_is_404_and_of_an_own_one_200(client, provinces, kind):
    labels = {
        "line": "evaluations.scoreline",
        "certification": "products.certification",
        "channel": "products.productchannel",
        "deleted": "products.product",
    }

    def url(side):
        value = getattr(side, kind)
        return f"/audit/{labels[kind]}/{value if kind == 'deleted' else value.pk}/"

    client.force_login(provinces.office_a)
    assert client.get(url(provinces.b)).status_code == 404
    response = client.get(url(provinces.a))
    assert response.status_code == 200
    assert ("Xoá nhầm Alpha" if kind == "deleted" else "Lý do Alpha") in response.content.decode()
    client.force_login(provinces.office_b)
    assert client.get(url(provinces.a)).status_code == 404
    assert client.get(url(provinces.b)).status_code == 200


def test_deleted_record_history_shows_its_snapshot_to_its_own_area(client, provinces):
    client.force_login(provinces.office_b)
    text = client.get(f"/audit/products.product/{provinces.b.deleted}/").content.decode()
    assert "Xoá nhầm Bravo" in text and "Sản phẩm xoá Bravo" in text
    # an id that never existed is a 404 too
    assert client.get("/audit/products.product/999999/").status_code == 404


def test_entries_keep_the_area_of_the_owning_record(provinces):
    entry = AuditEntry.objects.get(content_type__model="scoreline", object_id=str(provinces.b.line.pk))
    assert entry.unit == provinces.b.product.unit
    deleted = AuditEntry.objects.get(content_type__model="product", object_id=str(provinces.b.deleted))
    assert deleted.action == AuditAction.DELETE and deleted.unit == provinces.b.product.unit


def test_national_reference_data_entries_are_for_administrators_only(client, provinces):
    channel = SalesChannelFactory(kind="shop", name="Cửa hàng OCOP")
    record_change(actor=provinces.admin, action=AuditAction.CREATE, instance=channel, reason="Danh mục mới")
    assert AuditEntry.objects.get(reason="Danh mục mới").unit is None
    client.force_login(provinces.office_a)
    assert "Danh mục mới" not in client.get("/audit/").content.decode()
    assert client.get(f"/audit/products.saleschannel/{channel.pk}/").status_code == 404
    client.force_login(provinces.admin)
    assert "Danh mục mới" in client.get("/audit/").content.decode()
    assert client.get(f"/audit/products.saleschannel/{channel.pk}/").status_code == 200


def test_every_project_model_has_an_area_for_the_audit_log():
    assert owners.check_audit_areas() == []


def test_a_model_without_area_fails_loudly(monkeypatch, settings, provinces):
    monkeypatch.delitem(owners.AREA_LOOKUPS, "products.certification")
    errors = owners.check_audit_areas()
    assert [error.id for error in errors] == ["audit.E001"] and "Certification" in errors[0].msg
    settings.DEBUG = True
    with pytest.raises(owners.NoAreaError):
        record_change(actor=None, action=AuditAction.UPDATE, instance=provinces.a.certification)
    with pytest.raises(owners.NoAreaError):
        record_change(actor=None, action=AuditAction.UPDATE, instance=Session(session_key="x"))
    settings.DEBUG = False  # production: the entry is still written, for administrators only
    entry = record_change(actor=None, action=AuditAction.UPDATE, instance=provinces.a.certification)
    assert entry.unit_id is None


@pytest.mark.django_db(transaction=True)
def test_migration_backfills_units_from_live_rows_and_snapshots(area_tree, make_user):
    office = make_user(Role.COORDINATION_OFFICE, area_tree["province"])
    subject = SubjectFactory(unit=area_tree["c2"])
    product_class = ProductClassFactory()
    product = ProductFactory(subject=subject, product_class=product_class)
    certification = CertificationFactory(product=product)
    gone = ProductFactory(subject=subject)
    record_change(actor=office, action=AuditAction.CREATE, instance=certification)
    record_change(actor=office, action=AuditAction.DELETE, instance=gone, before=snapshot(gone))
    gone.delete()
    # a sheet of a round still scoring, deleted with its line (a recusal): its entries must stay sealed
    criteria_set = criteria_set_factory(
        rule_set=RuleSet.objects.get(code="qd148"), number=product_class.set_number, product_class=product_class
    )
    round_ = RoundFactory(rule_set=criteria_set.rule_set, unit=area_tree["province"], status=RoundStatus.SCORING)
    sheet = ScoreSheetFactory(
        registration=RegistrationFactory(round=round_, product=product), criteria_set=criteria_set
    )
    criterion = criteria_set.test_criteria["B"]
    line = ScoreLine.objects.create(sheet=sheet, criterion=criterion, option=criterion.options.get(points=20))
    line_pk, sheet_pk, member_pk = line.pk, sheet.pk, sheet.member_id
    record_change(actor=sheet.member, action=AuditAction.CREATE, instance=line)
    record_change(actor=office, action=AuditAction.DELETE, instance=sheet, before=snapshot(sheet))
    line.delete()
    sheet.delete()
    # entries written before the unit and the seal were recorded
    AuditEntry.objects.update(unit=None, sealed_round_id=None, sealed_for=None)
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0002_entry_unit_and_sheet_seal")])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    rows = {
        model: (unit, sealed_round, sealed_for)
        for model, unit, sealed_round, sealed_for in AuditEntry.objects.values_list(
            "content_type__model", "unit_id", "sealed_round_id", "sealed_for_id"
        )
    }
    c2 = area_tree["c2"].pk
    assert rows == {
        "certification": (c2, None, None),
        "product": (c2, None, None),
        "scoresheet": (c2, round_.pk, member_pk),
        "scoreline": (c2, round_.pk, member_pk),
    }, (line_pk, sheet_pk)
    call_command("migrate", verbosity=0)  # leave the database fully migrated for the next test


def test_list_and_api_queries_do_not_grow_with_the_rows(client, provinces):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    def count(user, url, api=False):
        requester = _api(user) if api else client
        if not api:
            client.force_login(user)
        with CaptureQueriesContext(db) as queries:
            assert requester.get(url).status_code == 200
        return len(queries)

    few = (count(provinces.office_a, "/audit/"), count(provinces.office_a, "/api/audit/", api=True))
    for i in range(30):
        record_change(actor=provinces.office_a, action=AuditAction.UPDATE, instance=provinces.a.product, reason=f"L{i}")
    many = (count(provinces.office_a, "/audit/"), count(provinces.office_a, "/api/audit/", api=True))
    assert few == many
