"""What the screens and summaries show, prepared as text: rows of cells, figures formatted.

Screens call these and draw the result; they hold no SQL and no arithmetic themselves.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date as _date

from peewee import fn

from .document import LIST_KINDS, document_number, period_label, period_months
from .models import STATUS_LABELS, Activity, Plan, Programme, ResultLine, SurveyLine, Village
from .settings import money_in_words
from .totals import Totals, month_totals, plan_totals, programme_figures
from .vntext import (
    format_date_long,
    format_decimal,
    format_int,
    format_money,
    matches,
)


@dataclass(frozen=True)
class Row:
    key: str  # "a:<activity id>" or "m:<month>" (a month's subtotal row)
    month: int
    cells: tuple[str, ...]
    is_total: bool = False


MONTH_TABLE_COLUMNS = (
    "Tháng",
    "STT",
    "Nội dung hoạt động",
    "Đối tượng",
    "Số lớp",
    "Học viên",
    "Kinh phí",
    "Địa điểm",
    "Phối hợp",
    "Ghi chú",
    "Thực hiện",
)


def activity_row_cells(act: Activity, codes: dict[int, str]) -> tuple[str, ...]:
    return (
        str(act.month),
        str(act.position),
        act.content,
        act.target_group,
        format_int(act.classes, width=2),
        format_int(act.learners),
        format_money(act.budget),
        act.place,
        act.partner,
        act.note,
        held_label(act),
    )


def held_label(act: Activity) -> str:
    """ "✓ 12/03" when held, "Hoãn", "Hủy", or "" while only planned."""
    from .models import ACTIVITY_HELD, ACTIVITY_PLANNED, ACTIVITY_STATUS_LABELS

    if act.status == ACTIVITY_HELD:
        return f"✓ {act.held_date:%d/%m}" if act.held_date else "✓"
    if act.status == ACTIVITY_PLANNED:
        return ""
    return ACTIVITY_STATUS_LABELS.get(act.status, act.status)


def programme_codes(plan: Plan) -> dict[int, str]:
    return {p.id: p.code for p in Programme.select().where(Programme.centre == plan.centre_id)}


def month_rows(
    plan: Plan,
    *,
    programme: str | None = None,
    village: str | None = None,
    query: str | None = None,
) -> list[Row]:
    """Every month of the period in order: its activities, then a subtotal row.
    Filters keep only matching activities (and then show no subtotal rows)."""
    codes = programme_codes(plan)
    acts = list(Activity.select().where(Activity.plan == plan).order_by(Activity.position))
    by_month: dict[int, list[Activity]] = {}
    for a in acts:
        by_month.setdefault(a.month, []).append(a)
    filtered = bool(programme or village or query)
    rows: list[Row] = []
    for mt in month_totals(plan):
        month_acts = by_month.get(mt.month, [])
        for a in month_acts:
            cells = activity_row_cells(a, codes)
            if programme and codes.get(a.programme_id) != programme:
                continue
            if village and not (matches(village, a.target_group) or matches(village, a.place)):
                continue
            if query and not any(
                matches(query, c) for c in cells + (codes.get(a.programme_id, ""),)
            ):
                continue
            rows.append(Row(f"a:{a.id}", a.month, cells))
        if not filtered:
            rows.append(
                Row(
                    f"m:{mt.month}", mt.month, month_total_cells(mt.month, mt.year, mt.totals), True
                )
            )
    return rows


class MonthTableRows:
    """The month table's rows — `month_rows`' rows in its order — read as they come on
    screen: the months' sizes and subtotals from two grouped queries, the activities of a
    range of rows from one indexed query. Opening and redrawing the table cost what is on
    screen, not the size of the plan. With a filter (or positions with gaps, which editing
    never leaves) every row is read at once, by `month_rows`."""

    def __init__(
        self,
        plan: Plan,
        *,
        programme: str | None = None,
        village: str | None = None,
        query: str | None = None,
    ) -> None:
        self.plan = plan
        self._codes: dict[int, str] | None = None
        self._all: list[Row] | None = None
        self._fetched: dict[int, Row] = {}
        self._blocks: list[tuple[int, int, int]] = []  # (month, first row, activities)
        self._totals: list[Row] = []
        if programme or village or query:
            self._all = month_rows(plan, programme=programme, village=village, query=query)
            return
        spans = {  # one grouped query: each month's size, its positions, its sums
            month: (n, low, high, Totals(n, classes, learners, budget))
            for month, n, low, high, classes, learners, budget in (
                Activity.select(  # the query builder: the same on SQLite and PostgreSQL
                    Activity.month,
                    fn.COUNT(Activity.id),
                    fn.MIN(Activity.position),
                    fn.MAX(Activity.position),
                    fn.COALESCE(fn.SUM(Activity.classes), 0),
                    fn.COALESCE(fn.SUM(Activity.learners), 0),
                    fn.COALESCE(fn.SUM(Activity.budget), 0),
                )
                .where(Activity.plan == plan.id)
                .group_by(Activity.month)
                .tuples()
            )
        }
        if any(low != 1 or high != n for n, low, high, _ in spans.values()):
            self._all = month_rows(plan)
            return
        first = 0
        for year, month in period_months(plan.year, plan.first_month):
            n, _, _, totals = spans.get(month, (0, 0, 0, Totals()))
            self._blocks.append((month, first, n))
            self._totals.append(
                Row(f"m:{month}", month, month_total_cells(month, year, totals), True)
            )
            first += n + 1
        self._starts = [b[1] for b in self._blocks]
        self._count = first

    def __len__(self) -> int:
        return len(self._all) if self._all is not None else self._count

    def known_rows(self) -> list[Row]:
        """The rows read without asking: the subtotals (every row when filtered)."""
        return self._all if self._all is not None else self._totals

    def _block(self, i: int) -> int:
        return bisect_right(self._starts, i) - 1

    def month(self, i: int) -> int:
        if self._all is not None:
            return self._all[i].month
        return self._blocks[self._block(i)][0]

    def has(self, i: int) -> bool:
        return self._all is not None or i in self._fetched or self._is_total(i)

    def _is_total(self, i: int) -> bool:
        _, first, n = self._blocks[self._block(i)]
        return i - first == n

    def row(self, i: int) -> Row:
        """Row `i` (read with rows around it when not read yet: call `fetch` first to read
        the rows on screen in one query)."""
        if self._all is not None:
            return self._all[i]
        b = self._block(i)
        month, first, n = self._blocks[b]
        if i - first == n:
            return self._totals[b]
        if i not in self._fetched:
            self.fetch(i, i + 1)
        return self._fetched[i]

    def fetch(self, start: int, end: int) -> None:
        """Read the activities of rows start … end-1 that are not read yet."""
        if self._all is not None:
            return
        start, end = max(0, start), min(len(self), end)
        wanted: list[tuple[int, int, int]] = []  # (month, first position, last position)
        i = start
        while i < end:
            month, first, n = self._blocks[self._block(i)]
            stop = min(end, first + n)  # the subtotal row is not read
            rows = [r for r in range(i, stop) if r not in self._fetched]
            if rows:
                wanted.append((month, rows[0] - first + 1, rows[-1] - first + 1))
            i = first + n + 1
        if not wanted:
            return
        if self._codes is None:
            self._codes = programme_codes(self.plan)
        where = None
        for month, low, high in wanted:
            part = (Activity.month == month) & (Activity.position.between(low, high))
            where = part if where is None else (where | part)
        starts = {month: first for month, first, _ in self._blocks}
        for act in Activity.select().where((Activity.plan == self.plan) & where):
            i = starts[act.month] + act.position - 1
            self._fetched[i] = Row(f"a:{act.id}", act.month, activity_row_cells(act, self._codes))

    def index(self, key: str) -> int | None:
        """The row keyed `key`, or None when it is not in the table."""
        if self._all is not None:
            return next((i for i, r in enumerate(self._all) if r.key == key), None)
        kind, _, ident = key.partition(":")
        if kind == "m":
            return self.month_total_index(int(ident))
        found = (
            Activity.select(Activity.month, Activity.position)
            .where((Activity.id == int(ident)) & (Activity.plan == self.plan))
            .tuples()
            .first()
        )
        if found is None:
            return None
        month, position = found
        block = next((b for b in self._blocks if b[0] == month), None)
        if block is None or not 1 <= position <= block[2]:
            return None
        return block[1] + position - 1

    def month_total_index(self, month: int) -> int | None:
        block = next((b for b in self._blocks if b[0] == month), None)
        return None if block is None else block[1] + block[2]

    def first_index(self, month: int) -> int | None:
        """The first row of `month`, or None when the table shows none of it."""
        if self._all is not None:
            return next((i for i, r in enumerate(self._all) if r.month == month), None)
        block = next((b for b in self._blocks if b[0] == month), None)
        return None if block is None else block[1]

    def months(self) -> list[int]:
        """The months shown, in the table's order."""
        if self._all is not None:
            return list(dict.fromkeys(r.month for r in self._all))
        return [b[0] for b in self._blocks]


