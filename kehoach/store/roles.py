"""Each centre its own rows, on a PostgreSQL server: row-level security.

`kehoach server add-centre NAME --role ROLE` gives a login role one centre: it reads that
centre's rows only — the centre, its villages and programmes, its plans and every table
under a plan (texts, lists, results, survey, activities, signers, status events and the
audit trail) — and writes them as the program does:

- a plan's content (the plan row and every row under it) only while the plan is a draft or
  returned; a submitted or approved revision is read-only, except what was held (the
  activity's held-result columns, on the period's current revision: the year is tracked
  on the approved plan);
- a plan's status only by submitting it (draft or returned → submitted); approving and
  returning are the office's;
- the status events and the audit trail are append-only: a row is added (in the role's own
  name), never changed or deleted, except that a replaced draft's rows move to the draft
  that replaces it (`import --replace`, same centre and period); a plan with audit rows is
  never deleted (its rows would go with it), nor is the centre;
- a programme is added, or deleted while no row uses it; never renamed (its code and name
  print in approved plans).

For every role, a status change is kept only if the same transaction adds the event and
the audit row saying it, and an event, a status row or the approver's signer is written
only in the transaction that changed that plan's status (the table `kehoach_transition`,
written by a trigger only, read by no role, says which). A row under a plan is written with
the plan's row locked, so a submission or an approval waits for it or refuses it.

`kehoach server add-office --role ROLE` gives a role every centre to read, and the approval
steps only: a submitted plan becomes approved or returned (its status and version, the
approving signer, the event and the audit rows of that decision), nothing else.

The rule is the database's own — policies per table and command, column privileges, and
triggers where a rule compares a row before and after — not the program's: the same
statement typed in psql as that role is refused the same way. The helper functions the
policies call resolve names in the tables' schema only (never in the session's temporary
one, where a role could make a `kehoach_role` of its own). Which role is whose is the table
`kehoach_role` (on a server only: a commune's file has no roles). The database's owner (who
ran the first command, and runs these) is not bound by the policies: it copies files in
(`kehoach db copy`) and makes the backups. Running either command again drops every policy
on these tables and puts the current ones back, re-grants every role kehoach knows, and
replaces the functions and triggers: the upgrade path for a database set up by an earlier
version.
"""

from __future__ import annotations

import re

from .errors import KehoachError
from .models import (
    STATUS_APPROVED,
    STATUS_DRAFT,
    STATUS_RETURNED,
    STATUS_SUBMITTED,
    Activity,
    database,
)
from .results import HELD_FIELDS

ROLE_TABLE = "kehoach_role"
CENTRE_TABLES = {
    "centre": "id",
    "village": "centre_id",
    "programme": "centre_id",
    "plan": "centre_id",
}
# every table under a plan: its content, then its history (AUDIT_TABLES)
AUDIT_TABLES = ("plan_event", "change_log")
PLAN_TABLES = (
    "plan_text",
    "plan_item",
    "result_line",
    "survey_line",
    "activity",
    "signer",
    *AUDIT_TABLES,
)
CONTENT_TABLES = tuple(t for t in PLAN_TABLES if t not in AUDIT_TABLES)
WITH_PROGRAMME = ("activity", "result_line", "survey_line")
# what a centre records about an activity on a plan it can no longer edit (store.results)
HELD_COLUMNS = (*HELD_FIELDS, "version")
OPEN = (STATUS_DRAFT, STATUS_RETURNED)  # a plan whose content its centre may change
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

GUARDED = {
    "plan": "kehoach_plan_guard",
    **{t: "kehoach_content_guard" for t in CONTENT_TABLES},
    "activity": "kehoach_activity_guard",
    **{t: "kehoach_audit_guard" for t in AUDIT_TABLES},
}  # the triggers, each named kehoach_guard, and their functions
TRIGGERS = {f"{t}.kehoach_guard" for t in GUARDED} | {
    "plan.kehoach_recorded",
    "plan.kehoach_transition",
}
# which plans' status each transaction changed (or which it made): written by a trigger
# only, read by no role — the rows that record a decision are tied to it through this
TRANSITION_TABLE = "kehoach_transition"
OWN_FUNCTIONS = {
    "kehoach_centre",
    "kehoach_is_office",
    "kehoach_bound",
    "kehoach_locked_status",
    "kehoach_status_recorded",
    "kehoach_note_transition",
    "kehoach_changed_now",
    *GUARDED.values(),
}


