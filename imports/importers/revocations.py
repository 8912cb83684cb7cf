"""Import of historical revocations (thu hồi công nhận) through ``decisions.services.historical_revocation_record``.

A row is one product of one revocation decision (key: decision number, product). The recognition revoked is the one
of the decision named in «Số quyết định công nhận bị thu hồi», or, when that cell is blank, the product's latest
recognition not yet revoked whose decision is dated on or before the revocation (in force or already expired).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisions.models import DecisionKind, DecisionStatus, Recognition, Revocation, RevocationGround
from decisions.services import historical_revocation_record
from ocop_portal.text import fold
from subjects.services import normalize_code

from ..columns import Choice, Column, Text
from .base import RowError
from .common import ProductLookup, product_columns
from .decisions_common import DecisionRowsImporter, decision_columns, number_key

GROUND_ALIASES = {
    "Khác": RevocationGround.OTHER,
    "Hết hạn": RevocationGround.NOT_REEVALUATED,
    "Hết hiệu lực": RevocationGround.NOT_REEVALUATED,
    "Không đánh giá lại": RevocationGround.NOT_REEVALUATED,
    "Vi phạm": RevocationGround.VIOLATION,
    "Không đạt": RevocationGround.FAILED_REEVALUATION,
}


class RevocationImporter(DecisionRowsImporter):
    kind = "revocations"
    label = gettext_lazy("Thu hồi công nhận đã có")
    description = gettext_lazy(
        "Quyết định thu hồi đã ban hành trước khi dùng cổng: mỗi dòng một sản phẩm bị thu hồi. Các dòng cùng số "
        "quyết định được ghi thành một quyết định; công nhận bị thu hồi phải có trên cổng (nhập công nhận trước)."
    )
    model = Revocation
    exports_list = False
    decision_kind = DecisionKind.REVOCATION
    key_fields = ("number", "subject_number", "product_name")
    key_label = gettext_lazy("sản phẩm của một quyết định")
    export_related = ("decision__authority", "recognition__product__subject", "recognition__decision")
    columns = [
        *decision_columns(
            "Số quyết định thu hồi",
            gettext_lazy("Số, ký hiệu như trên quyết định thu hồi; các dòng cùng số là một quyết định."),
        ),
        *product_columns("recognition__product__"),
        Column(
            "Số quyết định công nhận bị thu hồi",
            "recognition_number",
            Text(60),
            help=gettext_lazy(
                "Để trống: thu hồi công nhận mới nhất chưa bị thu hồi của sản phẩm (quyết định công nhận không sau ngày "
                "thu hồi; còn hay đã hết hiệu lực đều được)."
            ),
            example="1446/QĐ-UBND-HC",
            export="recognition__decision__number_display",
        ),
        Column(
            "Lý do thu hồi",
            "ground",
            Choice(RevocationGround.choices, aliases=GROUND_ALIASES),
            required=True,
            example="Ngừng sản xuất",
        ),
        Column(
            "Nêu rõ lý do",
            "ground_text",
            Text(500),
            help=gettext_lazy("Bắt buộc khi lý do là «Lý do khác»."),
        ),
    ]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.products = ProductLookup(self.actor, action="approve")

    def prepare(self, rows):
        self.prepare_decisions(rows)
        self.products.prepare(
            [row.values.get("subject_number") for row in rows], codes=[row.values.get("ocop_code") for row in rows]
        )

    def resolve(self, row):
        self.resolve_decision(row)
        values = row.values
        product = self.products.find(
            values["subject_number"], values["product_name"], "product_name", code=values.get("ocop_code")
        )
        row.refs["product"] = product
        if values.get("ground") == RevocationGround.OTHER and not values.get("ground_text"):
            raise RowError("ground_text", _("với lý do «Lý do khác», hãy nêu rõ lý do thu hồi."))
        if row.refs["decision"] is None:
            row.refs["recognition"] = self._recognition(row, product)

    def _recognition(self, row, product):
        values = row.values
        recognitions = list(
            Recognition.objects.filter(
                product=product, decision__status=DecisionStatus.ISSUED, decision__date__lte=values["date"]
            )
            .select_related("decision")
            .order_by("-valid_from", "-decision__date", "-pk")
        )
        wanted = values.get("recognition_number")
        if wanted:
            matching = [rec for rec in recognitions if number_key(rec.decision.number_display) == number_key(wanted)]
            if not matching:
                raise RowError(
                    "recognition_number",
                    _("sản phẩm không có công nhận nào theo quyết định này trước ngày thu hồi."),
                )
            return matching[0]
        revoked = set(
            Revocation.objects.filter(recognition__in=recognitions, decision__status=DecisionStatus.ISSUED).values_list(
                "recognition_id", flat=True
            )
        )
        in_force = [rec for rec in recognitions if rec.pk not in revoked]
        if not in_force:
            raise RowError(
                "product_name",
                _("sản phẩm không có công nhận nào chưa bị thu hồi, ban hành không sau ngày quyết định thu hồi."),
            )
        return in_force[0]

    def key(self, row):
        values = row.values
        return (
            number_key(values.get("number") or ""),
            normalize_code(values.get("subject_number")),
            fold(values.get("product_name")),
        )

    def key_text(self, row):
        return _("quyết định %(number)s, sản phẩm «%(product)s»") % {
            "number": row.values.get("number", ""),
            "product": row.values.get("product_name", ""),
        }

    def describe(self, row):
        return _("%(product)s – thu hồi theo QĐ %(number)s") % {
            "product": row.values.get("product_name", ""),
            "number": row.values.get("number", ""),
        }

    def record(self, group):
        first = group[0]
        items = [
            {
                "recognition": row.refs["recognition"],
                "ground": row.values["ground"],
                "ground_text": row.values.get("ground_text", ""),
            }
            for row in group
        ]
        historical_revocation_record(
            actor=self.actor,
            authority=first.refs["authority"],
            number_display=first.values["number"],
            date=first.values["date"],
            items=items,
        )

    def difference(self, decision, row):
        revocation = (
            decision.revocations.filter(recognition__product=row.refs["product"]).select_related("recognition").first()
        )
        if revocation is None:
            return _("quyết định không có sản phẩm này")
        differences = []
        if revocation.ground != row.values["ground"]:
            differences.append(_("lý do thu hồi khác"))
        if "ground_text" in row.values and revocation.ground_text != row.values["ground_text"]:
            differences.append(_("nội dung lý do khác"))
        return "; ".join(str(text) for text in differences) or None
