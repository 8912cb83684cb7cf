"""One demo account per role. Passwords are printed by ``seed_demo``; never use them in production."""

from accounts.models import Role, User
from areas.models import AdministrativeUnit, UnitLevel

DEMO_PASSWORD = "Ocop@2026"

# username, full name, role, unit (official code, level, current?): canbo.laivung on the old district Lai Vung
# (876, ended 30/06/2025: read-only until reassigned), canbo.xatanhong on the new commune Tân Hồng (29926, from
# 01/07/2025: old Sa Rài, Bình Phú and Tân Công Chí), the province roles on the merged Đồng Tháp (82).
DEMO_ACCOUNTS = [
    ("canbo.laivung", "Nguyễn Thị Lan", Role.LOCAL_OFFICER, ("876", UnitLevel.DISTRICT, False)),
    ("canbo.xatanhong", "Trần Văn Hùng", Role.LOCAL_OFFICER, ("29926", UnitLevel.COMMUNE, True)),
    ("hoidong.thanhvien", "Lê Minh Tâm", Role.COUNCIL_MEMBER, ("82", UnitLevel.PROVINCE, True)),
    ("hoidong.thuky", "Phạm Thu Hà", Role.COUNCIL_SECRETARY, ("82", UnitLevel.PROVINCE, True)),
    ("vpdp.dongthap", "Võ Thanh Phong", Role.COORDINATION_OFFICE, ("82", UnitLevel.PROVINCE, True)),
    ("lanhdao.tinh", "Huỳnh Văn Bình", Role.LEADERSHIP, ("82", UnitLevel.PROVINCE, True)),
    ("quantri", "Quản trị hệ thống", Role.ADMINISTRATOR, ("VN", UnitLevel.COUNTRY, None)),
]


def _find(code, level, current):
    qs = AdministrativeUnit.objects.filter(code=code, level=level)
    if current is True:
        qs = qs.filter(valid_to__isnull=True)
    elif current is False:
        qs = qs.filter(valid_to__isnull=False)
    return qs.get()


def load():
    accounts = []
    for username, full_name, role, (code, level, current) in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "role": role, "unit": _find(code, level, current)},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            if role == Role.ADMINISTRATOR:
                user.is_staff = user.is_superuser = True
            user.save()
        accounts.append(user)
    return accounts


def demo_users():
    order = {username: i for i, (username, *_rest) in enumerate(DEMO_ACCOUNTS)}
    users = User.objects.filter(username__in=order).select_related("unit")
    return sorted(users, key=lambda user: order[user.username])
