"""Decision and certificate PDFs (WeasyPrint) in the Vietnamese administrative format (Decree 30/2020/NĐ-CP).

WeasyPrint is imported inside ``render_pdf`` only: importing it takes about a second.
"""

import io
import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from ocop_portal.formatting import format_document_date, format_number

from .models import DecisionKind, DecisionStatus, RecognitionKind
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


def _with_verification(decision, items, request=None):
    """Set ``verify_url`` on each recognition of an issued decision: the address of its public verification page
    (``catalogue``: the code made when the decision was issued; a draft's certificates carry none)."""
    if decision.status != DecisionStatus.ISSUED:
        return items
    from catalogue.models import PublicCode
    from catalogue.selectors import code_url
    from catalogue.services import root_recognition

    roots = {item.pk: root_recognition(item).pk for item in items}
    codes = dict(PublicCode.objects.filter(recognition__in=roots.values()).values_list("recognition_id", "code"))
    for item in items:  # one query for every code, none per certificate
        code = codes.get(roots[item.pk])
        if code:
            item.verify_url = code_url(code, request=request)
    return items


def certificates_pdf(decision, recognitions=None, request=None):
    """The certificates of an issued recognition decision, each with the QR code of its public verification page."""
    from catalogue.qr import qr_svg

    items = recognitions if recognitions is not None else decision_items(decision)
    for item in _with_verification(decision, items, request):
        if getattr(item, "verify_url", ""):
            item.qr_svg = qr_svg(item.verify_url, scale=2, border=2)
    context = _header_context(decision)
    context["items"] = items
    return render_pdf("decisions/pdf/certificates.html", context)


def certificates_docx_filename(decision):
    return f"Giấy chứng nhận OCOP {_label(decision)}.docx"


CERTIFICATE_RED = (0xB3, 0x26, 0x1E)
CERTIFICATE_GOLD = (0xC9, 0x9A, 0x06)
QR_WIDTH_MM = 26


def certificates_docx(decision, recognitions=None, request=None):
    """The certificates as an editable Word file, one A4 landscape page each, with the same text, QR code and short
    verification address as the PDF (``certificates_pdf``)."""
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Mm, Pt, RGBColor

    from catalogue.qr import qr_png
    from ocop_portal import docx as officedoc

    items = _with_verification(
        decision, recognitions if recognitions is not None else decision_items(decision), request
    )
    context = _header_context(decision)
    doc = officedoc.new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = section.left_margin = section.right_margin = Mm(15)
    center = WD_ALIGN_PARAGRAPH.CENTER

    def line(text, *, size=14, bold=False, italic=False, color=None, after=2, container=None, align=center):
        p = (container or doc).add_paragraph()
        p.alignment = align
        fmt = p.paragraph_format
        fmt.first_line_indent, fmt.space_before, fmt.space_after = Pt(0), Pt(0), Pt(after)
        run = p.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
        if color:
            run.font.color.rgb = RGBColor(*color)
        return p

    place_date = context["place_date"] or f"{context['place_only']}, ngày … tháng … năm …"
    decision_ref = f"Theo Quyết định số {decision.number_display or '…'}"
    if decision.date:
        decision_ref += f" ngày {decision.date:%d/%m/%Y}"
    decision_ref += f" của {decision.authority.name}."
    for index, item in enumerate(items):
        product = item.product
        if context["is_draft"]:
            line("DỰ THẢO", size=11, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, after=0)
        line("Độc lập - Tự do - Hạnh phúc", bold=True, after=6)
        line(context["issuer_title"], size=15, bold=True, after=8)
        line("GIẤY CHỨNG NHẬN", size=26, bold=True, color=CERTIFICATE_RED, after=2)
        line("Sản phẩm đạt chuẩn OCOP (Chương trình mỗi xã một sản phẩm)", size=15, after=6)
        line(product.name, size=22, bold=True, after=2)
        line("★" * (item.stars or 0), size=30, color=CERTIFICATE_GOLD, after=0)
        line(f"HẠNG {item.stars} SAO", size=16, bold=True, after=6)
        line(f"Chủ thể: {product.subject.name}")
        address = product.subject.address or ""
        if product.unit_id:
            address = f"{address}, {product.unit.display_name}".lstrip(", ")
        line(f"Địa chỉ: {address}")
        if item.valid_until:
            validity = f"Giấy chứng nhận có giá trị đến hết ngày {item.valid_until:%d/%m/%Y}."
        else:
            validity = "Giấy chứng nhận có giá trị 36 tháng kể từ ngày ký quyết định."
        line(f"{decision_ref} {validity}", after=8)
        bottom = doc.add_table(rows=1, cols=2)
        left, right = bottom.rows[0].cells
        left.width, right.width = Mm(140), Mm(127)
        verify_url = getattr(item, "verify_url", "")
        if verify_url:
            picture = left.paragraphs[0]
            picture.alignment = WD_ALIGN_PARAGRAPH.LEFT
            picture.paragraph_format.first_line_indent = Pt(0)
            picture.add_run().add_picture(io.BytesIO(qr_png(verify_url)), width=Mm(QR_WIDTH_MM))
            line(f"Tra cứu: {verify_url}", size=8, container=left, align=WD_ALIGN_PARAGRAPH.LEFT)
        line(
            f"Số: {getattr(item, 'certificate_number', '') or '…'}",
            size=12,
            container=left,
            align=WD_ALIGN_PARAGRAPH.LEFT,
        )
        line(place_date, italic=True, container=right)
        for title_line in context["signer_title_lines"]:
            line(title_line, bold=True, after=0, container=right)
        for _blank in range(3):
            line("", container=right)
        line(decision.signer_name or "", bold=True, container=right)
        if index < len(items) - 1:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return officedoc.to_bytes(doc)


