"""What was held is dated inside the plan's period (issue #18, item 11)."""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach.store.checks import check_plan
from kehoach.store.errors import KehoachError
from kehoach.store.models import Activity, Plan
from kehoach.store.results import held_date_default, record_held


def act(month: int, position: int) -> Activity:
    return Activity.get((Activity.month == month) & (Activity.position == position))


def test_the_default_date_is_in_the_activitys_month_of_the_period(demo):
    feb = act(2, 1).id
    assert held_date_default(feb, dt.date(2026, 11, 30)) == dt.date(2024, 2, 29)  # past
    # to come: never a date still to come (ctrl+s would refuse it) — today when it is in
    # the period (held early), nothing before the period starts
    assert held_date_default(feb, dt.date(2024, 1, 15)) == dt.date(2024, 1, 15)
    assert held_date_default(feb, dt.date(2023, 5, 1)) is None
    assert held_date_default(feb, dt.date(2024, 2, 10)) == dt.date(2024, 2, 10)  # today


def test_a_school_year_plan_puts_january_in_the_second_year(demo):
    Plan.update(first_month=9).execute()
    assert held_date_default(act(1, 1).id, dt.date(2030, 1, 1)) == dt.date(2025, 1, 31)
    assert held_date_default(act(9, 1).id, dt.date(2030, 1, 1)) == dt.date(2024, 9, 30)


def test_a_date_outside_the_period_is_refused_and_changes_nothing(demo):
    feb = act(2, 1)
    with pytest.raises(KehoachError, match="ngoài kỳ của kế hoạch"):
        record_held(feb.id, status="held", date=dt.date(2026, 11, 30), learners=1, spent=1)
    again = Activity.get_by_id(feb.id)
    assert (again.status, again.held_date, again.version) == ("planned", None, feb.version)
    record_held(feb.id, status="held", date=dt.date(2024, 12, 31), learners=1, spent=1)


def test_the_checks_report_a_held_date_outside_the_period(demo):
    assert not [p for p in check_plan(demo) if p.code == "HELD_OUTSIDE_PERIOD"]
    Activity.update(status="held", held_date=dt.date(2026, 11, 30)).where(
        Activity.id == act(2, 1).id
    ).execute()
    [problem] = [p for p in check_plan(demo) if p.code == "HELD_OUTSIDE_PERIOD"]
    assert problem.is_error and problem.target == ("held", act(2, 1).id)
    assert "30/11/2026" in problem.message
