"""Notices: stored per recipient and e-mailed once the change commits; a user reads only its own; marking read;
the daily expiry reminders 90 and 30 days before a recognition expires, each once, linking to the pre-filled
re-evaluation application."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from decisions import services as decision_services
from decisions.tests.factories import AuthorityFactory
from notices import tasks
from notices.models import Notice, NoticeKind
from notices.services import notify
from producers.tests.test_applications import make_producer
from products.tests.factories import ProductFactory
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_notify_stores_and_emails_after_commit_once_per_key(make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.LOCAL_OFFICER, None, email="canbo@example.vn")
    no_mail = make_user(Role.LOCAL_OFFICER, None, email="")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([user, no_mail, user], NoticeKind.EXPIRY, "Tiêu đề", "Nội dung", "/producers/applications/", key="k1")
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["canbo@example.vn"]]
    assert "/producers/applications/" in mail.outbox[0].body
    assert Notice.objects.filter(recipient=user).count() == 1
    assert Notice.objects.filter(recipient=no_mail, emailed=False).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert notify([user], NoticeKind.EXPIRY, "Tiêu đề", key="k1") == []
    assert len(mail.outbox) == 1


def test_notices_page_shows_only_ones_own_and_marks_read(make_user, client):
    me = make_user(Role.LOCAL_OFFICER, None)
    other = make_user(Role.LOCAL_OFFICER, None)
    [mine] = notify([me], NoticeKind.APPLICATION_RETURNED, "Hồ sơ của tôi bị trả lại", link="/notices/", email=False)
    [theirs] = notify([other], NoticeKind.APPLICATION_RETURNED, "Hồ sơ người khác", email=False)
    client.force_login(me)
    page = client.get(reverse("notices:list"))
    html = page.content.decode()
    assert "Hồ sơ của tôi bị trả lại" in html and "Hồ sơ người khác" not in html
    assert page.context["unread_notice_count"] == 1
    assert client.post(reverse("notices:open"), {"notice": theirs.pk}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    response = client.post(reverse("notices:open"), {"notice": mine.pk})
    assert response.status_code == 302 and response["Location"] == "/notices/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get(reverse("notices:list")).context["unread_notice_count"] == 0
    assert "Không có thông báo chưa đọc" in client.get(reverse("notices:list") + "?unread=1").content.decode()


def test_mark_all_read(make_user, client):
    me = make_user(Role.LOCAL_OFFICER, None)
    notify([me], NoticeKind.EXPIRY, "A", email=False)
    notify([me], NoticeKind.EXPIRY, "B", email=False)
    client.force_login(me)
    client.post(reverse("notices:read_all"))
    assert not Notice.objects.filter(recipient=me, read_at__isnull=True).exists()


def test_notices_page_query_count_is_fixed(make_user, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    me = make_user(Role.LOCAL_OFFICER, None)
    notify([me], NoticeKind.EXPIRY, "A", email=False)
    client.force_login(me)
    counts = []
    for _ in range(2):
        client.get(reverse("notices:list"))
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("notices:list"))
        counts.append(len(ctx.captured_queries))
        for i in range(10):
            notify([me], NoticeKind.EXPIRY, f"N{i}", email=False)
    assert counts[0] == counts[1] <= 8


@pytest.fixture
def recognised(area_tree, make_user):
    """A product of a subject with a verified producer account, recognised 4★ by the province; valid 36 months."""
    office = make_user(Role.COORDINATION_OFFICE, area_tree["province"])
    subject = SubjectFactory(unit=area_tree["c1"])
    product = ProductFactory(subject=subject, unit=area_tree["c1"], name="Mắm cá linh")
    producer = make_producer(make_user, subject, area_tree["c1"])
    authority = AuthorityFactory(unit=area_tree["province"])
    decision_services.recognition_decision_issue(
        actor=office,
        authority=authority,
        items=[{"product": product, "stars": 4, "score": Decimal("80")}],
        date=timezone.localdate() - datetime.timedelta(days=1000),
    )
    recognition = product.recognitions.get()
    return recognition, producer


def _run(day, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        # run here (``apply``), as the beat schedule's worker would: ``delay`` waits for a worker when a real broker
        # is configured (CI on Redis), and no worker runs beside the unit tests
        return tasks.send_expiry_notices.apply(kwargs={"today": day.isoformat()}).get()


def test_expiry_notices_90_and_30_days_before_once_each(recognised, django_capture_on_commit_callbacks, client):
    recognition, producer = recognised
    until = recognition.valid_until
    assert _run(until - datetime.timedelta(days=120), django_capture_on_commit_callbacks) == {"90": 0, "30": 0}
    assert _run(until - datetime.timedelta(days=90), django_capture_on_commit_callbacks) == {"90": 1, "30": 0}
    assert _run(until - datetime.timedelta(days=90), django_capture_on_commit_callbacks) == {"90": 0, "30": 0}
    assert _run(until - datetime.timedelta(days=60), django_capture_on_commit_callbacks) == {"90": 0, "30": 0}
    assert _run(until - datetime.timedelta(days=29), django_capture_on_commit_callbacks) == {"90": 0, "30": 1}
    assert _run(until - datetime.timedelta(days=10), django_capture_on_commit_callbacks) == {"90": 0, "30": 0}
    notices = list(Notice.objects.filter(recipient=producer, kind=NoticeKind.EXPIRY).order_by("pk"))
    assert [n.key for n in notices] == [
        f"expiry-90:recognition:{recognition.pk}",
        f"expiry-30:recognition:{recognition.pk}",
    ]
    assert len(mail.outbox) == 2 and all(m.to == [producer.email] for m in mail.outbox)
    assert "90 ngày" in notices[0].title and "29 ngày" in notices[1].title
    # One click: the link opens the re-evaluation application of that product, pre-filled.
    link = notices[1].link
    assert link == reverse("producers:application_new") + f"?product={recognition.product_id}&kind=re_evaluation"
    producer_client = Client()
    producer_client.force_login(producer)
    page = producer_client.get(link)
    assert page.status_code == 200
    assert page.context["form"].initial == {"product": recognition.product_id, "kind": "re_evaluation"}


def test_no_expiry_notice_for_a_superseded_or_far_recognition(recognised, django_capture_on_commit_callbacks):
    recognition, producer = recognised
    from products.models import Product

    Product.objects.filter(pk=recognition.product_id).update(ocop_recognition=None)  # no longer the current one
    assert _run(recognition.valid_until - datetime.timedelta(days=30), django_capture_on_commit_callbacks) == {
        "90": 0,
        "30": 0,
    }
    assert not Notice.objects.exists()


def test_top_bar_count_is_the_producers_unread_notices(make_user, rf):
    from django.contrib.auth.models import AnonymousUser

    from notices.context_processors import unread_notices

    producer = make_user(Role.PRODUCER, None)
    notify([producer], NoticeKind.EXPIRY, "A", email=False)
    notify([producer], NoticeKind.EXPIRY, "B", email=False)[0].__class__.objects.filter(title="B").update(
        read_at=timezone.now()
    )
    request = rf.get("/")
    request.user = producer
    assert unread_notices(request)["unread_notice_count"]() == 1
    request.user = AnonymousUser()
    assert unread_notices(request)["unread_notice_count"] == 0


def test_every_page_links_to_the_notices_with_the_producers_unread_count(make_user, client):
    subject = SubjectFactory()
    producer = make_producer(make_user, subject, subject.unit)
    notify([producer], NoticeKind.APPLICATION_RETURNED, "Hồ sơ bị trả lại", email=False)
    notify([producer], NoticeKind.EXPIRY, "Sắp hết hạn", email=False)
    link = f'<a href="{reverse("notices:list")}" id="notices-link">'
    client.force_login(producer)
    html = client.get(reverse("producers:home")).content.decode()
    assert link in html and f'{link}Thông báo <span class="badge warn">2</span></a>' in html
    client.post(reverse("notices:read_all"))
    html = client.get(reverse("producers:home")).content.decode()
    assert f"{link}Thông báo</a>" in html  # nothing unread: no badge
    client.force_login(make_user(Role.COORDINATION_OFFICE, subject.unit))
    assert link in client.get("/").content.decode()  # every signed-in user reads its own notices
    client.logout()
    assert 'id="notices-link"' not in client.get(reverse("login")).content.decode()
