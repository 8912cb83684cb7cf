"""Issue #17 item 6: the catalogue list reads one table kept in step by the writers (decisions, the expiry job,
product and producer edits, verification codes). After each kind of write, what the public API lists equals what
the computation before the table gave: straight from the products, their decisions and codes."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from catalogue.models import CatalogueEntry, PublicCode
from catalogue.selectors import RECENTLY_ENDED_DAYS, public_status
from catalogue.services import catalogue_entries_refresh, catalogue_rebuild
from decisions import services as decision_services
from decisions.models import DecisionStatus
from decisions.tests.factories import recognise, revoke
from products.models import OcopStatus, Product

from .factories import SECRETS

pytestmark = pytest.mark.django_db

API = "/api/public/catalogue/products/"


def _code_of(recognition):
    """The code its labels carry: its own, or that of the original it corrects (two corrections deep)."""
    for _step in range(3):
        if recognition is None:
            return None
        code = PublicCode.objects.filter(recognition=recognition).values_list("code", flat=True).first()
        if code:
            return code
        recognition = recognition.corrects
    return None


def old_computation():
    """The public list as it was computed before the table: products whose current recognition is issued, has a
    code and is in force or ended at most a year ago (stored status, as the old selector read it)."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=RECENTLY_ENDED_DAYS)
    products = (
        Product.objects.filter(ocop_recognition__isnull=False, ocop_recognition__decision__status=DecisionStatus.ISSUED)
        .filter(
            Q(ocop_status=OcopStatus.VALID)
            | Q(ocop_status=OcopStatus.EXPIRED, ocop_valid_until__gte=since)
            | Q(ocop_status=OcopStatus.REVOKED, ocop_revoked_on__gte=since)
        )
        .select_related(
            "ocop_recognition__corrects__corrects", "ocop_recognition__decision__authority", "subject", "unit"
        )
    )
    rows = set()
    for product in products:
        code = _code_of(product.ocop_recognition)
        if code is None:
            continue
        until = product.ocop_valid_until
        status = public_status(product.ocop_status, until, today)
        decision = product.ocop_recognition.decision
        revocation = (
            product.ocop_recognition.revocations.filter(decision__status=DecisionStatus.ISSUED)
            .order_by("-decision__date", "-pk")
            .first()
        )
        rows.add(
            (
                code,
                product.name,
                product.subject.name,
                product.ocop_recognition.stars,
                status,
                until.isoformat() if until else None,
                product.unit.code,
                product.unit.display_name,
                decision.number_display,
                decision.authority.name,
                revocation.decision.number_display if revocation else "",
            )
        )
    return rows


def api_rows(client):
    data = client.get(API, {"status": "all", "page_size": 200}).json()
    assert data["count"] == len(data["results"])
    return {
        (
            r["code"],
            r["name"],
            r["producer"],
            r["stars"],
            r["status"],
            r["valid_until"],
            r["commune_code"],
            r["commune"],
            r["decision_number"],
            r["decision_authority"],
            r["revocation_decision_number"],
        )
        for r in data["results"]
    }


def _names(client, **params):
    return {r["name"] for r in client.get(API, {"status": "all", **params}).json()["results"]}


def test_table_follows_decisions_expiry_and_edits(client, world, office, settings):
    from catalogue.selectors import verification_url
    from products import services as product_services
    from subjects import services as subject_services

    settings.OCOP_PUBLIC_CACHE_SECONDS = 0  # every answer computed afresh
    expected = old_computation()
    assert len(expected) == 5 and api_rows(client) == expected

    # A correction: the printed code stays, the stars change.
    correction = decision_services.correction_draft_create(actor=office, decision=world["decisions"]["valid"])
    item = correction.recognitions.get()
    decision_services.recognition_item_update(actor=office, item=item, stars=5)
    decision_services.decision_issue(actor=office, decision=correction, date=timezone.localdate())
    rows = api_rows(client)
    assert rows == old_computation()
    assert ("Xoài sấy dẻo Cao Lãnh", 5) in {(r[1], r[3]) for r in rows}

    # A new recognition shows with its certificate's code.
    never = world["products"]["never"]
    decision = recognise(office, world["authority"], timezone.localdate(), (never, 3))
    code = verification_url(decision.recognitions.get()).rstrip("/").rsplit("/", 1)[-1]
    assert ("Mắm chưa công nhận", code) in {(r[1], r[0]) for r in api_rows(client)}
    assert api_rows(client) == old_computation()

    # A revocation.
    revoke(
        office,
        world["authority"],
        timezone.localdate(),
        (world["recognitions"]["consented"], "other", "Kiểm tra định kỳ"),
    )
    assert "Trà sen Tháp Mười" in _names(client, status="revoked")
    assert api_rows(client) == old_computation()

    # The expiry job: a product stored as valid whose certificate ended becomes expired.
    expired = world["products"]["expired"]
    Product.objects.filter(pk=expired.pk).update(ocop_status=OcopStatus.VALID)  # as it was stored yesterday
    catalogue_entries_refresh([expired.pk])
    assert "Bánh phồng tôm Sa Giang" in _names(client, status="expiring")
    from decisions.tasks import check_expiring_recognitions

    check_expiring_recognitions()
    assert "Bánh phồng tôm Sa Giang" in _names(client, status="expired")
    assert api_rows(client) == old_computation()

    # A product renamed and a producer renamed (their services, no decision).
    product = world["products"]["valid"]
    product_services.product_update(actor=office, product=product, data={"name": "Xoài sấy dẻo Tháp Mười"})
    subject_services.subject_update(actor=office, subject=product.subject, data={"name": "HTX Xoài Mỹ Xương"})
    rows = api_rows(client)
    assert rows == old_computation()
    assert ("Xoài sấy dẻo Tháp Mười", "HTX Xoài Mỹ Xương") in {(r[1], r[2]) for r in rows}
    page = client.get("/catalogue/", {"q": "xoai say thap muoi"}).content.decode()
    assert "Xoài sấy dẻo Tháp Mười" in page
    found = _names(client, q="my xuong")  # the producer's new name finds its products, not the others'
    assert {"Xoài sấy dẻo Tháp Mười", "Nem Lai Vung"} <= found and "Trà sen Tháp Mười" not in found
    assert _names(client, q="cao lanh xoai say") == set()  # the old name is gone

    # Every write above kept the table in step: a full rebuild finds nothing to change.
    assert catalogue_rebuild() == 0


