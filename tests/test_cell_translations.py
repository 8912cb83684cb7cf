"""The table cells' literals (``ocop_portal.tables.trans("...")`` / ``blocktrans("...")``, which replaced
``{% translate %}`` in the cell templates) are in the English catalogue: ``makemessages`` looks for those two
names too (ocop_portal/management/commands/makemessages.py), so ``make messages`` does not drop them."""

import ast
from pathlib import Path

from django.conf import settings
from django.utils import translation

from ocop_portal.management.commands.makemessages import Command

SKIP = {".venv", "staticfiles", "node_modules", "bench"}


def _cell_literals():
    found = []
    for path in Path(settings.BASE_DIR).rglob("*.py"):
        if SKIP & set(path.relative_to(settings.BASE_DIR).parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"trans", "blocktrans"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append((f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}", node.args[0].value))
    return found


def test_makemessages_looks_for_the_cell_helpers():
    assert {"--keyword=trans", "--keyword=blocktrans"} <= set(Command.xgettext_options)


def test_every_cell_literal_has_an_english_translation():
    literals = _cell_literals()
    assert len(literals) > 20  # the products, subjects, decisions... tables use them
    with translation.override("en"):
        missing = [(where, message) for where, message in literals if translation.gettext(message) == message]
    assert missing == []
