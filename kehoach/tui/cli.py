"""The command line: starts the app, or does one job without a screen.

Exit codes (interface.md): 0 done; 1 the work could not be done, with one line on stderr
saying what and where; 2 wrong usage. Textual is imported only when the app opens.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from peewee import DatabaseError, DoesNotExist, InterfaceError, OperationalError

from kehoach.store.errors import KehoachError, busy_error


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kehoach")
    except PackageNotFoundError:  # running from a source tree
        return "0+unknown"


class CliError(KehoachError):
    """One line for stderr, exit 1: Vietnamese, and English for an English locale."""


def english() -> bool:
    """Does the user read English? The first of LC_ALL, LC_MESSAGES, LANG that is set
    decides (POSIX's order); Vietnamese unless it starts with `en` — the users are
    Vietnamese officials, and a server's C/POSIX locale says nothing about them."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return value.startswith("en")
    return False


def say(vi: str, en: str) -> str:
    """The message in the user's language (see english())."""
    return en if english() else vi


def _count(n: int, noun: str) -> str:
    """English: "1 error", "3 errors"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def fit(line: str, width: int = 80) -> str:
    """A line of at most `width` columns, cut with "…" (NFC Vietnamese is one column a
    character)."""
    line = line.rstrip()
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


class _VersionAction(argparse.Action):
    """--version, reading the package metadata only when asked."""

    def __init__(
        self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None
    ):
        super().__init__(
            option_strings, dest, nargs=0, default=default, help="show the version and exit"
        )

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"kehoach {_version()}")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse's parser, its usage errors wrapped at 80 columns (the list of choices of
    a mistyped format ran to 189)."""

    def error(self, message: str):  # type: ignore[override]
        import textwrap

        self.print_usage(sys.stderr)
        text = textwrap.fill(
            f"{self.prog}: error: {message}",
            width=80,
            subsequent_indent="  ",
            break_long_words=True,
            break_on_hyphens=False,
        )
        self.exit(2, text + "\n")


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a year") from None
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"{year} is not a plausible year")
    return year


# Global options (--db, --year, the app's) are read before the command or after it:
# `kehoach --db X check` and `kehoach check --db X` are the same. The top-level parser
# gives them their defaults; a command's copy has none (SUPPRESS), so it only sets the
# value when the option is written after the command, never resets one written before.


def _global(p: argparse.ArgumentParser, top: bool, *names: str, **kwargs: object) -> None:
    """One global option (above): argparse's default on the top-level parser, none on a
    command's copy."""
    if not top:
        kwargs["default"] = argparse.SUPPRESS
    p.add_argument(*names, **kwargs)


def _add_db(p: argparse.ArgumentParser, top: bool = False) -> None:
    _global(p, top, "--db", metavar="PATH", help="database file (KEHOACH_DB wins if set)")


def _add_year(p: argparse.ArgumentParser, top: bool = False) -> None:
    _global(p, top, "--year", type=_year, metavar="YEAR", help="the plan's year (default: latest)")
    _global(
        p,
        top,
        "--revision",
        type=_revision,
        metavar="N",
        help="that revision of the plan (default: the current one, the highest)",
    )
    _add_centre(p, top)


