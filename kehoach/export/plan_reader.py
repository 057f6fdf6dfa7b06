"""Read a plan document, given as a sequence of paragraphs and tables, into a PlanDoc.

The text form (the seed) and Word files both become `Block`s first; this module knows the
plan's sections, recognised by their headings' words however they are numbered, and
reports every line or row it could not read with its position and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from kehoach.store.document import (
    KNOWN_PROGRAMMES,
    ActivityDoc,
    PlanDoc,
    ProgrammeDoc,
    ResultDoc,
    SignerDoc,
    SurveyDoc,
    known_programme_name,
    programme_code_for_label,
    split_title,
)
from kehoach.store.errors import KehoachError
from kehoach.store.vntext import (
    ParseError,
    clean,
    clean_line,
    fold,
    parse_date,
    parse_decimal,
    parse_int,
    tone_key,
)
from kehoach.store.vntext import parse_money as _parse_money

PARAGRAPH = "\u2029"  # separates the paragraphs of one table cell


@dataclass(frozen=True)
class Where:
    """Where in a file something was read, in Vietnamese and in English (the report and
    the messages are in the user's language)."""

    vi: str
    en: str

    @classmethod
    def line(cls, n: int) -> Where:
        return cls(f"dòng {n}", f"line {n}")

    @classmethod
    def table_at_line(cls, n: int) -> Where:
        return cls(f"bảng ở dòng {n}", f"table at line {n}")

    @classmethod
    def paragraph(cls, n: int) -> Where:
        return cls(f"đoạn {n}", f"paragraph {n}")

    @classmethod
    def table(cls, n: int) -> Where:
        return cls(f"bảng {n}", f"table {n}")

    @classmethod
    def sheet(cls, title: str) -> Where:
        return cls(f"trang tính “{title}”", f"sheet “{title}”")

    def row(self, n: int) -> Where:
        return Where(f"{self.vi}, hàng {n}", f"{self.en}, row {n}")

    def column(self, n: int) -> Where:
        return Where(f"{self.vi}, cột {n}", f"{self.en}, column {n}")

    def said(self, english: bool) -> str:
        return self.en if english else self.vi


class NotRead(NamedTuple):
    """A line, row or table of the file that was not read (or not whole), and why."""

    where: Where
    vi: str
    en: str


@dataclass
class Block:
    """A paragraph (`text`) or a table (`rows` of cell texts), with where it was found."""

    where: Where
    text: str = ""
    rows: list[list[str]] | None = None
    bold: bool = False

    @property
    def is_table(self) -> bool:
        return self.rows is not None


@dataclass
class ImportReport:
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[NotRead] = field(default_factory=list)
    # what the reader adds about the file as a whole: (Vietnamese, English)
    notes: list[tuple[str, str]] = field(default_factory=list)

    def problem(self, where: Where, vi: str, en: str) -> None:
        self.problems.append(NotRead(where, vi, en))

    def lines(self, *, english: bool = False) -> list[str]:
        """What was read and what was not, in Vietnamese (the app) or English."""
        labels = _LABELS_EN if english else _LABELS_VI
        out = [f"{labels.get(k, k)}: {v}" for k, v in self.counts.items()]
        not_read = "not read" if english else "không đọc được"
        out += [
            f"{not_read}: {p.where.said(english)}: {p.en if english else p.vi}"
            for p in self.problems
        ]
        out += [en if english else vi for vi, en in self.notes]
        return out


_LABELS_EN = {
    "legal_basis": "legal bases",
    "situation": "situation paragraphs",
    "advantage": "advantages",
    "difficulty": "difficulties",
    "results": "prior-year result lines",
    "survey": "survey lines",
    "activities": "activities",
    "months": "months with activities",
    "solution": "solutions",
    "recipient": "recipients",
    "signers": "signature blocks",
}
_LABELS_VI = {
    "legal_basis": "căn cứ",
    "situation": "đoạn đặc điểm tình hình",
    "advantage": "thuận lợi",
    "difficulty": "khó khăn",
    "results": "dòng kết quả năm trước",
    "survey": "dòng khảo sát",
    "activities": "hoạt động",
    "months": "tháng có hoạt động",
    "solution": "giải pháp",
    "recipient": "nơi nhận",
    "signers": "khối chữ ký",
}


_COLUMN_VI = {"classes": "số lớp", "learners": "số học viên"}


SECTION_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("bases", ("can cu",)),
    ("situation", ("dac diem", "tinh hinh")),
    ("results", ("ket qua thuc hien", "ket qua hoat dong", "ket qua nam")),
    ("survey", ("dieu tra", "khao sat", "nhu cau")),
    ("goals", ("muc tieu",)),
    ("months", ("noi dung", "thoi gian thuc hien", "ke hoach cu the")),
    ("solutions", ("giai phap", "to chuc thuc hien")),
]
SECTION_ORDER = [name for name, _ in SECTION_WORDS]
HEADING_KEYS = {
    "bases": "heading_bases",
    "situation": "heading_situation",
    "results": "heading_results",
    "survey": "heading_survey",
    "goals": "heading_goals",
    "months": "heading_months",
    "solutions": "heading_solutions",
}
_HEADING_RE = re.compile(r"^(?:(\d{1,2})|([IVX]{1,5}))\s*[.)/]\s*(\S.*)$")
_SUB_RE = re.compile(r"^([a-dđ])\s*[.)/]\s*(\S.*)$")
_MONTH_RE = re.compile(r"^(?:KẾ HOẠCH\s+)?THÁNG\s+(\d{1,2})(?:\s*(?:NĂM|/)\s*(\d{4}))?", re.I)
_NUMBER_RE = re.compile(r"^Số\s*:\s*(\d+)\s*/\s*([^\s\-/]+)\s*-\s*(\S.*)$", re.I)
_LONG_DATE_RE = re.compile(r"^(.*?),?\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.I)
_PROG_SUFFIX_RE = re.compile(r"\(\s*([A-ZĐ][A-ZĐ0-9]*(?:\s*[-–]\s*[A-ZĐ0-9]+)*)\s*\)\s*\.?\s*$")
_NUM = r"(\d{1,3}(?:\.\d{3})+|\d+)"


def _strip_bullet(text: str) -> str:
    return re.sub(r"^(?:[-–•*+]\s*)+", "", text).strip()


def _num(text: str) -> int:
    return int(text.replace(".", ""))


def _heading_section(text: str, after: str | None) -> str | None:
    """The section a numbered heading opens, if it is one and comes after `after`."""
    m = _HEADING_RE.match(text)
    if not m or len(text) > 200:
        return None
    words = fold(m.group(3))
    start = SECTION_ORDER.index(after) + 1 if after in SECTION_ORDER else 0
    for name in SECTION_ORDER[start:]:
        if any(w in words for w in dict(SECTION_WORDS)[name]):
            return name
    return None


def _is_upper_line(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _words_after(text: str, marker: str) -> str:
    """Capitalised words after `marker` ("huyện Bắc Sơn về …" → "Bắc Sơn")."""
    m = re.search(rf"{marker}\s+((?:[^\W\d_][\w]*\s?)+)", text)
    if not m:
        return ""
    words = []
    for w in m.group(1).split():
        if not w[0].isupper():
            break
        words.append(w)
    return " ".join(words)


COLUMN_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("stt", ("stt", "so tt", "tt")),
    ("month", ("thang",)),
    ("content", ("noi dung", "chuyen de", "ten lop")),
    ("programme", ("chuong trinh", "linh vuc")),
    ("target_group", ("doi tuong",)),
    ("classes", ("so lop",)),
    ("learners", ("hoc vien", "so nguoi", "luot nguoi", "so hv")),
    ("budget", ("kinh phi", "du toan")),
    ("place", ("dia diem",)),
    ("partner", ("phoi hop", "to chuc", "ca nhan")),
    ("note", ("ghi chu",)),
]


def column_map(header: list[str]) -> dict[str, int]:
    """Column name → index, from the heading words of a month table, in any order."""
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        words = fold(cell).strip()
        for name, keys in COLUMN_WORDS:
            if name in found:
                continue
            if name == "stt" and words not in keys:
                continue
            if any(k in words for k in keys):
                found[name] = i
                break
    return found


def _is_month_header(row: list[str]) -> bool:
    cols = column_map(row)
    return "content" in cols and ("learners" in cols or "classes" in cols)


class PlanReader:
    def __init__(self) -> None:
        self.doc = PlanDoc()
        self.report = ImportReport()
        self.section: str | None = None  # None: the header
        self.sub: str | None = None
        self.month: int | None = None
        self.month_year: int | None = None
        self.prog_order: list[str] = []
        self.header_upper: list[str] = []
        self.title_open = False
        self.title = ""  # the title as read, one line; split into type and summary at the end
        self.closing_seen = False
        self.sign_groups: list[tuple[bool, list[str]]] = []  # (upper case, lines)

    # -- driving ---------------------------------------------------------------------

    def read(self, blocks: list[Block]) -> tuple[PlanDoc, ImportReport]:
        for block in blocks:
            if block.is_table:
                self._table(block)
            else:
                self._text(block.text, block)
        self._finish()
        return self.doc, self.report

    def _text(self, raw: str, block: Block) -> None:
        """One paragraph; its lines are read one by one, except in the signature blocks,
        where a paragraph's lines ("KT. TRƯỞNG PHÒNG" / "PHÓ TRƯỞNG PHÒNG") belong together."""
        text = clean(raw, multiline=True).strip()
        if not text:
            return
        lines = [clean_line(line) for line in text.split("\n") if clean_line(line)]
        if len(lines) > 1 and self.section in ("recipients", "signatures"):
            self._paragraph("\n".join(lines), block)
            return
        for line in lines:
            self._paragraph(line, block)

    def _paragraph(self, text: str, block: Block) -> None:
        doc = self.doc
        section = _heading_section(text, self.section)
        if section and not (section == "bases" and self.section is None and not self.title):
            self.section, self.sub, self.title_open = section, None, False
            doc.texts[HEADING_KEYS[section]] = text
            return
        if self.section is None:
            self._header(text)
            return
        getattr(self, "_in_" + self.section)(text, block)

    # -- header ----------------------------------------------------------------------

    def _header(self, text: str) -> None:
        doc = self.doc
        folded = fold(text)
        if m := _NUMBER_RE.match(text):
            doc.number = int(m.group(1))
            doc.doc_code = m.group(2)
            doc.centre.code = m.group(3).strip()
        elif (m := _LONG_DATE_RE.match(text)) and "ngay" in folded:
            doc.date = parse_date(text)
            doc.place = m.group(1).strip(" ,")
        elif folded.startswith("cong hoa") or "doc lap" in folded:
            pass
        elif folded.startswith("ke hoach") and not self.title_open and not self.title:
            self.title = text
            self.title_open = True
        elif self.title_open and not text.startswith("("):  # "(Điều chỉnh, bổ sung lần 1)"
            self.title = f"{self.title} {text}"
        elif _is_upper_line(text):
            self.header_upper.append(text)

    # -- sections --------------------------------------------------------------------

    def _in_bases(self, text: str, block: Block) -> None:
        self.doc.lists.setdefault("legal_basis", []).append(_strip_bullet(text))

    def _in_situation(self, text: str, block: Block) -> None:
        doc = self.doc
        m = _SUB_RE.match(text)
        if m and ("thuan loi" in fold(m.group(2)) or "kho khan" in fold(m.group(2))):
            self.sub = "advantage" if "thuan loi" in fold(m.group(2)) else "difficulty"
            doc.texts[
                "heading_advantages" if self.sub == "advantage" else "heading_difficulties"
            ] = text
            return
        if self.sub:
            doc.lists.setdefault(self.sub, []).append(_strip_bullet(text))
            return
        doc.lists.setdefault("situation", []).append(text)
        self._figures(text)

    def _figures(self, text: str) -> None:
        doc = self.doc
        patterns = {
            "area_ha": rf"diện tích[^0-9]*({_NUM}(?:,\d+)?)\s*ha",
            "villages_count": r"(\d+)\s+(?:thôn|bản|ấp)\b",
            "households": rf"{_NUM}\s*hộ gia đình",
            "population": rf"{_NUM}\s*(?:nhân khẩu|khẩu)",
            "poor_households": rf"hộ nghèo[^0-9]*{_NUM}",
            "near_poor_households": rf"cận nghèo[^0-9]*{_NUM}",
        }
        for name, pattern in patterns.items():
            m = re.search(pattern, text, re.I)
            if m and getattr(doc, name) is None:
                value = m.group(1)
                setattr(doc, name, parse_decimal(value) if name == "area_ha" else _num(value))

    def _in_results(self, text: str, block: Block) -> None:
        doc = self.doc
        line = _strip_bullet(text)
        m = re.match(rf"^(.+?)\s*:\s*{_NUM}\s*lớp\D*?{_NUM}\s*(?:học viên|người|lượt)", line, re.I)
        if m and not fold(m.group(1)).startswith("so lop"):
            label = m.group(1).strip()
            doc.results.append(
                ResultDoc(label, self._programme_of(label), _num(m.group(2)), _num(m.group(3)))
            )
            return
        folded = fold(line)
        if folded.startswith("so lop") and (m := re.search(_NUM, line)):
            doc.results_classes_written = _num(m.group(1))
        elif "hoc vien" in folded and (m := re.search(_NUM, line)):
            doc.results_learners_written = _num(m.group(1))
        else:
            self.report.problem(
                block.where,
                f"dòng mục 3 không hiểu được: {line[:60]}",
                f"section 3 line not understood: {line[:60]}",
            )

    def _in_survey(self, text: str, block: Block) -> None:
        doc = self.doc
        line = _strip_bullet(text)
        m = re.match(
            rf"^(?:nhu cầu học tập về\s+)?(.+?)(?:\s*:\s*|\s+có\s+){_NUM}\s*chuyên đề\D*?{_NUM}",
            line,
            re.I,
        )
        if m:
            label = m.group(1).strip()
            doc.survey.append(
                SurveyDoc(label, self._programme_of(label), _num(m.group(2)), _num(m.group(3)))
            )
            return
        folded = fold(line)
        if ("so luot" in folded or "tong" in folded) and (m := re.search(_NUM, line)):
            if "chuyen de" in folded and "luot" not in folded:
                doc.survey_topics_written = _num(m.group(1))
            else:
                doc.survey_people_written = _num(m.group(1))
        else:
            self.report.problem(
                block.where,
                f"dòng mục 4 không hiểu được: {line[:60]}",
                f"section 4 line not understood: {line[:60]}",
            )

    def _in_goals(self, text: str, block: Block) -> None:
        doc = self.doc
        line = _strip_bullet(text)
        folded = fold(line)
        number = re.search(_NUM, line.partition(":")[2] or line)
        if folded.startswith("so lop") and number:
            doc.goal_classes = _num(number.group(1))
        elif folded.startswith("chuyen de") and number:
            doc.goal_topics = _num(number.group(1))
        elif (folded.startswith("so luot") or folded.startswith("so nguoi")) and number:
            doc.goal_participants = _num(number.group(1))
        elif folded.startswith("doi tuong") and ":" in line:
            doc.goal_target = line.partition(":")[2].strip()
        elif not text.lstrip().startswith(("-", "+", "•")) and not doc.texts.get("goals_intro"):
            doc.texts["goals_intro"] = text
        else:
            self.report.problem(
                block.where,
                f"dòng mục 5 không hiểu được: {line[:60]}",
                f"section 5 line not understood: {line[:60]}",
            )

    def _in_months(self, text: str, block: Block) -> None:
        m = _MONTH_RE.match(text)
        if m and 1 <= int(m.group(1)) <= 12:
            self.month = int(m.group(1))
            self.month_year = int(m.group(2)) if m.group(2) else None
            return
        self.report.problem(
            block.where,
            f"bỏ qua chữ nằm giữa các bảng tháng: {text[:60]}",
            f"text between the month tables skipped: {text[:60]}",
        )

    def _in_solutions(self, text: str, block: Block) -> None:
        doc = self.doc
        folded = fold(text)
        if folded.startswith("noi nhan"):
            doc.texts["heading_recipients"] = text
            self.section = "recipients"
            return
        starts_bullet = text.lstrip().startswith(("-", "+", "•"))
        if self.closing_seen or (
            not starts_bullet and doc.lists.get("solution") and folded.startswith("tren day")
        ):
            self.closing_seen = True
            doc.texts["closing"] = (doc.texts.get("closing", "") + "\n" + text).strip()
            return
        doc.lists.setdefault("solution", []).append(_strip_bullet(text))

    def _in_recipients(self, text: str, block: Block) -> None:
        if text.lstrip().startswith(("-", "•", "+")) and not text.lstrip().startswith("**"):
            self.doc.lists.setdefault("recipient", []).append(_strip_bullet(text))
            return
        self.section = "signatures"
        self._in_signatures(text, block)

    def _in_signatures(self, text: str, block: Block) -> None:
        lines = [part.strip("* ").strip() for part in text.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            upper = block.bold and text.isupper() or all(_is_upper_line(line) for line in lines)
            self.sign_groups.append((upper, lines))

    # -- tables ----------------------------------------------------------------------

    def _table(self, block: Block) -> None:
        raw_rows = block.rows or []
        rows = [[clean_line(c.replace(PARAGRAPH, " ")) for c in row] for row in raw_rows]
        rows = [r for r in rows if any(r)]
        if not rows:
            return
        if self.section is None:  # a header table: read its cells as header lines
            for row in raw_rows:
                for cell in row:
                    for par in cell.split(PARAGRAPH):
                        for line in par.split("\n"):
                            if clean_line(line):
                                self._header(clean_line(line))
            return
        if self.section in ("solutions", "recipients", "signatures") and any(
            fold(c).startswith("noi nhan") or c.isupper() for r in rows for c in r if c
        ):  # the closing layout table: recipients left, signature right
            for row in raw_rows:
                for cell in row:
                    for par in cell.split(PARAGRAPH):
                        self._text(par, block)
            return
        header_at = next((i for i, r in enumerate(rows) if _is_month_header(r)), None)
        if header_at is not None and self.section in ("results", "survey"):
            cols = column_map(rows[header_at])
            if "budget" not in cols and "place" not in cols:
                header_at = None  # a table of results or survey figures, not months
        if header_at is None:
            if self.section in ("results", "survey"):
                self._figure_table(rows, block)
                return
            self.report.problem(
                block.where,
                "bỏ qua một bảng không phải bảng tháng",
                "a table that is not a month table was skipped",
            )
            return
        if self.section != "months":
            self.section = "months"
        cols = column_map(rows[header_at])
        month = self.month
        for n, row in enumerate(rows[header_at + 1 :], header_at + 2):
            where = block.where.row(n)
            if all(set(c) <= set("-:| ") for c in row):
                continue
            if _is_month_header(row):
                continue
            if "month" in cols:
                cell = row[cols["month"]] if cols["month"] < len(row) else ""
                m = re.search(r"(\d{1,2})", cell)
                if m and 1 <= int(m.group(1)) <= 12:
                    month = int(m.group(1))
            else:
                first = " ".join(c for c in row if c)
                mm = _MONTH_RE.match(first)
                if mm and len(set(c for c in row if c)) == 1:
                    month = int(mm.group(1))
                    continue
            self._activity_row(row, cols, month, where)

    def _activity_row(self, row: list[str], cols: dict[str, int], month: int | None, where: Where):
        def cell(name: str) -> str:
            i = cols.get(name)
            return row[i] if i is not None and i < len(row) else ""

        content = cell("content")
        if fold(content) in ("cong", "tong", "tong cong", "cong thang") and not cell("stt"):
            return  # a totals row, not an activity
        if not content:
            if any(cell(n) for n in ("learners", "budget", "place")):
                self.report.problem(where, "dòng không có nội dung", "row without content")
            return
        if month is None:
            self.report.problem(
                where, "dòng ở trước mọi tiêu đề tháng", "row before any month heading"
            )
            return
        act = ActivityDoc(month=month, content=content)
        for name in ("target_group", "place", "partner", "note"):
            setattr(act, name, cell(name))
        for name, parser in (("classes", parse_int), ("learners", parse_int)):
            try:
                setattr(act, name, parser(cell(name)))
            except ParseError:
                self.report.problem(
                    where,
                    f"{_COLUMN_VI[name]} “{cell(name)}” không phải số; để trống",
                    f"{name} “{cell(name)}” is not a number; left blank",
                )
        try:
            act.budget = _parse_money(cell("budget"))
        except ParseError:
            self.report.problem(
                where,
                f"kinh phí “{cell('budget')}” không phải số tiền; để trống",
                f"budget “{cell('budget')}” is not an amount; left blank",
            )
        code = None
        if cell("programme"):
            code = self._programme_code(cell("programme"))
        elif "programme" in cols:
            pass  # a programme column left blank: no programme, whatever the content says
        elif m := _PROG_SUFFIX_RE.search(content):
            code = re.sub(r"\s*[-–]\s*", "-", m.group(1))
        act.programme = code
        if code and code not in self.prog_order:
            self.prog_order.append(code)
        self.doc.activities.append(act)

    def _figure_table(self, rows: list[list[str]], block: Block) -> None:
        """Results or survey as a table: a programme column and two number columns."""
        header = [fold(c) for c in rows[0]]
        body = rows[1:]
        numeric = [
            i
            for i in range(len(header))
            if any(re.fullmatch(_NUM, r[i] or "") for r in body if i < len(r))
        ]
        label_col = next(
            (i for i in range(len(header)) if i not in numeric and "stt" not in header[i]), 0
        )
        if len(numeric) < 2:
            self.report.problem(
                block.where,
                "bỏ qua một bảng không có hai cột số",
                "a table without two number columns was skipped",
            )
            return
        a, b = numeric[-2], numeric[-1]
        for n, row in enumerate(body, 2):
            label = row[label_col] if label_col < len(row) else ""
            try:
                first = parse_int(row[a] if a < len(row) else "")
                second = parse_int(row[b] if b < len(row) else "")
            except ParseError:
                self.report.problem(
                    block.where.row(n), "số không hiểu được", "numbers not understood"
                )
                continue
            if fold(label).startswith(("tong", "cong")):
                if self.section == "results":
                    self.doc.results_classes_written = first
                    self.doc.results_learners_written = second
                else:
                    self.doc.survey_topics_written = first
                    self.doc.survey_people_written = second
                continue
            if not label:
                continue
            if self.section == "results":
                self.doc.results.append(ResultDoc(label, self._programme_of(label), first, second))
            else:
                self.doc.survey.append(SurveyDoc(label, self._programme_of(label), first, second))

    # -- helpers ---------------------------------------------------------------------

    def _programme_of(self, label: str) -> str | None:
        code = programme_code_for_label(label)
        if code and code not in self.prog_order:
            self.prog_order.append(code)
        return code

    def _programme_code(self, text: str) -> str:
        if m := _PROG_SUFFIX_RE.search(f"({text})"):
            return re.sub(r"\s*[-–]\s*", "-", m.group(1))
        return programme_code_for_label(text) or text.upper()[:10]

    # -- the end ---------------------------------------------------------------------

    def _finish(self) -> None:
        doc = self.doc
        if not self.title and not doc.activities and not doc.lists:
            raise KehoachError(
                "Tệp này không phải một kế hoạch TTHTCĐ (không thấy tiêu đề, mục hay bảng tháng).",
                "this file is not a learning-centre plan (no title, sections or month tables found)",
            )
        self._signatures()
        self._period()
        if self.title:
            doc.doc_type, doc.summary = split_title(self.title)
        if self.header_upper:
            doc.centre.parent_body = self.header_upper[0]
        if len(self.header_upper) > 1:
            doc.centre.issuing_body = self.header_upper[1]
        doc.centre.commune = doc.place or _commune_from_parent(doc.centre.parent_body)
        doc.centre.place_name = doc.place or doc.centre.commune
        text = " ".join(doc.items("legal_basis") + doc.items("situation"))
        doc.centre.district = _words_after(text, "huyện")
        doc.centre.province = _words_after(text, "tỉnh")
        known = [c for c, _, _ in KNOWN_PROGRAMMES]
        order = sorted(
            self.prog_order,
            key=lambda c: (known.index(c) if c in known else 99, self.prog_order.index(c)),
        )
        doc.centre.programmes = [ProgrammeDoc(c, known_programme_name(c)) for c in order]
        doc.centre.villages = _villages(doc.activities)
        self.report.counts = {
            "legal_basis": len(doc.items("legal_basis")),
            "situation": len(doc.items("situation")),
            "advantage": len(doc.items("advantage")),
            "difficulty": len(doc.items("difficulty")),
            "results": len(doc.results),
            "survey": len(doc.survey),
            "activities": len(doc.activities),
            "months": len({a.month for a in doc.activities}),
            "solution": len(doc.items("solution")),
            "recipient": len(doc.items("recipient")),
            "signers": int(bool(doc.director.name)) + int(doc.approver is not None),
        }

    def _period(self) -> None:
        doc = self.doc
        folded = fold(self.title)
        if m := re.search(r"nam hoc\s+(\d{4})\s*[-–]\s*(\d{4})", folded):
            doc.year, doc.period_kind = int(m.group(1)), "school_year"
            months = [a.month for a in doc.activities]
            doc.first_month = months[0] if months else 9
        elif m := re.search(r"nam\s+(\d{4})", folded):
            doc.year = int(m.group(1))
        elif doc.date:
            doc.year = doc.date.year
        else:
            raise KehoachError(
                "Không tìm thấy năm của kế hoạch (trong tiêu đề hay ngày ban hành).",
                "the plan's year was not found (neither in the title nor in the date)",
            )

    def _signatures(self) -> None:
        """Director's block, then the approval block ("PHÊ DUYỆT …") if any."""
        director = SignerDoc()
        approver: SignerDoc | None = None
        current = director
        for upper, lines in self.sign_groups:
            if upper and fold(lines[0]).startswith("phe duyet"):
                approver = SignerDoc(heading="\n".join(lines))
                current = approver
            elif upper and not current.title:
                current.authority = "\n".join(lines[:-1])
                current.title = lines[-1]
            elif not upper and not current.name:
                current.name = " ".join(lines)
        self.doc.director = director
        self.doc.approver = approver


def _commune_from_parent(parent: str) -> str:
    m = re.search(r"\b(?:XÃ|PHƯỜNG|THỊ TRẤN)\s+(.+)$", parent)
    return m.group(1).title() if m else ""


_VILLAGE_RE = re.compile(r"\b(?:thôn|bản|ấp|tổ dân phố)\s+((?:[A-ZĐÀ-Ỹ0-9][^\s,;()]*\s?)+)")


def _villages(activities: list[ActivityDoc]) -> list[str]:
    """Village names as first written in target groups and places ("thôn Đon Úy")."""
    seen: dict[str, str] = {}
    for act in activities:
        for text in (act.target_group, act.place):
            for m in _VILLAGE_RE.finditer(text):
                words = []
                for w in m.group(1).split():
                    if w[0].isupper() or w[0].isdigit():
                        words.append(w)
                    else:
                        break
                name = " ".join(words)
                if name:
                    seen.setdefault(tone_key(name), name)
    return list(seen.values())


def read_plan(blocks: list[Block]) -> tuple[PlanDoc, ImportReport]:
    return PlanReader().read(blocks)
