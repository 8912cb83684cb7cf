"""Target indicators (chỉ tiêu): ONE registry mapping each indicator type to its label, unit and computation.

``INDICATORS[type].compute(target, on)`` returns an ``Actual``: the value computed from the portal's records on
date ``on`` (default today) and the queryset of the records it counted (for the drill-down page). Every figure is
a database aggregate (``Count``/``Sum`` with ``filter``, ``Exists`` subqueries), restricted to the plan's area: the
plan's unit, its descendants and the units it replaced (``areas.selectors.scope_paths``), so a 2026 plan of the
merged province also counts the records entered under the old provinces.

Period rules, for a plan of year Y and a date ``on``:

* "in the year" counts records dated from 01/01/Y to ``as_of`` = min(``on``, 31/12/Y) (a recognition on 31/12/Y
  counts, one on 01/01/Y+1 does not);
* a share is a snapshot on ``as_of``; an "OCOP product" on a date is a product whose latest recognition is in
  force on that date (``decisions.selectors.annotate_ocop_status``), an "OCOP subject" a subject with at least
  one such product;
* product flags (potential 5★, circular value chain) and sales channels have no history in the registry: they
  are counted as they are now.

``evaluate(target, on)`` turns an ``Actual`` into the target's progress (goal, percent of target, met or not);
targets whose actual is entered by hand (free-text targets, or any target switched to "entered") use the
entered value and its evidence instead.
"""

import dataclasses
import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.cache import cached_scope_paths
from areas.models import AdministrativeUnit, UnitLevel
from areas.selectors import paths_q, subtree_q, under_q
from decisions.models import DecisionStatus, Recognition, RecognitionKind
from evaluations.models import Registration, RegistrationKind, RegistrationStatus
from products.models import ChannelKind, CraftVillage, Product, ProductChannel, SalesChannel
from subjects.models import Gender, LegalForm, Subject

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class IndicatorType(models.TextChoices):
    NEW_PRODUCTS_3STAR = "new_products_3star", _("Sản phẩm mới được công nhận đạt 3 sao trở lên trong năm")
    FIVE_STAR_SUPPORT = "five_star_support", _("Sản phẩm tiềm năng 5 sao được hỗ trợ")
    REEVALUATION_SHARE = "reevaluation_share", _("Tỷ lệ sản phẩm công nhận năm (Y−3) tham gia đánh giá lại trong năm")
    NEW_COOPERATIVE_PER_DISTRICT = "new_cooperative_per_district", _("Chủ thể OCOP mới là HTX ở mỗi huyện")
    SME_SHARE = "sme_share", _("Tỷ lệ chủ thể OCOP là doanh nghiệp nhỏ và vừa")
    VALUE_CHAIN_PER_DISTRICT = "value_chain_per_district", _("Chuỗi giá trị theo hướng kinh tế tuần hoàn ở mỗi huyện")
    CRAFT_VILLAGE_PER_DISTRICT = (
        "craft_village_per_district",
        _("Sản phẩm OCOP mới từ làng nghề ở mỗi huyện có làng nghề"),
    )
    QUALIFIED_WORKFORCE_SHARE = (
        "qualified_workforce_share",
        _("Tỷ lệ lao động có bằng cấp, chứng chỉ tại các chủ thể OCOP"),
    )
    FEMALE_LED_SHARE = "female_led_share", _("Tỷ lệ chủ thể OCOP là nữ")
    FEMALE_LED_INCREASE = "female_led_increase", _("Số chủ thể OCOP là nữ tăng so với năm trước")
    MODERN_RETAIL_SHARE = "modern_retail_share", _("Tỷ lệ chủ thể OCOP tham gia kênh bán hàng hiện đại")
    ONLINE_SHARE = "online_share", _("Tỷ lệ sản phẩm OCOP được kinh doanh trực tuyến")
    POSTMART_SHARE = "postmart_share", _("Tỷ lệ sản phẩm OCOP trên sàn Postmart.vn")
    TOURIST_KIOSKS = "tourist_kiosks", _("Quầy giới thiệu, bán sản phẩm OCOP tại điểm du lịch")
    FREE_TEXT = "free_text", _("Chỉ tiêu khác (nhập kết quả kèm minh chứng)")


