"""The audit trail: recorded by the store's write primitives, so that every change —
including an undo, a redo, an import or a status change — is on record."""

from __future__ import annotations

import datetime as _dt
import getpass
from decimal import Decimal
from typing import Any

from .models import ChangeLog, Plan


def current_user() -> str:
    """The operating-system user (several officials share one machine over SSH)."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "?"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def record(
    plan_id: int | None,
    action: str,
    table: str,
    record_key: Any = "",
    field: str = "",
    before: Any = None,
    after: Any = None,
) -> None:
    from .server import database_role

    ChangeLog.create(
        user=current_user(),
        role=database_role(),
        plan=plan_id,
        action=action,
        table=table,
        record=str(record_key),
        field=field,
        before=_text(before),
        after=_text(after),
    )


def record_diff(
    plan_id: int | None, table: str, record_key: Any, before: dict[str, Any], after: dict[str, Any]
) -> None:
    """One row per field whose value changed."""
    for key, new in after.items():
        old = before.get(key)
        if _text(old) != _text(new):
            record(plan_id, "edit", table, record_key, key, old, new)


def plan_changes(plan: Plan) -> list[ChangeLog]:
    """The changes of every revision of the plan's period, oldest first."""
    ids = [
        p.id
        for p in Plan.select(Plan.id).where(
            (Plan.centre == plan.centre_id) & (Plan.year == plan.year)
        )
    ]
    return list(ChangeLog.select().where(ChangeLog.plan.in_(ids)).order_by(ChangeLog.id))


def activity_changes(activity_id: int) -> list[ChangeLog]:
    return list(
        ChangeLog.select()
        .where((ChangeLog.table == "activity") & (ChangeLog.record == str(activity_id)))
        .order_by(ChangeLog.id)
    )
