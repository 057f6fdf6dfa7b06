"""Every change a person makes to a plan, one transaction each, each with its undo.

Each function here does one change and returns a `Change` that can undo and redo it;
the app keeps them on its undo stack. Values are cleaned (NFC, no control characters) on
the way in. A plan that is submitted or approved refuses every change here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from peewee import fn

from .audit import record, record_diff
from .bounds import check_count, check_plan_numbers
from .db import writing
from .errors import Conflict, KehoachError, gone_error
from .models import (
    STATUS_APPROVED,
    STATUS_LABELS,
    STATUS_SUBMITTED,
    Activity,
    Centre,
    Plan,
    PlanItem,
    PlanText,
    Programme,
    ResultLine,
    Signer,
    SurveyLine,
)
from .vntext import clean, clean_line

ACTIVITY_TEXT_FIELDS = ("content", "target_group", "place", "partner", "note")
ACTIVITY_NUMBER_FIELDS = ("classes", "learners", "budget")
ACTIVITY_FIELDS = ("month", "programme", *ACTIVITY_TEXT_FIELDS, *ACTIVITY_NUMBER_FIELDS)


@dataclass
class Change:
    """A change made; `undo()` takes it back and `redo()` makes it again.

    Undo and redo are changes like any other: `stamp()` reads the versions of what the
    change touched, `expected` is what they were when this session last wrote them. When
    another session has moved the record on (saved over it, deleted it), undo and redo
    are refused with a Conflict instead of overwriting that session's work."""

    label: str
    _undo: Callable[[], Any]
    _redo: Callable[[], Any]
    data: dict[str, Any] = field(default_factory=dict)
    stamp: Callable[[], Any] | None = None
    expected: Any = None

    @property
    def key(self) -> Any:
        """What the change is checked on: ("plan", id) or ("activity", id)."""
        return getattr(self.stamp, "key", None)

    def _run(self, step: Callable[[], Any], verb: str, expected: Any) -> Any:
        expected = self.expected if expected is None else expected
        with writing():
            if self.stamp is not None and self.stamp() != expected:
                raise Conflict(
                    f"Không {verb} được “{self.label}”: người khác vừa sửa hoặc xóa chỗ này; "
                    "đã bỏ bước này.",
                    f"cannot {'undo' if verb == 'hoàn tác' else 'redo'} {self.label!r}: "
                    "another session changed it meanwhile",
                )
            step()
            if self.stamp is not None:
                self.expected = self.stamp()
            return self.expected

    def undo(self, expected: Any = None) -> Any:
        """Take the change back; `expected`: the versions this session last left the
        record at (default: as this change left it). Returns the versions now."""
        return self._run(self._undo, "hoàn tác", expected)

    def redo(self, expected: Any = None) -> Any:
        return self._run(self._redo, "làm lại", expected)


def plan_stamp(plan_id: int) -> Callable[[], Any]:
    """The versions a plan-level change is checked against: the plan's and its centre's
    (the header's names are the centre's, shared by its drafts)."""

    def stamp() -> Any:
        row = (
            Plan.select(Plan.version, Centre.version)
            .join(Centre)
            .where(Plan.id == plan_id)
            .tuples()
            .first()
        )
        return row

    stamp.key = ("plan", plan_id)  # type: ignore[attr-defined]
    return stamp


def activity_stamp(activity_id: int) -> Callable[[], Any]:
    """An activity's version, or None once it is gone."""

    def stamp() -> Any:
        return Activity.select(Activity.version).where(Activity.id == activity_id).scalar()

    stamp.key = ("activity", activity_id)  # type: ignore[attr-defined]
    return stamp


def _reversible(
    label: str,
    plan_id: int,
    put: Callable[[Any], Any],
    before: Any,
    after: Any,
    data: dict[str, Any] | None = None,
    stamp: Callable[[], Any] | None = None,
) -> Change:
    """A change that `put(after)` made: undone by `put(before)`, redone by `put(after)`,
    each refused when the plan has been locked since, or (stamp) when another session
    moved the record on. Call inside the change's transaction: the stamp is read now."""

    def undo() -> None:
        ensure_editable(plan_id)
        put(before)

    def redo() -> None:
        ensure_editable(plan_id)
        put(after)

    stamp = stamp or plan_stamp(plan_id)
    return Change(label, undo, redo, data or {}, stamp, stamp())