def month_total_cells(month: int, year: int, t: Totals) -> tuple[str, ...]:
    label = (
        f"Cộng tháng {month}/{year}: {t.activities} hoạt động"
        if t.activities
        else f"Tháng {month}/{year}: chưa có hoạt động"
    )
    return (
        str(month),
        "",
        label,
        "",
        format_int(t.classes, width=2) if t.activities else "",
        format_int(t.learners) if t.activities else "",
        format_money(t.budget) if t.activities else "",
        "",
        "",
        "",
        "",
    )


@dataclass(frozen=True)
class Overview:
    centre: str
    commune: str
    period: str
    number: str
    date: str
    status: str
    revision: int
    totals: Totals
    budget_words: str
    months: list[tuple[str, int, int]]  # (label, learners, budget)
    month_table: list[
        tuple[str, int, int, int, int]
    ]  # (label, activities, classes, learners, budget)
    top_learners: int
    top_budget: int
    programmes: list[
        tuple[str, ...]
    ]  # code, name, survey topics, plan topics, survey people, plan learners, differs


def overview(plan: Plan) -> Overview:
    from .plans import plan_header

    header = plan_header(plan)  # a submitted revision's own, never edited after
    t = plan_totals(plan)
    months = month_totals(plan)
    progs = []
    for f in programme_figures(plan):
        differs = (
            f.topics_difference not in (0, None)
            or f.people_difference not in (0, None)
            or f.survey_topics is None
        )
        progs.append(
            (
                f.code,
                f.name,
                format_int(f.survey_topics) if f.survey_topics is not None else "–",
                format_int(f.planned.activities),
                format_int(f.survey_people) if f.survey_people is not None else "–",
                format_int(f.planned.learners),
                "≠" if differs else "",
            )
        )
    return Overview(
        centre=f"{header['issuing_body']} – {header['parent_body']}",
        commune=header["commune"],
        period=period_label(plan.year, plan.period_kind),
        number=document_number(plan.number, plan.doc_code, header["code"]),
        date=format_date_long(plan.date, plan.place) if plan.date else "chưa có ngày",
        status=STATUS_LABELS.get(plan.status, plan.status),
        revision=plan.revision,
        totals=t,
        budget_words=money_in_words(t.budget),
        months=[(f"T{m.month}", m.totals.learners, m.totals.budget) for m in months],
        month_table=[
            (
                f"{m.month}/{m.year}",
                m.totals.activities,
                m.totals.classes,
                m.totals.learners,
                m.totals.budget,
            )
            for m in months
        ],
        top_learners=max((m.totals.learners for m in months), default=0),
        top_budget=max((m.totals.budget for m in months), default=0),
        programmes=progs,
    )


