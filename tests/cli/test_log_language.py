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


def test_log_money_has_its_unit_in_english(demo, db_path):
    """(a new user's report 2) English money was bare ("750,000"); it carries its unit as
    plan list's "Budget (VND)" column does."""
    _trail(db_path)
    out = run("log", "--db", db_path, env_extra=EN, check_rc=0).stdout
    assert "“720,000 VND” → “750,000 VND”" in " ".join(out.split()), out


def _amended_trail() -> None:
    plan = approval.submit(Plan.get())
    approval.approve(plan, name="Nguyễn Văn A", title="Chủ tịch", date=plan.date)
    approval.submit(approval.amend(Plan.get_by_id(plan.id)))


def test_log_names_the_revision_of_each_status_change(demo, db_path):
    """(a new user's report 2) after an amendment "draft → submitted" appeared twice with
    nothing telling the two revisions apart."""
    _amended_trail()
    for env, rev, status in ((VI, "Bản", "Trạng thái"), (EN, "Revision", "status")):
        out = run("log", "--db", db_path, env_extra=env, check_rc=0).stdout
        lines = [" ".join(x.split()) for x in out.split("\n30/")]  # an entry, unwrapped
        changes = [line for line in lines if f" {status}: " in line]
        assert len(changes) == 3, out
        for line, n in zip(changes, (1, 1, 2), strict=True):
            assert f" {rev} {n} {status}: " in line, line
