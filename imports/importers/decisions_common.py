"""What the recognition and revocation imports share: decision columns, authorities, grouping rows by decision.

A historical decision (issued before the portal) is recorded once, with all its rows, through the decisions
services. A decision already on the portal is never changed by an import (issued decisions are immutable): rows that
match it are "unchanged", rows that differ are errors pointing to a correction decision.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisions.models import Authority, AuthorityLevel, Decision
from decisions.permissions import can_issue_decisions
from decisions.services import NUMBER_RE, decision_unit
from ocop_portal.formatting import format_date
from ocop_portal.text import fold

from ..columns import Column, Date, Text
from .base import Importer, RowError, report_action


def number_key(text):
    """ "1446/QĐ-UBND-HC" and "1446 / qđ-ubnd-hc" are the same decision number."""
    return re.sub(r"\s+", "", fold(text))


def decision_columns(number_header, number_help):
    return [
        Column(
            number_header,
            "number",
            Text(60),
            required=True,
            key=True,
            help=number_help,
            example="1446/QĐ-UBND-HC",
            export="decision__number_display",
        ),
        Column(
            "Ngày quyết định",
            "date",
            Date(),
            required=True,
            help=gettext_lazy("Ngày ký quyết định, dd/mm/yyyy; mọi dòng của cùng một quyết định ghi cùng ngày."),
            example="29/12/2022",
            export="decision__date",
        ),
        Column(
            "Mã cơ quan ban hành",
            "authority_code",
            Text(40),
            help=gettext_lazy(
                "Mã của cơ quan trong danh mục cơ quan ban hành (vd. province-87); có mã thì cổng nhận cơ quan theo "
                "mã, không theo tên."
            ),
            example="province-87",
            export="decision__authority__code",
        ),
        Column(
            "Cơ quan ban hành",
            "authority",
            Text(200),
            help=gettext_lazy(
                "Tên cơ quan như trong danh mục cơ quan ban hành của cổng (vd. UBND tỉnh Đồng Tháp); bắt buộc khi "
                "không ghi mã. Hai cơ quan trùng tên (tỉnh cũ và tỉnh sau sắp xếp): cổng chọn cơ quan có địa bàn còn "
                "hiệu lực vào ngày quyết định. Cơ quan trung ương (Bộ) chỉ cho quyết định 5 sao."
            ),
            example="UBND tỉnh Đồng Tháp",
            export="decision__authority__name",
        ),
    ]


class DecisionRowsImporter(Importer):
    """Rows grouped into decisions by (authority, number); subclasses say how to record and compare items."""

    decision_kind = None

    @classmethod
    def allowed(cls, user):
        return can_issue_decisions(user)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.authorities = {}
        self.decisions = {}

    def prepare_decisions(self, rows):
        visible = Authority.objects.restrict(self.actor, "approve").values("pk")
        authorities = Authority.objects.filter(Q(pk__in=visible) | Q(level=AuthorityLevel.CENTRAL)).select_related(
            "unit"
        )
        self.authorities_by_code = {}
        for authority in authorities:
            self.authorities.setdefault(fold(authority.name), []).append(authority)
            if authority.code:
                self.authorities_by_code[authority.code.casefold()] = authority
        numbers = set()
        for row in rows:
            match = NUMBER_RE.match(row.values.get("number") or "")
            if match:
                numbers.add(int(match.group(1)))
        if numbers:
            queryset = Decision.objects.filter(number__in=numbers).select_related("authority")
            for decision in queryset:
                self.decisions[(decision.authority_id, decision.unit_id, decision.year, decision.number)] = decision

    def find_authority(self, row):
        """The authority of a row: by its code when the file has one; else by name, where two authorities share a
        name (the old and the merged province's «UBND tỉnh Đồng Tháp») the one whose unit was in force on the
        decision's date."""
        values = row.values
        code = (values.get("authority_code") or "").strip()
        if code:
            authority = self.authorities_by_code.get(code.casefold())
            if authority is None:
                raise RowError(
                    "authority_code",
                    _(
                        "không có cơ quan ban hành nào mang mã này trong địa bàn của bạn; ghi mã như trong danh mục "
                        "cơ quan ban hành (vd. province-87), hoặc để trống và ghi tên cơ quan."
                    ),
                )
            return authority
        name = values.get("authority") or ""
        if not name:
            raise RowError("authority", _("thiếu cơ quan ban hành: ghi mã cơ quan hoặc tên cơ quan."))
        authorities = self.authorities.get(fold(name), [])
        if not authorities:
            raise RowError(
                "authority",
                _(
                    "không có cơ quan ban hành nào tên như vậy trong địa bàn của bạn; ghi tên hoặc mã như trong "
                    "danh mục cơ quan ban hành."
                ),
            )
        if len(authorities) > 1:
            day = values["date"]
            dated = [authority for authority in authorities if authority.unit.is_in_force(day)]
            if len(dated) > 1:
                dated = [authority for authority in dated if authority.is_active] or dated
            if len(dated) != 1:
                raise RowError(
                    "authority",
                    _("tên cơ quan này trùng nhiều cơ quan trong danh mục; hãy ghi mã cơ quan (%(codes)s).")
                    % {"codes": ", ".join(sorted(authority.code or "" for authority in authorities))},
                )
            authorities = dated
        return authorities[0]

    def resolve_decision(self, row):
        values = row.values
        if not NUMBER_RE.match(values["number"]):
            raise RowError("number", _("số quyết định phải có dạng «số/ký hiệu», vd. «1446/QĐ-UBND-HC»."))
        if values["date"] > timezone.localdate():
            raise RowError("date", _("ngày ban hành không được sau hôm nay."))
        authority = self.find_authority(row)
        if not can_issue_decisions(self.actor, authority):
            raise RowError("authority", _("bạn không được ghi quyết định của cơ quan này."))
        row.refs["authority"] = authority
        number = int(NUMBER_RE.match(values["number"]).group(1))
        unit = decision_unit(self.actor, authority)
        existing = self.decisions.get((authority.pk, unit.pk, values["date"].year, number))
        if existing is not None and existing.kind != self.decision_kind:
            raise RowError(
                "number",
                _("số này đã dùng cho %(decision)s của %(authority)s năm %(year)s.")
                % {"decision": existing, "authority": authority.name, "year": existing.year},
            )
        row.refs["decision"] = existing

    def group_key(self, row):
        return row.refs["authority"].pk, number_key(row.values["number"])

    # --- applying -----------------------------------------------------------------------------------------------

    def apply_rows(self, rows, report, tick):
        groups = {}
        for row in rows:
            groups.setdefault(self.group_key(row), []).append(row)
        done = 0
        for group in groups.values():
            first = group[0]
            for row in group[1:]:
                if row.values["date"] != first.values["date"]:
                    self.error(
                        row,
                        "date",
                        _("khác ngày quyết định ở dòng %(row)s (%(date)s) của cùng quyết định.")
                        % {"row": first.number, "date": format_date(first.values["date"])},
                    )
            if all(row.ok for row in group):
                self.apply_group(group, report)
            done += len(group)
            tick(done)

    def apply_group(self, group, report):
        decision = group[0].refs["decision"]
        if decision is not None:
            self.compare_with_issued(decision, group, report)
            return
        try:
            self.record(group)
        except RowError as exc:
            self.error(group[0], exc.field, exc.message)
        except (ValidationError, PermissionDenied, IntegrityError, DataError) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            rows = ", ".join(str(row.number) for row in group)
            for message in messages:
                self.error(
                    group[0],
                    None,
                    _("%(message)s (quyết định gồm các dòng %(rows)s)") % {"message": message, "rows": rows},
                )
        else:
            for row in group:
                report_action(report, row, "create", self.describe(row))

    def compare_with_issued(self, decision, group, report):
        if decision.date != group[0].values["date"]:
            self.error(
                group[0],
                "date",
                _("%(decision)s đã có trên cổng với ngày %(date)s.")
                % {"decision": decision, "date": format_date(decision.date) or "–"},
            )
            return
        for row in group:
            difference = self.difference(decision, row)
            if difference is None:
                report_action(report, row, "unchanged", self.describe(row))
            else:
                self.error(
                    row,
                    None,
                    _(
                        "%(decision)s đã có trên cổng; quyết định đã ban hành không sửa được bằng nhập dữ liệu "
                        "(%(difference)s). Nếu quyết định gốc có sai sót, hãy lập quyết định đính chính."
                    )
                    % {"decision": decision, "difference": difference},
                )

    def record(self, group):
        raise NotImplementedError

    def difference(self, decision, row):
        """None when ``row`` matches the issued ``decision``; otherwise a short text of what differs."""
        raise NotImplementedError
