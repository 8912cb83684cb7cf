"""Issue #13 item 7: unit paths are parsed, and "units in force on a date" / "within a unit" are written, in ONE
place, the ``areas`` app (``areas.models`` and ``areas.selectors``). A new hand-written ``path.strip("/")``,
``path.split("/")``, ``unit__path__startswith=...``, ``unit.path.startswith(...)`` or
``Q(valid_from__isnull=True) | Q(valid_from__lte=...)`` outside ``areas`` fails here: use ``ids_in_path``,
``unit_id_of_path``, ``path_within``, ``within_q`` / ``subtree_q``, ``in_force_q`` or
``AdministrativeUnit.objects.in_force(day)`` instead (see the docstring of ``areas/selectors.py``)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", "tests", "migrations", "node_modules", "locale", "static", "staticfiles", "media", ".git"}
# The areas app is where it is written; bench/ holds measuring scripts, not the portal's code.
SKIP_TOP = {"areas", "bench", "conftest.py"}

# Files that still do it by hand. They belong to other parts of the codebase; the replacement for each line is
# listed in the report of issue #14's areas work. Empty this set as they are converted (a converted file must be
# removed from it: the test below fails on an allowed file that no longer needs to be here).
KNOWN_REMAINING = set()

HAND_WRITTEN = re.compile(
    r"path\w*\)?\.(strip|split|rstrip|lstrip)\(\s*[\"']/[\"']"  # path.strip("/").split("/")
    r"|__path__startswith"  # unit__path__startswith=unit.path
    r"|[(,\s]path__startswith"  # filter(path__startswith=...)
    r"|(?<!request)\.path\.startswith\(\s*(?![\"'])"  # unit.path.startswith(other.path)
    r"|(?<![.\w])path\.startswith\(\s*(?![\"'])"  # any(path.startswith(prefix) ...)
    r"|Q\((\w+__)?valid_(from|to)__isnull=True\)\s*\|\s*Q\((\w+__)?valid_(from|to)__(lte|gte|lt|gt)"  # windows
)


def _python_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIP_DIRS & set(relative.parts[:-1]) or relative.parts[0] in SKIP_TOP:
            continue
        if relative.name.startswith("test_") or relative.name == "conftest.py":
            continue
        yield path, relative.as_posix()


def _hits(path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        code = line.split("#", 1)[0]
        if HAND_WRITTEN.search(code):
            yield f"{path.relative_to(ROOT)}:{number}: {line.strip()}"


def test_no_path_parsing_or_validity_window_by_hand_outside_areas():
    found = [hit for path, relative in _python_modules() if relative not in KNOWN_REMAINING for hit in _hits(path)]
    assert found == [], "Use the areas helpers (areas/selectors.py docstring):\n" + "\n".join(found)


def test_the_allow_list_only_holds_files_that_still_need_it():
    modules = {relative: path for path, relative in _python_modules()}
    stale = sorted(name for name in KNOWN_REMAINING if name in modules and not list(_hits(modules[name])))
    assert stale == [], "Remove from KNOWN_REMAINING (converted): " + ", ".join(stale)


def test_the_check_catches_hand_written_paths_and_windows():
    for line in (
        'ids = [int(p) for p in unit.path.strip("/").split("/") if p]',
        'root = int(path.strip("/").split("/")[-1])',
        "Product.objects.filter(unit__path__startswith=round_.unit.path)",
        "AdministrativeUnit.objects.filter(path__startswith=province.path)",
        "if not product.unit.path.startswith(round_.unit.path):",
        "return any(path.startswith(prefix) for prefix in prefixes)",
        "q = (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (",
        "Q(valid_to__isnull=True) | Q(valid_to__gte=day)",
        "Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=day)",
    ):
        assert HAND_WRITTEN.search(line), line
    for line in (
        'if request.path.startswith("/api/"):',
        "active = request.path.startswith(url)",
        "ids = ids_in_path(unit.path)",
        'qs.filter(within_q(round_.unit, "unit"))',
        "AdministrativeUnit.objects.in_force(day)",
        "Recognition.objects.filter(valid_from__gt=OuterRef('valid_from'))",
    ):
        assert not HAND_WRITTEN.search(line), line