def _short(text: str, width: int = 40) -> str:
    """`text` whole if it is short, else cut at a word's end with "…" (never mid-word)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def is_locked(plan: Plan) -> bool:
    """Is the plan (as loaded) submitted or approved, so that it refuses every change?"""
    return plan.status in (STATUS_SUBMITTED, STATUS_APPROVED)


def newer_revision(plan: Plan) -> Plan | None:
    """The latest revision of the same plan (centre, year, period) when `plan` is an older
    one, else None."""
    return (
        Plan.select()
        .where(
            (Plan.centre == plan.centre_id)
            & (Plan.year == plan.year)
            & (Plan.period_kind == plan.period_kind)
            & (Plan.revision > plan.revision)
        )
        .order_by(Plan.revision.desc())
        .first()
    )


def latest_revision_words(newer: Plan) -> str:
    """ "bản mới nhất là bản 2 (đã phê duyệt), mở bằng Ctrl+P." — named by its status, which
    may be approved already (not always the one being edited)."""
    return (
        f"bản mới nhất là bản {newer.revision} ({STATUS_LABELS[newer.status].lower()}), "
        "mở bằng Ctrl+P."
    )


def ensure_editable(plan: Plan | int, expected_version: int | None = None) -> Plan:
    """The plan, fresh from the database, if it may be changed; else a clear refusal.
    `expected_version`: the plan's version when the form was opened — refused if another
    session changed the plan since. Call it inside the write's transaction."""
    plan_id = plan.id if isinstance(plan, Plan) else plan
    plan = Plan.get_or_none(Plan.id == plan_id)
    if plan is None:
        raise gone_error()
    if is_locked(plan):
        label = STATUS_LABELS[plan.status].lower()
        newer = newer_revision(plan)
        if newer is not None:  # an older revision (`--revision N`, the palette): shown only
            raise KehoachError(
                f"Kế hoạch năm {plan.year} bản {plan.revision} {label}, chỉ để xem; "
                + latest_revision_words(newer),
                f"the {plan.year} plan's revision {plan.revision} is {plan.status} and read "
                f"only; the latest is revision {newer.revision} ({newer.status})",
            )
        raise KehoachError(
            f"Kế hoạch năm {plan.year} (bản {plan.revision}) {label}, không sửa được. "
            "Bấm n trên màn Phê duyệt (F5) để lập bản điều chỉnh.",
            f"the {plan.year} plan (revision {plan.revision}) is {plan.status} and cannot be "
            "changed; start an amendment (kehoach plan amend)",
        )
    if expected_version is not None and plan.version != expected_version:
        raise Conflict(
            "Kế hoạch vừa được người khác sửa trong lúc bạn mở; đã tải lại, hãy sửa lại.",
            "someone else changed this plan meanwhile",
        )
    return plan


def _touch(plan_id: int) -> None:
    """A plan-level change: the plan's version moves on (sessions that showed it older
    will be told)."""
    Plan.update(version=Plan.version + 1).where(Plan.id == plan_id).execute()