def _revision(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a revision number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{n} is not a revision number (1, 2, …)")
    return n


def _add_centre(p: argparse.ArgumentParser, top: bool = False) -> None:
    _global(
        p,
        top,
        "--centre",
        metavar="NAME",
        help="the commune whose centre's plan (diacritics and 'xã' optional; needed only "
        "when the database holds several centres)",
    )


def _add_app_options(p: argparse.ArgumentParser, top: bool = False) -> None:
    _global(
        p,
        top,
        "--theme",
        metavar="NAME",
        help="Textual theme (default: chosen by the terminal's colours)",
    )
    _global(p, top, "--mouse", action="store_true", help="turn mouse reporting on")
    _global(
        p,
        top,
        "--low-bandwidth",
        action="store_true",
        help="few colours, no decorations, fewest bytes (on by itself below 256 colours)",
    )


def _demo(demo: argparse.ArgumentParser) -> None:
    _add_db(demo)
    demo.add_argument("--no-open", action="store_true", help="only write the demo database")
    demo.add_argument(
        "--force",
        action="store_true",
        help="replace a file that is not a demo database (a copy is kept first)",
    )
    _add_app_options(demo)
    demo.set_defaults(func=cmd_demo)


def _export(export: argparse.ArgumentParser) -> None:
    export.add_argument(
        "format",
        metavar="FORMAT",  # the list of formats in the help below: within 80 columns
        choices=[
            "docx",
            "text",
            "md",
            "pdf",
            "xlsx",
            "report-docx",
            "report-text",
            "report-pdf",
            "summary-docx",
            "summary-text",
        ],
        help="docx, text, md, pdf: the plan; xlsx: its month tables as a workbook; "
        "report-docx, report-text, report-pdf: the year-end results report (pdf: rendered "
        "by LibreOffice); summary-docx, summary-text: every centre's plan for the year, "
        "for the province",
    )
    _add_year(export)
    export.add_argument("-o", "--output", metavar="FILE", help="file to write, or - for stdout")
    export.add_argument(
        "--totals",
        action="store_true",
        help="Word: add a totals row under each month and an annual table with the budget in words",
    )
    export.add_argument(
        "--portrait",
        action="store_true",
        help="Word: keep the month tables (section 6) on portrait pages; by default they go on "
        "landscape pages, where each activity reads in one or two lines",
    )
    for option, key, example in (
        ("--issuer", "issuing_body", "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH LẠNG SƠN"),
        ("--issuer-parent", "parent_body", "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"),
        ("--issuer-code", "code", "SGDĐT"),
        ("--issuer-place", "place", "Lạng Sơn"),
    ):
        export.add_argument(
            option,
            dest=f"issuer_{key}",
            metavar="TEXT",
            help=f"summary-*: e.g. {example!r} (remembered for the next summaries)",
        )
    _add_db(export)
    export.set_defaults(func=cmd_export)


def _check(check: argparse.ArgumentParser) -> None:
    _add_year(check)
    _add_db(check)
    check.set_defaults(func=cmd_check)


def _import(imp: argparse.ArgumentParser) -> None:
    imp.add_argument(
        "file",
        metavar="FILE",
        nargs="+",
        help="a plan file, several, or a folder (every .docx, .xlsx and .txt in it)",
    )
    imp.add_argument("--dry-run", action="store_true", help="only report what was read")
    imp.add_argument(
        "--replace", action="store_true", help="replace that period's plan (after a backup)"
    )
    _add_db(imp)
    imp.set_defaults(func=cmd_import)


def _add_force(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--force",
        action="store_true",
        help="go on without asking when the checks find errors",
    )


def _plan_steps(plan: argparse.ArgumentParser) -> None:
    plan_sub = plan.add_subparsers(dest="plan_command", metavar="STEP", required=True)
    p_list = plan_sub.add_parser("list", help="the plans in the database")
    _add_centre(p_list)
    _add_db(p_list)
    p_list.set_defaults(func=cmd_plan_list)
    p_new = plan_sub.add_parser("new", help="a new plan copied from an earlier one")
    p_new.add_argument("new_year", type=_year, metavar="YEAR")
    p_new.add_argument("--from", dest="from_year", type=_year, metavar="YEAR")
    _add_centre(p_new)
    _add_db(p_new)
    p_new.set_defaults(func=cmd_plan_new)
    for name, helptext in (
        ("submit", "submit the plan for approval"),
        ("amend", "start an amendment of an approved plan"),
    ):
        p = plan_sub.add_parser(name, help=helptext)
        if name == "submit":
            _add_force(p)
        _add_year(p)
        _add_db(p)
        p.set_defaults(func=cmd_plan_step, step=name)
    p_approve = plan_sub.add_parser("approve", help="record the approval")
    p_approve.add_argument("--by", required=True, metavar="NAME", help="the signer's name")
    p_approve.add_argument("--title", required=True, metavar="TITLE", help="e.g. PHÓ TRƯỞNG PHÒNG")
    p_approve.add_argument("--authority", metavar="LINE", default="", help="e.g. KT. TRƯỞNG PHÒNG")
    p_approve.add_argument("--date", metavar="D", help="approval date (dd/mm/yyyy)")
    _add_force(p_approve)
    _add_year(p_approve)
    _add_db(p_approve)
    p_approve.set_defaults(func=cmd_plan_step, step="approve")
    p_return = plan_sub.add_parser("return", help="record that the plan was returned")
    p_return.add_argument("--comment", required=True, metavar="TEXT")
    _add_year(p_return)
    _add_db(p_return)
    p_return.set_defaults(func=cmd_plan_step, step="return")


def _backup(backup: argparse.ArgumentParser) -> None:
    backup.add_argument(
        "-o", "--output", metavar="FILE", help="where (default: backups/ beside it)"
    )
    _add_db(backup)
    backup.set_defaults(func=cmd_backup)


def _restore(restore: argparse.ArgumentParser) -> None:
    restore.add_argument("file", metavar="FILE")
    _add_db(restore)
    restore.set_defaults(func=cmd_restore)


def _log(log: argparse.ArgumentParser) -> None:
    _add_year(log)
    _add_db(log)
    log.set_defaults(func=cmd_log)


def _copies(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of copies") from None
    if not 1 <= n <= 99:
        raise argparse.ArgumentTypeError(f"{n} copies: give 1 to 99")
    return n


def _print(p: argparse.ArgumentParser) -> None:
    p.add_argument("--copies", "-n", type=_copies, default=1, metavar="N", help="copies (1)")
    p.add_argument("--printer", "-d", metavar="NAME", help="CUPS printer (default: CUPS's own)")
    _add_year(p)
    _add_db(p)
    p.set_defaults(func=cmd_print)


def _server(p: argparse.ArgumentParser) -> None:
    steps = p.add_subparsers(dest="server_command", metavar="STEP", required=True)
    centre = steps.add_parser(
        "add-centre", help="a login role that reads and changes one centre's rows only"
    )
    centre.add_argument("name", metavar="NAME", help="the centre's commune")
    centre.add_argument("--role", required=True, metavar="ROLE", help="the role (made if new)")
    _add_db(centre)
    centre.set_defaults(func=cmd_server, step="add-centre")
    office = steps.add_parser(
        "add-office", help="a login role that reads every centre and records approvals"
    )
    office.add_argument("--role", required=True, metavar="ROLE", help="the role (made if new)")
    _add_db(office)
    office.set_defaults(func=cmd_server, step="add-office")


def _db(p: argparse.ArgumentParser) -> None:
    steps = p.add_subparsers(dest="db_command", metavar="STEP", required=True)
    copy = steps.add_parser(
        "copy", help="copy every centre's plans and audit trail into another database"
    )
    copy.add_argument("--from", dest="source", required=True, metavar="FILE_OR_URL")
    copy.add_argument("--to", dest="target", required=True, metavar="FILE_OR_URL")
    copy.set_defaults(func=cmd_db_copy)


# command: (help, what it takes)
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "demo": ("fresh demo database holding the Tân Hương 2024 plan, opened in the app", _demo),
    "export": ("write the plan (Word, PDF, text, Markdown) or the year-end report", _export),
    "check": ("problems in the plan; exit 1 when any is an error", _check),
    "import": ("read a plan from a .docx or the seed's text form", _import),
    "plan": ("list plans, start a new one, and the approval steps", _plan_steps),
    "backup": ("a consistent copy of the database (online backup)", _backup),
    "restore": (
        "replace the database with a backup (checked first; current one kept)",
        _restore,
    ),
    "log": ("the audit trail: every change, who, when, before and after", _log),
    "print": ("send the plan as PDF to the office printer (CUPS lp)", _print),
    "server": ("a PostgreSQL server's roles: one per centre, one for the office", _server),
    "db": ("copy plans between a file and a server (db copy --from … --to …)", _db),
}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line. With `argv`, only the commands named in it are given their
    arguments (the others are listed for --help): a command that runs before a meeting
    should not pay for building ten others."""
    parser = _Parser(
        prog="kehoach",
        description="The annual activity plan of a commune Community Learning Centre (TTHTCĐ).",
    )
    parser.add_argument("--version", action=_VersionAction)
    _add_db(parser, top=True)
    _add_year(parser, top=True)
    _add_app_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    named = set(argv) if argv is not None else set(COMMANDS)
    for name, (helptext, define) in COMMANDS.items():
        command = sub.add_parser(name, help=helptext)
        if name in named:
            define(command)
    return parser


def open_db(path_arg: str | None, *, create: bool = False) -> Path:
    """Open the user's database (migrating it, the day's first backup made). Only the
    commands that can start from nothing (the app, import, restore) pass `create`; the
    others refuse a missing file, or one that is not a kehoach database, in one line and
    write nothing."""
    from kehoach.store.db import open_database, resolve_db_path

    path = resolve_db_path(path_arg)
    open_database(path, daily_backup=True, create=create)
    return path


def _need_a_terminal() -> None:
    """The app reads keys from stdin and draws on stderr (Textual's choice): both must be a
    terminal. `ssh office kehoach` without -t has none, and the app would draw into a pipe
    and spin on the input's end."""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise CliError(
            "Chương trình cần một terminal (qua SSH: ssh -t); không có thì dùng một lệnh "
            "như export hoặc check (xem kehoach --help).",
            "the app needs a terminal (over SSH: ssh -t); without one, give a command such "
            "as export or check (see kehoach --help)",
        )


