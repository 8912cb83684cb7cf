"""The OCOP status stored on the product (``Product.ocop_*``) always equals the status recomputed from the
decisions: after every decision service, after the daily expiry job, and over random sequences of decisions."""

import datetime
import importlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions import selectors, services
from decisions.models import RevocationGround
from products.models import Product

from .factories import recognise, revoke


def today():
    return timezone.localdate()


def days_ago(n):
    return today() - datetime.timedelta(days=n)


def assert_consistent(on=None):
    drift = selectors.stored_status_drift(Product.objects.all(), on)
    assert drift == [], drift


def assert_page_status_consistent(user, products):
    """The product page reads today's status from its history rows at the stored recognition
    (``selectors.product_history_context``): it must be the status computed from the decisions."""
    for product in products:
        product = Product.objects.get(pk=product.pk)
        shown = selectors.product_history_context(user, product)["ocop_status"]
        computed = selectors.product_status(product)

        def key(status):
            return (status.state, getattr(status.recognition, "pk", None), getattr(status.revocation, "pk", None))

        assert key(shown) == key(computed), product


def stored(product):
    product.refresh_from_db()
    return (product.ocop_status, product.ocop_stars, product.ocop_valid_until, product.ocop_revoked_on)


@pytest.mark.django_db
def test_every_decision_service_writes_the_stored_status(office, province_authority, products):
    a, b, c = products["a"], products["b"], products["c"]
    assert stored(a) == ("none", None, None, None)

    first = recognise(office, province_authority, days_ago(400), (a, 3), (b, 4))
    assert_consistent()
    rec_a = first.recognitions.get(product=a)
    assert stored(a) == ("valid", 3, rec_a.valid_until, None)

    revoke(office, province_authority, days_ago(100), (first.recognitions.get(product=b), RevocationGround.VIOLATION))
    assert_consistent()
    assert stored(b)[0] == "revoked" and stored(b)[3] == days_ago(100)

    correction = services.correction_draft_create(actor=office, decision=first)
    services.recognition_item_update(actor=office, item=correction.recognitions.get(product=a), stars=4)
    services.decision_issue(actor=office, decision=correction, date=days_ago(50))
    assert_consistent()
    assert stored(a)[:2] == ("valid", 4)

    old = services.historical_recognition_record(
        actor=office, authority=province_authority, number_display="12/QĐ-UBND", date=days_ago(1500), items=[
            {"product": c, "stars": 5}
        ],
    )  # fmt: skip
    assert_consistent()
    assert stored(c)[:2] == ("expired", None)
    services.historical_revocation_record(
        actor=office, authority=province_authority, number_display="13/QĐ-UBND", date=days_ago(20), items=[
            {"recognition": old.recognitions.get(), "ground": RevocationGround.NOT_REEVALUATED}
        ],
    )  # fmt: skip
    assert_consistent()
    assert stored(c)[0] == "revoked"


@pytest.mark.django_db
def test_a_draft_changes_no_stored_status(office, province_authority, products):
    draft = services.decision_draft_create(actor=office, kind="recognition", authority=province_authority)
    services.recognition_item_add(actor=office, decision=draft, product=products["a"], stars=4)
    assert stored(products["a"])[0] == "none"
    services.decision_draft_delete(actor=office, decision=draft)
    assert_consistent()


@pytest.mark.django_db
def test_the_daily_job_expires_products_whose_validity_ended_yesterday(office, province_authority, products):
    decision = recognise(office, province_authority, days_ago(30), (products["a"], 4), (products["b"], 3))
    until = decision.recognitions.first().valid_until
    assert stored(products["a"])[0] == "valid"

    services.expiry_check_run(today=until)  # last valid day: nothing changes
    assert stored(products["a"])[0] == "valid"
    assert_consistent(on=until)

    services.expiry_check_run(today=until + datetime.timedelta(days=1))
    assert stored(products["a"]) == ("expired", None, until, None)
    assert stored(products["b"])[0] == "expired"
    assert_consistent(on=until + datetime.timedelta(days=1))


@pytest.mark.django_db
def test_check_product_status_reports_drift_and_repairs_it(office, province_authority, products):
    recognise(office, province_authority, days_ago(10), (products["a"], 4))
    out = io.StringIO()
    call_command("check_product_status", stdout=out)
    assert "0 sản phẩm lệch" in out.getvalue()

    Product.objects.filter(pk=products["a"].pk).update(ocop_status="none", ocop_stars=None)
    Product.objects.filter(pk=products["c"].pk).update(ocop_status="valid", ocop_stars=5)
    with pytest.raises(CommandError) as exc:
        call_command("check_product_status", stdout=(out := io.StringIO()))
    assert exc.value.returncode == 1
    assert "2 sản phẩm lệch" in str(exc.value)
    assert f"#{products['a'].pk} " in out.getvalue() and f"#{products['c'].pk} " in out.getvalue()
    assert stored(products["a"])[0] == "none"  # reported, not repaired

    call_command("check_product_status", "--repair", "--batch-size", "2", stdout=(out := io.StringIO()))
    assert "đã sửa 2" in out.getvalue()
    assert stored(products["a"])[:2] == ("valid", 4)
    assert stored(products["c"]) == ("none", None, None, None)
    assert_consistent()
    call_command("check_product_status", stdout=io.StringIO())  # no drift: exit code 0


