"""What a PostgreSQL server holds itself, whoever writes (this program or a role in psql):
every count and amount within store.bounds, months 1–12, a known period kind, no control
character in a name, and no two centres whose communes `--centre` cannot tell apart
(see centre_key).

Applied by the migration step that brought them (store.migrations), to a new server
database, and again to a restored copy (store.server), so a copy cannot bring a weaker
function of the same name. The checks are `NOT VALID`: rows already stored are not
re-checked (the readers refuse an out-of-range row in one line), every new or changed row
is. A commune file (SQLite) has no role that writes around the program: there the program's
own checks hold (a CHECK would need every table rebuilt).
"""

from __future__ import annotations

import re
import unicodedata

from .bounds import AREA_HA_MAX, BOUNDS

KEY_FUNCTION = "kehoach_centre_key"
KEY_INDEX = "centre_commune_key"
STAMP_FUNCTION = "kehoach_audit_stamp"
OWN_FUNCTIONS = {KEY_FUNCTION, STAMP_FUNCTION}
AUDIT = ("change_log", "plan_event")
OWN_TRIGGERS = {f"{t}.kehoach_stamp" for t in AUDIT}
AUDIT_STAMPS = 7  # the schema version from which plan_event has its role column
CONTROL = r"[\x01-\x08\x0b-\x1f\x7f-\x9f]"  # C0 and C1 but tab and line feed

TONES = "\u0300\u0301\u0303\u0309\u0323"  # the five tone marks (NFD)
# "xã", "phường", "thị trấn" in NFD
_PREFIX = "^(xa\u0303|phu\u031bo\u031b\u0300ng|thi\u0323 tra\u0302\u0301n) "


def centre_key(commune: str) -> str:
    """The key two centres never share: the commune's name without "xã"/"phường"/"thị
    trấn", case and runs of spaces, its letters apart from its tone marks (which follow, in
    order), so that "Hòa An" and "Hoà An" are one name, "Tân Lập" and "Tân Lấp" two (the
    exact name tells `--centre` which; store.centres). The server computes the same key
    in SQL (KEY_FUNCTION)."""
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFC", commune))
    text = " ".join(text.replace("Đ", "đ").lower().split())
    text = re.sub(_PREFIX, "", text)
    letters = re.sub(f"[{TONES}]", "", text)
    tones = re.sub(f"[^{TONES}]", "", text)
    return f"{letters}|{tones}"


def _range(column: str, top: int | str, low: int = 0) -> str:
    return f"{column} BETWEEN {low} AND {top}"


def checks() -> dict[str, dict[str, str]]:
    """table: {constraint name: condition}."""
    plan_counts = [k for k in BOUNDS if k not in ("classes", "learners", "budget")]
    plan_counts = [k for k in plan_counts if not k.startswith(("held_", "topics", "people"))]
    out: dict[str, dict[str, str]] = {
        "activity": {
            "kehoach_month": _range("month", 12, 1),
            **{
                f"kehoach_{k}": _range(k, BOUNDS[k][0])
                for k in ("classes", "learners", "budget", "held_learners", "held_spent")
            },
        },
        "plan": {
            "kehoach_first_month": _range("first_month", 12, 1),
            "kehoach_period_kind": "period_kind IN ('year', 'school_year')",
            "kehoach_area_ha": _range("area_ha", str(AREA_HA_MAX)),
            **{f"kehoach_{k}": _range(k, BOUNDS[k][0]) for k in plan_counts},
        },
        "result_line": {f"kehoach_{k}": _range(k, BOUNDS[k][0]) for k in ("classes", "learners")},
        "survey_line": {f"kehoach_{k}": _range(k, BOUNDS[k][0]) for k in ("topics", "people")},
    }
    names = {
        "centre": ("commune", "parent_body", "issuing_body", "district", "province", "place_name"),
        "village": ("name",),
        "programme": ("code", "name"),
        "signer": ("name", "title"),
    }
    for table, columns in names.items():
        out.setdefault(table, {}).update(
            {f"kehoach_{c}_plain": f"{c} !~ '{CONTROL}'" for c in columns}
        )
    return out


def _key_sql() -> str:
    tones = "".join(f"\\u{ord(c):04x}" for c in TONES)
    prefix = "".join(c if c.isascii() else f"\\u{ord(c):04x}" for c in _PREFIX)
    text = (
        "btrim(regexp_replace(lower(translate(normalize(normalize(name, NFC), NFD), 'Đ', 'đ')),"
        " '\\s+', ' ', 'g'))"
    )
    text = f"regexp_replace({text}, '{prefix}', '')"
    return (
        f"regexp_replace({text}, '[{tones}]', '', 'g') || '|' "
        f"|| regexp_replace({text}, '[^{tones}]', '', 'g')"
    )


