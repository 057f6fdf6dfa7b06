"""PDF export through LibreOffice headless, run as a person runs it (a subprocess)."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

from tests.command import run as run_cli
from tests.libreoffice import needs_libreoffice


def run(*args, path_dirs=None, env_extra=None):
    return run_cli(*args, path_dirs=path_dirs, env_extra=env_extra, timeout=300)


def _squash(text: str) -> str:
    """Text without white space, Markdown marks or dash variants: what survives any
    layout (a wrapped line, a narrower column, a landscape page)."""
    text = text.replace("**", "").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", "", text)


def _pdf_text(pdf: Path) -> str:
    """pdftotext's text in the order the PDF draws it (-raw: a table cell by cell, row by
    row, whatever the columns' widths), the page number at the top of pages 2… left out."""
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.split("\f")
    out = [pages[0]]
    for n, page in enumerate(pages[1:], 2):
        lines = page.splitlines()
        while lines and not lines[0].strip():
            lines.pop(0)
        if lines and lines[0].strip() == str(n):
            lines.pop(0)
        out.append("\n".join(lines))
    return "\n".join(out)


def _seed_items(seed_text: str) -> list[str]:
    """Every line of the seed, each cell of its tables on its own."""
    items: list[str] = []
    for line in seed_text.splitlines():
        line = line.strip()
        if not line or re.fullmatch(r"\|[-| ]+\|", line):
            continue
        if line.startswith("|"):
            items += [c.strip() for c in line.strip("|").split("|") if c.strip()]
        else:
            items.append(line)
    return items


@needs_libreoffice
def test_the_pdf_of_the_demo_holds_every_seed_line_in_order(demo_db, seed_text, tmp_path):
    target = tmp_path / "plan.pdf"
    result = run("export", "pdf", "--db", demo_db, "-o", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target)
    assert target.read_bytes()[:5] == b"%PDF-"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".plan.pdf")]
    pdf = _squash(_pdf_text(target))
    position = 0
    for text in _seed_items(seed_text):
        found = pdf.find(_squash(text), position)
        assert found >= 0, f"not found in order: {text!r} (after …{pdf[position - 40 : position]})"
        position = found + len(_squash(text))


@needs_libreoffice
def test_the_report_exports_as_pdf(demo_db, tmp_path):
    target = tmp_path / "report.pdf"
    result = run("export", "report-pdf", "--db", demo_db, "-o", target)
    assert result.returncode == 0, result.stderr
    assert "BÁO CÁO" in _pdf_text(target).upper()


def test_without_libreoffice_one_line_naming_the_package(demo_db, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    target = tmp_path / "plan.pdf"
    result = run("export", "pdf", "--db", demo_db, "-o", target, path_dirs=[empty])
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "libreoffice-writer-nogui" in result.stderr
    assert not target.exists()


def _stand_in_soffice(folder: Path, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    script = folder / "soffice"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)
    return script


def test_a_private_profile_per_conversion_outside_the_users_home(demo_db, tmp_path):
    """A stand-in soffice records its arguments and writes a PDF where it is told to."""
    log = tmp_path / "args.log"
    bin_dir = tmp_path / "bin"
    _stand_in_soffice(
        bin_dir,
        f'for a in "$@"; do echo "$a" >> {log}; done\necho --- >> {log}\n'
        'while [ "$1" != "--outdir" ]; do shift; done\n'
        '/bin/mkdir -p "$2"\nprintf "%%PDF-1.7 stand-in" > "$2/plan.pdf"\n',
    )
    for n in (1, 2):
        result = run(
            "export",
            "pdf",
            "--db",
            demo_db,
            "-o",
            tmp_path / f"p{n}.pdf",
            path_dirs=[bin_dir, "/usr/bin", "/bin"],
        )
        assert result.returncode == 0, result.stderr
        assert (tmp_path / f"p{n}.pdf").read_bytes() == b"%PDF-1.7 stand-in"
    runs = [r.strip().split("\n") for r in log.read_text().split("---\n") if r.strip()]
    assert len(runs) == 2
    profiles = [
        next(a for a in args if a.startswith("-env:UserInstallation=file://")) for args in runs
    ]
    assert len(set(profiles)) == 2  # a fresh profile each time
    for p in profiles:
        folder = Path(p.removeprefix("-env:UserInstallation=file://"))
        assert not folder.exists()  # removed with its conversion
        assert not str(folder).startswith(str(Path.home()))
    assert all("--headless" in args for args in runs)


def test_a_hung_libreoffice_is_stopped_and_the_old_file_kept(demo_db, tmp_path):
    pids = tmp_path / "pids"
    bin_dir = tmp_path / "bin"
    _stand_in_soffice(bin_dir, f"/bin/sleep 60 &\necho $$ $! > {pids}\nwait\n")
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"the earlier PDF")
    started = time.monotonic()
    result = run(
        "export",
        "pdf",
        "--db",
        demo_db,
        "-o",
        target,
        path_dirs=[bin_dir],
        env_extra={"KEHOACH_PDF_TIMEOUT": "2"},
    )
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and "2 s" in result.stderr
    assert target.read_bytes() == b"the earlier PDF"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".plan")) == []
    for pid in map(int, pids.read_text().split()):  # the stand-in and its child: both gone
        assert not _running(pid)


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for its parent to read its status."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status
