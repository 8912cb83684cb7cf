"""The columns of the drill-down lists (one table per kind of row): the page and its export
(``ocop_portal.tables``). The rows are the dashboard selector's queryset, so the export holds exactly the records
behind the number, in the user's area."""

from django.utils.translation import gettext_lazy as _

from ocop_portal.tables import Column, Table

CELLS = "dashboard/cells/"


class RecognitionDrillTable(Table):
    product = Column(_("Sản phẩm"), "product__name", template=CELLS + "recognition_product.html")
    subject = Column(_("Chủ thể"), "product__subject__name")
    unit = Column(_("Nơi sản xuất"), "product__unit__name")
    stars = Column(_("Hạng sao"), lambda r: r.stars, template=CELLS + "stars.html")
    kind = Column(_("Hình thức công nhận"), "kind")
    decision = Column(_("Số quyết định"), "decision__number_display")
    date = Column(_("Ngày quyết định"), "decision__date")
    valid_until = Column(_("Hiệu lực đến"), "valid_until")


class SubjectDrillTable(Table):
    name = Column(_("Chủ thể"), "name", template=CELLS + "subject.html")
    legal_form = Column(_("Loại hình"), "legal_form")
    unit = Column(_("Địa bàn"), "unit__name")
    representative = Column(_("Người đại diện"), "representative_name")
    gender = Column(_("Giới tính người đại diện"), "representative_gender")


class ProductDrillTable(Table):
    name = Column(_("Sản phẩm"), "name", template=CELLS + "product.html")
    subject = Column(_("Chủ thể"), "subject__name")
    unit = Column(_("Nơi sản xuất"), "unit__name")


class RevokedDrillTable(ProductDrillTable):
    revocation = Column(_("Quyết định thu hồi"), "revocation_number")
    revoked_on = Column(_("Ngày thu hồi"), "revoked_on")


class BudgetDrillTable(Table):
    plan = Column(
        _("Kế hoạch"), lambda line: f"{line.plan.unit.name} {line.plan.year}", template=CELLS + "budget_plan.html"
    )
    source = Column(_("Nguồn vốn"), "source__name")
    unit = Column(_("Địa bàn thực hiện"), "unit__name")
    task = Column(_("Nhiệm vụ"), "task")
    planned = Column(_("Kế hoạch (triệu đồng)"), "planned_mvnd", numeric=True, decimals=3)
    allocated = Column(_("Đã phân bổ"), "allocated_mvnd", numeric=True, decimals=3)
    disbursed = Column(_("Đã giải ngân"), "disbursed_mvnd", numeric=True, decimals=3)


DRILLDOWN_TABLES = {
    "recognition": RecognitionDrillTable,
    "subject": SubjectDrillTable,
    "product": ProductDrillTable,
    "product_revoked": RevokedDrillTable,
    "budget": BudgetDrillTable,
}