# "%%": psycopg2 formats every statement, even without parameters
_STAMP = f"""
CREATE OR REPLACE FUNCTION {STAMP_FUNCTION}() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog AS $$
BEGIN
  -- the owner (copies, restores) writes what it brings; every other role, the server's
  IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = current_user
                 AND (r.rolsuper OR r.rolbypassrls))
     AND NOT pg_has_role((SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE')
  THEN
    NEW.at := localtimestamp;
    IF coalesce(NEW.role, '') = '' THEN
      NEW.role := current_user;
    ELSIF NEW.role <> current_user THEN
      RAISE EXCEPTION 'an audit row in another role''s name (%%)', NEW.role
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  RETURN NEW;
END $$"""


def apply(db, version: int | None = None) -> bool:
    """Put the function, the unique index and the checks on the server database `db` (the
    owner's connection, in a transaction), as they are at schema `version` (the latest when
    None). Returns False when two centres share a key
    already (then no index is made: the program refuses a new one, and says so)."""
    db.execute_sql(
        f"CREATE OR REPLACE FUNCTION {KEY_FUNCTION}(name text) RETURNS text"
        " LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE"
        f" AS $$ SELECT {_key_sql()} $$"
    )
    from .migrations import LATEST

    if (version or LATEST) >= AUDIT_STAMPS:
        db.execute_sql(_STAMP)
        for table in AUDIT:
            db.execute_sql(f'DROP TRIGGER IF EXISTS kehoach_stamp ON "{table}"')
            db.execute_sql(
                f'CREATE TRIGGER kehoach_stamp BEFORE INSERT ON "{table}" FOR EACH ROW'
                f" EXECUTE FUNCTION {STAMP_FUNCTION}()"
            )
    for table, conditions in checks().items():
        for name, condition in conditions.items():
            db.execute_sql(f'ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS {name}')
            db.execute_sql(
                f'ALTER TABLE "{table}" ADD CONSTRAINT {name} CHECK ({condition}) NOT VALID'
            )
    twice = db.execute_sql(
        f"SELECT 1 FROM centre GROUP BY {KEY_FUNCTION}(commune) HAVING count(*) > 1"
    ).fetchone()
    if twice:
        return False
    db.execute_sql(f"DROP INDEX IF EXISTS {KEY_INDEX}")
    db.execute_sql(f"CREATE UNIQUE INDEX {KEY_INDEX} ON centre ({KEY_FUNCTION}(commune))")
    return True


def ensure_in_range(plan_ids: list[int]) -> None:
    """One line naming the first stored row of these plans that is out of range (a value
    written around the program: psql before the checks, sqlite3 on a file), instead of
    a report that crashes or adds it up; nothing when all are in range. Four queries."""
    from .errors import KehoachError
    from .models import database

    if not plan_ids:
        return
    mark = database.param  # "?" on SQLite, "%s" on a server
    marks = ", ".join(mark for _ in plan_ids)
    for table, conditions in checks().items():
        if table not in ("plan", "activity", "result_line", "survey_line"):
            continue
        key = "id" if table == "plan" else "plan_id"
        ranged = {n[len("kehoach_") :]: c for n, c in conditions.items()}
        which = " ".join(f"WHEN NOT ({c}) THEN '{col}'" for col, c in ranged.items())
        row = database.execute_sql(
            f'SELECT id, {key}, CASE {which} END FROM "{table}" WHERE {key} IN ({marks})'
            f" AND NOT ({' AND '.join(f'({c})' for c in ranged.values())}) LIMIT 1",
            plan_ids,
        ).fetchone()
        if row is None:
            continue
        row_id, plan_id, column = row
        value = database.execute_sql(
            f'SELECT "{column}" FROM "{table}" WHERE id = {mark}',
            (row_id,),
        ).fetchone()[0]
        raise KehoachError(
            f"Kế hoạch (mã {plan_id}) có giá trị ngoài khoảng mà chương trình không bao giờ "
            f"ghi: bảng {table}, dòng {row_id}, {column} = {value}; sửa dòng đó hoặc khôi phục "
            "một bản sao.",
            f"the plan (id {plan_id}) holds a value the program never writes: {table} row "
            f"{row_id}, {column} = {value}; correct that row or restore a copy",
        )
