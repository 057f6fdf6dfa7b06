"""Running the year: what was held, progress against the plan, the year-end figures.

Recording what was held does not change the plan's content, so it is allowed on an
approved plan (that is when classes are held) — but only on the current revision.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from peewee import Case, fn

from .audit import record_diff
from .bounds import check_count
from .db import writing
from .document import period_months
from .editing import Change, activity_stamp, latest_revision_words, newer_revision
from .errors import KehoachError
from .models import (
    ACTIVITY_CANCELLED,
    ACTIVITY_HELD,
    ACTIVITY_PLANNED,
    ACTIVITY_POSTPONED,
    ACTIVITY_STATUS_LABELS,
    Activity,
    Plan,
    Programme,
)
from .vntext import clean_line, format_date_short

HELD_FIELDS = ("status", "held_date", "held_learners", "held_spent", "held_note")


def _held_snapshot(act: Activity) -> dict[str, Any]:
    return {f: getattr(act, f) for f in HELD_FIELDS}


def _put_held(activity_id: int, values: dict[str, Any]) -> None:
    _put_held_on(Activity.get_by_id(activity_id), values)


def _put_held_on(act: Activity, values: dict[str, Any]) -> None:
    """`values` written on the activity as just read, with its audit rows."""
    record_diff(act.plan_id, "activity", act.id, _held_snapshot(act), values)
    Activity.update(**values, version=Activity.version + 1).where(Activity.id == act.id).execute()


def carry_held(old_plan_id: int, new_plan_id: int) -> int:
    """Copy what was recorded as held, postponed or cancelled from a revision to the one made
    from it — an amendment starts as a copy, so the n-th activity of a month is the n-th of
    the same month — each with its audit row; the caller holds the write transaction. How
    many activities it carried."""

    def by_month(plan_id: int) -> dict[int, list[Activity]]:
        months: dict[int, list[Activity]] = {}
        query = Activity.select().where(Activity.plan == plan_id)
        for act in query.order_by(Activity.month, Activity.position, Activity.id):
            months.setdefault(act.month, []).append(act)
        return months

    old, new = by_month(old_plan_id), by_month(new_plan_id)
    carried = 0
    for month, acts in old.items():
        for before, after in zip(acts, new.get(month, []), strict=False):
            if before.status != ACTIVITY_PLANNED and before.content == after.content:
                _put_held_on(after, _held_snapshot(before))  # read in this transaction
                carried += 1
    return carried


def ensure_current(plan_id: int) -> None:
    """Refused on an older revision: what was held is recorded on the latest one (asked
    before the form opens, and again when it is saved)."""
    plan = Plan.get_by_id(plan_id)
    newer = newer_revision(plan)
    if newer is not None:
        raise KehoachError(
            f"Kế hoạch năm {plan.year} bản {plan.revision} là bản cũ, chỉ để xem: ghi kết "
            "quả vào " + latest_revision_words(newer),
            f"revision {plan.revision} is an older revision; record results on the latest "
            f"one, revision {newer.revision} ({newer.status})",
        )


def period_bounds(plan: Plan) -> tuple[_dt.date, _dt.date]:
    """The first and the last day of the plan's period (a calendar or a school year)."""
    months = period_months(plan.year, plan.first_month)
    (y0, m0), (y1, m1) = months[0], months[-1]
    return _dt.date(y0, m0, 1), _month_end(y1, m1)


