"""The report's content, written from the figures (``reports.figures.compute``): sentences like the province's
own reports ("Năm 2022, có 202 sản phẩm dự thi ... (41 sản phẩm 4 sao và 115 sản phẩm 3 sao)"), tables and
charts. One structure feeds the HTML preview, the PDF and the XLSX (every table becomes a sheet).

Works on the JSON form of the figures (decimals as strings), so a stored report renders exactly as generated.
"""

import dataclasses
import datetime
import re

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from ocop_portal.formatting import format_date, format_document_date, vi_count, vi_money, vi_number, vi_percent

from . import charts

KIND_LABELS = {"new": "Công nhận lần đầu", "re_evaluation": "Công nhận lại (đánh giá lại)", "upgrade": "Nâng hạng"}
DEFAULT_SIGNER_TITLE = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"


@dataclasses.dataclass
class Table:
    """A table of the report: ``sheet`` (XLSX sheet name, ≤ 31 characters), header and rows of typed cells.

    A cell is ``(kind, value)`` with kind "text", "int", "pct" (percent, Decimal string) or "money" (million VND).
    """

    sheet: str
    caption: str
    head: list
    rows: list
    total: bool = False  # the last row is a total (bold)

    @staticmethod
    def show(cell):
        kind, value = cell
        if kind == "int":
            return vi_number(value)
        if kind == "pct":
            return vi_percent(value)
        if kind == "money":
            return vi_money(value) if value is not None else "–"
        return "" if value is None else str(value)

    @property
    def display_rows(self):
        return [[(kind, self.show((kind, value))) for kind, value in row] for row in self.rows]


def _t(value):
    return ("text", value)


def _i(value):
    return ("int", value or 0)


def _p(value):
    return ("pct", value)


def _m(value):
    return ("money", value)


def stars_phrase(stars, descending=False):
    """ "275 sản phẩm 3 sao và 82 sản phẩm 4 sao" (zero ratings left out)."""
    keys = ["5", "4", "3"] if descending else ["3", "4", "5"]
    parts = [f"{vi_count(stars[k])} sản phẩm {k} sao" for k in keys if stars.get(k)]
    if not parts:
        return "không có sản phẩm"
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " và " + parts[-1]


def _whole(area):
    """ "toàn tỉnh", "toàn huyện", "toàn thành phố"."""
    kind = (area.get("unit_type") or "").strip().lower()
    return f"toàn {kind}" if kind else "toàn địa bàn"


REORGANISED_ON = datetime.date(2025, 7, 1)  # two-level local government: provinces and communes, no districts


def _structure_day(period, area=None):
    """The day whose structure the report follows: the period's end, or the area's last day when it ended before
    (old Đồng Tháp's units and recipients stay districts even in a 2025 report). A merged province's report of a
    period before 1/7/2025 speaks of the districts its data came from."""
    day = datetime.date.fromisoformat(period["end"])
    valid_to = (area or {}).get("valid_to")
    if valid_to and datetime.date.fromisoformat(valid_to) < day:
        day = datetime.date.fromisoformat(valid_to)
    return day


def _after_reorganisation(period, area=None):
    return _structure_day(period, area) >= REORGANISED_ON


def _units_word(area, period=None):
    if period is not None and _after_reorganisation(period, area):
        return "xã, phường"
    return "huyện, thành phố" if area.get("level") == "province" else "xã, phường, thị trấn"


def _lower_first(text):
    """ "Tỉnh Đồng Tháp" -> "tỉnh Đồng Tháp" inside a sentence."""
    return f"{text[:1].lower()}{text[1:]}" if text else ""


def _join(parts):
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return "; ".join(parts[:-1]) + " và " + parts[-1]


def _period_intro(period):
    return f"Trong 6 tháng đầu năm {period['code'][:4]}" if period["kind"] == "six_month" else f"Năm {period['code']}"


# --------------------------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------------------------


def _kinds_sentence(kinds):
    """The recognitions of the period by kind, only the kinds that happened."""
    parts = []
    re_, up, new = kinds["re_evaluation"], kinds["upgrade"], kinds["new"]
    if re_["products"]:
        parts.append(
            f"{vi_count(re_['products'])} sản phẩm OCOP được công nhận lại của {vi_count(re_['subjects'])} chủ thể "
            f"({stars_phrase(re_['stars'], descending=True)})"
        )
    if up["products"]:
        parts.append(
            f"{vi_count(up['products'])} sản phẩm của {vi_count(up['subjects'])} chủ thể được nâng hạng "
            f"({stars_phrase(up['stars'], descending=True)})"
        )
    if new["products"]:
        parts.append(
            f"{vi_count(new['products'])} sản phẩm OCOP mới của {vi_count(new['subjects'])} chủ thể "
            f"({stars_phrase(new['stars'], descending=True)})"
        )
    return "Có " + "; ".join(parts) + "." if parts else ""


