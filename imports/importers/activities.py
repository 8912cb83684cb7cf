"""Import of programme activities (hoạt động: tập huấn, truyền thông, hội chợ...) through
``programme.services.activity_create`` / ``activity_update``. Key: (start date, title without diacritics or case,
unit)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop_portal.formatting import format_date
from ocop_portal.text import fold
from programme.models import Activity, ActivityKind, FundingSource
from programme.permissions import can_change_programme, can_edit_activity
from programme.services import activity_create, activity_update

from ..columns import Choice, Column, Date, Integer, Number, Text
from .base import Importer, RowError
from .common import UnitLookup, accepted, chunks, unit_columns

FIELDS = [
    "kind",
    "title",
    "start_date",
    "end_date",
    "organiser",
    "sessions",
    "participants",
    "women_participants",
    "cost_mvnd",
    "description",
]


class ActivityImporter(Importer):
    kind = "activities"
    label = gettext_lazy("Hoạt động (tập huấn, truyền thông, xúc tiến thương mại)")
    description = gettext_lazy(
        "Lớp tập huấn, tin bài truyền thông, hội chợ, sự kiện xúc tiến, bản tin thị trường. Một hoạt động được nhận ra "
        "theo ngày bắt đầu, tên hoạt động và địa bàn: đã có thì cập nhật, chưa có thì thêm mới."
    )
    model = Activity
    key_fields = ("start_date", "title", "unit_key")
    key_label = gettext_lazy("hoạt động (ngày bắt đầu, tên, địa bàn)")
    error_columns = {"unit": "unit_code", "funding_source": "funding_source"}
    export_related = ("unit", "funding_source")
    columns = [
        Column("Ngày bắt đầu", "start_date", Date(), required=True, key=True, example="10/05/2023"),
        Column(
            "Tên hoạt động",
            "title",
            Text(500),
            required=True,
            key=True,
            example="Lớp tập huấn thương mại điện tử cho chủ thể OCOP",
        ),
        *unit_columns(code_header="Mã đơn vị hành chính", name_header="Địa bàn"),
        Column("Loại hoạt động", "kind", Choice(ActivityKind.choices), required=True, example="Đào tạo, tập huấn"),
        Column("Ngày kết thúc", "end_date", Date(), help=gettext_lazy("Không trước ngày bắt đầu.")),
        Column("Đơn vị tổ chức", "organiser", Text(255), example="Sở Công Thương"),
        Column("Số lớp / số kỳ / số buổi", "sessions", Integer(minimum=1), default=1, example=1),
        Column("Số người tham dự", "participants", Integer(), example=40),
        Column(
            "Trong đó nữ",
            "women_participants",
            Integer(),
            help=gettext_lazy("Không lớn hơn số người tham dự."),
            example=22,
        ),
        Column("Kinh phí (triệu đồng)", "cost_mvnd", Number(), example="45,5"),
        Column(
            "Nguồn vốn",
            "funding_source",
            Text(200),
            help=gettext_lazy("Tên, tên ngắn hoặc mã nguồn vốn trong danh mục; để trống nếu không rõ."),
            export="funding_source__name",
        ),
        Column("Mô tả, kết quả", "description", Text()),
    ]

    @classmethod
    def allowed(cls, user):
        return can_change_programme(user)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.units = UnitLookup(self.actor)
        self.sources = {}
        self.existing = {}

    def prepare(self, rows):
        self.units.prepare(row.values.get("unit_code") for row in rows)
        for source in FundingSource.objects.all():
            for label in {source.code, source.name, source.short_name}:
                if label:
                    self.sources.setdefault(fold(label), []).append(source)
        dates = {row.values.get("start_date") for row in rows if row.values.get("start_date")}
        for part in chunks(dates):
            for activity in Activity.objects.filter(start_date__in=part).select_related("unit", "funding_source"):
                key = (activity.start_date, fold(activity.title), activity.unit_id)
                self.existing.setdefault(key, []).append(activity)

    def resolve(self, row):
        values = row.values
        unit = self.units.find(
            code=values.get("unit_code"),
            name=values.get("unit_name"),
            code_field="unit_code" if self.present("unit_code") else "unit_name",
            name_field="unit_name" if self.present("unit_name") else "unit_code",
            on=values.get("start_date"),
        )
        row.refs["unit"] = unit
        if self.present("funding_source"):
            row.refs["funding_source"] = None
            if values.get("funding_source"):
                sources = self.sources.get(fold(values["funding_source"]), [])
                if len(sources) != 1:
                    raise RowError(
                        "funding_source",
                        _(
                            "không có nguồn vốn nào như vậy trong danh mục nguồn vốn; ghi tên, tên ngắn hoặc mã: %(names)s."
                        )
                        % {
                            "names": accepted(
                                source.short_name or source.name for group in self.sources.values() for source in group
                            )
                        }
                        if not sources
                        else _("tên này trùng nhiều nguồn vốn; hãy ghi mã nguồn vốn."),
                    )
                row.refs["funding_source"] = sources[0]
        matches = self.existing.get((values["start_date"], fold(values["title"]), unit.pk), [])
        if len(matches) > 1:
            raise RowError("title", _("trên cổng đã có nhiều hoạt động cùng ngày, tên và địa bàn này."))
        existing = matches[0] if matches else None
        if existing is not None and not can_edit_activity(self.actor, existing):
            raise RowError("title", _("hoạt động này nằm ngoài địa bàn bạn được sửa."))
        row.refs["existing"] = existing

    def key(self, row):
        values = row.values
        unit = (values.get("unit_code") or "").lstrip("0") or fold(values.get("unit_name"))
        return values.get("start_date"), fold(values.get("title")), unit

    def key_text(self, row):
        values = row.values
        start = values.get("start_date")
        return _("«%(title)s» ngày %(date)s") % {
            "title": values.get("title", ""),
            "date": format_date(start),
        }

    describe = key_text

    def data(self, row):
        data = {name: row.values[name] for name in FIELDS if name in row.values}
        data["unit"] = row.refs["unit"]
        if "funding_source" in row.refs:
            data["funding_source"] = row.refs["funding_source"]
        return data

    def apply(self, row):
        data = self.data(row)
        existing = row.refs["existing"]
        if existing is None:
            activity_create(actor=self.actor, data=data)
            return "create", []
        changed = self.changes(existing, data)
        if not changed:
            return "unchanged", []
        texts = self.change_texts(existing, changed)
        activity_update(actor=self.actor, activity=existing, data=changed, reason=self.reason)
        return "update", texts