def test_search_reads_published_names_only(client, world):
    """The producer's tax code, registration number and representative are not searchable in public."""
    for secret in (SECRETS["tax_code"], SECRETS["registration"], "bimat"):
        assert client.get(API, {"status": "all", "q": secret}).json()["count"] == 0, secret
    assert client.get(API, {"status": "all", "q": "hop tac xa xoai"}).json()["count"] >= 1


def test_rebuild_command_and_periodic_task_restore_the_table(client, world, settings):
    from catalogue.tasks import ensure_public_codes

    settings.OCOP_PUBLIC_CACHE_SECONDS = 0
    expected = old_computation()
    CatalogueEntry.objects.all().delete()
    assert client.get(API, {"status": "all"}).json()["count"] == 0
    call_command("catalogue_rebuild")
    assert api_rows(client) == expected
    # Writes that send no signal (a bulk update) are caught up by the periodic task.
    product = world["products"]["valid"]
    Product.objects.filter(pk=product.pk).update(name="Xoài sấy dẻo đổi tên hàng loạt")
    ensure_public_codes()
    assert "Xoài sấy dẻo đổi tên hàng loạt" in _names(client)
    assert api_rows(client) == old_computation()


def test_refresh_is_set_based(world, django_assert_max_num_queries):
    ids = list(Product.objects.values_list("pk", flat=True))
    CatalogueEntry.objects.all().delete()
    # Whatever the number of products: its savepoint, read the wanted rows (the products with their published
    # values, their provinces' names, the revoked ones' revocations), read the present ones, delete, upsert.
    with django_assert_max_num_queries(7):
        assert catalogue_entries_refresh(ids) == 6
    with django_assert_max_num_queries(6):  # nothing changed: the reads, no write
        assert catalogue_entries_refresh(ids) == 0
    Product.objects.filter(pk__in=ids).update(name="Tên mới")
    with django_assert_max_num_queries(7):
        assert catalogue_entries_refresh(ids) == 6
    assert set(CatalogueEntry.objects.values_list("name", flat=True)) == {"Tên mới"}


@pytest.mark.postgres
def test_search_uses_the_trigram_index_on_postgresql(world):
    """``LIKE '%word%'`` on the folded text is served by the pg_trgm GIN index of the migration."""
    from django.db import connection

    from catalogue.selectors import search

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'catalogue_entry_search_trgm'")
        assert "gin_trgm_ops" in cursor.fetchone()[0]
        sql, params = search(CatalogueEntry.objects.all(), "xoai say").values("pk").query.sql_with_params()
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "catalogue_entry_search_trgm" in plan, plan


def test_contact_follows_the_producers_consent_at_once(client, world, office, code_of, settings):
    from catalogue.services import consent_set

    settings.OCOP_PUBLIC_CACHE_SECONDS = 0
    product = world["products"]["valid"]
    url = f"{API}{code_of(world['recognitions']['valid'])}/"
    assert client.get(url).json()["contact_phone"] == ""
    consent_set(actor=office, subject=product.subject, publish_contact=True)
    assert client.get(url).json()["contact_phone"] == SECRETS["phone"]
    listed = {r["name"]: r["contact_phone"] for r in client.get(API, {"q": "xoai"}).json()["results"]}
    assert listed["Xoài sấy dẻo Cao Lãnh"] == SECRETS["phone"]
    consent_set(actor=office, subject=product.subject, publish_contact=False)
    assert client.get(url).json()["contact_phone"] == ""
    # Even a row left stale by a write that sent no signal never shows a contact without the consent.
    CatalogueEntry.objects.filter(product=product).update(contact_published=True)
    assert client.get(url).json()["contact_phone"] == ""
