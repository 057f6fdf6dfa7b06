"""Schema versions, recorded in the database as numbered steps.

A new database is created from the current models and recorded at `LATEST`. An older one
is brought up by the steps after its recorded version, all in one transaction, and must
then be exactly what the models create (store/schema.py compares them; nothing to list by
hand). To change the schema: change the model, add `def _step_N(db, migrator)` below using
playhouse.migrate (the models are bound to `db` while it runs), add it to `STEPS`, and
raise `LATEST` to N. A test keeps a version-1 database file and opens it, so a step that
loses data, or leaves the schema other than the models', shows up.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from peewee import Database, PeeweeException, SqliteDatabase

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator

from .errors import KehoachError, is_busy
from .models import HEADER_FIELDS, MODELS, SchemaVersion
from .schema import SchemaProblem

LATEST = 7

Step = Callable[[Database, "SchemaMigrator"], None]


def _step_2(db: Database, migrator: SchemaMigrator) -> None:
    """What was held: each activity's status, date, learners who came, spend, note."""
    from peewee import CharField, DateField, IntegerField, TextField
    from playhouse.migrate import migrate as migrate_ops

    migrate_ops(
        migrator.add_column("activity", "status", CharField(default="planned")),
        migrator.add_column("activity", "held_date", DateField(null=True)),
        migrator.add_column("activity", "held_learners", IntegerField(null=True)),
        migrator.add_column("activity", "held_spent", IntegerField(null=True)),
        migrator.add_column("activity", "held_note", TextField(default="")),
    )


def _step_3(db: Database, migrator: SchemaMigrator) -> None:
    """The audit trail names the database role as well as the user (on a server)."""
    from peewee import CharField
    from playhouse.migrate import migrate as migrate_ops

    migrate_ops(migrator.add_column("change_log", "role", CharField(null=True, default="")))


def _step_4(db: Database, migrator: SchemaMigrator) -> None:
    """The title is two fields (#17): the document type ("KẾ HOẠCH") and the summary (trích
    yếu). The one-line title becomes the summary and is split: "KẾ HOẠCH HOẠT ĐỘNG …" →
    "KẾ HOẠCH" + "HOẠT ĐỘNG …", its words kept as written (the checks flag capitals)."""
    from peewee import CharField
    from playhouse.migrate import migrate as migrate_ops

    from .document import split_title
    from .models import Plan

    migrate_ops(
        migrator.rename_column("plan", "title", "summary"),
        migrator.add_column("plan", "doc_type", CharField(default="KẾ HOẠCH")),
    )
    for plan_id, title in Plan.select(Plan.id, Plan.summary).tuples():
        doc_type, summary = split_title(title or "")
        Plan.update(doc_type=doc_type or "KẾ HOẠCH", summary=summary).where(
            Plan.id == plan_id
        ).execute()


def _step_5(db: Database, migrator: SchemaMigrator) -> None:
    """Ids never reused (every table rebuilt with an AUTOINCREMENT key, rows and ids kept),
    and each submitted or approved revision keeps the header it was submitted with.
    Runs with foreign keys off (migrate), so no rebuild cascades into other tables."""

    from .models import Centre, Plan

    if not isinstance(db, SqliteDatabase):  # a server's serials never reuse an id
        from peewee import TextField
        from playhouse.migrate import migrate as migrate_ops

        migrate_ops(migrator.add_column("plan", "header", TextField(null=True)))
        _keep_headers(Centre, Plan)
        return
    db.execute_sql("PRAGMA legacy_alter_table = ON")  # other tables' references stay put
    try:
        for model in MODELS:
            if model is SchemaVersion:
                continue
            table = model._meta.table_name
            old = [c.name for c in db.get_columns(table)]
            for index in db.get_indexes(table):
                db.execute_sql(f'DROP INDEX "{index.name}"')
            db.execute_sql(f'ALTER TABLE "{table}" RENAME TO "{table}__old"')
            model.create_table(safe=False)
            common = ", ".join(f'"{c}"' for c in model._meta.columns if c in old)
            db.execute_sql(f'INSERT INTO "{table}" ({common}) SELECT {common} FROM "{table}__old"')
            db.execute_sql(f'DROP TABLE "{table}__old"')
    finally:
        db.execute_sql("PRAGMA legacy_alter_table = OFF")
    _keep_headers(Centre, Plan)


def _keep_headers(Centre, Plan) -> None:  # noqa: N803 (the models, passed in)
    import json

    for plan in Plan.select().where(Plan.status.in_(("submitted", "approved"))):
        centre = Centre.get_by_id(plan.centre_id)
        header = {f: getattr(centre, f) for f in HEADER_FIELDS}
        Plan.update(header=json.dumps(header, ensure_ascii=False)).where(
            Plan.id == plan.id
        ).execute()


def _step_6(db: Database, migrator: SchemaMigrator) -> None:
    """On a server, the bounds, plain names and distinct communes held by the server itself
    (store.guards); a commune file is unchanged (its writer is this program)."""
    if not isinstance(db, SqliteDatabase):
        from .guards import apply

        apply(db, 6)