def bar(value: int, largest: int, width: int) -> str:
    """A bar of full and partial blocks, `width` cells for `largest`."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = round(value * width * 8 / largest)
    full, part = divmod(eighths, 8)
    return "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")


def survey_rows(plan: Plan) -> list[tuple[int, tuple[str, ...]]]:
    """Survey lines with the plan's coverage beside each: (line id, cells)."""
    figures = {f.code: f for f in programme_figures(plan)}
    codes = programme_codes(plan)
    out = []
    for line in SurveyLine.select().where(SurveyLine.plan == plan).order_by(SurveyLine.position):
        code = codes.get(line.programme_id, "")
        f = figures.get(code)
        planned = f.planned if f else Totals()
        out.append(
            (
                line.id,
                (
                    code,
                    line.label,
                    format_int(line.topics),
                    format_int(planned.activities),
                    format_int(line.people),
                    format_int(planned.learners),
                    ""
                    if (line.topics, line.people) == (planned.activities, planned.learners)
                    else "≠",
                ),
            )
        )
    return out


def place_suggestions(plan: Plan, field: str) -> list[str]:
    """Values this centre already used in a field (place, partner, target group), and its
    villages' culture houses, most used first."""
    counts: dict[str, int] = {}
    for a in (
        Activity.select(getattr(Activity, field)).join(Plan).where(Plan.centre == plan.centre_id)
    ):
        value = getattr(a, field)
        if value:
            counts[value] = counts.get(value, 0) + 1
    if field in ("place", "target_group"):
        prefix = "Nhà văn hóa thôn " if field == "place" else "Nhân dân thôn "
        for v in Village.select().where(Village.centre == plan.centre_id):
            counts.setdefault(prefix + v.name, 0)
    return sorted(counts, key=lambda v: (-counts[v], v))


def programme_choices(plan: Plan) -> list[tuple[int, str, str]]:
    """(id, code, name) of the centre's programmes, in their order."""
    return [
        (p.id, p.code, p.name)
        for p in Programme.select()
        .where(Programme.centre == plan.centre_id)
        .order_by(Programme.position)
    ]


def village_names(plan: Plan) -> list[str]:
    return [
        v.name
        for v in Village.select().where(Village.centre == plan.centre_id).order_by(Village.position)
    ]


def month_choices(plan: Plan) -> list[tuple[int, str]]:
    """(month, "Tháng m/yyyy") for every month of the period, in period order."""
    return [(m, f"Tháng {m}/{y}") for y, m in period_months(plan.year, plan.first_month)]


