"""Reference data that the data migrations load (classification, sales channels, dossier checklist, rule sets,
funding sources).

``ensure_reference_data()`` runs the same migration functions again (they are idempotent). It is used where the
tables may have been emptied after migrating: ``seed_demo`` on a flushed database and transactional tests, which
Django empties with ``flush`` after each test.
"""

from importlib import import_module

from django.apps import apps

DATA_MIGRATIONS = [
    ("products", "0003_reference_data"),
    ("evaluations", "0002_rule_sets"),
    ("programme", "0002_funding_sources"),
]


def ensure_reference_data():
    for app_label, name in DATA_MIGRATIONS:
        migration = import_module(f"{app_label}.migrations.{name}").Migration
        for operation in migration.operations:
            operation.code(apps, None)
