"""Decision and certificate PDFs (WeasyPrint) in the Vietnamese administrative format (Decree 30/2020/NĐ-CP).

WeasyPrint is imported inside ``render_pdf`` only: importing it takes about a second.
"""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from ocop_portal.formatting import format_document_date

from .models import DecisionKind, RecognitionKind
from .selectors import decision_items


def _label(decision):
    return decision.number_display.replace("/", "-") if decision.number_display else f"du-thao-{decision.pk}"


def decision_filename(decision):
    return f"Quyết định {_label(decision)}.pdf"


def certificates_filename(decision):
    return f"Giấy chứng nhận OCOP {_label(decision)}.pdf"


def render_pdf(template_name, context):
    from weasyprint import HTML  # slow import (~1 s): only when a PDF is asked for

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

    with translation.override("vi"):  # an official document: Vietnamese whatever the requester's language
        html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _header_context(decision):
    authority = decision.authority
    return {
        "decision": decision,
        "authority": authority,
        "superior_lines": _lines(authority.superior_name),
        "header_lines": _lines(authority.header_name) or [authority.name.upper()],
        "issuer_title": " ".join(_lines(authority.header_name)) or authority.name.upper(),
        "place_date": format_document_date(decision.date, authority.place_name) if decision.date else "",
        "place_only": authority.place_name,
        "legal_basis_lines": _lines(decision.legal_basis),
        "recipient_lines": _lines(decision.recipients),
        "signer_title_lines": _lines(decision.signer_title),
        "is_draft": not decision.is_issued,
    }


def decision_pdf(decision):
    items = decision_items(decision)
    context = _header_context(decision)
    context["items"] = items
    kinds = {item.kind for item in items} if decision.kind != DecisionKind.REVOCATION else set()
    context["all_re_evaluation"] = bool(kinds) and kinds == {RecognitionKind.RE_EVALUATION}
    if decision.kind == DecisionKind.CORRECTION and decision.corrects_id:
        old = decision.corrects
        context["corrects_date"] = format_document_date(old.date)
    return render_pdf(f"decisions/pdf/{decision.kind}.html", context)


def certificates_pdf(decision, recognitions=None):
    items = recognitions if recognitions is not None else decision_items(decision)
    context = _header_context(decision)
    context["items"] = items
    return render_pdf("decisions/pdf/certificates.html", context)
