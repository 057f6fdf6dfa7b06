"""Import a plan file (the seed's text form, or Word .docx) into the database."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kehoach.store.document import PlanDoc
from kehoach.store.errors import KehoachError
from kehoach.store.models import Plan
from kehoach.store.plans import save_document

from .plan_reader import ImportReport, read_plan
from .text_plan import text_blocks

SEED_NAME = "ke-hoach-tthtcd-tan-huong-2024.txt"
MAX_TEXT_BYTES = 5 * 1024 * 1024


def seed_text() -> str:
    """The Tân Hương 2024 plan shipped with the program (the demo)."""
    return resources.files("kehoach.store").joinpath("data", SEED_NAME).read_text(encoding="utf-8")


def parse_text(text: str) -> tuple[PlanDoc, ImportReport]:
    return read_plan(text_blocks(text))


def parse_file(path: str | Path) -> tuple[PlanDoc, ImportReport]:
    """Read a .docx, an .xlsx (month tables) or a text plan into a PlanDoc; a file that
    is not a plan raises."""
    path = Path(path)
    try:
        # a Word file is read part by part, with bounds (docx_import); only a text file is
        # read whole, and only up to MAX_TEXT_BYTES
        with open(path, "rb") as fh:
            data = fh.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        raise KehoachError(
            f"Không đọc được {path}: {exc.strerror}.", f"cannot read {path}: {exc.strerror}"
        ) from None
    if not data.strip():
        raise KehoachError(f"Tệp {path} rỗng.", f"{path} is empty")
    suffix = path.suffix.lower()
    if suffix in (".docx", ".xlsx") and data[:4] != b"PK\x03\x04":
        # named as Word or Excel but not a zip package: say so, not "not a plan"
        kind_vi, kind_en = ("Word", "Word") if suffix == ".docx" else ("Excel", "Excel")
        raise KehoachError(
            f"Tệp {path} không phải tệp {kind_vi} ({suffix}).",
            f"{path} is not a {kind_en} file ({suffix})",
        )
    if data[:4] == b"PK\x03\x04":
        del data
        if not zipfile.is_zipfile(path):
            raise KehoachError(f"Tệp {path} bị hỏng.", f"{path} is damaged")
        from .xlsx_import import is_workbook

        if is_workbook(path):
            from .xlsx_import import read_workbook

            return read_workbook(path)
        from .docx_import import docx_blocks

        return read_plan(docx_blocks(path))
    if len(data) > MAX_TEXT_BYTES:
        raise KehoachError(
            f"Tệp {path} quá lớn để là một kế hoạch.", f"{path} is too large to be a plan"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KehoachError(
            f"Tệp {path} không phải văn bản UTF-8 hay tệp Word (.docx).",
            f"{path} is neither UTF-8 text nor a Word (.docx) file",
        ) from None
    return parse_text(text)


def load_demo() -> Plan:
    """Store the Tân Hương 2024 plan in the open database and return it."""
    doc, _ = parse_text(seed_text())
    return save_document(doc, action="import")


def existing_plan(doc: PlanDoc) -> Plan | None:
    """The stored plan `doc` would replace: the same centre (the commune its header names)
    and the same period. Another commune's plan for the same year is never it."""
    from kehoach.store.centres import centre_of_document
    from kehoach.store.plans import find_plan

    centre = centre_of_document(doc.centre)
    if centre is None:
        return None
    return find_plan(doc.year, centre)


def import_file(
    path: str | Path,
    *,
    dry_run: bool = False,
    replace: bool = False,
    db_path: Path | None = None,
    parsed: tuple[PlanDoc, ImportReport] | None = None,
) -> tuple[Plan | None, ImportReport]:
    """Read `path` and store it as a new plan, all or nothing. `replace` replaces the
    period's current plan (after a backup of the database); without it, a period that has
    a plan already is refused."""
    from kehoach.store.db import writing
    from kehoach.store.plans import replace_plan

    doc, report = parsed or parse_file(path)
    if dry_run:
        return None, report
    # the check and the write in one BEGIN IMMEDIATE transaction: no submit, approval or
    # amendment can come between what is checked and what is replaced
    with writing():
        existing = existing_plan(doc)  # its own centre's plan for that period, or None
        if existing is not None and not replace:
            raise KehoachError(
                f"Đã có kế hoạch năm {doc.year} của xã {existing.centre.commune}; "
                "dùng --replace để thay.",
                f"there is a {doc.year} plan of {existing.centre.commune} already; "
                "use --replace to replace it",
            )
        if existing is None:
            return save_document(doc, action="import"), report
        from kehoach.store.editing import ensure_editable

        ensure_editable(existing)  # submitted or approved: refused before any backup
        if db_path is not None:
            from kehoach.store.backup import backup_database
            from kehoach.store.server import NotWhole

            try:
                backup_database(db_path, reason="import-replace")
            except NotWhole:  # a centre's role: its copy would be a part that looks whole
                report.notes.append(
                    (
                        "Không sao lưu trước khi thay: vai trò này chỉ thấy trung tâm của "
                        "mình; bản sao của máy chủ do chủ cơ sở dữ liệu làm.",
                        "no backup before replacing: this role sees its own centre only; "
                        "the server's backups are the database owner's",
                    )
                )
        return replace_plan(existing, doc), report


