"""Which centre a command or a screen is about.

A plan is its centre plus its period, never a year alone. A database may hold one centre
(a commune office) or hundreds (a province's education department); the centre is named
by its commune, typed with or without diacritics and with or without "xã" ("tan huong",
"Xã Tân Hương"). A database with one centre needs no name.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from .document import CentreDoc
from .errors import KehoachError
from .models import STATUS_APPROVED, STATUS_LABELS, Centre
from .totals import Totals
from .vntext import clean_line, fold, tone_key

_LISTED = 12  # choices named in one line; the rest are counted


def _bare(name: str, *, typed: bool = False) -> str:
    """The commune's name without "xã"/"phường"/"thị trấn" and case: "Xã Tân Hương" →
    "tân hương" (diacritics kept). `typed`: also "xa"/"phuong"/"thi tran", as typed
    without diacritics."""
    text = clean_line(name).casefold()
    prefix = r"xã|phường|thị trấn"
    if typed:
        prefix += r"|xa|phuong|thi tran"
    return re.sub(rf"^({prefix})\s+", "", text).strip()


def _choices(centres: list[Centre]) -> str:
    """The communes' names; a name two centres share (stored before the server refused
    it, store.guards) with each centre's number, which `--centre #N` takes."""
    counts: dict[str, int] = {}
    for c in centres:
        counts[c.commune] = counts.get(c.commune, 0) + 1
    names = sorted(
        (c.commune if counts[c.commune] == 1 else f"{c.commune} (#{c.id})" for c in centres),
        key=lambda n: (fold(n), n),
    )
    listed = ", ".join(names[:_LISTED])
    if len(names) > _LISTED:
        listed += f", … (+{len(names) - _LISTED})"
    return listed


def all_centres() -> list[Centre]:
    """Every centre, in the order of their communes' names (one query)."""
    return sorted(Centre.select(), key=lambda c: (fold(c.commune), c.id))