def _cycle_section(f, context=None):
    period, area = f["period"], f["area"]
    ent, rec, val = f["entries"], f["recognised"], f["valid"]
    kinds = rec["kinds"]
    blocks = []
    if not ent["products"]:
        blocks.append(("p", f"{_period_intro(period)}, chưa có sản phẩm dự thi đánh giá, phân hạng sản phẩm OCOP."))
    else:
        units = f" từ {vi_count(ent['units'])} {_units_word(area, period)}" if ent["units"] else ""
        details = [
            f"{vi_count(ent[key])} {label}"
            for key, label in (
                ("re_evaluation", "sản phẩm đăng ký đánh giá lại"),
                ("upgrade", "sản phẩm đề nghị nâng hạng"),
                ("new", "sản phẩm mới dự thi"),
            )
            if ent[key]
        ]
        detail = f" (Trong đó: {_join(details)})" if len(details) > 1 else ""
        blocks.append(
            (
                "p",
                f"{_period_intro(period)}, có {vi_count(ent['products'])} sản phẩm dự thi đánh giá, phân hạng sản "
                f"phẩm OCOP{units}{detail}.",
            )
        )
    if not rec["products"]:
        blocks.append(("p", f"Trong {period['label']}, chưa có sản phẩm được công nhận đạt chuẩn OCOP."))
    else:
        subjects = "của 01 chủ thể" if rec["subjects"] == 1 else f"của {vi_count(rec['subjects'])} chủ thể"
        blocks.append(
            (
                "p",
                f"Kết quả, có {vi_count(rec['products'])} sản phẩm {subjects} được công nhận đạt chuẩn OCOP trong "
                f"{period['label']} ({stars_phrase(rec['stars'], descending=True)}). Trong đó,",
            )
        )
        blocks.append(("bullet", _kinds_sentence(kinds)))
    if rec["groups"]:
        shares = "; ".join(f"nhóm {g['name'].lower()}: {vi_percent(g['percent'])}%" for g in rec["groups"])
        blocks.append(("bullet", f"Phân nhóm gồm {shares}."))
    female = val["female_led"]
    if not val["products"]:
        blocks.append(
            ("p", f"Đến ngày {format_date(period['cutoff'])}, {_whole(area)} chưa có sản phẩm OCOP còn hiệu lực.")
        )
    else:
        if female["subjects"]:
            women = (
                f" Trong đó, có {vi_count(female['products'])} sản phẩm OCOP "
                f"({stars_phrase(female['stars'], descending=True)}) của {vi_count(female['subjects'])} chủ thể là "
                f"nữ (chiếm {vi_percent(female['subjects_percent'])}% chủ thể OCOP {_whole(area)})."
            )
        else:
            women = " Chưa có chủ thể OCOP là nữ."
        blocks.append(
            (
                "p",
                f"Đến ngày {format_date(period['cutoff'])}, {_whole(area)} có {vi_count(val['products'])} sản phẩm "
                f"OCOP còn hiệu lực ({stars_phrase(val['stars'])}) của {vi_count(val['subjects'])} chủ thể.{women}",
            )
        )
    rows = []
    for key in ("new", "re_evaluation", "upgrade"):
        k = kinds[key]
        rows.append(
            [_t(KIND_LABELS[key]), _i(k["products"]), _i(k["subjects"])] + [_i(k["stars"][s]) for s in ("3", "4", "5")]
        )
    rows.append(
        [_t("Tổng cộng"), _i(rec["products"]), _i(rec["subjects"])] + [_i(rec["stars"][s]) for s in ("3", "4", "5")]
    )
    blocks.append(
        (
            "table",
            Table(
                "Công nhận trong kỳ",
                f"Bảng 1. Sản phẩm được công nhận trong {period['label']}",
                ["Hình thức", "Số sản phẩm", "Số chủ thể", "3 sao", "4 sao", "5 sao"],
                rows,
                total=True,
            ),
        )
    )
    blocks.append(
        (
            "table",
            Table(
                "Dự thi trong kỳ",
                f"Bảng 2. Sản phẩm dự thi đánh giá, phân hạng trong {period['label']}",
                ["Hình thức", "Số sản phẩm"],
                [
                    [_t("Mới dự thi"), _i(ent["new"])],
                    [_t("Đánh giá lại"), _i(ent["re_evaluation"])],
                    [_t("Nâng hạng"), _i(ent["upgrade"])],
                    [_t("Tổng cộng (không trùng sản phẩm)"), _i(ent["products"])],
                    [_t("Số chủ thể tham gia"), _i(ent["subjects"])],
                ],
            ),
        )
    )
    blocks.append(
        (
            "table",
            Table(
                "Nhóm sản phẩm",
                "Bảng 3. Sản phẩm được công nhận trong kỳ theo nhóm sản phẩm",
                ["Nhóm sản phẩm", "Phân loại theo", "Số sản phẩm", "Tỷ lệ (%)"],
                [
                    [
                        _t(g["name"]),
                        _t("QĐ 1048" if g["regime"] == "qd1048" else "QĐ 148" if g["regime"] else ""),
                        _i(g["products"]),
                        _p(g["percent"]),
                    ]
                    for g in rec["groups"]
                ],
            ),
        )
    )
    blocks.append(("chart", charts.Chart("stars", val["stars"], "Sản phẩm OCOP còn hiệu lực theo hạng sao")))
    if val["units"]:
        unit_rows = [
            [_t(u["name"]), _i(u["products"])] + [_i(u["stars"][s]) for s in ("3", "4", "5")] for u in val["units"]
        ]
        unit_rows.append([_t("Tổng cộng"), _i(val["products"])] + [_i(val["stars"][s]) for s in ("3", "4", "5")])
        blocks.append(
            (
                "table",
                Table(
                    "Còn hiệu lực theo địa bàn",
                    f"Bảng 4. Sản phẩm OCOP còn hiệu lực đến ngày {format_date(period['cutoff'])} theo địa bàn",
                    ["Địa bàn", "Số sản phẩm", "3 sao", "4 sao", "5 sao"],
                    unit_rows,
                    total=True,
                ),
            )
        )
        blocks.append(("chart", charts.Chart("units", val["units"], "Sản phẩm OCOP còn hiệu lực theo địa bàn")))
    commune_map = charts.CommuneMap(
        (context or {}).get("map"),
        f"Sản phẩm OCOP còn hiệu lực đến ngày {format_date(period['cutoff'])} theo xã, phường",
    )
    if commune_map:
        blocks.append(("chart", commune_map))
    blocks.append(
        (
            "table",
            Table(
                "Chủ thể nữ",
                "Bảng 5. Chủ thể OCOP là nữ và sản phẩm còn hiệu lực",
                ["Chỉ tiêu", "Số lượng", "Tỷ lệ (%)"],
                [
                    [_t("Chủ thể OCOP"), _i(val["subjects"]), _p("100.00" if val["subjects"] else None)],
                    [_t("Chủ thể là nữ"), _i(female["subjects"]), _p(female["subjects_percent"])],
                    [_t("Sản phẩm của chủ thể là nữ"), _i(female["products"]), _p(None)],
                    [_t("– trong đó 3 sao"), _i(female["stars"]["3"]), _p(None)],
                    [_t("– trong đó 4 sao"), _i(female["stars"]["4"]), _p(None)],
                    [_t("– trong đó 5 sao"), _i(female["stars"]["5"]), _p(None)],
                ],
            ),
        )
    )
    return {"title": "1. Triển khai thực hiện Chu trình OCOP", "blocks": blocks}


