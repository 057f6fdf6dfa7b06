"""#18 item 13 for `export summary-text` (a new user's finding, measured: 91–104 columns):
every line fits 80 columns; a long commune's name is cut with "…" in the table and whole
in the lines under it; a revision after the first is written short in the table."""

from __future__ import annotations

from tests.cli.test_centres import commune_plan
from tests.cli.test_cli import VI, run
from tests.export.test_province import province_db

LONG = "Nông trường Mộc Châu Sơn La"


def test_the_summary_as_text_fits_80_columns(tmp_path, demo_db):
    db = province_db(tmp_path, demo_db)
    run("import", commune_plan(tmp_path, LONG, LONG.upper()), "--db", db, check_rc=0)
    run("plan", "amend", "--centre", "vu le", "--db", db, check_rc=0)  # revision 2, a draft
    out = run("export", "summary-text", "-o", "-", "--db", db, env_extra=VI, check_rc=0).stdout
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80, "\n".join(
        f"{len(line)} {line}" for line in lines
    )
    table = [line for line in lines if "Dự thảo" in line or "Cộng (" in line]
    assert any("Nông trường Mộc…" in line for line in table), out
    assert any("Vũ Lễ" in line and "Dự thảo (b.2)" in line for line in table), out
    assert f"- {LONG}: Dự thảo" in out  # whole where it is a line of its own
    total = next(line for line in lines if "Cộng (5 trung tâm)" in line)
    assert total.split()[-3].endswith("đ")