def neighbour_month(plan: Plan, month: int, step: int) -> int | None:
    """The month `step` months after `month` within the period, or None past its ends."""
    order = [m for _, m in period_months(plan.year, plan.first_month)]
    i = order.index(month) + step
    return order[i] if 0 <= i < len(order) else None


def survey_line_values(line_id: int) -> dict:
    line = SurveyLine.get_by_id(line_id)
    return {
        "programme": line.programme_id,
        "label": line.label,
        "topics": line.topics,
        "people": line.people,
    }


@dataclass(frozen=True)
class ApprovalView:
    status: str
    revision: int
    revisions: str
    approver_heading: str
    approver_heading_raw: str
    approver_authority: str
    approver_title: str
    approver_name: str
    approver: str
    approved_on: str  # "15/01/2024" once this revision is approved, else ""
    history: list[tuple[str, ...]]
    changes: list[tuple[str, ...]]


def approval_view(plan: Plan) -> ApprovalView:

    from .approval import ACTION_LABELS, approved_on, history
    from .audit import plan_changes
    from .models import SIGNER_APPROVER, Signer

    signer = Signer.get_or_none(Signer.plan == plan, Signer.role == SIGNER_APPROVER)
    events = history(plan)
    revisions = (
        Plan.select(Plan.revision, Plan.status)
        .where((Plan.centre == plan.centre_id) & (Plan.year == plan.year))
        .order_by(Plan.revision)
    )
    heading = signer.heading if signer else ""
    return ApprovalView(
        status=STATUS_LABELS.get(plan.status, plan.status),
        revision=plan.revision,
        revisions=", ".join(
            f"{p.revision}: {STATUS_LABELS.get(p.status, p.status)}" for p in revisions
        ),
        approver_heading=heading.replace("\n", " ") or "(chưa ghi)",
        approver_heading_raw=heading,
        approver_authority=signer.authority if signer else "",
        approver_title=signer.title if signer else "",
        approver_name=signer.name if signer else "",
        approver=" ".join(x for x in (signer.title, signer.name) if x) if signer else "(chưa ghi)",
        approved_on=approved_on(plan, events),
        history=[
            (
                e.at.strftime("%d/%m/%Y %H:%M"),
                str(e.plan.revision),
                ACTION_LABELS.get(e.action, e.action),
                e.user,
                e.comment,
            )
            for e in events
        ],
        changes=change_rows(plan_changes(plan)),
    )


AUDIT_TABLES = {
    "activity": "Hoạt động",
    "plan": "Kế hoạch",
    "plan_text": "Văn bản",
    "plan_item": "Danh sách",
    "survey_line": "Khảo sát",
    "result_line": "Kết quả năm trước",
    "signer": "Người ký",
    "centre": "Trung tâm",
}
AUDIT_ACTIONS = {
    "create": "Tạo",
    "edit": "Sửa",
    "delete": "Xóa",
    "status": "Trạng thái",
    "import": "Nhập",
    "amend": "Điều chỉnh",
}


AUDIT_TABLES_EN = {
    "activity": "Activity",
    "plan": "Plan",
    "plan_text": "Text",
    "plan_item": "List",
    "survey_line": "Survey",
    "result_line": "Last year's results",
    "signer": "Signer",
    "centre": "Centre",
}
AUDIT_ACTIONS_EN = {
    "create": "Create",
    "edit": "Edit",
    "delete": "Delete",
    "status": "Status",
    "import": "Import",
    "amend": "Amend",
}
_FIELD_LABELS_EN = {
    "content": "content",
    "programme": "programme",
    "target_group": "target group",
    "classes": "classes",
    "learners": "learners",
    "budget": "budget",
    "place": "place",
    "partner": "partner",
    "note": "note",
    "month": "month",
    "position": "position",
    "status": "status",
    "activities": "activities",
    "topics": "topics",
    "people": "participants",
    "label": "line name",
    "held_date": "date held",
    "held_learners": "learners (held)",
    "held_spent": "spent",
    "held_note": "result note",
    "commune": "commune",
    "district": "district",
    "province": "province",
    "parent_body": "parent body",
    "issuing_body": "issuing body",
    "number": "number",
    "doc_code": "document code",
    "code": "code",
    "date": "date",
    "doc_type": "document type",
    "summary": "summary",
    "name": "name",
    "title": "title",
    "authority": "signing authority",
    "heading": "heading",
    "area_ha": "area (ha)",
    "villages_count": "villages",
    "poor_households": "poor households",
    "near_poor_households": "near-poor households",
    "results_classes_written": "total classes (as written)",
    "results_learners_written": "total learners (as written)",
    "survey_topics_written": "survey: total topics (as written)",
    "survey_people_written": "survey: total participants (as written)",
    "goal_classes": "goal: classes",
    "goal_topics": "goal: topics",
    "goal_participants": "goal: participants",
    "items": "",
    "value": "",
    "lines": "",
}


