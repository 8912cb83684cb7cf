"""Import of recognitions issued outside the portal (before it, any year up to today; or a ministry's 5★) through
``decisions.services.historical_recognition_record``. A row is one product of one decision: the key is (decision
number, product); the rows of one decision are recorded together as one decision."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisions.models import DecisionKind, Recognition, RecognitionKind, Stars
from decisions.services import historical_recognition_record
from ocop_portal.text import fold
from subjects.services import normalize_code

from ..columns import Choice, Column, Date, Integer, Number, ParseError, Text, clean_text
from .base import same_value
from .common import ProductLookup, product_columns
from .decisions_common import DecisionRowsImporter, decision_columns, number_key


class StarsType(Integer):
    """3, 4 or 5; also "4 sao", "4*", "★★★★"."""

    def __init__(self):
        super().__init__(minimum=3, maximum=5)

    @property
    def label(self):
        return _("Số sao: 3, 4 hoặc 5 (cũng nhận «4 sao», «4*», «★★★★»)")

    def describe(self):
        return self.label

    def parse(self, raw):
        if isinstance(raw, str):
            text = clean_text(raw)
            if text and set(text) <= {"★", "*", "☆"} and "☆" not in text:
                raw = str(len(text))
            else:
                raw = re.sub(r"\s*(sao|\*|★)\s*$", "", text, flags=re.IGNORECASE)
        try:
            value = super().parse(raw)
        except ParseError:
            value = None
        if value not in Stars.values:
            raise ParseError(_("chỉ công nhận 3, 4 hoặc 5 sao; ghi 3, 4, 5 (hoặc «4 sao», «4*», «★★★★»)."))
        return value


class RecognitionImporter(DecisionRowsImporter):
    kind = "recognitions"
    label = gettext_lazy("Công nhận sản phẩm OCOP đã ban hành (mọi năm, đến hôm nay)")
    description = gettext_lazy(
        "Quyết định công nhận đã ban hành ngoài cổng, ngày quyết định bất kỳ đến hôm nay (sổ theo dõi từ 2019, quyết "
        "định năm nay chưa nhập, quyết định công nhận 5 sao của Bộ): mỗi dòng một sản phẩm của một quyết định. Các "
        "dòng cùng số quyết định được ghi thành một quyết định, giữ nguyên số gốc; giấy chứng nhận có hiệu lực 36 "
        "tháng từ ngày quyết định."
    )
    model = Recognition
    decision_kind = DecisionKind.RECOGNITION
    key_fields = ("number", "subject_number", "product_name")
    key_label = gettext_lazy("sản phẩm của một quyết định")
    export_related = ("decision__authority", "product__subject")
    columns = [
        *decision_columns(
            "Số quyết định",
            gettext_lazy("Số, ký hiệu như trên quyết định (vd. 1446/QĐ-UBND-HC); các dòng cùng số là một quyết định."),
        ),
        *product_columns(),
        Column("Hạng sao", "stars", StarsType(), required=True, example=4, export=lambda item: item.stars),
        Column(
            "Điểm",
            "score",
            Number(decimal_places=2, maximum=100, max_digits=5),
            help=gettext_lazy("Tổng điểm của hội đồng (0–100); để trống nếu không rõ."),
            example="78,5",
        ),
        Column(
            "Hình thức",
            "kind",
            Choice(RecognitionKind.choices, aliases={"lần đầu": "new", "nâng hạng": "upgrade"}),
            default=RecognitionKind.NEW,
            help=gettext_lazy("Để trống là «Công nhận lần đầu»."),
            example="Công nhận lần đầu",
        ),
        Column("Số giấy chứng nhận", "certificate_number", Text(60), example="123/GCN-OCOP"),
        Column(
            "Hiệu lực đến",
            "valid_until",
            Date(),
            imported=False,
            help=gettext_lazy("Chỉ để đọc; cổng tự tính 36 tháng từ ngày quyết định."),
            export="valid_until",
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
        row.refs["product"] = self.products.find(
            row.values["subject_number"], row.values["product_name"], "product_name", code=row.values.get("ocop_code")
        )

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
        return _("%(product)s – %(stars)s sao, QĐ %(number)s") % {
            "product": row.values.get("product_name", ""),
            "stars": row.values.get("stars", ""),
            "number": row.values.get("number", ""),
        }

    def record(self, group):
        first = group[0]
        items = [
            {
                "product": row.refs["product"],
                "stars": row.values["stars"],
                "score": row.values.get("score"),
                "kind": row.values.get("kind") or RecognitionKind.NEW,
                "certificate_number": row.values.get("certificate_number", ""),
            }
            for row in group
        ]
        historical_recognition_record(
            actor=self.actor,
            authority=first.refs["authority"],
            number_display=first.values["number"],
            date=first.values["date"],
            items=items,
        )

    def difference(self, decision, row):
        recognition = decision.recognitions.filter(product=row.refs["product"]).first()
        if recognition is None:
            return _("quyết định không có sản phẩm này")
        values = row.values
        differences = []
        if recognition.stars != values["stars"]:
            differences.append(
                _("hạng sao %(old)s, tệp ghi %(new)s") % {"old": recognition.stars, "new": values["stars"]}
            )
        if "score" in values and not same_value(recognition.score, values["score"]):
            differences.append(_("điểm khác"))
        if "kind" in values and recognition.kind != values["kind"]:
            differences.append(_("hình thức khác"))
        if "certificate_number" in values and recognition.certificate_number != values["certificate_number"]:
            differences.append(_("số giấy chứng nhận khác"))
        return "; ".join(str(text) for text in differences) or None
