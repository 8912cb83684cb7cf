"""Reading, validating and storing criteria sheets (phiếu chấm) from CSV files.

File format (see ``evaluations/data/criteria-qd148/README.md``): columns ``title, description, level, stars,
score``; level 0 = part, 1 = section, 2 = criterion, 3 = option. The loader does NOT repair anything: a file that
breaks a rule is refused with its name and line; repairs belong in the curated copy of the data, each listed in
``CORRECTIONS.md``.

Line numbers are CSV rows counted as a spreadsheet does (the header is row 1), the numbering used by the
transcription's ``structure-check.txt``; where a quoted cell spans several lines, the text-editor line is added.
"""

import csv
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

EXPECTED_HEADER = ["title", "description", "level", "stars", "score"]
PART_RE = re.compile(r"^\s*Phần\s+([A-Z])\b", re.IGNORECASE)
FILE_RE = re.compile(r"^(\d{1,2})-.*\.csv$")


class CriteriaError(Exception):
    """A file that does not add up. ``problems`` lists every ``(file, line, message)`` found."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(format_problem(*p) for p in problems))


def format_problem(file_name, line, message):
    if line is None:
        return f"{file_name}: {message}"
    return _("%(file)s, dòng %(line)s: %(message)s") % {"file": file_name, "line": line, "message": message}


@dataclass
class Node:
    title: str
    description: str
    points: Decimal | None
    line: str
    row: int
    children: list = field(default_factory=list)
    stars: int | None = None


@dataclass
class ParsedSet:
    number: int
    file_name: str
    sha256: str
    parts: list


STAR_RUN_RE = re.compile(r"(?<!\*)\*{3,5}(?!\*)")


def _read_mark(node, level, stars):
    """Set ``node.stars`` from the ``stars`` column; return a problem when a star mark would be lost.

    A mark is lost when the text carries ``***``/``****``/``*****`` and the column does not say the same, when the
    column is not 3, 4 or 5, or when a part or section line (which cannot carry a mark) has one.
    """
    in_text = {len(run) for run in STAR_RUN_RE.findall(node.title)}
    if stars not in ("", "3", "4", "5"):
        return _("cột sao '%s' phải để trống hoặc là 3, 4, 5") % stars
    if level in ("0", "1") and (stars or in_text):
        return _("dấu sao trên dòng phần/mục sẽ bị mất: chỉ tiêu chí (cấp 2) và mức (cấp 3) mang dấu sao")
    if len(in_text) > 1:
        return _("nhiều dấu sao khác nhau trong một dòng (%s): không biết dấu nào bắt buộc") % ", ".join(
            "*" * n for n in sorted(in_text)
        )
    if in_text and stars != str(next(iter(in_text))):
        return _("dấu %(mark)s trong nội dung nhưng cột sao là '%(stars)s': dấu sao sẽ bị mất") % {
            "mark": "*" * next(iter(in_text)),
            "stars": stars,
        }
    node.stars = int(stars) if stars else None
    return None


def _line_label(row, physical):
    return str(row) if row == physical else f"{row} ({_('dòng văn bản')} {physical})"


def _number(text):
    text = (text or "").strip().replace(",", ".")
    if text == "":
        return None
    return Decimal(text)


def parse_file(path, number=None):
    """Parse one CSV into a tree of parts/sections/criteria/options; raise ``CriteriaError`` on any break."""
    path = Path(path)
    name = path.name
    data = path.read_bytes()
    if number is None:
        match = FILE_RE.match(name)
        if not match:
            raise CriteriaError([(name, None, _("tên tệp phải bắt đầu bằng số thứ tự bộ, ví dụ 01-....csv"))])
        number = int(match.group(1))
    problems = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CriteriaError([(name, None, _("tệp không phải UTF-8"))]) from None
    reader = csv.reader(text.splitlines(keepends=True))
    parts = []
    part = section = criterion = None
    previous_physical = 0
    for row_number, row in enumerate(reader, start=1):
        physical = previous_physical + 1
        previous_physical = reader.line_num
        line = _line_label(row_number, physical)
        if row_number == 1:
            if [c.strip().lower() for c in row] != EXPECTED_HEADER:
                problems.append((name, line, _("tiêu đề cột phải là %s") % ", ".join(EXPECTED_HEADER)))
                break
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 5:
            problems.append((name, line, _("cần 5 cột, có %s") % len(row)))
            continue
        title, description, level, stars, score = (cell.strip() for cell in row)
        try:
            points = _number(score)
        except InvalidOperation:
            problems.append((name, line, _("điểm '%s' không phải là số") % score))
            continue
        node = Node(title=title, description=description, points=points, line=line, row=row_number)
        mark_problem = _read_mark(node, level, stars)
        if mark_problem:
            problems.append((name, line, mark_problem))
        if level == "0":
            part = node
            section = criterion = None
            parts.append(part)
        elif level == "1":
            if part is None:
                problems.append((name, line, _("mục '%s' không thuộc phần nào") % title[:60]))
                continue
            section = node
            criterion = None
            part.children.append(section)
        elif level == "2":
            if section is None:
                problems.append((name, line, _("tiêu chí '%s' không thuộc mục nào") % title[:60]))
                continue
            criterion = node
            section.children.append(criterion)
        elif level == "3":
            if criterion is None:
                problems.append((name, line, _("mức '%s' không thuộc tiêu chí nào (thiếu dòng tiêu chí)") % title[:60]))
                continue
            if points is None:
                problems.append((name, line, _("mức '%s' không có điểm") % title[:60]))
                continue
            criterion.children.append(node)
        else:
            problems.append((name, line, _("cấp '%s' không hợp lệ (0, 1, 2 hoặc 3)") % level))
    if problems:
        raise CriteriaError(problems)
    return ParsedSet(number=number, file_name=name, sha256=hashlib.sha256(data).hexdigest(), parts=parts)


def _fmt(value):
    return "∅" if value is None else f"{value.normalize():f}"


def validate(parsed, part_maxima):
    """Every rule of the sheet: parts A/B/C with the rule set's maxima, sums, best options. Returns problems."""
    name = parsed.file_name
    problems = []
    codes = []
    for part in parsed.parts:
        match = PART_RE.match(part.title)
        code = match.group(1).upper() if match else None
        if code is None:
            problems.append((name, part.line, _("không nhận ra tên phần '%s' (cần 'Phần A/B/C')") % part.title[:40]))
            continue
        codes.append(code)
        expected = part_maxima.get(code)
        if expected is None:
            problems.append((name, part.line, _("phần %s không có trong bộ quy định") % code))
        elif part.points != Decimal(expected):
            problems.append(
                (name, part.line, _("phần %(code)s có điểm tối đa %(got)s, bộ quy định yêu cầu %(want)s")
                 % {"code": code, "got": _fmt(part.points), "want": _fmt(Decimal(expected))})
            )  # fmt: skip
        section_sum = sum((s.points or Decimal(0)) for s in part.children)
        if part.points is not None and section_sum != part.points:
            problems.append(
                (name, part.line, _("phần %(code)s tối đa %(max)s nhưng tổng các mục là %(sum)s")
                 % {"code": code, "max": _fmt(part.points), "sum": _fmt(section_sum)})
            )  # fmt: skip
        if not part.children:
            problems.append((name, part.line, _("phần %s không có mục nào") % code))
        for section in part.children:
            problems.extend(_validate_section(name, section))
    if sorted(codes) != sorted(part_maxima):
        problems.append(
            (name, None, _("cần đủ các phần %(want)s, tệp có %(got)s")
             % {"want": ", ".join(sorted(part_maxima)), "got": ", ".join(codes) or "∅"})
        )  # fmt: skip
    return problems


