"""The dashboard page and its drill-down lists.

Both take ``?year=`` (2019 to the current year) and ``?area=`` (a unit id the user may see: a local officer only
their unit and what lies under it; anything else is a 404, a role without "view" gets 403).
"""

import functools
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View

from accounts.permissions import can_view_registry
from areas.formatting import unit_name
from areas.maps import STAR_COLOURS, MapPoint, dot_map
from ocop_portal.exports import export_response, table_spec
from ocop_portal.pagination import KeysFirstPaginator
from reports import charts as report_charts
from reports import figures

from . import charts, selectors
from .forms import DashboardFilterForm
from .tables import DRILLDOWN_TABLES

DRILLDOWN_PAGE_SIZE = 25
CHART_UNITS = 20  # the chart of sub-units shows the 20 with most valid products; the table below lists them all


def _top_units(units):
    if len(units) <= CHART_UNITS:
        return units
    ranked = sorted(units, key=lambda u: (-int(u["products"]), u["name"]))[:CHART_UNITS]
    return sorted(ranked, key=lambda u: units.index(u))


def _year_and_area(request):
    if not can_view_registry(request.user):
        raise PermissionDenied
    form = DashboardFilterForm(request.GET)
    if not form.is_valid():
        raise Http404
    area = selectors.area_for(request.user, form.cleaned_data.get("area"))
    if area is None:
        raise Http404
    year = form.cleaned_data.get("year") or selectors.default_year(area)
    return year, area


def _ddmmyyyy(iso):
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


@functools.lru_cache(maxsize=64)
def _drilldown_path(metric):
    return reverse("dashboard:drilldown", args=[metric])


def drill_url(metric, year, area, **params):
    """A number's drill-down link (a dashboard page has a few hundred: the path is reversed once per metric)."""
    query = {"year": year, "area": area.pk, **{k: v for k, v in params.items() if v not in (None, "")}}
    return f"{_drilldown_path(metric)}?{urlencode(query)}"


def dashboard_url(year, area_id):
    return f"{reverse('dashboard:index')}?{urlencode({'year': year, 'area': area_id})}"


def _cards(data, year, area):
    f = data["figures"]
    valid, rec, female = f["valid"], f["recognised"], f["valid"]["female_led"]
    new_target = sum(
        (float(t["target"]) for t in f["targets"] if t["indicator"] == "new_products_3star" and t["target"]), 0.0
    )
    new = rec["kinds"]["new"]["products"]

    def stars(metric, counts, **extra):
        return [
            (_("%(stars)s sao") % {"stars": s}, counts[s], drill_url(metric, year, area, stars=s, **extra))
            for s in selectors.STARS
        ]

    return [
        {
            "key": "valid",
            "label": _("Sản phẩm OCOP còn hiệu lực"),
            "value": valid["products"],
            "url": drill_url("valid", year, area),
            "parts": stars("valid", valid["stars"]),
        },
        {
            "key": "new",
            "label": _("Công nhận lần đầu trong năm"),
            "value": new,
            "url": drill_url("new", year, area),
            "target": int(new_target) if new_target else None,
            "percent": round(new * 100 / new_target, 1) if new_target else None,
            "parts": [
                (
                    _("đánh giá lại"),
                    rec["kinds"]["re_evaluation"]["products"],
                    drill_url("recognised", year, area, kind="re_evaluation"),
                ),
                (
                    _("nâng hạng"),
                    rec["kinds"]["upgrade"]["products"],
                    drill_url("recognised", year, area, kind="upgrade"),
                ),
            ],
        },
        {
            "key": "subjects",
            "label": _("Chủ thể có sản phẩm còn hiệu lực"),
            "value": valid["subjects"],
            "url": drill_url("valid_subjects", year, area),
            "parts": [],
        },
        {
            "key": "female",
            "label": _("Chủ thể do nữ làm đại diện"),
            "value": female["subjects"],
            "percent_text": female["subjects_percent"],
            "url": drill_url("female_subjects", year, area),
            "parts": [
                (pgettext("dashboard", "sản phẩm"), female["products"], drill_url("female_products", year, area))
            ],
        },
        {
            "key": "expiring",
            "label": _("Sắp hết hiệu lực trong %(days)s ngày") % {"days": data["expiring_days"]},
            "value": data["expiring"],
            "url": drill_url("expiring", year, area),
            "parts": [],
        },
        {
            "key": "revoked",
            "label": _("Bị thu hồi trong năm"),
            "value": f["revocations"]["products"],
            "url": drill_url("revoked", year, area),
            "parts": stars("revoked", f["revocations"]["stars"]),
        },
        {
            "key": "entries",
            "label": _("Sản phẩm đăng ký đánh giá trong năm"),
            "value": f["entries"]["products"],
            "url": drill_url("entries", year, area),
            "parts": [
                (_("lần đầu"), f["entries"]["new"], drill_url("entries", year, area, kind="new")),
                (
                    _("đánh giá lại"),
                    f["entries"]["re_evaluation"],
                    drill_url("entries", year, area, kind="re_evaluation"),
                ),
                (_("nâng hạng"), f["entries"]["upgrade"], drill_url("entries", year, area, kind="upgrade")),
            ],
        },
    ]