def _month_end(year: int, month: int) -> _dt.date:
    return _dt.date(year + month // 12, month % 12 + 1, 1) - _dt.timedelta(days=1)


def held_date_default(activity_id: int, today: _dt.date) -> _dt.date | None:
    """The date a form offers for when an activity was held — one that can be saved, never
    still to come: today if it is in the activity's month, that month's last day if the
    month is past; if the month is still to come, today when it is in the plan's period
    (held early), else None (nothing can be recorded as held yet: see `held_date_note`)."""
    act = Activity.get_by_id(activity_id)
    plan = Plan.get_by_id(act.plan_id)
    first, last = period_bounds(plan)
    years = [y for y, m in period_months(plan.year, plan.first_month) if m == act.month]
    if not years:  # a month outside 1..12: the checks report it; offer the period's start
        return first if first <= today else None
    offered = min(max(today, _dt.date(years[0], act.month, 1)), _month_end(years[0], act.month))
    if offered <= today:
        return offered
    return today if first <= today <= last else None


def held_date_note(activity_id: int, today: _dt.date) -> str:
    """What the held form says at once when the activity's month is still to come: it can
    be recorded as held only if it was held early; postponed or cancelled, always."""
    act = Activity.get_by_id(activity_id)
    plan = Plan.get_by_id(act.plan_id)
    years = [y for y, m in period_months(plan.year, plan.first_month) if m == act.month]
    if not years or (years[0], act.month) <= (today.year, today.month):
        return ""
    if held_date_default(activity_id, today) is None:
        return (
            f"Tháng {act.month}/{years[0]} chưa tới: chưa ghi được “Đã tổ chức”; "
            "vẫn ghi được Hoãn hoặc Hủy."
        )
    return (
        f"Tháng {act.month}/{years[0]} chưa tới: “Đã tổ chức” chỉ khi đã tổ chức sớm "
        "(ngày đã qua); chưa thì ghi Hoãn hoặc Hủy."
    )


def held_date_problem(
    plan: Plan, date: _dt.date | None, today: _dt.date | None = None
) -> str | None:
    """Why a held date cannot be recorded in this plan (it is outside the plan's period, or
    still to come: what was held has happened), or None."""
    if date is None:
        return None
    first, last = period_bounds(plan)
    if not first <= date <= last:
        return (
            f"Ngày {format_date_short(date)} ngoài kỳ của kế hoạch "
            f"({format_date_short(first)}–{format_date_short(last)})."
        )
    if date > (today or _dt.date.today()):
        return (
            f"Ngày {format_date_short(date)} chưa tới: chỉ ghi đã tổ chức khi hoạt động đã diễn ra."
        )
    return None


def record_held(
    activity_id: int,
    *,
    status: str,
    date: _dt.date | None = None,
    learners: int | None = None,
    spent: int | None = None,
    note: str = "",
) -> Change:
    """Record what became of an activity: held (with date, learners, spend), postponed or
    cancelled (with why), or back to planned."""
    if status not in ACTIVITY_STATUS_LABELS:
        raise ValueError(f"unknown status {status}")
    if status == ACTIVITY_HELD and date is None:
        raise KehoachError("Đã tổ chức thì cần ngày tổ chức.", "a held activity needs its date")
    if learners is not None:
        learners = check_count("held_learners", learners)
    if spent is not None:
        spent = check_count("held_spent", spent)
    values = {
        "status": status,
        "held_date": date if status == ACTIVITY_HELD else None,
        "held_learners": learners if status == ACTIVITY_HELD else None,
        "held_spent": spent if status == ACTIVITY_HELD else None,
        "held_note": clean_line(note),
    }
    with writing():
        act = Activity.get_by_id(activity_id)
        ensure_current(act.plan_id)
        plan = Plan.get_by_id(act.plan_id)
        outside = held_date_problem(plan, values["held_date"])
        if outside:
            first, last = period_bounds(plan)
            to_come = first <= date <= last  # in the period, so the problem is the date
            raise KehoachError(
                outside,
                f"the date {date} is "
                + ("still to come" if to_come else "outside the plan's period"),
            )
        before = _held_snapshot(act)
        _put_held(activity_id, values)

        def undo() -> None:
            ensure_current(act.plan_id)
            _put_held(activity_id, before)

        def redo() -> None:
            ensure_current(act.plan_id)
            _put_held(activity_id, values)

        stamp = activity_stamp(activity_id)
        return Change("ghi kết quả", undo, redo, {"activity_id": activity_id}, stamp, stamp())


def held_values(activity_id: int) -> dict[str, Any]:
    act = Activity.get_by_id(activity_id)
    return {**_held_snapshot(act), "learners": act.learners, "budget": act.budget}


@dataclass(frozen=True)
class Progress:
    label: str  # "1/2024" or a programme code
    planned: int  # activities
    held: int
    classes_planned: int
    classes_held: int
    learners_planned: int
    learners_held: int
    budget: int
    spent: int


def _progress_columns():
    held = Activity.status == ACTIVITY_HELD
    return (
        fn.COUNT(Activity.id).alias("planned"),
        fn.COALESCE(fn.SUM(Case(None, [(held, 1)], 0)), 0).alias("held"),
        fn.COALESCE(fn.SUM(Activity.classes), 0).alias("classes_planned"),
        fn.COALESCE(fn.SUM(Case(None, [(held, Activity.classes)], 0)), 0).alias("classes_held"),
        fn.COALESCE(fn.SUM(Activity.learners), 0).alias("learners_planned"),
        fn.COALESCE(fn.SUM(Activity.held_learners), 0).alias("learners_held"),
        fn.COALESCE(fn.SUM(Activity.budget), 0).alias("budget"),
        fn.COALESCE(fn.SUM(Activity.held_spent), 0).alias("spent"),
    )


def _progress(label: str, row) -> Progress:
    return Progress(
        label,
        int(row.planned),
        int(row.held),
        int(row.classes_planned),
        int(row.classes_held),
        int(row.learners_planned),
        int(row.learners_held),
        int(row.budget),
        int(row.spent),
    )


def progress_total(plan: Plan) -> Progress:
    row = Activity.select(*_progress_columns()).where(Activity.plan == plan).objects().get()
    return _progress("Cả năm", row)


def _progress_grouped(plan: Plan, column) -> dict:
    """The progress sums of the plan's activities grouped by `column`, keyed by its value."""
    return {
        getattr(r, column.name if column.name != "programme" else "programme_id"): r
        for r in Activity.select(column, *_progress_columns())
        .where(Activity.plan == plan)
        .group_by(column)
        .objects()
    }


def progress_by_month(plan: Plan) -> list[Progress]:
    rows = _progress_grouped(plan, Activity.month)
    out = []
    for year, month in period_months(plan.year, plan.first_month):
        if month in rows:
            out.append(_progress(f"{month}/{year}", rows[month]))
    return out


def progress_by_programme(plan: Plan) -> list[Progress]:
    rows = _progress_grouped(plan, Activity.programme)
    out = []
    for prog in (
        Programme.select().where(Programme.centre == plan.centre_id).order_by(Programme.position)
    ):
        if prog.id in rows:
            out.append(_progress(prog.code, rows[prog.id]))
    if None in rows:
        out.append(_progress("(chưa chọn)", rows[None]))
    return out


def overdue(plan: Plan, today: _dt.date) -> list[Activity]:
    """Planned in a month already past, and not recorded as held, postponed or cancelled."""
    past = [
        m
        for y, m in period_months(plan.year, plan.first_month)
        if (y, m) < (today.year, today.month)
    ]
    if not past:
        return []
    return list(
        Activity.select()
        .where(
            (Activity.plan == plan)
            & (Activity.month.in_(past))
            & (Activity.status == ACTIVITY_PLANNED)
        )
        .order_by(Activity.month, Activity.position)
    )


def not_held(plan: Plan) -> list[Activity]:
    """Everything not held: postponed, cancelled, or still only planned."""
    order = {m: i for i, (_, m) in enumerate(period_months(plan.year, plan.first_month))}
    acts = list(
        Activity.select().where((Activity.plan == plan) & (Activity.status != ACTIVITY_HELD))
    )
    return sorted(acts, key=lambda a: (order[a.month], a.position))


def results_for_next_plan(plan: Plan) -> list[tuple[str, str, int, int]]:
    """Section 3 of next year's plan: per programme, the classes and learners held:
    (code, name, classes, learners). Empty when nothing was recorded as held."""
    rows = (
        Activity.select(
            Activity.programme,
            fn.COALESCE(fn.SUM(Activity.classes), 0).alias("classes"),
            fn.COALESCE(fn.SUM(Activity.held_learners), 0).alias("learners"),
        )
        .where((Activity.plan == plan) & (Activity.status == ACTIVITY_HELD))
        .group_by(Activity.programme)
        .objects()
    )
    found = {r.programme_id: (int(r.classes), int(r.learners)) for r in rows}
    out = []
    for prog in (
        Programme.select().where(Programme.centre == plan.centre_id).order_by(Programme.position)
    ):
        if prog.id in found:
            out.append((prog.code, prog.name, *found[prog.id]))
    return out


STATUS_CHOICES = [
    (ACTIVITY_HELD, ACTIVITY_STATUS_LABELS[ACTIVITY_HELD]),
    (ACTIVITY_POSTPONED, ACTIVITY_STATUS_LABELS[ACTIVITY_POSTPONED]),
    (ACTIVITY_CANCELLED, ACTIVITY_STATUS_LABELS[ACTIVITY_CANCELLED]),
    (ACTIVITY_PLANNED, ACTIVITY_STATUS_LABELS[ACTIVITY_PLANNED]),
]
