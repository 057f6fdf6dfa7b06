"""Crafted Word files: zip bombs made here (never committed), XML entities (#16 items 6, 7).

Each bomb is refused in one line by a real `kehoach import --dry-run`; its peak memory is
read from the process that refused it (resource.getrusage). Times are in bench/ and the
notes, not asserted here."""

from __future__ import annotations

import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.command import REPO, cli_env, run

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
MB = 1024 * 1024


def make_docx(path: Path, body_chunks, *, doctype: str = "") -> Path:
    """A Word package whose document.xml is written chunk by chunk (never whole in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", TYPES)
        zf.writestr("_rels/.rels", RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'.encode())
            fh.write(f'<w:document xmlns:w="{W_NS}"><w:body>'.encode())
            for chunk in body_chunks:
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")
    return path


def repeated(piece: bytes, total: int, block: int = MB):
    times = max(1, block // len(piece))
    chunk = piece * times
    written = 0
    while written < total:
        yield chunk
        written += len(chunk)


def para(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


# the peak resident memory of this process image: VmHWM (ru_maxrss would carry the peak of
# the pytest process it was forked from across exec)
MEASURE = """
import sys
from kehoach.export.importer import parse_file
from kehoach.store.errors import KehoachError
try:
    parse_file(sys.argv[1])
    print("READ")
except KehoachError as exc:
    print("REFUSED", exc.en)
with open("/proc/self/status") as fh:
    peak = next(line.split()[1] for line in fh if line.startswith("VmHWM:"))
print("PEAK_KB", peak)
"""


def refused_within_memory(path: Path, limit_mb: int = 150) -> str:
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        cwd=REPO,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("REFUSED "), result.stdout
    peak_mb = int(lines[-1].split()[1]) / 1024
    assert peak_mb < limit_mb, f"{peak_mb:.0f} MB"
    # and the command a person types says it in one line
    cli = run("import", path, "--dry-run", timeout=300)
    assert cli.returncode == 1 and "Traceback" not in cli.stderr, cli.stderr
    assert len(cli.stderr.strip().splitlines()) == 1
    return lines[0]


def test_a_bomb_of_100_mb_of_xml_is_refused_by_its_size(tmp_path):
    bomb = make_docx(tmp_path / "bomb.docx", repeated(para("Tập huấn kỹ thuật"), 100 * MB))
    assert bomb.stat().st_size < 1 * MB  # a few hundred KB holding 100 MB
    line = refused_within_memory(bomb)
    assert "unpacks to 101 MB, more than 48 MB" in line


def _lie_about_the_size(path: Path, name: str, size: int) -> None:
    """Write a smaller uncompressed size for `name` in the zip's central directory."""
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x01\x02" + bytes(0), 0)
    entry = name.encode()
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_len] == entry:
            extra_len = struct.unpack_from("<H", data, at + 30)[0]
            if struct.unpack_from("<I", data, at + 24)[0] == 0xFFFFFFFF or extra_len:
                # zip64: the real sizes are in the extra field (id 1): uncompressed first
                extra = at + 46 + name_len
                end = extra + extra_len
                while extra < end:
                    kind, length = struct.unpack_from("<HH", data, extra)
                    if kind == 1:
                        struct.pack_into("<Q", data, extra + 4, size)
                        break
                    extra += 4 + length
            else:
                struct.pack_into("<I", data, at + 24, size)
            path.write_bytes(bytes(data))
            return
        at = data.rfind(b"PK\x01\x02", 0, at)
    raise AssertionError("entry not found")


def test_a_bomb_that_lies_about_its_size_is_refused(tmp_path):
    bomb = make_docx(tmp_path / "liar.docx", repeated(para("Tập huấn"), 100 * MB))
    _lie_about_the_size(bomb, "word/document.xml", 200_000)
    with zipfile.ZipFile(bomb) as zf:
        assert zf.getinfo("word/document.xml").file_size == 200_000
    line = refused_within_memory(bomb)
    assert "damaged" in line or "refused" in line


def test_too_many_paragraphs_are_refused(tmp_path):
    from kehoach.export.docx_import import MAX_PARAGRAPHS

    bomb = make_docx(tmp_path / "paras.docx", [b"<w:p/>" * (MAX_PARAGRAPHS + 1)])
    line = refused_within_memory(bomb)
    assert "more than 50,000 paragraphs" in line


def test_too_many_table_rows_are_refused(tmp_path):
    from kehoach.export.docx_import import MAX_ROWS

    row = b"<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>"
    bomb = make_docx(tmp_path / "rows.docx", [b"<w:tbl>", row * (MAX_ROWS + 1), b"</w:tbl>"])
    line = refused_within_memory(bomb)
    assert "more than 50,000 table rows" in line


def test_too_many_paragraphs_in_cells_are_refused(tmp_path):
    one_cell = [b"<w:tbl><w:tr><w:tc>", para("Tập huấn") * 1001, b"</w:tc></w:tr></w:tbl>"]
    line = refused_within_memory(make_docx(tmp_path / "cell.docx", one_cell))
    assert "table 1, row 1, column 1: more than 1,000 paragraphs in one cell" in line
    row = b"<w:tr>" + b"<w:tc>" + para("x") * 900 + b"</w:tc></w:tr>"
    many = [b"<w:tbl>", row * 200, b"</w:tbl>"]
    line = refused_within_memory(make_docx(tmp_path / "cells.docx", many))
    assert "more than 150,000 paragraphs in its tables" in line


def test_too_many_runs_are_refused(tmp_path):
    runs = b"<w:p>" + b"<w:r><w:t>a</w:t></w:r>" * 320_000 + b"</w:p>"
    line = refused_within_memory(make_docx(tmp_path / "runs.docx", [runs]))
    assert "more than 600,000 paragraphs, runs, cells and rows" in line


