"""Each centre its own rows, on a PostgreSQL server: row-level security.

`kehoach server add-centre NAME --role ROLE` gives a login role one centre: it reads and
writes that centre's rows only — the centre, its villages and programmes, its plans and
every table under a plan (texts, lists, results, survey, activities, signers, status events
and the audit trail). `kehoach server add-office --role ROLE` gives a role every centre to
read, and the approval steps only: a submitted plan becomes approved or returned (its
status and version, the approving signer, the event and the audit rows), nothing else.

The rule is the database's own (policies on every such table, column privileges), not the
program's: the same statement typed in psql as that role sees the same rows. Which role is
whose is the table `kehoach_role` (on a server only: a commune's file has no roles). The
database's owner (who ran the first command, and runs these) is not bound by the policies:
it copies files in (`kehoach db copy`) and makes the backups. Running either command again
puts the policies back on every table (after an upgrade that added one, say).
"""

from __future__ import annotations

import re

from .errors import KehoachError
from .models import STATUS_APPROVED, STATUS_RETURNED, STATUS_SUBMITTED, database

ROLE_TABLE = "kehoach_role"
# the functions keep the search path they were made with: pg_dump runs with an empty one
CENTRE_TABLES = {
    "centre": "id",
    "village": "centre_id",
    "programme": "centre_id",
    "plan": "centre_id",
}
PLAN_TABLES = (
    "plan_text",
    "plan_item",
    "result_line",
    "survey_line",
    "activity",
    "signer",
    "plan_event",
    "change_log",
)
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

_SETUP = f"""
CREATE TABLE IF NOT EXISTS {ROLE_TABLE} (
    role TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('centre', 'office')),
    centre_id INTEGER REFERENCES centre (id) ON DELETE CASCADE,
    CHECK ((kind = 'centre') = (centre_id IS NOT NULL))
);
ALTER TABLE {ROLE_TABLE} ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own_row ON {ROLE_TABLE};
CREATE POLICY own_row ON {ROLE_TABLE} FOR SELECT USING (role = current_user);
CREATE OR REPLACE FUNCTION kehoach_centre() RETURNS integer LANGUAGE sql STABLE
    SET search_path FROM CURRENT AS
    $$ SELECT centre_id FROM {ROLE_TABLE} WHERE role = current_user AND kind = 'centre' $$;
CREATE OR REPLACE FUNCTION kehoach_is_office() RETURNS boolean LANGUAGE sql STABLE
    SET search_path FROM CURRENT AS
    $$ SELECT EXISTS (SELECT 1 FROM {ROLE_TABLE} WHERE role = current_user AND kind = 'office') $$;
"""


def _policies() -> list[str]:
    """Every table holding a centre's data: the centre role's rows, the office's reading."""
    out = []
    own_plans = "plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre())"
    keys = {t: f"{col} = kehoach_centre()" for t, col in CENTRE_TABLES.items()}
    keys.update({t: own_plans for t in PLAN_TABLES})
    for table, own in keys.items():
        # a centre never writes an approval: that is the office's (below)
        check = f"{own} AND status <> '{STATUS_APPROVED}'" if table == "plan" else own
        out += [
            f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
            f'DROP POLICY IF EXISTS centre_rows ON "{table}"',
            f'CREATE POLICY centre_rows ON "{table}" USING ({own}) WITH CHECK ({check})',
            f'DROP POLICY IF EXISTS office_reads ON "{table}"',
            f'CREATE POLICY office_reads ON "{table}" FOR SELECT USING (kehoach_is_office())',
        ]
    decided = f"'{STATUS_APPROVED}', '{STATUS_RETURNED}'"
    office_writes = {
        ("plan", "UPDATE"): (
            f"kehoach_is_office() AND status = '{STATUS_SUBMITTED}'",
            f"kehoach_is_office() AND status IN ({decided})",
        ),
        ("plan_event", "INSERT"): (None, "kehoach_is_office() AND action IN ('approve', 'return')"),
        ("change_log", "INSERT"): (
            None,
            "kehoach_is_office() AND plan_id IS NOT NULL AND "
            "(action = 'status' OR \"table\" = 'signer')",
        ),
        ("signer", "INSERT"): (None, "kehoach_is_office() AND role = 'approver'"),
        ("signer", "UPDATE"): (
            "kehoach_is_office() AND role = 'approver'",
            "kehoach_is_office() AND role = 'approver'",
        ),
    }
    for (table, command), (using, check) in office_writes.items():
        name = f"office_{command.lower()}"
        out.append(f'DROP POLICY IF EXISTS {name} ON "{table}"')
        clause = f" USING ({using})" if using else ""
        out.append(f'CREATE POLICY {name} ON "{table}" FOR {command}{clause} WITH CHECK ({check})')
    return out


