"""Exports write only to a regular file or a new name, keep a replaced file's mode, and
leave no temporary file behind a killed run (#16 item 5)."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.command import REPO, cli_env, one_line_error, run


def test_a_fifo_is_refused_and_stays_a_fifo(demo_db, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    line = one_line_error(run("export", "text", "-o", fifo, "--db", demo_db))
    assert "FIFO" in line
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_device_is_refused_and_stays_a_device(demo_db, tmp_path):
    # a link to /dev/null: the old code replaced the link with a regular file
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    line = one_line_error(run("export", "docx", "-o", link, "--db", demo_db))
    assert "device" in line
    assert link.is_symlink() and stat.S_ISCHR(os.stat(link).st_mode)
    if os.geteuid() == 0:  # a device node of our own (never the real /dev/null)
        node = tmp_path / "null-device"
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        line = one_line_error(run("export", "text", "-o", node, "--db", demo_db))
        assert "device" in line
        assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_a_socket_and_a_folder_are_one_line_error(demo_db, tmp_path):
    sock_path = tmp_path / "s.sock"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(sock_path))
        line = one_line_error(run("export", "md", "-o", sock_path, "--db", demo_db))
        assert "socket" in line
        assert stat.S_ISSOCK(os.stat(sock_path).st_mode)
    finally:
        sock.close()
    line = one_line_error(run("export", "md", "-o", tmp_path, "--db", demo_db))
    assert "folder" in line


@pytest.mark.parametrize("mode", [0o600, 0o444, 0o640])
def test_replacing_a_file_keeps_its_mode(demo_db, tmp_path, mode):
    target = tmp_path / "plan.txt"
    target.write_text("old")
    target.chmod(mode)
    result = run("export", "text", "-o", target, "--db", demo_db)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert "Tân Hương" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("umask", [0o077, 0o022, 0o002])
def test_a_new_export_follows_the_umask(demo_db, tmp_path, umask):
    target = tmp_path / "new.docx"
    result = run("export", "docx", "-o", target, "--db", demo_db, umask=umask)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


SLOW_EXPORT = """
import sys, time
from kehoach.export.files import write_atomic

def write(fh):
    fh.write(b"half")
    fh.flush()
    print("writing", flush=True)
    time.sleep(60)

write_atomic(sys.argv[1], write)
"""


def slow_export(target: Path) -> subprocess.Popen:
    """SLOW_EXPORT started on `target`, once it has said it is writing."""
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_EXPORT, str(target)],
        cwd=REPO,
        env=cli_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "writing"
    return proc


def test_a_killed_export_leaves_no_temporary_file_after_the_next_run(demo_db, tmp_path):
    target = tmp_path / "plan.txt"
    target.write_text("the old one")
    proc = slow_export(target)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    left = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1 and target.read_text() == "the old one"
    result = run("export", "text", "-o", target, "--db", demo_db)
    assert result.returncode == 0, result.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert "Tân Hương" in target.read_text(encoding="utf-8")


def test_an_export_running_meanwhile_keeps_its_temporary_file(tmp_path):
    """The clean-up removes only the files of processes that are gone."""
    from kehoach.export.files import remove_leftovers

    target = tmp_path / "plan.txt"
    proc = slow_export(target)
    try:
        remove_leftovers(tmp_path, target.name)
        assert [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    finally:
        proc.kill()
        proc.wait()
    time.sleep(0)
    assert not Path(target).exists()
