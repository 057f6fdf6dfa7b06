"""#18 (a new user's #7): `kehoach log` under an English locale printed the trail's own
words (Sửa, Nhập, Trạng thái, field names) in Vietnamese. They follow the locale like every
other command-line message; what was written in the plan is quoted as it is."""

from __future__ import annotations

from kehoach.store import approval
from kehoach.store.editing import update_activity
from kehoach.store.models import Activity, Plan
from tests.command import EN, VI, run

VIETNAMESE_WORDS = ("Sửa", "Nhập", "Trạng thái", "Nội dung", "Hoạt động", "Kế hoạch", "Dự thảo")


def _trail(db_path) -> None:
    act = Activity.get((Activity.month == 1) & (Activity.position == 1))
    update_activity(act.id, {"content": "Vũ Lẽ Lễ", "budget": 750000})
    approval.submit(Plan.get())


def test_log_in_english_under_an_english_locale(demo, db_path):
    _trail(db_path)
    out = run("log", "--db", db_path, env_extra=EN, check_rc=0).stdout
    assert "Vũ Lẽ Lễ" in out  # the plan's own text, quoted as it is
    for word in VIETNAMESE_WORDS:
        assert word not in out, (word, out)
    assert "Import" in out and "Edit" in out and "Status" in out
    assert "Activity of month 1" in out and "content:" in out and "budget:" in out
    assert "“draft” → “submitted”" in out and "750,000" in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_log_stays_vietnamese_by_default(demo, db_path):
    _trail(db_path)
    out = run("log", "--db", db_path, env_extra=VI, check_rc=0).stdout
    assert "Sửa" in out and "Nhập" in out and "Hoạt động tháng 1" in out
    assert "“Dự thảo” → “Đã" in out
