"""The area of a record: THE one place that decides which administrative unit an audit entry belongs to.

An audit entry is visible only inside the area of the record it is about (``AuditEntry.objects.restrict``), so
every domain model must say where its area is:

* a model scoped by ``accounts.scoping`` declares ``area_lookup`` (``"unit"``, ``"subject__unit"``, ...) and that is
  used as is;
* a model may declare ``audit_area_lookup`` to override it (or to give one when it has no ``area_lookup``);
* models reached through their owning record (a score line through its sheet, a certification through its
  product, a council seat through its round...) are listed in ``AREA_LOOKUPS`` below;
* national reference data (criteria sets, product classes, the sales channel catalogue...) are in
  ``NATIONAL_MODELS``: their entries have no unit and are shown to administrators only;
* ``NOT_AUDITED`` lists the models never written to the log.

A model of a project app that is in none of these is an error: the system check ``audit.E001`` fails
(``manage.py check``, ``runserver``, ``migrate``, the test suite), and ``record_change`` raises under DEBUG (in
production it logs the error and stores the entry without a unit, which only administrators see).

Sheet secrecy: entries about a score sheet and its lines are *sealed* while the round of that sheet has not been
closed (``SEALED_LOOKUPS``): the entry keeps the round and the sheet's member, and the read-time condition in
``audit.models.AuditEntryQuerySet.restrict`` shows it to nobody but that member until the round is closed.
"""

import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured

logger = logging.getLogger(__name__)

# lookup "" means: the record IS an administrative unit.
AREA_LOOKUPS = {
    "areas.administrativeunit": "",
    "accounts.user": "unit",
    "evaluations.councilmember": "round__unit",
    "evaluations.recusal": "round__unit",
    "evaluations.scoreline": "sheet__registration__product__unit",
    "products.certification": "product__unit",
    "products.productchannel": "product__unit",
    "decisions.decisioncounter": "authority__unit",
    "decisions.notification": "recipient__unit",
    "dashboard.dashboardsnapshot": "area",
}

NATIONAL_MODELS = {
    "evaluations.ruleset",
    "evaluations.levelreach",
    "evaluations.criteriaset",
    "evaluations.part",
    "evaluations.section",
    "evaluations.criterion",
    "evaluations.option",
    "products.productclass",
    "products.saleschannel",
    "products.documenttype",
    "programme.fundingsource",
    "dashboard.generateddataset",
}

NOT_AUDITED = {"audit.auditentry"}

# (round lookup, member lookup): the entry stays sealed (only the member sees it) until that round is closed.
SEALED_LOOKUPS = {
    "evaluations.scoresheet": ("registration__round", "member"),
    "evaluations.scoreline": ("sheet__registration__round", "sheet__member"),
}


class NoAreaError(ImproperlyConfigured):
    """A domain model with no way to find its administrative unit."""


def _label(model):
    return model._meta.label_lower


def area_lookup_for(model):
    """The lookup from ``model`` to its administrative unit; None for national reference data.

    Raises ``NoAreaError`` for a model the audit log cannot scope.
    """
    label = _label(model)
    explicit = getattr(model, "audit_area_lookup", None)
    if explicit is not None:
        return explicit
    if label in AREA_LOOKUPS:
        return AREA_LOOKUPS[label]
    own = getattr(model, "area_lookup", None)
    if own is not None:
        return own
    if label in NATIONAL_MODELS or label in NOT_AUDITED:
        return None
    raise NoAreaError(
        f"{model._meta.label} has no area for the audit log: declare area_lookup or audit_area_lookup on the model, "
        f"or list it in audit.owners.AREA_LOOKUPS (or NATIONAL_MODELS for national reference data)."
    )


def _follow(instance, lookup):
    """Follow ``a__b__c`` from ``instance``; the last hop is read as its ``*_id`` (no query). None on a gap."""
    value = instance
    parts = lookup.split("__")
    for part in parts[:-1]:
        value = getattr(value, part, None)
        if value is None:
            return None
    field = value._meta.get_field(parts[-1])
    return getattr(value, field.attname, None)


def area_fields(instance, *, strict=True):
    """``{"unit_id", "sealed_round_id", "sealed_for_id"}`` for an audit entry about ``instance``.

    A model without an area raises ``NoAreaError`` under DEBUG when ``strict`` (writing an entry); otherwise the
    error is logged and the unit left empty (administrators only).
    """
    model = type(instance)
    fields = {"unit_id": None, "sealed_round_id": None, "sealed_for_id": None}
    try:
        lookup = area_lookup_for(model)
    except NoAreaError:
        if settings.DEBUG and strict:
            raise
        if strict:
            logger.error("audit: no area for %s; the entry is visible to administrators only", model._meta.label)
        lookup = None
    if lookup == "":
        fields["unit_id"] = instance.pk
    elif lookup:
        fields["unit_id"] = _follow(instance, lookup)
    sealed = SEALED_LOOKUPS.get(_label(model))
    if sealed:
        round_id = _follow(instance, sealed[0])
        # A sheet whose round cannot be found stays sealed for good (0 is never a closed round).
        fields["sealed_round_id"] = round_id or 0
        fields["sealed_for_id"] = _follow(instance, sealed[1])
    return fields


def _project_models():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base not in path.parents or ".venv" in path.parts or "site-packages" in path.parts:
            continue
        yield from config.get_models()


def _check_lookup(model, lookup):
    from areas.models import AdministrativeUnit

    current = model
    for part in lookup.split("__"):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if not getattr(field, "many_to_one", False) and not getattr(field, "one_to_one", False):
            return False
        current = field.related_model
    return current is AdministrativeUnit


@checks.register()
def check_audit_areas(app_configs=None, **kwargs):
    """audit.E001: every model of the project's apps has a way to its area (or is declared national)."""
    errors = []
    for model in _project_models():
        try:
            lookup = area_lookup_for(model)
        except NoAreaError as exc:
            errors.append(checks.Error(str(exc), obj=model, id="audit.E001"))
            continue
        if lookup and not _check_lookup(model, lookup):
            errors.append(
                checks.Error(
                    f"{model._meta.label}: area lookup {lookup!r} does not lead to an administrative unit.",
                    obj=model,
                    id="audit.E002",
                )
            )
    return errors
