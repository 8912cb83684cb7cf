"""Reminders before a recognition expires (``notices.tasks.send_expiry_notices``, daily).

A recognition still in force (issued, the product's current one: ``Product.ocop_recognition``) whose
``valid_until`` is at most 90 days away gets the "90 days" notice, at most 30 days away the "30 days" notice. Each
is keyed (``expiry-90:recognition:<id>``), so a run repeated the same day, the next days or after a missed day
sends each notice once, and a run after a missed day still sends it (a window, not an exact day). The notice links
to the re-evaluation application of the product, pre-filled from its last dossier."""

import datetime

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.formatting import format_date

from .models import NoticeKind
from .services import notify

THRESHOLDS = (90, 30)


def _expiring(today, days):
    from decisions.models import Recognition

    return (
        Recognition.objects.filter(
            decision__status="issued",
            product__ocop_recognition_id=F("pk"),
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=days),
        )
        .select_related("product")
        .order_by("valid_until", "pk")
    )


def send_expiry_notices(*, today=None):
    """Store and e-mail the due notices; returns {"90": n, "30": n} (notices stored by this run)."""
    from producers.selectors import accounts_for_subject

    today = today or timezone.localdate()
    sent = {}
    for days in THRESHOLDS:
        count = 0
        for recognition in _expiring(today, days):
            product = recognition.product
            users = [account.user for account in accounts_for_subject(product.subject_id)]
            if not users:
                continue
            # The 90-day notice is not sent when the 30-day window is already reached (one notice, the nearer).
            if days == 90 and recognition.valid_until <= today + datetime.timedelta(days=30):
                continue
            link = reverse("producers:application_new") + f"?product={product.pk}&kind=re_evaluation"
            title = _("Sản phẩm «%(name)s» hết hiệu lực công nhận OCOP sau %(days)s ngày") % {
                "name": product.name,
                "days": (recognition.valid_until - today).days,
            }
            body = _(
                "Giấy chứng nhận %(stars)s sao của sản phẩm «%(name)s» hết hiệu lực ngày %(day)s. Bắt đầu hồ sơ đánh "
                "giá lại ngay: hồ sơ được điền sẵn từ lần trước, giấy tờ còn hiệu lực được dùng lại."
            ) % {"stars": recognition.stars, "name": product.name, "day": format_date(recognition.valid_until)}
            created = notify(
                users, NoticeKind.EXPIRY, title, body, link, key=f"expiry-{days}:recognition:{recognition.pk}"
            )
            count += len(created)
        sent[str(days)] = count
    return sent
