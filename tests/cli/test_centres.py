"""Many centres in one database: a plan is its centre plus its period (issues #19, #15)."""

from __future__ import annotations

import pytest

from tests.anydb import connect_any
from tests.command import VI, run
from tests.conftest import SEED


def commune_plan(tmp_path, commune: str, upper: str, *, drop_last_activity: bool = False):
    """The seed plan as another commune wrote it: "Tân Hương" → `commune` everywhere."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("Tân Hương", commune).replace("TÂN HƯƠNG", upper)
    if drop_last_activity:  # a visibly different plan: its last month row gone
        lines = text.splitlines()
        last = max(i for i, line in enumerate(lines) if line.startswith("|") and "KT" in line)
        del lines[last]
        text = "\n".join(lines) + "\n"
    path = tmp_path / f"ke-hoach-{commune}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def plans_by_commune(db) -> dict[str, list[tuple]]:
    con = connect_any(db)
    try:
        rows = con.execute(
            "SELECT c.commune, p.id, p.year, p.revision, p.status,"
            " (SELECT COUNT(*) FROM activity a WHERE a.plan_id = p.id)"
            " FROM plan p JOIN centre c ON c.id = p.centre_id ORDER BY p.id"
        ).fetchall()
    finally:
        con.close()
    out: dict[str, list[tuple]] = {}
    for commune, *rest in rows:
        out.setdefault(commune, []).append(tuple(rest))
    return out


@pytest.fixture
def two_communes(demo_db, tmp_path):
    """The demo database (Tân Hương 2024) with Tân Lập's 2024 plan imported beside it."""
    run("import", commune_plan(tmp_path, "Tân Lập", "TÂN LẬP"), "--db", demo_db, check_rc=0)
    return demo_db


def test_another_communes_plan_for_the_same_year_is_imported_not_refused(demo_db, tmp_path):
    """#15 item 1: without --replace, a second commune's 2024 plan was refused as "there is
    a 2024 plan already"."""
    result = run("import", commune_plan(tmp_path, "Tân Lập", "TÂN LẬP"), "--db", demo_db)
    assert result.returncode == 0, result.stderr
    plans = plans_by_commune(demo_db)
    assert sorted(plans) == ["Tân Hương", "Tân Lập"]
    assert [p[1:] for p in plans["Tân Lập"]] == [(2024, 1, "draft", 24)]
    out = run("plan", "list", "--db", demo_db, env_extra=VI, check_rc=0).stdout
    header, *lines = out.splitlines()
    rows = {line.split("  ")[0]: line for line in lines}
    at = header.index("Số HĐ")  # the activities column, right-aligned under its heading
    assert rows["Tân Hương"][at : at + 5].strip() == "24"
    assert rows["Tân Lập"][at : at + 5].strip() == "24"


def test_replacing_another_communes_plan_never_deletes_the_first(demo_db, tmp_path):
    """#15 item 1: `import --replace` of Tân Lập's plan deleted Tân Hương's 2024 plan."""
    before = plans_by_commune(demo_db)["Tân Hương"]
    path = commune_plan(tmp_path, "Tân Lập", "TÂN LẬP")
    run("import", path, "--replace", "--db", demo_db, check_rc=0)
    plans = plans_by_commune(demo_db)
    assert plans["Tân Hương"] == before
    assert [p[1:] for p in plans["Tân Lập"]] == [(2024, 1, "draft", 24)]
    out = run("plan", "list", "--db", demo_db, check_rc=0).stdout
    assert "Tân Hương" in out and "Tân Lập" in out