def _grants(role: str, kind: str) -> list[str]:
    q = f'"{role}"'
    data = [*CENTRE_TABLES, *PLAN_TABLES]
    tables = ", ".join(f'"{t}"' for t in data)
    out = [
        f"GRANT USAGE ON SCHEMA public TO {q}",
        f"GRANT SELECT ON schema_version, {ROLE_TABLE} TO {q}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {q}",
    ]
    if kind == "centre":
        out.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {q}")
    else:
        out += [
            f"REVOKE INSERT, UPDATE, DELETE ON {tables} FROM {q}",
            f"GRANT SELECT ON {tables} TO {q}",
            f'GRANT UPDATE (status, version) ON "plan" TO {q}',
            f'GRANT INSERT ON "plan_event", "change_log", "signer" TO {q}',
            f'GRANT UPDATE (name, title, authority, heading) ON "signer" TO {q}',
        ]
    return out


def _need_server():
    from .server import ServerDatabase

    db = database.obj
    if not isinstance(db, ServerDatabase):
        raise KehoachError(
            "Lệnh server chỉ dùng với cơ sở dữ liệu trên máy chủ (--db postgresql://…).",
            "the server commands need a database on a server (--db postgresql://…)",
        )
    return db


def _check_role_name(role: str) -> None:
    if not _ROLE_NAME.match(role):
        raise KehoachError(
            f"Tên vai trò “{role}” không hợp lệ: chữ thường không dấu, số và _.",
            f"“{role}” is not a role name kehoach makes: lowercase letters, digits and _",
        )


def _ensure_role(db, role: str, kind: str, centre_id: int | None, label: str) -> bool:
    """Create the login role if there is none; refuse one the policies cannot bind (a
    superuser, one that bypasses row security, the owner running this) or one that is
    another centre's or the office's already. True when the role was created."""
    owner = db.execute_sql("SELECT current_user").fetchone()[0]
    if role == owner:
        raise KehoachError(
            f"“{role}” là chủ cơ sở dữ liệu; chọn một vai trò khác.",
            f"“{role}” owns the database and is not bound by the policies; choose another role",
        )
    found = db.execute_sql(
        "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = %s", (role,)
    ).fetchone()
    if found and found[0]:
        raise KehoachError(
            f"“{role}” là siêu người dùng, không bị giới hạn theo trung tâm.",
            f"“{role}” is a superuser or bypasses row security: no policy binds it",
        )
    mapped = db.execute_sql(
        f"SELECT kind, centre_id FROM {ROLE_TABLE} WHERE role = %s", (role,)
    ).fetchone()
    if mapped is not None and tuple(mapped) != (kind, centre_id):
        raise KehoachError(
            f"Vai trò “{role}” đã được gán cho nơi khác.",
            f"the role “{role}” is given to another centre or to the office already",
        )
    if not found:
        db.execute_sql(f'CREATE ROLE "{role}" LOGIN')
    if mapped is None:
        db.execute_sql(
            f"INSERT INTO {ROLE_TABLE} (role, kind, centre_id) VALUES (%s, %s, %s)",
            (role, kind, centre_id),
        )
    return not found


def _apply(db, role: str, kind: str, centre_id: int | None, label: str) -> bool:
    from .server import refused_as

    try:
        with db.atomic():
            for statement in _SETUP.split(";\n"):
                if statement.strip():
                    db.execute_sql(statement)
            created = _ensure_role(db, role, kind, centre_id, label)
            for statement in [*_policies(), *_grants(role, kind)]:
                db.execute_sql(statement)
    except KehoachError:
        raise
    except Exception as exc:  # not the owner, no CREATEROLE: the server's own words
        refused = refused_as(exc)
        if refused is None:
            raise
        raise refused from None
    return created


def add_centre(name: str, role: str) -> tuple[str, bool]:
    """Give `role` (created as a login role when new) the centre of commune `name`, and
    only it. Returns the commune's name and whether the role was created."""
    from .centres import find_centre

    db = _need_server()
    _check_role_name(role)
    centre = find_centre(name)
    return centre.commune, _apply(db, role, "centre", centre.id, centre.commune)


def add_office(role: str) -> bool:
    """Give `role` every centre to read and the approval steps to write."""
    db = _need_server()
    _check_role_name(role)
    return _apply(db, role, "office", None, "office")
