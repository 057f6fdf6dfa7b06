"""Schema versions, recorded in the database as numbered steps.

A new database is created from the current models and recorded at `LATEST`. An older one
is brought up by the steps after its recorded version, each step in its own transaction.
To change the schema: change the model, add `def _step_N(db, migrator)` below using
playhouse.migrate, add it to `STEPS`, and raise `LATEST` to N. A test keeps a version-1
database file and opens it, so a step that loses data shows up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from peewee import Database

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator

from .errors import KehoachError
from .models import MODELS, SchemaVersion

LATEST = 2

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


STEPS: dict[int, Step] = {2: _step_2}


def current_version(db: Database) -> int | None:
    """The recorded schema version, or None for a database without our tables."""
    if not db.table_exists(SchemaVersion._meta.table_name):
        return None
    row = SchemaVersion.select(SchemaVersion.version).order_by(SchemaVersion.version.desc()).first()
    return row.version if row else 0


def migrate(db: Database, before_step: Callable[[int], None] | None = None) -> int:
    """Create or upgrade the schema; returns the version now in force."""
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
    if version > LATEST:
        raise KehoachError(
            f"Cơ sở dữ liệu do bản kehoach mới hơn tạo (phiên bản {version}); hãy cập nhật chương trình.",
            f"the database was made by a newer kehoach (schema {version}); upgrade the program",
        )
    if version == LATEST:
        return LATEST
    from playhouse.migrate import SchemaMigrator  # only loaded when there is work for it

    migrator = SchemaMigrator.from_database(db)
    for step in range(version + 1, LATEST + 1):
        if before_step is not None:
            before_step(step)
        with db.atomic():
            STEPS[step](db, migrator)
            SchemaVersion.create(version=step)
    return LATEST
