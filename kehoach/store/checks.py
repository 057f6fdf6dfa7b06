"""The plan's checks: arithmetic and spelling slips found before the meeting finds them.

One function, `check_plan`, used by `kehoach check`, the app's F7 and F2, the export dialog
and the text summary. Each problem has a code, a severity, a place a person can find
(section, month, row, field), a Vietnamese message saying what is wrong and what the right
figure would be, and a target the app can jump to.
"""

from __future__ import annotations

import re
import statistics
import textwrap
from dataclasses import dataclass
from itertools import combinations
from typing import NamedTuple

from .document import LIST_KINDS, TEXT_KEYS, is_all_capitals, period_label, period_months
from .models import (
    SIGNER_DIRECTOR,
    Activity,
    Centre,
    Plan,
    PlanItem,
    PlanText,
    Programme,
    ResultLine,
    Signer,
    SurveyLine,
    Village,
)
from .results import held_date_problem
from .totals import LineSums, ProgrammeFigures, Totals
from .vntext import fold, format_int, format_money, tone_key

ERROR = "error"
WARNING = "warning"
SEVERITY_LABELS = {ERROR: "Lỗi", WARNING: "Cảnh báo"}

FIELD_LABELS = {
    "content": "Nội dung",
    "programme": "Chương trình",
    "target_group": "Đối tượng",
    "classes": "Số lớp",
    "learners": "Số học viên",
    "budget": "Kinh phí",
    "place": "Địa điểm",
    "partner": "Phối hợp",
    "note": "Ghi chú",
}
REQUIRED_CELLS = ("classes", "learners", "budget", "place", "programme")
KNOWN_ABBREVIATIONS = ("TTHTCĐ", "HTCĐ", "GD&ĐT", "GDĐT", "UBND", "SGDĐT", "PGDĐT")
LOCALITY_WORDS = {"thôn", "xã", "bản", "ấp"}
DOC_CODES = {"KH", "BC", "QĐ", "TTr", "TB", "CV"}


@dataclass(frozen=True)
class Problem:
    code: str
    severity: str
    where: str
    message: str
    # ("activity", id, field) | ("held", activity id) | ("text", key) | ("plan", field)
    # | ("survey", id) | ("month", month)
    target: tuple = ()

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def _short(text: str, n: int = 40) -> str:
    return textwrap.shorten(text, n, placeholder="…")


def _act_where(act: Activity, field: str | None = None) -> str:
    where = f"Tháng {act.month}, dòng {act.position}"
    return f"{where}, {FIELD_LABELS[field]}" if field else where


def check_totals_written(plan: Plan, data: PlanData) -> list[Problem]:
    """Rule 1: a total as written differs from the sum of its lines."""
    out = []
    r = data.results_sums()
    s = data.survey_sums()
    pairs = [
        (
            "Mục 3",
            "số lớp",
            plan.results_classes_written,
            r.first,
            r.count,
            "results_classes_written",
        ),
        (
            "Mục 3",
            "số học viên",
            plan.results_learners_written,
            r.second,
            r.count,
            "results_learners_written",
        ),
        (
            "Mục 4",
            "số chuyên đề",
            plan.survey_topics_written,
            s.first,
            s.count,
            "survey_topics_written",
        ),
        (
            "Mục 4",
            "số lượt người",
            plan.survey_people_written,
            s.second,
            s.count,
            "survey_people_written",
        ),
    ]
    for section, what, written, total, count, field in pairs:
        if written is not None and count and written != total:
            out.append(
                Problem(
                    "TOTAL_WRITTEN",
                    ERROR,
                    f"{section}, tổng {what}",
                    f"Tổng {what} ghi {format_int(written)} nhưng cộng {count} dòng được "
                    f"{format_int(total)}; sửa tổng thành {format_int(total)}.",
                    ("plan", field),
                )
            )
    return out


