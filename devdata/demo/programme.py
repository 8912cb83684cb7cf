"""Demo data of the yearly plan, from the seed text ``ocop-plan-2023-dong-thap.txt`` (idempotent).

* The 2022 plan (Kế hoạch số 81/KH-UBND ngày 14/03/2022, cited in footnote 6 of the seed) with the 2022 budget
  actually spent (section I.3.7: 7.678,61 million VND = 3.972,29 + 3.310,42 + 395,9) and three of its targets.
* The 2023 plan (section III) with its budget need (III.4: 16.630,79 = 6.464,79 + 2.000 + 3.305 + 4.861) and all
  ten targets of III.2 (split into 15 typed targets). The seed text leaves the plan's number and day blank
  ("Số: /KH-UBND ... ngày tháng 4 năm 2023"), so the demo plan is a draft without number and date.
* 2022 communication, training, market-bulletin and promotion activities of I.3.1 and I.3.5 (the seed gives yearly
  totals, not dates: each is recorded over 01/01–31/12/2022).

Everything is attached to the old Đồng Tháp province (code 87, before 01/07/2025).
"""

import datetime
from decimal import Decimal

from areas.models import AdministrativeUnit, UnitLevel
from programme.indicators import IndicatorType as T
from programme.models import (
    Activity,
    ActivityKind,
    ActualMode,
    BudgetLine,
    BudgetTask,
    FundingSource,
    Plan,
    PlanStatus,
    Target,
)
from programme.reference_data import ensure_funding_sources

ISSUER = "UBND tỉnh Đồng Tháp"
SEED_NOTE = "Số liệu từ Kế hoạch triển khai Chương trình OCOP năm 2023 của UBND tỉnh Đồng Tháp"

PLAN_2022 = {
    "year": 2022,
    "number": "81/KH-UBND",
    "issued_on": datetime.date(2022, 3, 14),
    "title": "Kế hoạch triển khai thực hiện Chương trình Mỗi xã một sản phẩm năm 2022",
    "issuer": ISSUER,
    "status": PlanStatus.APPROVED,
    "legal_basis": "",
    "note": f"{SEED_NOTE} (chú thích 6 và mục I.3.7).",
}

PLAN_2023 = {
    "year": 2023,
    "number": "",
    "issued_on": None,
    "title": "Kế hoạch triển khai thực hiện Chương trình Mỗi xã một sản phẩm năm 2023",
    "issuer": ISSUER,
    "status": PlanStatus.DRAFT,
    "legal_basis": (
        "Quyết định số 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ về Bộ tiêu chí và quy trình đánh giá, "
        "phân hạng sản phẩm Chương trình mỗi xã một sản phẩm (OCOP)\n"
        "Kế hoạch số 432/KH-UBND ngày 31/12/2022 của UBND Tỉnh về triển khai thực hiện Chương trình Mỗi xã một "
        "sản phẩm (OCOP) giai đoạn 2021-2025 trên địa bàn tỉnh Đồng Tháp"
    ),
    "note": (
        "Văn bản gốc ghi “Số: /KH-UBND … ngày … tháng 4 năm 2023”: số và ngày ban hành để trống. "
        "Bổ sung số, ngày của bản đã ban hành rồi ghi nhận phê duyệt."
    ),
}

# number, order, type, title, target value, unit label, baseline, note, entered (value, evidence)
TARGETS_2022 = [
    (
        "(1)",
        10,
        T.FREE_TEXT,
        "100% cán bộ quản lý Chương trình OCOP cấp huyện được tập huấn nâng cao nghiệp vụ",
        "100",
        "%",
        None,
        "",
        ("100", "Báo cáo kết quả năm 2022 (mục II.1 Kế hoạch năm 2023): “đạt 100% Kế hoạch”."),
    ),
    (
        "(3)",
        20,
        T.REEVALUATION_SHARE,
        "Có ít nhất 50% sản phẩm OCOP năm 2019 tham gia đánh giá, phân hạng lại",
        "50",
        "",
        None,
        "Kết quả báo cáo: 34/52 sản phẩm OCOP năm 2019 được công nhận lại.",
        None,
    ),
    (
        "(5)",
        30,
        T.ONLINE_SHARE,
        "Hỗ trợ 100% sản phẩm OCOP tỉnh được đưa lên ít nhất 01 sàn giao dịch thương mại điện tử trong nước",
        "100",
        "",
        None,
        "",
        None,
    ),
]

