"""The life of a plan, refused edits, amendments, and the audit trail."""

import getpass

import pytest

from kehoach.store import approval, editing
from kehoach.store.audit import activity_changes, plan_changes
from kehoach.store.errors import KehoachError
from kehoach.store.models import Activity, ChangeLog, Plan
from kehoach.store.plans import default_approver, find_plan, load_document


def first_activity() -> Activity:
    return Activity.get((Activity.month == 1) & (Activity.position == 1))


def test_transitions(demo):
    with pytest.raises(KehoachError):
        approval.approve(demo, name="A", title="B")  # not submitted yet
    with pytest.raises(KehoachError):
        approval.amend(demo)
    plan = approval.submit(demo)
    assert plan.status == "submitted"
    with pytest.raises(KehoachError):
        approval.submit(plan)
    with pytest.raises(KehoachError):
        approval.return_plan(plan, "  ")  # a return needs a comment
    plan = approval.return_plan(plan, "Bổ sung căn cứ")
    assert plan.status == "returned"
    editing.set_text(plan, "closing", "Sửa lại đoạn kết.")  # returned: editable again
    plan = approval.submit(plan)
    plan = approval.approve(
        plan, name="Hoàng Văn Thơi", title="Phó trưởng phòng", authority="KT. Trưởng phòng"
    )
    assert plan.status == "approved"
    doc = load_document(plan)
    assert (doc.approver.title, doc.approver.authority) == ("PHÓ TRƯỞNG PHÒNG", "KT. TRƯỞNG PHÒNG")
    actions = [e.action for e in approval.history(plan)]
    assert actions == ["submit", "return", "submit", "approve"]


@pytest.mark.parametrize("status_steps", [["submit"], ["submit", "approve"]])
def test_submitted_or_approved_refuses_every_change_in_the_store(demo, status_steps):
    plan = demo
    for step in status_steps:
        plan = (
            approval.submit(plan)
            if step == "submit"
            else approval.approve(plan, name="X", title="Y")
        )
    act = first_activity()
    attempts = [
        lambda: editing.add_activity(plan, {"month": 1, "content": "Mới"}),
        lambda: editing.update_activity(act.id, {"learners": 84}),
        lambda: editing.delete_activity(act.id),
        lambda: editing.move_activity(act.id, step=1),
        lambda: editing.set_text(plan, "closing", "x"),
        lambda: editing.set_items(plan, "solution", ["x"]),
        lambda: editing.set_plan_fields(plan, {"number": 2}),
        lambda: editing.set_signer(plan, "director", {"name": "x"}),
        lambda: editing.save_line(plan, "survey", {"label": "x", "topics": 1, "people": 1}),
    ]
    for attempt in attempts:
        with pytest.raises(KehoachError) as info:
            attempt()
        assert "Bấm n trên màn Phê duyệt" in info.value.vi
    assert first_activity().learners == 88


def test_undo_of_a_change_is_refused_once_the_plan_is_submitted(demo):
    stack = editing.UndoStack()
    stack.push(editing.update_activity(first_activity().id, {"learners": 84}))
    approval.submit(demo)
    with pytest.raises(KehoachError):
        stack.undo()
    assert first_activity().learners == 84
    assert len(stack.done) == 1  # still there to undo after an amendment or return


def test_amendment_keeps_the_approved_revision_intact(demo):
    plan = approval.approve(approval.submit(demo), name="Hoàng Văn Thơi", title="PHÓ TRƯỞNG PHÒNG")
    before = load_document(plan)
    new = approval.amend(plan)
    assert (new.revision, new.status) == (2, "draft")
    assert find_plan(2024).id == new.id
    act = Activity.get((Activity.plan == new) & (Activity.month == 1) & (Activity.position == 1))
    editing.update_activity(act.id, {"learners": 84})
    old = Plan.get_by_id(plan.id)
    assert old.status == "approved"
    assert load_document(old) == before
    assert load_document(new).activities[0].learners == 84


def test_the_audit_trail_records_user_and_values(demo):
    act = first_activity()
    editing.update_activity(act.id, {"learners": 84, "place": "Nhà văn hóa thôn Cầu Hin"})
    rows = [(c.field, c.before, c.after, c.user, c.action) for c in activity_changes(act.id)]
    user = getpass.getuser()
    assert ("learners", "88", "84", user, "edit") in rows
    assert ("place", "Nhà văn hóa xã", "Nhà văn hóa thôn Cầu Hin", user, "edit") in rows
    change = editing.delete_activity(act.id)
    change.undo()  # the undo is on record too
    actions = [c.action for c in activity_changes(act.id)]
    assert actions[-2:] == ["delete", "create"]
    approval.submit(demo)
    assert [c.after for c in plan_changes(demo) if c.action == "status"] == ["submitted"]
    assert ChangeLog.select().where(ChangeLog.action == "import").count() == 1


def test_default_approving_office_by_period():
    assert "PHÒNG GD&ĐT" in default_approver(2024).heading
    assert "PHÒNG GD&ĐT" in default_approver(2025, 1).heading
    assert "ỦY BAN NHÂN DÂN XÃ" in default_approver(2025, 9).heading
    assert "ỦY BAN NHÂN DÂN XÃ" in default_approver(2026).heading


def test_a_form_opened_before_another_sessions_change_is_refused(demo):
    from kehoach.store import forms

    shown = Plan.get_by_id(demo.id).version  # the header form is opened
    editing.set_text(demo, "closing", "Đoạn kết do người khác sửa.")  # another session
    values = {
        "parent_body": "UBND XÃ TÂN HƯƠNG",
        "issuing_body": "TTHTCĐ",
        "code": "TTHTCĐ",
        "number": "2",
        "doc_code": "KH",
        "place": "Tân Hương",
        "date": "12/01/2024",
        "doc_type": "KẾ HOẠCH",
        "summary": "Hoạt động của Trung tâm học tập cộng đồng năm 2024",
    }
    with pytest.raises(KehoachError) as info:
        forms.save_header(demo, values, expected_version=shown)
    assert "someone else changed this plan" in info.value.en
    assert Plan.get_by_id(demo.id).number == 1
    forms.save_header(demo, values, expected_version=Plan.get_by_id(demo.id).version)
    assert Plan.get_by_id(demo.id).number == 2


def test_the_audit_trail_names_the_database_role_on_a_server_only(demo, db_path):
    """#20 item 3: each change records the OS user and, on a server, the login role."""
    approval.submit(demo)
    rows = {(c.user, c.role) for c in ChangeLog.select()}
    if isinstance(db_path, str):  # a server: the role the URL logs in as
        role = db_path.split("://", 1)[1].split("@", 1)[0]
        assert role and rows == {(getpass.getuser(), role)}
    else:
        assert rows == {(getpass.getuser(), "")}