def find_centre(name: str) -> Centre:
    """The centre `name` means: its commune with or without diacritics and "xã", a whole
    name first, then the start of its words. Unknown or ambiguous: one line listing the
    choices."""
    number = re.fullmatch(r"#(\d{1,9})", name.strip())
    if number:  # the way out of a name two centres share
        found = Centre.get_or_none(Centre.id == int(number.group(1)))
        if found is None:
            raise KehoachError(
                f"Không có trung tâm số {name.strip()}.", f"there is no centre {name.strip()}"
            )
        return found
    centres = list(Centre.select())
    wanted = _bare(name, typed=True)
    if not wanted:
        raise KehoachError("Chưa nhập tên xã.", "the commune's name is missing")
    if not centres:
        raise KehoachError("Chưa có trung tâm nào.", "the database holds no centre yet")
    for test in (
        lambda c: tone_key(_bare(c.commune)) == tone_key(wanted),
        lambda c: fold(_bare(c.commune)) == fold(wanted),
        lambda c: _starts_words(fold(wanted), fold(_bare(c.commune))),
    ):
        found = [c for c in centres if test(c)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise KehoachError(
                f"“{name}” có thể là: {_choices(found)}; hãy ghi rõ hơn.",
                f"“{name}” may mean: {_choices(found)}; say which (--centre)",
            )
    raise KehoachError(
        f"Không có trung tâm của xã “{name}”; có: {_choices(centres)}.",
        f"no centre for the commune “{name}”; there are: {_choices(centres)}",
    )


def _starts_words(query: str, text: str) -> bool:
    """Every word of `query` begins a word of `text`, in order ("tan h" → "tan huong")."""
    q, t = query.split(), text.split()
    if not q:
        return False
    i = 0
    for word in t:
        if i < len(q) and word.startswith(q[i]):
            i += 1
    return i == len(q)


def resolve_centre(name: str | None) -> Centre | None:
    """The centre a command is about: `name` when given; else the only centre; None when
    there is none yet. Several centres and no name: one line listing them."""
    if name is not None and clean_line(name):
        return find_centre(name)
    first_two = list(Centre.select().order_by(Centre.id).limit(2))
    if not first_two:
        return None
    if len(first_two) == 1:
        return first_two[0]
    centres = list(Centre.select())
    raise KehoachError(
        f"Cơ sở dữ liệu có {len(centres)} trung tâm; chọn một ({_choices(centres)}).",
        f"the database holds {len(centres)} centres; choose one with --centre "
        f"({_choices(centres)})",
    )


def centre_of_document(doc: CentreDoc) -> Centre | None:
    """The stored centre of the commune a document's header names, or None when new. The
    commune is matched as written (case and "xã" aside): Tân Hương and Tân Hưng are two
    communes."""
    wanted = tone_key(_bare(doc.commune))
    if not wanted:
        return None
    for c in Centre.select():
        if tone_key(_bare(c.commune)) == wanted:
            return c
    return None


def ensure_distinct_commune(commune: str, centre_id: int | None = None) -> None:
    """Refuse a commune name `--centre` could not tell from another centre's (store.guards:
    the same key; a server holds it too, for the rows this role cannot see)."""
    from .guards import centre_key

    key = centre_key(commune)
    for c in Centre.select():
        if c.id != centre_id and centre_key(c.commune) == key:
            raise same_commune_error(commune, c.commune)


def same_commune_error(commune: str, other: str = "") -> KehoachError:
    there = f" (“{other}”)" if other else ""
    return KehoachError(
        f"Đã có trung tâm mang tên xã trùng với “{commune}”{there}; hai trung tâm không được "
        "trùng tên (kể cả khi bỏ dấu).",
        f"another centre has a commune name that cannot be told from “{commune}”{there}; "
        "two centres never share a name (diacritics aside)",
    )


def centre_count() -> int:
    return Centre.select().count()


def plans_with_centres(centre: Centre | None = None, year: int | None = None):
    """Every plan (all revisions) with its centre, newest period first, in one query."""
    from .models import Plan

    q = (
        Plan.select(Plan, Centre)
        .join(Centre)
        .order_by(Plan.year.desc(), Centre.commune, Plan.revision.desc(), Plan.id.desc())
    )
    if centre is not None:
        q = q.where(Plan.centre == centre)
    if year is not None:
        q = q.where(Plan.year == year)
    return list(q)


def current_plans_with_centres(centre: Centre | None = None, year: int | None = None):
    """The current (highest) revision of each centre's plan for each period, with its
    centre, in one query however many centres and periods the database holds."""
    from peewee import fn

    from .models import Plan

    Latest = Plan.alias()
    latest = Latest.select(
        Latest.centre.alias("c"), Latest.year.alias("y"), fn.MAX(Latest.revision).alias("r")
    ).group_by(Latest.centre, Latest.year)
    if centre is not None:
        latest = latest.where(Latest.centre == centre)
    if year is not None:
        latest = latest.where(Latest.year == year)
    latest = latest.alias("latest")
    q = (
        Plan.select(Plan, Centre)
        .join(Centre)
        .switch(Plan)
        .join(
            latest,
            on=(
                (Plan.centre == latest.c.c)
                & (Plan.year == latest.c.y)
                & (Plan.revision == latest.c.r)
            ),
        )
        .order_by(Plan.year.desc(), Centre.commune, Plan.id)
    )
    return list(q)


@dataclass(frozen=True)
class CentreRow:
    """One centre's current plan for a period, as the centres screen and the province's
    summary show it."""

    plan_id: int
    commune: str
    status: str
    revision: int
    totals: Totals
    errors: int
    warnings: int
    changed_by: str
    changed_at: _dt.datetime | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def approved(self) -> bool:
        return self.status == STATUS_APPROVED


@dataclass(frozen=True)
class CentresView:
    year: int | None  # None: the database holds no plan
    years: list[int]  # every year some centre has a plan for, newest first
    rows: list[CentreRow]  # by commune
    total: Totals
    errors: int
    warnings: int

    @property
    def with_errors(self) -> list[CentreRow]:
        return [r for r in self.rows if r.errors]

    @property
    def not_approved(self) -> list[CentreRow]:
        return [r for r in self.rows if not r.approved]


def plan_years() -> list[int]:
    """Every year some centre has a plan for, newest first (one query)."""
    from .models import Plan

    return [r.year for r in Plan.select(Plan.year).distinct().order_by(Plan.year.desc()).objects()]


def centres_view(year: int | None = None) -> CentresView:
    """Every centre's current plan for `year` (default: the latest year any centre has),
    with its figures, its checks' errors and warnings and its last change: a fixed number
    of queries however many centres (store.checks.load_plan_data reads the rows once)."""
    from peewee import fn

    from .checks import check_data, load_plan_data, split_counts
    from .models import ChangeLog

    years = plan_years()
    if year is None:
        year = years[0] if years else None
    if year is None:
        return CentresView(None, [], [], Totals(), 0, 0)
    plans = current_plans_with_centres(year=year)
    ids = [p.id for p in plans]
    last_ids = (
        ChangeLog.select(fn.MAX(ChangeLog.id))
        .where(ChangeLog.plan.in_(ids))
        .group_by(ChangeLog.plan)
    )
    last = (
        {
            c.plan_id: c
            for c in ChangeLog.select(ChangeLog.plan, ChangeLog.user, ChangeLog.at).where(
                ChangeLog.id.in_(last_ids)
            )
        }
        if ids
        else {}
    )
    rows = []
    for data in load_plan_data(plans):
        p = data.plan
        errors, warnings = split_counts(check_data(data))
        change = last.get(p.id)
        rows.append(
            CentreRow(
                p.id,
                data.centre.commune,
                p.status,
                p.revision,
                data.totals(),
                errors,
                warnings,
                change.user if change else "",
                change.at if change else None,
            )
        )
    rows.sort(key=lambda r: (fold(r.commune), r.commune))
    total = Totals(
        sum(r.totals.activities for r in rows),
        sum(r.totals.classes for r in rows),
        sum(r.totals.learners for r in rows),
        sum(r.totals.budget for r in rows),
    )
    return CentresView(
        year,
        years,
        rows,
        total,
        sum(r.errors for r in rows),
        sum(r.warnings for r in rows),
    )


# --- what the centres screen shows ------------------------------------------------------

CENTRE_COLUMNS = (
    ("Xã", 13),
    ("Trạng thái", 12),
    ("Bản", 3),
    ("HĐ", 3),
    ("Lớp", 4),
    ("H.viên", 6),
    ("KP nghìn", 8),
    ("Lỗi/CB", 6),
    ("Sửa", 5),
)

SORTS: list[tuple[str, object]] = [
    ("xã", lambda r: (fold(r.commune), r.commune)),
    ("lỗi nhiều trước", lambda r: (-r.errors, -r.warnings, fold(r.commune))),
    ("trạng thái", lambda r: (_STATUS_ORDER.get(r.status, 9), fold(r.commune))),
    ("kinh phí lớn trước", lambda r: (-r.totals.budget, fold(r.commune))),
    ("sửa gần nhất trước", lambda r: (-(r.changed_at.timestamp() if r.changed_at else 0),)),
]
_STATUS_ORDER = {"returned": 0, "draft": 1, "submitted": 2, "approved": 3}


def sort_rows(rows: list[CentreRow], sort: int) -> list[CentreRow]:
    """The rows in the order `SORTS[sort]` names."""
    key = SORTS[sort % len(SORTS)][1]
    return sorted(rows, key=key)  # type: ignore[arg-type]


def centre_cells(row: CentreRow) -> tuple[str, ...]:
    from .vntext import format_int

    return (
        row.commune,
        row.status_label,
        str(row.revision),
        format_int(row.totals.activities),
        format_int(row.totals.classes),
        format_int(row.totals.learners),
        format_int(round(row.totals.budget / 1000)),
        f"{row.errors}/{row.warnings}",
        row.changed_at.strftime("%d/%m") if row.changed_at else "",
    )


def centre_detail(row: CentreRow) -> str:
    """The highlighted centre in one line: status, checks, last change (who, when)."""
    from .vntext import format_money

    when = row.changed_at.strftime("%d/%m/%Y %H:%M") if row.changed_at else "—"
    return (
        f"{row.commune}: {row.status_label}, bản {row.revision} · {row.errors} lỗi, "
        f"{row.warnings} CB · {format_money(row.totals.budget)} · sửa: "
        f"{row.changed_by or '—'} {when}"
    )


def centres_total_line(view: CentresView) -> str:
    from .vntext import format_int, format_money

    t = view.total
    return (
        f"Cộng {len(view.rows)} TT: {format_int(t.activities)} HĐ · "
        f"{format_int(t.classes)} lớp · {format_int(t.learners)} HV · "
        f"{format_money(t.budget)} · {view.errors} lỗi, {view.warnings} CB"
    )