PLAN_SUFFIXES = (".docx", ".xlsx", ".txt")
DRY_RUN = "dry run"


def plan_files(paths: list[Path]) -> list[Path]:
    """The files to import: each file named, and every .docx, .xlsx and .txt in each folder named
    (not its subfolders; Word's "~$" lock files left out), in name order."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(
                (
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and p.suffix.lower() in PLAN_SUFFIXES
                    and not p.name.startswith("~$")
                ),
                key=lambda p: p.name,
            )
        else:
            out.append(path)
    return out


@dataclass
class ImportOutcome:
    """One file of a batch import: what it holds and what became of it."""

    file: Path
    commune: str = ""
    period: str = ""
    activities: int | None = None
    learners: int | None = None
    budget: int | None = None
    imported: bool = False
    why: str = ""  # the reason it was skipped (the error's English line)
    why_vi: str = ""  # … and its Vietnamese line

    def result(self, english: bool = False) -> str:
        """What became of it, in a word (a skipped file's reason is said under the table)."""
        if self.imported:
            return "imported" if english else "đã nhập"
        if self.why == DRY_RUN:
            return "read" if english else "đã đọc"
        return "skipped" if english else "bỏ qua"

    def reason(self, english: bool = False) -> str:
        """Why it was skipped ("" when it was not)."""
        if self.imported or self.why == DRY_RUN:
            return ""
        return self.why if english else self.why_vi


def import_many(
    paths: list[Path],
    *,
    dry_run: bool = False,
    replace: bool = False,
    db_path: Path | None = None,
) -> list[ImportOutcome]:
    """Import each file in its own transaction; one that cannot be read or stored is
    skipped with its reason and the others go on. With `replace`, the database is backed
    up once, before the first plan replaced."""
    from peewee import OperationalError

    from kehoach.store.document import period_label
    from kehoach.store.errors import busy_error

    outcomes = []
    for path in paths:
        out = ImportOutcome(path)
        outcomes.append(out)
        try:
            doc, report = parse_file(path)
            out.commune = doc.centre.commune
            out.period = period_label(doc.year, doc.period_kind)
            out.activities = len(doc.activities)
            out.learners = sum(a.learners or 0 for a in doc.activities)
            out.budget = sum(a.budget or 0 for a in doc.activities)
            if dry_run:
                out.why = DRY_RUN
                continue
            backup = db_path if replace and existing_plan(doc) is not None else None
            import_file(path, replace=replace, parsed=(doc, report), db_path=backup)
            if backup is not None:
                db_path = None  # one backup for the batch
            out.imported = True
        except KehoachError as exc:
            # the table names the file
            out.why = exc.en.replace(str(path), path.name)
            out.why_vi = exc.vi.replace(str(path), path.name)
        except OperationalError as exc:
            busy = busy_error(exc)
            out.why, out.why_vi = busy.en, busy.vi
    return outcomes


OUTCOME_HEADERS = {
    False: ("tệp", "xã", "kỳ", "HĐ", "học viên", "kinh phí", "kết quả"),
    True: ("file", "commune", "period", "acts", "learners", "budget", "result"),
}


def outcome_table(outcomes: list[ImportOutcome], *, english: bool = False) -> str:
    """The batch's table within 80 columns — file, commune, period, activities, learners,
    budget, result (names cut with "…") — then why each skipped file was skipped, one
    wrapped line each; in Vietnamese, or English."""
    import textwrap

    from kehoach.store.vntext import format_int, format_money

    from .text_table import cut, narrow_table

    rows = [
        (
            cut(o.file.name, 20),
            cut(o.commune, 12),
            o.period.removeprefix("năm học ").removeprefix("năm "),
            format_int(o.activities),
            format_int(o.learners),
            format_money(o.budget),
            o.result(english),
        )
        for o in outcomes
    ]
    table = narrow_table(
        rows,
        OUTCOME_HEADERS[english],
        ("left", "left", "left", "right", "right", "right", "left"),
    )
    reasons = [
        textwrap.fill(
            f"- {o.file.name}: {o.reason(english)}",
            80,
            subsequent_indent="  ",
            break_on_hyphens=False,
        )
        for o in outcomes
        if o.reason(english)
    ]
    return "\n".join([table, *reasons])