def _economy_section(f):
    part, forms = f["participation"], f["recognised"]["legal_forms"]
    shown = [row for row in forms["rows"] if row["subjects"]]
    shares = ""
    if shown:
        texts = [
            f"{vi_percent(row['percent'])}% {row['label'].lower() if i == 0 else row['label']}"
            for i, row in enumerate(shown)
        ]
        shares = " (trong đó: " + ("; ".join(texts[:-1]) + " và " + texts[-1] if len(texts) > 1 else texts[0]) + ")"
    recognised, entered = part["recognised_subjects"], part["subjects"]
    if not entered and not recognised:
        sentence = "Trong kỳ chưa có chủ thể tham gia đánh giá, phân hạng sản phẩm OCOP."
    elif recognised > entered:
        # Recognitions of products not entered through the period's rounds on the portal (re-recognitions,
        # decisions entered directly): a ratio "76/70" would read as nonsense, so both counts are said.
        took_part = (
            f"; {vi_count(entered)} chủ thể tham gia đánh giá, phân hạng qua các đợt trên Cổng"
            if entered
            else "; trong kỳ chưa có chủ thể tham gia đánh giá, phân hạng qua các đợt trên Cổng"
        )
        sentence = (
            f"Kết quả có {vi_count(recognised)} chủ thể có sản phẩm được công nhận là sản phẩm OCOP{shares}{took_part}."
        )
    elif not recognised:
        sentence = (
            f"Trong {vi_count(part['subjects'])} chủ thể tham gia, chưa có chủ thể có sản phẩm được công nhận là "
            "sản phẩm OCOP."
        )
    else:
        sentence = (
            f"Kết quả có {vi_count(part['recognised_subjects'])}/{vi_count(part['subjects'])} chủ thể tham gia có "
            f"sản phẩm được công nhận là sản phẩm OCOP{shares}."
        )
    blocks = [
        ("p", sentence),
        (
            "table",
            Table(
                "Loại hình chủ thể",
                "Bảng 6. Chủ thể có sản phẩm được công nhận trong kỳ theo loại hình",
                ["Loại hình", "Số chủ thể", "Tỷ lệ (%)"],
                [[_t(r["label"]), _i(r["subjects"]), _p(r["percent"])] for r in forms["rows"]]
                + [[_t("Tổng cộng"), _i(forms["subjects"]), _p("100.00" if forms["subjects"] else None)]],
                total=True,
            ),
        ),
    ]
    return {"title": "2. Củng cố, phát triển kinh tế", "blocks": blocks}


