"""`kehoach db copy --from FILE_OR_URL --to FILE_OR_URL`: every centre, plan, revision and
audit row of one database into another — a commune's file onto the province's server, or a
server's centres back into a file.

One transaction per centre, in the target: its plans either all arrive or none does. A
centre whose plan for a period and revision is at the target already is refused whole and
reported; the others go on. Ids are the target's own: every reference (a plan's centre, a
row's plan, an activity's programme, an audit row's plan and the record it names) is
mapped to the new rows, and the rows are written in their first order, so the audit trail
reads the same. A centre already at the target (the same commune) gets the new plans; its
villages and programmes are matched by name and code.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from peewee import Database, Model

from .errors import KehoachError
from .models import (
    MODELS,
    Activity,
    Centre,
    ChangeLog,
    Plan,
    PlanEvent,
    PlanItem,
    PlanText,
    Programme,
    ResultLine,
    Signer,
    SurveyLine,
    Village,
)

PLAN_ROWS: list[type[Model]] = [PlanText, PlanItem, ResultLine, SurveyLine, Activity, Signer]


@dataclass
class CentreCopy:
    commune: str
    plans: list[tuple[int, str, int]] = field(default_factory=list)  # (year, kind, revision)
    changes: int = 0
    refused: str = ""  # why not, in English
    refused_vi: str = ""  # … and in Vietnamese

    @property
    def copied(self) -> bool:
        return not self.refused

    def line(self, english: bool = True) -> str:
        """What became of the centre, in English or Vietnamese."""
        n = len(self.plans)
        if english:
            if self.refused:
                return f"{self.commune}: not copied: {self.refused}"
            plans = ", ".join(f"{year} revision {rev}" for year, _kind, rev in self.plans)
            return (
                f"{self.commune}: copied {n} plan{'s' * (n != 1)} ({plans}), "
                f"{self.changes} audit rows"
            )
        if self.refused:
            return f"{self.commune}: không chép: {self.refused_vi or self.refused}"
        plans = ", ".join(f"năm {year} bản {rev}" for year, _kind, rev in self.plans)
        return f"{self.commune}: đã chép {n} kế hoạch ({plans}), {self.changes} dòng nhật ký"


def _same(a: Any, b: Any) -> bool:
    from .server import is_server_url

    if is_server_url(a) or is_server_url(b):
        return str(a) == str(b)
    from pathlib import Path

    pa, pb = Path(a).expanduser(), Path(b).expanduser()
    return pa.exists() and pb.exists() and os.path.samefile(pa, pb)


def _open(where: str, *, create: bool) -> Database:
    from pathlib import Path

    from .db import open_database
    from .server import is_server_url

    return open_database(where if is_server_url(where) else Path(where).expanduser(), create=create)


def _rows(db: Database, model: type[Model], *where: Any) -> list[dict[str, Any]]:
    with db.bind_ctx(MODELS):
        query = model.select()
        if where:
            query = query.where(*where)
        return list(query.order_by(model._meta.primary_key).dicts())


def copy_database(source: str, target: str) -> list[CentreCopy]:
    """Copy every centre of `source` into `target` (made when it is a new file)."""
    if _same(source, target):
        raise KehoachError(
            "Nguồn và đích là cùng một cơ sở dữ liệu.", "--from and --to are the same database"
        )
    src = _open(source, create=False)
    try:
        dst = _open(target, create=True)
        try:
            outcomes = [_copy_centre(src, dst, c) for c in _rows(src, Centre)]
            if outcomes and all(o.copied for o in outcomes):
                _copy_loose_changes(src, dst)
            return outcomes
        finally:
            dst.close()
    finally:
        src.close()


def _target_centre(dst: Database, centre: dict[str, Any]) -> Centre | None:
    from .centres import _bare
    from .vntext import tone_key

    wanted = tone_key(_bare(centre["commune"]))
    for c in Centre.select():
        if tone_key(_bare(c.commune)) == wanted:
            return c
    return None


def _copy_centre(src: Database, dst: Database, centre: dict[str, Any]) -> CentreCopy:
    out = CentreCopy(centre["commune"])
    plans = _rows(src, Plan, Plan.centre == centre["id"])
    plan_ids = [p["id"] for p in plans]
    children = {m: _rows(src, m, m.plan.in_(plan_ids)) for m in PLAN_ROWS} if plan_ids else {}
    events = _rows(src, PlanEvent, PlanEvent.plan.in_(plan_ids)) if plan_ids else []
    changes = _rows(src, ChangeLog, ChangeLog.plan.in_(plan_ids)) if plan_ids else []
    villages = _rows(src, Village, Village.centre == centre["id"])
    programmes = _rows(src, Programme, Programme.centre == centre["id"])
    try:
        with dst.bind_ctx(MODELS), dst.atomic():
            keep = _can_keep_ids(dst)
            found = _target_centre(dst, centre)
            ids: dict[str, dict[int, int]] = {}
            if found is not None:
                there = {
                    (p.year, p.revision)
                    for p in Plan.select(Plan.year, Plan.revision).where(Plan.centre == found.id)
                }
                clash = [p for p in plans if (p["year"], p["revision"]) in there]
                if clash:
                    out.refused = "the target has its " + ", ".join(
                        f"{p['year']} plan revision {p['revision']}" for p in clash
                    )
                    out.refused_vi = "nơi nhận đã có " + ", ".join(
                        f"kế hoạch năm {p['year']} bản {p['revision']}" for p in clash
                    )
                    return out
                ids["centre"] = {centre["id"]: found.id}
                ids["village"] = _merge(Village, villages, found.id, "name")
                ids["programme"] = _merge(Programme, programmes, found.id, "code")
            else:
                ids["centre"] = _put(Centre, [centre], lambda v: v, keep)
                new_centre = ids["centre"][centre["id"]]
                for model, rows in ((Village, villages), (Programme, programmes)):
                    ids[model._meta.table_name] = _put(
                        model, rows, lambda v: v | {"centre": new_centre}, keep
                    )
            new_centre = ids["centre"][centre["id"]]
            ids["plan"] = _put(Plan, plans, lambda v: v | {"centre": new_centre}, keep)
            out.plans = [(p["year"], p["period_kind"], p["revision"]) for p in plans]

            def under_plan(values: dict[str, Any]) -> dict[str, Any]:
                values["plan"] = ids["plan"][values["plan"]]
                if values.get("programme") is not None:
                    values["programme"] = ids["programme"].get(values["programme"])
                return values

            for model, rows in children.items():
                ids[model._meta.table_name] = _put(model, rows, under_plan, keep)
            _put(PlanEvent, events, under_plan, keep)

            def audit(values: dict[str, Any]) -> dict[str, Any]:
                values["record"] = _record(values["table"], values["record"], ids)
                return under_plan(values)

            _put(ChangeLog, changes, audit, keep)
            out.changes = len(changes)
    except KehoachError as exc:  # e.g. the server's policies refuse this role
        out.plans, out.changes = [], 0
        out.refused, out.refused_vi = exc.en, exc.vi
    return out


def _can_keep_ids(dst: Database) -> bool:
    """Are the source's ids kept where the target has them free? Always in a file; on a
    server only for the tables' owner (or a superuser): the policies hide other centres'
    rows from anyone else, and only the owner may move a sequence past the copied ids."""
    from .server import ServerDatabase

    if not isinstance(dst, ServerDatabase):
        return True
    row = dst.execute_sql(
        "SELECT pg_get_userbyid(relowner) = current_user"
        " OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
        " FROM pg_class WHERE oid = 'plan'::regclass"
    ).fetchone()
    return bool(row and row[0])


def _taken(model: type[Model], ids: list[int]) -> bool:
    key = model._meta.primary_key
    return any(
        model.select(key).where(key.in_(ids[i : i + 500])).exists() for i in range(0, len(ids), 500)
    )


def _put(
    model: type[Model],
    rows: list[dict[str, Any]],
    fix: Callable[[dict[str, Any]], dict[str, Any]],
    keep: bool,
) -> dict[int, int]:
    """Insert the source's rows, each changed by `fix` (its references mapped), in their
    order. Their ids are kept when `keep` and none is taken at the target (a new file or
    database reads exactly as the source, the audit trail's numbers too); otherwise each
    gets a new one. Returns old id → new id."""
    if not rows:
        return {}
    old = [r["id"] for r in rows]
    if keep and not _taken(model, old):
        data = [fix(dict(r)) for r in rows]
        for i in range(0, len(data), 200):
            model.insert_many(data[i : i + 200]).execute()
        _past_copied_ids(model)
        return {i: i for i in old}
    return {r["id"]: model.insert(fix({k: v for k, v in r.items() if k != "id"})).execute()
            for r in rows}  # fmt: skip


def _past_copied_ids(model: type[Model]) -> None:
    """On a server, the table's id sequence moved past the ids just written."""
    from .server import ServerDatabase

    db = model._meta.database
    if not isinstance(db, ServerDatabase):
        return  # SQLite gives the next row max(id) + 1 by itself
    table = model._meta.table_name
    seq = db.execute_sql("SELECT pg_get_serial_sequence(%s, 'id')", (f'"{table}"',)).fetchone()[0]
    db.execute_sql(
        f"SELECT setval('{seq}', GREATEST((SELECT COALESCE(MAX(id), 1) FROM \"{table}\"),"
        f" (SELECT last_value FROM {seq})))"
    )


def _merge(
    model: type[Model], rows: list[dict[str, Any]], centre_id: int, key: str
) -> dict[int, int]:
    """The target's village or programme for each of the source's (matched by `key`,
    added at the end of its list when new): old id → new id."""
    from peewee import fn

    have = {getattr(r, key): r.id for r in model.select().where(model.centre == centre_id)}
    last = model.select(fn.MAX(model.position)).where(model.centre == centre_id).scalar() or 0
    out = {}
    for row in rows:
        if row[key] not in have:
            last += 1
            values = {k: v for k, v in row.items() if k != "id"}
            have[row[key]] = model.insert(
                values | {"centre": centre_id, "position": last}
            ).execute()
        out[row["id"]] = have[row[key]]
    return out


RECORD_MODELS: dict[str, type[Model]] = {
    "centre": Centre,
    "plan": Plan,
    "activity": Activity,
    "result_line": ResultLine,
    "survey_line": SurveyLine,
    "programme": Programme,
}


def _record(table: str, record: str, ids: dict[str, dict[int, int]]) -> str:
    """The audit row's record, naming the copied row. A row no longer there (deleted before
    the copy) keeps its number, marked "~" when the target has another row of that number,
    so that it never names a row it is not about."""
    model = RECORD_MODELS.get(table)
    if model is None or not record.isdigit():
        return record
    new = ids.get(table, {}).get(int(record))
    if new is not None:
        return str(new)
    return f"~{record}" if _taken(model, [int(record)]) else record


def _copy_loose_changes(src: Database, dst: Database) -> None:
    """Audit rows whose plan was replaced or deleted (their plan is gone): copied with the
    whole database only, as they belong to no centre any more."""
    rows = _rows(src, ChangeLog, ChangeLog.plan.is_null())
    if not rows:
        return
    with dst.bind_ctx(MODELS), dst.atomic():
        keep = _can_keep_ids(dst)

        def fix(values: dict[str, Any]) -> dict[str, Any]:
            values["record"] = _record(values["table"], values["record"], {})
            return values

        _put(ChangeLog, rows, fix, keep)