def _step_7(db: Database, migrator: SchemaMigrator) -> None:
    """A status event names the database role too; on a server, the server itself stamps
    every audit row of a role bound by the policies with the time and that role
    (store.guards)."""
    from peewee import CharField
    from playhouse.migrate import migrate as migrate_ops

    # a file coming from before step 5 has it already: step 5 rebuilt it from the model
    if "role" not in {c.name for c in db.get_columns("plan_event")}:
        migrate_ops(migrator.add_column("plan_event", "role", CharField(null=True, default="")))
    if not isinstance(db, SqliteDatabase):
        from .guards import apply

        apply(db, 7)


STEPS: dict[int, Step] = {
    2: _step_2,
    3: _step_3,
    4: _step_4,
    5: _step_5,
    6: _step_6,
    7: _step_7,
}


def current_version(db: Database) -> int | None:
    """The recorded schema version, or None for a database without our tables."""
    if not db.table_exists(SchemaVersion._meta.table_name):
        return None
    row = db.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()
    return row[0] if row and row[0] is not None else 0


def migrate(
    db: Database, before_step: Callable[[int], None] | None = None, *, checked: bool = False
) -> int:
    """Create or upgrade the schema; returns the version now in force.

    An existing file must be one this program made (store/schema.py), else nothing is
    done. An older one is brought up by all the steps after its version in ONE
    transaction, with foreign keys off (a step may rebuild a table others refer to) and
    the result checked against the models before it commits: a step that fails, or a
    result that is not exactly the current schema, leaves the file as it was.
    `before_step(first_step)` is called once, before anything is changed. `checked`: the
    caller has just verified the file read-only (store.db), as it is."""
    from .schema import checked_version, verify

    if not isinstance(db, SqliteDatabase):
        return _migrate_server(db)
    version = current_version(db)
    if version is None:
        tables = db.get_tables()
        if tables:
            raise KehoachError(
                "Tệp này là cơ sở dữ liệu SQLite nhưng không phải của kehoach.",
                "this is an SQLite database, but not a kehoach one",
            )
        with db.atomic():
            db.create_tables(MODELS)
            SchemaVersion.create(version=LATEST)
        return LATEST
    if checked and version == LATEST:
        return LATEST
    version = checked_version(db)
    if version == LATEST:
        return LATEST
    from playhouse.migrate import SchemaMigrator  # only loaded when there is work for it

    if before_step is not None:
        before_step(version + 1)
    migrator = SchemaMigrator.from_database(db)
    db.execute_sql("PRAGMA foreign_keys = OFF")  # no effect inside a transaction: set first
    try:
        with db.bind_ctx(MODELS, bind_refs=False, bind_backrefs=False), db.atomic():
            for step in range(version + 1, LATEST + 1):
                _run_step(db, migrator, step, version)
                db.execute_sql(
                    "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                    (step, _dt.datetime.now()),
                )
            if db.execute_sql("PRAGMA foreign_key_check").fetchone() is not None:
                raise SchemaProblem(
                    "dữ liệu không khớp nhau sau khi nâng cấp",
                    "its records do not hold together after the upgrade",
                )
            verify(db, version)
    finally:
        db.execute_sql("PRAGMA foreign_keys = ON")
    return LATEST


def _run_step(db: Database, migrator: SchemaMigrator, step: int, version: int) -> None:
    """One step, on either backend; a failure is a SchemaProblem (busy stays busy)."""
    try:
        STEPS[step](db, migrator)
    except (PeeweeException, sqlite3.Error, ValueError) as exc:
        if is_busy(exc):
            raise
        raise SchemaProblem(
            f"không nâng cấp được từ phiên bản {version} ({exc})",
            f"it could not be upgraded from schema {version} ({exc})",
        ) from None


def _migrate_server(db: Database) -> int:
    """The same steps on a PostgreSQL server (store.server): a new database is created from
    the models at `LATEST`; an older one is brought up by the steps after its version in one
    transaction (PostgreSQL's DDL is transactional: a failed step leaves it as it was). A
    step must use playhouse.migrate's portable operations to run here too."""
    version = current_version(db)
    if version is None:
        if db.get_tables():
            raise SchemaProblem(
                "cơ sở dữ liệu đã có bảng nhưng không phải của kehoach",
                "it holds tables, but not kehoach's",
            )
        from .guards import apply

        with db.atomic():
            db.create_tables(MODELS)
            apply(db)
            SchemaVersion.create(version=LATEST)
        return LATEST
    if version > LATEST:
        raise SchemaProblem(
            f"do bản kehoach mới hơn tạo (phiên bản {version}); hãy cập nhật chương trình",
            f"it was made by a newer kehoach (schema {version}); upgrade the program",
        )
    if version == LATEST:
        return LATEST
    from playhouse.migrate import SchemaMigrator

    migrator = SchemaMigrator.from_database(db)
    with db.bind_ctx(MODELS, bind_refs=False, bind_backrefs=False), db.atomic():
        for step in range(version + 1, LATEST + 1):
            _run_step(db, migrator, step, version)
            SchemaVersion.create(version=step)
    return LATEST
