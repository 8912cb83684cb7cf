"""Issue #13: demo data, the generator and the import benchmark live in the development-only app ``devdata``.

Production does not install it, offers none of its commands, and no production module imports it: every module of
the portal's own apps (tests aside) imports with ``devdata`` made unimportable.
"""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

DEV_COMMANDS = {"seed_demo", "generate_data", "bench_import"}

PRODUCTION = {
    "OCOP_ENV": "production",
    "SECRET_KEY": "test-only-not-secret-" + "x" * 50,
    "ALLOWED_HOSTS": "ocop.example.gov.vn",
    "DATABASE_URL": "sqlite:////tmp/ocop-devdata-isolation.sqlite3",
    "CELERY_BROKER_URL": "memory://",
}

# Runs in a production process: devdata cannot be imported at all, then every module of the local apps is imported.
PROBE = r"""
import importlib, importlib.abc, json, os, pkgutil, sys
from pathlib import Path


class NoDevdata(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "devdata" or name.startswith("devdata."):
            raise ImportError(f"production imported {name}")
        return None


if os.environ.get("PROBE_BLOCK") == "1":
    sys.meta_path.insert(0, NoDevdata())
import django
from django.conf import settings

django.setup()
from django.core.management import get_commands

base = Path(settings.BASE_DIR).resolve()
imported, failed = [], {}
for app in settings.INSTALLED_APPS if os.environ.get("PROBE_BLOCK") == "1" else []:
    package = importlib.import_module(app)
    root = Path(package.__file__).resolve().parent
    if root.parent != base:
        continue  # a third-party app
    for info in pkgutil.walk_packages([str(root)], prefix=app + "."):
        if ".tests" in info.name or info.name.endswith(".conftest"):
            continue
        try:
            importlib.import_module(info.name)
            imported.append(info.name)
        except Exception as exc:
            failed[info.name] = repr(exc)
print(json.dumps({
    "installed": list(settings.INSTALLED_APPS),
    "commands": sorted(get_commands()),
    "imported": imported,
    "failed": failed,
}))
"""


def _production_probe(block=True, **extra):
    environ = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    environ.update(
        PRODUCTION, DJANGO_SETTINGS_MODULE="ocop_portal.settings", PROBE_BLOCK="1" if block else "0", **extra
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_has_no_dev_app_no_dev_command_and_imports_nothing_from_it():
    probe = _production_probe()
    assert "devdata" not in probe["installed"]
    assert not DEV_COMMANDS & set(probe["commands"]), "a demo/generator command is available in production"
    assert probe["failed"] == {}, probe["failed"]
    assert len(probe["imported"]) > 100  # the whole portal was imported (views, services, migrations, commands...)


def test_no_production_source_file_imports_devdata():
    """The static version of the check above, which also sees imports inside functions."""
    base = Path(settings.BASE_DIR)
    offenders = []
    for app in settings.INSTALLED_APPS:
        root = base / app.split(".")[0]
        if app == "devdata" or not (root / "__init__.py").exists():
            continue
        for path in root.rglob("*.py"):
            if "tests" in path.relative_to(root).parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                    names = [node.value] if node.value.startswith("devdata.") else []
                offenders += [f"{path.relative_to(base)}: {name}" for name in names if name.split(".")[0] == "devdata"]
    assert offenders == []


def test_development_has_the_dev_app_and_its_commands():
    assert "devdata" in settings.INSTALLED_APPS
    assert {name: get_commands()[name] for name in DEV_COMMANDS} == dict.fromkeys(DEV_COMMANDS, "devdata")


def test_a_demo_server_may_ask_for_the_dev_app_in_production():
    probe = _production_probe(block=False, OCOP_DEV_APPS="1")
    assert "devdata" in probe["installed"]
    assert set(probe["commands"]) >= DEV_COMMANDS