def _market_section(f):
    val, period = f["valid"], f["period"]
    ch = val["channels"]
    ecommerce, modern = ch["ecommerce"], ch["modern_retail"]
    if not val["products"]:
        sentence = (
            f"Đến ngày {format_date(period['cutoff'])}, chưa có sản phẩm OCOP còn hiệu lực nên chưa có số liệu kênh "
            "bán hàng."
        )
    else:
        online = (
            f"có {vi_count(ecommerce['products'])}/{vi_count(val['products'])} sản phẩm OCOP còn hiệu lực (chiếm "
            f"{vi_percent(ecommerce['percent'])}%) được kinh doanh trên các sàn thương mại điện tử"
            if ecommerce["products"]
            else "chưa có sản phẩm OCOP được ghi nhận kinh doanh trên các sàn thương mại điện tử"
        )
        shops = (
            f"{vi_count(modern['products'])} sản phẩm (chiếm {vi_percent(modern['percent'])}%) vào hệ thống siêu "
            "thị, cửa hàng tiện lợi"
            if modern["products"]
            else "chưa có sản phẩm vào hệ thống siêu thị, cửa hàng tiện lợi"
        )
        sentence = f"Đến ngày {format_date(period['cutoff'])}, {online}; {shops}."
    blocks = [
        ("p", sentence),
        (
            "table",
            Table(
                "Kênh bán hàng",
                "Bảng 7. Sản phẩm OCOP còn hiệu lực theo kênh bán hàng",
                ["Kênh bán hàng", "Số sản phẩm", "Tỷ lệ (%)"],
                [
                    [_t("Sàn thương mại điện tử"), _i(ch["ecommerce"]["products"]), _p(ch["ecommerce"]["percent"])],
                    [
                        _t("Siêu thị, cửa hàng tiện lợi (kênh hiện đại)"),
                        _i(ch["modern_retail"]["products"]),
                        _p(ch["modern_retail"]["percent"]),
                    ],
                ],
            ),
        ),
    ]
    return {"title": "3. Hoạt động xúc tiến thương mại, kết nối tiêu thụ sản phẩm", "blocks": blocks}


def _revocation_section(f):
    rev, period = f["revocations"], f["period"]
    if not rev["products"]:
        text = f"Trong {period['label']}, không có sản phẩm OCOP nào bị thu hồi Giấy chứng nhận."
        return {"title": "4. Thu hồi công nhận sản phẩm OCOP", "blocks": [("p", text)]}
    grounds = "; ".join(
        f"{g['label'][:1].lower()}{g['label'][1:]}: {vi_count(g['products'])} sản phẩm"
        for g in rev["grounds"]
        if g["products"]
    )
    text = (
        f"Trong {period['label']}, có {vi_count(rev['products'])} sản phẩm bị thu hồi Giấy chứng nhận OCOP theo "
        f"{vi_count(rev['decisions'])} quyết định ({stars_phrase(rev['stars'])}), gồm: {grounds}."
    )
    table = Table(
        "Thu hồi",
        "Bảng 8. Sản phẩm bị thu hồi Giấy chứng nhận OCOP theo lý do",
        ["Lý do thu hồi", "Số sản phẩm"],
        [[_t(g["label"]), _i(g["products"])] for g in rev["grounds"]] + [[_t("Tổng cộng"), _i(rev["products"])]],
        total=True,
    )
    return {"title": "4. Thu hồi công nhận sản phẩm OCOP", "blocks": [("p", text), ("table", table)]}


