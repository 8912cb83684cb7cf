"""Import of chủ thể OCOP, matched by registration number (số đăng ký kinh doanh); writes through
``subjects.services.subject_create`` / ``subject_update``."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import can_edit_registry
from ocop_portal.text import fold
from subjects.models import Gender, LegalForm, Subject, SubjectStatus
from subjects.services import describe_subject, normalize_code, subject_create, subject_update

from ..columns import Boolean, Choice, Column, Integer, Text, clean_text
from .base import Importer, RowError
from .common import SubjectLookup, UnitLookup, unit_columns

LEGAL_FORM_ALIASES = {
    "HTX": LegalForm.COOPERATIVE,
    "THT": LegalForm.COOPERATIVE_GROUP,
    "Công ty TNHH MTV": LegalForm.LLC_SINGLE,
    "Công ty TNHH một thành viên": LegalForm.LLC_SINGLE,
    "Công ty TNHH 1 TV": LegalForm.LLC_SINGLE,
    "Công ty TNHH 1 thành viên": LegalForm.LLC_SINGLE,
    "Công ty TNHH 2 thành viên trở lên": LegalForm.LLC_MULTI,
    "Công ty TNHH hai thành viên": LegalForm.LLC_MULTI,
    "Công ty cổ phần": LegalForm.JOINT_STOCK,
    "CTCP": LegalForm.JOINT_STOCK,
    "Công ty TNHH 2 TV": LegalForm.LLC_MULTI,
    "Công ty CP": LegalForm.JOINT_STOCK,
    "DNTN": LegalForm.PRIVATE_ENTERPRISE,
    "Hộ kinh doanh": LegalForm.HOUSEHOLD,
    "Cơ sở sản xuất": LegalForm.HOUSEHOLD,
    "HKD": LegalForm.HOUSEHOLD,
}

# «Công ty TNHH» without saying one or two members: a clerk means a limited liability company; which of the two
# forms is read from the subject (its stored form, «MTV»/«một thành viên» in its name), else two members, with a
# warning in the preview.
AMBIGUOUS_LLC = {fold(text) for text in ("Công ty TNHH", "Cty TNHH", "Công ty trách nhiệm hữu hạn", "TNHH")}
LLC_FORMS = (LegalForm.LLC_SINGLE, LegalForm.LLC_MULTI)
for _text in AMBIGUOUS_LLC:
    LEGAL_FORM_ALIASES[_text] = LegalForm.LLC_MULTI

# The subject fields written by the import (``subjects.services.EDITABLE_FIELDS`` except the unit, resolved apart).
FIELDS = [
    "name",
    "legal_form",
    "registration_number",
    "tax_code",
    "address",
    "representative_name",
    "representative_gender",
    "representative_ethnic_minority",
    "is_sme",
    "workforce_total",
    "workforce_local",
    "workforce_qualified",
    "phone",
    "email",
    "website",
    "status",
]


class SubjectImporter(Importer):
    kind = "subjects"
    label = gettext_lazy("Chủ thể OCOP")
    description = gettext_lazy(
        "Hợp tác xã, tổ hợp tác, doanh nghiệp, hộ kinh doanh. Dòng nào có số đăng ký kinh doanh đã có trên cổng thì "
        "cập nhật chủ thể đó, chưa có thì thêm mới."
    )
    model = Subject
    key_fields = ("registration_number",)
    key_label = gettext_lazy("số đăng ký kinh doanh")
    error_columns = {"unit": "unit_code"}
    export_related = ("unit",)
    columns = [
        Column(
            "Số đăng ký kinh doanh",
            "registration_number",
            Text(50, code=True),
            required=True,
            key=True,
            help=gettext_lazy(
                "Số trên giấy chứng nhận đăng ký doanh nghiệp / HTX / hộ kinh doanh. Khoá để nhận ra chủ thể: "
                "số đã có trên cổng thì dòng này cập nhật chủ thể đó."
            ),
            example="1400123456",
        ),
        Column("Tên chủ thể", "name", Text(255), required=True, example="Hợp tác xã Sen Hồng"),
        Column(
            "Loại hình",
            "legal_form",
            Choice(LegalForm.choices, aliases=LEGAL_FORM_ALIASES),
            required=True,
            help=gettext_lazy(
                "Ghi như trong danh sách; cũng nhận HTX, THT, DNTN, HKD, Công ty CP, Công ty TNHH MTV. «Công ty TNHH» "
                "không nói số thành viên được đọc là công ty TNHH (một thành viên nếu tên có «MTV», nếu không là hai "
                "thành viên trở lên), có cảnh báo ở bản xem trước."
            ),
            example="Hợp tác xã",
        ),
        Column("Mã số thuế", "tax_code", Text(20, code=True), example="1400123456"),
        Column("Địa chỉ", "address", Text(255), required=True, example="Ấp 1"),
        *unit_columns(code_header="Mã đơn vị hành chính", name_header="Tên đơn vị hành chính"),
        Column("Người đại diện theo pháp luật", "representative_name", Text(150), required=True, example="Lê Thị Hồng"),
        Column(
            "Giới tính người đại diện",
            "representative_gender",
            Choice(Gender.choices),
            required=True,
            example="Nữ",
        ),
        Column(
            "Người đại diện là người dân tộc thiểu số", "representative_ethnic_minority", Boolean(), example="Không"
        ),
        Column("Doanh nghiệp nhỏ và vừa", "is_sme", Boolean(), example="Không"),
        Column("Tổng số lao động", "workforce_total", Integer(), default=0, example=20),
        Column(
            "Lao động địa phương",
            "workforce_local",
            Integer(),
            default=0,
            help=gettext_lazy("Không lớn hơn tổng số lao động."),
            example=18,
        ),
        Column(
            "Lao động có bằng cấp/chứng chỉ nghề",
            "workforce_qualified",
            Integer(),
            default=0,
            help=gettext_lazy("Không lớn hơn tổng số lao động."),
            example=3,
        ),
        Column("Điện thoại", "phone", Text(30), example="0277 3 851 234"),
        Column("Thư điện tử", "email", Text(254), example="htx.senhong@gmail.com"),
        Column(
            "Website / fanpage",
            "website",
            Text(200),
            help=gettext_lazy("Thiếu «https://» thì cổng tự thêm."),
            example="https://facebook.com/htxsenhong",
        ),
        Column(
            "Trạng thái",
            "status",
            Choice(SubjectStatus.choices),
            default=SubjectStatus.ACTIVE,
            help=gettext_lazy("Để trống là «Đang hoạt động»."),
            example="Đang hoạt động",
        ),
    ]

    @classmethod
    def allowed(cls, user):
        return can_edit_registry(user)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.units = UnitLookup(self.actor)
        self.subjects = SubjectLookup(self.actor)

    def prepare(self, rows):
        self.units.prepare(row.values.get("unit_code") for row in rows)
        self.subjects.prepare(row.values.get("registration_number") for row in rows)

    def resolve(self, row):
        values = row.values
        website = values.get("website")
        if website and "://" not in website:
            values["website"] = f"https://{website}"
        row.refs["unit"] = self.units.find(
            code=values.get("unit_code"),
            name=values.get("unit_name"),
            code_field="unit_code" if self.present("unit_code") else "unit_name",
            name_field="unit_name" if self.present("unit_name") else "unit_code",
        )
        existing = self.subjects.get(values["registration_number"])
        if existing is not None and not can_edit_registry(self.actor, existing):
            raise RowError(
                "registration_number",
                _("số đăng ký này đã thuộc %(subject)s, ngoài địa bàn bạn được sửa.")
                % {"subject": describe_subject(existing, self.actor)},
            )
        row.refs["existing"] = existing
        self._company_form(row, existing)

    def _company_form(self, row, existing):
        """«Công ty TNHH» alone: the company form the subject has (or its name says), with a warning."""
        if fold(clean_text(row.raw.get("legal_form"))) not in AMBIGUOUS_LLC:
            return
        name = fold(row.values.get("name") or "")
        if existing is not None and existing.legal_form in LLC_FORMS:
            form = existing.legal_form
        elif " mtv" in f" {name}" or "mot thanh vien" in name or "1 thanh vien" in name:
            form = LegalForm.LLC_SINGLE
        else:
            form = LegalForm.LLC_MULTI
        row.values["legal_form"] = form
        self.warn(
            row,
            "legal_form",
            _(
                "«%(given)s» không nói một hay hai thành viên; cổng ghi «%(form)s». Nếu không đúng, sửa ô này thành "
                "«Công ty TNHH một thành viên» hoặc «Công ty TNHH hai thành viên trở lên»."
            )
            % {"given": clean_text(row.raw.get("legal_form")), "form": LegalForm(form).label},
        )

    def data(self, row):
        data = {name: row.values[name] for name in FIELDS if name in row.values}
        data["registration_number"] = normalize_code(data["registration_number"])
        data["unit"] = row.refs["unit"]
        return data

    def apply(self, row):
        data = self.data(row)
        existing = row.refs["existing"]
        if existing is None:
            subject_create(actor=self.actor, data=data)
            return "create", []
        changed = self.changes(existing, data)
        if not changed:
            return "unchanged", []
        texts = self.change_texts(existing, changed)
        subject_update(actor=self.actor, subject=existing, data=changed, reason=self.reason)
        return "update", texts

    def describe(self, row):
        return f"{row.values.get('name', '')} ({row.values.get('registration_number', '')})"

    def key_text(self, row):
        return _("số ĐKKD %(number)s") % {"number": row.values.get("registration_number", "")}