def test_fk_migration_links_existing_rows_and_reports_orphans():
    migration = importlib.import_module("decisions.migrations.0003_recognition_registration_fk")
    links, report = migration.plan_registration_links(
        recognition_refs={1: 10, 2: 99, 3: 11, 5: 98},  # 2 and 5 name missing registrations
        # 12 -> 4 only known from this side; 500 missing; 14 conflicts with 3 -> 11; 15 -> 5 repairs 5's broken ref
        registration_refs={10: 1, 12: 4, 13: 500, 14: 3, 15: 5},
        registration_ids={10, 11, 12, 13, 14, 15},
        recognition_ids={1, 2, 3, 4, 5},
    )
    assert links == {1: 10, 3: 11, 4: 12, 5: 15}
    assert report == {"recognitions": [2], "registrations": [13], "conflicts": [14]}
    text = migration.format_report(report)
    assert "ids [2]" in text and "ids [13]" in text and "ids [14]" in text


OPS = st.lists(
    st.tuples(
        st.sampled_from(["recognise", "revoke", "correct", "historical", "expiry"]),
        st.integers(0, 2),  # product
        st.integers(3, 5),  # stars
        st.integers(0, 1500),  # days ago
    ),
    min_size=1,
    max_size=6,
)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_stored_status_equals_recomputed_after_any_sequence(office, province_authority, products, ops):
    items = [products["a"], products["b"], products["c"]]
    with transaction.atomic():
        issued = []
        for number, (op, index, stars, ago) in enumerate(ops, start=1):
            product, date = items[index], days_ago(ago)
            try:
                if op == "recognise":
                    issued.append(recognise(office, province_authority, date, (product, stars)))
                elif op == "historical":
                    issued.append(
                        services.historical_recognition_record(
                            actor=office,
                            authority=province_authority,
                            number_display=f"{9000 + number}/QĐ-UBND",
                            date=date,
                            items=[{"product": product, "stars": stars}],
                        )
                    )
                elif op == "revoke":
                    target = selectors.revocable_recognitions(office).filter(product=product).first()
                    if target is not None:
                        revoke(office, province_authority, date, (target, RevocationGround.PRODUCTION_STOPPED))
                elif op == "correct" and issued:
                    decision = issued[index % len(issued)]
                    correction = services.correction_draft_create(actor=office, decision=decision)
                    row = correction.recognitions.first()
                    services.recognition_item_update(actor=office, item=row, stars=stars)
                    services.decision_issue(actor=office, decision=correction, date=date)
                elif op == "expiry":
                    services.expiry_check_run()
            except ValidationError:
                pass  # refused by the rules (e.g. revocation dated before the recognition): nothing changed
            assert_consistent()
            assert_page_status_consistent(office, items)
        transaction.set_rollback(True)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_decisions_on_one_product_leave_the_right_status(area_tree, make_user, monkeypatch):
    """Two authorities recognise the same product at the same moment, each in its own transaction. The product row
    is locked before the status is recomputed, so the second waits for the first to commit and sees its decision;
    without the lock the slower writer would store a status computed without the other decision."""
    import contextlib
    import threading
    import time

    from django.db import connection

    from .factories import AuthorityFactory, product_in

    office = make_user(role="coordination_office", unit=area_tree["province"])
    first_authority = AuthorityFactory(unit=area_tree["province"])
    second_authority = AuthorityFactory(unit=area_tree["province"], name="UBND tỉnh (2)")
    product = product_in(area_tree["c1"], name="Hạt sen sấy")
    real_drift = services.stored_status_drift
    barrier = threading.Barrier(2)

    def slow_drift(products, on=None):
        result = real_drift(products, on)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=3)  # both threads computed at once: only possible without the row lock
        if threading.current_thread().name == "older":
            time.sleep(0.5)  # the decision dated earlier writes last
        return result

    monkeypatch.setattr(services, "stored_status_drift", slow_drift)
    errors = []

    def issue(authority, date, stars):
        try:
            recognise(office, authority, date, (product, stars))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=issue, args=(first_authority, days_ago(20), 3), name="older"),
        threading.Thread(target=issue, args=(second_authority, days_ago(10), 4), name="newer"),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert stored(product)[:2] == ("valid", 4)
    assert_consistent()


@pytest.mark.django_db
def test_demo_data_has_a_stored_status_matching_the_decisions():
    call_command("seed_demo", stdout=io.StringIO())
    assert Product.objects.exclude(ocop_status="none").exists()
    out = io.StringIO()
    call_command("check_product_status", stdout=out)  # raises CommandError (exit code 1) on drift
    assert " 0 sản phẩm lệch" in out.getvalue()
