"""Import of issuing authorities (cơ quan ban hành quyết định), keyed by their stable code (``Authority.code``):
two authorities may share a name (the old and the merged province's «UBND tỉnh Đồng Tháp»), never a code.

Decisions copy their authority's unit for area scoping, so the unit of an authority that already has decisions is
never moved by an import. Every creation and change is audited.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.formatting import unit_name
from areas.models import UnitLevel
from audit.models import AuditAction
from audit.services import record_change, snapshot
from decisions.models import Authority, AuthorityLevel
from decisions.permissions import can_issue_decisions
from ocop_portal.text import fold

from ..columns import Boolean, Choice, Column, Text
from .base import Importer, RowError
from .common import UnitLookup, chunks, unit_columns

FIELDS = (
    "name",
    "level",
    "number_suffix",
    "header_name",
    "place_name",
    "superior_name",
    "signer_name",
    "signer_title",
    "is_active",
)


def authority_save(*, actor, authority, data, reason=""):
    """Create (``authority.pk`` None) or change an issuing authority inside ``actor``'s area; audited."""
    if not can_issue_decisions(actor) or not (authority.unit_id is None or can_issue_decisions(actor, authority)):
        raise PermissionDenied(_("Bạn không được sửa cơ quan ban hành này."))
    creating = authority.pk is None
    before = None if creating else snapshot(authority)
    for name, value in data.items():
        setattr(authority, name, value)
    if not can_issue_decisions(actor, authority):
        raise PermissionDenied(
            _("Địa bàn %(unit)s nằm ngoài địa bàn bạn quản lý.") % {"unit": unit_name(authority.unit)}
        )
    try:
        authority.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    authority.save()
    record_change(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        instance=authority,
        before=before,
        reason=reason,
    )
    return authority