def check_goals(plan: Plan, data: PlanData) -> list[Problem]:
    """Rule 2: goals differ from the month plan's sums."""
    out = []
    t = data.totals()
    if not t.activities:
        return out
    blank_classes = sum(1 for a in data.acts if a.classes is None)
    # Blank class cells are reported on their own (rule 4); a goal that the plan would meet
    # with one class for each blank cell is not reported twice.
    if plan.goal_classes is not None and not (
        t.classes <= plan.goal_classes <= t.classes + blank_classes
    ):
        out.append(
            Problem(
                "GOALS_VS_PLAN",
                ERROR,
                "Mục 5, số lớp",
                f"Mục tiêu ghi {format_int(plan.goal_classes)} lớp nhưng bảng các tháng có "
                f"{format_int(t.classes)} lớp.",
                ("plan", "goal_classes"),
            )
        )
    if plan.goal_topics is not None and plan.goal_topics != t.activities:
        out.append(
            Problem(
                "GOALS_VS_PLAN",
                ERROR,
                "Mục 5, chuyên đề",
                f"Mục tiêu ghi {format_int(plan.goal_topics)} chuyên đề nhưng bảng các tháng có "
                f"{format_int(t.activities)} hoạt động.",
                ("plan", "goal_topics"),
            )
        )
    if plan.goal_participants is not None and plan.goal_participants != t.learners:
        out.append(
            Problem(
                "GOALS_VS_PLAN",
                ERROR,
                "Mục 5, số lượt tham gia",
                f"Mục tiêu ghi {format_int(plan.goal_participants)} lượt nhưng bảng các tháng có "
                f"{format_int(t.learners)} học viên.",
                ("plan", "goal_participants"),
            )
        )
    return out


def check_survey_vs_plan(plan: Plan, data: PlanData) -> list[Problem]:
    """Rule 3: per programme, the survey's topics and people against the month plan."""
    out = []
    if data.survey_sums().count == 0:
        if data.acts:
            out.append(
                Problem(
                    "SURVEY_VS_PLAN",
                    WARNING,
                    "Mục 4",
                    "Chưa có kết quả khảo sát nhu cầu học tập (F4).",
                    ("survey", ""),
                )
            )
        return out
    for f in data.programme_figures():
        if f.survey_topics is None:
            out.append(
                Problem(
                    "SURVEY_VS_PLAN",
                    WARNING,
                    f"Mục 4, chương trình {f.code}",
                    f"Bảng các tháng có {f.planned.activities} hoạt động chương trình {f.code} "
                    "nhưng khảo sát không có dòng nào cho chương trình này.",
                    ("survey", f.code),
                )
            )
            continue
        diffs = []
        if f.survey_topics != f.planned.activities:
            diffs.append(
                f"{format_int(f.survey_topics)} chuyên đề (kế hoạch: {format_int(f.planned.activities)})"
            )
        if f.survey_people is not None and f.survey_people != f.planned.learners:
            diffs.append(
                f"{format_int(f.survey_people)} lượt người (kế hoạch: {format_int(f.planned.learners)})"
            )
        if diffs:
            out.append(
                Problem(
                    "SURVEY_VS_PLAN",
                    WARNING,
                    f"Mục 4, chương trình {f.code}",
                    f"Khảo sát chương trình {f.code} ghi " + " và ".join(diffs) + ".",
                    ("survey", f.code),
                )
            )
    return out


def _activities(plan: Plan) -> list[Activity]:
    return list(
        Activity.select().where(Activity.plan == plan).order_by(Activity.month, Activity.position)
    )


def check_blank_cells(plan: Plan, acts: list[Activity]) -> list[Problem]:
    """Rule 4: a required cell is blank."""
    out = []
    for act in acts:
        for field in REQUIRED_CELLS:
            value = act.programme_id if field == "programme" else getattr(act, field)
            if value is None or value == "":
                out.append(
                    Problem(
                        "BLANK_CELL",
                        ERROR,
                        _act_where(act, field),
                        f"Ô “{FIELD_LABELS[field]}” để trống ({_short(act.content)}).",
                        ("activity", act.id, field),
                    )
                )
    return out