def make_app(db_path: Path | str, args: argparse.Namespace):
    """The app as the options ask for it (not yet running)."""
    from .app import KehoachApp

    return KehoachApp(
        db_path=db_path,
        year=getattr(args, "year", None),
        centre_id=getattr(args, "centre_id", None),
        plan_id=getattr(args, "plan_id", None),
        theme=getattr(args, "theme", None),
        mouse=getattr(args, "mouse", False),
        low_bandwidth=getattr(args, "low_bandwidth", False),
    )


def run_app(db_path: Path | str, args: argparse.Namespace) -> int:
    app = make_app(db_path, args)
    app.run(mouse=app.mouse_enabled)
    return app.return_code or 0


def prepare_app(args: argparse.Namespace) -> Path:
    """The database opened (created or migrated, the day's backup made) and the options
    resolved to a centre and a revision: a problem is one line before any screen; the app
    goes on with this connection (same thread)."""
    path = open_db(args.db, create=True)
    if args.centre:  # an unknown or ambiguous name is one line before any screen
        from kehoach.store.centres import find_centre

        args.centre_id = find_centre(args.centre).id
    if getattr(args, "revision", None) is not None:
        # that revision, shown read-only when it is not the current one (an older
        # revision is approved: the edit keys refuse and say why)
        args.plan_id = _plan(args).id
    return path


def cmd_open(args: argparse.Namespace) -> int:
    _need_a_terminal()  # before anything is created or migrated
    return run_app(prepare_app(args), args)


