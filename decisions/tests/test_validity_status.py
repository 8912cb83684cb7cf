"""36-month validity and the product status that follows from decisions."""

import datetime

import pytest
from django.template.loader import render_to_string

from decisions import selectors, services
from decisions.models import RecognitionKind, RevocationGround, validity_end
from products.models import Product

from .factories import d, recognise, revoke


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2022-12-29", "2025-12-28"),
        ("2023-01-01", "2025-12-31"),
        ("2023-01-31", "2026-01-30"),
        ("2023-03-01", "2026-02-28"),
        ("2024-03-01", "2027-02-28"),
        ("2023-05-31", "2026-05-30"),
        ("2023-12-31", "2026-12-30"),
        ("2024-02-29", "2027-02-28"),  # leap day: the full 36 months, not clamped one day short
        ("2021-02-28", "2024-02-27"),
    ],
)
def test_validity_is_36_months_from_the_decision_date(start, end):
    assert validity_end(d(start)) == d(end)


@pytest.mark.django_db
def test_issuing_sets_validity_from_the_decision_date(office, province_authority, products):
    decision = recognise(office, province_authority, d("2023-01-31"), (products["a"], 4, 75))
    recognition = decision.recognitions.get()
    assert recognition.valid_from == d("2023-01-31")
    assert recognition.valid_until == d("2026-01-30")
    assert recognition.certificate_number


@pytest.mark.django_db
def test_status_valid_expired_revoked(office, province_authority, products):
    a, b = products["a"], products["b"]
    decision = recognise(office, province_authority, d("2022-12-29"), (a, 3, 60), (b, 4, 80))
    rec_b = decision.recognitions.get(product=b)
    revoke(office, province_authority, d("2023-06-01"), (rec_b, RevocationGround.VIOLATION, "nhãn sai"))

    status_a = selectors.product_status(a, on=d("2025-12-28"))
    assert (status_a.state, status_a.current_stars, status_a.valid_until) == ("valid", 3, d("2025-12-28"))
    expired = selectors.product_status(a, on=d("2025-12-29"))
    assert (expired.state, expired.current_stars, expired.stars) == ("expired", None, 3)

    before = selectors.product_status(b, on=d("2023-05-31"))
    assert (before.state, before.current_stars) == ("valid", 4)
    revoked = selectors.product_status(b, on=d("2023-06-01"))
    assert revoked.state == "revoked"
    assert revoked.revoked_on == d("2023-06-01")
    assert "nhãn sai" in revoked.revoked_ground
    assert revoked.current_stars is None

    none = selectors.product_status(products["c"], on=d("2025-01-01"))
    assert none.state == "none" and none.current_stars is None


@pytest.mark.django_db
def test_upgrade_supersedes_the_earlier_certificate(office, province_authority, products):
    a = products["a"]
    recognise(office, province_authority, d("2021-03-10"), (a, 3, 62))
    recognise(office, province_authority, d("2023-02-01"), (a, 4, 78, RecognitionKind.UPGRADE))
    assert selectors.product_status(a, on=d("2022-01-01")).current_stars == 3
    status = selectors.product_status(a, on=d("2024-01-01"))
    assert status.current_stars == 4
    assert status.valid_until == d("2026-01-31")

    annotated = selectors.annotate_ocop_status(Product.objects.filter(pk=a.pk), on=d("2024-01-01")).get()
    assert (annotated.asof_stars, annotated.asof_valid_until, annotated.asof_status) == (4, d("2026-01-31"), "valid")


@pytest.mark.django_db
def test_revoking_the_latest_does_not_bring_back_the_older_certificate(office, province_authority, products):
    a = products["a"]
    recognise(office, province_authority, d("2022-03-10"), (a, 3, 62))
    newer = recognise(office, province_authority, d("2023-02-01"), (a, 4, 78, RecognitionKind.UPGRADE))
    revoke(office, province_authority, d("2023-09-01"), (newer.recognitions.get(), RevocationGround.PRODUCTION_STOPPED))
    status = selectors.product_status(a, on=d("2024-01-01"))
    assert status.state == "revoked"
    annotated = selectors.annotate_ocop_status(Product.objects.filter(pk=a.pk), on=d("2024-01-01")).get()
    assert (annotated.asof_stars, annotated.asof_status) == (None, "revoked")