_TARGET_RE = re.compile(
    r"(\d+)\s*(?:/\s*\d+\s*)?(thôn|bản|ấp|xóm|tổ)\b[^()\d]*\(\s*(\d+)\s*(?:người|học viên|hộ)\s*/\s*\2\s*\)",
    re.I,
)


def check_target_arithmetic(plan: Plan, acts: list[Activity]) -> list[Problem]:
    """Rule 5: "4/4 thôn (21 người/thôn)" is 84 people; the learners cell must say so."""
    out = []
    for act in acts:
        m = _TARGET_RE.search(act.target_group)
        if not m or act.learners is None:
            continue
        expected = int(m.group(1)) * int(m.group(3))
        if expected != act.learners:
            out.append(
                Problem(
                    "TARGET_ARITHMETIC",
                    ERROR,
                    _act_where(act, "learners"),
                    f"“{act.target_group}” là {m.group(1)} × {m.group(3)} = {format_int(expected)} "
                    f"người, nhưng số học viên ghi {format_int(act.learners)}.",
                    ("activity", act.id, "learners"),
                )
            )
    return out


def _one_letter_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if b[i].isdigit() or (i < len(a) and a[i].isdigit()):
        return False  # "Nam Hương 1" / "Nam Hương 2" are two places
    return a[i:] == b[i + 1 :] or (len(a) == len(b) and a[i + 1 :] == b[i + 1 :])


def _locality_variant(a: str, b: str) -> bool:
    wa, wb = tone_key(a).split(), tone_key(b).split()
    if len(wa) > len(wb):
        wa, wb = wb, wa
    if len(wb) != len(wa) + 1 or len(wa) < 2:
        return False
    return any(w in LOCALITY_WORDS and wb[:i] + wb[i + 1 :] == wa for i, w in enumerate(wb))


def _variant_kind(a: str, b: str) -> str | None:
    if tone_key(a) == tone_key(b):  # the key ignores case and where the tone mark sits
        return "khác chữ hoa/thường" if a.casefold() == b.casefold() else "khác vị trí dấu thanh"
    if fold(a) == fold(b):
        return "khác dấu"
    if len(a) >= 6 and _one_letter_apart(a.casefold(), b.casefold()):
        return "khác một chữ cái"
    if _locality_variant(a, b):
        return "thiếu/thừa một từ chỉ địa danh"
    return None


def _variant_candidates(names: list[str]) -> list[tuple[int, int]]:
    """The pairs (i < j) of `names` that `_variant_kind` could join, in the order
    `combinations` would give them, without comparing every pair: names are indexed by
    every key a variant shares with them — the tone key, the folded form, the case-folded
    name with any one letter left out (one letter apart), the words with one locality
    word left out — and only names sharing a key are compared."""
    buckets: dict[tuple, list[int]] = {}
    for i, name in enumerate(names):
        keys = {("tone", tone_key(name)), ("fold", fold(name))}
        low = name.casefold()
        keys.add(("letter", low))
        # a letter left out; never a digit: "Nam Hương 1" / "Nam Hương 2" are two places
        keys.update(
            ("letter", low[:k] + low[k + 1 :]) for k in range(len(low)) if not low[k].isdigit()
        )
        words = tuple(tone_key(name).split())
        keys.add(("words", words))
        keys.update(
            ("words", words[:k] + words[k + 1 :])
            for k, w in enumerate(words)
            if w in LOCALITY_WORDS
        )
        for key in keys:
            buckets.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) > 1:
            pairs.update(combinations(members, 2))  # members are in ascending order
    return sorted(pairs)