_ROLE_TABLE_SETUP = (
    f"""CREATE TABLE IF NOT EXISTS {ROLE_TABLE} (
    role TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('centre', 'office')),
    centre_id INTEGER REFERENCES centre (id) ON DELETE CASCADE,
    CHECK ((kind = 'centre') = (centre_id IS NOT NULL))
)""",
    f"ALTER TABLE {ROLE_TABLE} ENABLE ROW LEVEL SECURITY",
)


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _refuse(message: str, *args: str) -> str:
    """A trigger's refusal: SQLSTATE 42501, as a policy's, so the program shows one line
    (and psql, the same words as a policy's refusal)."""
    params = "".join(f", {a}" for a in args)
    return (
        "RAISE EXCEPTION 'violates kehoach''s row-level security: "
        + message.replace("'", "''")
        + f"'{params}"
        " USING ERRCODE = 'insufficient_privilege';"
    )


def _functions(schema: str) -> list[str]:
    """The helpers the policies call and the triggers. Each resolves names in the tables'
    schema, then pg_temp last: a temporary `kehoach_role` (or `plan`) made by a session is
    never the one read."""
    path = f'SET search_path = "{schema}", pg_temp'
    plan_guard = f"""
CREATE OR REPLACE FUNCTION kehoach_plan_guard() RETURNS trigger LANGUAGE plpgsql {path} AS $$
BEGIN
    IF NOT kehoach_bound(TG_RELID) THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM change_log WHERE plan_id = OLD.id)
                OR EXISTS (SELECT 1 FROM plan_event WHERE plan_id = OLD.id) THEN
            {_refuse("plan % keeps its audit trail and is never deleted", "OLD.id")}
        END IF;
        RETURN OLD;
    END IF;
    IF kehoach_centre() IS NOT NULL AND OLD.status NOT IN ({_in(OPEN)}) THEN
        {_refuse("plan % is %: its centre no longer changes it", "OLD.id", "OLD.status")}
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
            (kehoach_centre() IS NOT NULL AND OLD.status IN ({_in(OPEN)})
                AND NEW.status = '{STATUS_SUBMITTED}')
            OR (kehoach_is_office() AND OLD.status = '{STATUS_SUBMITTED}'
                AND NEW.status IN ('{STATUS_APPROVED}', '{STATUS_RETURNED}'))) THEN
        {_refuse("% may not change a plan from % to %", "current_user", "OLD.status", "NEW.status")}
    END IF;
    RETURN NEW;
END $$"""
    fixed = [
        f"NEW.{f.column_name}"
        for f in Activity._meta.sorted_fields
        if f.column_name not in HELD_COLUMNS and f.column_name != "id"
    ]
    old = [c.replace("NEW.", "OLD.") for c in fixed]
    # a row under a plan is written only while its plan is open, checked on the plan's row
    # locked (FOR SHARE: a submit or an approval waits for this transaction, or this one
    # sees it), so that a change begun on a draft never lands on a plan submitted meanwhile
    opened = f"COALESCE(kehoach_locked_status(%s) IN ({_in(OPEN)}), false)"
    prologue = f"""
    IF NOT kehoach_bound(TG_RELID) OR kehoach_is_office() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF (TG_OP = 'INSERT' OR {opened % "OLD.plan_id"})
            AND (TG_OP = 'DELETE' OR {opened % "NEW.plan_id"}) THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;"""
    plan_of = "CASE WHEN TG_OP = 'INSERT' THEN NEW.plan_id ELSE OLD.plan_id END"
    content_guard = f"""
CREATE OR REPLACE FUNCTION kehoach_content_guard() RETURNS trigger LANGUAGE plpgsql {path} AS $$
BEGIN{prologue}
    {_refuse("plan % is not a draft or returned: its content is kept", plan_of)}
END $$"""
    activity_guard = f"""
CREATE OR REPLACE FUNCTION kehoach_activity_guard() RETURNS trigger LANGUAGE plpgsql {path} AS $$
BEGIN{prologue}
    IF TG_OP <> 'UPDATE' OR NEW.id IS DISTINCT FROM OLD.id
            OR ROW({", ".join(fixed)}) IS DISTINCT FROM ROW({", ".join(old)}) THEN
        {_refuse("plan % is not a draft or returned: only what was held may be recorded", plan_of)}
    END IF;
    IF EXISTS (SELECT 1 FROM plan p JOIN plan q ON q.centre_id = p.centre_id
               AND q.year = p.year AND q.revision > p.revision WHERE p.id = OLD.plan_id) THEN
        {_refuse("plan % has a newer revision: record what was held there", "OLD.plan_id")}
    END IF;
    RETURN NEW;
END $$"""
    audit_guard = f"""
CREATE OR REPLACE FUNCTION kehoach_audit_guard() RETURNS trigger LANGUAGE plpgsql {path} AS $$
BEGIN
    IF NOT kehoach_bound(TG_RELID) OR NEW.plan_id IS NOT DISTINCT FROM OLD.plan_id THEN
        RETURN NEW;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM plan o JOIN plan n ON n.centre_id = o.centre_id
                   AND n.year = o.year AND n.period_kind = o.period_kind
                   WHERE o.id = OLD.plan_id AND n.id = NEW.plan_id
                   AND o.status IN ({_in(OPEN)}) AND n.status = '{STATUS_DRAFT}') THEN
        {_refuse("the audit trail is append-only (a row moves only to the draft replacing its own)")}
    END IF;
    RETURN NEW;
END $$"""
    # a status changed by a role is on record when the transaction ends: the plan's latest
    # event and its latest status row on the audit trail say that very change
    recorded = f"""
CREATE OR REPLACE FUNCTION kehoach_status_recorded() RETURNS trigger LANGUAGE plpgsql
    {path} AS $$
DECLARE
    event_says boolean;
    log_says boolean;
BEGIN
    IF NOT kehoach_bound(TG_RELID) THEN
        RETURN NULL;
    END IF;
    SELECT e.status_before::text = OLD.status::text AND e.status_after::text = NEW.status::text
        INTO event_says FROM plan_event e WHERE e.plan_id = NEW.id ORDER BY e.id DESC LIMIT 1;
    SELECT c.before::text = OLD.status::text AND c.after::text = NEW.status::text
        INTO log_says FROM change_log c WHERE c.plan_id = NEW.id AND c.action = 'status'
        ORDER BY c.id DESC LIMIT 1;
    IF NOT (COALESCE(event_says, false) AND COALESCE(log_says, false)) THEN
        {
        _refuse(
            "plan % went from % to % with no event and audit row saying so",
            "NEW.id",
            "OLD.status",
            "NEW.status",
        )
    }
    END IF;
    RETURN NULL;
END $$"""
    return [
        *_ROLE_TABLE_SETUP,
        # no one but the owner makes objects in the tables' schema (PostgreSQL 15's default)
        f'REVOKE CREATE ON SCHEMA "{schema}" FROM PUBLIC',
        f"""CREATE OR REPLACE FUNCTION kehoach_centre() RETURNS integer LANGUAGE sql STABLE
    {path} AS
    $$ SELECT centre_id FROM {ROLE_TABLE} WHERE role = current_user AND kind = 'centre' $$""",
        f"""CREATE OR REPLACE FUNCTION kehoach_is_office() RETURNS boolean LANGUAGE sql STABLE
    {path} AS
    $$ SELECT EXISTS (SELECT 1 FROM {ROLE_TABLE} WHERE role = current_user AND kind = 'office') $$""",
        # bound by the rules: anyone who is not (a member of) the table's owner
        f"""CREATE OR REPLACE FUNCTION kehoach_bound(rel oid) RETURNS boolean LANGUAGE sql STABLE
    {path} AS
    $$ SELECT NOT pg_has_role(current_user, c.relowner, 'USAGE')
       FROM pg_catalog.pg_class c WHERE c.oid = rel $$""",
        # the plan's status, its row locked until the transaction ends (none: not its own)
        f"""CREATE OR REPLACE FUNCTION kehoach_locked_status(plan integer) RETURNS text
    LANGUAGE sql VOLATILE {path} AS
    $$ SELECT p.status FROM plan p WHERE p.id = plan FOR SHARE $$""",
        "DROP FUNCTION IF EXISTS kehoach_open_plan(integer)",  # an earlier version's
        plan_guard,
        content_guard,
        activity_guard,
        audit_guard,
        recorded,
        f"""CREATE TABLE IF NOT EXISTS {TRANSITION_TABLE} (
    plan_id INTEGER NOT NULL,
    xact BIGINT NOT NULL,
    PRIMARY KEY (plan_id, xact)
)""",
        f"ALTER TABLE {TRANSITION_TABLE} ENABLE ROW LEVEL SECURITY",  # and no policy: no row
        f"REVOKE ALL ON {TRANSITION_TABLE} FROM PUBLIC",
        # the owner's, as a trigger only (a trigger function cannot be called otherwise)
        f"""CREATE OR REPLACE FUNCTION kehoach_note_transition() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
BEGIN
    IF TG_RELID <> '"{schema}".plan'::regclass THEN  -- on a table of someone else's making
        {_refuse("kehoach_note_transition is the plan table's trigger only")}
    END IF;
    IF TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status THEN
        INSERT INTO {TRANSITION_TABLE} VALUES (NEW.id, txid_current()) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$""",
        # no one may put it on a table of their own (a temporary one): it would note any plan
        "REVOKE EXECUTE ON FUNCTION kehoach_note_transition() FROM PUBLIC",
        # did this very transaction make the plan, or change its status?
        f"""CREATE OR REPLACE FUNCTION kehoach_changed_now(plan integer) RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER {path} AS
    $$ SELECT EXISTS (SELECT 1 FROM {TRANSITION_TABLE} t
                      WHERE t.plan_id = plan AND t.xact = txid_current()) $$""",
        'DROP TRIGGER IF EXISTS kehoach_transition ON "plan"',
        'CREATE TRIGGER kehoach_transition AFTER INSERT OR UPDATE OF status ON "plan"'
        " FOR EACH ROW EXECUTE FUNCTION kehoach_note_transition()",
        'DROP TRIGGER IF EXISTS kehoach_recorded ON "plan"',
        'CREATE CONSTRAINT TRIGGER kehoach_recorded AFTER UPDATE OF status ON "plan"'
        " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
        " WHEN (OLD.status IS DISTINCT FROM NEW.status)"
        " EXECUTE FUNCTION kehoach_status_recorded()",
        'DROP TRIGGER IF EXISTS kehoach_guard ON "plan"',
        'CREATE TRIGGER kehoach_guard BEFORE UPDATE OR DELETE ON "plan" FOR EACH ROW'
        " EXECUTE FUNCTION kehoach_plan_guard()",
        *(
            stmt
            for table in CONTENT_TABLES
            for stmt in (
                f'DROP TRIGGER IF EXISTS kehoach_guard ON "{table}"',
                f'CREATE TRIGGER kehoach_guard BEFORE INSERT OR UPDATE OR DELETE ON "{table}"'
                f" FOR EACH ROW EXECUTE FUNCTION {GUARDED[table]}()",
            )
        ),
        *(
            stmt
            for table in AUDIT_TABLES
            for stmt in (
                f'DROP TRIGGER IF EXISTS kehoach_guard ON "{table}"',
                f'CREATE TRIGGER kehoach_guard BEFORE UPDATE ON "{table}" FOR EACH ROW'
                " EXECUTE FUNCTION kehoach_audit_guard()",
            )
        ),
    ]


