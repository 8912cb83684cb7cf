"""Editable Word (.docx) documents in the official administrative format (Decree 30/2020/NĐ-CP, Appendix I), built
with python-docx. Generic building blocks shared by reports and decisions:

* ``new_document()`` — A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm, Times New Roman 14 pt body
  (justified, first-line indent 1,27 cm, 6 pt after), page numbers centred at the top from the second page.
* ``header(doc, issuer_lines, number, place_date)`` — the two-column header: superior authority and issuing body
  (bold) with a short rule and "Số: ..." on the left; the national name, the motto with its rule and the place and
  date (italic) on the right.
* ``title(doc, doc_type, subject)`` — "BÁO CÁO" / "QUYẾT ĐỊNH" centred bold, the subject line bold with a rule.
* ``heading``, ``paragraph``, ``bullet``, ``note``, ``footnote`` — body text. ``paragraph`` (and ``bullet``) also
  take a list of pieces: strings and ``FootnoteRef(text)``, each a real Word footnote (numbered by Word, the note
  at the foot of the page: ``add_footnote``).
* ``table(doc, caption, head, rows, numeric=..., total=...)`` — a real Word table (grid, header row repeated on
  each page, numbers right-aligned, a total row in bold).
* ``image(doc, png, width_mm)`` — a chart or picture, centred.
* ``closing(doc, recipients, signer_title_lines, signer_name, last_paragraph=...)`` — the last paragraph, "Nơi
  nhận:" (bold italic, 11 pt list) on the left and the signature block on the right, kept on one page.
* ``to_bytes(doc)``.

A decision would be built the same way, e.g.::

    from ocop_portal import docx as officedoc

    doc = officedoc.new_document()
    officedoc.header(doc, ["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG THÁP"], "Số: 123/QĐ-UBND", "Đồng Tháp, ngày ...")
    officedoc.title(doc, "QUYẾT ĐỊNH", "Về việc công nhận sản phẩm đạt chuẩn OCOP năm 2023")
    officedoc.paragraph(doc, "Căn cứ ...")
    officedoc.table(doc, "Danh sách sản phẩm", ["TT", "Tên sản phẩm", "Chủ thể", "Hạng sao"], rows, numeric={0, 3})
    officedoc.closing(doc, ["Như Điều 3", "Lưu: VT."], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Nguyễn Văn A")
    data = officedoc.to_bytes(doc)
"""

import dataclasses
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
BODY_PT = 14
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
INDENT = Cm(1.27)
# Elements that follow w:pBdr in w:pPr and w:tblBorders in w:tblPr (ECMA-376 order; Word rejects other orders).
P_PR_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
TBL_PR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                        "w:tblPrChange")  # fmt: skip


def _set_font(run, size=None, bold=None, italic=None):
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    return run


