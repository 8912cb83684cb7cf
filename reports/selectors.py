"""Reads of report jobs. Every queryset starts from ``Report.objects.restrict(user, action)``."""

from accounts.scoping import visible_units
from areas.models import UnitLevel

from .models import Report


def reports(user, action="view"):
    return Report.objects.restrict(user, action).select_related("area", "requested_by")


def report_areas(user):
    """Units a user may ask a report for: inside their scope (current and historical units), no country."""
    return visible_units(user, "change").exclude(level=UnitLevel.COUNTRY)


def figure_areas(user):
    """Units a user may read figures of."""
    return visible_units(user, "view").exclude(level=UnitLevel.COUNTRY)


def narrative_versions(report):
    """The latest saved version of each written section: {key: ReportNarrative}."""
    from .models import ReportNarrative

    latest = {}
    for row in ReportNarrative.objects.filter(report=report).select_related("created_by").order_by("key", "-version"):
        latest.setdefault(row.key, row)
    return latest


def narratives(report, versions=None):
    """The text of each written section {key: text}: the latest saved version, else the first draft the portal
    writes (what went well: the targets met, in words)."""
    from . import writing
    from .models import NarrativeKey

    versions = narrative_versions(report) if versions is None else versions
    texts = {key: (versions[key].text if key in versions else "") for key in NarrativeKey.values}
    if NarrativeKey.ACHIEVEMENTS not in versions and report.figures:
        texts[NarrativeKey.ACHIEVEMENTS] = writing.achievements_prefill(report.figures)
    return texts


def report_document(report, *, final=None):
    """The document of a generated report with its written sections (the preview, the files)."""
    from . import writing

    return writing.document(
        report.figures,
        report.parameters,
        narratives=narratives(report),
        context=report.context,
        final=report.is_final if final is None else final,
    )
