"""A throwaway PostgreSQL cluster for the tests: started on first use, on a socket folder of
its own (no TCP port), as an unprivileged user, and stopped when the test session ends.

`KEHOACH_TEST_PG` set to a server URL (without a database name) uses that server instead.
The server's programs come from the Debian `postgresql` package (.ci/run installs it);
without them, or when a cluster cannot be started, the PostgreSQL cases are skipped with
the reason shown by `pytest -ra`.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

_state: dict[str, object] = {}


def _bin_dir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _as_owner(cmd: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *cmd] if owner else cmd


def _start() -> str:
    """Start the cluster; return the URL prefix `postgresql://USER@/` + `?host=…` parts."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise RuntimeError("no PostgreSQL server programs (Debian package `postgresql`)")
    owner = None
    if os.geteuid() == 0:  # initdb refuses root: run the server as the `postgres` user
        owner = "postgres"
        try:
            import pwd

            pwd.getpwnam(owner)
        except KeyError:
            raise RuntimeError("running as root and there is no `postgres` user") from None
    base = Path(tempfile.mkdtemp(prefix="kehoach-pg-"))
    os.chmod(base, 0o755)
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if owner:
        shutil.chown(base, owner)
        shutil.chown(sock, owner)
    user = owner or os.environ.get("USER") or "postgres"
    # the C locale exists everywhere; the tests' own locale (an English one, for the
    # command line's messages: conftest) may not be installed, and initdb refuses it
    env = {k: v for k, v in os.environ.items() if k != "LANG" and not k.startswith("LC_")}
    run = {"capture_output": True, "text": True, "timeout": 120, "env": {**env, "LC_ALL": "C"}}
    init = subprocess.run(
        _as_owner(
            [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", user, "-E", "UTF8"],
            owner,
        ),
        **run,
    )
    if init.returncode:
        raise RuntimeError(f"initdb failed: {init.stderr.strip()[-300:]}")
    options = f"-k {sock} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
    start = subprocess.run(
        _as_owner(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(base / "server.log"),
                "-w",
                "start",
            ],
            owner,
        ),
        **run,
    )
    if start.returncode:
        raise RuntimeError(f"pg_ctl start failed: {start.stderr.strip()[-300:]}")

    def stop() -> None:
        subprocess.run(
            _as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], owner),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(base, ignore_errors=True)

    atexit.register(stop)
    return f"postgresql://{user}@/{{db}}?host={sock}"


def server_template() -> str:
    """`postgresql://USER@/{db}?host=SOCKET`: format with a database name. Raises
    RuntimeError (the skip reason) when no server can be had."""
    if "template" not in _state:
        given = os.environ.get("KEHOACH_TEST_PG")
        try:
            _state["template"] = given.rstrip("/") + "/{db}" if given else _start()
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            _state["template"] = exc
    found = _state["template"]
    if isinstance(found, BaseException):
        raise RuntimeError(f"PostgreSQL not available: {found}")
    return str(found)


def admin_run(sql: str) -> None:
    """Run one statement on the server's `postgres` database (outside a transaction)."""
    import psycopg2

    con = psycopg2.connect(server_template().format(db="postgres"))
    try:
        con.autocommit = True
        with con.cursor() as cur:
            cur.execute(sql)
    finally:
        con.close()


_count = [0]


def new_database() -> str:
    """A fresh, empty database on the test server; its URL."""
    _count[0] += 1
    name = f"kt_{os.getpid()}_{_count[0]}"
    admin_run(f"DROP DATABASE IF EXISTS {name}")
    admin_run(f"CREATE DATABASE {name}")
    return server_template().format(db=name)
