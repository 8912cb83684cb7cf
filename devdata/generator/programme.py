"""Yearly plans with targets, budget lines by funding source, and activities (training, fairs...).

Plans: the country's each year, each old province's until 2025, each new province's from 2026 (the merged
provinces were formed mid-2025, so 2025 was planned by the old ones). The target of new 3★+ products is set near
what the province actually recognised that year; shares are typical provincial targets.
"""

import datetime
from decimal import Decimal

from ocop_portal.text import fold
from programme.indicators import IndicatorType
from programme.models import Activity, ActivityKind, BudgetLine, BudgetTask, FundingSource, Plan, PlanStatus, Target

from .structure import REFORM_DAY
from .timeutil import at

THOUSANDTH = Decimal("0.001")
SHARE_TARGETS = [
    (IndicatorType.REEVALUATION_SHARE, Decimal(50)),
    (IndicatorType.FEMALE_LED_SHARE, Decimal(40)),
    (IndicatorType.ONLINE_SHARE, Decimal(70)),
    (IndicatorType.SME_SHARE, Decimal(25)),
]
SOURCES = ("ntp_nrd", "integrated", "local_province", "local_district", "socialised")
TASKS = (
    BudgetTask.TRAINING,
    BudgetTask.PROMOTION,
    BudgetTask.PRODUCT_DEVELOPMENT,
    BudgetTask.EVALUATION,
    BudgetTask.COMMUNICATION,
)
ACTIVITY_TITLES = {
    ActivityKind.TRAINING: "Tập huấn kiến thức OCOP cho chủ thể",
    ActivityKind.COMMUNICATION: "Tin bài tuyên truyền Chương trình OCOP",
    ActivityKind.TRADE_FAIR: "Tham gia hội chợ sản phẩm OCOP",
    ActivityKind.PROMOTION_EVENT: "Hội nghị kết nối cung cầu sản phẩm OCOP",
    ActivityKind.MARKET_BULLETIN: "Bản tin thị trường nông sản",
}


def money(value):
    return Decimal(value).quantize(THOUSANDTH)