def _field_label_en(field: str) -> str:
    """A field's name in English (the command line's trail under an English locale)."""
    return _FIELD_LABELS_EN.get(field, field.replace("_", " "))


def _field_label(field: str) -> str:
    from .checks import FIELD_LABELS

    labels = {
        **FIELD_LABELS,
        "month": "Tháng",
        "position": "Thứ tự",
        "status": "Trạng thái",
        "items": "",
        "value": "",
        "activities": "số hoạt động",
        "topics": "Số chuyên đề",
        "people": "Lượt người",
        "label": "Tên dòng",
        "lines": "",
        "held_date": "Ngày thực hiện",
        "held_learners": "Học viên thực tế",
        "held_spent": "Kinh phí đã chi",
        "held_note": "Ghi chú kết quả",
        "commune": "Tên xã",
        "district": "Huyện",
        "province": "Tỉnh",
        "parent_body": "Cơ quan chủ quản",
        "issuing_body": "Cơ quan ban hành",
        "number": "Số",
        "doc_code": "Mã loại văn bản",
        "code": "Mã",
        "date": "Ngày",
        "doc_type": "Loại văn bản",
        "summary": "Trích yếu",
        "name": "Họ tên",
        "title": "Chức vụ",
        "authority": "Thẩm quyền ký",
        "heading": "Khối ký",
        **{key: label for key, label in FIGURE_FIELDS + RESULT_TOTAL_FIELDS + GOAL_FIELDS},
    }
    return labels.get(field, field)


def change_rows(
    changes, *, with_record: bool = True, english: bool = False
) -> list[tuple[str, ...]]:
    """(time, user, action, what, before, after) for each change, as text. "What" names the
    record as a person knows it — "Hoạt động tháng 1 “Tập huấn sử dụng phân bón…”", not
    its number — then the field. `english`: the words of the trail (actions, records,
    fields, statuses) in English, for the command line under an English locale; what
    was written in the plan stays as it was."""
    labels = record_labels(changes, english=english) if with_record else {}
    actions, tables = (
        (AUDIT_ACTIONS_EN, AUDIT_TABLES_EN) if english else (AUDIT_ACTIONS, AUDIT_TABLES)
    )
    return [
        (
            c.at.strftime("%d/%m/%Y %H:%M"),
            c.user,
            actions.get(c.action, c.action),
            " ".join(
                x
                for x in (
                    labels.get((c.table, c.record), tables.get(c.table, c.table))
                    if with_record
                    else "",
                    _field_label_en(c.field) if english else _field_label(c.field),
                )
                if x
            ),
            _value_label(c.field, c.before, english=english),
            _value_label(c.field, c.after, english=english),
        )
        for c in changes
    ]


def event_rows(events, *, english: bool = False) -> list[tuple[str, ...]]:
    """(time, user, action, what) for each status event (plan_event: a submission, an
    approval, a return, an amendment), as `change_rows` writes a change: what names the
    revision, the statuses and the event's note (a return's comment, an approval's date)."""
    from .approval import ACTION_LABELS

    rows = []
    for e in events:
        what = f"{'Revision' if english else 'Bản'} {e.plan.revision}"
        if e.status_before or e.status_after:
            before = _value_label("status", e.status_before, english=english)
            after = _value_label("status", e.status_after, english=english)
            what += f": “{before}” → “{after}”"
        if e.comment:
            what += f" ({e.comment})"
        action = e.action.capitalize() if english else ACTION_LABELS.get(e.action, e.action)
        rows.append((e.at.strftime("%d/%m/%Y %H:%M"), e.user, action, what))
    return rows


SIGNER_LABELS = {"approver": "Người ký (phê duyệt)", "director": "Người ký (giám đốc)"}


def _quote(text: str, width: int = 32) -> str:
    from .editing import _short

    return f"“{_short(text, width)}”"


