"""Every kind of Word export, written by the commands a person types, for the validator and
the LibreOffice render tests: the demo plan and an imported school-year plan."""

from __future__ import annotations

from pathlib import Path

from tests.command import run
from tests.conftest import SEED

# name → (database, export arguments)
KINDS = {
    "plan": ("demo", ["docx"]),
    "plan-totals": ("demo", ["docx", "--totals"]),
    "plan-portrait": ("demo", ["docx", "--portrait"]),
    "plan-portrait-totals": ("demo", ["docx", "--portrait", "--totals"]),
    "report": ("demo", ["report-docx"]),
    "school": ("school", ["docx"]),
    "school-totals": ("school", ["docx", "--totals"]),
    "school-report": ("school", ["report-docx"]),
}


def school_year_text() -> str:
    """The seed plan rewritten as the school year 2024-2025 (months 9 … 8), in the seed's
    text form, as another centre would write it."""
    from kehoach.export.importer import parse_text
    from kehoach.export.text_plan import render_plan_text

    doc, _ = parse_text(SEED.read_text(encoding="utf-8"))
    doc.period_kind, doc.first_month = "school_year", 9
    doc.title = doc.title.replace("NĂM 2024", "NĂM HỌC 2024-2025")
    return render_plan_text(doc)


def kehoach(*args: object, env: dict[str, str]) -> None:
    run(*args, env_extra=env, check_rc=0)


def write_exports(folder: Path) -> dict[str, Path]:
    """Each kind of export in `folder`, by name."""
    home = folder / "home"
    home.mkdir()
    env = {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home),
        "XDG_CONFIG_HOME": str(home),
        "KEHOACH_CONFIG": str(home / "settings.json"),
    }
    dbs = {"demo": folder / "demo.db", "school": folder / "school.db"}
    kehoach("demo", "--no-open", "--db", dbs["demo"], env=env)
    school = folder / "school.txt"
    school.write_text(school_year_text(), encoding="utf-8")
    kehoach("import", school, "--db", dbs["school"], env=env)
    out = {}
    for name, (db, args) in KINDS.items():
        out[name] = folder / f"{name}.docx"
        kehoach("export", *args, "-o", out[name], "--db", dbs[db], env=env)
    return out
