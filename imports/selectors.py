"""Reads of import jobs: always from ``ImportJob.objects.restrict(user, action)``."""

from dataclasses import dataclass, field

from celery.result import AsyncResult
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scoping import scope_q, user_scope_paths
from areas.models import path_within, unit_id_of_path
from areas.selectors import paths_q

from .importers import IMPORTERS
from .models import ImportJob, JobStatus


def jobs_for(user, action="view"):
    return ImportJob.objects.restrict(user, action).select_related("requested_by", "unit")


def importers_for(user):
    """The kinds of file ``user`` may import, in the order of the import page."""
    return [importer for importer in IMPORTERS.values() if importer.allowed(user)]


def job_progress(job):
    """(percent, done, total) of a running job. A background job reports rows applied through Celery's result
    backend (inside the import's transaction the job row cannot show it); otherwise the job row's own figure."""
    if job.status in (JobStatus.CHECKING, JobStatus.IMPORTING) and job.task_id:
        try:
            result = AsyncResult(job.task_id)
            info = result.info if result.state == "PROGRESS" else None
        except Exception:  # no result backend, or it is unreachable: fall back to the row
            info = None
        if isinstance(info, dict) and info.get("total"):
            done, total = int(info.get("done", 0)), int(info["total"])
            return min(99, int(done * 100 / total)), done, total
    return job.progress, None, None


# --- the go-live checklist (issue #19) ---------------------------------------------------------------------------

FIRST_OCOP_YEAR = 2019


@dataclass
class ChecklistLine:
    """One kind of data on the go-live checklist: what is loaded in the office's area and what is missing."""

    key: str
    label: str
    kind: str | None  # the import kind (template and import links); None: loaded another way
    total: int = 0
    by_year: dict = field(default_factory=dict)  # {year: count}
    by_area: list = field(default_factory=list)  # [(unit, count)]
    missing: list = field(default_factory=list)  # texts
    note: str = ""

    @property
    def complete(self):
        return self.total > 0 and not self.missing


# The staff roles without which a province cannot run a round and issue decisions (the checklist's "users" line).
ROLES_A_PROVINCE_NEEDS = (Role.COORDINATION_OFFICE, Role.LOCAL_OFFICER, Role.COUNCIL_SECRETARY, Role.COUNCIL_MEMBER)


def _roots(paths):
    """The outermost of ``paths`` (a path under another one is left out): the area and the units it replaced."""
    roots = []
    for path in sorted(paths, key=len):
        if not path_within(path, roots):
            roots.append(path)
    return roots


def _area_case(roots, lookup):
    whens = [When(paths_q([path], lookup), then=Value(unit_id_of_path(path))) for path in roots]
    return Case(*whens, default=Value(None), output_field=IntegerField())


def _by_area(queryset, roots, lookup, units):
    rows = (
        queryset.annotate(area=_area_case(roots, lookup))
        .order_by()
        .values("area")
        .annotate(n=Count("pk", distinct=True))
    )
    counts = {row["area"]: row["n"] for row in rows}
    return [(units[unit_id], counts[unit_id]) for unit_id in units if counts.get(unit_id)]


def _by_year(queryset, year_field):
    rows = queryset.order_by().values(year_field).annotate(n=Count("pk", distinct=True))
    return {row[year_field]: row["n"] for row in rows if row[year_field] is not None}