def _activities_section(f):
    act, period = f["activities"], f["period"]
    total = act["total"]
    if not total["activities"]:
        text = (
            f"Chưa có hoạt động truyền thông, tập huấn, xúc tiến nào được ghi nhận trên Cổng trong {period['label']}."
        )
        return {"title": "5. Truyền thông, tập huấn, xúc tiến thương mại", "blocks": [("p", text)]}
    parts = "; ".join(
        f"{k['label'].lower()}: {vi_count(k['activities'])} hoạt động, {vi_count(k['sessions'])} lớp/kỳ/buổi"
        + (f", {vi_number(k['participants'])} lượt người tham dự" if k["participants"] else "")
        for k in act["kinds"]
    )
    text = f"Trong {period['label']}, đã thực hiện {vi_count(total['activities'])} hoạt động ({parts})."
    table = Table(
        "Hoạt động",
        "Bảng 9. Hoạt động truyền thông, tập huấn, xúc tiến thương mại",
        ["Loại hoạt động", "Số hoạt động", "Số lớp/kỳ/buổi", "Người tham dự", "Trong đó nữ", "Kinh phí (triệu đồng)"],
        [
            [
                _t(k["label"]),
                _i(k["activities"]),
                _i(k["sessions"]),
                _i(k["participants"]),
                _i(k["women"]),
                _m(k["cost_mvnd"]),
            ]
            for k in act["kinds"]
        ]
        + [
            [
                _t("Tổng cộng"),
                _i(total["activities"]),
                _i(total["sessions"]),
                _i(total["participants"]),
                _i(total["women"]),
                _m(total["cost_mvnd"]),
            ]
        ],
        total=True,
    )
    return {"title": "5. Truyền thông, tập huấn, xúc tiến thương mại", "blocks": [("p", text), ("table", table)]}


def _budget_section(f):
    bud, period = f["budget"], f["period"]
    year = period["code"][:4]
    total = bud["total"]
    field = "disbursed" if total["disbursed"] is not None else "planned" if total["planned"] is not None else None
    blocks = []
    if field is None:
        blocks.append(("p", f"Chưa có số liệu kinh phí thực hiện Chương trình OCOP năm {year} trên Cổng."))
    else:
        what = "thực hiện" if field == "disbursed" else "kế hoạch"
        blocks.append(
            (
                "p",
                f"Tổng kinh phí {what} Chương trình OCOP năm {year} là {vi_money(total[field])} triệu đồng. Trong đó:",
            )
        )
        for source in bud["sources"]:
            if source[field] is not None:
                blocks.append(("bullet", f"{source['name']}: {vi_money(source[field])} triệu đồng."))
    blocks.append(
        (
            "table",
            Table(
                "Kinh phí",
                f"Bảng 10. Kinh phí thực hiện Chương trình OCOP năm {year} theo nguồn vốn (triệu đồng)",
                ["Nguồn vốn", "Kế hoạch", "Đã phân bổ", "Đã giải ngân"],
                [[_t(s["name"]), _m(s["planned"]), _m(s["allocated"]), _m(s["disbursed"])] for s in bud["sources"]]
                + [[_t("Tổng cộng"), _m(total["planned"]), _m(total["allocated"]), _m(total["disbursed"])]],
                total=True,
            ),
        )
    )
    return {"title": "6. Kinh phí thực hiện", "blocks": blocks}


SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclasses.dataclass(frozen=True)
class Footnote:
    """A footnote of the document: its number (order of appearance) and its text, citing the plan (or decision) a
    figure comes from, as the seed does. The text carries the call (``Rich``); the note is a real Word footnote in
    the DOCX, and a numbered note in small print under the paragraph in the HTML preview and the PDF."""

    number: int
    text: str

    @property
    def marker(self):
        """ "¹", "²" ..."""
        return str(self.number).translate(SUPERSCRIPTS)

    def __str__(self):
        return f"{self.marker} {self.text}"

    def html_reference(self):
        """The call in the text: the note's number in superscript, linked to the note."""
        return format_html('<sup class="fn-ref"><a href="#fn-{}">{}</a></sup>', self.number, self.number)


class Rich(str):
    """A paragraph's text with footnote references: ``pieces`` are strings and ``Footnote``s. As a string it is the
    plain text with superscript markers ("... của Kế hoạch¹ ..."); ``__html__`` (used by the templates' escaping)
    gives the markup of the HTML and PDF."""

    def __new__(cls, *pieces):
        pieces = [piece for piece in pieces if piece != ""]
        text = super().__new__(cls, "".join(piece.marker if isinstance(piece, Footnote) else piece for piece in pieces))
        text.pieces = pieces
        return text

    def __html__(self):
        return mark_safe(  # noqa: S308 - every piece is escaped
            "".join(
                piece.html_reference() if isinstance(piece, Footnote) else conditional_escape(piece)
                for piece in self.pieces
            )
        )

    @property
    def footnotes(self):
        return [piece for piece in self.pieces if isinstance(piece, Footnote)]