class Shape(models.TextChoices):
    COUNT = "count", _("Số lượng")
    SHARE = "share", _("Tỷ lệ")
    PER_DISTRICT = "per_district", _("Theo từng huyện")
    CHANGE = "change", _("Tăng so với năm trước")
    ENTERED = "entered", _("Nhập tay")


@dataclasses.dataclass
class BreakdownRow:
    unit: AdministrativeUnit
    value: int
    met: bool = False


@dataclasses.dataclass
class Actual:
    """What the records say on a date: ``value`` (None when there is nothing to divide by or nothing entered) and
    the queryset of the records counted (``records``; for a share, the whole base annotated ``counted``)."""

    value: Decimal | None
    records: models.QuerySet | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    breakdown: list = dataclasses.field(default_factory=list)
    entered: bool = False
    as_of: datetime.date | None = None


@dataclasses.dataclass(frozen=True)
class Indicator:
    label: str
    unit: str
    shape: str
    compute: Callable
    record_kind: str = ""  # "product", "subject", "channel" or "" (nothing to list)
    explanation: str = ""


@dataclasses.dataclass
class Progress:
    """A target's progress on a date: target, actual, percent of target, met or not."""

    target: object
    indicator: Indicator
    actual: Actual
    goal: Decimal | None
    percent: Decimal | None
    met: bool

    @property
    def bar_percent(self):
        if self.percent is None:
            return 0
        return int(min(max(self.percent, Decimal(0)), HUNDRED))

    @property
    def can_drill_down(self):
        return self.actual.records is not None


# --------------------------------------------------------------------------------------------------------------
# Period and area of a computation
# --------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Context:
    plan: object
    on: datetime.date
    paths: list

    @property
    def year(self):
        return self.plan.year

    @property
    def start(self):
        return datetime.date(self.year, 1, 1)

    @property
    def end(self):
        return datetime.date(self.year, 12, 31)

    @property
    def as_of(self):
        return min(self.on, self.end)

    def area(self, lookup):
        return paths_q(self.paths, lookup)


def context_for(plan, on=None):
    return Context(plan=plan, on=on or timezone.localdate(), paths=cached_scope_paths(plan.unit))


