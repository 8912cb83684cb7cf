"""Load the demo data and the demo accounts (idempotent: running it twice changes nothing)."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as accounts_demo
from ocop_portal.reference_data import ensure_reference_data

# Each app with demo data has a ``demo`` module with ``load()``; they run in this order in one transaction.
DEMO_MODULES = [
    "areas.demo",
    "accounts.demo",
    "subjects.demo",
    "products.demo",
    "evaluations.demo",
    "programme.demo",
    "reports.demo",  # the 2019–2022 history of old Đồng Tháp that the 2022 report reproduces
    "decisions.demo",  # 2023 onwards, on top of that history
]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu và tài khoản mẫu (mỗi vai trò một tài khoản)."

    def handle(self, *args, **options):
        with transaction.atomic():
            ensure_reference_data()
            for name in DEMO_MODULES:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as exc:
                    if name.split(".")[0] != (exc.name or "").split(".")[0] and exc.name != name:
                        raise
                    continue  # that app has no demo data yet
                module.load()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu: {accounts_demo.DEMO_PASSWORD}):")
        for user in accounts_demo.demo_users():
            self.stdout.write(f"  {user.username:<20} {user.get_role_display():<22} {user.unit}")
