"""The demo on a PostgreSQL server against the same demo in a SQLite file (#20): start-up,
F3's month table drawn, and `kehoach export docx`, as ratios server ÷ file.

The server is a throwaway cluster started here (tests/pgserver.py: initdb in a temporary
folder, a socket folder, no TCP port; stopped when the bench ends), or the one
`KEHOACH_TEST_PG` names. Where none can be started (no `postgresql` package), this part is
skipped and one line says why.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def server_vs_file(
    py: str,
    env: dict[str, str],
    demo_db: Path,
    file_app: dict[str, Any],
    series: Callable[..., dict[str, Any]],
    timed: Callable[..., float],
    runs: int,
) -> dict[str, Any] | str:
    """The figures and ratios, or the line saying why there are none. `file_app` is the
    bench's own series for the demo file (start-up, F3); `series`/`timed` are its tools."""
    try:
        import psycopg2  # noqa: F401

        from tests.pgserver import new_database

        url = new_database()
    except Exception as exc:  # no driver, no server programs, a server that is not there
        why = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return f"PostgreSQL part skipped: {why}"
    subprocess.run(
        [py, "-m", "kehoach.tui.cli", "demo", "--no-open", "--db", url],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    server_app = series([py, "-m", "kehoach.tui.cli", "--db", url], b"2.248", b"\x1bOR", runs)
    out = Path(env["HOME"]) / "server-bench.docx"
    docx = {
        name: timed(
            [py, "-m", "kehoach.tui.cli", "export", "docx", "-o", str(out), "--db", str(where)],
            env,
            runs,
        )
        for name, where in (("file", demo_db), ("server", url))
    }
    return {
        "server_app": server_app,
        "export_docx_s": docx,
        "ratios": {
            "startup": server_app["startup_s"] / file_app["startup_s"],
            "f3": server_app["open_month_table_s"] / file_app["open_month_table_s"],
            "export_docx": docx["server"] / docx["file"],
        },
    }


def report(found: dict[str, Any] | str, file_app: dict[str, Any]) -> list[str]:
    """The lines the bench prints for this part."""
    if isinstance(found, str):
        return [found]
    s, r, d = found["server_app"], found["ratios"], found["export_docx_s"]
    return [
        "PostgreSQL server against the SQLite file (the demo; server ÷ file):",
        f"  start-up {s['startup_s']:.2f} s vs {file_app['startup_s']:.2f} s: {r['startup']:.2f}×",
        f"  F3 drawn {s['open_month_table_s'] * 1000:.0f} ms vs "
        f"{file_app['open_month_table_s'] * 1000:.0f} ms: {r['f3']:.2f}×",
        f"  export docx {d['server']:.2f} s vs {d['file']:.2f} s: {r['export_docx']:.2f}×",
    ]
