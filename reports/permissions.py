"""Who may do what with reports (named predicates shared by views, API and ``reports.services``)."""

from accounts.permissions import role_allows
from accounts.scoping import in_scope


def can_request_reports(user):
    """May ask for reports at all (the area is checked with ``can_request_report``)."""
    return role_allows(user, "change")


def can_request_report(user, area):
    """Local officers, the coordination office and administrators ask for reports of areas in their scope."""
    return role_allows(user, "change") and in_scope(user, area, "change")


def can_write_report(user, report):
    """Writes the assessment sections of a report and marks it final: whoever may ask for reports of its area."""
    return can_request_report(user, report.area)


def can_finalize_report(user, report):
    """Marks a report final (then no more edits): the same people, once the figures are ready."""
    return can_write_report(user, report) and report.status == "done" and not report.is_final