def _validate_section(name, section):
    problems = []
    if section.points is None:
        problems.append((name, section.line, _("mục '%s' không có điểm tối đa") % section.title[:50]))
    if not section.children:
        problems.append((name, section.line, _("mục '%s' không có tiêu chí nào") % section.title[:50]))
    criteria_sum = sum((c.points or Decimal(0)) for c in section.children)
    if section.points is not None and section.children and criteria_sum != section.points:
        problems.append(
            (name, section.line, _("mục '%(title)s' tối đa %(max)s nhưng tổng các tiêu chí là %(sum)s")
             % {"title": section.title[:50], "max": _fmt(section.points), "sum": _fmt(criteria_sum)})
        )  # fmt: skip
    for criterion in section.children:
        if criterion.points is None:
            problems.append((name, criterion.line, _("tiêu chí '%s' không có điểm tối đa") % criterion.title[:50]))
        if not criterion.children:
            problems.append((name, criterion.line, _("tiêu chí '%s' không có mức nào") % criterion.title[:50]))
            continue
        best = max(option.points for option in criterion.children)
        if criterion.points is not None and best != criterion.points:
            problems.append(
                (name, criterion.line, _("tiêu chí '%(title)s' tối đa %(max)s nhưng mức cao nhất cho %(best)s")
                 % {"title": criterion.title[:50], "max": _fmt(criterion.points), "best": _fmt(best)})
            )  # fmt: skip
        for option in criterion.children:
            if option.points < 0:
                problems.append((name, option.line, _("điểm của mức không được âm")))
            if option.stars and option.points <= 0:
                problems.append(
                    (name, option.line, _("mức mang dấu %s★ có 0 điểm: dấu sao không kiểm tra được") % option.stars)
                )
        if criterion.stars and best <= 0:
            problems.append(
                (name, criterion.line, _("tiêu chí mang dấu %s★ không có mức nào trên 0 điểm: dấu sao không kiểm tra "
                                         "được") % criterion.stars)
            )  # fmt: skip
    return problems