def record_labels(changes, *, english: bool = False) -> dict[tuple[str, str], str]:
    """The name of each record the changes are about, by (table, record): an activity by
    its month and content, a survey or result line by its label, a list or a text by its
    heading. Rows deleted since are named by what the trail recorded of them. A few
    queries for the lot, however many changes."""
    wanted: dict[str, set[int]] = {}
    written: dict[tuple[str, str], dict[str, str]] = {}  # values seen in the trail
    for c in changes:
        if c.record.isdigit():
            wanted.setdefault(c.table, set()).add(int(c.record))
        seen = written.setdefault((c.table, c.record), {})
        for value in (c.after, c.before):
            if value and c.field not in seen:
                seen[c.field] = value
    labels: dict[tuple[str, str], str] = {}
    acts = {
        a.id: (a.month, a.content)
        for a in Activity.select(Activity.id, Activity.month, Activity.content).where(
            Activity.id.in_(sorted(wanted.get("activity", ())))
        )
    }
    lines = {
        table: {
            r.id: r.label
            for r in model.select(model.id, model.label).where(
                model.id.in_(sorted(wanted.get(table, ())))
            )
        }
        for table, model in (("survey_line", SurveyLine), ("result_line", ResultLine))
    }
    revisions = {
        p.id: p.revision
        for p in Plan.select(Plan.id, Plan.revision).where(
            Plan.id.in_(sorted(wanted.get("plan", ())))
        )
    }
    entries = dict(TEXT_ENTRIES)
    words = _RECORD_WORDS_EN if english else _RECORD_WORDS
    tables = AUDIT_TABLES_EN if english else AUDIT_TABLES
    for (table, record), seen in written.items():
        label = None
        if table == "activity" and record.isdigit():
            month, content = acts.get(int(record), (seen.get("month"), seen.get("content")))
            if content:
                label = f"{words['activity']} {_quote(content)}"
                if month:
                    label = f"{words['activity_month']} {month} {_quote(content)}"
            else:
                label = words["activity_deleted"]
        elif table in lines and record.isdigit():
            text = lines[table].get(int(record)) or seen.get("label")
            if text:
                label = f"{tables[table]} {_quote(text)}"
        elif table == "plan_item":
            heading = entries.get(f"list:{record}")
            if heading:
                label = f"{words['list']} “{heading}”"
        elif table == "plan_text":
            heading = HEADING_LABELS.get(record) or TEXT_KEY_LABELS.get(record)
            if heading and english:
                heading = _TEXT_LABELS_EN.get(record) or heading.replace("Mục", "section")
            if heading:
                label = f"{words['text']}: {heading}"
        elif table == "signer":
            label = (SIGNER_LABELS_EN if english else SIGNER_LABELS).get(record)
        elif table == "programme" and seen.get("code"):
            label = f"{words['programme']} {seen['code']}"
        elif table == "result_line" and not record:
            label = tables["result_line"]
        elif table == "plan" and record.isdigit() and int(record) in revisions:
            # a period has several revisions: a status change says whose it is
            label = f"{words['revision']} {revisions[int(record)]}"
        if label is None:
            label = tables.get(table, table)
            if record and table not in ("plan", "centre"):
                label = f"{label} {record}"
        labels[(table, record)] = label
    return labels


_RECORD_WORDS = {
    "activity": "Hoạt động",
    "activity_month": "Hoạt động tháng",
    "activity_deleted": "Hoạt động (đã xóa)",
    "list": "Danh sách",
    "text": "Văn bản",
    "programme": "Chương trình",
    "revision": "Bản",
}
_RECORD_WORDS_EN = {
    "activity": "Activity",
    "activity_month": "Activity of month",
    "activity_deleted": "Activity (deleted)",
    "list": "List",
    "text": "Text",
    "programme": "Programme",
    "revision": "Revision",
}
SIGNER_LABELS_EN = {"approver": "Signer (approval)", "director": "Signer (director)"}
_TEXT_LABELS_EN = {
    "closing": "closing paragraph",
    "goals_intro": "goals' opening line",
    "heading_recipients": "recipients",
}


TEXT_KEY_LABELS = {"closing": "đoạn kết", "goals_intro": "câu dẫn mục tiêu"}


_MONEY_FIELDS = frozenset({"budget", "held_spent"})
_DATE_FIELDS = frozenset({"held_date", "date"})
# numbers that are not amounts of anything: written as they are ("2024", not "2.024")
_PLAIN_NUMBER_FIELDS = frozenset({"number", "year", "month", "position", "first_month", "revision"})
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _value_label(field: str, value: str | None, *, english: bool = False) -> str:
    """A recorded value as a person reads it, as the screens write it: a plan's status by
    its Vietnamese name ("Dự thảo", not "draft"), a date as 20/01/2024, money as 720.000đ,
    a count as 2.248; anything else as it was written."""
    if value is None:
        return ""
    if field == "status":
        from .models import ACTIVITY_STATUS_LABELS, STATUS_LABELS

        if english:  # the stored names are English ("draft", "held")
            return value
        return STATUS_LABELS.get(value) or ACTIVITY_STATUS_LABELS.get(value) or value
    if field in _DATE_FIELDS and (iso := _ISO_DATE_RE.match(value)):
        return f"{iso[3]}/{iso[2]}/{iso[1]}"
    if english and value.isascii() and value.isdigit() and field not in _PLAIN_NUMBER_FIELDS:
        # as plan list writes numbers in English: 2,248; money with its unit, as plan
        # list heads its budget column: 720,000 VND
        return f"{int(value):,} VND" if field in _MONEY_FIELDS else f"{int(value):,}"
    if value.isascii() and value.isdigit() and field not in _PLAIN_NUMBER_FIELDS:
        return format_money(int(value)) if field in _MONEY_FIELDS else format_int(int(value))
    return value


