"""Issue #13: role rules live in named predicates (``<app>/permissions.py``, built on ``accounts.permissions``),
never inline in views, API views, context processors or templates. A new ``user.role == ...`` / ``Role.X in ...``
outside the allow-list fails here: write (or reuse) a predicate in the app's ``permissions.py`` instead."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", "tests", "migrations", "node_modules", "locale", "static", "staticfiles", "media", ".git"}

# Where role rules may be written: the predicate modules, the services that enforce them, the workflow table
# (its per-move predicates) and the user model itself.
ALLOWED = {
    "accounts/models.py",
    "accounts/scoping.py",
    "evaluations/workflow.py",
}
ALLOWED_NAMES = {"permissions.py", "services.py"}

PYTHON_ROLE_CHECK = re.compile(
    r"\.role\s*(==|!=|\bnot\s+in\b|\bin\b)"  # user.role == Role.X, request.user.role in {...}
    r"|\bRole\.[A-Z_]+\s*(==|!=|\bnot\s+in\b|\bin\b)"  # Role.X == user.role, Role.X in roles
    r"|\b(in|==|!=)\s*[\[{(]?\s*Role\.[A-Z_]+"  # ... in {Role.X, ...}, ... == Role.X
)
TEMPLATE_ROLE_CHECK = re.compile(r"\buser\.role\b|\bRole\.|\.role\s*(==|!=|\bin\b)")


def _python_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIP_DIRS & set(relative.parts[:-1]) or relative.parts[0] in {"devdata", "conftest.py"}:
            continue
        if relative.as_posix() in ALLOWED or relative.name in ALLOWED_NAMES or relative.name.startswith("test_"):
            continue
        yield path, relative


def _matches(path, pattern):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        code = line.split("#", 1)[0]
        if pattern.search(code):
            yield f"{path.relative_to(ROOT)}:{number}: {line.strip()}"


def test_no_inline_role_checks_in_python_outside_the_predicate_modules():
    found = [hit for path, _relative in _python_modules() for hit in _matches(path, PYTHON_ROLE_CHECK)]
    assert found == [], "Use a named predicate from <app>/permissions.py:\n" + "\n".join(found)


def test_no_inline_role_checks_in_templates():
    templates = [p for p in sorted(ROOT.rglob("*.html")) if not SKIP_DIRS & set(p.relative_to(ROOT).parts[:-1])]
    found = [hit for path in templates for hit in _matches(path, TEMPLATE_ROLE_CHECK)]
    assert found == [], "Give the template a predicate's answer (view context or context processor):\n" + "\n".join(
        found
    )


def test_the_check_catches_an_inline_role_check():
    for line in ("if request.user.role == Role.COORDINATION_OFFICE:", "ok = user.role in {Role.LEADERSHIP}",
                 "if Role.ADMINISTRATOR == user.role:", "x = u.role not in roles"):  # fmt: skip
        assert PYTHON_ROLE_CHECK.search(line), line
    for line in ("User.objects.filter(role=Role.COUNCIL_MEMBER)", "role__in=[Role.LEADERSHIP]", "is_office(user)"):
        assert not PYTHON_ROLE_CHECK.search(line), line
    assert TEMPLATE_ROLE_CHECK.search("{% if not user.role or not user.unit %}")