def test_a_cell_spanning_a_billion_columns_is_refused(tmp_path):
    cell = (
        b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr>'
        b"<w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    line = refused_within_memory(make_docx(tmp_path / "span.docx", [cell]))
    assert "table 1, row 1, column 1: more than 64 columns" in line


def test_millions_of_elements_are_refused_and_stay_within_memory(tmp_path):
    """Empty elements that no other rule counts, in one paragraph and beside it."""
    flood = make_docx(
        tmp_path / "flood.docx",
        [b"<w:p><w:r>", *repeated(b"<x/>", 8 * MB), b"</w:r></w:p>", *repeated(b"<y/>", 8 * MB)],
    )
    line = refused_within_memory(flood)
    assert "more than 3,000,000 XML elements" in line


def test_elements_under_every_limit_are_read_within_memory(tmp_path):
    """Just under the element limit, 2.6 million of them: read (the tree is pruned as it
    goes) and found not to be a plan."""
    flood = make_docx(
        tmp_path / "flood.docx",
        [b"<w:p><w:r>", *repeated(b"<x/>", 5 * MB), b"</w:r></w:p>", *repeated(b"<y/>", 5 * MB)],
    )
    line = refused_within_memory(flood)
    assert "not a learning-centre plan" in line


def test_a_real_plan_of_10000_activities_still_imports(tmp_path, demo_db):
    import sqlite3

    con = sqlite3.connect(demo_db)
    plan_id = con.execute("SELECT id FROM plan ORDER BY revision DESC LIMIT 1").fetchone()[0]
    rows = con.execute(
        "SELECT content, programme_id, target_group, classes, learners, budget, place, partner"
        " FROM activity WHERE plan_id = ?",
        (plan_id,),
    ).fetchall()
    con.execute("DELETE FROM activity WHERE plan_id = ?", (plan_id,))
    con.executemany(
        "INSERT INTO activity (plan_id, month, position, content, programme_id, target_group,"
        " classes, learners, budget, place, partner, note, version, status, held_note)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 1, 'planned', '')",
        [
            (plan_id, i % 12 + 1, i // 12 + 1, f"{r[0]} — đợt {i + 1}", *r[1:])
            for i, r in ((i, rows[i % len(rows)]) for i in range(10_000))
        ],
    )
    con.commit()
    con.close()
    word = tmp_path / "big.docx"
    done = run("export", "docx", "-o", word, "--db", demo_db, timeout=600)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(word) as zf:
        assert zf.getinfo("word/document.xml").file_size > 20 * MB
    result = run("import", word, "--dry-run", timeout=600)
    assert result.returncode == 0, result.stderr
    assert "activities: 10000" in result.stdout


# item 7 -------------------------------------------------------------------------------

ENTITY_DOCTYPE = '<!DOCTYPE w:document [<!ENTITY xxe "ĐÃ THAY">]>'


def _plan_with(cell_text: str, tmp_path: Path, *, doctype: str = "") -> Path:
    row = (
        "<w:tr>"
        + "".join(
            f"<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>"
            for t in ("TT", "Nội dung", "Số lớp")
        )
        + "</w:tr>"
    )
    bad = (
        "<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
        f"<w:tc><w:p><w:r><w:t>{cell_text}</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr>"
    )
    body = [
        para("KẾ HOẠCH"),
        para("Hoạt động của Trung tâm học tập cộng đồng năm 2025"),
        para("Tháng 1"),
        f"<w:tbl>{row}{bad}</w:tbl>".encode(),
    ]
    return make_docx(tmp_path / "entity.docx", body, doctype=doctype)


def test_an_entity_in_a_cell_refuses_the_file_saying_which_cell(tmp_path):
    from kehoach.export.importer import parse_file
    from kehoach.store.errors import KehoachError

    path = _plan_with("Tập huấn XXE[&xxe;] cho nông dân", tmp_path, doctype=ENTITY_DOCTYPE)
    with pytest.raises(KehoachError) as info:
        parse_file(path)
    assert "table 1, row 2, column 2" in info.value.en and "&xxe;" in info.value.en
    assert "ĐÃ THAY" not in info.value.en  # never resolved
    cli = run("import", path, "--dry-run")
    assert cli.returncode == 1 and "table 1, row 2, column 2" in cli.stderr


def test_an_entity_in_a_paragraph_is_refused_too(tmp_path):
    from kehoach.export.importer import parse_file
    from kehoach.store.errors import KehoachError

    path = make_docx(
        tmp_path / "p.docx",
        [para("KẾ HOẠCH"), para("Căn cứ &xxe; năm 2025")],
        doctype=ENTITY_DOCTYPE,
    )
    with pytest.raises(KehoachError) as info:
        parse_file(path)
    assert "paragraph 2" in info.value.en


def test_an_entity_defined_outside_is_never_fetched(tmp_path):
    from kehoach.export.importer import parse_file
    from kehoach.store.errors import KehoachError

    secret = tmp_path / "secret.txt"
    secret.write_text("MẬT KHẨU")
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    path = _plan_with("Tập huấn XXE[&xxe;]", tmp_path, doctype=doctype)
    with pytest.raises(KehoachError) as info:
        parse_file(path)
    assert "MẬT KHẨU" not in info.value.en and "table 1, row 2, column 2" in info.value.en


def test_a_cell_with_escaped_characters_keeps_all_its_text(tmp_path):
    from kehoach.export.docx_import import docx_blocks

    path = _plan_with("Tập huấn &amp; &lt;b&gt; XXE[&#x41;] hết", tmp_path)
    table = [b for b in docx_blocks(path) if b.is_table][0]
    assert table.rows[1][1] == "Tập huấn & <b> XXE[A] hết"