class Notes:
    """The document's footnotes, numbered in order of appearance (¹, ², ...)."""

    def __init__(self):
        self.items = []

    def add(self, text):
        note = Footnote(len(self.items) + 1, text)
        self.items.append(note)
        return note


def plan_citation(plan):
    """ "Kế hoạch số 81/KH-UBND ngày 15/3/2022 của UBND tỉnh Đồng Tháp về triển khai ..." (as the seed cites)."""
    text = "Kế hoạch"
    if plan.get("number"):
        text += f" số {plan['number']}"
    if plan.get("issued_on"):
        text += f" ngày {format_date(plan['issued_on'])}"
    if plan.get("issuer"):
        text += f" của {plan['issuer']}"
    title = re.sub(r"^(Kế hoạch)\s+(về\s+)?", "", (plan.get("title") or "").strip().rstrip("."), flags=re.IGNORECASE)
    if title:
        text += f" về {title[:1].lower()}{title[1:]}"
    return text + "."


def _targets_section(f, context, notes):
    targets, period, area = f["targets"], f["period"], f["area"]
    year = period["code"][:4]
    plans = (context or {}).get("plans") or []
    title = "1. Kết quả thực hiện các chỉ tiêu"
    whose = _lower_first(area["display_name"])
    if not targets:
        if plans:
            text = Rich(
                f"Kế hoạch năm {year} của {whose}",
                notes.add(plan_citation(plans[0])),
                " chưa đặt chỉ tiêu cụ thể trên Cổng nên báo cáo chưa đánh giá mức độ thực hiện chỉ tiêu.",
            )
        else:
            text = f"Chưa có kế hoạch năm {year} của {whose} trên Cổng để đánh giá kết quả thực hiện chỉ tiêu."
        return {"title": title, "blocks": [("p", text)]}
    met = sum(1 for t in targets if t["met"])
    cited = {t["plan"] for t in targets}
    marks = [notes.add(plan_citation(plan)) for plan in plans if (plan.get("number") or plan.get("title")) in cited]
    if met == 0:
        result = f"chưa đạt chỉ tiêu nào trong {vi_count(len(targets))} chỉ tiêu của Kế hoạch"
    else:
        result = f"đã thực hiện đạt và vượt {vi_count(met)}/{vi_count(len(targets))} chỉ tiêu của Kế hoạch"
    text = Rich(
        f"{_period_intro(period)}, {whose} {result}",
        *marks,
        f" (số liệu đến ngày {format_date(period['cutoff'])}).",
    )
    rows = []
    for t in targets:
        rows.append(
            [
                _t(t["number"]),
                _t(t["title"]),
                _t(f"{vi_money(t['target'])} {t['unit']}".strip()),
                _t(f"{vi_money(t['actual'])} {t['unit']}".strip() if t["actual"] is not None else "chưa có số liệu"),
                _p(t["percent"]),
                _t("Đạt" if t["met"] else "Chưa đạt"),
            ]
        )
    table = Table(
        "Chỉ tiêu",
        f"Kết quả thực hiện chỉ tiêu Kế hoạch năm {year}",
        ["Số", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)", "Đánh giá"],
        rows,
    )
    return {"title": title, "blocks": [("p", text), ("table", table)]}


def _change(before, now, unit):
    """ "tăng 02 sản phẩm (từ 01 lên 03 sản phẩm)", "chưa có (kỳ trước có 03 sản phẩm)" ..., zero in words."""
    if now == before:
        return f"giữ nguyên {vi_count(now)} {unit}" if now else "vẫn chưa có"
    if not before:
        return f"có {vi_count(now)} {unit} (kỳ trước chưa có)"
    if not now:
        return f"chưa có (kỳ trước có {vi_count(before)} {unit})"
    if now > before:
        return f"tăng {vi_count(now - before)} {unit} (từ {vi_count(before)} lên {vi_count(now)} {unit})"
    return f"giảm {vi_count(before - now)} {unit} (từ {vi_count(before)} còn {vi_count(now)} {unit})"


def _comparison_section(f, context, number):
    previous = (context or {}).get("previous")
    if not previous:
        return None
    ent, rec, val, rev = f["entries"], f["recognised"], f["valid"], f["revocations"]
    lines = [
        ("Sản phẩm dự thi đánh giá, phân hạng", "sản phẩm dự thi", previous["entries"], ent["products"]),
        ("Sản phẩm được công nhận trong kỳ", "sản phẩm được công nhận", previous["recognised"], rec["products"]),
        ("Sản phẩm OCOP còn hiệu lực cuối kỳ", "sản phẩm còn hiệu lực", previous["valid"], val["products"]),
        ("Chủ thể có sản phẩm còn hiệu lực", "chủ thể", previous["valid_subjects"], val["subjects"]),
        ("Sản phẩm bị thu hồi Giấy chứng nhận", "sản phẩm bị thu hồi", previous["revoked"], rev["products"]),
    ]
    phrases = [f"{label} {_change(before, now, 'sản phẩm')}" for _title, label, before, now in lines[:3]]
    text = f"So với {previous['label']}, {_join(phrases)}."
    table = Table(
        "So sánh kỳ trước",
        f"So sánh kết quả {f['period']['label']} với {previous['label']}",
        ["Chỉ tiêu", previous["label"].capitalize(), f["period"]["label"].capitalize(), "Tăng (+), giảm (-)"],
        [[_t(title), _i(before), _i(now), _i(now - before)] for title, _label, before, now in lines],
    )
    return {"title": f"{number}. So sánh với {previous['label']}", "blocks": [("p", text), ("table", table)]}


