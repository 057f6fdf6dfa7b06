"""`kehoach db copy` (#20 item 4): a commune's file onto a server and back, every centre,
plan, revision and audit row, refusing per centre the plans the target has already."""

from __future__ import annotations

import re
import sqlite3

import pytest

from tests.anydb import connect_any
from tests.cli.test_centres import commune_plan
from tests.cli.test_cli import run


@pytest.fixture
def server_url():
    from tests.pgserver import new_database

    try:
        return new_database()
    except RuntimeError as exc:
        pytest.skip(str(exc))


@pytest.fixture
def commune_file(tmp_path):
    """Two centres in one file, with history: Tân Hương's 2024 plan submitted, returned,
    edited by import of its 2025 plan, approved; Tân Lập's replaced once (audit rows whose
    plan is gone) and amended into a second revision."""
    path = tmp_path / "xa.db"
    run("demo", "--no-open", "--db", path, check_rc=0)
    tl = commune_plan(tmp_path, "Tân Lập", "TÂN LẬP")
    run("import", tl, "--db", path, check_rc=0)
    shorter = commune_plan(tmp_path, "Tân Lập", "TÂN LẬP", drop_last_activity=True)
    run("import", shorter, "--replace", "--db", path, check_rc=0)
    th = ("--centre", "Tân Hương")
    run("plan", "submit", *th, "--db", path, check_rc=0)
    run("plan", "return", "--comment", "Bổ sung", *th, "--db", path, check_rc=0)
    run("plan", "submit", *th, "--db", path, check_rc=0)
    run("plan", "approve", "--by", "Hoàng Văn Thơi", "--title", "Phó trưởng phòng", *th,
        "--db", path, check_rc=0)  # fmt: skip
    run("plan", "new", "2025", *th, "--db", path, check_rc=0)
    tl_ = ("--centre", "Tân Lập")
    run("plan", "submit", *tl_, "--db", path, check_rc=0)
    run("plan", "approve", "--by", "Hoàng Văn Thơi", "--title", "Phó trưởng phòng", *tl_,
        "--db", path, check_rc=0)  # fmt: skip
    run("plan", "amend", *tl_, "--db", path, check_rc=0)
    _edit_activities(path)
    return path


def _edit_activities(path) -> None:
    """Activities changed, deleted and added in the two drafts, as the app does it: audit
    rows naming activities, some of them gone."""
    from kehoach.store import editing
    from kehoach.store.db import open_database
    from kehoach.store.models import Activity, Centre, Plan

    db = open_database(path)
    try:
        for commune, year, revision in (("Tân Hương", 2025, 1), ("Tân Lập", 2024, 2)):
            plan = Plan.get(
                (Plan.centre == Centre.get(Centre.commune == commune).id)
                & (Plan.year == year)
                & (Plan.revision == revision)
            )
            for n in range(4):
                editing.add_activity(plan, {"month": 5, "content": f"Thêm {n}", "learners": n})
            acts = list(plan.activities.order_by(Activity.month, Activity.position))
            for n, act in enumerate(acts[:3]):
                editing.update_activity(act.id, {"learners": 100 + n, "note": f"sửa {n}"})
            # not the last id: SQLite would give it again to the next activity added, and
            # the deleted one's audit rows would name that one (in the file itself)
            editing.delete_activity(min(a.id for a in acts))
    finally:
        db.close()


def _activity_histories(db) -> dict:
    """Each activity (its plan's commune, year, revision; month, position) with its audit
    rows; and the audit rows of activities that are gone, per plan."""
    con = connect_any(db)
    try:
        acts = con.execute(
            "SELECT a.id, c.commune, p.year, p.revision, a.month, a.position FROM activity a"
            " JOIN plan p ON p.id = a.plan_id JOIN centre c ON c.id = p.centre_id"
        ).fetchall()
        rows = con.execute(
            "SELECT l.record, c.commune, p.year, p.revision, l.action, l.field, l.before,"
            " l.after FROM change_log l JOIN plan p ON p.id = l.plan_id"
            " JOIN centre c ON c.id = p.centre_id WHERE l.\"table\" = 'activity' ORDER BY l.id"
        ).fetchall()
    finally:
        con.close()
    where = {str(a[0]): tuple(a[1:]) for a in acts}
    out: dict = {}
    for record, *plan, action, fld, before, after in rows:
        key = where.get(record.lstrip("~")) if not record.startswith("~") else None
        if key is not None:
            assert tuple(key[:3]) == tuple(plan), (record, key, plan)  # its own plan's
        out.setdefault(key or ("gone", *plan), []).append((action, fld, before, after))
    return out


PLANS = [("Tân Hương", "2024"), ("Tân Hương", "2025"), ("Tân Lập", "2024")]


def _outputs(db) -> dict:
    got = {}
    for commune, year in PLANS:
        where = ("--centre", commune, "--year", year, "--db", db)
        got[commune, year, "text"] = run("export", "text", "-o", "-", *where, check_rc=0).stdout
        got[commune, year, "log"] = run("log", *where, check_rc=0).stdout
    got["list"] = run("plan", "list", "--db", db, check_rc=0).stdout
    return got


def _counts(db) -> tuple:
    con = connect_any(db)
    try:
        return tuple(
            con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("centre", "plan", "activity", "plan_event", "change_log", "signer")
        )
    finally:
        con.close()