def _refuse_to_overwrite_real_plans(path: Path, force: bool) -> None:
    """`demo` writes a new file, or replaces a demo database it wrote itself; anything
    else (a real Tân Hương database too) is refused, unless --force, which keeps a copy
    first and says where."""
    from kehoach.store.db import communes_in, is_demo_file

    if not path.exists() or path.stat().st_size == 0 or is_demo_file(path):
        return
    if not force:
        communes = communes_in(path)
        if communes is None:
            raise CliError(
                f"Tệp {path} đã có và không phải cơ sở dữ liệu mẫu; chọn tệp khác (--db), "
                "hoặc --force để thay (giữ một bản sao trước).",
                f"{path} exists and is not a kehoach demo database; choose another --db "
                "(or --force to replace it, a copy kept)",
            )
        if communes - {"Tân Hương"}:
            what_vi, what_en = "kế hoạch của trung tâm khác", "other centres' plans"
        else:
            what_vi, what_en = "kế hoạch không do lệnh demo ghi", "plans not written by demo"
        raise CliError(
            f"Tệp {path} chứa {what_vi}; bản mẫu cần tệp riêng (--db), "
            "hoặc --force để thay (giữ một bản sao trước).",
            f"{path} holds {what_en}; the demo needs its own file (--db), "
            "or --force to replace it (a copy is kept first)",
        )
    from kehoach.store.backup import backup_database, backup_file

    if communes_in(path) is None:  # not a database: its bytes as they are
        saved = backup_file(path, reason="before-demo")
    else:  # a consistent copy, even of a database someone is writing
        saved = backup_database(path, reason="before-demo")
    print(
        say(
            f"Tệp {path.name} cũ được giữ ở {saved}",
            f"the previous {path.name} is kept in {saved}",
        )
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from kehoach.export.importer import load_demo
    from kehoach.store.db import demo_db_path, mark_demo, open_database

    if not args.no_open:
        _need_a_terminal()  # before anything is written
    path = demo_db_path(args.db)
    if isinstance(path, str):  # a server's URL: shared, so the demo never replaces anything
        return _demo_on_server(path, args)
    path.parent.mkdir(parents=True, exist_ok=True)
    _refuse_to_overwrite_real_plans(path, args.force)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_database(path)
    plan = load_demo()
    mark_demo(db)
    if args.no_open:
        db.close()
        _print_wrapped(  # ~/.local/share/kehoach/demo.db of a real home: 85 columns
            say(
                f"Đã ghi cơ sở dữ liệu mẫu: {path} (kế hoạch năm {plan.year})",
                f"demo database written: {path} (plan {plan.year})",
            )
        )
        return 0
    args.year = plan.year
    return run_app(path, args)


def _demo_on_server(url: str, args: argparse.Namespace) -> int:
    from kehoach.export.importer import load_demo
    from kehoach.store.db import open_database
    from kehoach.store.models import Plan
    from kehoach.store.server import describe

    db = open_database(url)
    if Plan.select().exists():
        db.close()
        raise CliError(
            f"{describe(url)} đã có kế hoạch: trên máy chủ, dữ liệu mẫu chỉ ghi vào một cơ sở "
            "dữ liệu còn trống.",
            f"{describe(url)} holds plans already: the demo is written only into an empty "
            "database on a server",
        )
    plan = load_demo()
    if args.no_open:
        db.close()
        print(
            say(
                f"Đã ghi dữ liệu mẫu: {describe(url)} (kế hoạch năm {plan.year})",
                f"demo database written: {describe(url)} (plan {plan.year})",
            )
        )
        return 0
    args.year = plan.year
    return run_app(url, args)


def _plan(args: argparse.Namespace):
    """The plan a command is about: its centre (--centre, or the only one) and its year."""
    from kehoach.store.centres import resolve_centre
    from kehoach.store.plans import get_plan

    open_db(args.db)
    centre = resolve_centre(getattr(args, "centre", None))
    if centre is None:
        raise KehoachError("Chưa có kế hoạch nào.", "there is no plan yet")
    plan = get_plan(getattr(args, "year", None), centre)
    revision = getattr(args, "revision", None)
    if revision is not None and revision != plan.revision:
        from kehoach.store.plans import get_revision

        plan = get_revision(centre, plan.year, revision)
    from kehoach.store.guards import ensure_in_range

    ensure_in_range([plan.id])
    return plan


def cmd_export(args: argparse.Namespace) -> int:
    from kehoach.export.files import default_export_path, ensure_export_dir
    from kehoach.export.plan_export import export_bytes, export_to

    if args.format.startswith("summary-"):
        return _export_summary(args)
    plan = _plan(args)
    if args.output == "-":
        data = export_bytes(plan, args.format, totals=args.totals, portrait=args.portrait)
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        _say_which_revision(plan, args)
        return 0
    if args.output:
        target = Path(args.output).expanduser()
    else:
        ensure_export_dir()
        target = default_export_path(plan, args.format)
    path = export_to(plan, args.format, target, totals=args.totals, portrait=args.portrait)
    print(path)
    _say_which_revision(plan, args)
    return 0


def _say_which_revision(plan, args: argparse.Namespace) -> None:
    """The plan written is a newer draft (or submitted amendment) while an earlier revision
    is the approved one, and no --revision was given: say on stderr which was written and
    how to get the approved one (someone exporting before a meeting may want that)."""
    from kehoach.store.models import STATUS_APPROVED, STATUS_LABELS, Plan

    if getattr(args, "revision", None) is not None or plan.status == STATUS_APPROVED:
        return
    if args.format.startswith("report-"):  # the year's results: the current revision's
        return
    approved = (
        Plan.select(Plan.revision)
        .where(
            (Plan.centre == plan.centre_id)
            & (Plan.year == plan.year)
            & (Plan.period_kind == plan.period_kind)
            & (Plan.status == STATUS_APPROVED)
            & (Plan.revision < plan.revision)
        )
        .order_by(Plan.revision.desc())
        .first()
    )
    if approved is None:
        return
    n, m = plan.revision, approved.revision
    note = say(
        f"Đã ghi bản {n} ({STATUS_LABELS[plan.status].lower()}); bản {m} đã phê duyệt: "
        f"thêm --revision {m}.",
        f"wrote revision {n} ({plan.status}); revision {m} is approved: add --revision {m}",
    )
    _print_wrapped(f"kehoach: {note}", file=sys.stderr)


def _export_summary(args: argparse.Namespace) -> int:
    """The province's summary of every centre's plan for the year."""
    from kehoach.export.files import default_export_dir, ensure_export_dir, write_atomic
    from kehoach.export.province import (
        ISSUER_KEYS,
        default_summary_name,
        render_summary_text,
        set_summary_issuer,
        summary_docx_bytes,
        summary_issuer,
    )
    from kehoach.store.centres import centres_view

    open_db(args.db)
    view = centres_view(getattr(args, "year", None))
    if view.year is None:
        raise KehoachError("Chưa có kế hoạch nào.", "there is no plan yet")
    from kehoach.store.guards import ensure_in_range
    from kehoach.store.models import Plan

    ensure_in_range([p.id for p in Plan.select(Plan.id).where(Plan.year == view.year)])
    given = {k: getattr(args, f"issuer_{k}", None) for k in ISSUER_KEYS}
    issuer = (
        set_summary_issuer(**given)
        if any(v is not None for v in given.values())
        else summary_issuer()
    )
    if args.format == "summary-docx":
        data = summary_docx_bytes(view, issuer)
    else:
        data = render_summary_text(view, issuer).encode("utf-8")
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    if args.output:
        target = Path(args.output).expanduser()
    else:
        ensure_export_dir()
        target = default_export_dir() / default_summary_name(view.year, args.format)
    print(write_atomic(target, lambda fh: fh.write(data)))
    return 0


def _print_wrapped(text: str, indent: str = "", width: int = 80, file=None) -> None:
    """A long message over as many lines as it needs, none wider than `width` (the
    continuation lines indented two more); on stdout, or `file`."""
    import textwrap

    print(
        textwrap.fill(
            text,
            width=width,
            initial_indent=indent,
            subsequent_indent=indent + "  ",
            break_long_words=True,
            break_on_hyphens=False,
        ),
        file=file,
    )


def cmd_check(args: argparse.Namespace) -> int:
    from kehoach.store.checks import check_plan

    plan = _plan(args)
    problems = check_plan(plan)
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    print(
        say(
            f"Kế hoạch năm {plan.year} xã {plan.centre.commune} (bản {plan.revision}): "
            f"{len(errors)} lỗi, {len(warnings)} cảnh báo",
            f"The {plan.year} plan of {plan.centre.commune} (revision {plan.revision}): "
            f"{_count(len(errors), 'error')}, {_count(len(warnings), 'warning')}",
        )
    )
    titles = (say("Lỗi", "Errors"), say("Cảnh báo", "Warnings"))
    for title, group in zip(titles, (errors, warnings), strict=True):
        if group:
            print(f"\n{title}:")
        for p in group:
            _print_wrapped(f"[{p.code}] {p.where}: {p.message}", indent="  ")
    return 1 if errors else 0


def cmd_import(args: argparse.Namespace) -> int:
    from kehoach.export.importer import import_file

    paths = [Path(f).expanduser() for f in args.file]
    if len(paths) > 1 or paths[0].is_dir():
        return _import_many(paths, args)
    path = paths[0]
    if not path.is_file():
        raise CliError(f"Không có tệp {path}.", f"{path}: no such file")
    # a dry run only reads the file: no database is opened, none is created
    db_path = None if args.dry_run else open_db(args.db, create=True)
    plan, report = import_file(path, dry_run=args.dry_run, replace=args.replace, db_path=db_path)
    for line in report.lines(english=english()):
        _print_wrapped(line)
    if plan is None:
        print(say("Chạy thử: chưa ghi gì.", "dry run: nothing was written"))
    else:
        print(
            say(
                f"Đã nhập thành kế hoạch năm {plan.year} xã {plan.centre.commune} "
                f"(bản {plan.revision}).",
                f"imported as the {plan.year} plan of {plan.centre.commune} "
                f"(revision {plan.revision})",
            )
        )
    return 0


def _import_many(paths: list[Path], args: argparse.Namespace) -> int:
    """Several files, or folders: each in its own transaction, then a table of what became
    of each; exit 1 when any was skipped."""
    from kehoach.export.importer import import_many, outcome_table, plan_files

    for path in paths:
        if not path.exists():
            raise CliError(f"Không có tệp hay thư mục {path}.", f"{path}: no such file or folder")
    files = plan_files(paths)
    if not files:
        where = ", ".join(str(p) for p in paths)
        raise CliError(
            f"Không có tệp .docx, .xlsx hay .txt nào trong {where}.",
            f"no .docx, .xlsx or .txt file in {where}",
        )
    db_path = None if args.dry_run else open_db(args.db, create=True)
    outcomes = import_many(files, dry_run=args.dry_run, replace=args.replace, db_path=db_path)
    print(outcome_table(outcomes, english=english()))
    done = sum(o.imported for o in outcomes)
    failed = [o for o in outcomes if not o.imported and not args.dry_run]
    if args.dry_run:
        print(
            say(
                f"Chạy thử: đã đọc {len(outcomes)} tệp, chưa ghi gì.",
                f"dry run: {len(outcomes)} files read, nothing was written",
            )
        )
        return 1 if any(o.activities is None for o in outcomes) else 0
    print(say(f"Đã nhập {done}, bỏ qua {len(failed)}.", f"{done} imported, {len(failed)} skipped"))
    if failed:
        note = say(
            f"{len(failed)} trong {len(outcomes)} tệp không nhập được.",
            f"{len(failed)} of {len(outcomes)} files were not imported",
        )
        print(f"kehoach: {note}", file=sys.stderr)
        return 1
    return 0


def cmd_plan_list(args: argparse.Namespace) -> int:
    from kehoach.store.centres import find_centre, plans_with_centres
    from kehoach.store.document import period_label
    from kehoach.store.models import STATUS_LABELS
    from kehoach.store.totals import Totals, totals_by_plan
    from kehoach.store.vntext import format_int

    open_db(args.db)
    name = getattr(args, "centre", None)
    centre = find_centre(name) if name else None
    found = plans_with_centres(centre)  # a fixed number of queries, however many plans
    from kehoach.store.guards import ensure_in_range

    ensure_in_range([p.id for p in found])
    totals = totals_by_plan(None if centre is None else [p.id for p in found])
    if not found:
        print(say("Chưa có kế hoạch nào.", "no plans yet"))
    en = english()
    if found:
        print(
            _row(
                ("Commune", "Period", "Rev", "Status", "Acts", "Learners", "Budget (VND)")
                if en
                else ("Xã", "Kỳ kế hoạch", "Bản", "Trạng thái", "Số HĐ", "Học viên", "Kinh phí (đ)")
            )
        )
    for p in found:
        t = totals.get(p.id, Totals())
        if en:
            school = p.period_kind == "school_year"
            period = f"{p.year}-{p.year + 1} school" if school else str(p.year)
            numbers = (f"{t.activities:,}", f"{t.learners:,}", f"{t.budget:,}")
            status = p.status
        else:
            period = period_label(p.year, p.period_kind)
            numbers = (format_int(t.activities), format_int(t.learners), format_int(t.budget))
            status = STATUS_LABELS.get(p.status, p.status)
        print(_row((p.centre.commune, period, str(p.revision), status, *numbers)))
    return 0


# plan list: commune, period, revision, status, activities, learners, budget — 80 columns
_LIST_WIDTHS = (11, 17, 3, 12, 5, 8, 12)
_LIST_RIGHT = (False, False, True, False, True, True, True)


def _row(cells: Sequence[str]) -> str:
    return "  ".join(
        fit(c, w).rjust(w) if right else fit(c, w).ljust(w)
        for c, w, right in zip(cells, _LIST_WIDTHS, _LIST_RIGHT, strict=True)
    ).rstrip()


def cmd_plan_new(args: argparse.Namespace) -> int:
    from kehoach.store.centres import resolve_centre
    from kehoach.store.plans import get_plan, new_plan_from

    open_db(args.db)
    centre = resolve_centre(getattr(args, "centre", None))
    if centre is None:
        raise KehoachError("Chưa có kế hoạch nào.", "there is no plan yet")
    previous = get_plan(args.from_year, centre)
    replaced: list[tuple[str, str, str]] = []
    plan = new_plan_from(previous, args.new_year, replacements=replaced)
    _print_wrapped(
        say(
            f"Đã lập kế hoạch năm {plan.year} xã {centre.commune} từ kế hoạch năm "
            f"{previous.year}; ngày ký để trống (ghi ở F6).",
            f"new plan {plan.year} of {centre.commune} made from {previous.year}; its date "
            "is left blank (F6)",
        )
    )
    if replaced:
        print(
            say(
                f"Đã đổi năm {previous.year} thành {plan.year} ở {len(replaced)} chỗ:",
                f"{previous.year} became {plan.year} in {len(replaced)} places:",
            )
        )
    for where, _before, after in replaced:
        _print_wrapped(f"- {where}: “{fit(after, 160)}”")
    return 0


def _ask_when_errors(plan, args: argparse.Namespace) -> None:
    """Submitting or approving a plan the checks find errors in asks first, saying how
    many: at a terminal a yes/no question (no by default); without one (a script) a
    warning line on stderr. --force asks nothing."""
    from kehoach.store.checks import count_problems

    errors, _ = count_problems(plan)
    if not errors or args.force:
        return
    # the app's words for the same acts (F5: "Vẫn trình duyệt?")
    doing_vi = "trình duyệt" if args.step == "submit" else "ghi phê duyệt"
    doing_en = "submit" if args.step == "submit" else "approve"
    note = say(
        f"Kế hoạch còn {errors} lỗi (xem: kehoach check).",
        f"the plan has {_count(errors, 'error')} (see: kehoach check)",
    )
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(f"kehoach: {note}", file=sys.stderr)
        return
    question = say(
        f"{note} Vẫn {doing_vi}? [c/K] ",
        f"The plan has {_count(errors, 'error')} (see: kehoach check). {doing_en.capitalize()} anyway? "
        "[y/N] ",
    )
    answer = input(question)
    if answer.strip().lower() not in ("c", "có", "y", "yes"):
        raise CliError(
            f"Chưa {doing_vi}: kế hoạch còn {errors} lỗi.",
            f"not done ({doing_en}): the plan has {_count(errors, 'error')}",
        )


def cmd_plan_step(args: argparse.Namespace) -> int:
    import datetime

    from kehoach.store import approval
    from kehoach.store.models import STATUS_LABELS
    from kehoach.store.vntext import ParseError, parse_date

    date = None
    if args.step == "approve" and args.date:  # what was typed is looked at first
        try:
            date = parse_date(args.date)
        except ParseError:
            raise CliError(
                f"--date {args.date!r} không phải ngày (dd/mm/yyyy).",
                f"--date {args.date!r} is not a date (dd/mm/yyyy)",
            ) from None
    plan = _plan(args)
    refused = approval.refusal(plan, args.step)
    if refused is not None:  # before any question about errors
        raise refused
    if args.step in ("submit", "approve"):
        _ask_when_errors(plan, args)
    if args.step == "submit":
        plan = approval.submit(plan)
    elif args.step == "return":
        plan = approval.return_plan(plan, args.comment)
    elif args.step == "amend":
        plan = approval.amend(plan)
    else:
        plan = approval.approve(
            plan, name=args.by, title=args.title, authority=args.authority, date=date
        )
        today = datetime.date.today()
        if date is None and approval.approval_date_default(plan, today) is None:
            # the period is over: today is on record, and the user is told so
            note = say(
                f"Ngày phê duyệt ghi là hôm nay ({today:%d/%m/%Y}), sau khi kỳ kế hoạch đã "
                "hết; văn bản ghi ngày khác thì dùng --date.",
                f"the approval date recorded is today ({today:%d/%m/%Y}), after the plan's "
                "period; give the date on the paper with --date",
            )
            _print_wrapped(f"kehoach: {note}", file=sys.stderr)
    print(
        say(
            f"Kế hoạch năm {plan.year} xã {plan.centre.commune}, bản {plan.revision}: "
            f"{STATUS_LABELS[plan.status]}",
            f"The {plan.year} plan of {plan.centre.commune}, revision {plan.revision}: "
            f"{plan.status}",
        )
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from kehoach.store.backup import backup_database

    path = open_db(args.db)
    target = Path(args.output).expanduser() if args.output else None
    if target is not None and not target.parent.is_dir():
        raise CliError(
            f"Không có thư mục {target.parent}.", f"the folder {target.parent} does not exist"
        )
    if target is not None and os.path.lexists(target):
        raise CliError(
            f"Tệp {target} đã có; chọn tên khác.", f"{target} exists already; choose another name"
        )
    _remove_restore_leftovers(path)
    print(backup_database(path, reason="manual", target=target))
    return 0


def _remove_restore_leftovers(path: object) -> None:
    """On a server: drop what a killed restore left there, and say so (store.server)."""
    from kehoach.store.server import is_server_url, remove_restore_leftovers

    if not is_server_url(path):
        return
    for name in remove_restore_leftovers(str(path)):
        note = say(
            f"đã xóa cơ sở dữ liệu {name} do một lần khôi phục bị ngắt bỏ lại",
            f"removed the database {name} left by an interrupted restore",
        )
        print(f"kehoach: {note}", file=sys.stderr)


def cmd_restore(args: argparse.Namespace) -> int:
    from kehoach.store.backup import restore_database
    from kehoach.store.db import resolve_db_path

    source = Path(args.file).expanduser()
    if not source.exists():
        raise CliError(f"Không có tệp {source}.", f"{source}: no such file")
    if not source.is_file():
        raise CliError(
            f"{source} không phải một tệp thông thường.", f"{source} is not a regular file"
        )
    path = resolve_db_path(args.db)
    _remove_restore_leftovers(path)
    saved = restore_database(path, source)
    if saved is not None:
        print(
            say(
                f"Đã khôi phục {path} từ {source}; cơ sở dữ liệu cũ được giữ ở {saved}",
                f"restored {path} from {source}; the previous database is kept in {saved}",
            )
        )
    else:
        print(say(f"Đã khôi phục {path} từ {source}", f"restored {path} from {source}"))
    open_db(args.db, create=True)
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from kehoach.export.printing import print_plan

    plan = _plan(args)
    job = print_plan(plan, copies=args.copies, printer=args.printer)
    print(
        say(
            f"Đã gửi tới máy in: {job} ({args.copies} bản)",
            f"sent to the printer: {job} ({args.copies} {'copy' if args.copies == 1 else 'copies'})",
        )
    )
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    from kehoach.store.approval import history
    from kehoach.store.audit import plan_changes
    from kehoach.store.views import change_rows, event_rows

    plan = _plan(args)
    changes = plan_changes(plan)
    rows = change_rows(changes, english=english())
    # the status events (plan_event) among the changes, each before the first change
    # written after it; the changes keep their order. An event and the status change the
    # program wrote with it (same plan, statuses, user and role) are one line: the
    # change's, with the event's note; any other event (an amendment, a row written in
    # psql) is a line of its own, with its role on a server.
    events = history(plan)
    pending = list(zip(events, event_rows(events, english=english()), strict=True))
    for change, row in zip(changes, rows, strict=True):
        event = _its_event(change, [e for e, _ in pending if e.at <= change.at])
        if event is not None:
            pending = [p for p in pending if p[0] is not event]
        while pending and pending[0][0].at <= change.at:
            _print_event(*pending.pop(0))
        at, user, action, what, before, after = row
        line = f"{at}  {fit(user, 10):<10} {action:<10} {what}"
        if before or after:
            line += f": {_quoted(before)} → {_quoted(after)}"
        if event is not None and event.comment:
            line += f" ({event.comment})"
        if change.role:  # on a server: the database role it was written as
            line += f"  [{change.role}]"
        _print_wrapped(line)  # the values whole, over more lines: it is the record
    for event, row in pending:
        _print_event(event, row)
    return 0


def _its_event(change, events: list):
    """The status event written with this status change, or None."""
    if change.action != "status" or change.table != "plan":
        return None
    for event in events:
        if (
            event.plan_id == change.plan_id
            and (event.status_before, event.status_after) == (change.before, change.after)
            and (event.user, event.role or "") == (change.user, change.role or "")
        ):
            return event
    return None


def _print_event(event, row: tuple[str, ...]) -> None:
    """A status event's line of the log: as a change's, with its role on a server."""
    at, user, action, what = row
    line = f"{at}  {fit(user, 10):<10} {action:<10} {what}"
    if event.role:  # on a server: the database role it was written as
        line += f"  [{event.role}]"
    _print_wrapped(line)


def _quoted(value: str) -> str:
    """A value of the audit trail on one line: quoted, its line breaks shown as ↵."""
    return "“" + value.replace("\r\n", "\n").replace("\n", " ↵ ") + "”"


def cmd_server(args: argparse.Namespace) -> int:
    from kehoach.store import roles
    from kehoach.store.server import is_server_url

    url = args.db or os.environ.get("KEHOACH_DB")
    if not is_server_url(url):
        raise CliError(
            "Các lệnh server cần --db postgresql://… (cơ sở dữ liệu trên máy chủ).",
            "the server commands need --db postgresql://… (a database on a server)",
        )
    open_db(url)
    if args.step == "add-centre":
        commune, created = roles.add_centre(args.name, args.role)
        what = say(
            f"chỉ đọc và sửa trung tâm xã {commune}",
            f"reads and changes the centre of {commune} only",
        )
    else:
        created = roles.add_office(args.role)
        what = say("đọc mọi trung tâm và ghi phê duyệt", "reads every centre and records approvals")
    if created:
        made = say(
            "vừa tạo; đặt mật khẩu bằng lệnh \\password của psql",
            "made; set its password with psql's \\password",
        )
    else:
        made = say("đã có", "already there")
    print(say(f"Vai trò {args.role} ({made}): {what}.", f"role {args.role} ({made}) {what}"))
    return 0


def cmd_db_copy(args: argparse.Namespace) -> int:
    from kehoach.store.copy import copy_database

    outcomes = copy_database(args.source, args.target)
    for outcome in outcomes:
        _print_wrapped(outcome.line(english=english()))
    refused = [o for o in outcomes if not o.copied]
    if not outcomes:
        print(say("Không có trung tâm nào để chép.", "no centre to copy"))
    if refused:
        note = say(
            f"{len(refused)} trong {len(outcomes)} trung tâm không chép được.",
            f"{len(refused)} of {len(outcomes)} centres were not copied",
        )
        print(f"kehoach: {note}", file=sys.stderr)
        return 1
    return 0


def no_database_lines(exc) -> str:
    """No database where the command looked: one line of at most 80 columns when it fits
    (the path written from ~), else the missing path, then what to do, each on its own
    line (a long path alone on its line, whole: it is copied, never cut). `exc`: a
    store.db.NoDatabase."""
    from kehoach.store.db import short_path

    path = short_path(exc.path)
    head = say(f"Chưa có cơ sở dữ liệu {path}", f"there is no database at {path}")
    hint = say(exc.hint_vi, exc.hint_en)
    for line in (
        f"kehoach: {head}; {hint}",
        # beside the demo's, the default file's name is enough
        say(f"kehoach: Chưa có {exc.path.name}; {hint}", f"kehoach: no {exc.path.name}; {hint}")
        if exc.demo is not None
        else "",
    ):
        if line and len(line) <= 80:
            return line
    first = f"kehoach: {head}."
    if len(first) > 80:
        first = say("kehoach: Chưa có cơ sở dữ liệu:", "kehoach: there is no database at:")
        first += f"\n  {path}"
    return f"{first}\n{hint[0].upper()}{hint[1:]}."


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up builds a few hundred thousand long-lived objects (Textual, Rich, peewee,
    # the modules) and Python's cyclic collector would walk them all several times before
    # the first screen is drawn: ~60 ms of ~350 on the bench machine, one full collection
    # among them. It stays off until the app's first screen is up (KehoachApp then freezes
    # what start-up made and turns it back on) or the command is done.
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = getattr(args, "func", cmd_open)
    try:
        return func(args)
    except (OperationalError, InterfaceError) as exc:  # busy, or a server's connection lost
        exc = busy_error(exc)
        print(f"kehoach: {exc.en if english() else exc.vi}", file=sys.stderr)
        return 1
    except KehoachError as exc:  # CliError too
        from kehoach.store.db import NoDatabase

        if isinstance(exc, NoDatabase):
            print(no_database_lines(exc), file=sys.stderr)
            return 1
        print(f"kehoach: {exc.en if english() else exc.vi}", file=sys.stderr)
        return 1
    except DoesNotExist:  # another session deleted or replaced the plan meanwhile
        note = say(
            "Kế hoạch vừa bị phiên làm việc khác xóa hoặc thay (nhập đè); chưa làm gì. "
            "Chạy lại lệnh.",
            "the plan was deleted or replaced by another session meanwhile; nothing was "
            "done. Run the command again",
        )
        print(f"kehoach: {note}", file=sys.stderr)
        return 1
    except DatabaseError as exc:  # a server gone mid-read can say so this way too
        from kehoach.store.server import is_connection_lost

        if is_connection_lost(exc):
            exc = busy_error(exc)
            print(f"kehoach: {exc.en if english() else exc.vi}", file=sys.stderr)
            return 1
        # anything else the database refused (e.g. a server's id counter at its end): the
        # transaction was rolled back; one line with the database's own first line
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        note = say("Cơ sở dữ liệu từ chối, chưa ghi gì:", "the database refused; nothing saved:")
        print(fit(f"kehoach: {note} {first}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `kehoach export text -o - | head`: the reader went away; not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:
        # a file the work needed could not be read or written (each route says it in its
        # own words where it can; this is the one line for the rest, never a traceback)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"kehoach: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