def read_directory(directory, part_maxima, only=None):
    """Parse and validate every ``NN-*.csv`` of a directory; raise ``CriteriaError`` with ALL problems found."""
    directory = Path(directory)
    if not directory.is_dir():
        raise CriteriaError([(str(directory), None, _("không tìm thấy thư mục"))])
    files = sorted(p for p in directory.iterdir() if FILE_RE.match(p.name))
    if only:
        files = [p for p in files if int(FILE_RE.match(p.name).group(1)) in set(only)]
    if not files:
        raise CriteriaError([(str(directory), None, _("không có tệp NN-*.csv nào"))])
    names = _index_names(directory)
    parsed_sets, problems = [], []
    seen = {}
    for path in files:
        try:
            parsed = parse_file(path)
        except CriteriaError as exc:
            problems.extend(exc.problems)
            continue
        if parsed.number in seen:
            problems.append(
                (
                    path.name,
                    None,
                    _("trùng số bộ %(n)s với %(other)s") % {"n": parsed.number, "other": seen[parsed.number]},
                )
            )
        seen[parsed.number] = path.name
        problems.extend(validate(parsed, part_maxima))
        parsed.display_name = names.get(parsed.number, path.stem)
        parsed_sets.append(parsed)
    if problems:
        raise CriteriaError(problems)
    return parsed_sets


def _index_names(directory):
    index = Path(directory) / "index.tsv"
    names = {}
    if index.exists():
        with index.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                try:
                    names[int(row["set"])] = row["name"].strip()
                except (KeyError, ValueError, AttributeError):
                    continue
    return names


def needs_unmet_option(option_points):
    """The decision's options of a criterion lack the case "none of these" (no option worth 0 points): the portal
    adds «Không đáp ứng (0 điểm)» so that a member can record that the product does not meet the criterion."""
    return all(points > 0 for points in option_points)


@transaction.atomic
def store(rule_set, parsed_sets):
    """Write parsed sets into ``rule_set``. Returns ``[(number, "created"|"replaced"|"unchanged")]``.

    A criteria set that a score sheet already uses is never replaced (``CriteriaError``); an identical file is
    left as it is.
    """
    from products.models import ClassLevel, ProductClass

    from .models import UNMET_TEXT, CriteriaSet, Criterion, Option, Part, Section

    classes = {
        pc.set_number: pc
        for pc in ProductClass.objects.filter(
            regime=rule_set.product_regime, level=ClassLevel.SET, set_number__isnull=False
        )
    }
    outcome = []
    for parsed in parsed_sets:
        existing = CriteriaSet.objects.filter(rule_set=rule_set, number=parsed.number).first()
        if existing is not None:
            if existing.source_sha256 == parsed.sha256:
                if existing.product_class_id is None and parsed.number in classes:
                    existing.product_class = classes[parsed.number]
                    existing.save(update_fields=["product_class"])
                outcome.append((parsed.number, "unchanged"))
                continue
            if existing.sheets.exists():
                raise CriteriaError(
                    [(parsed.file_name, None, _("bộ tiêu chí số %s đã được dùng để chấm điểm: không sửa tại chỗ; "
                                                "hãy ban hành bộ quy định mới") % parsed.number)]
                )  # fmt: skip
            existing.delete()
        criteria_set = CriteriaSet.objects.create(
            rule_set=rule_set,
            number=parsed.number,
            product_class=classes.get(parsed.number),
            name=getattr(parsed, "display_name", parsed.file_name)[:255],
            source_file=parsed.file_name,
            source_sha256=parsed.sha256,
        )
        for p_order, part_node in enumerate(parsed.parts, start=1):
            part = Part.objects.create(
                criteria_set=criteria_set,
                code=PART_RE.match(part_node.title).group(1).upper(),
                name=part_node.title[:255],
                max_points=part_node.points,
                order=p_order,
            )
            for s_order, section_node in enumerate(part_node.children, start=1):
                section = Section.objects.create(
                    part=part, name=section_node.title[:255], max_points=section_node.points, order=s_order
                )
                for c_order, c_node in enumerate(section_node.children, start=1):
                    criterion = Criterion.objects.create(
                        section=section,
                        title=c_node.title[:500],
                        description=c_node.description,
                        max_points=c_node.points,
                        mandatory_stars=c_node.stars,
                        order=c_order,
                        source_line=c_node.row,
                    )
                    options = [
                        Option(
                            criterion=criterion,
                            text=o_node.title,
                            points=o_node.points,
                            mandatory_stars=o_node.stars,
                            order=o_order,
                            source_line=o_node.row,
                        )
                        for o_order, o_node in enumerate(c_node.children, start=1)
                    ]
                    if needs_unmet_option(o.points for o in options):
                        options.insert(0, Option(criterion=criterion, text=UNMET_TEXT, points=0, unmet=True, order=0))
                    Option.objects.bulk_create(options)
        outcome.append((parsed.number, "replaced" if existing is not None else "created"))
    return outcome
