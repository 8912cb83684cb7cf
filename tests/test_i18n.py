"""Vietnamese is the source language; the English catalogue is complete for the foundation and compiled."""

import gettext
import re
import shutil
import subprocess

import pytest
from django.conf import settings

PO = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
FOUNDATION = ("ocop_portal/", "accounts/", "areas/", "audit/", "templates/base.html", "templates/home.html")
FOUNDATION_TEMPLATES = ("templates/accounts/", "templates/areas/", "templates/audit/", "templates/includes/")


def _entries():
    """[(references, msgid, [msgstr...], fuzzy)] from the .po file (enough of the format for this check)."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        refs = " ".join(line[3:] for line in block.splitlines() if line.startswith("#: ")).split()
        fields, current = {}, None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block.splitlines())
        if fields.get("msgid"):
            msgstrs = [v for k, v in fields.items() if k.startswith("msgstr")]
            entries.append((refs, fields["msgid"], msgstrs, fuzzy))
    return entries


def test_foundation_strings_are_all_translated():
    foundation = [
        (msgid, msgstrs, fuzzy)
        for refs, msgid, msgstrs, fuzzy in _entries()
        if refs and all(ref.startswith(FOUNDATION + FOUNDATION_TEMPLATES) for ref in refs)
    ]
    assert len(foundation) > 80
    untranslated = [msgid for msgid, msgstrs, fuzzy in foundation if fuzzy or not all(msgstrs)]
    assert untranslated == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext (msgfmt)")
def test_compiled_catalogue_matches_the_po_file(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO)], check=True)
    with fresh.open("rb") as a, MO.open("rb") as b:
        expected, shipped = gettext.GNUTranslations(a)._catalog, gettext.GNUTranslations(b)._catalog
    assert shipped == expected, "run: manage.py compilemessages -l en -i .venv"
