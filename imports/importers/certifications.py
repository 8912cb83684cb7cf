"""Import of the certifications of products (chứng nhận: ATTP, VietGAP, hữu cơ, nhãn hiệu, chỉ dẫn địa lý...)
through ``products.services.product_update`` (which checks them, replaces the product's list and audits the change).

One row per certification. A row is matched by (registration number of the subject, product name, kind of
certification, number): the same product, kind and number is the same certification, updated; otherwise a new
one is added to the product. Certifications not in the file are left as they are.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import can_edit_registry, role_allows
from ocop_portal.text import fold
from products.models import Certification, CertificationKind
from products.services import CERTIFICATION_FIELDS, product_update
from subjects.services import normalize_code

from ..columns import Choice, Column, Date, Text
from .base import Importer, RowError
from .common import ProductLookup, product_columns

KIND_ALIASES = {
    "ATTP": CertificationKind.FOOD_SAFETY,
    "An toàn thực phẩm": CertificationKind.FOOD_SAFETY,
    "Cơ sở đủ điều kiện an toàn thực phẩm": CertificationKind.FOOD_SAFETY,
    "Organic": CertificationKind.ORGANIC,
    "Công bố chất lượng": CertificationKind.STANDARD_DECLARATION,
    "Công bố tiêu chuẩn": CertificationKind.STANDARD_DECLARATION,
    "Nhãn hiệu chứng nhận": CertificationKind.CERTIFICATION_MARK,
}
FIELDS = ["kind", "number", "issuer", "issued_on", "expires_on"]
assert set(FIELDS) == set(CERTIFICATION_FIELDS)


class CertificationImporter(Importer):
    kind = "certifications"
    label = gettext_lazy("Chứng nhận của sản phẩm")
    description = gettext_lazy(
        "Giấy chứng nhận ATTP, VietGAP, hữu cơ, công bố chất lượng, nhãn hiệu, chỉ dẫn địa lý... của các sản phẩm "
        "đã có trên cổng, mỗi dòng một chứng nhận. Một chứng nhận được nhận ra theo sản phẩm, loại và số chứng nhận: "
        "đã có thì cập nhật, chưa có thì thêm vào sản phẩm; các chứng nhận không có trong tệp được giữ nguyên."
    )
    model = Certification
    key_fields = ("subject_number", "product_name", "kind", "number")
    key_label = gettext_lazy("chứng nhận (sản phẩm, loại và số chứng nhận)")
    error_columns = {"certifications": "number", "expires_on": "expires_on", "issued_on": "issued_on"}
    export_related = ("product__subject",)
    columns = [
        *product_columns(),
        Column(
            "Loại chứng nhận",
            "kind",
            Choice(CertificationKind.choices, aliases=KIND_ALIASES),
            required=True,
            key=True,
            help=gettext_lazy("Cũng nhận «ATTP», «Organic», «Công bố chất lượng»."),
            example="VietGAP",
        ),
        Column(
            "Số chứng nhận",
            "number",
            Text(100),
            key=True,
            help=gettext_lazy("Số giấy chứng nhận hoặc số văn bằng; để trống nếu không có số."),
            example="VietGAP-TT-12-34-87-0001",
        ),
        Column("Cơ quan cấp", "issuer", Text(255), example="Trung tâm Chứng nhận VietGAP"),
        Column("Ngày cấp", "issued_on", Date(), example="15/03/2023"),
        Column(
            "Ngày hết hạn",
            "expires_on",
            Date(),
            help=gettext_lazy("Không trước ngày cấp; để trống nếu không thời hạn."),
            example="15/03/2026",
        ),
    ]

    @classmethod
    def allowed(cls, user):
        return role_allows(user, "change")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.products = ProductLookup(self.actor)

    def prepare(self, rows):
        self.products.prepare(
            [row.values.get("subject_number") for row in rows], codes=[row.values.get("ocop_code") for row in rows]
        )

    def resolve(self, row):
        values = row.values
        product = self.products.find(
            values["subject_number"], values["product_name"], "product_name", code=values.get("ocop_code")
        )
        if not can_edit_registry(self.actor, product):
            raise RowError("product_name", _("sản phẩm này nằm ngoài địa bàn bạn được sửa."))
        row.refs["product"] = product
        if not row.ok:
            return  # a cell did not parse; its error is already reported
        # The certification's own rules (the model's checks, e.g. expiry not before issue), on the row's columns.
        candidate = Certification(product=product, **self._data(row))
        try:
            candidate.full_clean(exclude=["product"], validate_unique=False)
        except ValidationError as exc:
            self.service_errors(row, exc)

    @staticmethod
    def _data(row):
        data = {name: row.values[name] for name in FIELDS if name in row.values}
        data["number"] = data.get("number") or ""
        return data

    @staticmethod
    def _same(certification, values):
        return certification.kind == values["kind"] and fold(certification.number) == fold(values.get("number"))

    def apply(self, row):
        values = row.values
        product = row.refs["product"]
        # Read again each time: an earlier row of the file may have changed this product's certifications.
        current = list(Certification.objects.filter(product=product).order_by("pk"))
        matches = [certification for certification in current if self._same(certification, values)]
        if len(matches) > 1:
            raise RowError("number", _("sản phẩm đã có nhiều chứng nhận cùng loại và số này trên cổng."))
        existing = matches[0] if matches else None
        data = self._data(row)
        if existing is not None:
            changed = self.changes(existing, data)
            if not changed:
                return "unchanged", []
            texts = self.change_texts(existing, changed)
        rows = []
        for certification in current:
            item = {"id": certification.pk, **{name: getattr(certification, name) for name in FIELDS}}
            if certification is existing:
                item.update(data)
            rows.append(item)
        if existing is None:
            rows.append({name: data.get(name) for name in FIELDS})
        product_update(actor=self.actor, product=product, data={}, certifications=rows, reason=self.reason)
        return ("create", []) if existing is None else ("update", texts)

    def key(self, row):
        values = row.values
        return (
            normalize_code(values.get("subject_number")),
            fold(values.get("product_name")),
            values.get("kind"),
            fold(values.get("number")),
        )

    def describe(self, row):
        values = row.values
        kind = self.column("kind").type.export(values.get("kind"))
        return f"{kind} {values.get('number', '')} – {values.get('product_name', '')}".replace("  ", " ")

    def key_text(self, row):
        return _("chứng nhận %(kind)s số «%(number)s» của sản phẩm «%(name)s»") % {
            "kind": self.column("kind").type.export(row.values.get("kind")),
            "number": row.values.get("number", ""),
            "name": row.values.get("product_name", ""),
        }
