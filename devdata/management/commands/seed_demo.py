"""Load the demo data and the demo accounts (idempotent: running it twice changes nothing)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from devdata import producers_demo
from devdata.demo import accounts as accounts_demo
from devdata.demo import areas, decisions, evaluations, history, products, programme, reports, subjects
from ocop_portal.reference_data import ensure_reference_data

# One ``devdata.demo`` module per app, each with ``load()``; they run in this order in one transaction.
DEMO_MODULES = [
    areas,
    accounts_demo,
    subjects,
    products,
    evaluations,
    programme,
    reports,  # the 2019–2022 history of old Đồng Tháp that the 2022 report reproduces
    decisions,  # 2023 onwards, on top of that history
    history,  # that history carried into 2023–2026: re-evaluations every 36 months, before and after the merger
    producers_demo,  # the producers' accounts (#18): one verified by the commune, one waiting
]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu và tài khoản mẫu (mỗi vai trò một tài khoản)."

    def handle(self, *args, **options):
        with transaction.atomic():
            ensure_reference_data()
            for module in DEMO_MODULES:
                module.load()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu: {accounts_demo.DEMO_PASSWORD}):")
        for user in accounts_demo.demo_users():
            self.stdout.write(f"  {user.username:<20} {user.get_role_display():<22} {user.unit}")
        producer_names = (producers_demo.VERIFIED_USERNAME, producers_demo.PENDING_USERNAME)
        for user in User.objects.filter(username__in=producer_names).select_related("producer_account"):
            account = getattr(user, "producer_account", None)
            state = account.get_status_display() if account else ""
            self.stdout.write(f"  {user.username:<20} {user.get_role_display():<22} {state}")