def achievements_prefill(figures):
    """The first draft of "what went well": each target met, in words (the office edits it)."""
    lines = []
    for t in figures.get("targets") or []:
        if not t["met"]:
            continue
        actual = f"{vi_money(t['actual'])} {t['unit']}".strip()
        goal = f"{vi_money(t['target'])} {t['unit']}".strip()
        lines.append(f"- {t['title']}: thực hiện {actual}, kế hoạch {goal} (đạt {vi_percent(t['percent'])}% Kế hoạch).")
    rec = figures["recognised"]
    if rec["products"]:
        lines.append(
            f"- Có {vi_count(rec['products'])} sản phẩm được công nhận đạt chuẩn OCOP trong "
            f"{figures['period']['label']} ({stars_phrase(rec['stars'], descending=True)})."
        )
    return "\n".join(lines)


def text_blocks(text):
    """A written section as blocks: a line starting with "-", "+" or "•" is a bullet, any other line a paragraph."""
    blocks = []
    for line in _lines(text):
        if line[:1] in "-+•":
            blocks.append(("bullet", line[1:].strip()))
        else:
            blocks.append(("p", line))
    return blocks


PENDING = "(Phần này chưa viết: viết trên trang báo cáo trước khi hoàn thiện.)"
PENDING_OPTIONAL = "(Không bắt buộc: phần này được bỏ khỏi bản hoàn thiện nếu không viết.)"
PLACEHOLDERS = (PENDING, PENDING_OPTIONAL, "Đơn vị bổ sung")  # never in a final report (tests scan for them)


def _narrative(key, title, narratives, final):
    text = (narratives or {}).get(key) or ""
    blocks = text_blocks(text)
    if not blocks:
        if final:
            return None
        blocks = [("note", PENDING)]
    return {"title": title, "blocks": blocks, "key": key}


# --------------------------------------------------------------------------------------------------------------
# The whole document
# --------------------------------------------------------------------------------------------------------------


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _authority(area_id):
    from decisions.models import Authority

    return Authority.objects.filter(unit_id=area_id, is_active=True).order_by("level", "pk").first()


def _recipients(area, period):
    is_province = area.get("level") == "province"
    if not is_province:
        return ["UBND Tỉnh (qua Văn phòng Điều phối Tỉnh)", "Lưu: VT."]
    # The structure in force on the period's end date (within the area's own life): communes (two-level local
    # government) after 1/7/2025, districts before.
    local = "UBND các xã, phường" if _after_reorganisation(period, area) else "UBND các huyện, thành phố"
    return ["Văn phòng Điều phối nông thôn mới Trung ương", "TT/TU, TT/HĐND Tỉnh", "CT, các PCT/UBND Tỉnh",
            "Các sở, ngành Tỉnh", local, "VPĐP nông thôn mới Tỉnh", "Lưu: VT."]  # fmt: skip


CAPTION_NUMBER = re.compile(r"^Bảng \d+\.\s*")


def _number_tables(parts):
    """Tables ("Bảng 1.", "Bảng 2.", ...) and figures ("Hình 1.", ...: the charts and the map) numbered
    consecutively in document order; returns the tables in order."""
    tables, figure_count = [], 0
    for part in parts:
        for section in part["sections"]:
            for kind, block in section["blocks"]:
                if kind == "table":
                    tables.append(block)
                    caption = CAPTION_NUMBER.sub("", block.caption)
                    block.caption = f"Bảng {len(tables)}. {caption}"
                elif kind == "chart" and block:
                    figure_count += 1
                    block.number = figure_count
    return tables


def _attach_notes(parts):
    """Each footnote listed right under the paragraph that calls it (small print): the HTML preview and the PDF
    show it there, near its call (in the DOCX it is a real footnote at the foot of the page, see ``Footnote``)."""
    for part in parts:
        for section in part["sections"]:
            blocks = []
            for kind, block in section["blocks"]:
                blocks.append((kind, block))
                if kind in {"p", "bullet"} and isinstance(block, Rich):
                    blocks.extend(("footnote", note) for note in block.footnotes)
            section["blocks"] = blocks
    return parts


