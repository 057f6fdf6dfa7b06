"""Issue 15: two sessions (two real processes) interleave edits, undos, status changes and
replaces on one database at random; after every step nothing approved or submitted has
changed or gone, every change is on record, totals are the sums of the rows, and SQLite's
integrity check passes."""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import REPO, SEED

SESSION = """
import json, sys, traceback
from kehoach.store.db import open_database
from kehoach.store import approval, editing
from kehoach.store.errors import KehoachError
from kehoach.store.models import Activity, Plan
from kehoach.store.plans import find_plan
from kehoach.export.importer import import_file

open_database(sys.argv[1])
stack = editing.UndoStack()
opened = {}  # activity id -> the version its form showed

def current():
    return find_plan(2024)

def do(cmd):
    op = cmd["op"]
    plan = current()
    acts = list(Activity.select().where(Activity.plan == plan).order_by(Activity.id))
    pick = acts[cmd["n"] % len(acts)] if acts else None
    if op == "open" and pick is not None:
        opened.clear()
        opened[pick.id] = pick.version
    elif op == "save":
        for act_id, version in list(opened.items()):
            stack.push(editing.update_activity(
                act_id, {"learners": cmd["value"]}, expected_version=version))
    elif op == "edit" and pick is not None:
        stack.push(editing.update_activity(pick.id, {"learners": cmd["value"], "place": cmd["place"]}))
    elif op == "add":
        stack.push(editing.add_activity(plan, {"month": cmd["n"] % 12 + 1, "content": "Lớp " + str(cmd["value"]), "learners": cmd["value"]}))
    elif op == "delete" and pick is not None:
        stack.push(editing.delete_activity(pick.id))
    elif op == "move" and pick is not None:
        stack.push(editing.move_activity(pick.id, month=cmd["n"] % 12 + 1))
    elif op == "text":
        stack.push(editing.set_text(plan, "closing", "Đoạn " + str(cmd["value"])))
    elif op == "undo":
        stack.undo()
    elif op == "redo":
        stack.redo()
    elif op == "submit":
        approval.submit(plan)
    elif op == "approve":
        approval.approve(plan, name="Lê Văn A", title="Phó trưởng phòng")
    elif op == "return":
        approval.return_plan(plan, "Sửa lại")
    elif op == "amend":
        approval.amend(plan)
    elif op == "replace":
        import_file(cmd["seed"], replace=True)

for line in sys.stdin:
    cmd = json.loads(line)
    try:
        do(cmd)
        out = {"ok": True}
    except KehoachError as exc:
        out = {"refused": str(exc)}
    except Exception:
        out = {"crash": traceback.format_exc()}
    print(json.dumps(out), flush=True)
"""

OPS = ["open", "save", "edit", "edit", "add", "delete", "move", "text", "undo", "undo", "redo"] + [
    "submit",
    "approve",
    "return",
    "amend",
    "replace",
]


def fingerprint(con: sqlite3.Connection, plan_id: int) -> str:
    """Everything a revision prints (not what was held, which is recorded on approved
    plans by design)."""
    parts = [
        con.execute(
            "SELECT id, month, position, content, classes, learners, budget, place, partner, "
            "note, programme_id FROM activity WHERE plan_id = ? ORDER BY id",
            (plan_id,),
        ).fetchall(),
        con.execute(
            "SELECT key, value FROM plan_text WHERE plan_id = ? ORDER BY key", (plan_id,)
        ).fetchall(),
        con.execute(
            "SELECT kind, position, text FROM plan_item WHERE plan_id = ? ORDER BY kind, position",
            (plan_id,),
        ).fetchall(),
        con.execute(
            "SELECT number, doc_code, date, place, doc_type, summary, header FROM plan WHERE id = ?",
            (plan_id,),
        ).fetchall(),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def check(con: sqlite3.Connection, locked: dict[int, str], seen: dict[int, int]) -> None:
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    plans = dict(con.execute("SELECT id, status FROM plan").fetchall())
    # no approved or submitted revision changed or lost
    for plan_id, print_ in locked.items():
        assert plan_id in plans, f"locked revision {plan_id} lost"
        assert fingerprint(con, plan_id) == print_, f"locked revision {plan_id} changed"
    for plan_id, status in plans.items():
        if status in ("submitted", "approved") and plan_id not in locked:
            locked[plan_id] = fingerprint(con, plan_id)
        elif status not in ("submitted", "approved"):
            locked.pop(plan_id, None)  # returned: a draft again
    # every change is on record: the last recorded learners of each edited activity is
    # what it holds, and every activity gone from a living plan has its delete row
    now = dict(con.execute("SELECT id, plan_id FROM activity").fetchall())
    for act_id, learners in con.execute("SELECT id, learners FROM activity"):
        last = con.execute(
            "SELECT after FROM change_log WHERE \"table\" = 'activity' AND record = ? "
            "AND field = 'learners' ORDER BY id DESC LIMIT 1",
            (str(act_id),),
        ).fetchone()
        if last is not None:
            assert last[0] == (None if learners is None else str(learners)), act_id
    for act_id, plan_id in seen.items():
        if act_id not in now and plan_id in plans:
            assert con.execute(
                "SELECT 1 FROM change_log WHERE \"table\" = 'activity' AND record = ? "
                "AND action = 'delete'",
                (str(act_id),),
            ).fetchone(), f"activity {act_id} deleted without a record"
    seen.clear()
    seen.update(now)
    # totals are the sums of the rows
    from kehoach.store.models import Plan
    from kehoach.store.totals import plan_totals

    for plan in Plan.select():
        learners, budget, count = con.execute(
            "SELECT COALESCE(SUM(learners), 0), COALESCE(SUM(budget), 0), COUNT(*) "
            "FROM activity WHERE plan_id = ?",
            (plan.id,),
        ).fetchone()
        t = plan_totals(plan)
        assert (t.learners, t.budget, t.activities) == (learners, budget, count)


@pytest.mark.sqlite_only(reason="two sessions on one SQLite file, read with sqlite3")
@pytest.mark.parametrize("seed", [1501, 1502])
def test_two_sessions_at_random_lose_nothing(demo, db_path, seed):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    sessions = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(SESSION), str(db_path)],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    rng = random.Random(seed)
    con = sqlite3.connect(db_path)
    locked: dict[int, str] = {}
    seen: dict[int, int] = dict(con.execute("SELECT id, plan_id FROM activity").fetchall())
    outcomes: dict[str, int] = {}
    try:
        for step in range(120):
            who = rng.randrange(2)
            cmd = {
                "op": rng.choice(OPS),
                "n": rng.randrange(1000),
                "value": rng.randrange(0, 500),
                "place": rng.choice(["Thôn Bản Hẻ", "Nhà văn hóa", ""]),
                "seed": str(SEED),
            }
            session = sessions[who]
            session.stdin.write(json.dumps(cmd) + "\n")
            session.stdin.flush()
            reply = json.loads(session.stdout.readline())
            assert "crash" not in reply, (step, cmd, reply["crash"])
            key = cmd["op"] + (":ok" if reply.get("ok") else ":refused")
            outcomes[key] = outcomes.get(key, 0) + 1
            check(con, locked, seen)
    finally:
        for session in sessions:
            session.stdin.close()
            session.wait(timeout=60)
        con.close()
    # the run went through the paths it is about, not only refusals
    for op in ("edit", "undo", "submit", "replace"):
        assert outcomes.get(op + ":ok"), outcomes