class AuthorityImporter(Importer):
    kind = "authorities"
    label = gettext_lazy("Cơ quan ban hành quyết định")
    description = gettext_lazy(
        "Danh mục cơ quan ban hành quyết định công nhận, thu hồi (UBND tỉnh, UBND huyện, Bộ...), nhận dạng bằng mã "
        "cơ quan ổn định: hai cơ quan có thể trùng tên (UBND tỉnh cũ và tỉnh sau sáp nhập) nhưng không trùng mã. "
        "Tệp quyết định ghi mã này ở cột cơ quan ban hành."
    )
    model = Authority
    exports_list = False
    key_fields = ("code",)
    key_label = gettext_lazy("cơ quan ban hành (mã cơ quan)")
    error_columns = {"unit": "unit_code", "code": "code", "name": "name", "level": "level"}
    columns = [
        Column(
            "Mã cơ quan",
            "code",
            Text(40),
            required=True,
            key=True,
            help=gettext_lazy("Mã ổn định, không đổi, vd. province-87 (UBND tỉnh Đồng Tháp cũ), province-82-2025."),
            example="province-87",
        ),
        Column("Tên cơ quan", "name", Text(200), required=True, example="UBND tỉnh Đồng Tháp"),
        Column(
            "Cấp",
            "level",
            Choice(AuthorityLevel.choices, aliases={"tw": "central", "bộ": "central", "ubnd tỉnh": "province"}),
            required=True,
            help=gettext_lazy("Trung ương, Tỉnh hoặc Huyện (hoặc mã central, province, district)."),
            example=str(AuthorityLevel.PROVINCE.label),
        ),
        *unit_columns(code_header="Mã đơn vị hành chính", name_header="Địa bàn"),
        Column(
            "Ký hiệu số quyết định",
            "number_suffix",
            Text(50),
            help=gettext_lazy("Phần sau dấu / của số quyết định; để trống là QĐ-UBND."),
            example="QĐ-UBND-HC",
        ),
        Column(
            "Tên cơ quan trên văn bản",
            "header_name",
            Text(200),
            help=gettext_lazy("Chữ in hoa, xuống dòng bằng dấu /; để trống là tên cơ quan viết hoa."),
            example="ỦY BAN NHÂN DÂN / TỈNH ĐỒNG THÁP",
        ),
        Column(
            "Địa danh ghi ngày ban hành",
            "place_name",
            Text(100),
            help=gettext_lazy("Để trống là tên địa bàn."),
            example="Đồng Tháp",
        ),
        Column("Cơ quan chủ quản", "superior_name", Text(200)),
        Column("Người ký mặc định", "signer_name", Text(150)),
        Column("Chức vụ người ký", "signer_title", Text(200), example="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"),
        Column("Đang sử dụng", "is_active", Boolean(), default=True, help=gettext_lazy("Để trống là Có.")),
    ]

    @classmethod
    def allowed(cls, user):
        return can_issue_decisions(user)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.units = UnitLookup(self.actor, action="approve")
        self.existing = {}

    def key(self, row):
        return (fold(row.values.get("code") or ""),)

    def describe(self, row):
        return f"{row.values.get('code', '')} – {row.values.get('name', '')}"

    def prepare(self, rows):
        self.units.prepare(row.values.get("unit_code") for row in rows)
        codes = {row.values.get("code") for row in rows if row.values.get("code")}
        for part in chunks(codes):
            for authority in Authority.objects.filter(code__in=part).select_related("unit"):
                self.existing[fold(authority.code)] = authority
        for authority in Authority.objects.filter(code__isnull=False).select_related("unit"):
            self.existing.setdefault(fold(authority.code), authority)

    def resolve(self, row):
        values = row.values
        existing = self.existing.get(fold(values["code"]))
        if existing is not None and not can_issue_decisions(self.actor, existing):
            raise RowError("code", _("mã này là của một cơ quan ngoài địa bàn bạn quản lý."))
        unit = self.units.find(
            code=values.get("unit_code"),
            name=values.get("unit_name"),
            code_field="unit_code" if self.present("unit_code") else "unit_name",
            name_field="unit_name" if self.present("unit_name") else "unit_code",
        )
        expected = {AuthorityLevel.PROVINCE: UnitLevel.PROVINCE, AuthorityLevel.DISTRICT: UnitLevel.DISTRICT}.get(
            values["level"]
        )
        if expected and unit.level != expected:
            raise RowError(
                "unit_code",
                _("cơ quan cấp %(level)s phải gắn với một đơn vị cấp %(unit_level)s; %(unit)s là cấp %(actual)s.")
                % {
                    "level": AuthorityLevel(values["level"]).label.lower(),
                    "unit_level": UnitLevel(expected).label.lower(),
                    "unit": unit_name(unit),
                    "actual": UnitLevel(unit.level).label.lower(),
                },
            )
        if existing is not None and existing.unit_id != unit.pk and existing.decisions.exists():
            raise RowError(
                "unit_code",
                _("cơ quan này đã có quyết định ở %(unit)s; không chuyển sang địa bàn khác được.")
                % {"unit": unit_name(existing.unit)},
            )
        row.refs.update(unit=unit, existing=existing)

    def data(self, row):
        values = row.values
        unit = row.refs["unit"]
        data = {name: values[name] for name in FIELDS if name in values}
        data["unit"] = unit
        existing = row.refs["existing"]
        defaults = {
            "number_suffix": "QĐ-UBND",
            "header_name": values["name"].upper().replace(" / ", "\n"),
            "place_name": unit.name,
        }
        for name, default in defaults.items():
            if not data.get(name):
                if existing is None or not getattr(existing, name):
                    data[name] = default
                else:
                    data.pop(name, None)
        if data.get("header_name"):
            data["header_name"] = data["header_name"].replace(" / ", "\n")
        if data.get("signer_title"):
            data["signer_title"] = data["signer_title"].replace(" / ", "\n")
        return data

    def apply(self, row):
        data = self.data(row)
        existing = row.refs["existing"]
        if existing is None:
            authority = authority_save(
                actor=self.actor, authority=Authority(code=row.values["code"]), data=data, reason=self.reason
            )
            self.existing[fold(authority.code)] = authority
            return "create", []
        changed = self.changes(existing, data)
        if not changed:
            return "unchanged", []
        texts = self.change_texts(existing, changed)
        authority_save(actor=self.actor, authority=existing, data=changed, reason=self.reason)
        return "update", texts
