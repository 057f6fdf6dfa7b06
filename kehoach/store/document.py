"""A whole plan as plain data: what import produces, export consumes, and the demo loads.

`PlanDoc` holds every part of the document in order, with no database ids, so that a plan
can be compared field by field (round trips), copied into a new year, or written to a file.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal

from .vntext import fold

# Single texts of a plan, by key, in document order.
TEXT_KEYS: dict[str, str] = {
    "heading_bases": "1. Căn cứ xây dựng kế hoạch",
    "heading_situation": "2. Đặc điểm tình hình",
    "heading_advantages": "a. Thuận lợi:",
    "heading_difficulties": "b. Khó khăn:",
    "heading_results": "3. Kết quả thực hiện năm trước",
    "heading_survey": "4. Kết quả điều tra, khảo sát nhu cầu học tập",
    "heading_goals": "5. Mục tiêu, nhiệm vụ",
    "goals_intro": "",
    "heading_months": "6. Nội dung và thời gian thực hiện",
    "heading_solutions": "7. Giải pháp triển khai và tổ chức thực hiện:",
    "closing": "",
    "heading_recipients": "Nơi nhận:",
}

# Ordered text lists of a plan: kind → label on the texts screen.
LIST_KINDS: dict[str, str] = {
    "legal_basis": "Căn cứ",
    "situation": "Đặc điểm tình hình",
    "advantage": "Thuận lợi",
    "difficulty": "Khó khăn",
    "solution": "Giải pháp",
    "recipient": "Nơi nhận",
}

# Document types (Decree 30, Appendix III) and their codes: "KẾ HOẠCH" is written "KH".
DOC_TYPES: dict[str, str] = {
    "KẾ HOẠCH": "KH",
    "BÁO CÁO": "BC",
    "QUYẾT ĐỊNH": "QĐ",
    "TỜ TRÌNH": "TTr",
    "THÔNG BÁO": "TB",
    "CÔNG VĂN": "CV",
}
DEFAULT_DOC_TYPE = "KẾ HOẠCH"


def split_title(title: str) -> tuple[str, str]:
    """A one-line title as (document type, summary): "KẾ HOẠCH HOẠT ĐỘNG CỦA … NĂM 2024" →
    ("KẾ HOẠCH", "HOẠT ĐỘNG CỦA … NĂM 2024"). The summary's words are kept as written, never
    re-cased (names would suffer); a title naming no type is all summary."""
    text = " ".join(title.split())
    upper = text.upper()
    for kind in DOC_TYPES:
        if upper == kind or upper.startswith(kind + " "):
            return kind, text[len(kind) :].strip()
    return (DEFAULT_DOC_TYPE, text) if text else ("", "")


def is_all_capitals(text: str) -> bool:
    """Written in capitals throughout (at least two letters, no lower-case one)."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# Programmes many centres use, with words that recognise them in a label as written.
KNOWN_PROGRAMMES: list[tuple[str, str, tuple[str, ...]]] = [
    ("KT", "Kinh tế", ("kinh te",)),
    ("VH-XH", "Văn hóa – xã hội", ("van hoa",)),
    ("PL", "Pháp luật", ("phap luat",)),
    ("SK", "Sức khỏe", ("suc khoe",)),
    ("MT", "Môi trường", ("moi truong",)),
    ("XMC", "Xóa mù chữ", ("xoa mu chu",)),
    ("TH", "Tin học", ("tin hoc",)),
    ("NN", "Ngoại ngữ", ("ngoai ngu",)),
]


def programme_code_for_label(label: str, codes: list[str] | None = None) -> str | None:
    """The programme a label as written names ("Pháp Luật" → "PL"), or None."""
    folded = fold(label)
    for code, name, words in KNOWN_PROGRAMMES:
        if (codes is None or code in codes) and (
            any(w in folded for w in words) or fold(name) in folded
        ):
            return code
    return None


def known_programme_name(code: str) -> str:
    for known, name, _ in KNOWN_PROGRAMMES:
        if known == code:
            return name
    return code


@dataclass
class ProgrammeDoc:
    code: str
    name: str


@dataclass
class CentreDoc:
    parent_body: str = ""
    issuing_body: str = "TRUNG TÂM HỌC TẬP CỘNG ĐỒNG"
    commune: str = ""
    district: str = ""
    province: str = ""
    place_name: str = ""
    code: str = "TTHTCĐ"
    villages: list[str] = field(default_factory=list)
    programmes: list[ProgrammeDoc] = field(default_factory=list)


@dataclass
class ResultDoc:
    label: str
    programme: str | None
    classes: int | None
    learners: int | None


@dataclass
class SurveyDoc:
    label: str
    programme: str | None
    topics: int | None
    people: int | None


@dataclass
class ActivityDoc:
    month: int
    content: str
    programme: str | None = None
    target_group: str = ""
    classes: int | None = None
    learners: int | None = None
    budget: int | None = None
    place: str = ""
    partner: str = ""
    note: str = ""


@dataclass
class SignerDoc:
    heading: str = ""
    authority: str = ""
    title: str = ""
    name: str = ""


@dataclass
class PlanDoc:
    centre: CentreDoc = field(default_factory=CentreDoc)
    year: int = 0
    period_kind: str = "year"
    first_month: int = 1
    number: int | None = None
    doc_code: str = "KH"
    date: _dt.date | None = None
    place: str = ""
    doc_type: str = ""  # "KẾ HOẠCH": on its own line, upper case
    summary: str = ""  # the trích yếu, as written: "Hoạt động của … năm 2024"
    texts: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    area_ha: Decimal | None = None
    villages_count: int | None = None
    households: int | None = None
    population: int | None = None
    poor_households: int | None = None
    near_poor_households: int | None = None
    results: list[ResultDoc] = field(default_factory=list)
    results_classes_written: int | None = None
    results_learners_written: int | None = None
    survey: list[SurveyDoc] = field(default_factory=list)
    survey_topics_written: int | None = None
    survey_people_written: int | None = None
    goal_classes: int | None = None
    goal_topics: int | None = None
    goal_participants: int | None = None
    goal_target: str = ""
    activities: list[ActivityDoc] = field(default_factory=list)
    director: SignerDoc = field(default_factory=SignerDoc)
    approver: SignerDoc | None = None

    @property
    def title(self) -> str:
        """The type and the summary on one line, as the seed's text form writes them."""
        return " ".join(x for x in (self.doc_type, self.summary) if x)

    @title.setter
    def title(self, value: str) -> None:
        self.doc_type, self.summary = split_title(value)

    def text(self, key: str) -> str:
        return self.texts.get(key, TEXT_KEYS.get(key, ""))

    def items(self, kind: str) -> list[str]:
        return self.lists.get(kind, [])

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month of the period, in period order."""
        return period_months(self.year, self.first_month)


def period_months(year: int, first_month: int) -> list[tuple[int, int]]:
    """Twelve (year, month) pairs from `first_month` of `year`: 9 → 9..12, then 1..8."""
    out = []
    for i in range(12):
        m = first_month + i
        out.append((year + (m - 1) // 12, (m - 1) % 12 + 1))
    return out


def period_label(year: int, period_kind: str) -> str:
    """ "năm 2024" or "năm học 2025-2026"."""
    if period_kind == "school_year":
        return f"năm học {year}-{year + 1}"
    return f"năm {year}"


def document_number(number: int | None, doc_code: str, issuer_code: str) -> str:
    """ "Số: 01/KH-TTHTCĐ" (numbers below 10 with a leading zero; no spaces inside)."""
    num = f"{number:02d}" if number is not None else "     "
    return f"Số: {num}/{doc_code}-{issuer_code}"
