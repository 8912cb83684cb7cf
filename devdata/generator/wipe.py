"""Protecting a database from the generator, and clearing generated (or, with --force, any) registry data.

The generator writes only into a database that has no registry data, or whose registry data it generated itself:
``GeneratedDataset`` keeps the row counts of the last run, and the data counts as "generated only" while they are
unchanged. Anything else (the demo, real data, generated data edited in the portal) is refused unless ``--force``.
Reference data loaded by migrations (classification, sales channels, dossier checklist, rule sets and criteria,
funding sources) is kept; superusers are kept (and detached from any unit).
"""

from django.apps import apps
from django.db import connection

from accounts.models import User
from areas.models import AdministrativeUnit
from dashboard.models import DashboardSnapshot, GeneratedDataset
from decisions.models import Decision, Recognition
from evaluations.models import Registration
from products.models import Product
from programme.models import Plan
from subjects.models import Subject

# Models whose rows are reference data (kept); every other model of these apps is registry data.
APPS = [
    "areas", "subjects", "products", "evaluations", "decisions", "programme", "reports", "imports", "audit", "catalogue",
    "producers", "notices",
]  # fmt: skip
REFERENCE = {
    "products.ProductClass",
    "products.SalesChannel",
    "products.DocumentType",
    "products.DocumentType_required_for",
    "evaluations.RuleSet",
    "evaluations.LevelReach",
    "evaluations.CriteriaSet",
    "evaluations.Part",
    "evaluations.Section",
    "evaluations.Criterion",
    "evaluations.Option",
    "programme.FundingSource",
}
WATCHED = [AdministrativeUnit, Subject, Product, Registration, Decision, Recognition, Plan, User]


class ProtectedDatabase(Exception):
    """The database holds data the generator did not make."""


def watched_counts():
    return {model._meta.label: model.objects.count() for model in WATCHED}


def check(force):
    """Raise ``ProtectedDatabase`` unless the database is empty, holds only generated data, or ``force``."""
    counts = watched_counts()
    registry = {label: n for label, n in counts.items() if label != "accounts.User"}
    if not any(registry.values()):
        return counts
    last = GeneratedDataset.objects.order_by("-created_at", "-pk").first()
    generated_only = last is not None and all(last.counts.get(label) == n for label, n in counts.items())
    if generated_only or force:
        return counts
    detail = ", ".join(f"{label}: {n}" for label, n in registry.items() if n)
    raise ProtectedDatabase(
        "Cơ sở dữ liệu đã có dữ liệu không do lệnh này sinh ra "
        f"({detail}). Lệnh không ghi đè dữ liệu thật hay dữ liệu mẫu; dùng --force để xoá toàn bộ dữ liệu nghiệp vụ "
        "(giữ dữ liệu danh mục và tài khoản quản trị) rồi sinh lại."
    )


def registry_models():
    models = []
    for label in APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models(include_auto_created=True):
            if model._meta.label not in REFERENCE and not model._meta.proxy:
                models.append(model)
    models.append(DashboardSnapshot)
    return models


def wipe():
    """Delete every registry row and every non-superuser (their tokens, sessions and admin log entries too)."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.sessions.models import Session
    from rest_framework.authtoken.models import Token

    models = [m for m in registry_models() if m is not AdministrativeUnit]
    other = [Token, LogEntry, Session]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = ", ".join(quote(m._meta.db_table) for m in models + other)
            # PostgreSQL refuses to truncate a table with pending deferred checks (rows written earlier in the
            # same transaction): run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for model in models + other:
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608 - model table
    User.objects.filter(is_superuser=True).update(unit=None)
    User.objects.filter(is_superuser=False).delete()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(AdministrativeUnit._meta.db_table)}")  # noqa: S608 - model table
