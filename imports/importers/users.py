"""Import of user accounts (người dùng) through ``accounts.services.account_create`` / ``account_update``.

Key: the username. A new account is created without a password (it cannot log in) and its owner receives an
e-mail with a one-time link to choose one; a file never carries passwords (a column named like a password refuses
the whole file). Re-importing changes the name, e-mail, role, unit, position and phone (audited), never the
password. The coordination office creates accounts only in its area and only with roles it may grant.
"""

from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from accounts.services import STAFF_ROLES, account_create, account_update, can_create_accounts, grantable_roles

from ..columns import Choice, Column, Text, ValueType
from .base import Importer, RowError
from .common import UnitLookup, chunks

FIELDS = ("full_name", "email", "role", "position", "phone")
ROLE_ALIASES = {
    "VPĐP": Role.COORDINATION_OFFICE,
    "Văn phòng điều phối OCOP": Role.COORDINATION_OFFICE,
    "Cán bộ": Role.LOCAL_OFFICER,
    "Cán bộ huyện": Role.LOCAL_OFFICER,
    "Cán bộ xã": Role.LOCAL_OFFICER,
    "Thành viên": Role.COUNCIL_MEMBER,
    "Thư ký": Role.COUNCIL_SECRETARY,
    "Quản trị": Role.ADMINISTRATOR,
}
PASSWORD_HEADERS = ("Mật khẩu", "Password", "Mật khẩu tạm", "Mat khau", "Pass", "Mật mã")


class RefusedColumn(ValueType):
    """A column the file must not have (passwords): any value is an error."""

    @property
    def label(self):
        return _("Không được có cột này")

    def parse(self, raw):
        from ..columns import ParseError

        raise ParseError(_("tệp không được chứa mật khẩu; người dùng tự đặt mật khẩu qua liên kết gửi thư điện tử."))


class Email(Text):
    def __init__(self):
        super().__init__(254)

    @property
    def label(self):
        return _("Địa chỉ thư điện tử (vd. ten@dongthap.gov.vn)")

    def parse(self, raw):
        from django.core.validators import validate_email

        from ..columns import ParseError

        text = super().parse(raw).lower()
        try:
            validate_email(text)
        except Exception:
            raise ParseError(_("không phải địa chỉ thư điện tử (dạng ten@donvi.gov.vn).")) from None
        return text


class UserImporter(Importer):
    kind = "users"
    label = gettext_lazy("Người dùng (tài khoản)")
    description = gettext_lazy(
        "Tài khoản cán bộ của địa bàn: tên đăng nhập, họ tên, thư điện tử, vai trò, đơn vị. Tài khoản mới chưa đăng "
        "nhập được cho đến khi người dùng tự đặt mật khẩu qua liên kết gửi vào thư điện tử; tệp không bao giờ chứa "
        "mật khẩu."
    )
    model = User
    exports_list = False
    key_fields = ("username",)
    key_label = gettext_lazy("tài khoản (tên đăng nhập)")
    error_columns = {"unit": "unit_code", "email": "email", "role": "role", "username": "username"}
    columns = [
        Column(
            "Tên đăng nhập",
            "username",
            Text(150),
            required=True,
            key=True,
            help=gettext_lazy("Chữ không dấu, số và . _ - @; không đổi được sau khi tạo."),
            example="canbo.laivung",
        ),
        Column("Họ và tên", "full_name", Text(150), required=True, example="Nguyễn Văn An"),
        Column(
            "Thư điện tử",
            "email",
            Email(),
            required=True,
            help=gettext_lazy("Liên kết đặt mật khẩu được gửi tới địa chỉ này."),
            example="an.nv@dongthap.gov.vn",
        ),
        Column(
            "Vai trò",
            "role",
            Choice([(role, Role(role).label) for role in (*STAFF_ROLES, Role.ADMINISTRATOR)], aliases=ROLE_ALIASES),
            required=True,
            help=gettext_lazy(
                "Ghi tên vai trò hoặc mã: Cán bộ huyện/xã (local_officer), Thành viên hội đồng (council_member), "
                "Thư ký hội đồng (council_secretary), Văn phòng Điều phối (coordination_office), Lãnh đạo "
                "(leadership); Quản trị hệ thống (administrator) chỉ quản trị hệ thống cấp được."
            ),
            example="Cán bộ huyện/xã",
        ),
        Column(
            "Mã đơn vị hành chính",
            "unit_code",
            Text(20),
            required=True,
            help=gettext_lazy("Mã đơn vị (mã thống kê) nơi người dùng làm việc; phải thuộc địa bàn của bạn."),
            example="30316",
            export="unit__code",
            extra={"model_field": "unit"},
        ),
        Column("Chức vụ", "position", Text(150), example="Chuyên viên"),
        Column("Điện thoại", "phone", Text(30), example="0277 3851 234"),
        *[
            Column(header, f"password_{index}", RefusedColumn(), extra={"template": False})
            for index, header in enumerate(PASSWORD_HEADERS)
        ],
    ]

    @classmethod
    def allowed(cls, user):
        return can_create_accounts(user)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.units = UnitLookup(self.actor)
        self.existing = {}

    def prepare(self, rows):
        if any(self.present(f"password_{index}") for index in range(len(PASSWORD_HEADERS))):
            for row in rows:
                field = next(f"password_{i}" for i in range(len(PASSWORD_HEADERS)) if self.present(f"password_{i}"))
                if not row.errors:
                    self.error(
                        row,
                        field,
                        _("tệp không được có cột mật khẩu; hãy xoá cột này. Người dùng tự đặt mật khẩu qua thư."),
                    )
        self.units.prepare(row.values.get("unit_code") for row in rows)
        names = {(row.values.get("username") or "").lower() for row in rows}
        for part in chunks(names):
            queryset = User.objects.annotate(folded=Lower("username")).filter(folded__in=part).select_related("unit")
            for account in queryset:
                self.existing[account.username.lower()] = account

    def key(self, row):
        return ((row.values.get("username") or "").lower(),)

    def resolve(self, row):
        values = row.values
        unit = self.units.find(
            code=values.get("unit_code"), name="", code_field="unit_code", name_field="unit_code", required=True
        )
        if values.get("role") and values["role"] not in grantable_roles(self.actor):
            raise RowError(
                "role",
                _("bạn không được cấp vai trò này; vai trò được cấp: %(roles)s.")
                % {"roles": "; ".join(str(Role(role).label) for role in grantable_roles(self.actor))},
            )
        existing = self.existing.get(values["username"].lower())
        if existing is not None and existing.unit_id and existing.unit_id != unit.pk:
            from accounts.scoping import in_scope

            if not in_scope(self.actor, existing.unit, "change"):
                raise RowError("username", _("tên đăng nhập này đã là tài khoản của đơn vị ngoài địa bàn bạn quản lý."))
        row.refs.update(unit=unit, existing=existing)

    def data(self, row):
        data = {name: row.values[name] for name in FIELDS if name in row.values}
        data["unit"] = row.refs["unit"]
        return data

    def describe(self, row):
        return f"{row.values.get('username', '')} – {row.values.get('full_name', '')}"

    def apply(self, row):
        data = self.data(row)
        existing = row.refs["existing"]
        if existing is None:
            account_create(actor=self.actor, username=row.values["username"], data=data, reason=self.reason)
            return "create", []
        changed = self.changes(existing, data)
        if not changed:
            return "unchanged", []
        texts = self.change_texts(existing, changed)
        account_update(actor=self.actor, account=existing, data=changed, reason=self.reason)
        return "update", texts