def decision_docx_filename(decision):
    return f"Quyết định {_label(decision)}.docx"


def _articles(decision, items, context):
    """(Điều 1 text, table (head, rows) or None, [following articles]) in the words of the PDF templates."""
    effect = (
        "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị có liên quan và "
        "các chủ thể có sản phẩm nêu tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."
    )
    if decision.kind == DecisionKind.REVOCATION:
        first = f"Thu hồi Giấy chứng nhận sản phẩm đạt chuẩn OCOP đối với {len(items)} sản phẩm, cụ thể như sau:"
        head = ["STT", "Tên sản phẩm", "Chủ thể sản xuất", "Hạng sao", "Quyết định công nhận", "Lý do thu hồi"]
        rows = [
            [
                n,
                item.recognition.product.name,
                item.recognition.product.subject.name,
                f"{item.recognition.stars} sao",
                f"Số {item.recognition.decision.number_display} ngày {item.recognition.decision.date:%d/%m/%Y}",
                item.ground_label,
            ]
            for n, item in enumerate(items, start=1)
        ]
        second = (
            "Các chủ thể có sản phẩm nêu tại Điều 1 không được sử dụng Giấy chứng nhận, biểu trưng và nhãn OCOP đối "
            "với các sản phẩm bị thu hồi kể từ ngày Quyết định này có hiệu lực; nộp lại Giấy chứng nhận cho cơ quan "
            "thường trực Chương trình OCOP."
        )
        return first, (head, rows), second, effect
    if decision.kind == DecisionKind.CORRECTION:
        old = decision.corrects
        first = (
            f"Đính chính Quyết định số {old.number_display} {context.get('corrects_date', '')} của "
            f"{old.authority.name} ({old.subject_line.lower()}){' như sau:' if items else '.'}"
        )

        def as_text(rec):
            score = f", {format_number(rec.score, 2)} điểm" if rec.score is not None else ""
            return f"{rec.stars} sao{score}"

        head = ["STT", "Tên sản phẩm", "Chủ thể sản xuất", "Đã ghi", "Nay đính chính là"]
        rows = [
            [
                n,
                item.product.name,
                item.product.subject.name,
                as_text(item.corrects) if item.corrects else "",
                as_text(item),
            ]
            for n, item in enumerate(items, start=1)
        ]
        second = (
            f"Các nội dung khác của Quyết định số {old.number_display} giữ nguyên giá trị; thời hạn hiệu lực của "
            "Giấy chứng nhận không thay đổi."
        )
        return first, ((head, rows) if items else None), second, effect
    verb = "Công nhận lại" if context.get("all_re_evaluation") else "Công nhận"
    first = (
        f"{verb} {len(items)} sản phẩm đạt chuẩn sản phẩm thuộc Chương trình mỗi xã một sản phẩm (OCOP), "
        "cụ thể như sau:"
    )
    head = ["STT", "Tên sản phẩm", "Chủ thể sản xuất", "Địa chỉ", "Hạng sao", "Điểm"]
    rows = [
        [
            n,
            item.product.name,
            item.product.subject.name,
            item.product.unit.display_name,
            f"{item.stars} sao",
            format_number(item.score, 2) if item.score is not None else "—",
        ]
        for n, item in enumerate(items, start=1)
    ]
    until = f" (đến hết ngày {items[0].valid_until:%d/%m/%Y})" if items and items[0].valid_until else ""
    second = (
        "Các sản phẩm nêu tại Điều 1 được cấp Giấy chứng nhận sản phẩm OCOP; Giấy chứng nhận có giá trị trong thời "
        f"hạn 36 tháng, kể từ ngày Quyết định này được ký ban hành{until}. Chậm nhất 30 ngày trước khi hết thời hạn, "
        "chủ thể có trách nhiệm đăng ký đánh giá lại nếu có nhu cầu duy trì chứng nhận."
    )
    return first, (head, rows), second, effect


def decision_docx(decision):
    """The decision as an editable Word file (same text and layout as the PDF; ocop_portal.docx)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from ocop_portal import docx as officedoc

    items = decision_items(decision)
    context = _header_context(decision)
    kinds = {item.kind for item in items} if decision.kind != DecisionKind.REVOCATION else set()
    context["all_re_evaluation"] = bool(kinds) and kinds == {RecognitionKind.RE_EVALUATION}
    if decision.kind == DecisionKind.CORRECTION and decision.corrects_id:
        context["corrects_date"] = format_document_date(decision.corrects.date)
    number = decision.number_display or f"      /{decision.authority.number_suffix}"
    place_date = context["place_date"] or f"{context['place_only']}, ngày     tháng     năm      "
    doc = officedoc.new_document()
    officedoc.header(doc, context["superior_lines"] + context["header_lines"], f"Số: {number}", place_date)
    officedoc.title(doc, "QUYẾT ĐỊNH", decision.subject_line)
    officedoc.paragraph(doc, context["issuer_title"], bold=True, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    for line in context["legal_basis_lines"]:
        officedoc.paragraph(doc, line, italic=True)
    officedoc.paragraph(doc, "QUYẾT ĐỊNH:", bold=True, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    first, table, second, last = _articles(decision, items, context)
    officedoc.paragraph(doc, f"Điều 1. {first}")
    if table:
        officedoc.table(doc, "", *table, numeric={0})
    p = officedoc.paragraph(doc, f"Điều 2. {second}")
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.keep_together = True
    officedoc.closing(
        doc,
        context["recipient_lines"],
        context["signer_title_lines"],
        decision.signer_name,
        last_paragraph=f"Điều 3. {last}",
    )
    return officedoc.to_bytes(doc)