def _page_number_field(paragraph):
    run = paragraph.add_run()
    _set_font(run, 13)
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def new_document():
    """An empty A4 document with the decree's page setup, font and page numbers (top centre, not on page 1)."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(number)

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.15
    return doc


def _text_width(doc):
    section = doc.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


def _rule(cell_or_doc, width_fraction):
    """A short centred horizontal rule (a bottom border on an empty paragraph narrowed by indents)."""
    paragraph = cell_or_doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after, fmt.first_line_indent = Pt(0), Pt(4), Pt(0)
    side = (1 - width_fraction) / 2
    paragraph._rule_fraction = side
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.insert_element_before(borders, *P_PR_AFTER_BORDER)  # Word wants the schema's order
    run = paragraph.add_run()
    _set_font(run, 2)
    return paragraph


def _cell_paragraph(cell, text, size, bold=False, italic=False, first=False):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after, fmt.first_line_indent = Pt(0), Pt(0), Pt(0)
    fmt.line_spacing = 1.0
    _set_font(paragraph.add_run(text), size, bold, italic)
    return paragraph


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.insert_element_before(borders, *TBL_PR_AFTER_BORDERS)


def _widths(table, widths):
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _indent_rule(paragraph, cell_width):
    side = int(cell_width * paragraph._rule_fraction)
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side


def header(doc, issuer_lines, number, place_date):
    """The two-column header. ``issuer_lines``: ["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG THÁP"] (the last is the issuing
    body, bold); ``number``: "Số: 123/BC-UBND"; ``place_date``: "Đồng Tháp, ngày 15 tháng 12 năm 2022"."""
    width = _text_width(doc)
    left_w, right_w = int(width * 0.4), width - int(width * 0.4)
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    left, right = table.rows[0].cells
    lines = list(issuer_lines) or [""]
    for index, line in enumerate(lines):  # the superior authority plain, the issuing body (last line) bold
        _cell_paragraph(left, line, 13, bold=index == len(lines) - 1, first=index == 0)
    _indent_rule(_rule(left, 0.35), left_w)
    _cell_paragraph(left, number, 13)
    _cell_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12.5, bold=True, first=True)
    _cell_paragraph(right, "Độc lập - Tự do - Hạnh phúc", 13.5, bold=True)
    _indent_rule(_rule(right, 0.6), right_w)
    _cell_paragraph(right, place_date, 14, italic=True)
    _widths(table, [left_w, right_w])
    return table


def title(doc, doc_type, subject):
    """Document type (BÁO CÁO, QUYẾT ĐỊNH) and the subject line, centred bold, a short rule under them."""
    for text, space_before in ((doc_type, 18), (subject, 0)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt = paragraph.paragraph_format
        fmt.space_before, fmt.space_after, fmt.first_line_indent = Pt(space_before), Pt(0), Pt(0)
        fmt.keep_with_next = True
        _set_font(paragraph.add_run(text), BODY_PT, bold=True)
    rule = _rule(doc, 0.25)
    _indent_rule(rule, _text_width(doc))
    rule.paragraph_format.space_after = Pt(12)


@dataclasses.dataclass(frozen=True)
class FootnoteRef:
    """A piece of a paragraph: a footnote whose note is ``text``."""

    text: str


FOOTNOTE_PT = 11
# The footnotes part: the separators Word expects (ids -1 and 0), then the notes (ids 1, 2, ...).
_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)
_SETTINGS_AFTER_FOOTNOTE_PR = ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
                               "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                               "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                               "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
                               "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")  # fmt: skip


def _footnotes_part(doc):
    """The document's footnotes part (word/footnotes.xml), created with its separators on first use."""
    for rel in doc.part.rels.values():
        if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES and not rel.is_external:
            return rel.target_part
    part = XmlPart(
        PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, parse_xml(_FOOTNOTES_XML), doc.part.package
    )
    doc.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    settings = doc.settings.element
    if settings.find(qn("w:footnotePr")) is None:
        footnote_pr = parse_xml(
            f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        )
        settings.insert_element_before(footnote_pr, *_SETTINGS_AFTER_FOOTNOTE_PR)
    return part


def _run_properties(size, superscript=False):
    r_pr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)
    r_pr.append(fonts)
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(int(size * 2)))
        r_pr.append(element)
    if superscript:
        element = OxmlElement("w:vertAlign")
        element.set(qn("w:val"), "superscript")
        r_pr.append(element)
    return r_pr


def add_footnote(doc, p, text, size=BODY_PT):
    """A real Word footnote: the reference (superscript number) at the end of paragraph ``p`` so far, the note
    ``text`` at the foot of the page (Times New Roman 11 pt). Returns the footnote's id (1, 2, ...)."""
    root = _footnotes_part(doc).element
    number = 1 + max((int(n.get(qn("w:id"))) for n in root.findall(qn("w:footnote"))), default=0)
    reference = OxmlElement("w:r")
    reference.append(_run_properties(size, superscript=True))
    call = OxmlElement("w:footnoteReference")
    call.set(qn("w:id"), str(number))
    reference.append(call)
    p._p.append(reference)

    note = OxmlElement("w:footnote")
    note.set(qn("w:id"), str(number))
    body = OxmlElement("w:p")
    p_pr = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:after"), "0")
    p_pr.append(spacing)
    align = OxmlElement("w:jc")
    align.set(qn("w:val"), "both")
    p_pr.append(align)
    body.append(p_pr)
    marker = OxmlElement("w:r")
    marker.append(_run_properties(FOOTNOTE_PT, superscript=True))
    marker.append(OxmlElement("w:footnoteRef"))
    body.append(marker)
    run = OxmlElement("w:r")
    run.append(_run_properties(FOOTNOTE_PT))
    text_element = OxmlElement("w:t")
    text_element.set(qn("xml:space"), "preserve")
    text_element.text = f" {text}"
    run.append(text_element)
    body.append(run)
    note.append(body)
    root.append(note)
    return number