def _clean_activity_values(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in ACTIVITY_FIELDS:
            raise ValueError(f"unknown activity field {key}")
        if key in ACTIVITY_TEXT_FIELDS:
            value = clean_line(value)
        elif key in ACTIVITY_NUMBER_FIELDS and value is not None:
            value = check_count(key, value)
        elif key == "programme" and isinstance(value, Programme):
            value = value.id
        elif key == "month":
            value = int(value)
            if not 1 <= value <= 12:
                raise KehoachError("Tháng phải từ 1 đến 12.", "month must be 1 to 12")
        out[key] = value
    if "content" in out and not out["content"]:
        raise KehoachError("Chưa nhập nội dung hoạt động.", "the activity has no content")
    return out


def _snapshot(act: Activity) -> dict[str, Any]:
    data = {f: getattr(act, f) for f in ACTIVITY_FIELDS if f != "programme"}
    data["programme"] = act.programme_id
    data["position"] = act.position
    return data


def _last_position(plan_id: int, month: int) -> int:
    return (
        Activity.select(fn.MAX(Activity.position))
        .where((Activity.plan == plan_id) & (Activity.month == month))
        .scalar()
        or 0
    )


def _open_gap(plan_id: int, month: int, position: int) -> None:
    Activity.update(position=Activity.position + 1).where(
        (Activity.plan == plan_id) & (Activity.month == month) & (Activity.position >= position)
    ).execute()


def _close_gap(plan_id: int, month: int, position: int) -> None:
    Activity.update(position=Activity.position - 1).where(
        (Activity.plan == plan_id) & (Activity.month == month) & (Activity.position > position)
    ).execute()


def _insert(plan_id: int, data: dict[str, Any], activity_id: int | None = None) -> Activity:
    data = dict(data)
    position = data.pop("position", None)
    month = data["month"]
    last = _last_position(plan_id, month)
    if position is None or position > last + 1:
        position = last + 1
    else:
        _open_gap(plan_id, month, position)
    extra = {"id": activity_id} if activity_id is not None else {}
    act = Activity.create(plan=plan_id, position=position, **data, **extra)
    record(plan_id, "create", "activity", act.id, "content", None, act.content)
    return act


def _remove(activity_id: int) -> None:
    act = Activity.get_by_id(activity_id)
    record(act.plan_id, "delete", "activity", act.id, "content", act.content, None)
    act.delete_instance()
    _close_gap(act.plan_id, act.month, act.position)


def add_activity(plan: Plan, values: dict[str, Any], position: int | None = None) -> Change:
    """A new activity at the end of its month (or at `position` in it)."""
    data = {"target_group": "", "place": "", "partner": "", "note": ""}
    data.update(_clean_activity_values(values))
    if position is not None:
        data["position"] = position
    with writing():
        plan = ensure_editable(plan)
        act = _insert(plan.id, data)
        new_id = act.id
        snapshot = _snapshot(act)

        def undo() -> None:
            ensure_editable(plan.id)
            _remove(new_id)

        def redo() -> None:
            ensure_editable(plan.id)
            _insert(plan.id, snapshot, new_id)

        stamp = activity_stamp(new_id)
        return Change(
            f"thêm “{_short(act.content)}”", undo, redo, {"activity_id": new_id}, stamp, stamp()
        )


def update_activity(
    activity_id: int, values: dict[str, Any], *, expected_version: int | None = None
) -> Change:
    """Change fields of an activity. `expected_version`: refuse when another session changed
    it since it was shown. Moving to another month puts it at that month's end."""
    clean_values = _clean_activity_values(values)
    with writing():
        act = Activity.get_or_none(Activity.id == activity_id)
        if act is None:
            raise Conflict("Hoạt động này không còn (có thể đã bị xóa).", "the activity is gone")
        ensure_editable(act.plan_id)
        if expected_version is not None and act.version != expected_version:
            raise Conflict(
                "Hoạt động này vừa được người khác sửa; đã tải lại giá trị mới.",
                "someone else changed this activity meanwhile",
            )
        before = _snapshot(act)
        _apply(act, clean_values)
        return _activity_change(act, before)


def _apply(act: Activity, values: dict[str, Any]) -> None:
    before = _snapshot(act)
    new_month = values.get("month", act.month)
    if new_month != act.month:
        _close_gap(act.plan_id, act.month, act.position)
        act.position = _last_position(act.plan_id, new_month) + 1
    for key, value in values.items():
        setattr(act, key if key != "programme" else "programme_id", value)
    act.version += 1
    act.save()
    record_diff(act.plan_id, "activity", act.id, before, _snapshot(act))


def _activity_change(act: Activity, before: dict[str, Any], label: str = "") -> Change:
    """The change just made to `act` (its snapshot `before` it): undone and redone by
    putting a snapshot back, refused when another session moved the activity on; named
    `label`, by default "sửa" and the activity's content."""
    after = _snapshot(Activity.get_by_id(act.id))
    return _reversible(
        label or f"sửa “{_short(after['content'])}”",
        act.plan_id,
        lambda v: _restore(act.id, v),
        before,
        after,
        {"activity_id": act.id},
        activity_stamp(act.id),
    )


def _restore(activity_id: int, snapshot: dict[str, Any]) -> None:
    act = Activity.get_by_id(activity_id)
    before = _snapshot(act)
    data = dict(snapshot)
    position = data.pop("position")
    _close_gap(act.plan_id, act.month, act.position)
    act.position = -1
    act.save()
    _open_gap(act.plan_id, data["month"], position)
    for key, value in data.items():
        setattr(act, key if key != "programme" else "programme_id", value)
    act.position = position
    act.version += 1
    act.save()
    record_diff(act.plan_id, "activity", act.id, before, _snapshot(act))


def delete_activity(activity_id: int) -> Change:
    with writing():
        act = Activity.get_by_id(activity_id)
        ensure_editable(act.plan_id)
        snapshot = _snapshot(act)
        plan_id = act.plan_id
        _remove(activity_id)

        def undo() -> None:
            ensure_editable(plan_id)
            _insert(plan_id, snapshot, activity_id)

        def redo() -> None:
            ensure_editable(plan_id)
            _remove(activity_id)

        stamp = activity_stamp(activity_id)
        return Change(
            f"xóa “{_short(snapshot['content'])}”",
            undo,
            redo,
            {"activity_id": activity_id},
            stamp,
            stamp(),
        )


def move_activity(activity_id: int, *, step: int = 0, month: int | None = None) -> Change | None:
    """Move up (step -1) or down (+1) within its month, or to the end of another month."""
    with writing():
        act = Activity.get_by_id(activity_id)
        ensure_editable(act.plan_id)
        before = _snapshot(act)
        if month is not None and month != act.month:
            _apply(act, {"month": month})
        elif step:
            target = act.position + step
            other = Activity.get_or_none(
                (Activity.plan == act.plan_id)
                & (Activity.month == act.month)
                & (Activity.position == target)
            )
            if other is None:
                return None
            other.position, act.position = act.position, -1
            act.save()
            other.save()
            act.position = target
            act.version += 1
            act.save()
            record(act.plan_id, "edit", "activity", act.id, "position", before["position"], target)
        else:
            return None
        return _activity_change(act, before, "chuyển hoạt động")


def activity_values(activity_id: int) -> dict[str, Any]:
    """The editable fields of an activity (programme as its id), and its version."""
    act = Activity.get_or_none(Activity.id == activity_id)
    if act is None:
        raise gone_error()
    return {**_snapshot(act), "version": act.version}


# --- texts, lists, figures -------------------------------------------------------------


def set_text(plan: Plan, key: str, value: str, *, expected_version: int | None = None) -> Change:
    value = clean(value, multiline=True).strip()
    with writing():
        plan = ensure_editable(plan, expected_version)
        row = PlanText.get_or_none(PlanText.plan == plan, PlanText.key == key)
        before = row.value if row else None
        _put_text(plan.id, key, value)
        return _reversible(
            "sửa văn bản", plan.id, lambda v: _put_text(plan.id, key, v), before, value
        )


def _put_text(plan_id: int, key: str, value: str | None) -> None:
    old = PlanText.get_or_none(PlanText.plan == plan_id, PlanText.key == key)
    if (old.value if old else None) != value:
        record(plan_id, "edit", "plan_text", key, "value", old.value if old else None, value)
    _touch(plan_id)
    PlanText.delete().where((PlanText.plan == plan_id) & (PlanText.key == key)).execute()
    if value is not None:
        PlanText.create(plan=plan_id, key=key, value=value)


def get_items(plan: Plan | int, kind: str) -> list[str]:
    return [
        i.text
        for i in PlanItem.select()
        .where((PlanItem.plan == plan) & (PlanItem.kind == kind))
        .order_by(PlanItem.position)
    ]


def set_items(
    plan: Plan, kind: str, items: list[str], *, expected_version: int | None = None
) -> Change:
    """Replace a text list (one item a line on the texts screen); blank items dropped."""
    items = [clean_line(i) for i in items]
    items = [i for i in items if i]
    with writing():
        plan = ensure_editable(plan, expected_version)
        before = get_items(plan, kind)
        _put_items(plan.id, kind, items)
        return _reversible(
            "sửa danh sách", plan.id, lambda v: _put_items(plan.id, kind, v), before, items
        )


def _put_items(plan_id: int, kind: str, items: list[str]) -> None:
    old = get_items(plan_id, kind)
    if old != items:
        record(plan_id, "edit", "plan_item", kind, "items", "\n".join(old), "\n".join(items))
    _touch(plan_id)
    PlanItem.delete().where((PlanItem.plan == plan_id) & (PlanItem.kind == kind)).execute()
    if items:
        PlanItem.insert_many(
            [
                {"plan": plan_id, "kind": kind, "position": i, "text": t}
                for i, t in enumerate(items, 1)
            ]
        ).execute()


PLAN_FIELDS = {
    "number",
    "doc_code",
    "date",
    "place",
    "doc_type",
    "summary",
    "area_ha",
    "villages_count",
    "households",
    "population",
    "poor_households",
    "near_poor_households",
    "results_classes_written",
    "results_learners_written",
    "survey_topics_written",
    "survey_people_written",
    "goal_classes",
    "goal_topics",
    "goal_participants",
    "goal_target",
}


def set_plan_fields(
    plan: Plan, values: dict[str, Any], *, expected_version: int | None = None
) -> Change:
    """Header fields, commune figures, totals as written, goals."""
    for key in values:
        if key not in PLAN_FIELDS:
            raise ValueError(f"unknown plan field {key}")
    values = {k: clean_line(v) if isinstance(v, str) else v for k, v in values.items()}
    check_plan_numbers(values)
    with writing():
        plan = ensure_editable(plan, expected_version)
        before = {k: getattr(plan, k) for k in values}
        _put_plan_fields(plan.id, values)
        return _reversible(
            "sửa thông tin kế hoạch",
            plan.id,
            lambda v: _put_plan_fields(plan.id, v),
            before,
            values,
        )


def _put_plan_fields(plan_id: int, values: dict[str, Any]) -> None:
    current = Plan.get_by_id(plan_id)
    record_diff(plan_id, "plan", plan_id, {k: getattr(current, k) for k in values}, values)
    Plan.update(**values, version=Plan.version + 1).where(Plan.id == plan_id).execute()


def set_signer(
    plan: Plan, role: str, values: dict[str, str], *, expected_version: int | None = None
) -> Change:
    values = {k: clean(v, multiline=True).strip() for k, v in values.items()}
    with writing():
        plan = ensure_editable(plan, expected_version)
        row = Signer.get_or_none(Signer.plan == plan, Signer.role == role)
        before = {k: getattr(row, k) for k in values} if row else None
        _put_signer(plan.id, role, values)

        def undo() -> None:
            ensure_editable(plan.id)
            if before is None:
                row = Signer.get_or_none(Signer.plan == plan.id, Signer.role == role)
                if row is not None:
                    record(plan.id, "delete", "signer", role, "name", row.name, None)
                    row.delete_instance()
                _touch(plan.id)
            else:
                _put_signer(plan.id, role, before)

        def redo() -> None:
            ensure_editable(plan.id)
            _put_signer(plan.id, role, values)

        stamp = plan_stamp(plan.id)
        return Change("sửa người ký", undo, redo, {}, stamp, stamp())


def _put_signer(plan_id: int, role: str, values: dict[str, str]) -> None:
    row = Signer.get_or_none(Signer.plan == plan_id, Signer.role == role)
    record_diff(
        plan_id, "signer", role, {k: getattr(row, k) for k in values} if row else {}, values
    )
    _touch(plan_id)  # a signers form opened before this is refused on save
    if row is None:
        Signer.create(plan=plan_id, role=role, **values)
    else:
        Signer.update(**values).where(Signer.id == row.id).execute()


# --- survey and prior-year results -----------------------------------------------------

_LINE_MODELS = {"survey": SurveyLine, "results": ResultLine}
_LINE_NUMBERS = {"survey": ("topics", "people"), "results": ("classes", "learners")}


def _line_snapshot(row: Any, kind: str) -> dict[str, Any]:
    a, b = _LINE_NUMBERS[kind]
    return {
        "programme": row.programme_id,
        "label": row.label,
        a: getattr(row, a),
        b: getattr(row, b),
        "position": row.position,
    }


def _line_create(
    plan_id: int, kind: str, values: dict[str, Any], line_id: int | None = None
) -> int:
    model = _LINE_MODELS[kind]
    extra = {"id": line_id} if line_id is not None else {}
    row = model.create(plan=plan_id, **values, **extra)
    record(plan_id, "create", model._meta.table_name, row.id, "label", None, row.label)
    _touch(plan_id)
    return row.id


def _line_update(plan_id: int, kind: str, line_id: int, values: dict[str, Any]) -> None:
    model = _LINE_MODELS[kind]
    before = _line_snapshot(model.get_by_id(line_id), kind)
    model.update(**values).where(model.id == line_id).execute()
    record_diff(plan_id, model._meta.table_name, line_id, before, values)
    _touch(plan_id)


def _line_delete(plan_id: int, kind: str, line_id: int) -> None:
    model = _LINE_MODELS[kind]
    row = model.get_by_id(line_id)
    record(plan_id, "delete", model._meta.table_name, line_id, "label", row.label, None)
    _touch(plan_id)
    row.delete_instance()


def save_line(
    plan: Plan,
    kind: str,
    values: dict[str, Any],
    line_id: int | None = None,
    *,
    expected_version: int | None = None,
) -> Change:
    """Add (line_id None) or change a survey or prior-year result line."""
    model = _LINE_MODELS[kind]
    allowed = {"programme", "label", *_LINE_NUMBERS[kind]}
    values = {k: (clean_line(v) if k == "label" else v) for k, v in values.items() if k in allowed}
    for k in _LINE_NUMBERS[kind]:
        if values.get(k) is not None:
            values[k] = check_count(k, values[k])
    with writing():
        plan = ensure_editable(plan, expected_version)
        if line_id is None:
            last = model.select(fn.MAX(model.position)).where(model.plan == plan).scalar() or 0
            values.setdefault("label", "")
            line_id = _line_create(plan.id, kind, {**values, "position": last + 1})
            before = None
        else:
            before = _line_snapshot(model.get_by_id(line_id), kind)
            _line_update(plan.id, kind, line_id, values)
        after = _line_snapshot(model.get_by_id(line_id), kind)
        rid = line_id

        def undo() -> None:
            ensure_editable(plan.id)
            if before is None:
                _line_delete(plan.id, kind, rid)
            else:
                _line_update(plan.id, kind, rid, before)

        def redo() -> None:
            ensure_editable(plan.id)
            if before is None:
                _line_create(plan.id, kind, after, rid)
            else:
                _line_update(plan.id, kind, rid, after)

        stamp = plan_stamp(plan.id)
        label = "sửa khảo sát" if kind == "survey" else "sửa kết quả"
        return Change(label, undo, redo, {"id": rid}, stamp, stamp())


def delete_line(
    plan: Plan, kind: str, line_id: int, *, expected_version: int | None = None
) -> Change:
    model = _LINE_MODELS[kind]
    with writing():
        plan = ensure_editable(plan, expected_version)
        snapshot = _line_snapshot(model.get_by_id(line_id), kind)
        _line_delete(plan.id, kind, line_id)

        def undo() -> None:
            ensure_editable(plan.id)
            _line_create(plan.id, kind, snapshot, line_id)

        def redo() -> None:
            ensure_editable(plan.id)
            _line_delete(plan.id, kind, line_id)

        stamp = plan_stamp(plan.id)
        return Change("xóa dòng", undo, redo, {}, stamp, stamp())


class UndoStack:
    """The session's changes: undo and redo at least the last `limit`."""

    def __init__(self, limit: int = 100) -> None:
        self.limit = limit
        self.done: list[Change] = []
        self.undone: list[Change] = []
        # the versions this session last left each record at: an undo is refused when the
        # record is no longer there (another session wrote it since)
        self.left: dict[Any, Any] = {}

    def push(self, change: Change | None) -> None:
        if change is None:
            return
        self.done.append(change)
        del self.done[: -self.limit]
        self.undone.clear()
        if change.key is not None:
            self.left[change.key] = change.expected

    def _step(self, source: list[Change], target: list[Change], undo: bool) -> Change | None:
        """The last change of `source` undone (or redone) and moved onto `target`. A locked
        plan or a busy database refuse it and it stays; a Conflict (another session moved
        the record on) refuses it and drops it."""
        if not source:
            return None
        change = source[-1]
        expected = self.left.get(change.key) if change.key is not None else None
        try:
            now = change.undo(expected) if undo else change.redo(expected)
        except Conflict:
            source.pop()
            raise
        if change.key is not None:
            self.left[change.key] = now
        target.append(source.pop())
        return change

    def undo(self) -> Change | None:
        """Undo the last change (see `_step`)."""
        return self._step(self.done, self.undone, undo=True)

    def redo(self) -> Change | None:
        """Redo the last change undone (see `_step`)."""
        return self._step(self.undone, self.done, undo=False)


def parse_result_line(text: str) -> tuple[str, int | None, int | None]:
    """ "Kinh tế: 04 lớp có 354 học viên" → ("Kinh tế", 4, 354)."""
    import re

    from .vntext import ParseError

    line = clean_line(text).lstrip("-+• ").strip()
    m = re.match(r"^(.+?)\s*:\s*([\d.]+)\s*lớp\D*?([\d.]+)\s*(?:học viên|người|lượt)", line, re.I)
    if not m:
        raise ParseError(f"“{line}” chưa đúng dạng “Tên: 04 lớp có 354 học viên”.")
    return m.group(1).strip(), int(m.group(2).replace(".", "")), int(m.group(3).replace(".", ""))


def set_result_lines(
    plan: Plan, lines: list[str], *, expected_version: int | None = None
) -> Change:
    """Replace section 3's lines from "Tên: N lớp có M học viên" texts (one a line)."""
    from .document import programme_code_for_label

    parsed = [parse_result_line(t) for t in lines if clean_line(t)]
    for label, classes, learners in parsed:
        check_count("classes", classes, where=label)
        check_count("learners", learners, where=label)
    with writing():
        plan = ensure_editable(plan, expected_version)
        codes = {p.code: p.id for p in Programme.select().where(Programme.centre == plan.centre_id)}
        before = [
            _line_snapshot(r, "results")
            for r in ResultLine.select()
            .where(ResultLine.plan == plan)
            .order_by(ResultLine.position)
        ]
        after = [
            {
                "programme": codes.get(programme_code_for_label(label, list(codes)) or ""),
                "label": label,
                "classes": classes,
                "learners": learners,
                "position": i,
            }
            for i, (label, classes, learners) in enumerate(parsed, 1)
        ]
        _put_result_lines(plan.id, after)
        return _reversible(
            "sửa kết quả năm trước",
            plan.id,
            lambda v: _put_result_lines(plan.id, v),
            before,
            after,
        )


def _put_result_lines(plan_id: int, rows: list[dict[str, Any]]) -> None:
    old = [
        f"{r.label}: {r.classes} / {r.learners}"
        for r in ResultLine.select().where(ResultLine.plan == plan_id).order_by(ResultLine.position)
    ]
    new = [f"{r['label']}: {r['classes']} / {r['learners']}" for r in rows]
    if old != new:
        record(plan_id, "edit", "result_line", "", "lines", "\n".join(old), "\n".join(new))
    _touch(plan_id)
    ResultLine.delete().where(ResultLine.plan == plan_id).execute()
    for row in rows:
        ResultLine.create(plan=plan_id, **row)


CENTRE_FIELDS = ("parent_body", "issuing_body", "code", "commune", "district", "province")


def set_centre_fields(
    plan: Plan, values: dict[str, str], *, expected_version: int | None = None
) -> Change:
    """The centre's header names, commune and issuer code. They are the centre's, shared by
    its plans in draft; a submitted or approved revision prints the header it was
    submitted with (store.plans.plan_header), so an edit here never changes it."""
    values = {k: clean_line(v) for k, v in values.items() if k in CENTRE_FIELDS}
    if "commune" in values and not values["commune"]:
        raise KehoachError("Chưa nhập tên xã.", "the commune's name is missing")
    with writing():
        plan = ensure_editable(plan, expected_version)
        centre_id = plan.centre_id
        if "commune" in values:
            from .centres import ensure_distinct_commune

            ensure_distinct_commune(values["commune"], centre_id)
        before = {k: getattr(plan.centre, k) for k in values}
        _put_centre(plan.id, centre_id, values)
        return _reversible(
            "sửa đầu văn bản",
            plan.id,
            lambda v: _put_centre(plan.id, centre_id, v),
            before,
            values,
        )


def _put_centre(plan_id: int, centre_id: int, values: dict[str, str]) -> None:
    current = Centre.get_by_id(centre_id)
    # only what changes is written: on a server a centre's role may not write the commune's
    # name (store.roles), which the header form sends back unchanged
    values = {k: v for k, v in values.items() if getattr(current, k) != v}
    record_diff(plan_id, "centre", centre_id, {k: getattr(current, k) for k in values}, values)
    _touch(plan_id)
    if values:
        Centre.update(**values, version=Centre.version + 1).where(Centre.id == centre_id).execute()
