"""Report periods (kỳ báo cáo): a year ("2022") or its first half ("2022-H1"), written explicitly, never inferred.

The cut-off date of a period is its last day: figures "at the period's end" (valid products, female-led subjects...)
are taken on that day, and "in the period" counts records dated from ``start`` to ``end`` inclusive.
"""

import dataclasses
import datetime
import re

ANNUAL = "annual"
SIX_MONTH = "six_month"

_PATTERN = re.compile(r"^\s*(\d{4})(?:\s*-\s*[Hh]([12]))?\s*$")


class PeriodError(ValueError):
    """The text is not a period the portal reports on."""


@dataclasses.dataclass(frozen=True)
class Period:
    year: int
    half: int | None = None  # 1: first half (01/01–30/06); None: the whole year

    @classmethod
    def parse(cls, text):
        """ "2022" -> the year 2022; "2022-H1" -> 01/01/2022–30/06/2022. Anything else raises ``PeriodError``."""
        if isinstance(text, Period):
            return text
        match = _PATTERN.match(str(text or ""))
        if not match:
            raise PeriodError(f"Kỳ báo cáo không hợp lệ: «{text}» (dạng 2022 hoặc 2022-H1).")
        year = int(match.group(1))
        half = int(match.group(2)) if match.group(2) else None
        if not 2018 <= year <= 2100:
            raise PeriodError(f"Năm báo cáo ngoài khoảng 2018–2100: {year}.")
        if half == 2:
            raise PeriodError("Báo cáo 6 tháng là 6 tháng đầu năm (H1); 6 tháng cuối nằm trong báo cáo năm.")
        return cls(year=year, half=half)

    @classmethod
    def for_kind(cls, kind, year):
        return cls(year=int(year), half=1 if kind == SIX_MONTH else None)

    @property
    def code(self):
        return f"{self.year}-H{self.half}" if self.half else str(self.year)

    @property
    def kind(self):
        return SIX_MONTH if self.half else ANNUAL

    @property
    def start(self):
        return datetime.date(self.year, 1, 1)

    @property
    def end(self):
        return datetime.date(self.year, 6, 30) if self.half else datetime.date(self.year, 12, 31)

    @property
    def cutoff(self):
        """The day "at the period's end" figures are taken on (the period's last day)."""
        return self.end

    @property
    def due_date(self):
        """Reports reach the province before 15/6 (6-month) and 15/12 (annual): the document's default date."""
        return datetime.date(self.year, 6, 15) if self.half else datetime.date(self.year, 12, 15)

    @property
    def label(self):
        """ "năm 2022", "6 tháng đầu năm 2022" (for sentences)."""
        return f"6 tháng đầu năm {self.year}" if self.half else f"năm {self.year}"

    def __str__(self):
        return self.code
