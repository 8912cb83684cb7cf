"""The daily expiry job with a fixed clock: right products, right notices, nothing sent twice."""

import pytest
from django.core import mail

from decisions import services
from decisions.models import ExpiryNotice, Notification, RecognitionKind
from decisions.tasks import check_expiring_recognitions

from .factories import d, product_in, recognise, revoke

TODAY = d("2026-11-29")


@pytest.fixture
def register(office, province_authority, area_tree, products):
    """Recognitions ending at different distances from TODAY."""
    soon = products["a"]  # ends 2026-12-04: within 30 days -> office + producer
    soon.subject.email = "hatsen@example.org"
    soon.subject.save()
    later = products["b"]  # ends 2027-02-11: within 90 days -> office only
    far = products["c"]  # ends 2027-09-19: nothing
    expired = product_in(area_tree["c2"], name="Bột ngó sen")  # ended 2025-12-28, not re-evaluated
    revoked = product_in(area_tree["c2"], name="Gạo huyết rồng")  # ended, but revoked
    renewed = product_in(area_tree["c3"], name="Khô cá lóc")  # ended, but re-evaluated in time
    old = recognise(office, province_authority, d("2022-12-29"), (expired, 3), (revoked, 3), (renewed, 4))
    revoke(
        office,
        province_authority,
        d("2026-01-10"),
        (old.recognitions.get(product=revoked), "not_reevaluated_36_months"),
    )
    recognise(office, province_authority, d("2023-12-05"), (soon, 3))
    recognise(office, province_authority, d("2024-02-12"), (later, 4))
    recognise(office, province_authority, d("2024-09-20"), (far, 4))
    recognise(office, province_authority, d("2025-12-20"), (renewed, 4, None, RecognitionKind.RE_EVALUATION))
    return {"soon": soon, "later": later, "far": far, "expired": expired, "revoked": revoked, "renewed": renewed}


def _notices():
    return sorted(
        (n.recognition.product.name, n.kind) for n in ExpiryNotice.objects.select_related("recognition__product")
    )


@pytest.mark.django_db
def test_expiry_job_notifies_the_right_people_once(office, register, make_user, area_tree):
    other_office = make_user(role="coordination_office", unit=area_tree["other_province"], email="tg@example.org")
    mail.outbox.clear()
    summary = services.expiry_check_run(today=TODAY)

    assert summary == {"expiring": 2, "expired": 1, "producer_emails": 1, "office_emails": 1, "notifications": 1}
    assert _notices() == sorted(
        [
            (register["soon"].name, "office_expiring"),
            (register["soon"].name, "producer_30_days"),
            (register["later"].name, "office_expiring"),
            (register["expired"].name, "office_expired"),
        ]
    )
    recipients = sorted(tuple(message.to) for message in mail.outbox)
    assert recipients == [("hatsen@example.org",), ("vpdp@example.org",)]
    office_mail = next(m for m in mail.outbox if m.to == ["vpdp@example.org"])
    for product in ("soon", "later", "expired"):
        assert register[product].name in office_mail.body
    for product in ("far", "revoked", "renewed"):
        assert register[product].name not in office_mail.body
    producer_mail = next(m for m in mail.outbox if m.to == ["hatsen@example.org"])
    assert "04/12/2026" in producer_mail.body and register["soon"].name in producer_mail.subject
    assert Notification.objects.filter(recipient=office).count() == 1
    assert not Notification.objects.filter(recipient=other_office).exists()

    # the next day: nothing new, nothing sent again
    mail.outbox.clear()
    again = services.expiry_check_run(today=d("2026-11-30"))
    assert again == {"expiring": 0, "expired": 0, "producer_emails": 0, "office_emails": 0, "notifications": 0}
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=office).count() == 1


@pytest.mark.django_db
def test_producer_is_told_30_days_before_not_earlier(office, register):
    register["later"].subject.email = "kho@example.org"
    register["later"].subject.save()
    mail.outbox.clear()
    services.expiry_check_run(today=TODAY)
    assert ["kho@example.org"] not in [m.to for m in mail.outbox]  # 74 days before: office only
    mail.outbox.clear()
    services.expiry_check_run(today=d("2027-01-12"))  # 30 days before 2027-02-11
    producers = [m.to for m in mail.outbox if m.to != ["vpdp@example.org"]]
    assert producers == [["kho@example.org"]]
    mail.outbox.clear()
    services.expiry_check_run(today=d("2027-01-13"))
    assert [m.to for m in mail.outbox if m.to != ["vpdp@example.org"]] == []


@pytest.mark.django_db
def test_expired_later_is_a_new_notice(office, register):
    services.expiry_check_run(today=TODAY)
    mail.outbox.clear()
    summary = services.expiry_check_run(today=d("2026-12-05"))  # "soon" has now expired
    assert summary["expired"] == 1 and summary["expiring"] == 0
    assert register["soon"].name in mail.outbox[0].body


@pytest.mark.django_db
def test_celery_task_runs_the_service_with_a_fixed_day(office, register):
    mail.outbox.clear()
    result = check_expiring_recognitions.apply(kwargs={"today": "2026-11-29"}).get()
    assert result["expiring"] == 2 and result["expired"] == 1
    assert len(mail.outbox) == 2
    assert check_expiring_recognitions.apply(kwargs={"today": "2026-11-29"}).get()["expiring"] == 0


def test_daily_schedule_is_configured(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["check-expiring-recognitions"]
    assert schedule["task"] == "decisions.tasks.check_expiring_recognitions"