def golive_checklist(user, today=None):
    """What the coordination office ``user`` has loaded in its area, kind by kind, and what is missing for the
    reports of every year since the programme started to be complete. Every count is a database aggregate; the
    number of queries does not depend on how much is loaded."""
    from accounts.models import User
    from accounts.services import STAFF_ROLES
    from areas.models import AdministrativeUnit
    from decisions.models import Authority, Recognition
    from evaluations.models import Registration, RegistrationStatus, Round
    from products.models import OcopStatus, Product
    from programme.models import BudgetLine, Plan
    from subjects.models import Subject

    today = today or timezone.localdate()
    paths = user_scope_paths(user)
    roots = _roots(paths)
    units = {unit.pk: unit for unit in AdministrativeUnit.objects.filter(pk__in=[unit_id_of_path(p) for p in roots])}
    units = {unit_id_of_path(path): units[unit_id_of_path(path)] for path in roots if unit_id_of_path(path) in units}
    lines = []

    # Administrative units: loaded by the ``load_areas`` command, not by a file.
    area_units = AdministrativeUnit.objects.filter(paths_q(paths, ""))
    unit_counts = area_units.aggregate(
        total=Count("pk"), below=Count("pk", filter=~Q(level__in=["country", "province"]))
    )
    line = ChecklistLine("units", _("Đơn vị hành chính"), None, total=unit_counts["total"])
    line.by_area = _by_area(area_units, roots, "", units)
    if not unit_counts["below"]:
        line.missing.append(
            _("Chưa có đơn vị hành chính cấp huyện, xã: quản trị hệ thống nạp bằng lệnh «load_areas --province <mã>».")
        )
    line.note = _("Nạp bằng lệnh load_areas (danh mục đơn vị hành chính chính thức), không nhập bằng tệp.")
    lines.append(line)

    # Issuing authorities.
    authorities = Authority.objects.restrict(user, "view")
    counts = authorities.aggregate(total=Count("pk"), no_code=Count("pk", filter=Q(code__isnull=True) | Q(code="")))
    line = ChecklistLine("authorities", _("Cơ quan ban hành quyết định"), "authorities", total=counts["total"])
    line.by_area = _by_area(authorities, roots, "unit", units)
    if not counts["total"]:
        line.missing.append(_("Chưa có cơ quan ban hành nào (UBND tỉnh, UBND huyện...)."))
    if counts["no_code"]:
        line.missing.append(_("%(n)s cơ quan chưa có mã cơ quan.") % {"n": counts["no_code"]})
    lines.append(line)

    # Users.
    accounts = User.objects.filter(scope_q(user, "view", "unit"), role__in=[*STAFF_ROLES, Role.ADMINISTRATOR])
    role_rows = dict(accounts.order_by().values("role").annotate(n=Count("pk")).values_list("role", "n"))
    waiting = accounts.filter(password__startswith="!", last_login__isnull=True).count()
    line = ChecklistLine("users", _("Người dùng"), "users", total=sum(role_rows.values()))
    line.by_area = _by_area(accounts, roots, "unit", units)
    for role in ROLES_A_PROVINCE_NEEDS:
        if not role_rows.get(role):
            line.missing.append(_("Chưa có tài khoản vai trò «%(role)s».") % {"role": Role(role).label})
    if waiting:
        line.note = _("%(n)s tài khoản chưa đặt mật khẩu (đã gửi liên kết qua thư điện tử).") % {"n": waiting}
    lines.append(line)

    # Subjects and products.
    subjects = Subject.objects.restrict(user, "view")
    line = ChecklistLine("subjects", _("Chủ thể OCOP"), "subjects", total=subjects.count())
    line.by_area = _by_area(subjects, roots, "unit", units)
    if not line.total:
        line.missing.append(_("Chưa có chủ thể nào."))
    lines.append(line)

    products = Product.objects.restrict(user, "view")
    product_counts = products.aggregate(
        # distinct: "never registered" joins the registrations, one row per registration of a product
        total=Count("pk", distinct=True),
        no_status=Count("pk", distinct=True, filter=Q(ocop_status=OcopStatus.NONE) & Q(registrations__isnull=True)),
        **(
            {"no_code": Count("pk", distinct=True, filter=Q(ocop_code__isnull=True))}
            if _has_field(Product, "ocop_code")
            else {}
        ),
    )
    line = ChecklistLine("products", _("Sản phẩm OCOP"), "products", total=product_counts["total"])
    line.by_area = _by_area(products, roots, "unit", units)
    if not line.total:
        line.missing.append(_("Chưa có sản phẩm nào."))
    if product_counts["no_status"]:
        line.missing.append(
            _("%(n)s sản phẩm chưa có công nhận nào và chưa tham gia đợt đánh giá nào (chưa có tình trạng OCOP).")
            % {"n": product_counts["no_status"]}
        )
    if product_counts.get("no_code"):
        line.note = _("%(n)s sản phẩm chưa có mã sản phẩm OCOP quốc gia.") % {"n": product_counts["no_code"]}
    lines.append(line)

    # Yearly plans and targets.
    plans = Plan.objects.restrict(user, "view")
    line = ChecklistLine("plans", _("Kế hoạch năm và chỉ tiêu"), "plans", total=plans.count())
    line.by_year = _by_year(plans, "year")
    line.by_area = _by_area(plans, roots, "unit", units)
    root_plans = plans.filter(unit_id__in=list(units))
    root_years = set(root_plans.values_list("year", flat=True))
    without_targets = list(
        root_plans.filter(targets__isnull=True).order_by("year").values_list("year", "unit__name").distinct()
    )

    # Rounds, registrations (entries), recognitions: the years the reports count.
    rounds = Round.objects.filter(scope_q(user, "view", "unit"))
    round_years = _by_year(rounds, "year")
    entries = Registration.objects.restrict(user, "view").exclude(status=RegistrationStatus.DRAFT)
    entry_years = _by_year(entries, "round__year")
    recognitions = Recognition.objects.restrict(user, "view").filter(decision__status="issued")
    recognition_years = _by_year(recognitions, "decision__date__year")
    first = min([FIRST_OCOP_YEAR, *round_years, *recognition_years, *line.by_year])
    years = list(range(first, today.year + 1))
    no_plan = [year for year in years if year not in root_years]
    if no_plan:
        line.missing.append(_("Chưa có kế hoạch của tỉnh các năm: %(years)s.") % {"years": _years(no_plan)})
    for year, name in without_targets:
        line.missing.append(_("Kế hoạch năm %(year)s của %(unit)s chưa có chỉ tiêu.") % {"year": year, "unit": name})
    lines.append(line)

    line = ChecklistLine("rounds", _("Đợt đánh giá và kết quả"), "rounds", total=sum(round_years.values()))
    line.by_year = {year: entry_years.get(year, 0) for year in sorted(set(round_years) | set(entry_years))}
    line.by_area = _by_area(rounds, roots, "unit", units)
    no_round = [year for year in years if year < today.year and not round_years.get(year)]
    if no_round:
        line.missing.append(
            _("Chưa có đợt đánh giá các năm: %(years)s (báo cáo các năm này có số sản phẩm tham gia, tỷ lệ chủ thể "
              "tham gia bằng 0).") % {"years": _years(no_round)}
        )  # fmt: skip
    empty = [year for year in years if round_years.get(year) and not entry_years.get(year)]
    if empty:
        line.missing.append(_("Đợt đánh giá chưa có sản phẩm tham gia các năm: %(years)s.") % {"years": _years(empty)})
    line.note = _("Theo năm: số sản phẩm tham gia đánh giá.")
    lines.append(line)

    line = ChecklistLine(
        "recognitions", _("Công nhận sản phẩm OCOP đã có"), "recognitions", total=sum(recognition_years.values())
    )
    line.by_year = dict(sorted(recognition_years.items()))
    line.by_area = _by_area(recognitions, roots, "product__unit", units)
    undecided = [
        year for year in years if year < today.year and round_years.get(year) and not recognition_years.get(year)
    ]
    if undecided:
        line.missing.append(
            _("Có đợt đánh giá nhưng chưa có quyết định công nhận các năm: %(years)s.") % {"years": _years(undecided)}
        )
    if not line.total:
        line.missing.append(_("Chưa có quyết định công nhận nào."))
    lines.append(line)

    budget = BudgetLine.objects.restrict(user, "view")
    line = ChecklistLine("budget", _("Kinh phí"), "budget")
    line.by_year = dict(sorted(_by_year(budget, "plan__year").items()))
    line.total = sum(line.by_year.values())
    no_budget = [year for year in sorted(root_years) if year < today.year and not line.by_year.get(year)]
    if no_budget:
        line.missing.append(_("Kế hoạch chưa có dòng kinh phí các năm: %(years)s.") % {"years": _years(no_budget)})
    lines.append(line)

    kinds = {importer.kind for importer in importers_for(user)}
    for line in lines:
        if line.kind not in kinds:
            line.kind = None
    return {
        "lines": lines,
        "years": years,
        "areas": list(units.values()),
        "complete": all(line.complete for line in lines),
    }


def _years(years):
    return ", ".join(str(year) for year in years)


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True