def activity_history(activity_id: int) -> list[tuple[str, ...]]:
    from .audit import activity_changes

    return change_rows(activity_changes(activity_id), with_record=False)


TEXT_ENTRIES: list[tuple[str, str]] = [
    ("header", "Đầu văn bản (số, ngày, trích yếu)"),
    ("list:legal_basis", "1. Căn cứ"),
    ("list:situation", "2. Đặc điểm tình hình"),
    ("figures", "2. Số liệu của xã"),
    ("list:advantage", "2a. Thuận lợi"),
    ("list:difficulty", "2b. Khó khăn"),
    ("results", "3. Kết quả năm trước"),
    ("goals", "5. Mục tiêu"),
    ("list:solution", "7. Giải pháp"),
    ("text:closing", "Đoạn kết"),
    ("list:recipient", "Nơi nhận"),
    ("signers", "Người ký"),
    ("headings", "Tiêu đề các mục"),
]

HEADING_LABELS = {
    "heading_bases": "Mục 1",
    "heading_situation": "Mục 2",
    "heading_advantages": "Mục 2a",
    "heading_difficulties": "Mục 2b",
    "heading_results": "Mục 3",
    "heading_survey": "Mục 4",
    "heading_goals": "Mục 5",
    "heading_months": "Mục 6",
    "heading_solutions": "Mục 7",
    "heading_recipients": "Nơi nhận",
}


def header_fields(plan: Plan) -> list[tuple[str, str, str]]:
    """The F6 header form: the centre's details (commune, names, issuer code: the centre's,
    shared by its drafts; a submitted revision keeps its own) and the plan's."""
    from .plans import plan_header

    c = plan_header(plan)
    return [
        ("commune", "Tên xã", c["commune"]),
        ("district", "Huyện", c["district"]),
        ("province", "Tỉnh", c["province"]),
        ("parent_body", "Cơ quan chủ quản", c["parent_body"]),
        ("issuing_body", "Cơ quan ban hành", c["issuing_body"]),
        ("number", "Số", format_int(plan.number, width=2)),
        ("doc_code", "Mã loại văn bản", plan.doc_code),
        ("code", "Mã cơ quan", c["code"]),
        ("place", "Địa danh", plan.place),
        ("date", "Ngày ban hành", plan.date.strftime("%d/%m/%Y") if plan.date else ""),
        ("doc_type", "Loại văn bản", plan.doc_type),
        ("summary", "Trích yếu", plan.summary),
    ]


FIGURE_FIELDS = [
    ("area_ha", "Diện tích (ha)"),
    ("villages_count", "Số thôn"),
    ("households", "Số hộ"),
    ("population", "Số nhân khẩu"),
    ("poor_households", "Hộ nghèo"),
    ("near_poor_households", "Hộ cận nghèo"),
]
RESULT_TOTAL_FIELDS = [
    ("results_classes_written", "Tổng số lớp (như ghi)"),
    ("results_learners_written", "Tổng học viên (như ghi)"),
    ("survey_topics_written", "KS: tổng chuyên đề (như ghi)"),
    ("survey_people_written", "KS: tổng lượt người (như ghi)"),
]
GOAL_FIELDS = [
    ("goal_classes", "Số lớp"),
    ("goal_topics", "Số chuyên đề"),
    ("goal_participants", "Số lượt tham gia"),
]