def _plans_where(condition: str = "") -> str:
    """The ids of the centre's own plans (that also meet `condition`, on plan p)."""
    extra = f" AND {condition}" if condition else ""
    return f"(SELECT p.id FROM plan p WHERE p.centre_id = kehoach_centre(){extra})"


def _rules() -> dict[str, list[tuple[str, str, str | None, str | None]]]:
    """Per table: (policy, command, USING, WITH CHECK). Every policy is permissive: a row
    is reachable by a command when one of the table's policies for it lets it."""
    own = f"plan_id IN {_plans_where()}"
    open_ = f"plan_id IN {_plans_where(f'p.status IN ({_in(OPEN)})')}"
    office = "kehoach_is_office()"
    rules: dict[str, list[tuple[str, str, str | None, str | None]]] = {
        ROLE_TABLE: [("own_row", "SELECT", "role = current_user", None)]
    }
    for table in ("centre", "village", "programme"):
        key = f"{CENTRE_TABLES[table]} = kehoach_centre()"
        delete = key
        if table == "programme":  # its rows' programme would be set to none, on any plan
            delete += "".join(
                f" AND NOT EXISTS (SELECT 1 FROM {t} r WHERE r.programme_id = programme.id)"
                for t in WITH_PROGRAMME
            )
        rules[table] = [
            ("centre_select", "SELECT", key, None),
            ("centre_insert", "INSERT", None, key),
            ("office_select", "SELECT", office, None),
        ]
        if table != "programme":  # a programme's code and name print in approved plans
            rules[table].append(("centre_update", "UPDATE", key, key))
        if table != "centre":  # a centre's rows go with it: never deleted by its role
            rules[table].append(("centre_delete", "DELETE", delete, None))
    plan_key = "centre_id = kehoach_centre()"
    rules["plan"] = [
        ("centre_select", "SELECT", plan_key, None),
        ("centre_insert", "INSERT", None, f"{plan_key} AND status = '{STATUS_DRAFT}'"),
        # any of its own is matched, so that a change to a submitted or approved one is an
        # error (WITH CHECK, or kehoach_plan_guard), not nothing done in silence
        (
            "centre_update",
            "UPDATE",
            plan_key,
            f"{plan_key} AND status IN ({_in((*OPEN, STATUS_SUBMITTED))})",
        ),
        ("centre_delete", "DELETE", f"{plan_key} AND status IN ({_in(OPEN)})", None),
        ("office_select", "SELECT", office, None),
        (
            "office_update",
            "UPDATE",
            f"{office} AND status = '{STATUS_SUBMITTED}'",
            f"{office} AND status IN ('{STATUS_APPROVED}', '{STATUS_RETURNED}')",
        ),
    ]
    own_programme = (
        "(programme_id IS NULL OR programme_id IN"
        " (SELECT g.id FROM programme g WHERE g.centre_id = kehoach_centre()))"
    )
    for table in CONTENT_TABLES:
        check = f"{open_} AND {own_programme}" if table in WITH_PROGRAMME else open_
        rules[table] = [
            ("centre_select", "SELECT", own, None),
            ("centre_insert", "INSERT", None, check),
            ("centre_update", "UPDATE", open_, check),
            ("centre_delete", "DELETE", open_, None),
            ("office_select", "SELECT", office, None),
        ]
    # what was held: on any revision of its own (the trigger keeps every other column)
    held_check = f"{own} AND {own_programme}"
    rules["activity"].append(("centre_held", "UPDATE", own, held_check))
    # the office writes only what goes with the decision it records in that transaction
    approved = f"(SELECT p.id FROM plan p WHERE p.status = '{STATUS_APPROVED}')"
    now = "kehoach_changed_now(plan_id)"
    approver = f"{office} AND role = 'approver' AND plan_id IN {approved} AND {now}"
    rules["signer"] += [
        ("office_insert", "INSERT", None, approver),
        ("office_update", "UPDATE", approver, approver),
    ]
    decided = f"'{STATUS_APPROVED}', '{STATUS_RETURNED}'"
    # the audit trail: rows added, in the role's own name, never changed (but the move of a
    # replaced draft's rows, kehoach_audit_guard) nor deleted
    moved_from = open_
    draft = f"p.status = '{STATUS_DRAFT}'"
    moved_to = f"plan_id IN {_plans_where(draft)}"
    rules["change_log"] = [
        ("centre_select", "SELECT", own, None),
        # on a plan no longer open only what can still happen to it: what was held, and
        # (in that transaction) its submission
        (
            "centre_insert",
            "INSERT",
            None,
            f"{own} AND role = current_user AND (CASE WHEN action = 'status' THEN {now}"
            # what the row says the plan became is what it is now (no approval written
            # beside a submission, nor on a plan made in the same transaction)
            f" AND (\"table\" <> 'plan' OR (plan_id, after) IN"
            f" (SELECT p.id, p.status FROM plan p WHERE p.centre_id = kehoach_centre()))"
            f" ELSE {open_} OR (action = 'edit' AND \"table\" = 'activity'"
            f" AND field IN ({_in(HELD_FIELDS)})) END)",
        ),
        ("centre_update", "UPDATE", moved_from, moved_to),
        ("office_select", "SELECT", office, None),
        (
            "office_insert",
            "INSERT",
            None,
            f"{office} AND role = current_user AND {now} AND ("
            f"(action = 'status' AND \"table\" = 'plan' AND (plan_id, after) IN"
            f" (SELECT p.id, p.status FROM plan p WHERE p.status IN ({decided})))"
            f" OR (\"table\" = 'signer' AND plan_id IN {approved}))",
        ),
    ]
    # an event says what became of its plan: the centre submits (the plan is submitted now)
    # or amends (a new draft); the office approves or returns a submitted plan
    rules["plan_event"] = [
        ("centre_select", "SELECT", own, None),
        (
            "centre_insert",
            "INSERT",
            None,
            f"(action, status_after) IN (('submit', '{STATUS_SUBMITTED}'),"
            f" ('amend', '{STATUS_DRAFT}')) AND (plan_id, status_after) IN"
            f" (SELECT p.id, p.status FROM plan p WHERE p.centre_id = kehoach_centre())"
            f" AND {now}",
        ),
        ("centre_update", "UPDATE", moved_from, moved_to),
        ("office_select", "SELECT", office, None),
        (
            "office_insert",
            "INSERT",
            None,
            f"{office} AND status_before = '{STATUS_SUBMITTED}' AND (action, status_after) IN"
            f" (('approve', '{STATUS_APPROVED}'), ('return', '{STATUS_RETURNED}'))"
            f" AND (plan_id, status_after) IN (SELECT p.id, p.status FROM plan p) AND {now}",
        ),
    ]
    return rules


