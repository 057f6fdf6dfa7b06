"""Running the year: what was held, progress, the report, next year's section 3."""

import datetime as dt
import io

import pytest
from docx import Document

from kehoach.export.plan_export import docx_bytes, export_bytes
from kehoach.export.text_plan import render_plan_text
from kehoach.store import approval
from kehoach.store.errors import KehoachError
from kehoach.store.models import Activity, Plan, ResultLine
from kehoach.store.plans import create_first_plan, load_document, new_plan_from
from kehoach.store.results import (
    overdue,
    progress_by_month,
    progress_by_programme,
    progress_total,
    record_held,
)
from kehoach.store.views import month_rows
from tests.export.docx_helpers import body_lines


def act(month, position) -> Activity:
    return Activity.get((Activity.month == month) & (Activity.position == position))


@pytest.fixture
def held(demo):
    """January and February held (Jan 1: 80 came, 700.000đ spent; the others as planned,
    less 10 learners), March row 2 cancelled."""
    record_held(act(1, 1).id, status="held", date=dt.date(2024, 1, 20), learners=80, spent=700_000)
    for month, pos in ((1, 2), (2, 1), (2, 2)):
        a = act(month, pos)
        record_held(
            a.id,
            status="held",
            date=dt.date(2024, month, 25),
            learners=a.learners - 10,
            spent=a.budget,
        )
    record_held(act(3, 2).id, status="cancelled", note="Không đủ học viên")
    return demo


def test_progress_figures(held):
    total = progress_total(held)
    # hand-computed: learners 80 + (88-10) + (84-10) + (100-10) = 322
    assert (total.planned, total.held) == (24, 4)
    assert total.learners_held == 322
    assert total.spent == 700_000 + 770_000 + 700_000 + 780_000
    assert total.classes_held == 3  # Feb row 2's classes cell is blank
    months = {p.label: p for p in progress_by_month(held)}
    assert (months["1/2024"].held, months["1/2024"].learners_held) == (2, 158)
    assert months["3/2024"].held == 0
    progs = {p.label: p for p in progress_by_programme(held)}
    assert (progs["KT"].held, progs["KT"].learners_held) == (2, 154)  # Jan 1 (80) + Feb 1 (74)
    assert (progs["MT"].held, progs["SK"].held) == (1, 1)
    late = overdue(held, dt.date(2024, 4, 2))
    assert [(a.month, a.position) for a in late] == [(3, 1)]  # Mar 2 is cancelled, not overdue
    assert overdue(held, dt.date(2024, 1, 5)) == []


def test_held_requires_a_date_and_shows_on_f3(held):
    with pytest.raises(KehoachError):
        record_held(act(4, 1).id, status="held", learners=80)
    rows = {r.key: r.cells for r in month_rows(held)}
    assert rows[f"a:{act(1, 1).id}"][-1] == "✓ 20/01"
    assert rows[f"a:{act(3, 2).id}"][-1] == "Hủy"


def test_results_can_be_recorded_on_an_approved_plan_but_not_an_old_revision(demo):
    plan = approval.approve(approval.submit(demo), name="X", title="Y")
    record_held(act(1, 1).id, status="held", date=dt.date(2024, 1, 20), learners=80, spent=1)
    assert act(1, 1).held_learners == 80
    approval.amend(plan)
    with pytest.raises(KehoachError):
        record_held(act(1, 2).id, status="held", date=dt.date(2024, 1, 20), learners=80, spent=1)


def test_year_end_report_numbers(held):
    text = export_bytes(held, "report-text").decode()
    assert "Cả năm     24      4      23    3  2.248  322  18.005.000đ  2.950.000đ" in text
    assert "Đã chi 2.950.000đ trên 18.005.000đ kế hoạch." in text
    assert "Bằng chữ: Hai triệu chín trăm năm mươi nghìn đồng." in text
    assert "Hủy" in text and "Không đủ học viên" in text
    lines = body_lines(Document(io.BytesIO(export_bytes(held, "report-docx"))))
    # the document type on its line, the summary (trích yếu) in ordinary case under it
    assert lines[lines.index("BÁO CÁO") + 1].startswith("Kết quả thực hiện kế hoạch hoạt động")
    assert "Cả năm | 24 | 4 | 23 | 3 | 2.248 | 322 | 18.005.000đ | 2.950.000đ" in lines
    assert "Số:      /BC-TTHTCĐ" in lines  # numbered by the office when issued


