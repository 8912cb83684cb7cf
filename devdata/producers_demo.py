"""The demo's producer accounts (issue #18): ``chuthe.demo`` (password ``Ocop@2026``), verified by the commune officer
``canbo.xatanhong`` and acting for a subject of that officer's commune (Tân Hồng, 29926), and ``chuthe.moi``, a
producer still waiting for the commune's verification. Idempotent: run twice, it changes nothing.

Run by ``seed_demo`` after the demo subjects and products (``load()``)."""

from django.db.models import Count
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AuditAction
from audit.services import record_change
from producers.models import ProducerAccount, ProducerAccountStatus
from subjects.models import Subject

DEMO_PASSWORD = "Ocop@2026"
VERIFIED_USERNAME = "chuthe.demo"
PENDING_USERNAME = "chuthe.moi"
OFFICER_USERNAME = "canbo.xatanhong"


def _producer_user(username, full_name, phone):
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "role": Role.PRODUCER, "phone": phone}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user, created


def demo_subject(officer):
    """A subject of the officer's commune, one with products first (the demo's producer has something to see)."""
    return (
        Subject.objects.restrict(officer, "change")
        .annotate(product_count=Count("products"))
        .order_by("-product_count", "name", "pk")
        .select_related("unit")
        .first()
    )


def load():
    officer = User.objects.filter(username=OFFICER_USERNAME).select_related("unit").first()
    if officer is None or officer.unit is None:
        return []
    accounts = []
    subject = demo_subject(officer)
    if subject is not None:
        user, created = _producer_user(VERIFIED_USERNAME, subject.representative_name or "Chủ thể mẫu", "0912345678")
        if created:
            account = ProducerAccount.objects.create(
                user=user,
                subject=subject,
                status=ProducerAccountStatus.VERIFIED,
                registration_number=subject.registration_number,
                tax_code=subject.tax_code,
                organisation_name=subject.name,
                representative_name=subject.representative_name,
                commune=officer.unit,
                address=subject.address,
                phone=subject.phone or "0912345678",
                email=subject.email,
                verified_by=officer,
                verified_at=timezone.now(),
            )
            record_change(
                actor=user, action=AuditAction.CREATE, instance=account, reason="Chủ thể tự đăng ký (dữ liệu mẫu)"
            )
            record_change(actor=officer, action=AuditAction.UPDATE, instance=account, reason="Xác minh (dữ liệu mẫu)")
        accounts.append(user)
    user, created = _producer_user(PENDING_USERNAME, "Lê Thị Mai", "0987654321")
    if created:
        account = ProducerAccount.objects.create(
            user=user,
            status=ProducerAccountStatus.PENDING,
            registration_number="1402999888",
            organisation_name="Hộ kinh doanh Bánh pía Mai Tân Hồng",
            representative_name="Lê Thị Mai",
            commune=officer.unit,
            address="Ấp Tân Thuận",
            phone="0987654321",
        )
        record_change(
            actor=user, action=AuditAction.CREATE, instance=account, reason="Chủ thể tự đăng ký (dữ liệu mẫu)"
        )
    accounts.append(user)
    return accounts
