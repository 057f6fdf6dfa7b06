"""Issue 15, "Nothing lost": replacing, amending, undoing and two sessions at once keep
every plan and revision. Two sessions are two real processes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from kehoach.store import approval, editing
from kehoach.store.errors import Conflict, FieldProblem, KehoachError
from kehoach.store.models import Activity, ChangeLog, Plan
from tests.command import REPO, cli_env
from tests.command import run as run_cli
from tests.conftest import SEED

# what is checked here is read from the SQLite file itself (and SQLite's BEGIN IMMEDIATE)
pytestmark = pytest.mark.sqlite_only(reason="two sessions on one SQLite file")


def cli(*args, db) -> subprocess.CompletedProcess:
    return run_cli(*args, "--db", db)


def cli_at_once(db, folder, *commands: list[str]) -> list[subprocess.CompletedProcess]:
    """Start each command in its own process; all wait at a barrier, then go together."""
    code = textwrap.dedent(
        """
        import pathlib, sys, time
        folder, name = pathlib.Path(sys.argv[1]), sys.argv[2]
        (folder / ("ready-" + name)).touch()
        while not (folder / "go").exists():
            time.sleep(0.002)
        from kehoach.tui.cli import main
        sys.exit(main(sys.argv[3:]))
        """
    )
    for stale in folder.glob("ready-*"):
        stale.unlink()
    (folder / "go").unlink(missing_ok=True)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(folder), str(i), *cmd, "--db", str(db)],
            cwd=REPO,
            env=cli_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, cmd in enumerate(commands)
    ]
    deadline = time.time() + 60
    while len(list(folder.glob("ready-*"))) < len(commands):
        assert time.time() < deadline
        time.sleep(0.01)
    (folder / "go").touch()
    out = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=120)
        out.append(subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr))
    return out


def rows(db, sql, *args):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


# --- 2. import --replace never deletes a submitted or approved revision ------------------


def test_replace_after_an_amendment_keeps_the_approved_revision(demo_db):
    assert cli("plan", "submit", db=demo_db).returncode == 0
    assert cli("plan", "approve", "--by", "A", "--title", "B", db=demo_db).returncode == 0
    assert cli("plan", "amend", db=demo_db).returncode == 0
    result = cli("import", SEED, "--replace", db=demo_db)
    assert result.returncode == 0, result.stderr
    assert rows(demo_db, "SELECT revision, status FROM plan ORDER BY revision") == [
        (1, "approved"),
        (2, "draft"),
    ]
    # the approval history is whole, and the replacement is on the audit trail
    actions = [a for (a,) in rows(demo_db, "SELECT action FROM plan_event ORDER BY id")]
    assert actions == ["submit", "approve", "amend"]
    log = " ".join(cli("log", db=demo_db).stdout.split())  # lines wrap at 80 columns
    assert "bản 2 (Dự thảo), 24 hoạt động" in log
    assert cli("export", "text", "--year", "2024", "-o", "-", db=demo_db).returncode == 0


def test_replace_of_a_submitted_or_approved_plan_is_refused(demo_db):
    assert cli("plan", "submit", db=demo_db).returncode == 0
    assert cli("plan", "approve", "--by", "A", "--title", "B", db=demo_db).returncode == 0
    result = cli("import", SEED, "--replace", db=demo_db)
    assert result.returncode == 1 and "amend" in result.stderr
    assert rows(demo_db, "SELECT revision, status FROM plan") == [(1, "approved")]


# --- 3. every check runs inside its write's transaction ---------------------------------


def test_two_concurrent_amends_make_exactly_one_revision_2(demo_db, tmp_path):
    assert cli("plan", "submit", db=demo_db).returncode == 0
    assert cli("plan", "approve", "--by", "A", "--title", "B", db=demo_db).returncode == 0
    original = demo_db.read_bytes()
    for run in range(10):
        db = tmp_path / f"run{run}.db"
        db.write_bytes(original)
        results = cli_at_once(db, tmp_path, ["plan", "amend"], ["plan", "amend"])
        codes = sorted(r.returncode for r in results)
        assert codes == [0, 1], [(r.returncode, r.stderr) for r in results]
        refused = next(r for r in results if r.returncode == 1)
        assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
        assert rows(db, "SELECT revision, status FROM plan ORDER BY revision") == [
            (1, "approved"),
            (2, "draft"),
        ]


def test_a_submit_racing_a_replace_never_ends_in_a_replaced_submitted_plan(demo_db, tmp_path):
    original = demo_db.read_bytes()
    outcomes = set()
    for run in range(6):
        db = tmp_path / f"race{run}.db"
        db.write_bytes(original)
        first_id = rows(db, "SELECT id FROM plan")[0][0]
        submit, replace = cli_at_once(
            db, tmp_path, ["plan", "submit"], ["import", str(SEED), "--replace"]
        )
        for r in (submit, replace):
            assert "Traceback" not in r.stderr, r.stderr
        plans = rows(db, "SELECT id, status FROM plan")
        assert len(plans) == 1
        ((plan_id, status),) = plans
        if replace.returncode == 0:
            # the replace came first: the submitted plan (if any) is the new one
            assert plan_id != first_id
            outcomes.add("replaced")
        else:
            # the submit came first: the replace was refused, the plan untouched
            assert (plan_id, status) == (first_id, "submitted"), replace.stderr
            outcomes.add("refused")
        # a submission on record belongs to a plan still there and still submitted
        for (sub_plan,) in rows(db, "SELECT plan_id FROM plan_event WHERE action = 'submit'"):
            assert (sub_plan, "submitted") in plans
    assert outcomes  # at least one run ran; both orders are legal


# --- 4. undo carries the version it expects ----------------------------------------------

OTHER_SESSION_SAVES = """
import sys
from kehoach.store.db import open_database
from kehoach.store import editing
from kehoach.store.models import Activity
open_database(sys.argv[1])
act = Activity.get_by_id(int(sys.argv[2]))
editing.update_activity(act.id, {"learners": int(sys.argv[3])}, expected_version=act.version)
"""


def other_session(code: str, *args) -> None:
    subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *map(str, args)],
        cwd=REPO,
        env=cli_env(),
        check=True,
        timeout=60,
    )


def test_undo_never_overwrites_another_sessions_save(demo, db_path):
    act = Activity.get((Activity.month == 1) & (Activity.position == 1))
    assert act.learners == 88
    stack = editing.UndoStack()
    stack.push(editing.update_activity(act.id, {"learners": 100}, expected_version=act.version))
    other_session(OTHER_SESSION_SAVES, db_path, act.id, 555)
    with pytest.raises(Conflict):
        stack.undo()
    assert Activity.get_by_id(act.id).learners == 555
    assert stack.done == []  # the step is dropped: a second ctrl+z does not try again
    assert stack.undo() is None


def test_undo_and_redo_of_own_changes_still_work_in_sequence(demo):
    act = Activity.get((Activity.month == 1) & (Activity.position == 1))
    stack = editing.UndoStack()
    stack.push(editing.update_activity(act.id, {"learners": 100}))
    stack.push(editing.update_activity(act.id, {"learners": 101}))
    stack.push(editing.move_activity(act.id, step=1))
    for _ in range(3):
        stack.undo()
    assert (Activity.get_by_id(act.id).learners, Activity.get_by_id(act.id).position) == (88, 1)
    for _ in range(3):
        stack.redo()
    assert (Activity.get_by_id(act.id).learners, Activity.get_by_id(act.id).position) == (101, 2)


def test_undo_of_a_row_another_session_deleted_is_refused_cleanly(demo, db_path):
    act = Activity.get((Activity.month == 1) & (Activity.position == 1))
    stack = editing.UndoStack()
    stack.push(editing.update_activity(act.id, {"learners": 100}))
    con = sqlite3.connect(db_path)
    con.execute("DELETE FROM activity WHERE id = ?", (act.id,))
    con.commit()
    con.close()
    with pytest.raises(Conflict):
        stack.undo()
    assert stack.done == []


# --- 5. a form opened before another session's save is refused ----------------------------

OTHER_SESSION_SIGNS = """
import sys
from kehoach.store.db import open_database
from kehoach.store import forms
from kehoach.store.models import Plan
open_database(sys.argv[1])
plan = Plan.get()
forms.save_signers(plan, {"director__name": "Người Khác"}, expected_version=plan.version)
"""


def test_a_stale_signers_form_is_refused(demo, db_path):
    from kehoach.store import forms

    plan = Plan.get()
    opened = plan.version
    other_session(OTHER_SESSION_SIGNS, db_path)
    with pytest.raises(Conflict):
        forms.save_signers(plan, {"director__name": "Tôi"}, expected_version=opened)
    from kehoach.store.models import Signer

    assert Signer.get(Signer.role == "director").name == "Người Khác"


@pytest.mark.parametrize(
    "save",
    [
        lambda p, v: editing.set_text(p, "closing", "x", expected_version=v),
        lambda p, v: editing.set_items(p, "solution", ["x"], expected_version=v),
        lambda p, v: editing.set_plan_fields(p, {"households": 1}, expected_version=v),
        lambda p, v: editing.set_signer(p, "director", {"name": "x"}, expected_version=v),
        lambda p, v: editing.set_centre_fields(p, {"commune": "X"}, expected_version=v),
        lambda p, v: editing.save_line(p, "survey", {"label": "x"}, expected_version=v),
        lambda p, v: editing.set_result_lines(
            p, ["Kinh tế: 1 lớp có 2 học viên"], expected_version=v
        ),
    ],
    ids=["text", "list", "figures", "signer", "centre", "survey", "results"],
)
def test_every_plan_level_form_is_refused_when_the_plan_changed(demo, save):
    plan = Plan.get()
    opened = plan.version
    editing.set_signer(plan, "director", {"name": "Người Khác"})  # another save meanwhile
    with pytest.raises(Conflict):
        save(plan, opened)


# --- 6. demo never replaces a real database ----------------------------------------------


def test_demo_refuses_a_real_tan_huong_database_unless_forced(tmp_path, db, db_path):
    from kehoach.export.importer import load_demo

    plan = load_demo()  # a real database of the same commune: not written by `demo`
    approval.approve(approval.submit(plan), name="A", title="B")
    db.close()
    before = db_path.read_bytes()
    result = cli("demo", "--no-open", db=db_path)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "--force" in result.stderr
    assert db_path.read_bytes() == before
    forced = cli("demo", "--no-open", "--force", db=db_path)
    assert forced.returncode == 0, forced.stderr
    kept = forced.stdout.split(" is kept in ")[1].split("\n")[0]
    assert rows(kept, "SELECT status FROM plan") == [("approved",)]
    assert rows(db_path, "SELECT status FROM plan") == [("draft",)]
    # the file demo wrote is its own: replaced again without --force
    assert cli("demo", "--no-open", db=db_path).returncode == 0


# --- 8. every change is on record; ids are never reused ---------------------------------


def test_programmes_added_and_removed_are_on_record(demo):
    from kehoach.store.programmes import add_programme, remove_programme

    plan = Plan.get()
    add_programme(plan, "TH", "Tin học")
    remove_programme(plan, "TH")
    got = [
        (c.action, c.before, c.after)
        for c in ChangeLog.select().where(ChangeLog.table == "programme")
    ]
    assert got == [("create", None, "TH Tin học"), ("delete", "TH Tin học", None)]


def test_ids_are_never_reused(demo):
    plan = Plan.get()
    last = Activity.select().order_by(Activity.id.desc()).first()
    editing.update_activity(last.id, {"place": "Nơi cũ"})
    editing.delete_activity(last.id)
    change = editing.add_activity(plan, {"month": 12, "content": "Mới"})
    new_id = change.data["activity_id"]
    assert new_id > last.id
    from kehoach.store.audit import activity_changes

    assert [c.action for c in activity_changes(new_id)] == ["create"]


# --- 9. numbers have bounds at every way in ----------------------------------------------


@pytest.mark.parametrize("value", ["9223372036854775807", "999999999999999999999"])
def test_an_import_with_an_absurd_number_is_refused_naming_the_cell(tmp_path, value):
    text = SEED.read_text(encoding="utf-8")
    lines = text.splitlines()
    # the first activity row's learners (88) becomes the absurd value
    for i, line in enumerate(lines):
        if "| 88 |" in line or "|88|" in line.replace(" ", ""):
            lines[i] = line.replace("88", value, 1)
            break
    else:
        pytest.fail("no row with 88 learners in the seed")
    path = tmp_path / "bad.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    db = tmp_path / "k.db"
    result = cli("import", path, db=db)
    assert result.returncode == 1, result.stdout
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "learners" in result.stderr and "tháng 1, dòng 1" in result.stderr
    assert rows(db, "SELECT COUNT(*) FROM plan") == [(0,)]


@pytest.mark.parametrize("value", [-5, 10**30, 100_001, 1.5, float("inf"), "1,5", "1e309"])
def test_out_of_range_activity_numbers_are_refused_in_the_store(demo, value):
    act = Activity.get((Activity.month == 1) & (Activity.position == 1))
    with pytest.raises(FieldProblem) as info:
        editing.update_activity(act.id, {"learners": value})
    assert info.value.field == "learners"
    assert Activity.get_by_id(act.id).learners == 88


def test_held_and_plan_figures_have_bounds_too(demo):
    from kehoach.store.results import record_held

    act = Activity.get((Activity.month == 1) & (Activity.position == 1))
    with pytest.raises(KehoachError):
        record_held(act.id, status="held", date=act.plan.date, learners=10**12)
    with pytest.raises(FieldProblem):
        editing.set_plan_fields(Plan.get(), {"population": 9223372036854775807})
    with pytest.raises(FieldProblem):
        editing.save_line(Plan.get(), "survey", {"label": "x", "people": 10**19})


# --- 7 and #18 item 9: a submitted revision's header never changes; the centre is editable


def test_editing_a_drafts_header_never_changes_an_approved_plan(demo):
    from kehoach.export.plan_export import export_bytes
    from kehoach.store import forms
    from kehoach.store.plans import new_plan_from
    from kehoach.store.views import header_fields

    approved = approval.approve(approval.submit(Plan.get()), name="A", title="B")
    before = export_bytes(approved, "text")
    draft = new_plan_from(approved, 2025)
    values = {key: value for key, _, value in header_fields(draft)}
    values.update(commune="Tân Lập", parent_body="ỦY BAN NHÂN DÂN XÃ TÂN LẬP")
    forms.save_header(draft, values, expected_version=draft.version)
    assert export_bytes(Plan.get_by_id(approved.id), "text") == before
    after = export_bytes(Plan.get_by_id(draft.id), "text").decode()
    assert "ỦY BAN NHÂN DÂN XÃ TÂN LẬP" in after
    assert "ỦY BAN NHÂN DÂN XÃ TÂN HƯƠNG" in before.decode()
    # the commune chosen at first run is the centre's now (file names, new plans)
    assert Plan.get_by_id(draft.id).centre.commune == "Tân Lập"
    edits = ChangeLog.select().where(ChangeLog.table == "centre")
    assert {c.plan_id for c in edits} == {draft.id}
    # an amendment of the approved plan starts from the centre's current header
    amended = approval.amend(Plan.get_by_id(approved.id))
    assert "TÂN LẬP" in export_bytes(amended, "text").decode()
    assert export_bytes(Plan.get_by_id(approved.id), "text") == before
