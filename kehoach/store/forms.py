"""The texts typed in the app's forms, parsed and saved: each function takes the field
texts as typed, raises FieldProblem naming the wrong field, or saves as one change."""

from __future__ import annotations

from typing import Any

from .db import writing
from .editing import (
    Change,
    ensure_editable,
    plan_stamp,
    set_centre_fields,
    set_plan_fields,
    set_signer,
    set_text,
)
from .errors import FieldProblem
from .models import SIGNER_APPROVER, SIGNER_DIRECTOR, Plan
from .vntext import ParseError, clean_line, parse_date, parse_decimal, parse_int


def _combine(label: str, plan: Plan, changes: list[Change]) -> Change:
    """Several changes saved by one form, undone and redone as one (call it inside the
    form's transaction: the versions it will be checked against are read now)."""

    def undo() -> None:
        for c in reversed(changes):
            c._undo()

    def redo() -> None:
        for c in changes:
            c._redo()

    stamp = plan_stamp(plan.id)
    return Change(label, undo, redo, {}, stamp, stamp())


def _number(values: dict[str, str], key: str, what: str) -> int | None:
    try:
        return parse_int(values[key], what=what)
    except ParseError as exc:
        raise FieldProblem(key, str(exc)) from None


def save_header(
    plan: Plan, values: dict[str, str], *, expected_version: int | None = None
) -> Change:
    number = _number(values, "number", "số văn bản")
    try:
        date = parse_date(values["date"])
    except ParseError as exc:
        raise FieldProblem("date", str(exc)) from None
    if not clean_line(values["parent_body"]):
        raise FieldProblem("parent_body", "Chưa nhập cơ quan chủ quản.")
    code = clean_line(values["code"])
    if not code or " " in code:
        raise FieldProblem("code", "Mã cơ quan viết liền, không dấu cách (ví dụ TTHTCĐ).")
    # the type is printed in capitals on its own line; the summary is kept as typed
    doc_type = clean_line(values["doc_type"]).upper()
    if not doc_type:
        raise FieldProblem("doc_type", "Chưa nhập loại văn bản (ví dụ KẾ HOẠCH).")
    centre = {
        "parent_body": values["parent_body"].upper(),
        "issuing_body": values["issuing_body"].upper(),
        "code": code,
    }
    # the commune's name and place chosen at first run (a typo there is not permanent)
    if "commune" in values:
        if not clean_line(values["commune"]):
            raise FieldProblem("commune", "Chưa nhập tên xã.")
        centre["commune"] = values["commune"]
    for key in ("district", "province"):
        if key in values:
            centre[key] = values[key]
    with writing():
        ensure_editable(plan, expected_version)
        changes = [
            set_centre_fields(plan, centre),
            set_plan_fields(
                plan,
                {
                    "number": number,
                    "doc_code": clean_line(values["doc_code"]),
                    "place": values["place"],
                    "date": date,
                    "doc_type": doc_type,
                    "summary": clean_line(values["summary"]),
                },
            ),
        ]
        return _combine("sửa đầu văn bản", plan, changes)


def save_numbers(
    plan: Plan,
    values: dict[str, str],
    labels: dict[str, str],
    *,
    expected_version: int | None = None,
) -> Change:
    parsed: dict[str, Any] = {}
    for key, text in values.items():
        if key == "area_ha":
            try:
                parsed[key] = parse_decimal(text)
            except ParseError as exc:
                raise FieldProblem(key, str(exc)) from None
        else:
            parsed[key] = _number(values, key, labels.get(key, "số").lower())
    return set_plan_fields(plan, parsed, expected_version=expected_version)


def save_goals(
    plan: Plan, values: dict[str, str], *, expected_version: int | None = None
) -> Change:
    numbers = {
        k: _number(values, k, "số") for k in ("goal_classes", "goal_topics", "goal_participants")
    }
    with writing():
        ensure_editable(plan, expected_version)
        changes = [
            set_plan_fields(plan, {**numbers, "goal_target": values["goal_target"]}),
            set_text(plan, "goals_intro", values["goals_intro"]),
        ]
        return _combine("sửa mục tiêu", plan, changes)


def save_signers(
    plan: Plan, values: dict[str, str], *, expected_version: int | None = None
) -> Change:
    changes = []
    with writing():
        ensure_editable(plan, expected_version)
        for role in (SIGNER_DIRECTOR, SIGNER_APPROVER):
            fields = {
                key.split("__", 1)[1]: text.replace(" / ", "\n")
                for key, text in values.items()
                if key.startswith(role + "__")
            }
            if fields:
                changes.append(set_signer(plan, role, fields))
        return _combine("sửa người ký", plan, changes)


def save_headings(
    plan: Plan, values: dict[str, str], *, expected_version: int | None = None
) -> Change:
    with writing():
        ensure_editable(plan, expected_version)
        changes = [set_text(plan, key, text) for key, text in values.items()]
        return _combine("sửa tiêu đề mục", plan, changes)


def _total_key(name: str) -> str | None:
    """The written total a line's name stands for ("Tổng học viên (như ghi)", also
    "Tổng số học viên"), or None when the line is a programme's result."""
    from .views import RESULT_TOTAL_FIELDS

    def norm(text: str) -> str:
        text = clean_line(text).casefold().replace("(như ghi)", "")
        return " ".join(text.replace(" số ", " ").split())

    wanted = norm(name)
    for key, label in RESULT_TOTAL_FIELDS:
        if norm(label) == wanted:
            return key
    return None


def save_results(plan: Plan, lines: list[str], *, expected_version: int | None = None) -> Change:
    """Section 3 as typed in its editor: "Tên: 04 lớp có 354 học viên" lines, and the
    totals as written ("Tổng học viên (như ghi): 2.197"). A total left out keeps its value;
    one written blank is cleared. A wrong line raises ParseError naming its line number."""
    from .editing import parse_result_line, set_result_lines

    results: list[str] = []
    totals: dict[str, int | None] = {}
    seen: dict[str, int] = {}
    for n, text in enumerate(lines, 1):
        line = clean_line(text).lstrip("-+• ").strip()
        if not line:
            continue
        name, colon, value = line.rpartition(":")
        key = _total_key(name) if colon else None
        try:
            if key in seen:
                raise ParseError(
                    f"“{clean_line(name)}” đã ghi ở dòng {seen[key]}; chỉ ghi một lần."
                )
            if key:
                seen[key] = n
                totals[key] = parse_int(value, what=clean_line(name).lower())
            else:
                parse_result_line(line)
                results.append(line)
        except ParseError as exc:
            raise ParseError(f"Dòng {n}: {exc}") from None
    with writing():
        ensure_editable(plan, expected_version)
        changes = [set_result_lines(plan, results)]
        if totals:
            changes.append(set_plan_fields(plan, totals))
        return _combine("sửa kết quả năm trước", plan, changes)