def number_fields(plan: Plan, fields: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    out = []
    for key, label in fields:
        value = getattr(plan, key)
        out.append((key, label, format_decimal(value) if key == "area_ha" else format_int(value)))
    return out


def result_line_texts(plan: Plan) -> list[str]:
    return [
        f"{r.label}: {format_int(r.classes, width=2)} lớp có {format_int(r.learners)} học viên"
        for r in ResultLine.select().where(ResultLine.plan == plan).order_by(ResultLine.position)
    ]


def signer_fields(plan: Plan) -> list[tuple[str, str, str]]:
    from .models import SIGNER_APPROVER, SIGNER_DIRECTOR, Signer

    out = []
    for role, label in ((SIGNER_DIRECTOR, "Giám đốc"), (SIGNER_APPROVER, "Phê duyệt")):
        s = Signer.get_or_none(Signer.plan == plan, Signer.role == role)
        if role == SIGNER_APPROVER:
            out.append(
                (
                    f"{role}__heading",
                    f"{label}: khối",
                    (s.heading if s else "").replace("\n", " / "),
                )
            )
        out.append(
            (
                f"{role}__authority",
                f"{label}: thẩm quyền",
                (s.authority if s else "").replace("\n", " / "),
            )
        )
        out.append((f"{role}__title", f"{label}: chức vụ", s.title if s else ""))
        out.append((f"{role}__name", f"{label}: họ tên", s.name if s else ""))
    return out


def text_preview(plan: Plan, entry: str) -> str:
    """What an entry of the texts screen holds, as plain text."""
    from .editing import get_items
    from .models import PlanText

    def text(key: str) -> str:
        row = PlanText.get_or_none(PlanText.plan == plan, PlanText.key == key)
        return row.value if row else ""

    if entry.startswith("list:"):
        return "\n".join(f"- {t}" for t in get_items(plan, entry[5:])) or "(trống)"
    if entry.startswith("text:"):
        return text(entry[5:]) or "(trống)"
    if entry == "header":
        return "\n".join(f"{label}: {value}" for _, label, value in header_fields(plan))
    if entry == "figures":
        return "\n".join(
            f"{label}: {value}" for _, label, value in number_fields(plan, FIGURE_FIELDS)
        )
    if entry == "results":
        lines = result_line_texts(plan)
        lines += [
            f"{label}: {value}" for _, label, value in number_fields(plan, RESULT_TOTAL_FIELDS)
        ]
        return "\n".join(lines)
    if entry == "goals":
        lines = [text("goals_intro")]
        lines += [f"{label}: {value}" for _, label, value in number_fields(plan, GOAL_FIELDS)]
        return "\n".join(lines + [f"Đối tượng: {plan.goal_target}"])
    if entry == "signers":
        return "\n".join(f"{label}: {value}" for _, label, value in signer_fields(plan))
    if entry == "headings":
        return "\n".join(f"{HEADING_LABELS[k]}: {text(k)}" for k in HEADING_LABELS)
    return ""


def heading_fields(plan: Plan) -> list[tuple[str, str, str]]:
    from .models import PlanText

    out = []
    for key, label in HEADING_LABELS.items():
        row = PlanText.get_or_none(PlanText.plan == plan, PlanText.key == key)
        out.append((key, label, row.value if row else ""))
    return out


def upcoming_activities(plan: Plan, today: _date) -> list[tuple[str, str, str, int | None]]:
    """Activities of this month and the next, when they fall in the plan's period:
    (month label, content, place, learners)."""
    months = period_months(plan.year, plan.first_month)
    wanted = []
    y, m = today.year, today.month
    for _ in range(2):
        if (y, m) in months:
            wanted.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    out = []
    for year, month in wanted:
        for a in (
            Activity.select()
            .where((Activity.plan == plan) & (Activity.month == month))
            .order_by(Activity.position)
        ):
            out.append((f"{month}/{year}", a.content, a.place, a.learners))
    return out


@dataclass(frozen=True)
class ProgressView:
    total: tuple[str, ...]  # held/planned, learners held/planned, spent/budget
    rows: list[tuple[str, ...]]  # per programme: code, held/planned, learners, spent
    months: dict[str, str]  # "1/2024" → "2/2"
    overdue: list[str]  # "Tháng 1, dòng 2: content"


def progress_view(plan: Plan, today: _date) -> ProgressView:
    from .results import overdue, progress_by_month, progress_by_programme, progress_total

    def cells(p) -> tuple[str, ...]:
        return (
            p.label,
            f"{p.held}/{p.planned}",
            f"{format_int(p.learners_held)}/{format_int(p.learners_planned)}",
            f"{format_money(p.spent)}/{format_money(p.budget)}",
        )

    return ProgressView(
        total=cells(progress_total(plan)),
        rows=[cells(p) for p in progress_by_programme(plan)],
        months={p.label: f"{p.held}/{p.planned}" for p in progress_by_month(plan)},
        overdue=[f"Tháng {a.month}, dòng {a.position}: {a.content}" for a in overdue(plan, today)],
    )


_ENTRY_OF_FIELD = {
    **{f: "header" for f in ("number", "doc_code", "date", "place", "doc_type", "summary")},
    **{f: "results" for f, _ in RESULT_TOTAL_FIELDS},
    **{f: "goals" for f, _ in GOAL_FIELDS},
    "goals_intro": "goals",
    "closing": "text:closing",
    "signers": "signers",
}


def text_entry_for(kind: str, key: str) -> str:
    """The texts screen's entry where a plan field ("plan", field) or a text or list
    ("text", key) is edited — where the checks screen jumps."""
    if key in _ENTRY_OF_FIELD:
        return _ENTRY_OF_FIELD[key]
    if key.startswith("heading_"):
        return "headings"
    if kind == "text" and key in LIST_KINDS:
        return f"list:{key}"
    return "header"