def _ratio(numerator, denominator):
    if not denominator:
        return None
    return (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


def _share(base, counted, ctx):
    """A share: ``base`` (the population) annotated ``counted``; numerator and denominator in one query."""
    records = base.annotate(counted=ExpressionWrapper(counted, output_field=BooleanField()))
    totals = records.aggregate(total=Count("pk"), hits=Count("pk", filter=Q(counted=True)))
    return Actual(
        value=_ratio(totals["hits"], totals["total"]),
        records=records,
        numerator=Decimal(totals["hits"]),
        denominator=Decimal(totals["total"]),
        as_of=ctx.as_of,
    )


def _count(records, ctx):
    return Actual(value=Decimal(records.count()), records=records, as_of=ctx.as_of)


def breakdown_units(ctx, *, require=None):
    """The district-level units of the plan's area in force during the plan year (the plan's own unit if it is a
    district). After the 2025 reform a province has no districts: its communes are used instead."""
    units = AdministrativeUnit.objects.filter(ctx.area("")).in_force_during(ctx.start, ctx.end)
    districts = units.filter(level=UnitLevel.DISTRICT)
    if not districts.exists():
        districts = units.filter(level=UnitLevel.COMMUNE)
    if require is not None:
        districts = districts.filter(require)
    return list(districts.order_by("code", "path"))


def _per_district(records, ctx, lookup, *, require=None):
    """Count ``records`` under each district in one aggregate query (one filtered Count per district)."""
    units = breakdown_units(ctx, require=require)
    counts = {}
    if units:
        counts = records.aggregate(
            **{f"u{unit.pk}": Count("pk", distinct=True, filter=subtree_q(unit, lookup)) for unit in units}
        )
    rows = [BreakdownRow(unit=unit, value=counts.get(f"u{unit.pk}", 0)) for unit in units]
    return Actual(value=None, records=records, breakdown=rows, as_of=ctx.as_of)


# --------------------------------------------------------------------------------------------------------------
# Building blocks over other apps' records
# --------------------------------------------------------------------------------------------------------------


def ocop_product_ids(ctx, day):
    """Subquery of the ids of products in the plan's area that are OCOP-recognised (in force) on ``day``."""
    from decisions.selectors import in_force_on

    return in_force_on(Recognition.objects.filter(ctx.area("product__unit")), day).values("product_id")


def ocop_products(ctx, day=None):
    return Product.objects.filter(pk__in=ocop_product_ids(ctx, day or ctx.as_of)).select_related("subject", "unit")


def ocop_subjects(ctx, day=None):
    holders = Product.objects.filter(pk__in=ocop_product_ids(ctx, day or ctx.as_of)).values("subject_id")
    return Subject.objects.filter(ctx.area("unit"), pk__in=holders).select_related("unit")


def new_recognitions(ctx):
    """Products newly recognised (3★+) in the plan year up to ``as_of``, counted as the reports count them
    (``decisions.selectors.recognised_between``): the product's latest recognition in the period is of kind "new"."""
    from decisions.selectors import recognised_between

    return recognised_between(ctx.start, ctx.as_of).filter(
        ctx.area("product__unit"), stars__gte=3, kind=RecognitionKind.NEW
    )


def newly_recognised_products(ctx):
    recognised = new_recognitions(ctx).filter(product=OuterRef("pk"))
    return Product.objects.filter(ctx.area("unit")).filter(Exists(recognised)).select_related("subject", "unit")


# --------------------------------------------------------------------------------------------------------------
# One compute function per indicator type
# --------------------------------------------------------------------------------------------------------------


def compute_new_products(target, ctx):
    return _count(newly_recognised_products(ctx), ctx)


def compute_five_star_support(target, ctx):
    records = Product.objects.filter(ctx.area("unit"), potential_five_star=True).select_related("subject", "unit")
    return _count(records, ctx)


def compute_reevaluation_share(target, ctx):
    """Base: products recognised (issued decision, 3★+) in year Y−3. Counted: re-evaluation registration (not a
    draft) in a round of year Y, submitted by ``as_of`` (or, with no submission time, a round opened by then)."""
    earlier = ctx.year - 3
    recognised = Recognition.objects.filter(
        product=OuterRef("pk"),
        decision__status=DecisionStatus.ISSUED,
        decision__date__year=earlier,
        stars__gte=3,
    )
    registered = (
        Registration.objects.filter(product=OuterRef("pk"), kind=RegistrationKind.RE_EVALUATION, round__year=ctx.year)
        .exclude(status=RegistrationStatus.DRAFT)
        .filter(
            Q(submitted_at__date__lte=ctx.as_of) | Q(submitted_at__isnull=True, round__opens_on__lte=ctx.as_of),
        )
    )
    base = Product.objects.filter(ctx.area("unit")).filter(Exists(recognised)).select_related("subject", "unit")
    return _share(base, Exists(registered), ctx)


def first_recognition_date(subject_ref="pk"):
    first = (
        Recognition.objects.filter(product__subject=OuterRef(subject_ref), decision__status=DecisionStatus.ISSUED)
        .order_by("decision__date")
        .values("decision__date")[:1]
    )
    return Subquery(first)


def compute_new_cooperative_per_district(target, ctx):
    """A cooperative becomes a new OCOP subject in the year its first product is recognised (decision date)."""
    records = (
        Subject.objects.filter(ctx.area("unit"), legal_form=LegalForm.COOPERATIVE)
        .annotate(first_recognised_on=first_recognition_date())
        .filter(first_recognised_on__gte=ctx.start, first_recognised_on__lte=ctx.as_of)
        .select_related("unit")
    )
    return _per_district(records, ctx, "unit")


def compute_sme_share(target, ctx):
    return _share(ocop_subjects(ctx), Q(is_sme=True), ctx)


def compute_value_chain_per_district(target, ctx):
    records = Product.objects.filter(ctx.area("unit"), circular_value_chain=True).select_related("subject", "unit")
    return _per_district(records, ctx, "unit")


def compute_craft_village_per_district(target, ctx):
    """Districts that have a recognised craft village; per district, products of a craft village newly recognised
    (kind "new", 3★+) in the year."""
    has_village = Exists(CraftVillage.objects.filter(under_q(OuterRef("path"), "unit")))
    records = newly_recognised_products(ctx).filter(craft_village__isnull=False)
    return _per_district(records, ctx, "unit", require=has_village)


def compute_qualified_workforce_share(target, ctx):
    """Sum of workers with degrees/certificates over the sum of all workers of the OCOP subjects (DB sums)."""
    records = ocop_subjects(ctx)
    totals = records.aggregate(total=Sum("workforce_total"), qualified=Sum("workforce_qualified"))
    total, qualified = totals["total"] or 0, totals["qualified"] or 0
    return Actual(
        value=_ratio(qualified, total),
        records=records,
        numerator=Decimal(qualified),
        denominator=Decimal(total),
        as_of=ctx.as_of,
    )


def compute_female_led_share(target, ctx):
    return _share(ocop_subjects(ctx), Q(representative_gender=Gender.FEMALE), ctx)


def compute_female_led_increase(target, ctx):
    """Female-led OCOP subjects on ``as_of`` minus last year's figure: the stored one (``baseline_value``) or the
    count on 31/12 of the previous year; both counts come from one aggregate query."""
    previous_end = datetime.date(ctx.year - 1, 12, 31)
    female = Subject.objects.filter(ctx.area("unit"), representative_gender=Gender.FEMALE)
    holders_now = Product.objects.filter(pk__in=ocop_product_ids(ctx, ctx.as_of), subject=OuterRef("pk"))
    holders_before = Product.objects.filter(pk__in=ocop_product_ids(ctx, previous_end), subject=OuterRef("pk"))
    counts = female.aggregate(
        now=Count("pk", filter=Exists(holders_now)),
        before=Count("pk", filter=Exists(holders_before)),
    )
    baseline = target.baseline_value if target.baseline_value is not None else Decimal(counts["before"])
    records = female.filter(Exists(holders_now)).select_related("unit")
    return Actual(
        value=Decimal(counts["now"]) - baseline,
        records=records,
        numerator=Decimal(counts["now"]),
        denominator=baseline,
        as_of=ctx.as_of,
    )


def compute_modern_retail_share(target, ctx):
    in_retail = ProductChannel.objects.filter(product__subject=OuterRef("pk"), channel__kind=ChannelKind.MODERN_RETAIL)
    return _share(ocop_subjects(ctx), Exists(in_retail), ctx)


def compute_online_share(target, ctx):
    online = ProductChannel.objects.filter(product=OuterRef("pk"), channel__kind=ChannelKind.ECOMMERCE)
    return _share(ocop_products(ctx), Exists(online), ctx)


def compute_postmart_share(target, ctx):
    postmart = ProductChannel.objects.filter(
        product=OuterRef("pk"), channel__kind=ChannelKind.ECOMMERCE, channel__name__icontains="postmart"
    )
    return _share(ocop_products(ctx), Exists(postmart), ctx)


def compute_tourist_kiosks(target, ctx):
    """Distinct tourist-site kiosks (sales channels of kind tourist_kiosk) selling products of the area."""
    links = ProductChannel.objects.filter(ctx.area("product__unit"))
    records = (
        SalesChannel.objects.filter(kind=ChannelKind.TOURIST_KIOSK, pk__in=links.values("channel_id"))
        .annotate(product_count=Count("products", filter=ctx.area("products__unit"), distinct=True))
        .order_by("name", "pk")
    )
    return _count(records, ctx)


def compute_entered(target, ctx):
    return Actual(value=target.entered_value, entered=True, as_of=ctx.as_of)


# --------------------------------------------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------------------------------------------

T = IndicatorType
INDICATORS = {
    T.NEW_PRODUCTS_3STAR: Indicator(
        T.NEW_PRODUCTS_3STAR.label,
        _("sản phẩm"),
        Shape.COUNT,
        compute_new_products,
        "product",
        _("Số sản phẩm (không trùng) có quyết định công nhận lần đầu đạt 3 sao trở lên, ngày quyết định trong năm."),
    ),
    T.FIVE_STAR_SUPPORT: Indicator(
        T.FIVE_STAR_SUPPORT.label,
        _("sản phẩm"),
        Shape.COUNT,
        compute_five_star_support,
        "product",
        _("Sản phẩm được đánh dấu “tiềm năng 5 sao” trong danh mục sản phẩm (theo dữ liệu hiện tại)."),
    ),
    T.REEVALUATION_SHARE: Indicator(
        T.REEVALUATION_SHARE.label,
        "%",
        Shape.SHARE,
        compute_reevaluation_share,
        "product",
        _("Sản phẩm được công nhận năm (Y−3) có hồ sơ đánh giá lại (đã gửi) trong đợt đánh giá năm Y."),
    ),
    T.NEW_COOPERATIVE_PER_DISTRICT: Indicator(
        T.NEW_COOPERATIVE_PER_DISTRICT.label,
        _("HTX"),
        Shape.PER_DISTRICT,
        compute_new_cooperative_per_district,
        "subject",
        _("HTX có sản phẩm được công nhận lần đầu trong năm (chủ thể OCOP mới), đếm theo từng huyện."),
    ),
    T.SME_SHARE: Indicator(
        T.SME_SHARE.label,
        "%",
        Shape.SHARE,
        compute_sme_share,
        "subject",
        _("Chủ thể là doanh nghiệp nhỏ và vừa trên tổng số chủ thể có sản phẩm OCOP còn hiệu lực."),
    ),
    T.VALUE_CHAIN_PER_DISTRICT: Indicator(
        T.VALUE_CHAIN_PER_DISTRICT.label,
        _("chuỗi"),
        Shape.PER_DISTRICT,
        compute_value_chain_per_district,
        "product",
        _("Sản phẩm được đánh dấu gắn chuỗi giá trị kinh tế tuần hoàn, đếm theo từng huyện."),
    ),
    T.CRAFT_VILLAGE_PER_DISTRICT: Indicator(
        T.CRAFT_VILLAGE_PER_DISTRICT.label,
        _("sản phẩm"),
        Shape.PER_DISTRICT,
        compute_craft_village_per_district,
        "product",
        _("Ở mỗi huyện có làng nghề: sản phẩm từ làng nghề được công nhận lần đầu trong năm."),
    ),
    T.QUALIFIED_WORKFORCE_SHARE: Indicator(
        T.QUALIFIED_WORKFORCE_SHARE.label,
        "%",
        Shape.SHARE,
        compute_qualified_workforce_share,
        "subject",
        _("Tổng lao động có bằng cấp, chứng chỉ trên tổng lao động của các chủ thể OCOP."),
    ),
    T.FEMALE_LED_SHARE: Indicator(
        T.FEMALE_LED_SHARE.label,
        "%",
        Shape.SHARE,
        compute_female_led_share,
        "subject",
        _("Chủ thể OCOP có người đại diện theo pháp luật là nữ."),
    ),
    T.FEMALE_LED_INCREASE: Indicator(
        T.FEMALE_LED_INCREASE.label,
        _("chủ thể"),
        Shape.CHANGE,
        compute_female_led_increase,
        "subject",
        _("Số chủ thể OCOP là nữ tại ngày xem trừ số của năm trước (nhập sẵn, hoặc tính tại 31/12 năm trước)."),
    ),
    T.MODERN_RETAIL_SHARE: Indicator(
        T.MODERN_RETAIL_SHARE.label,
        "%",
        Shape.SHARE,
        compute_modern_retail_share,
        "subject",
        _("Chủ thể OCOP có ít nhất một sản phẩm bán qua kênh hiện đại (siêu thị, cửa hàng tiện lợi)."),
    ),
    T.ONLINE_SHARE: Indicator(
        T.ONLINE_SHARE.label,
        "%",
        Shape.SHARE,
        compute_online_share,
        "product",
        _("Sản phẩm OCOP còn hiệu lực có ít nhất một sàn thương mại điện tử."),
    ),
    T.POSTMART_SHARE: Indicator(
        T.POSTMART_SHARE.label,
        "%",
        Shape.SHARE,
        compute_postmart_share,
        "product",
        _("Sản phẩm OCOP còn hiệu lực được bán trên sàn Postmart."),
    ),
    T.TOURIST_KIOSKS: Indicator(
        T.TOURIST_KIOSKS.label,
        _("quầy"),
        Shape.COUNT,
        compute_tourist_kiosks,
        "channel",
        _("Số quầy (kênh bán tại điểm du lịch) đang bán sản phẩm của địa bàn."),
    ),
    T.FREE_TEXT: Indicator(
        T.FREE_TEXT.label,
        "",
        Shape.ENTERED,
        compute_entered,
        "",
        _("Kết quả do cán bộ nhập, kèm minh chứng."),
    ),
}


def indicator_for(indicator_type):
    return INDICATORS[indicator_type]


def compute(target, on=None):
    """The target's ``Actual`` on ``on`` (entered or computed)."""
    ctx = context_for(target.plan, on)
    if target.uses_entered_actual:
        return compute_entered(target, ctx)
    return indicator_for(target.indicator_type).compute(target, ctx)


def evaluate(target, on=None, *, cache=None):
    """The target's ``Progress`` on ``on``. ``cache`` (a dict) shares one computation between targets of the same
    plan, type and parameters, so a list of targets costs at most one computation per distinct indicator."""
    indicator = indicator_for(target.indicator_type)
    on = on or timezone.localdate()
    key = (
        target.plan_id,
        target.indicator_type,
        on,
        target.uses_entered_actual,
        target.baseline_value,
        target.entered_value if target.uses_entered_actual else None,
    )
    if cache is not None and key in cache:
        actual = cache[key]
    else:
        actual = compute(target, on)
        if cache is not None:
            cache[key] = actual
    threshold = target.target_value
    if not target.uses_entered_actual and indicator.shape == Shape.PER_DISTRICT:
        rows = [dataclasses.replace(row, met=row.value >= threshold) for row in actual.breakdown]
        met_count = sum(1 for row in rows if row.met)
        actual = dataclasses.replace(actual, breakdown=rows, value=Decimal(met_count))
        goal = Decimal(len(rows))
        met = bool(rows) and met_count == len(rows)
    else:
        goal = threshold
        met = actual.value is not None and actual.value >= threshold
    percent = None
    if actual.value is not None and goal:
        percent = (actual.value * HUNDRED / goal).quantize(CENT, rounding=ROUND_HALF_UP)
    elif actual.value is not None and not goal:
        percent = HUNDRED if actual.value >= 0 else Decimal(0)
    return Progress(target=target, indicator=indicator, actual=actual, goal=goal, percent=percent, met=met)
