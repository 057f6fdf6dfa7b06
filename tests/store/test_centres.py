"""A plan is its centre plus its period: store functions take the centre (issue #19)."""

from __future__ import annotations

import pytest

from export.importer import parse_text
from store.centres import current_plans_with_centres, find_centre, resolve_centre
from store.errors import KehoachError
from store.plans import find_plan, get_plan, save_document
from store.totals import plan_totals, totals_by_plan


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
    from store import approval

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