def check_name_variants(
    plan: Plan, acts: list[Activity], villages: list[str] | None = None
) -> list[Problem]:
    """Rule 6: one name spelt several ways across villages, places, partners, targets.
    `villages`: the centre's village names in order (read here when not given)."""
    first_seen: dict[str, tuple[str, tuple]] = {}
    if villages is None:
        villages = [
            v.name
            for v in Village.select()
            .where(Village.centre == plan.centre_id)
            .order_by(Village.position)
        ]
    for name in villages:
        first_seen.setdefault(name, ("Danh sách thôn", ()))
    for act in acts:
        for field in ("target_group", "place", "partner"):
            value = getattr(act, field)
            if value:
                first_seen.setdefault(value, (_act_where(act, field), ("activity", act.id, field)))
    # Names inside longer texts: "Nhà văn hóa thôn Đon Uý" holds the village "Đon Uý".
    names = list(first_seen)
    # Group the spellings: "Hội"/"Hộ"/"hội" are one cluster, reported once.
    parent = {n: n for n in names}
    kinds: dict[str, set[str]] = {}

    def root(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    for i, j in _variant_candidates(names):
        a, b = names[i], names[j]
        kind = _variant_kind(a, b)
        if kind is not None:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[rb] = ra
                kinds.setdefault(ra, set()).update(kinds.pop(rb, ()))
            kinds.setdefault(ra, set()).add(kind)
    clusters: dict[str, list[str]] = {}
    for n in names:
        clusters.setdefault(root(n), []).append(n)
    out = []
    for members in clusters.values():
        if len(members) < 2:
            continue
        spelled = "; ".join(f"“{m}” ({first_seen[m][0]})" for m in members)
        all_kinds = set().union(*(kinds.get(root(m), set()) for m in members))
        out.append(
            Problem(
                "NAME_VARIANTS",
                WARNING,
                first_seen[members[1]][0],
                f"Có lẽ là một tên viết {len(members)} cách ({', '.join(sorted(all_kinds))}): "
                f"{spelled}. Thống nhất một cách viết.",
                first_seen[members[1]][1],
            )
        )
    return out


_PROG_RE = re.compile(r"\(\s*([A-ZĐ][A-ZĐ0-9]*(?:\s*[-–]\s*[A-ZĐ0-9]+)*)\s*\)\s*\.?\s*$")


def check_programme_codes(plan: Plan, acts: list[Activity], data: PlanData) -> list[Problem]:
    """Rule 7: the code written in the content differs from the programme chosen."""
    codes = {p.id: p.code for p in data.programmes}
    out = []
    for act in acts:
        m = _PROG_RE.search(act.content)
        if not m or act.programme_id is None:
            continue
        written = re.sub(r"\s*[-–]\s*", "-", m.group(1))
        chosen = codes.get(act.programme_id)
        if written != chosen:
            out.append(
                Problem(
                    "PROGRAMME_CODE",
                    ERROR,
                    _act_where(act, "programme"),
                    f"Nội dung ghi ({written}) nhưng chương trình đã chọn là {chosen}.",
                    ("activity", act.id, "programme"),
                )
            )
    return out


_DOUBLED_RE = re.compile(r"\b(\w+(?:\s+\w+)?)\s+\1\b", re.I)


def _doubled(text: str) -> str | None:
    m = _DOUBLED_RE.search(text)
    if m and not m.group(1).isdigit():
        return m.group(0)
    return None


class Written(NamedTuple):
    """The plan's texts and list items, read once for the rules that look at all wording."""

    texts: list[PlanText]
    items: list[PlanItem]


def _written(plan: Plan) -> Written:
    return Written(
        list(PlanText.select().where(PlanText.plan == plan)),
        list(
            PlanItem.select()
            .where(PlanItem.plan == plan)
            .order_by(PlanItem.kind, PlanItem.position)
        ),
    )


def check_doubled_words(plan: Plan, acts: list[Activity], written: Written) -> list[Problem]:
    """Rule 8: a word (or two) written twice in a row ("kỹ thuật kỹ thuật")."""
    out = []
    for act in acts:
        for field in ("content", "target_group", "place", "partner", "note"):
            found = _doubled(getattr(act, field))
            if found:
                out.append(
                    Problem(
                        "DOUBLED_WORD",
                        WARNING,
                        _act_where(act, field),
                        f"Lặp từ: “{found}”.",
                        ("activity", act.id, field),
                    )
                )
    for item in written.items:
        found = _doubled(item.text)
        if found:
            out.append(
                Problem(
                    "DOUBLED_WORD",
                    WARNING,
                    f"{LIST_KINDS.get(item.kind, item.kind)}, mục {item.position}",
                    f"Lặp từ: “{found}”.",
                    ("text", item.kind),
                )
            )
    for text in written.texts:
        found = _doubled(text.value)
        if found:
            out.append(
                Problem(
                    "DOUBLED_WORD", WARNING, "Văn bản", f"Lặp từ: “{found}”.", ("text", text.key)
                )
            )
    return out


def check_months(plan: Plan, acts: list[Activity]) -> list[Problem]:
    """Rule 9: a month of the period without any activity; an activity outside it; a held
    date outside it."""
    out = []
    used = {a.month for a in acts}
    for year, month in period_months(plan.year, plan.first_month):
        if month not in used and acts:
            out.append(
                Problem(
                    "MONTH_EMPTY",
                    WARNING,
                    f"Tháng {month}/{year}",
                    f"Tháng {month}/{year} chưa có hoạt động nào.",
                    ("month", month),
                )
            )
    for act in acts:
        if not 1 <= act.month <= 12:
            out.append(
                Problem(
                    "OUTSIDE_PERIOD",
                    ERROR,
                    _act_where(act),
                    f"Hoạt động ở tháng {act.month}, ngoài kỳ kế hoạch.",
                    ("activity", act.id, "content"),
                )
            )
        outside = held_date_problem(plan, act.held_date)
        if outside:
            out.append(
                Problem(
                    "HELD_OUTSIDE_PERIOD",
                    ERROR,
                    f"{_act_where(act)}, Kết quả",
                    f"Ghi đã tổ chức: {outside} Sửa bằng t trên F3.",
                    ("held", act.id),
                )
            )
    return out


def check_budget_per_learner(plan: Plan, acts: list[Activity]) -> list[Problem]:
    """Rule 10: a budget per learner more than three times (or under a third of) the median."""
    rates = [(a, a.budget / a.learners) for a in acts if a.budget and a.learners]
    if len(rates) < 4:
        return []
    median = statistics.median(r for _, r in rates)
    out = []
    for act, rate in rates:
        if rate > 3 * median or rate < median / 3:
            out.append(
                Problem(
                    "BUDGET_PER_LEARNER",
                    WARNING,
                    _act_where(act, "budget"),
                    f"Kinh phí {format_money(act.budget)} cho {format_int(act.learners)} học viên là "
                    f"{format_money(round(rate))}/người, khác xa mức thường của kế hoạch "
                    f"({format_money(round(median))}/người).",
                    ("activity", act.id, "budget"),
                )
            )
    return out


def check_document_form(plan: Plan, data: PlanData) -> list[Problem]:
    """Rule 11: document number and date in the official form; signers named."""
    out = []
    centre = data.centre
    if plan.number is None or plan.number < 1:
        out.append(
            Problem(
                "DOC_FORM", WARNING, "Đầu văn bản, Số", "Chưa có số văn bản.", ("plan", "number")
            )
        )
    if plan.doc_code not in DOC_CODES:
        out.append(
            Problem(
                "DOC_FORM",
                WARNING,
                "Đầu văn bản, Số",
                f"Mã loại văn bản “{plan.doc_code}” không theo Nghị định 30 (kế hoạch là KH).",
                ("plan", "doc_code"),
            )
        )
    if not centre.code or re.search(r"\s", centre.code):
        out.append(
            Problem(
                "DOC_FORM",
                WARNING,
                "Đầu văn bản, Số",
                f"Mã cơ quan ban hành “{centre.code}” phải viết liền, không dấu cách (ví dụ TTHTCĐ).",
                ("plan", "number"),
            )
        )
    if is_all_capitals(plan.summary):
        out.append(
            Problem(
                "SUMMARY_CAPS",
                WARNING,
                "Đầu văn bản, trích yếu",
                "Trích yếu viết toàn chữ in hoa; theo Nghị định 30 trích yếu viết chữ thường, "
                "in đậm, dưới dòng “KẾ HOẠCH”: gõ lại ở F6 (ví dụ “Hoạt động của Trung tâm học "
                "tập cộng đồng năm 2024”).",
                ("plan", "summary"),
            )
        )
    if plan.date is None:
        out.append(
            Problem(
                "DOC_FORM", WARNING, "Đầu văn bản, ngày", "Chưa có ngày ban hành.", ("plan", "date")
            )
        )
    elif not plan.year - 1 <= plan.date.year <= plan.year + 1:
        out.append(
            Problem(
                "DOC_FORM",
                WARNING,
                "Đầu văn bản, ngày",
                f"Ngày ban hành {plan.date:%d/%m/%Y} xa năm kế hoạch {plan.year}.",
                ("plan", "date"),
            )
        )
    if not plan.place:
        out.append(
            Problem(
                "DOC_FORM",
                WARNING,
                "Đầu văn bản, địa danh",
                "Chưa có địa danh trước ngày.",
                ("plan", "place"),
            )
        )
    director = data.director
    if director is None or not director.name:
        out.append(
            Problem(
                "DOC_FORM",
                WARNING,
                "Chữ ký",
                "Chưa có tên người ký (giám đốc).",
                ("text", "signers"),
            )
        )
    return out


def check_abbreviations(plan: Plan, acts: list[Activity], written: Written) -> list[Problem]:
    """Abbreviations written without their Đ ("HTCD" for "HTCĐ")."""
    texts: list[tuple[str, str, tuple]] = []
    for t in written.texts:
        texts.append((t.value, "Văn bản", ("text", t.key)))
    for i in written.items:
        texts.append(
            (i.text, f"{LIST_KINDS.get(i.kind, i.kind)}, mục {i.position}", ("text", i.kind))
        )
    for act in acts:
        for field in ("content", "target_group", "place", "partner"):
            texts.append((getattr(act, field), _act_where(act, field), ("activity", act.id, field)))
    known = {fold(k): k for k in KNOWN_ABBREVIATIONS}
    out = []
    seen: set[str] = set()
    for text, where, target in texts:
        for word in re.findall(r"[\w&]+", text):
            right = known.get(fold(word))
            if right and word != right and word.isupper() and word not in seen:
                seen.add(word)
                out.append(
                    Problem(
                        "ABBREVIATION",
                        WARNING,
                        where,
                        f"“{word}” nên viết “{right}”.",
                        target,
                    )
                )
    return out


def check_empty_plan(plan: Plan, acts: list[Activity]) -> list[Problem]:
    """A plan without a single activity is no plan to submit, print or approve."""
    if acts:
        return []
    return [
        Problem(
            "EMPTY_PLAN",
            ERROR,
            "Kế hoạch tháng",
            "Kế hoạch chưa có hoạt động nào (F3, a để thêm).",
            ("month", plan.first_month),
        )
    ]


def check_old_year(plan: Plan, written: Written) -> list[Problem]:
    """Text still naming the year before ("kế hoạch hoạt động năm 2024" in the 2025 plan,
    left from the plan it was copied from). Section 3, the previous period's results,
    names it rightly, and a legal basis cites documents by their own dates: not looked at."""
    old = plan.year - 1
    if plan.period_kind == "school_year":
        pattern = re.compile(rf"(?<!\d){old}\s*[-–]\s*{old + 1}(?!\d)")
    else:
        pattern = re.compile(rf"(?<!\d)năm\s+{old}(?!\d)", re.IGNORECASE)
    texts: list[tuple[str, str, tuple]] = [(plan.summary, "Trích yếu", ("plan", "summary"))]
    texts += [
        (t.value, f"Văn bản: {TEXT_KEYS.get(t.key) or t.key}", ("text", t.key))
        for t in written.texts
        if t.key != "heading_results"
    ]
    texts += [
        (i.text, f"{LIST_KINDS.get(i.kind, i.kind)}, mục {i.position}", ("text", i.kind))
        for i in written.items
        if i.kind != "legal_basis"
    ]
    out = []
    for text, where, target in texts:
        for m in pattern.finditer(text or ""):
            before = text[: m.start()].rstrip()
            if re.search(r"tháng\s+\d{1,2}$", before, re.IGNORECASE):
                continue  # a date: "ngày 05 tháng 01 năm 2024"
            out.append(
                Problem(
                    "OLD_YEAR",
                    WARNING,
                    where,
                    f"Còn ghi “{m.group(0)}” trong kế hoạch "
                    f"{period_label(plan.year, plan.period_kind)}: {_short(text, 60)}",
                    target,
                )
            )
            break
    return out


class PlanData(NamedTuple):
    """Everything the rules read of one plan, loaded for many plans at once by
    `load_plan_data` (a fixed number of queries however many plans)."""

    plan: Plan
    centre: Centre
    acts: list[Activity]  # by month, then position
    written: Written
    results: list[ResultLine]
    survey: list[SurveyLine]
    programmes: list[Programme]  # the centre's, by position
    villages: list[str]  # the centre's, by position
    director: Signer | None

    def totals(self) -> Totals:
        return Totals(
            len(self.acts),
            sum(a.classes or 0 for a in self.acts),
            sum(a.learners or 0 for a in self.acts),
            sum(a.budget or 0 for a in self.acts),
        )

    def results_sums(self) -> LineSums:
        r = self.results
        return LineSums(len(r), sum(x.classes or 0 for x in r), sum(x.learners or 0 for x in r))

    def survey_sums(self) -> LineSums:
        s = self.survey
        return LineSums(len(s), sum(x.topics or 0 for x in s), sum(x.people or 0 for x in s))

    def programme_figures(self) -> list[ProgrammeFigures]:
        """As store.totals.programme_figures, from the rows loaded."""
        planned: dict[int | None, list[Activity]] = {}
        for a in self.acts:
            planned.setdefault(a.programme_id, []).append(a)
        survey: dict[int | None, tuple[int | None, int | None]] = {}
        for line in self.survey:
            topics, people = survey.get(line.programme_id, (None, None))
            if line.topics is not None:
                topics = (topics or 0) + line.topics
            if line.people is not None:
                people = (people or 0) + line.people
            survey[line.programme_id] = (topics, people)
        out = []
        for prog in self.programmes:
            if prog.id not in planned and prog.id not in survey:
                continue
            acts = planned.get(prog.id, [])
            topics, people = survey.get(prog.id, (None, None))
            out.append(
                ProgrammeFigures(
                    prog.code,
                    prog.name,
                    Totals(
                        len(acts),
                        sum(a.classes or 0 for a in acts),
                        sum(a.learners or 0 for a in acts),
                        sum(a.budget or 0 for a in acts),
                    ),
                    topics,
                    people,
                )
            )
        return out


def _light(model, *where, order=()):
    """A model's rows as named tuples (several times cheaper to build than model
    instances), with each foreign key also under its `_id` name, as on an instance."""
    from peewee import ForeignKeyField

    fields = list(model._meta.sorted_fields)
    keys = [f.alias(f"{f.name}_id") for f in fields if isinstance(f, ForeignKeyField)]
    return model.select(*fields, *keys).where(*where).order_by(*order).namedtuples()


def load_plan_data(plans: list[Plan]) -> list[PlanData]:
    """What the rules read, for every plan of `plans`, in nine queries in all."""
    if not plans:
        return []
    ids = [p.id for p in plans]
    centre_ids = sorted({p.centre_id for p in plans})
    centres = {c.id: c for c in Centre.select().where(Centre.id.in_(centre_ids))}

    def grouped(rows, key: str = "plan_id") -> dict[int, list]:
        """`rows` by their plan's id (or by `key`: "centre_id"), in their order."""
        out: dict[int, list] = {}
        for row in rows:
            out.setdefault(getattr(row, key), []).append(row)
        return out

    acts = grouped(
        _light(
            Activity,
            Activity.plan.in_(ids),
            order=(Activity.plan, Activity.month, Activity.position),
        )
    )
    texts = grouped(_light(PlanText, PlanText.plan.in_(ids), order=(PlanText.id,)))
    items = grouped(
        _light(
            PlanItem,
            PlanItem.plan.in_(ids),
            order=(PlanItem.plan, PlanItem.kind, PlanItem.position),
        )
    )
    results = grouped(_light(ResultLine, ResultLine.plan.in_(ids), order=(ResultLine.position,)))
    survey = grouped(_light(SurveyLine, SurveyLine.plan.in_(ids), order=(SurveyLine.position,)))
    programmes = grouped(
        Programme.select().where(Programme.centre.in_(centre_ids)).order_by(Programme.position),
        "centre_id",
    )
    villages = grouped(
        Village.select().where(Village.centre.in_(centre_ids)).order_by(Village.position),
        "centre_id",
    )
    directors = {
        s.plan_id: s
        for s in Signer.select().where(Signer.plan.in_(ids) & (Signer.role == SIGNER_DIRECTOR))
    }
    return [
        PlanData(
            p,
            centres[p.centre_id],
            acts.get(p.id, []),
            Written(texts.get(p.id, []), items.get(p.id, [])),
            results.get(p.id, []),
            survey.get(p.id, []),
            programmes.get(p.centre_id, []),
            [v.name for v in villages.get(p.centre_id, [])],
            directors.get(p.id),
        )
        for p in plans
    ]


def check_data(data: PlanData) -> list[Problem]:
    """Every problem of one plan's loaded data, errors first, then in document order."""
    plan, acts, written = data.plan, data.acts, data.written
    problems = (
        check_empty_plan(plan, acts)
        + check_document_form(plan, data)
        + check_old_year(plan, written)
        + check_totals_written(plan, data)
        + check_survey_vs_plan(plan, data)
        + check_goals(plan, data)
        + check_months(plan, acts)
        + check_blank_cells(plan, acts)
        + check_target_arithmetic(plan, acts)
        + check_programme_codes(plan, acts, data)
        + check_budget_per_learner(plan, acts)
        + check_name_variants(plan, acts, data.villages)
        + check_doubled_words(plan, acts, written)
        + check_abbreviations(plan, acts, written)
    )
    return sorted(problems, key=lambda p: 0 if p.is_error else 1)


def check_plan(plan: Plan) -> list[Problem]:
    """Every problem of the plan, errors first, then in document order."""
    plan = Plan.get_by_id(plan.id)  # as stored now, whatever the caller holds
    return check_data(load_plan_data([plan])[0])


def check_plans(plans: list[Plan]) -> dict[int, list[Problem]]:
    """Every problem of each plan, by plan id, in a fixed number of queries."""
    return {d.plan.id: check_data(d) for d in load_plan_data(plans)}


def split_counts(problems: list[Problem]) -> tuple[int, int]:
    """(errors, warnings) among `problems`."""
    errors = sum(1 for p in problems if p.is_error)
    return errors, len(problems) - errors


def count_problems(plan: Plan) -> tuple[int, int]:
    """(errors, warnings) of the plan."""
    return split_counts(check_plan(plan))