def footnote_texts(doc):
    """{id: text} of the document's footnotes (separators left out)."""
    for rel in doc.part.rels.values():
        if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES and not rel.is_external:
            root = rel.target_part.element if hasattr(rel.target_part, "element") else parse_xml(rel.target_part.blob)
            return {
                int(n.get(qn("w:id"))): "".join(t.text or "" for t in n.iter(qn("w:t"))).strip()
                for n in root.findall(qn("w:footnote"))
                if int(n.get(qn("w:id"))) > 0
            }
    return {}


def paragraph(doc, text, *, bold=False, italic=False, indent=True, size=None, align=WD_ALIGN_PARAGRAPH.JUSTIFY):
    """A body paragraph. ``text``: a string, or a list of strings and ``FootnoteRef``s (real footnotes)."""
    p = doc.add_paragraph()
    p.alignment = align
    p.paragraph_format.first_line_indent = INDENT if indent else Pt(0)
    for piece in [text] if isinstance(text, str) else text:
        if isinstance(piece, FootnoteRef):
            add_footnote(doc, p, piece.text, size or BODY_PT)
        elif piece:
            _set_font(p.add_run(piece), size or BODY_PT, bold, italic)
    return p


def heading(doc, text):
    """A part ("I. KẾT QUẢ ...") or section ("1. Triển khai ...") heading: bold, indented, kept with the next."""
    p = paragraph(doc, text, bold=True)
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.space_before = Pt(6)
    return p


def bullet(doc, text):
    return paragraph(doc, [f"- {text}"] if isinstance(text, str) else ["- ", *text])


def note(doc, text):
    return paragraph(doc, text, italic=True)


def footnote(doc, text):
    p = paragraph(doc, text, indent=False, size=11)
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return p


def _repeat_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _cant_split(row):
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def table(doc, caption, head, rows, *, numeric=(), total=False, size=12):
    """A real Word table under its caption (bold italic, centred). ``rows``: lists of display strings;
    ``numeric``: indexes of right-aligned columns; ``total``: the last row is bold."""
    if caption:
        p = paragraph(doc, caption, bold=True, italic=True, indent=False, size=size, align=WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_after = Pt(3)
    t = doc.add_table(rows=1, cols=len(head))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(t.rows[0].cells, head, strict=True):
        _cell_paragraph(cell, str(text), size, bold=True, first=True)
    _repeat_header(t.rows[0])
    for index, values in enumerate(rows):
        row = t.add_row()
        _cant_split(row)
        bold = total and index == len(rows) - 1
        for column, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            p = _cell_paragraph(cell, str(text), size, bold=bold, first=True)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if column in numeric else WD_ALIGN_PARAGRAPH.LEFT
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    return t


def image(doc, png, width_mm=150):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    p.add_run().add_picture(io.BytesIO(png), width=Mm(min(width_mm, 165)))
    return p


def closing(doc, recipients, signer_title_lines, signer_name, *, last_paragraph=None):
    """The last paragraph, the recipients (left) and the signature block (right), kept on one page."""
    if last_paragraph:
        p = paragraph(doc, last_paragraph)
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.keep_together = True
    width = _text_width(doc)
    left_w = int(width * 0.45)
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    _cant_split(t.rows[0])
    left, right = t.rows[0].cells
    label = left.paragraphs[0]
    label.paragraph_format.first_line_indent = Pt(0)
    _set_font(label.add_run("Nơi nhận:"), 12, bold=True, italic=True)
    for index, line in enumerate(recipients):
        end = ";" if index < len(recipients) - 1 else ""
        p = left.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = 1.0
        _set_font(p.add_run(f"- {line}{end}"), 11)
    for index, line in enumerate(signer_title_lines):
        _cell_paragraph(right, line, BODY_PT, bold=True, first=index == 0)
    for _blank in range(4):
        _cell_paragraph(right, "", BODY_PT)
    _cell_paragraph(right, signer_name or "", BODY_PT, bold=True)
    _widths(t, [left_w, width - left_w])
    return t


def to_bytes(doc):
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
