"""The command line run as a person runs it: `python -m kehoach.tui.cli …` in a subprocess,
from the repository's root, its input closed, its output read as text. One helper for every
test that types a command (tests/cli, tests/export, tests/files, tests/store, tests/server)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# the command a person types, as this interpreter runs it from the repository
KEHOACH = (sys.executable, "-m", "kehoach.tui.cli")

# the messages' language follows the locale: Vietnamese unless it starts with "en";
# EN asks for English (the default here), VI for the default (Vietnamese)
EN = {"LC_MESSAGES": "en_US.UTF-8"}
VI = {"LC_MESSAGES": "", "LANG": "C.UTF-8"}


def cli_env(
    extra: Mapping[str, str] | None = None, *, path_dirs: Iterable[object] | None = None
) -> dict[str, str]:
    """The environment a command runs in: this process's as it is NOW (so the test's isolated
    home of tests/conftest.py, never the real user's), the messages in English (LC_ALL
    dropped, LC_MESSAGES en_US), no KEHOACH_DB (a test names its database with --db, or
    sets it in `extra`), the repository importable; `path_dirs` (when given) are the
    whole PATH; `extra` is applied last."""
    dropped = ("LC_ALL", "LC_MESSAGES", "KEHOACH_DB")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(EN)
    env["PYTHONPATH"] = str(REPO)
    if path_dirs is not None:
        env["PATH"] = os.pathsep.join(map(str, path_dirs))
    env.update(extra or {})
    return env


def run(
    *args: object,
    env_extra: Mapping[str, str] | None = None,
    path_dirs: Iterable[object] | None = None,
    timeout: float = 120,
    umask: int | None = None,
    check_rc: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """`kehoach ARGS…` in a subprocess (environment: `cli_env(env_extra, path_dirs=…)`), its
    umask `umask` when given; with `check_rc`, asserts the exit status (stderr shown)."""
    result = subprocess.run(
        [*KEHOACH, *map(str, args)],
        cwd=REPO,
        env=cli_env(env_extra, path_dirs=path_dirs),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )
    if check_rc is not None:
        assert result.returncode == check_rc, result.stderr
    return result


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The command was refused as a person should see it: exit status 1, no traceback, one
    line on stderr that starts with "kehoach: "; that line."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kehoach: "), result.stderr
    return lines[0]