class Programme:
    def __init__(self, writer, rng, structure, history, today):
        self.w, self.rng, self.s, self.h, self.today = writer, rng, structure, history, today
        self.sources = dict(FundingSource.objects.values_list("code", "pk"))

    def build(self):
        years = range(self.today.year - 9, self.today.year + 1)
        for year in years:
            planners = [self.s.country]
            planners += [p for p in self.s.old_provinces if year < REFORM_DAY.year or year == REFORM_DAY.year]
            planners += [p for p in self.s.new_provinces if year > REFORM_DAY.year]
            for unit in planners:
                self.plan(unit, year)
            for province in self.s.old_provinces + self.s.new_provinces:
                self.activities(province, year)

    def _new_target(self, unit, year):
        if unit is self.s.country:
            done = sum(n for (_pid, y), n in self.h.new_by_unit_year.items() if y == year)
        else:
            done = self.h.new_by_unit_year.get((unit.id, year), 0)
            if unit.valid_to is None:  # a merged province also gets what its old provinces did that year
                done += sum(
                    self.h.new_by_unit_year.get((old.id, year), 0)
                    for old in self.s.old_provinces
                    if old.successor is unit
                )
        return Decimal(max(1, round(done * self.rng.uniform(0.85, 1.3))))

    def plan(self, unit, year):
        rng = self.rng
        issued = datetime.date(year, 2, rng.randint(5, 25))
        if issued > self.today:
            return
        name = "Trung ương" if unit is self.s.country else unit.name
        plan_id = self.w.add(
            Plan,
            {
                "unit_id": unit.id,
                "year": year,
                "number": f"{rng.randint(10, 250)}/KH-UBND",
                "issued_on": issued,
                "title": f"Kế hoạch triển khai thực hiện Chương trình OCOP năm {year} – {name}",
                "issuer": "Văn phòng Điều phối nông thôn mới Trung ương" if unit is self.s.country else f"UBND {name}",
                "status": PlanStatus.APPROVED,
                "legal_basis": "",
                "note": "",
                "approved_at": at(issued, 16),
                "approved_by_id": None,
                "created_at": at(issued - datetime.timedelta(days=20), 9),
                "updated_at": at(issued, 16),
                "created_by_id": None,
            },
        )
        targets = [(IndicatorType.NEW_PRODUCTS_3STAR, self._new_target(unit, year))] + SHARE_TARGETS
        for order, (indicator, value) in enumerate(targets, start=1):
            self.w.add(
                Target,
                {
                    "plan_id": plan_id,
                    "number": f"({order})",
                    "order": order,
                    "indicator_type": indicator,
                    "title": str(IndicatorType(indicator).label),
                    "target_value": value,
                    "unit_label": "",
                    "actual_mode": "computed",
                    "baseline_value": None,
                    "entered_value": None,
                    "evidence_text": "",
                    "evidence_file": "",
                    "evidence_key": "",
                    "evidence_name": "",
                    "entered_at": None,
                    "entered_by_id": None,
                    "note": "",
                },
            )
        if unit is self.s.country:
            return
        # Budget lines (million VND): each source, one or two tasks, on the province or one of its districts.
        elapsed = 1.0 if year < self.today.year else (self.today.timetuple().tm_yday / 366)
        for code in SOURCES:
            if code not in self.sources:
                continue
            for _n in range(rng.randint(1, 2)):
                planned = money(rng.randint(150_000, 2_500_000) / 1000)
                allocated = money(planned * Decimal(str(rng.uniform(0.75, 1.0))))
                disbursed = money(allocated * Decimal(str(rng.uniform(0.6, 1.0) * elapsed)))
                where = unit
                if code == "local_district" and unit.children:
                    where = rng.choice(unit.children)
                self.w.add(
                    BudgetLine,
                    {
                        "plan_id": plan_id,
                        "source_id": self.sources[code],
                        "unit_id": where.id,
                        "task": rng.choice(TASKS),
                        "description": "",
                        "planned_mvnd": planned,
                        "allocated_mvnd": allocated,
                        "disbursed_mvnd": disbursed,
                        "document_reference": "",
                        "note": "",
                        "created_at": at(issued, 10),
                        "updated_at": at(issued, 10),
                        "created_by_id": None,
                    },
                )

    def activities(self, province, year):
        rng = self.rng
        for _n in range(rng.randint(6, 18)):
            start = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
            if start > self.today or (province.valid_to and start > province.valid_to):
                continue
            if province.valid_from and start < province.valid_from:
                continue
            kind = rng.choice(list(ACTIVITY_TITLES))
            where = province
            if province.children and rng.random() < 0.4:
                where = rng.choice(province.children)
            participants = rng.randint(20, 300) if kind in (ActivityKind.TRAINING, ActivityKind.TRADE_FAIR) else None
            title = f"{ACTIVITY_TITLES[kind]} năm {year}"
            organiser = f"Văn phòng Điều phối {province.name}"
            self.w.add(
                Activity,
                {
                    "kind": kind,
                    "title": title,
                    "start_date": start,
                    "end_date": start + datetime.timedelta(days=rng.randint(0, 3)),
                    "unit_id": where.id,
                    "organiser": organiser,
                    "sessions": rng.randint(1, 6),
                    "participants": participants,
                    "women_participants": int(participants * rng.uniform(0.3, 0.6)) if participants else None,
                    "cost_mvnd": money(rng.randint(10_000, 600_000) / 1000),
                    "funding_source_id": self.sources.get(rng.choice(SOURCES)),
                    "description": "",
                    "search_text": fold(f"{title} {organiser}")[:800],
                    "created_at": at(start, 8),
                    "updated_at": at(start, 8),
                    "created_by_id": None,
                },
            )
