"""The plan's figures, as SQL aggregates. Every screen, export and check uses these.

What counts: a topic (chuyên đề) is one activity row; classes, learners and budget are the
sums of their columns, a blank cell counting as nothing (the checks report the blank).
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from .document import period_months
from .models import Activity, Plan, Programme, ResultLine, SurveyLine


@dataclass(frozen=True)
class Totals:
    activities: int = 0
    classes: int = 0
    learners: int = 0
    budget: int = 0


@dataclass(frozen=True)
class MonthTotals:
    year: int
    month: int
    totals: Totals


@dataclass(frozen=True)
class ProgrammeFigures:
    code: str
    name: str
    planned: Totals  # from the month tables
    survey_topics: int | None  # None: the survey has no line for it
    survey_people: int | None

    @property
    def topics_difference(self) -> int | None:
        if self.survey_topics is None:
            return None
        return self.planned.activities - self.survey_topics

    @property
    def people_difference(self) -> int | None:
        if self.survey_people is None:
            return None
        return self.planned.learners - self.survey_people


def _sums():
    return (
        fn.COUNT(Activity.id).alias("n"),
        fn.COALESCE(fn.SUM(Activity.classes), 0).alias("classes"),
        fn.COALESCE(fn.SUM(Activity.learners), 0).alias("learners"),
        fn.COALESCE(fn.SUM(Activity.budget), 0).alias("budget"),
    )


def _totals(row) -> Totals:
    return Totals(int(row.n), int(row.classes), int(row.learners), int(row.budget))


def plan_totals(plan: Plan) -> Totals:
    row = Activity.select(*_sums()).where(Activity.plan == plan).objects().get()
    return _totals(row)


def totals_by_plan(plan_ids: list[int] | None = None) -> dict[int, Totals]:
    """Each plan's totals in one grouped query; a plan with no activity is absent.
    `plan_ids`: only those plans (None: every plan)."""
    q = Activity.select(Activity.plan, *_sums()).group_by(Activity.plan)
    if plan_ids is not None:
        if not plan_ids:
            return {}
        q = q.where(Activity.plan.in_(plan_ids))
    return {r.plan_id: _totals(r) for r in q.objects()}


def month_totals(plan: Plan) -> list[MonthTotals]:
    """All twelve months of the period in period order, empty months with zeros."""
    rows = {
        r.month: _totals(r)
        for r in Activity.select(Activity.month, *_sums())
        .where(Activity.plan == plan)
        .group_by(Activity.month)
        .objects()
    }
    return [
        MonthTotals(y, m, rows.get(m, Totals()))
        for y, m in period_months(plan.year, plan.first_month)
    ]


def programme_figures(plan: Plan) -> list[ProgrammeFigures]:
    """Per programme of the centre: the month plan's sums beside the survey's line."""
    planned = {
        r.programme_id: _totals(r)
        for r in Activity.select(Activity.programme, *_sums())
        .where(Activity.plan == plan)
        .group_by(Activity.programme)
        .objects()
    }
    survey = {
        r.programme_id: (r.topics, r.people)
        for r in SurveyLine.select(
            SurveyLine.programme,
            fn.SUM(SurveyLine.topics).alias("topics"),
            fn.SUM(SurveyLine.people).alias("people"),
        )
        .where(SurveyLine.plan == plan)
        .group_by(SurveyLine.programme)
        .objects()
    }
    out = []
    for prog in (
        Programme.select().where(Programme.centre == plan.centre_id).order_by(Programme.position)
    ):
        if prog.id not in planned and prog.id not in survey:
            continue
        topics, people = survey.get(prog.id, (None, None))
        out.append(
            ProgrammeFigures(
                prog.code,
                prog.name,
                planned.get(prog.id, Totals()),
                None if topics is None else int(topics),
                None if people is None else int(people),
            )
        )
    return out


@dataclass(frozen=True)
class LineSums:
    count: int
    first: int  # classes or topics
    second: int  # learners or people


def results_sums(plan: Plan) -> LineSums:
    """Section 3's lines added up: (lines, classes, learners)."""
    row = (
        ResultLine.select(
            fn.COUNT(ResultLine.id).alias("n"),
            fn.COALESCE(fn.SUM(ResultLine.classes), 0).alias("a"),
            fn.COALESCE(fn.SUM(ResultLine.learners), 0).alias("b"),
        )
        .where(ResultLine.plan == plan)
        .objects()
        .get()
    )
    return LineSums(int(row.n), int(row.a), int(row.b))


def survey_sums(plan: Plan) -> LineSums:
    """Section 4's lines added up: (lines, topics, people)."""
    row = (
        SurveyLine.select(
            fn.COUNT(SurveyLine.id).alias("n"),
            fn.COALESCE(fn.SUM(SurveyLine.topics), 0).alias("a"),
            fn.COALESCE(fn.SUM(SurveyLine.people), 0).alias("b"),
        )
        .where(SurveyLine.plan == plan)
        .objects()
        .get()
    )
    return LineSums(int(row.n), int(row.a), int(row.b))


@dataclass(frozen=True)
class PlanFigures:
    months: list[MonthTotals]
    total: Totals


def plan_figures(plan: Plan) -> PlanFigures:
    """Every month's totals and the plan's, for an export's totals rows."""
    return PlanFigures(month_totals(plan), plan_totals(plan))