def test_two_communes_each_exported_checked_submitted_and_replaced_alone(two_communes, tmp_path):
    db = two_communes
    # exported: each its own commune's plan
    for name, mine, other in (
        ("tan lap", "TÂN LẬP", "TÂN HƯƠNG"),
        ("Tân Hương", "TÂN HƯƠNG", "TÂN LẬP"),
    ):
        text = run("export", "text", "--centre", name, "-o", "-", "--db", db, check_rc=0).stdout
        assert mine in text and other not in text
    docx_path = tmp_path / "tan-lap.docx"
    run("export", "docx", "--centre", "Tân Lập", "-o", docx_path, "--db", db, check_rc=0)
    import docx

    from tests.export.docx_helpers import body_lines

    words = "\n".join(body_lines(docx.Document(docx_path)))
    assert "TÂN LẬP" in words and "TÂN HƯƠNG" not in words
    # checked: each names its commune
    out = run("check", "--centre", "tan huong", "--db", db, env_extra=VI).stdout
    assert out.startswith("Kế hoạch năm 2024 xã Tân Hương")
    # submitted: Tân Lập only
    run("plan", "submit", "--centre", "xã Tân Lập", "--db", db, check_rc=0)
    plans = plans_by_commune(db)
    assert plans["Tân Lập"][0][3] == "submitted" and plans["Tân Hương"][0][3] == "draft"
    # replaced: Tân Hương's draft by a shorter plan; Tân Lập's submitted plan untouched
    lap_before = plans["Tân Lập"]
    shorter = commune_plan(tmp_path, "Tân Hương", "TÂN HƯƠNG", drop_last_activity=True)
    run("import", shorter, "--replace", "--db", db, check_rc=0)
    plans = plans_by_commune(db)
    assert plans["Tân Lập"] == lap_before
    assert [p[1:] for p in plans["Tân Hương"]] == [(2024, 1, "draft", 23)]
    # and Tân Lập's submitted plan refuses a replacement; Tân Hương's is not touched by it
    hương_before = plans["Tân Hương"]
    lap_again = commune_plan(tmp_path, "Tân Lập", "TÂN LẬP", drop_last_activity=True)
    result = run("import", lap_again, "--replace", "--db", db, check_rc=1)
    assert "cannot be changed" in result.stderr
    assert plans_by_commune(db) == {"Tân Hương": hương_before, "Tân Lập": lap_before}


@pytest.mark.parametrize(
    "name", ["Tân Lập", "tan lap", "TAN LAP", "xã Tân Lập", "Xa tan lap", "lap"]
)
def test_centre_named_with_or_without_diacritics_and_xa(two_communes, name):
    out = run("check", "--centre", name, "--db", two_communes, env_extra=VI).stdout
    assert out.startswith("Kế hoạch năm 2024 xã Tân Lập"), out


def test_centre_ambiguous_unknown_or_missing_is_one_line_with_the_choices(two_communes, tmp_path):
    db = two_communes
    run("import", commune_plan(tmp_path, "Tân Lạc", "TÂN LẠC"), "--db", db, check_rc=0)
    before = plans_by_commune(db)
    cases = (
        (["--centre", "tan la"], "“tan la” may mean: Tân Lạc, Tân Lập; say which"),
        (
            ["--centre", "Hữu Lũng"],
            "no centre for the commune “Hữu Lũng”; there are: Tân Hương, Tân Lạc, Tân Lập",
        ),
        ([], "holds 3 centres; choose one with --centre (Tân Hương, Tân Lạc, Tân Lập)"),
    )
    for extra, words in cases:
        for command in (["check"], ["export", "text", "-o", "-"], ["plan", "submit"]):
            result = run(*command, *extra, "--db", db, check_rc=1)
            assert words in result.stderr, (command, result.stderr)
            assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert plans_by_commune(db) == before  # nothing submitted
    # exact diacritics pick one of two names that fold alike
    run("import", commune_plan(tmp_path, "Tân Lấp", "TÂN LẤP"), "--db", db, check_rc=0)
    assert "xã Tân Lấp" in run("check", "--centre", "Tân Lấp", "--db", db, env_extra=VI).stdout
    ambiguous = run("check", "--centre", "tan lap", "--db", db).stderr
    assert "may mean: Tân Lấp, Tân Lập" in ambiguous


def test_one_centre_needs_no_centre_option(demo_db):
    out = run("check", "--db", demo_db, env_extra=VI).stdout
    assert out.startswith("Kế hoạch năm 2024 xã Tân Hương")
    assert "Tân Hương" in run("plan", "list", "--centre", "tan huong", "--db", demo_db).stdout