TARGETS_2023 = [
    ("(1)", 10, T.NEW_PRODUCTS_3STAR, "Có ít nhất 50 sản phẩm mới được công nhận đạt chuẩn OCOP 3 sao trở lên", "50", "", None, ""),
    ("(2)", 20, T.FIVE_STAR_SUPPORT, "Phấn đấu hỗ trợ 09 sản phẩm tiềm năng đạt 5 sao OCOP đề nghị Trung ương đánh giá, công nhận sản phẩm OCOP Quốc gia", "9", "", None, "04 sản phẩm đã gửi hồ sơ về Bộ NN&PTNT và chuẩn hoá thêm 05 sản phẩm."),
    ("(3)", 30, T.REEVALUATION_SHARE, "Phấn đấu có ít nhất 50% sản phẩm OCOP công nhận năm 2020 tham gia đánh giá, phân hạng lại năm 2023", "50", "", None, ""),
    ("(4a)", 40, T.NEW_COOPERATIVE_PER_DISTRICT, "Mỗi huyện, thành phố có ít nhất 01 chủ thể OCOP mới là HTX", "1", "", None, ""),
    ("(4b)", 50, T.SME_SHARE, "Có ít nhất 30% chủ thể là doanh nghiệp nhỏ và vừa", "30", "", None, ""),
    ("(5)", 60, T.VALUE_CHAIN_PER_DISTRICT, "Mỗi huyện, thành phố xây dựng tối thiểu 01 chuỗi giá trị theo hướng kinh tế tuần hoàn OCOP xanh gắn với vùng nguyên liệu ổn định", "1", "", None, ""),
    ("(6)", 70, T.CRAFT_VILLAGE_PER_DISTRICT, "Mỗi huyện, thành phố có làng nghề (09 huyện/thành phố) có thêm 01 sản phẩm OCOP từ làng nghề, làng nghề truyền thống", "1", "", None, "Các huyện có làng nghề: Châu Thành, Tam Nông, Lai Vung, Lấp Vò, Thanh Bình, Hồng Ngự, Cao Lãnh; TP. Cao Lãnh, TP. Sa Đéc."),
    ("(7a)", 80, T.QUALIFIED_WORKFORCE_SHARE, "Tỷ lệ lao động được đào tạo có bằng cấp, chứng chỉ phù hợp làm việc tại các chủ thể OCOP đạt tối thiểu 10%", "10", "", None, ""),
    ("(7b)", 90, T.FEMALE_LED_SHARE, "Có ít nhất 40% chủ thể OCOP là nữ", "40", "", None, ""),
    ("(7c)", 100, T.FEMALE_LED_INCREASE, "Tăng 6 chủ thể là nữ so với năm trước", "6", "", "47", "Số năm trước: 47 chủ thể OCOP là nữ đến cuối năm 2022 (mục I.3.2). Văn bản gốc ghi “so với năm 2023”."),
    ("(8a)", 110, T.MODERN_RETAIL_SHARE, "Có ít nhất 50% chủ thể OCOP tham gia vào các kênh bán hàng hiện đại (hệ thống siêu thị, cửa hàng tiện lợi…)", "50", "", None, ""),
    ("(8b)", 120, T.ONLINE_SHARE, "100% sản phẩm OCOP của tỉnh được kinh doanh trên môi trường trực tuyến", "100", "", None, ""),
    ("(8c)", 130, T.POSTMART_SHARE, "100% sản phẩm OCOP đáp ứng tiêu chí 3 sao của tỉnh được đưa lên sàn TMĐT Postmart.vn", "100", "", None, ""),
    ("(8d)", 140, T.TOURIST_KIOSKS, "01 quầy giới thiệu và tiêu thụ sản phẩm OCOP tại mỗi điểm du lịch lớn của Tỉnh", "1", "quầy", None, "Kế hoạch không nêu số điểm du lịch lớn: sửa giá trị chỉ tiêu bằng số điểm du lịch lớn của Tỉnh."),
    ("(9)", 150, T.FREE_TEXT, "Thí điểm tổ chức vận hành Không gian làm việc chung Hỗ trợ Doanh nghiệp và Khởi nghiệp nhằm hỗ trợ chuẩn hoá, phát triển, giới thiệu sản phẩm OCOP", "1", "mô hình", None, ""),
    ("(10)", 160, T.FREE_TEXT, "Tham gia Diễn đàn hợp tác quốc tế mỗi làng/xã một sản phẩm ít nhất 01 lần/năm", "1", "lần", None, ""),
]  # fmt: skip

