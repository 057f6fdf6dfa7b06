"""The same plan gives the same output on a SQLite file and on a PostgreSQL server (#20)."""

from __future__ import annotations

import re

import pytest

from tests.cli.test_cli import run


@pytest.fixture
def both(tmp_path):
    """The demo plan written by `kehoach demo` into a file and into a server database."""
    from tests.pgserver import new_database

    try:
        url = new_database()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    path = tmp_path / "demo.db"
    for target in (path, url):
        run("demo", "--no-open", "--db", target, check_rc=0)
    return path, url


def _docx_text(path) -> str:
    import docx

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def test_every_report_is_the_same_on_both_backends(both, tmp_path):
    file_db, server_db = both
    outputs = []
    for n, target in enumerate((file_db, server_db)):
        got = {}
        for name, args in {
            "text": ("export", "text", "-o", "-"),
            "totals": ("export", "text", "--totals", "-o", "-"),
            "md": ("export", "md", "-o", "-"),
            "report": ("export", "report-text", "-o", "-"),
            "check": ("check",),
            "list": ("plan", "list"),
        }.items():
            result = run(*args, "--db", target)
            got[name] = (result.returncode, result.stdout)
        docx_path = tmp_path / f"plan-{n}.docx"
        run("export", "docx", "--totals", "-o", docx_path, "--db", target, check_rc=0)
        got["docx"] = _docx_text(docx_path)
        log = run("log", "--db", target, check_rc=0).stdout
        # the minute each was written may differ; nothing else may
        got["log"] = re.sub(r"^\d\d/\d\d/\d{4} \d\d:\d\d", "", log, flags=re.M)
        got["log entries"] = len(re.findall(r"^\d\d/\d\d/\d{4} ", log, flags=re.M))
        outputs.append(got)
    file_out, server_out = outputs
    # the server's audit trail names the database role as well as the user (#20 item 3),
    # once for each entry; without it, the entries' words are the file's (the role makes an
    # entry longer, so it may wrap at another place)
    owner = re.match(r"^postgresql://([^@/]*)@", server_db).group(1)
    assert server_out["log"].count(f"[{owner}]") == file_out["log entries"] > 0
    assert f"[{owner}]" not in file_out["log"]
    server_out["log"] = " ".join(server_out["log"].replace(f"[{owner}]", "").split())
    file_out["log"] = " ".join(file_out["log"].split())
    assert "2.248" in file_out["text"][1]  # the summary, not an error line
    assert "Mười tám triệu" in file_out["totals"][1]
    assert file_out["check"][0] == 1  # the demo has errors: exit 1 on both
    for name in file_out:
        assert server_out[name] == file_out[name], name
