"""A plan is its centre plus its period: store functions take the centre (issue #19)."""

from __future__ import annotations

import re

import pytest

from kehoach.export.importer import parse_text
from kehoach.store.centres import current_plans_with_centres, find_centre, resolve_centre
from kehoach.store.errors import KehoachError
from kehoach.store.models import Plan
from kehoach.store.plans import find_plan, get_plan, save_document
from kehoach.store.totals import plan_totals, totals_by_plan


def save_commune(seed_text: str, commune: str, upper: str):
    doc, _ = parse_text(seed_text.replace("Tân Hương", commune).replace("TÂN HƯƠNG", upper))
    return save_document(doc, action="import")


def test_the_same_year_in_two_centres_is_two_plans(demo, seed_text):
    lap = save_commune(seed_text, "Tân Lập", "TÂN LẬP")
    assert lap.centre_id != demo.centre_id and lap.year == demo.year == 2024
    assert find_plan(2024, demo.centre).id == demo.id
    assert find_plan(2024, lap.centre_id).id == lap.id
    assert get_plan(None, find_centre("tan lap")).id == lap.id
    # the year alone names no plan when two centres have one
    with pytest.raises(KehoachError, match="Tân Hương, Tân Lập"):
        find_plan(2024)
    with pytest.raises(KehoachError, match="2 trung tâm"):
        resolve_centre(None)
    with pytest.raises(KehoachError, match="Không có kế hoạch năm 2031 của xã Tân Lập"):
        get_plan(2031, lap.centre)


def test_a_new_revision_stays_with_its_centre(demo, seed_text):
    from kehoach.store import approval

    lap = save_commune(seed_text, "Tân Lập", "TÂN LẬP")
    approval.submit(lap)
    lap = approval.approve(find_plan(2024, lap.centre), name="A", title="B")
    amended = approval.amend(lap)
    assert (amended.centre_id, amended.revision) == (lap.centre_id, 2)
    assert find_plan(2024, demo.centre).revision == 1
    current = {(p.centre.commune, p.year): p.revision for p in current_plans_with_centres()}
    assert current == {("Tân Hương", 2024): 1, ("Tân Lập", 2024): 2}


def test_totals_of_every_plan_in_one_query_equal_each_plans(demo, seed_text):
    lap = save_commune(seed_text, "Tân Lập", "TÂN LẬP")
    from tests.queries import counted_queries

    with counted_queries() as queries:
        totals = totals_by_plan()
    assert len(queries) == 1
    assert totals[demo.id] == plan_totals(demo) and totals[lap.id] == plan_totals(lap)


COMMUNES = [
    ("Tân Lập", "TÂN LẬP"),
    ("Hữu Lũng", "HỮU LŨNG"),
    ("Vũ Lễ", "VŨ LỄ"),
    ("Bình Gia", "BÌNH GIA"),
]


def test_the_centres_view_runs_a_fixed_number_of_queries_and_adds_up(demo, seed_text):
    from kehoach.store import approval
    from kehoach.store.centres import centres_view
    from kehoach.store.checks import check_plan, split_counts
    from kehoach.store.editing import update_activity
    from kehoach.store.models import Activity
    from tests.queries import counted_queries

    save_commune(seed_text, *COMMUNES[0])
    with counted_queries() as few:
        small = centres_view(2024)
    for commune, upper in COMMUNES[1:]:
        save_commune(seed_text, commune, upper)
    # one centre's plan differs: fewer learners, submitted, amended to a revision 2
    lap = find_plan(2024, find_centre("Tân Lập"))
    act = Activity.select().where(Activity.plan == lap).order_by(Activity.id).first()
    update_activity(act.id, {"learners": 10}, expected_version=act.version)
    approval.submit(lap)
    approval.approve(find_plan(2024, lap.centre), name="A", title="B")
    lap2 = approval.amend(find_plan(2024, lap.centre))
    with counted_queries() as many:
        view = centres_view(2024)
    assert len(many) == len(few) <= 12
    assert [r.commune for r in view.rows] == [
        "Bình Gia",
        "Hữu Lũng",
        "Tân Hương",
        "Tân Lập",
        "Vũ Lễ",
    ]
    assert len(small.rows) == 2
    by = {r.commune: r for r in view.rows}
    assert (by["Tân Lập"].plan_id, by["Tân Lập"].revision, by["Tân Lập"].status) == (
        lap2.id,
        2,
        "draft",
    )
    for row in view.rows:
        plan = Plan.get_by_id(row.plan_id)
        assert row.totals == plan_totals(plan)
        assert (row.errors, row.warnings) == split_counts(check_plan(plan))
        assert row.changed_by and row.changed_at is not None
    assert view.total.learners == sum(
        plan_totals(Plan.get_by_id(r.plan_id)).learners for r in view.rows
    )
    assert view.total.budget == sum(r.totals.budget for r in view.rows)
    assert view.total.learners == 5 * 2248 - (act.learners - 10)


def test_checking_many_plans_at_once_finds_what_checking_each_finds(demo, seed_text):
    from kehoach.store.checks import check_plan, check_plans
    from kehoach.store.editing import update_activity
    from kehoach.store.models import Activity

    plans = [demo] + [save_commune(seed_text, c, u) for c, u in COMMUNES[:2]]
    act = Activity.select().where(Activity.plan == plans[1]).first()
    update_activity(act.id, {"budget": None, "place": ""}, expected_version=act.version)
    together = check_plans(plans)
    assert together[plans[0].id] != together[plans[1].id]
    for plan in plans:
        assert together[plan.id] == check_plan(plan)


def test_plan_list_and_the_palette_run_a_fixed_number_of_queries(demo, seed_text, db_path, capsys):
    """`plan list` ran two queries per plan (6.7× slower on 1,005 plans than on 5)."""
    import asyncio

    from kehoach.tui.app import KehoachApp, KehoachCommands
    from kehoach.tui.cli import main
    from tests.queries import counted_queries

    def plan_list() -> tuple[int, str]:
        with counted_queries() as queries:
            assert main(["plan", "list", "--db", str(db_path)]) == 0
        return len(queries), capsys.readouterr().out

    async def palette() -> tuple[int, list[str]]:
        app = KehoachApp(db_path=db_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.1)
            with counted_queries() as queries:
                texts = [t for t, _, _ in KehoachCommands(app.screen)._commands()]
        return len(queries), texts

    save_commune(seed_text, *COMMUNES[0])
    plan_list()  # the first opening of the file checks its schema: not counted
    few, out = plan_list()
    few_palette, _ = asyncio.run(palette())
    assert out.count("\n") == 3  # the heading and two plans
    for commune, upper in COMMUNES[1:]:
        plan = save_commune(seed_text, commune, upper)
        from kehoach.store.plans import new_plan_from

        new_plan_from(plan, 2025)
    many, out = plan_list()
    many_palette, texts = asyncio.run(palette())
    assert out.count("\n") == 3 + 2 * 3
    rows = [re.split(r"\s{2,}", line) for line in out.splitlines()[1:]]
    assert ["Vũ Lễ", "2025", "1", "draft", "0", "0", "0"] in rows
    assert ["Bình Gia", "2024", "1", "draft", "24", "2,248", "18,005,000"] in rows
    assert many == few
    assert many_palette == few_palette
    assert "Chuyển sang kế hoạch năm 2025 bản 1 (dự thảo) – xã Hữu Lũng" in texts
