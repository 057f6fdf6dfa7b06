"""The sane range of every count and amount a plan holds, enforced at every way in.

A commune's learning centre counts in tens and hundreds: a value beyond these bounds is a
typing slip (or a hostile file), never a real figure. They are checked in store/ itself,
so a form, an import and the command line all meet the same rule, and nothing out of range
is ever stored. Sums stay far inside SQLite's 64-bit integers: even a million activities
at the largest budget add up to 2·10^15 đồng, far below the limit; and every bound
fits a PostgreSQL `integer` column (2^31 - 1), so both backends take the same values.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from .errors import FieldProblem

if TYPE_CHECKING:
    from .document import PlanDoc

# field: (largest value, what it is in Vietnamese, in English). Every bound starts at 0.
BOUNDS: dict[str, tuple[int, str, str]] = {
    # an activity (one row of a month's table)
    "classes": (1_000, "số lớp", "classes"),
    "learners": (100_000, "số học viên", "learners"),
    # whole đồng: 2 billion, inside a PostgreSQL `integer` column too (2^31 - 1)
    "budget": (2_000_000_000, "kinh phí", "budget"),
    "held_learners": (100_000, "số người đã học", "learners who came"),
    "held_spent": (2_000_000_000, "số tiền đã chi", "money spent"),
    # survey and last year's results (one line each)
    "topics": (10_000, "số chuyên đề", "topics"),
    "people": (1_000_000, "số lượt người", "people"),
    # the plan's own figures
    "number": (9_999, "số văn bản", "document number"),
    "villages_count": (1_000, "số thôn", "villages"),
    "households": (1_000_000, "số hộ", "households"),
    "population": (10_000_000, "số nhân khẩu", "population"),
    "poor_households": (1_000_000, "số hộ nghèo", "poor households"),
    "near_poor_households": (1_000_000, "số hộ cận nghèo", "near-poor households"),
    "results_classes_written": (100_000, "tổng số lớp", "total classes"),
    "results_learners_written": (10_000_000, "tổng học viên", "total learners"),
    "survey_topics_written": (100_000, "tổng chuyên đề", "total topics"),
    "survey_people_written": (10_000_000, "tổng lượt người", "total people"),
    "goal_classes": (100_000, "số lớp mục tiêu", "goal classes"),
    "goal_topics": (100_000, "số chuyên đề mục tiêu", "goal topics"),
    "goal_participants": (10_000_000, "số người tham gia mục tiêu", "goal participants"),
}
AREA_HA_MAX = Decimal(10_000_000)  # hectares, two decimals


def _grouped(n: int | Decimal) -> str:
    return f"{n:,}".replace(",", ".")


def check_count(field: str, value: Any, *, where: str = "") -> int:
    """`value` as a whole number within its field's bounds, else one FieldProblem naming
    the field (and `where`, e.g. the row). Accepts ints and digit strings; refuses
    negatives, fractions, floats, infinities and anything else."""
    top, vi, en = BOUNDS[field]
    at_vi = f" ({where})" if where else ""
    at_en = f" ({where})" if where else ""
    number: int | None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    else:
        number = None
    if number is None:
        raise FieldProblem(
            field,
            f"{vi.capitalize()}{at_vi}: “{value}” không phải số nguyên.",
            f"{en}{at_en}: {value!r} is not a whole number",
        )
    if not 0 <= number <= top:
        raise FieldProblem(
            field,
            f"{vi.capitalize()}{at_vi}: {number} ngoài khoảng cho phép 0–{_grouped(top)}.",
            f"{en}{at_en}: {number} is out of range (0 to {top:,})",
        )
    return number


def check_area(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        area = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        area = None
    if area is None or not area.is_finite() or not 0 <= area <= AREA_HA_MAX:
        raise FieldProblem(
            "area_ha",
            f"Diện tích: “{value}” ngoài khoảng cho phép 0–{_grouped(AREA_HA_MAX)} ha.",
            f"area: {value} is out of range (0 to {AREA_HA_MAX:,} ha)",
        )
    return area


def check_plan_numbers(values: dict[str, Any]) -> None:
    """The plan-level figures among `values` (in place: digit strings become ints)."""
    for key, value in values.items():
        if value is None:
            continue
        if key == "area_ha":
            values[key] = check_area(value)
        elif key in BOUNDS:
            values[key] = check_count(key, value)


def check_document(doc: PlanDoc) -> None:
    """Every count and amount of a whole plan (an import, the demo, an amendment's copy),
    before anything is stored; the first out of range is named with its place."""
    check_plan_numbers(
        {
            k: getattr(doc, k)
            for k in BOUNDS
            if hasattr(doc, k) and k not in ("classes", "learners", "budget")
        }
        | {"area_ha": doc.area_ha}
    )
    rows: dict[int, int] = {}
    for act in doc.activities:
        rows[act.month] = rows.get(act.month, 0) + 1
        where = f"tháng {act.month}, dòng {rows[act.month]}"
        for key in ("classes", "learners", "budget"):
            value = getattr(act, key)
            if value is not None:
                check_count(key, value, where=where)
    for n, line in enumerate(doc.results, 1):
        for key in ("classes", "learners"):
            value = getattr(line, key)
            if value is not None:
                check_count(key, value, where=f"kết quả năm trước, dòng {n}")
    for n, line in enumerate(doc.survey, 1):
        for key in ("topics", "people"):
            value = getattr(line, key)
            if value is not None:
                check_count(key, value, where=f"khảo sát, dòng {n}")