@pytest.mark.django_db
def test_annotate_ocop_status_for_every_state(office, province_authority, products):
    a, b, c = products["a"], products["b"], products["c"]
    decision = recognise(office, province_authority, d("2022-12-29"), (a, 3, 60), (b, 4, 80))
    revoke(office, province_authority, d("2023-02-01"), (decision.recognitions.get(product=b), "failed_reevaluation"))
    rows = {p.pk: p for p in selectors.annotate_ocop_status(Product.objects.all(), on=d("2026-01-05"))}
    assert rows[a.pk].asof_status == "expired" and rows[a.pk].asof_stars is None
    assert rows[a.pk].asof_valid_until == d("2025-12-28")
    assert rows[b.pk].asof_status == "revoked"
    assert rows[c.pk].asof_status == "none" and rows[c.pk].asof_valid_until is None
    in_force = {p.pk: p for p in selectors.annotate_ocop_status(Product.objects.all(), on=d("2024-01-05"))}
    assert in_force[a.pk].asof_stars == 3 and in_force[a.pk].asof_status == "valid"


@pytest.mark.django_db
def test_valid_recognitions_count_each_product_once(office, province_authority, products):
    a, b = products["a"], products["b"]
    recognise(office, province_authority, d("2022-01-10"), (a, 3), (b, 3))
    recognise(office, province_authority, d("2023-01-10"), (a, 4, None, RecognitionKind.UPGRADE))
    valid = selectors.valid_recognitions(office, on=d("2024-06-01"))
    assert sorted((r.product_id, r.stars) for r in valid) == sorted([(a.pk, 4), (b.pk, 3)])
    assert selectors.valid_recognitions(office, on=d("2021-12-31")).count() == 0
    # drafts change nothing
    draft = services.decision_draft_create(actor=office, kind="recognition", authority=province_authority)
    services.recognition_item_add(actor=office, decision=draft, product=products["c"], stars=5)
    assert selectors.valid_recognitions(office, on=d("2024-06-01")).count() == 2


@pytest.mark.django_db
def test_product_history_lists_every_decision(office, province_authority, products):
    a = products["a"]
    first = recognise(office, province_authority, d("2020-03-10"), (a, 3, 61))
    revoke(office, province_authority, d("2023-04-01"), (first.recognitions.get(), "not_reevaluated_36_months"))
    recognise(office, province_authority, d("2024-05-02"), (a, 4, 80, RecognitionKind.RE_EVALUATION))
    context = selectors.product_history_context(office, a, on=d("2024-06-01"))
    assert [row["decision"].date for row in context["decision_history"]] == [
        d("2020-03-10"),
        d("2023-04-01"),
        d("2024-05-02"),
    ]
    html = render_to_string("decisions/_product_history.html", context)
    assert "Không đánh giá lại trong thời hạn 36 tháng" in html
    assert context["ocop_status"].current_stars == 4
    assert context["ocop_status"].days_left == (d("2027-05-01") - d("2024-06-01")).days


@pytest.mark.django_db
def test_historical_recognition_keeps_its_number_and_needs_no_score(office, province_authority, products):
    decision = services.historical_recognition_record(
        actor=office,
        authority=province_authority,
        number_display="1446/QĐ-UBND-HC",
        date=d("2022-12-29"),
        items=[{"product": products["a"], "stars": 3, "score": None}, {"product": products["b"], "stars": 4}],
    )
    assert decision.is_issued and decision.historical
    assert (decision.number, decision.year, decision.number_display) == (1446, 2022, "1446/QĐ-UBND-HC")
    assert decision.recognitions.get(product=products["a"]).score is None
    assert selectors.product_status(products["b"], on=d("2025-12-28")).current_stars == 4
    assert selectors.product_status(products["b"], on=d("2025-12-29")).state == "expired"
    with pytest.raises(services.ValidationError):
        services.historical_recognition_record(
            actor=office,
            authority=province_authority,
            number_display="1446/QĐ-UBND",
            date=d("2022-05-01"),
            items=[{"product": products["c"], "stars": 3}],
        )
    # the portal's next number for that authority and year follows the historical ones
    later = recognise(office, province_authority, d("2022-12-30"), (products["c"], 3))
    assert later.number == 1447


@pytest.mark.django_db
def test_days_left_is_counted_to_the_last_valid_day(office, province_authority, products):
    recognise(office, province_authority, d("2023-12-05"), (products["a"], 3))
    status = selectors.product_status(products["a"], on=d("2026-11-29"))
    assert status.valid_until == d("2026-12-04")
    assert status.days_left == 5
    assert status.expiring_soon
    assert datetime.date(2026, 12, 4) - datetime.date(2026, 11, 29) == datetime.timedelta(days=5)
