"""A new user's finding on #18: the audit trail (F5's change list, `kehoach log`) named
records by number ("Hoạt động 25"). It names them as a person knows them: an activity by
its month and content (a deleted one by what the trail kept of it), a survey line by its
label, a list by its heading; and every field by its Vietnamese name."""

from __future__ import annotations

import re

from kehoach.store import editing
from kehoach.store.audit import plan_changes
from kehoach.store.models import Activity, Plan, SurveyLine
from kehoach.store.views import change_rows
from tests.cli.test_cli import VI, run


def _what(plan: Plan) -> list[str]:
    return [row[3] for row in change_rows(plan_changes(plan))]


def test_the_trail_names_records_as_a_person_knows_them(demo):
    plan = Plan.get()
    first = Activity.get((Activity.month == 1) & (Activity.position == 1))
    second = Activity.get((Activity.month == 1) & (Activity.position == 2))
    editing.update_activity(first.id, {"learners": 84})
    editing.delete_activity(second.id)
    editing.add_activity(plan, {"month": 3, "content": "Học tiếng Anh giao tiếp"})
    line = SurveyLine.get(SurveyLine.position == 1)
    editing.save_line(plan, "survey", {"topics": 6}, line.id)
    editing.set_items(plan, "legal_basis", ["Căn cứ Luật Giáo dục."])
    what = _what(Plan.get())[-5:]
    assert what == [
        "Hoạt động tháng 1 “Tập huấn sử dụng phân bón…” Số học viên",
        "Hoạt động “Tuyên truyền bảo vệ tài nguyên…” Nội dung",
        "Hoạt động tháng 3 “Học tiếng Anh giao tiếp” Nội dung",
        "Khảo sát “Chương trình giáo dục pháp luật” Số chuyên đề",
        "Danh sách “1. Căn cứ”",
    ], what
    assert not any(re.match(r"(Hoạt động|Khảo sát) \d", w) for w in what)


def test_kehoach_log_names_them_too(demo_db):
    from kehoach.store.db import open_database

    db = open_database(demo_db)
    try:
        act = Activity.get((Activity.month == 1) & (Activity.position == 1))
        editing.update_activity(act.id, {"learners": 84})
    finally:
        db.close()
    out = run("log", "--db", demo_db, env_extra=VI, check_rc=0).stdout
    said = " ".join(out.split())
    assert "Hoạt động tháng 1 “Tập huấn sử dụng phân bón…” Số học viên: “88” → “84”" in said
    assert f"Hoạt động {act.id} " not in out


def test_the_trail_writes_values_as_the_screens_do(demo):
    """A new user's finding: the trail showed “2024-01-20” and “720000”. Dates, money and
    counts read as everywhere else; numbers that are not amounts stay as they are."""
    import datetime as dt

    from kehoach.store.results import record_held

    first = Activity.get((Activity.month == 1) & (Activity.position == 1))
    editing.update_activity(first.id, {"budget": 1_250_000, "learners": 1200})
    record_held(first.id, status="held", date=dt.date(2024, 1, 20), learners=80, spent=700_000)
    rows = {row[3].rsplit("” ", 1)[-1]: row[4:] for row in change_rows(plan_changes(Plan.get()))}
    assert rows["Kinh phí"] == ("720.000đ", "1.250.000đ"), rows
    assert rows["Số học viên"] == ("88", "1.200")
    assert rows["Ngày thực hiện"] == ("", "20/01/2024")
    assert rows["Kinh phí đã chi"] == ("", "700.000đ")
    assert rows["Học viên thực tế"] == ("", "80")
