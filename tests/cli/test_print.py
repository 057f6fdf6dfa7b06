"""`kehoach print`: the plan's PDF to CUPS's `lp`, here a stand-in on PATH."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.command import EN, VI
from tests.command import run as run_cli
from tests.libreoffice import needs_libreoffice


def stand_in_lp(folder: Path, *, answer: str, rc: int = 0) -> Path:
    """An `lp` that keeps what it was given: its arguments, and a copy of the file."""
    folder.mkdir(exist_ok=True)
    script = folder / "lp"
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{folder}/args"\n'
        "for last; do :; done\n"
        f'/bin/cp "$last" "{folder}/received.pdf"\n'
        f"echo '{answer}'\n"
        f"exit {rc}\n"
    )
    script.chmod(0o755)
    return script


def run(*args, path_dirs):
    return run_cli(*args, path_dirs=path_dirs, timeout=300)


@needs_libreoffice
def test_print_sends_the_pdf_and_the_copy_count_to_lp(demo_db, tmp_path):
    spool = tmp_path / "spool"
    stand_in_lp(spool, answer="request id is Office-42 (1 file(s))")
    result = run(
        "print",
        "--copies",
        "3",
        "--printer",
        "Office",
        "--db",
        demo_db,
        path_dirs=[spool, *os.environ["PATH"].split(os.pathsep)],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "sent to the printer: Office-42 (3 copies)"
    args = (spool / "args").read_text().splitlines()
    assert args[args.index("-n") + 1] == "3"
    assert args[args.index("-d") + 1] == "Office"
    pdf = spool / "received.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # the document type on its line, the summary (trích yếu) under it
    assert "KẾ HOẠCH\nHOẠT ĐỘNG CỦA TRUNG TÂM" in text and "Hoàng Văn Thơi" in text
    assert not Path(args[-1]).exists()  # the temporary PDF is gone once lp has it


def test_without_lp_one_line(demo_db, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    for language in (EN, VI):
        result = run_cli("print", "--db", demo_db, path_dirs=[empty], env_extra=language)
        assert result.returncode == 1 and result.stdout == ""
        [line] = result.stderr.splitlines()
        assert "lp" in line and "cups-client" in line
        assert len(line) <= 80, line  # #18 item 13 (it was 108 and 91 columns)


@needs_libreoffice
def test_no_printer_is_lp_s_answer_in_one_line(demo_db, tmp_path):
    spool = tmp_path / "spool"
    stand_in_lp(spool, answer="lp: Error - No default destination.", rc=1)
    result = run("print", "--db", demo_db, path_dirs=[spool, *os.environ["PATH"].split(os.pathsep)])
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "kehoach: could not print on the default printer: lp: Error - No default destination."
    ]


def test_copies_out_of_range_is_wrong_usage(demo_db, tmp_path):
    result = run(
        "print", "--copies", "0", "--db", demo_db, path_dirs=os.environ["PATH"].split(os.pathsep)
    )
    assert result.returncode == 2 and "1 to 99" in result.stderr