def _charts(data, year, area):
    f = data["figures"]
    valid = f["valid"]
    cutoff = f["period"]["cutoff"]
    units = [
        {**unit, "url": dashboard_url(year, unit["id"]), "drill": drill_url("valid", year, area, sub=unit["id"])}
        for unit in valid["units"]
    ]
    groups = [{**g, "url": drill_url("group", year, area, group=g["key"])} for g in f["recognised"]["groups"]]
    trend = [
        {**p, "total": sum(int(v) for v in p["valid"].values()), "url": drill_url("valid", p["year"], area)}
        for p in data["trend"]
    ]
    targets = []
    for target, target_id in zip(f["targets"], data["target_ids"], strict=False):
        url = f"{reverse('programme:target_records', args=[target_id])}?on={_ddmmyyyy(cutoff)}"
        targets.append({**target, "url": url})
    sources = [{**s, "url": drill_url("budget", year, area, source=s["key"])} for s in f["budget"]["sources"]]
    return {
        "stars_svg": report_charts.stars_bar_chart(valid["stars"], _("Sản phẩm OCOP còn hiệu lực theo hạng sao")),
        "units_svg": report_charts.units_bar_chart(
            _top_units(valid["units"]), _("Sản phẩm OCOP còn hiệu lực theo địa bàn")
        ),
        "units_shown": min(len(valid["units"]), CHART_UNITS),
        "groups_svg": charts.groups_bar_chart(
            f["recognised"]["groups"], _("Sản phẩm được công nhận trong năm theo nhóm")
        ),
        "trend_svg": charts.trend_chart(
            data["trend"],
            _("Sản phẩm OCOP qua các năm (%(first)s–%(last)s)") % {"first": data["trend"][0]["year"], "last": year},
        ),
        "targets_svg": charts.targets_chart(f["targets"], _("Tiến độ thực hiện chỉ tiêu (% kế hoạch)")),
        "budget_svg": charts.budget_chart(f["budget"]["sources"], _("Kinh phí theo nguồn vốn (triệu đồng)")),
        "units": units,
        "groups": groups,
        "trend": trend,
        "targets": targets,
        "sources": sources,
        "budget_total": f["budget"]["total"],
        "budget_url": drill_url("budget", year, area),
    }


def _map(data, year, area):
    """The map of valid products by commune (``selectors.commune_map``, stored with the figures: no query here),
    each dot a link to the drill-down of the products it counts."""
    stored = data.get("map")
    if not stored:
        return {"map_svg": "", "map_legend": []}
    communes = selectors.stored_map_communes(stored)
    points = [
        MapPoint(unit=communes[pk], count=n, stars=top, url=drill_url("valid", year, area, commune=pk))
        for pk, n, top in stored["points"]
        if pk in communes
    ]
    title = _("Sản phẩm OCOP còn hiệu lực theo xã, phường: %(area)s, năm %(year)s") % {
        "area": unit_name(area),
        "year": year,
    }
    legend = [(_("%(stars)s sao") % {"stars": s}, STAR_COLOURS[s]) for s in (3, 4, 5)]
    return {
        "map_svg": dot_map(points, background=list(communes.values()), width=560, title=title),
        "map_points": len(points),
        "map_communes": len(communes),
        "map_legend": legend,
    }


class DashboardView(LoginRequiredMixin, View):
    template_name = "dashboard/index.html"

    def get(self, request):
        year, area = _year_and_area(request)
        data, snapshot = selectors.dashboard_data(area, year)
        this_year = timezone.localdate().year
        context = {
            "year": year,
            "earlier_than_this_year": year < this_year and not request.GET.get("year"),
            "this_year": this_year,
            "area": area,
            "area_label": unit_name(area),
            "years": selectors.year_choices(),
            "area_groups": selectors.area_choices(request.user, area, data),
            "data": data,
            "period": {**data["figures"]["period"], "cutoff": _ddmmyyyy(data["figures"]["period"]["cutoff"])},
            "cards": _cards(data, year, area),
            "snapshot": snapshot,
            **_charts(data, year, area),
            **_map(data, year, area),
        }
        return render(request, self.template_name, context)


class DrilldownView(LoginRequiredMixin, View):
    template_name = "dashboard/drilldown.html"

    def get(self, request, metric):
        if metric not in selectors.METRICS:
            raise Http404
        year, area = _year_and_area(request)
        shown = area
        period = selectors.dashboard_period(year)
        scope = figures.scope_for(shown, period)
        info, queryset = selectors.drilldown(metric, scope, request.GET)
        table_class = DRILLDOWN_TABLES[info.kind]
        fmt = request.GET.get("export")
        if fmt:  # the same rows as the page, every page
            spec = table_spec(queryset.model, table_class(request))
            queryset = queryset.select_related(*spec.select_related) if spec.select_related else queryset
            title = f"{info.label} {unit_name(shown)} {year}"
            return export_response(queryset, spec.columns, fmt=fmt, title=title, prepare=spec.prepare)
        paginator = KeysFirstPaginator(queryset, DRILLDOWN_PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        context = {
            "metric": metric,
            "info": info,
            "year": year,
            "area": shown,
            "area_label": unit_name(shown),
            "period_label": _("năm %(year)s") % {"year": year},
            "cutoff": period.cutoff,
            "params": {
                k: v for k, v in request.GET.items() if k in {"stars", "kind", "group", "source", "sub", "commune"}
            },
            "sub_name": selectors.sub_unit_name(scope, request.GET.get("sub"), request.GET.get("commune")),
            "page_obj": page_obj,
            "paginator": paginator,
            "is_paginated": page_obj.has_other_pages(),
            "rows": page_obj.object_list,
            "table": table_class(request, page_obj.object_list),
            "query_string": params.urlencode(),
            "back_url": dashboard_url(year, shown.pk),
        }
        return render(request, self.template_name, context)