def test_file_to_server_to_a_new_file_gives_the_same_plans_and_logs(
    commune_file, server_url, tmp_path
):
    before = _outputs(commune_file)
    assert re.search(r"^Tân Lập +2024 +2 ", before["list"], re.M)
    out = run("db", "copy", "--from", commune_file, "--to", server_url, check_rc=0).stdout
    assert "Tân Hương: copied 2 plans (2024 revision 1, 2025 revision 1)" in out
    assert "Tân Lập: copied 2 plans (2024 revision 1, 2024 revision 2)" in out
    assert _outputs(server_url) == before
    back = tmp_path / "back" / "xa.db"
    back.parent.mkdir()
    run("db", "copy", "--from", server_url, "--to", back, check_rc=0)
    assert _outputs(back) == before
    assert _counts(back) == _counts(server_url) == _counts(commune_file)
    histories = _activity_histories(commune_file)
    assert len(histories) >= 8 and any(k[0] == "gone" for k in histories)
    assert _activity_histories(server_url) == histories == _activity_histories(back)
    # each audit row names its plan, and never an activity of another plan
    con = sqlite3.connect(back)
    wrong = con.execute(
        "SELECT COUNT(*) FROM change_log c WHERE c.\"table\" = 'activity'"
        " AND EXISTS (SELECT 1 FROM activity a WHERE a.id = CAST(c.record AS INTEGER)"
        "             AND a.plan_id <> c.plan_id)"
    ).fetchone()[0]
    per_plan = con.execute(
        "SELECT c.commune, p.year, p.revision, COUNT(l.id) FROM plan p"
        " JOIN centre c ON c.id = p.centre_id LEFT JOIN change_log l ON l.plan_id = p.id"
        " GROUP BY p.id ORDER BY c.commune, p.year, p.revision"
    ).fetchall()
    con.close()
    assert wrong == 0
    con = sqlite3.connect(commune_file)
    assert (
        per_plan
        == con.execute(
            "SELECT c.commune, p.year, p.revision, COUNT(l.id) FROM plan p"
            " JOIN centre c ON c.id = p.centre_id LEFT JOIN change_log l ON l.plan_id = p.id"
            " GROUP BY p.id ORDER BY c.commune, p.year, p.revision"
        ).fetchall()
    )
    con.close()


def test_a_centre_whose_plans_are_at_the_target_is_refused_the_others_copied(
    commune_file, server_url, tmp_path
):
    run("demo", "--no-open", "--db", server_url, check_rc=0)  # Tân Hương 2024, revision 1
    for commune, upper in (("Tân Hà", "TÂN HÀ"), ("Tân Mỹ", "TÂN MỸ"), ("Tân Phú", "TÂN PHÚ")):
        # the target's ids are taken: Tân Lập's rows get new ones
        run("import", commune_plan(tmp_path, commune, upper), "--db", server_url, check_rc=0)
    before = _counts(server_url)
    result = run("db", "copy", "--from", commune_file, "--to", server_url)
    assert result.returncode == 1
    assert "Tân Hương: not copied: the target has its 2024 plan revision 1" in result.stdout
    assert "Tân Lập: copied 2 plans" in result.stdout
    assert result.stderr.strip() == "kehoach: 1 of 2 centres were not copied"
    after = _counts(server_url)
    assert after[0] == before[0] + 1 and after[1] == before[1] + 2  # Tân Lập's only
    # its ids were taken there: new ones, and every reference follows them
    con = connect_any(server_url)
    assert con.execute("SELECT id FROM centre WHERE commune = 'Tân Lập'").fetchone() == (5,)
    con.close()
    where = ("--centre", "Tân Lập", "--year", "2024")
    for args in (("export", "text", "-o", "-"), ("check",)):
        assert (
            run(*args, *where, "--db", server_url).stdout
            == run(*args, *where, "--db", commune_file).stdout
        )
    mine = {k: v for k, v in _activity_histories(commune_file).items() if "Tân Lập" in k}
    theirs = {k: v for k, v in _activity_histories(server_url).items() if "Tân Lập" in k}
    assert mine and theirs == mine
    # again: both refused now, nothing added
    result = run("db", "copy", "--from", commune_file, "--to", server_url)
    assert result.returncode == 1 and "Tân Lập: not copied" in result.stdout
    assert _counts(server_url) == after


def test_bad_sources_and_targets_are_one_line(commune_file, tmp_path):
    for args, words in (
        (("--from", commune_file, "--to", commune_file), "the same database"),
        (("--from", tmp_path / "none.db", "--to", tmp_path / "x.db"), "there is no database"),
        (("--from", commune_file, "--to", tmp_path / "no" / "such" / "dir" / "x.db"), ""),
    ):
        result = run("db", "copy", *args)
        lines = result.stderr.strip().splitlines()
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr
        if words == "there is no database":  # a long path alone on its line (#18, 80 columns)
            assert result.returncode == 1 and words in lines[0], lines
            assert lines[0] == "kehoach: there is no database at:" or len(lines) == 1, lines
        elif words:
            assert result.returncode == 1 and len(lines) == 1 and words in lines[0], lines
    assert not (tmp_path / "x.db").exists()