def _policies(db) -> list[str]:
    """Every policy on the centre's tables dropped (an earlier version's too), the current
    ones made."""
    out = []
    for table, rules in _rules().items():
        out.append(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        found = db.execute_sql(
            "SELECT policyname FROM pg_policies WHERE schemaname = current_schema()"
            " AND tablename = %s",
            (table,),
        ).fetchall()
        out += [f'DROP POLICY "{name}" ON "{table}"' for (name,) in found]
        for name, command, using, check in rules:
            clause = f" USING ({using})" if using else ""
            clause += f" WITH CHECK ({check})" if check else ""
            out.append(f'CREATE POLICY {name} ON "{table}" FOR {command}{clause}')
    return out


def _names(tables) -> str:
    return ", ".join(f'"{t}"' for t in tables)


def _grants(role: str, kind: str, schema: str = "public") -> list[str]:
    """The role's privileges, from nothing: an earlier version's broader ones go."""
    q = f'"{role}"'
    data = [*CENTRE_TABLES, *PLAN_TABLES]
    out = [
        f"REVOKE ALL ON {_names([*data, 'schema_version', ROLE_TABLE, TRANSITION_TABLE])} FROM {q}",
        f'GRANT USAGE ON SCHEMA "{schema}" TO {q}',
        f"GRANT SELECT ON schema_version, {ROLE_TABLE}, {TRANSITION_TABLE} TO {q}",
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO {q}',
        f"GRANT SELECT ON {_names(data)} TO {q}",
    ]
    if kind == "centre":
        writable = [t for t in data if t not in (*AUDIT_TABLES, "centre", "programme")]
        out += [
            f"GRANT INSERT, UPDATE, DELETE ON {_names(writable)} TO {q}",
            # the commune's name is the centre's identity on the server (`--centre`, db
            # copy and add-centre find a centre by it): the owner renames, not the centre
            f'GRANT INSERT, UPDATE ({_centre_columns_but_commune()}) ON "centre" TO {q}',
            f'GRANT INSERT, DELETE ON "programme" TO {q}',
            f"GRANT INSERT, UPDATE (plan_id) ON {_names(AUDIT_TABLES)} TO {q}",
        ]
    else:
        out += [
            f'GRANT UPDATE (status, version) ON "plan" TO {q}',
            f'GRANT INSERT ON "plan_event", "change_log", "signer" TO {q}',
            f'GRANT UPDATE (name, title, authority, heading) ON "signer" TO {q}',
        ]
    return out


def _centre_columns_but_commune() -> str:
    from .models import Centre

    return ", ".join(
        f'"{f.column_name}"' for f in Centre._meta.sorted_fields if f.name not in ("id", "commune")
    )


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


def reapply(db) -> None:
    """The functions, triggers and policies written again, and every role kehoach knows
    granted again, from nothing (inside the caller's transaction): what running a server
    command again does, and what a restored copy is given before it is used."""
    schema = db.execute_sql("SELECT current_schema()").fetchone()[0]
    for statement in _functions(schema):
        db.execute_sql(statement.replace("%", "%%"))  # RAISE's, not parameters
    for statement in _policies(db):
        db.execute_sql(statement)
    known = db.execute_sql(
        f"SELECT k.role, k.kind FROM {ROLE_TABLE} k JOIN pg_roles r ON r.rolname = k.role"
        " ORDER BY k.role"
    ).fetchall()
    for role, kind in known:
        for statement in _grants(role, kind, schema):
            db.execute_sql(statement)


def _apply(db, role: str, kind: str, centre_id: int | None, label: str) -> bool:
    from .server import refused_as

    try:
        with db.atomic():
            for statement in _ROLE_TABLE_SETUP:  # before _ensure_role writes to it
                db.execute_sql(statement)
            created = _ensure_role(db, role, kind, centre_id, label)
            reapply(db)
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
