"""`kehoach import FILE… | FOLDER`: many plans at once, each in its own transaction (#19)."""

from __future__ import annotations

import sqlite3

from tests.cli.test_centres import commune_plan
from tests.command import run


def centres_and_activities(db) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        return dict(
            con.execute(
                "SELECT c.commune, COUNT(a.id) FROM centre c JOIN plan p ON p.centre_id = c.id"
                " LEFT JOIN activity a ON a.plan_id = p.id GROUP BY c.id"
            ).fetchall()
        )
    finally:
        con.close()


def a_folder_of_five(tmp_path, demo_db):
    folder = tmp_path / "ke-hoach-2024"
    folder.mkdir()
    run("export", "docx", "-o", folder / "tan-huong.docx", "--db", demo_db, check_rc=0)
    for commune, upper in (("Tân Lập", "TÂN LẬP"), ("Hữu Lũng", "HỮU LŨNG"), ("Vũ Lễ", "VŨ LỄ")):
        path = commune_plan(tmp_path, commune, upper)
        path.rename(folder / path.name)
    whole = (folder / "tan-huong.docx").read_bytes()
    (folder / "bac-son.docx").write_bytes(whole[: len(whole) // 2])  # cut off mid-copy
    (folder / "ghi-chu.md").write_text("not a plan", encoding="utf-8")  # not taken
    return folder


def test_a_folder_of_five_plans_with_one_broken_imports_four_and_reports_one(tmp_path, demo_db):
    folder = a_folder_of_five(tmp_path, demo_db)
    db = tmp_path / "province.db"
    result = run("import", folder, "--db", db)
    assert result.returncode == 1
    assert result.stderr == "kehoach: 1 of 5 files were not imported\n"
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "file",
        "commune",
        "period",
        "acts",
        "learners",
        "budget",
        "result",
    ]
    rows = {line.split()[0]: line for line in lines[2:7]}
    assert sorted(rows) == [
        "bac-son.docx",
        "ke-hoach-Hữu",
        "ke-hoach-Tân",
        "ke-hoach-Vũ",
        "tan-huong.docx",
    ]
    # every line fits 80 columns: a skipped file's reason is under the table
    assert max(len(line) for line in lines) <= 80, result.stdout
    assert rows["bac-son.docx"].endswith("skipped")
    assert "- bac-son.docx: bac-son.docx is damaged" in lines[7]
    for name in ("tan-huong.docx", "ke-hoach-Vũ"):
        assert " 2024 " in rows[name] and rows[name].endswith("imported")
        assert rows[name].split()[-4:-1] == ["24", "2.248", "18.005.000đ"]
    assert lines[-1] == "4 imported, 1 skipped"
    assert centres_and_activities(db) == {
        "Tân Hương": 24,
        "Tân Lập": 24,
        "Hữu Lũng": 24,
        "Vũ Lễ": 24,
    }


def test_again_without_replace_each_is_refused_alone_and_with_replace_each_replaced(
    tmp_path, demo_db
):
    folder = a_folder_of_five(tmp_path, demo_db)
    (folder / "bac-son.docx").unlink()
    db = tmp_path / "province.db"
    run("import", folder, "--db", db, check_rc=0)
    con = sqlite3.connect(db)
    ids = con.execute("SELECT id FROM plan ORDER BY id").fetchall()
    con.close()
    # the same files again: each refused on its own, nothing changed
    one = commune_plan(tmp_path, "Tân Lạc", "TÂN LẠC")
    plans = sorted(p for p in folder.iterdir() if p.suffix != ".md")
    result = run("import", *plans, one, "--db", db)
    assert result.returncode == 1
    assert result.stdout.count(": there is a 2024 plan of") == 4
    table = result.stdout.splitlines()[2:7]  # the five files' rows
    assert sum(line.endswith(" skipped") for line in table) == 4
    assert "1 imported, 4 skipped" in result.stdout
    assert sorted(centres_and_activities(db)) == [
        "Hữu Lũng",
        "Tân Hương",
        "Tân Lạc",
        "Tân Lập",
        "Vũ Lễ",
    ]
    # --replace: each replaced in its own transaction, one backup for the batch
    result = run("import", folder, "--replace", "--db", db, check_rc=0)
    assert "4 imported, 0 skipped" in result.stdout
    con = sqlite3.connect(db)
    new_ids = con.execute("SELECT id FROM plan ORDER BY id").fetchall()
    con.close()
    assert len(new_ids) == 5 and not set(new_ids[:4]) & set(ids)
    assert len(list((tmp_path / "backups").glob("*import-replace*"))) == 1


def test_a_dry_run_of_a_folder_writes_nothing(tmp_path, demo_db):
    folder = a_folder_of_five(tmp_path, demo_db)
    db = tmp_path / "none.db"
    result = run("import", folder, "--dry-run", "--db", db)
    assert result.returncode == 1  # one file cannot be read
    assert sum(line.endswith(" read") for line in result.stdout.splitlines()) == 4
    assert not db.exists()