def test_next_year_plan_takes_section_3_from_what_was_held(held):
    new = new_plan_from(held, 2025, date=dt.date(2025, 1, 8))
    doc = load_document(new)
    assert [(r.programme, r.classes, r.learners) for r in doc.results] == [
        ("KT", 2, 154),
        ("SK", 0, 90),  # Feb row 2: classes blank, 90 came
        ("MT", 1, 78),
    ]
    assert (doc.results_classes_written, doc.results_learners_written) == (3, 322)
    assert (doc.number, doc.date, doc.activities, doc.survey) == (1, dt.date(2025, 1, 8), [], [])
    assert doc.title.endswith("NĂM 2025")
    assert doc.text("heading_results") == "3. Kết quả thực hiện năm 2024"
    assert ResultLine.select().where(ResultLine.plan == new).count() == 3


def test_school_year_plan_in_period_order(db):
    plan = create_first_plan("Vân Nham", 2025, period_kind="school_year", first_month=9)
    from kehoach.store import editing

    for month in (1, 9, 12, 8):
        editing.add_activity(plan, {"month": month, "content": f"Chuyên đề tháng {month}"})
    months = [r.month for r in month_rows(plan) if not r.is_total and r.cells[2]]
    assert months == [9, 12, 1, 8]
    assert [r.month for r in month_rows(plan) if r.is_total][:5] == [9, 10, 11, 12, 1]
    text = render_plan_text(load_document(plan))
    order = [
        text.index(f"KẾ HOẠCH THÁNG {m} NĂM {y}")
        for m, y in ((9, 2025), (12, 2025), (1, 2026), (8, 2026))
    ]
    assert order == sorted(order)
    assert plan.doc_type == "KẾ HOẠCH" and plan.summary.endswith("năm học 2025-2026")
    lines = body_lines(Document(io.BytesIO(docx_bytes(plan))))
    titles = [line for line in lines if line.startswith("KẾ HOẠCH THÁNG")]
    assert titles == [
        "KẾ HOẠCH THÁNG 9 NĂM 2025",
        "KẾ HOẠCH THÁNG 12 NĂM 2025",
        "KẾ HOẠCH THÁNG 1 NĂM 2026",
        "KẾ HOẠCH THÁNG 8 NĂM 2026",
    ]


def test_an_amendment_keeps_what_was_held(held):
    """The year's tracking goes on in the amended draft: nothing recorded is lost (found by
    a new user: after F5 n the draft's F3 showed no result and F2 0/2 for January)."""
    plan = approval.approve(approval.submit(held), name="X", title="Y")
    before = progress_total(plan)
    new = approval.amend(plan)
    assert progress_total(new) == before and before.held == 4
    mine = {
        (a.month, a.position): (a.status, a.held_date, a.held_learners, a.held_spent, a.note)
        for a in Activity.select().where(Activity.plan == new.id)
    }
    assert mine[1, 1][:4] == ("held", dt.date(2024, 1, 20), 80, 700_000)
    assert mine[3, 2][0] == "cancelled"
    assert (
        Activity.get(
            (Activity.plan == new.id) & (Activity.month == 3) & (Activity.position == 2)
        ).held_note
        == "Không đủ học viên"
    )
    assert mine[4, 1][0] == "planned"
    # the approved revision is as it was
    old = Activity.get(
        (Activity.plan == plan.id) & (Activity.month == 1) & (Activity.position == 1)
    )
    assert (old.status, old.held_learners) == ("held", 80)


def test_a_held_date_still_to_come_is_refused_and_changes_nothing(demo):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    Plan.update(year=tomorrow.year, first_month=tomorrow.month).execute()
    a = Activity.get((Activity.month == tomorrow.month) & (Activity.position == 1))
    with pytest.raises(KehoachError, match="chưa tới") as refused:
        record_held(a.id, status="held", date=tomorrow, learners=1, spent=1)
    assert "still to come" in refused.value.en
    again = Activity.get_by_id(a.id)
    assert (again.status, again.held_date, again.version) == ("planned", None, a.version)
