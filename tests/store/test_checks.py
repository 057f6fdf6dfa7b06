"""Each rule: a case that must fire and a near case that must not."""

import datetime as dt

import pytest

from kehoach.store import editing
from kehoach.store.checks import check_plan
from kehoach.store.models import Activity, Plan, Programme, ResultLine, SurveyLine
from kehoach.store.plans import create_first_plan


def codes(plan):
    return [p.code for p in check_plan(plan)]


def messages(plan, code):
    return [p.message for p in check_plan(plan) if p.code == code]


@pytest.fixture
def plan(db):
    p = create_first_plan("Tân Hương", 2024)
    p.date = dt.date(2024, 1, 10)
    p.save()
    return p


def prog(plan, code):
    return Programme.get(Programme.centre == plan.centre, Programme.code == code).id


def add(plan, month=1, **values):
    base = {
        "month": month,
        "content": "Tập huấn kỹ thuật (KT)",
        "programme": prog(plan, "KT"),
        "classes": 1,
        "learners": 80,
        "budget": 700_000,
        "place": "Nhà văn hóa xã",
        "target_group": "Nhân dân",
    }
    base.update(values)
    return editing.add_activity(plan, base).data["activity_id"]


def fill_year(plan):
    for m in range(1, 13):
        add(plan, m)


def test_demo_finds_the_known_mistakes(demo):
    problems = check_plan(demo)
    text = "\n".join(p.message for p in problems)
    assert "2.179" in text and "2.197" in text
    assert any(p.code == "BLANK_CELL" and p.where == "Tháng 2, dòng 2, Số lớp" for p in problems)
    assert any(
        p.code == "TARGET_ARITHMETIC" and "84" in p.message and "88" in p.message for p in problems
    )
    assert "“Nhân dân thôn Đon Úy”" in text and "“Nhân dân thôn Đon Uý”" in text
    assert "CB Hộ nông dân xã" in text and "CB Hội nông dân xã" in text
    assert "kỹ thuật kỹ thuật" in text
    # where the seed is consistent, nothing is raised
    assert "SURVEY_VS_PLAN" not in codes(demo)
    assert "GOALS_VS_PLAN" not in codes(demo)
    assert "MONTH_EMPTY" not in codes(demo)
    assert "PROGRAMME_CODE" not in codes(demo)
    assert "BUDGET_PER_LEARNER" not in codes(demo)
    assert "DOC_FORM" not in codes(demo)
    errors = [p for p in problems if p.is_error]
    assert problems[: len(errors)] == errors  # errors first


def test_rule1_total_as_written(plan):
    fill_year(plan)
    editing.set_result_lines(
        plan, ["Kinh tế: 04 lớp có 354 học viên", "Văn hóa: 04 lớp có 360 học viên"]
    )
    editing.set_plan_fields(plan, {"results_learners_written": 714, "results_classes_written": 8})
    assert "TOTAL_WRITTEN" not in codes(plan)
    editing.set_plan_fields(plan, {"results_learners_written": 715})
    assert messages(plan, "TOTAL_WRITTEN") == [
        "Tổng số học viên ghi 715 nhưng cộng 2 dòng được 714; sửa tổng thành 714."
    ]


def test_rule2_goals_against_the_month_plan(plan):
    fill_year(plan)
    editing.set_plan_fields(plan, {"goal_classes": 12, "goal_topics": 12, "goal_participants": 960})
    assert "GOALS_VS_PLAN" not in codes(plan)
    editing.set_plan_fields(plan, {"goal_participants": 961})
    assert len(messages(plan, "GOALS_VS_PLAN")) == 1


def test_rule3_survey_against_plan_per_programme(plan):
    fill_year(plan)
    editing.save_line(
        plan, "survey", {"programme": prog(plan, "KT"), "label": "KT", "topics": 12, "people": 960}
    )
    assert "SURVEY_VS_PLAN" not in codes(plan)
    line = SurveyLine.get()
    editing.save_line(plan, "survey", {"people": 900}, line.id)
    assert "kế hoạch: 960" in messages(plan, "SURVEY_VS_PLAN")[0]


def test_rule4_blank_required_cells(plan):
    fill_year(plan)
    assert "BLANK_CELL" not in codes(plan)
    add(plan, 3, classes=None, place="")
    found = [p.where for p in check_plan(plan) if p.code == "BLANK_CELL"]
    assert found == ["Tháng 3, dòng 2, Số lớp", "Tháng 3, dòng 2, Địa điểm"]


def test_rule5_arithmetic_in_the_target_group(plan):
    fill_year(plan)
    add(plan, 2, target_group="Nhân dân 4/4 thôn (21 người/thôn)", learners=84)
    assert "TARGET_ARITHMETIC" not in codes(plan)
    add(plan, 3, target_group="Nhân dân 4/4 thôn (21 người/thôn)", learners=88)
    assert messages(plan, "TARGET_ARITHMETIC") == [
        "“Nhân dân 4/4 thôn (21 người/thôn)” là 4 × 21 = 84 người, nhưng số học viên ghi 88."
    ]