# source code, disbursed (2022 actual) / planned (2023), description
BUDGET_2022 = [
    ("ntp_nrd", "3972.29", "Vốn Chương trình MTQG XD NTM"),
    ("integrated", "3310.42", "Vốn lồng ghép từ các chương trình khác"),
    ("local", "395.9", "Vốn địa phương (tỉnh, huyện)"),
]
BUDGET_2023 = [
    ("ntp_nrd", "6464.79", "Vốn Chương trình MTQGXDNTM"),
    ("integrated", "2000", "Vốn lồng ghép từ các chương trình khác"),
    ("local", "3305", "Vốn địa phương"),
    ("socialised", "4861", "Vốn xã hội hoá"),
]

YEAR_2022 = (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
# kind, title, organiser, sessions, participants, description
ACTIVITIES_2022 = [
    (ActivityKind.COMMUNICATION, "Tiểu mục “OCOP Đồng Tháp” (05 phút/kỳ)", "", 26, None, "26 kỳ phát sóng trong năm 2022."),
    (ActivityKind.COMMUNICATION, "Chương trình “Trải nghiệm Sản phẩm OCOP Đồng Tháp” (15 phút/chương trình)", "", 15, None, "15 chương trình trong năm 2022."),
    (ActivityKind.COMMUNICATION, "Tuyên truyền chính sách Chương trình OCOP qua họp tổ, họp nhóm, sinh hoạt CLB, CLB Phụ nữ khởi nghiệp", "Hội Liên hiệp Phụ nữ Tỉnh", 1375, 19550, "1.375 cuộc với 19.550 người dự."),
    (ActivityKind.COMMUNICATION, "Lồng ghép tuyên truyền Chương trình OCOP vào các buổi sinh hoạt Chi, tổ Hội", "Hội Nông dân Tỉnh", 11512, 461972, "11.512 cuộc với 461.972 lượt dự."),
    (ActivityKind.TRAINING, "Tập huấn TOT: thủ tục tham gia đánh giá, phân hạng và phần mềm đánh giá sản phẩm OCOP năm 2022 cho cán bộ 12 huyện, thành phố", "", 1, None, "Số lớp, số người dự không nêu trong văn bản."),
    (ActivityKind.TRAINING, "Tập huấn kỹ năng khai thác ứng dụng di động, tham gia sàn TMĐT Postmart.vn và Voso.vn cho chủ thể sản xuất", "", 55, 3345, "55 lớp cho 3.345 chủ thể sản xuất."),
    (ActivityKind.TRAINING, "Bồi dưỡng kiến thức xây dựng, triển khai phương án/dự án sản xuất kinh doanh", "", 2, None, ""),
    (ActivityKind.TRAINING, "Đào tạo, tập huấn xây dựng, đăng ký bảo hộ nhãn hiệu, bao bì sản phẩm; phổ biến chính sách hỗ trợ theo Nghị quyết số 44/2021/NQ-HĐND", "", 10, 950, "10 lớp cho 950 lượt tổ chức, cá nhân."),
    (ActivityKind.MARKET_BULLETIN, "Bản tin thị trường nông sản (định kỳ hằng tháng)", "", 8, None, "08 kỳ."),
    (ActivityKind.MARKET_BULLETIN, "Bản tin nhanh thị trường nông sản (định kỳ hằng tuần)", "", 34, None, "34 kỳ."),
    (ActivityKind.PROMOTION_EVENT, "Tuần hàng sản phẩm OCOP Đồng Tháp trên sàn thương mại điện tử", "", 1, None, ""),
    (ActivityKind.PROMOTION_EVENT, "Livestream quảng bá sản phẩm OCOP Đồng Tháp trên Fanpage THĐT của Đài Phát thanh và Truyền hình Đồng Tháp", "", 1, None, ""),
    (ActivityKind.TRADE_FAIR, "Diễn đàn kết nối sản phẩm OCOP vùng Đồng bằng sông Cửu Long “Liên kết cùng phát triển - Đồng Tháp 2022”", "UBND tỉnh Đồng Tháp phối hợp Bộ Nông nghiệp và Phát triển nông thôn", 1, None, ""),
]  # fmt: skip


def old_province():
    return (
        AdministrativeUnit.objects.filter(code="87", level=UnitLevel.PROVINCE, valid_to__isnull=False)
        .order_by("pk")
        .first()
    )


def _plan(unit, values):
    defaults = {key: value for key, value in values.items() if key != "year"}
    plan, _created = Plan.objects.get_or_create(unit=unit, year=values["year"], defaults=defaults)
    return plan


def _target(plan, number, order, kind, title, value, unit_label, baseline, note, entered=None):
    defaults = {
        "order": order,
        "indicator_type": kind,
        "title": title,
        "target_value": Decimal(value),
        "unit_label": unit_label,
        "baseline_value": Decimal(baseline) if baseline is not None else None,
        "note": note,
        "actual_mode": ActualMode.ENTERED if kind == T.FREE_TEXT else ActualMode.COMPUTED,
    }
    if entered is not None:
        defaults.update(entered_value=Decimal(entered[0]), evidence_text=entered[1])
    target, _created = Target.objects.get_or_create(plan=plan, number=number, defaults=defaults)
    return target


def _line(plan, unit, source, amount_field, amount, description):
    line, _created = BudgetLine.objects.get_or_create(
        plan=plan,
        source=source,
        unit=unit,
        task=BudgetTask.GENERAL,
        defaults={amount_field: Decimal(amount), "description": description, "note": SEED_NOTE + "."},
    )
    return line


def load():
    sources = ensure_funding_sources(FundingSource)
    province = old_province()
    if province is None:
        return {}
    plan_2022 = _plan(province, PLAN_2022)
    for row in TARGETS_2022:
        _target(plan_2022, *row)
    for code, amount, description in BUDGET_2022:
        _line(plan_2022, province, sources[code], "disbursed_mvnd", amount, description)

    plan_2023 = _plan(province, PLAN_2023)
    for row in TARGETS_2023:
        _target(plan_2023, *row)
    for code, amount, description in BUDGET_2023:
        _line(plan_2023, province, sources[code], "planned_mvnd", amount, description)

    start, end = YEAR_2022
    for kind, title, organiser, sessions, participants, description in ACTIVITIES_2022:
        Activity.objects.get_or_create(
            kind=kind,
            title=title,
            start_date=start,
            unit=province,
            defaults={
                "end_date": end,
                "organiser": organiser,
                "sessions": sessions,
                "participants": participants,
                "description": f"{description} Số liệu tổng hợp cả năm 2022 (Kế hoạch 2023, mục I.3).".strip(),
            },
        )
    return {"plan_2022": plan_2022, "plan_2023": plan_2023}
