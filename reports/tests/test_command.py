"""``report_figures``: JSON with stable, documented keys; a table; clear errors."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

README = Path(__file__).resolve().parents[1] / "README-figures.md"

# The key tree of schema "ocop-report-figures/1" (lists: the keys of their items). Changing it is a new schema.
STARS = {"3": None, "4": None, "5": None}
KEYS = {
    "schema": None,
    "period": {"code": None, "kind": None, "label": None, "start": None, "end": None, "cutoff": None},
    "area": dict.fromkeys(["id", "code", "name", "display_name", "level", "unit_type", "valid_from", "valid_to"]),
    "entries": dict.fromkeys(["products", "new", "re_evaluation", "upgrade", "subjects", "units"]),
    "recognised": {
        "products": None,
        "subjects": None,
        "stars": STARS,
        "kinds": {k: {"products": None, "subjects": None, "stars": STARS} for k in ("new", "re_evaluation", "upgrade")},
        "groups": [dict.fromkeys(["key", "regime", "code", "name", "products", "percent"])],
        "legal_forms": {"subjects": None, "rows": [dict.fromkeys(["key", "label", "subjects", "percent"])]},
    },
    "participation": dict.fromkeys(["subjects", "recognised_subjects", "percent"]),
    "valid": {
        "products": None,
        "subjects": None,
        "stars": STARS,
        "units": [{"id": None, "code": None, "name": None, "products": None, "stars": STARS}],
        "female_led": {"subjects": None, "subjects_percent": None, "products": None, "stars": STARS},
        "channels": {k: {"products": None, "percent": None} for k in ("ecommerce", "modern_retail")},
    },
    "revocations": {
        "decisions": None,
        "products": None,
        "stars": STARS,
        "grounds": [dict.fromkeys(["key", "label", "products"])],
    },
    "targets": [
        dict.fromkeys(["plan", "number", "title", "indicator", "unit", "target", "actual", "percent", "met", "entered"])
    ],
    "budget": {
        "total": dict.fromkeys(["planned", "allocated", "disbursed"]),
        "sources": [dict.fromkeys(["key", "name", "planned", "allocated", "disbursed"])],
    },
    "activities": {
        "total": dict.fromkeys(["activities", "sessions", "participants", "women", "cost_mvnd"]),
        "kinds": [dict.fromkeys(["key", "label", "activities", "sessions", "participants", "women", "cost_mvnd"])],
    },
}


def shape(value):
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return None


def paths(tree, prefix=""):
    if isinstance(tree, dict):
        for key, item in tree.items():
            yield f"{prefix}{key}"
            yield from paths(item, f"{prefix}{key}.")
    elif isinstance(tree, list) and tree:
        yield from paths(tree[0], prefix)


def run(*args):
    out = io.StringIO()
    call_command("report_figures", *args, stdout=out)
    return out.getvalue()


def test_json_keys_are_stable_and_documented(dataset):
    data = json.loads(run("--period", "2022", "--area", "87", "--format", "json"))
    assert shape(data) == KEYS
    assert list(data) == list(KEYS)  # order too
    readme = README.read_text(encoding="utf-8")
    missing = [path for path in paths(KEYS) if f"`{path}`" not in readme]
    assert missing == []
    assert data["valid"]["products"] == 4 and data["recognised"]["stars"] == {"3": 1, "4": 2, "5": 0}


def test_table_format(dataset):
    text = run("--period", "2022-H1", "--area", "87", "--format", "table")
    lines = dict(line.split(None, 1) for line in text.splitlines())
    assert lines["period.code"] == "2022-H1"
    assert lines["valid.products"] == "5"
    assert lines["valid.female_led.subjects_percent"] == "66,67"
    assert lines["budget.total.disbursed"] == "100"


def test_area_code_is_resolved_at_the_period_end(area_tree):
    # Code "87" reused by a unit created later: the 2022 report uses the one valid in 2022.
    import datetime

    from areas.tests.factories import UnitFactory

    area_tree["province"].valid_to = datetime.date(2025, 6, 30)
    area_tree["province"].save()
    UnitFactory(code="87", name="Tỉnh mới", level="province", parent=area_tree["country"],
                valid_from=datetime.date(2025, 7, 1))  # fmt: skip
    assert json.loads(run("--period", "2022", "--area", "87"))["area"]["id"] == area_tree["province"].pk


def test_errors_are_clear(area_tree):
    with pytest.raises(CommandError, match="Kỳ báo cáo không hợp lệ"):
        run("--period", "2022-Q3", "--area", "87")
    with pytest.raises(CommandError, match="Không có đơn vị hành chính"):
        run("--period", "2022", "--area", "99999")
