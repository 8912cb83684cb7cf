"""Import of past evaluation rounds with their registrations and council results (đợt đánh giá đã qua).

One row per product evaluated in a round: the round (year, number, level, organising unit), the product (by its
OCOP product code, or by the subject's registration number and the product name), the kind of registration, the
council's total points, stars and proposal, and the decision that followed (number and date: linked when that
decision is on the portal). The round is created closed (scoring locked) through ``evaluations.services.round_create``
and the registrations are recorded at the end of the workflow («Đã có quyết định» when the decision is on the
portal, otherwise «VPĐP đã duyệt kết quả»), each audited, so that the reports' entries and participation of that
year count them. Key: (year, number, level, unit, product). A round still running on the portal is never changed.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.formatting import unit_name
from areas.selectors import within
from audit.models import AuditAction
from audit.services import record_change, snapshot
from decisions.models import Decision, DecisionStatus
from decisions.services import NUMBER_RE
from evaluations.models import (
    EvaluationLevel,
    ProposedAction,
    Registration,
    RegistrationKind,
    RegistrationStatus,
    Round,
    RoundStatus,
    RuleSet,
)
from evaluations.permissions import can_manage_round
from evaluations.services import round_create
from ocop_portal.formatting import format_date
from ocop_portal.text import fold
from subjects.services import normalize_code

from ..columns import Choice, Column, Date, Integer, Number, Text
from .base import Importer, RowError
from .common import ProductLookup, UnitLookup, normalize_ocop_code
from .decisions_common import number_key

HISTORY_NOTE = gettext_lazy("Nhập từ sổ theo dõi đợt đánh giá trước khi dùng cổng.")
RESULT_FIELDS = ("kind", "score", "stars", "proposed_action", "status", "note")


def _closing_moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))


class PastRoundImporter(Importer):
    kind = "rounds"
    label = gettext_lazy("Đợt đánh giá đã qua và kết quả")
    description = gettext_lazy(
        "Các đợt đánh giá, phân hạng trước khi dùng cổng: mỗi dòng một sản phẩm đã đánh giá trong một đợt, với "
        "hình thức, tổng điểm, hạng sao và quyết định công nhận. Đợt được ghi ở trạng thái đã khóa chấm điểm; số "
        "sản phẩm tham gia được tính vào báo cáo của năm đó. Sản phẩm phải có trên cổng trước."
    )
    model = Registration
    exports_list = False
    key_fields = ("year", "sequence", "level", "round_unit_code", "product_key")
    key_label = gettext_lazy("sản phẩm của một đợt đánh giá")
    error_columns = {"unit": "round_unit_code", "opens_on": "opens_on", "stars": "stars", "score": "score"}
    columns = [
        Column("Năm", "year", Integer(minimum=2018, maximum=2100), required=True, key=True, example=2022),
        Column(
            "Đợt",
            "sequence",
            Integer(minimum=1, maximum=20),
            default=1,
            key=True,
            example=1,
            help=gettext_lazy("Số thứ tự đợt trong năm; để trống là đợt 1."),
        ),  # fmt: skip
        Column(
            "Cấp đánh giá",
            "level",
            Choice(EvaluationLevel.choices, aliases={"huyện": "district", "tỉnh": "province", "trung ương": "central"}),
            required=True,
            key=True,
            example=str(EvaluationLevel.PROVINCE.label),
        ),
        Column(
            "Mã đơn vị tổ chức",
            "round_unit_code",
            Text(20),
            required=True,
            key=True,
            help=gettext_lazy("Mã đơn vị hành chính tổ chức đợt: mã tỉnh cho cấp tỉnh, mã huyện cho cấp huyện."),
            example="87",
        ),
        Column(
            "Ngày mở đợt",
            "opens_on",
            Date(),
            help=gettext_lazy("Để trống: ngày đầu năm (hoặc ngày bộ tiêu chí của năm đó bắt đầu có hiệu lực)."),
            example="01/06/2022",
        ),
        Column(
            "Mã sản phẩm OCOP",
            "product_code",
            Text(40),
            help=gettext_lazy(
                "Mã sản phẩm trên hệ thống OCOP quốc gia (tỉnh-huyện-xã-số thứ tự-năm); khi có mã thì không cần hai "
                "cột số đăng ký và tên sản phẩm."
            ),
            example="87-869-29926-001-2022",
        ),
        Column(
            "Số đăng ký kinh doanh của chủ thể",
            "subject_number",
            Text(50, code=True),
            help=gettext_lazy("Dùng cùng «Tên sản phẩm» khi không ghi mã sản phẩm OCOP."),
            example="1400123456",
        ),
        Column(
            "Tên sản phẩm",
            "product_name",
            Text(255),
            help=gettext_lazy("So tên không kể hoa thường, dấu; sản phẩm phải có trên cổng (nhập sản phẩm trước)."),
            example="Bánh phồng tôm Sa Giang",
        ),
        Column(
            "Hình thức",
            "kind",
            Choice(RegistrationKind.choices, aliases={"mới": "new", "đánh giá lại": "re_evaluation"}),
            default=RegistrationKind.NEW,
            help=gettext_lazy("Lần đầu, Nâng hạng hoặc Đánh giá lại; để trống là «Lần đầu»."),
            example=str(RegistrationKind.NEW.label),
        ),
        Column(
            "Tổng điểm",
            "score",
            Number(decimal_places=2, maximum=100, max_digits=5),
            help=gettext_lazy("Điểm trung bình của hội đồng, 0–100."),
            example="78,5",
        ),
        Column(
            "Hạng sao",
            "stars",
            Integer(minimum=1, maximum=5),
            help=gettext_lazy("1 đến 5; để trống nếu hội đồng không xếp hạng."),
            example=4,
        ),
        Column(
            "Đề xuất của hội đồng",
            "proposed_action",
            Choice(ProposedAction.choices, aliases={"công nhận": "recognise", "không đạt": "not_eligible"}),
            default="",
            example=str(ProposedAction.RECOGNISE.label),
        ),
        Column(
            "Số quyết định công nhận",
            "decision_number",
            Text(60),
            help=gettext_lazy(
                "Số, ký hiệu quyết định sau đợt (vd. 1446/QĐ-UBND-HC); nối với quyết định nếu có trên cổng."
            ),
            example="1446/QĐ-UBND-HC",
        ),
        Column("Ngày quyết định", "decision_date", Date(), example="29/12/2022"),
    ]

    @classmethod
    def allowed(cls, user):
        return can_manage_round(user)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.units = UnitLookup(self.actor)
        self.products = ProductLookup(self.actor, action="change")
        self.rounds = {}
        self.registrations = {}
        self.decisions = {}
        self.rule_sets = []

    # --- keys ---------------------------------------------------------------------------------------------------

    def product_key(self, row):
        values = row.values
        if values.get("product_code"):
            return ("code", normalize_ocop_code(values["product_code"]))
        return ("name", normalize_code(values.get("subject_number") or ""), fold(values.get("product_name") or ""))

    def key(self, row):
        values = row.values
        code = (values.get("round_unit_code") or "").lstrip("0")
        return values.get("year"), values.get("sequence"), values.get("level"), code, self.product_key(row)

    def key_text(self, row):
        values = row.values
        return _("đợt %(seq)s năm %(year)s, sản phẩm «%(product)s»") % {
            "seq": values.get("sequence"),
            "year": values.get("year"),
            "product": values.get("product_code") or values.get("product_name") or "",
        }

    describe = key_text

    # --- loading ------------------------------------------------------------------------------------------------

    def prepare(self, rows):
        self.units.prepare(row.values.get("round_unit_code") for row in rows)
        self.products.prepare(
            [row.values.get("subject_number") for row in rows], codes=[row.values.get("product_code") for row in rows]
        )
        years = {row.values.get("year") for row in rows if row.values.get("year")}
        for round_ in Round.objects.filter(year__in=years).select_related("unit"):
            self.rounds[(round_.year, round_.sequence, round_.level, round_.unit_id)] = round_
        for registration in Registration.objects.filter(round__year__in=years):
            self.registrations[(registration.round_id, registration.product_id)] = registration
        self.rule_sets = list(RuleSet.objects.filter(published=True).order_by("effective_from"))
        numbers = set()
        for row in rows:
            match = NUMBER_RE.match(row.values.get("decision_number") or "")
            if match:
                numbers.add(int(match.group(1)))
        if numbers:
            queryset = Decision.objects.restrict(self.actor, "view").filter(
                number__in=numbers, status=DecisionStatus.ISSUED
            )
            for decision in queryset:
                self.decisions.setdefault(number_key(decision.number_display or ""), []).append(decision)

    # --- resolving ----------------------------------------------------------------------------------------------

    def _product(self, row):
        values = row.values
        if values.get("product_code"):
            return self.products.find("", "", "product_name", code=values["product_code"], code_field="product_code")
        if not values.get("subject_number") or not values.get("product_name"):
            raise RowError(
                "product_code",
                _("ghi mã sản phẩm OCOP, hoặc ghi cả số đăng ký kinh doanh của chủ thể và tên sản phẩm."),
            )
        return self.products.find(values["subject_number"], values["product_name"], "product_name")

    def _opens_on(self, row, unit):
        values = row.values
        year = values["year"]
        if values.get("opens_on"):
            if values["opens_on"].year != year:
                raise RowError("opens_on", _("ngày mở đợt phải thuộc năm %(year)s.") % {"year": year})
            return values["opens_on"]
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if unit.valid_from and start < unit.valid_from <= end:
            start = unit.valid_from  # a unit of the 2025 structure organises rounds from its first day
        days = [
            max(start, rule_set.effective_from)
            for rule_set in self.rule_sets
            if rule_set.effective_from <= end and (rule_set.effective_to is None or rule_set.effective_to >= start)
        ]
        if not days:
            raise RowError("year", _("năm %(year)s không có bộ quy định đánh giá nào có hiệu lực.") % {"year": year})
        return min(days)

    def _rule_set(self, row, day):
        for rule_set in self.rule_sets:
            if rule_set.effective_from <= day and (rule_set.effective_to is None or day <= rule_set.effective_to):
                return rule_set
        raise RowError(
            "opens_on",
            _("ngày %(day)s không thuộc thời gian hiệu lực của bộ quy định đánh giá nào (%(sets)s).")
            % {
                "day": format_date(day),
                "sets": "; ".join(
                    f"{rs.name}: {format_date(rs.effective_from)}–{format_date(rs.effective_to) or '…'}"
                    for rs in self.rule_sets
                ),
            },
        )

    def _decision(self, row):
        values = row.values
        number = values.get("decision_number")
        if not number:
            return None
        if not NUMBER_RE.match(number):
            raise RowError("decision_number", _("số quyết định phải có dạng «1446/QĐ-UBND-HC»."))
        found = self.decisions.get(number_key(number), [])
        if values.get("decision_date"):
            found = [decision for decision in found if decision.date == values["decision_date"]]
        return found[0] if len(found) == 1 else None

    def resolve(self, row):
        values = row.values
        unit = self.units.find(
            code=values["round_unit_code"],
            name="",
            code_field="round_unit_code",
            name_field="round_unit_code",
            on=values.get("opens_on") or datetime.date(values["year"], 12, 31),
        )
        product = self._product(row)
        if not within(product.unit, unit):
            raise RowError(
                "round_unit_code",
                _("sản phẩm «%(product)s» không thuộc địa bàn %(unit)s tổ chức đợt.")
                % {"product": product.name, "unit": unit_name(unit)},
            )
        round_ = self.rounds.get((values["year"], values["sequence"], values["level"], unit.pk))
        if round_ is not None and round_.status != RoundStatus.CLOSED:
            raise RowError(
                "sequence",
                _("%(round)s đang diễn ra trên cổng; kết quả của đợt này ghi trên trang đợt đánh giá, không nhập.")
                % {"round": round_},
            )
        opens_on = self._opens_on(row, unit) if round_ is None else round_.opens_on
        rule_set = self._rule_set(row, opens_on) if round_ is None else round_.rule_set
        decision = self._decision(row)
        row.refs.update(unit=unit, product=product, round=round_, opens_on=opens_on, rule_set=rule_set)
        row.refs["decision"] = decision
        row.refs["existing"] = self.registrations.get((round_.pk, product.pk)) if round_ is not None else None
        # A round evaluated on the portal keeps its own results: a row may only confirm them ("unchanged").
        row.refs["portal_round"] = round_ is not None and not round_.note.startswith(str(HISTORY_NOTE))

    # --- writing ------------------------------------------------------------------------------------------------

    def _round(self, row):
        values = row.values
        key = (values["year"], values["sequence"], values["level"], row.refs["unit"].pk)
        round_ = self.rounds.get(key)
        if round_ is not None:
            return round_, False
        closes = values.get("decision_date") or row.refs["opens_on"]
        closes = max(closes, row.refs["opens_on"])
        round_ = round_create(
            actor=self.actor,
            year=values["year"],
            sequence=values["sequence"],
            rule_set=row.refs["rule_set"],
            level=values["level"],
            unit=row.refs["unit"],
            opens_on=row.refs["opens_on"],
            scoring_closes_on=closes,
            note=str(HISTORY_NOTE),
        )
        before = snapshot(round_)
        round_.status = RoundStatus.CLOSED
        round_.scoring_closed_at = _closing_moment(closes)
        round_.scoring_closed_by = self.actor
        round_.save(update_fields=["status", "scoring_closed_at", "scoring_closed_by"])
        record_change(
            actor=self.actor, action=AuditAction.TRANSITION, instance=round_, before=before, reason=self.reason
        )
        self.rounds[key] = round_
        return round_, True

    def result(self, row):
        values = row.values
        decision = row.refs["decision"]
        note = str(HISTORY_NOTE)
        if values.get("decision_number"):
            note = _("%(note)s Quyết định: %(number)s%(date)s.") % {
                "note": note,
                "number": values["decision_number"],
                "date": (_(" ngày %(date)s") % {"date": format_date(values["decision_date"])})
                if values.get("decision_date")
                else "",
            }
        return {
            "kind": values.get("kind") or RegistrationKind.NEW,
            "score": values.get("score"),
            "stars": values.get("stars"),
            "proposed_action": values.get("proposed_action") or "",
            "status": RegistrationStatus.DECIDED if decision is not None else RegistrationStatus.APPROVED,
            "note": note,
        }

    def apply(self, row):
        round_, created_round = self._round(row)
        product = row.refs["product"]
        data = self.result(row)
        existing = row.refs["existing"]
        texts = [_("tạo %(round)s (đã khóa chấm điểm)") % {"round": round_}] if created_round else []
        results = {name: data[name] for name in ("kind", "score", "stars")}
        if row.refs.get("portal_round") and (existing is None or self.changes(existing, results)):
            raise RowError(
                None,
                _(
                    "%(round)s được chấm trên cổng; kết quả của đợt này không thêm, không sửa bằng nhập dữ liệu "
                    "(chỉ nhập đợt đánh giá trước khi dùng cổng)."
                )
                % {"round": round_},
            )
        if row.refs.get("portal_round"):
            return "unchanged", texts
        if existing is None:
            closed = round_.scoring_closed_at
            decision = row.refs["decision"]
            registration = Registration.objects.create(
                round=round_,
                product=product,
                created_by=self.actor,
                submitted_at=_closing_moment(round_.opens_on),
                scored_at=closed,
                approved_at=closed,
                decided_at=_closing_moment(decision.date) if decision is not None and decision.date else None,
                **data,
            )
            record_change(actor=self.actor, action=AuditAction.CREATE, instance=registration, reason=self.reason)
            self.registrations[(round_.pk, product.pk)] = registration
            return "create", texts
        changed = self.changes(existing, data)
        if not changed:
            return "unchanged", texts
        before = snapshot(existing)
        texts += [
            f"{Registration._meta.get_field(name).verbose_name}: «{getattr(existing, name)}» → «{value}»"
            for name, value in changed.items()
        ]
        for name, value in changed.items():
            setattr(existing, name, value)
        existing.save(update_fields=[*changed, "updated_at"])
        record_change(actor=self.actor, action=AuditAction.UPDATE, instance=existing, before=before, reason=self.reason)
        return "update", texts