def test_rule6_one_name_spelt_several_ways(plan):
    fill_year(plan)
    add(plan, 1, place="Nhà văn hóa thôn Nam Hương 1")
    add(plan, 2, place="Nhà văn hóa thôn Nam Hương 2")  # two villages: no alarm
    add(plan, 3, partner="CB Hội nông dân xã")
    assert "NAME_VARIANTS" not in codes(plan)
    add(plan, 4, partner="CB Hộ nông dân xã")
    add(plan, 5, place="Nhà văn hóa thôn Đon Úy")
    add(plan, 6, place="Nhà văn hóa thôn Đon Uý")
    found = messages(plan, "NAME_VARIANTS")
    assert len(found) == 2
    assert any("khác một chữ cái" in m for m in found)
    assert any("khác vị trí dấu thanh" in m for m in found)


def test_rule7_programme_code_in_content(plan):
    fill_year(plan)
    assert "PROGRAMME_CODE" not in codes(plan)
    add(plan, 2, content="Tuyên truyền pháp luật (PL)", programme=prog(plan, "KT"))
    assert messages(plan, "PROGRAMME_CODE") == [
        "Nội dung ghi (PL) nhưng chương trình đã chọn là KT."
    ]


def test_rule8_doubled_words(plan):
    fill_year(plan)
    add(plan, 2, content="Tập huấn kỹ thuật chăm sóc cây (KT)")
    assert "DOUBLED_WORD" not in codes(plan)
    add(plan, 3, content="Tập huấn kỹ thuật kỹ thuật chăm sóc cây (KT)")
    assert messages(plan, "DOUBLED_WORD") == ["Lặp từ: “kỹ thuật kỹ thuật”."]


def test_rule9_months_without_activities(plan):
    fill_year(plan)
    assert "MONTH_EMPTY" not in codes(plan)
    editing.delete_activity(Activity.get(Activity.month == 5).id)
    assert messages(plan, "MONTH_EMPTY") == ["Tháng 5/2024 chưa có hoạt động nào."]


def test_rule10_budget_per_learner(plan):
    fill_year(plan)
    add(plan, 2, budget=2_000_000, learners=80)  # 25.000đ/người, under 3 × 8.750
    assert "BUDGET_PER_LEARNER" not in codes(plan)
    add(plan, 3, budget=7_000_000, learners=80)
    assert len(messages(plan, "BUDGET_PER_LEARNER")) == 1


def test_rule11_document_form(plan):
    fill_year(plan)
    editing.set_signer(plan, "director", {"name": "Hoàng Thanh Thiện"})
    assert "DOC_FORM" not in codes(plan)
    editing.set_plan_fields(plan, {"number": None, "date": None})
    editing.set_signer(plan, "director", {"name": ""})
    found = messages(plan, "DOC_FORM")
    assert "Chưa có số văn bản." in found
    assert "Chưa có ngày ban hành." in found
    assert "Chưa có tên người ký (giám đốc)." in found


def test_a_summary_in_capitals_is_not_the_decree_s_form(demo):
    """The seed's title, imported as written, leaves the summary in capitals: the checks say
    so, pointing at the header on F6; retyped in ordinary case, the warning goes."""
    assert (demo.doc_type, demo.summary) == (
        "KẾ HOẠCH",
        "HOẠT ĐỘNG CỦA TRUNG TÂM HỌC TẬP CỘNG ĐỒNG NĂM 2024",
    )
    found = [p for p in check_plan(demo) if p.code == "SUMMARY_CAPS"]
    assert [(p.severity, p.target) for p in found] == [("warning", ("plan", "summary"))]
    assert "chữ in hoa" in found[0].message and "F6" in found[0].message
    editing.set_plan_fields(demo, {"summary": "Hoạt động của Trung tâm học tập cộng đồng năm 2024"})
    assert "SUMMARY_CAPS" not in codes(demo)


def test_a_new_plan_s_summary_is_in_the_decree_s_form(plan):
    assert plan.doc_type == "KẾ HOẠCH"
    assert plan.summary == "Hoạt động của Trung tâm học tập cộng đồng năm 2024"
    assert "SUMMARY_CAPS" not in codes(plan)


def test_abbreviation_without_its_d(plan):
    fill_year(plan)
    editing.set_text(plan, "goals_intro", "Trong năm 2024 trung tâm HTCĐ mở:")
    assert "ABBREVIATION" not in codes(plan)
    editing.set_text(plan, "goals_intro", "Trong năm 2024 trung tâm HTCD mở:")
    assert messages(plan, "ABBREVIATION") == ["“HTCD” nên viết “HTCĐ”."]


def test_no_false_alarms_on_a_clean_plan(plan):
    fill_year(plan)
    editing.set_signer(plan, "director", {"name": "Hoàng Thanh Thiện"})
    assert messages(plan, "SURVEY_VS_PLAN") == ["Chưa có kết quả khảo sát nhu cầu học tập (F4)."]
    editing.save_line(
        plan, "survey", {"programme": prog(plan, "KT"), "label": "KT", "topics": 12, "people": 960}
    )
    assert check_plan(plan) == []
    assert Plan.select().count() == 1 and ResultLine.select().count() == 0


def test_rule9_an_activity_outside_the_period(plan):
    fill_year(plan)
    assert "OUTSIDE_PERIOD" not in codes(plan)
    # the store refuses such a month; a database written by other means may still hold one
    # (on a server: written before its checks, store.guards, which the owner takes off here)
    from kehoach.store.server import database_role

    if database_role():
        Activity._meta.database.execute_sql("ALTER TABLE activity DROP CONSTRAINT kehoach_month")
    Activity.update(month=13).where(Activity.id == Activity.select().first().id).execute()
    assert messages(plan, "OUTSIDE_PERIOD") == ["Hoạt động ở tháng 13, ngoài kỳ kế hoạch."]