def document(figures, parameters=None, narratives=None, context=None, final=False):
    """Everything the document template needs: header, title, parts (sections of blocks), closing paragraph,
    recipients, signature, numbered tables.

    ``narratives``: the written sections {key: text} (``ReportNarrative``); ``context``: the plans and the previous
    period (``figures.report_context``); ``final``: an unwritten section is left out instead of marked pending."""
    parameters = parameters or {}
    area, period = figures["area"], figures["period"]
    authority = _authority(area["id"])
    kind_word = (area.get("unit_type") or "").upper()
    header = _lines(parameters.get("header")) or (
        _lines(authority.header_name)
        if authority
        else ["ỦY BAN NHÂN DÂN", (area.get("display_name") or f"{kind_word} {area['name']}").strip().upper()]
    )
    place = parameters.get("place") or (authority.place_name if authority else area["name"])
    day = parameters.get("date")
    day = datetime.date.fromisoformat(day) if day else _due(period)
    year = period["code"][:4]
    title_period = f"6 tháng đầu năm {year}" if period["kind"] == "six_month" else f"năm {year}"
    next_period = f"6 tháng cuối năm {year}" if period["kind"] == "six_month" else f"năm {int(year) + 1}"
    recipients = _lines(parameters.get("recipients")) or _recipients(area, period)
    notes = Notes()
    sections_one = [
        _cycle_section(figures, context),
        _economy_section(figures),
        _market_section(figures),
        _revocation_section(figures),
        _activities_section(figures),
        _budget_section(figures),
    ]
    sections_two = [_targets_section(figures, context, notes)]
    comparison = _comparison_section(figures, context, len(sections_two) + 1)
    if comparison:
        sections_two.append(comparison)
    for key, label in (
        ("achievements", "Những kết quả đạt được"),
        ("difficulties", "Những khó khăn, hạn chế"),
        ("causes", "Nguyên nhân"),
    ):
        section = _narrative(key, f"{len(sections_two) + 1}. {label}", narratives, final)
        if section:
            sections_two.append(section)
    parts = [
        {"title": f"I. KẾT QUẢ THỰC HIỆN {title_period.upper()}", "sections": sections_one},
        {"title": "II. ĐÁNH GIÁ CHUNG", "sections": sections_two},
    ]
    directions = _narrative("directions", "", narratives, final)
    if directions:
        parts.append({"title": f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ {next_period.upper()}", "sections": [directions]})
    recommendations = _narrative("recommendations", "", narratives, final)
    if recommendations:  # optional: left out of a final report when not written
        if not (narratives or {}).get("recommendations"):
            recommendations["blocks"] = [("note", PENDING_OPTIONAL)]
        number = "IV" if directions else "III"
        parts.append({"title": f"{number}. KIẾN NGHỊ, ĐỀ XUẤT", "sections": [recommendations]})
    _attach_notes(parts)
    tables = _number_tables(parts)
    authority_name = f"Ủy ban nhân dân {area['display_name'][:1].lower()}{area['display_name'][1:]}"
    return {
        "header_lines": header,
        "number": parameters.get("number") or "",
        "number_suffix": "BC-UBND",
        "place_date": format_document_date(day, place),
        "title": "BÁO CÁO",
        "subject_line": f"Kết quả thực hiện Chương trình Mỗi xã một sản phẩm (OCOP) {title_period}",
        "intro": (
            f"{authority_name} báo cáo kết quả thực hiện "
            f"Chương trình Mỗi xã một sản phẩm (OCOP) {title_period} (số liệu tổng hợp từ Cổng thông tin OCOP, "
            f"đến ngày {format_date(period['cutoff'])}) như sau:"
        ),
        "parts": parts,
        "part_one": parts[0]["title"],
        "sections_one": sections_one,
        "part_two": parts[1]["title"],
        "sections_two": sections_two,
        "closing": (
            f"Trên đây là báo cáo kết quả thực hiện Chương trình Mỗi xã một sản phẩm (OCOP) {title_period} của "
            f"{authority_name}./."
        ),
        "recipients": recipients,
        "signer_title_lines": _lines(parameters.get("signer_title"))
        or _lines(authority.signer_title if authority else "")
        or _lines(DEFAULT_SIGNER_TITLE),
        "signer_name": parameters.get("signer_name") or (authority.signer_name if authority else ""),
        "tables": tables,
        "figures": figures,
        "final": final,
    }


def _due(period):
    year = int(period["code"][:4])
    return datetime.date(year, 6, 15) if period["kind"] == "six_month" else datetime.date(year, 12, 15)
