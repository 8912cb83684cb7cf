"""Load the demo data and the demo accounts (idempotent: running it twice changes nothing)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as accounts_demo
from areas import demo as areas_demo

# Each app that has demo data exposes ``load()``; they run in this order inside one transaction.
LOADERS = [areas_demo.load, accounts_demo.load]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu và tài khoản mẫu (mỗi vai trò một tài khoản)."

    def handle(self, *args, **options):
        with transaction.atomic():
            for loader in LOADERS:
                loader()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu: {accounts_demo.DEMO_PASSWORD}):")
        for user in accounts_demo.demo_users():
            self.stdout.write(f"  {user.username:<20} {user.get_role_display():<22} {user.unit}")
