"""The demo holds the Tân Hương 2024 plan exactly as written — mistakes included."""

import re
from decimal import Decimal

from kehoach.export.text_plan import render_plan_text
from kehoach.store.models import Activity, Plan
from kehoach.store.plans import find_plan, load_document
from kehoach.store.totals import (
    month_totals,
    plan_totals,
    programme_figures,
    results_sums,
    survey_sums,
)


def _normalised_lines(text: str) -> list[str]:
    """Lines as a reader compares them: no blank lines, table rows as lists of cells,
    separator rows dropped, the motto's dashes (Word's autocorrect) as hyphens."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or re.fullmatch(r"\|[-| ]+\|", line):
            continue
        if line.startswith("|"):
            line = " | ".join(c.strip() for c in line.strip("|").split("|"))
        out.append(line.replace("Độc lập – Tự do – Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"))
    return out


def test_every_text_line_of_the_seed_is_held(demo, seed_text):
    rendered = render_plan_text(load_document(demo))
    assert _normalised_lines(rendered) == _normalised_lines(seed_text)


def test_figures_of_the_seed(demo):
    t = plan_totals(demo)
    assert t.activities == 24
    assert t.learners == 2248
    assert t.budget == 18_005_000
    assert t.classes == 23  # one classes cell is blank in February
    s = survey_sums(demo)
    assert (s.first, s.second) == (24, 2248)
    r = results_sums(demo)
    assert (r.first, r.second) == (24, 2197)
    assert demo.results_learners_written == 2179
    assert demo.survey_people_written == 2248
    assert (demo.goal_classes, demo.goal_topics, demo.goal_participants) == (24, 24, 2248)
    assert demo.area_ha == Decimal("4239.89")
    assert (demo.villages_count, demo.households, demo.population) == (4, 543, 2320)
    assert (demo.poor_households, demo.near_poor_households) == (34, 33)
    assert [m.totals.activities for m in month_totals(demo)] == [2] * 12


def test_programmes_match_the_survey_exactly(demo):
    figures = {f.code: f for f in programme_figures(demo)}
    expected = {"KT": (7, 639), "PL": (5, 477), "SK": (5, 457), "VH-XH": (4, 387), "MT": (3, 288)}
    assert set(figures) == set(expected)
    for code, (topics, people) in expected.items():
        f = figures[code]
        assert (f.planned.activities, f.planned.learners) == (topics, people)
        assert (f.survey_topics, f.survey_people) == (topics, people)


def test_mistakes_are_kept_as_written(demo):
    feb2 = Activity.get((Activity.plan == demo) & (Activity.month == 2) & (Activity.position == 2))
    assert feb2.classes is None
    jan1 = Activity.get((Activity.plan == demo) & (Activity.month == 1) & (Activity.position == 1))
    assert jan1.learners == 88 and "21 người/thôn" in jan1.target_group
    places = {a.place for a in Activity.select()}
    assert "Nhà văn hóa thôn Đon Úy" in places and "Nhà văn hóa thôn Đon Uý" in places


def test_header_signers_and_centre(demo):
    doc = load_document(demo)
    assert doc.centre.parent_body == "ỦY BAN NHÂN DÂN XÃ TÂN HƯƠNG"
    assert doc.centre.district == "Bắc Sơn" and doc.centre.province == "Lạng Sơn"
    assert doc.centre.villages == ["Đon Úy", "Cầu Hin", "Nam Hương 1", "Nam Hương 2"]
    assert [p.code for p in doc.centre.programmes] == ["KT", "VH-XH", "PL", "SK", "MT"]
    assert doc.number == 1 and doc.doc_code == "KH" and doc.centre.code == "TTHTCĐ"
    assert doc.director.name == "Hoàng Thanh Thiện" and doc.director.title == "GIÁM ĐỐC"
    assert doc.approver.name == "Hoàng Văn Thơi"
    assert doc.approver.authority == "KT. TRƯỞNG PHÒNG"
    assert Plan.select().count() == 1 and find_plan().status == "draft"


def test_the_month_tables_rows_are_the_same_read_by_screenfuls_or_all_at_once(demo):
    """F3's rows (store.views.MonthTableRows) on both backends: its grouped query was SQL
    with SQLite's `?` placeholders, and F3 on a PostgreSQL server stopped with a syntax
    error (#20, found by the bench)."""
    from kehoach.store.views import MonthTableRows, month_rows

    table = MonthTableRows(demo)
    table.fetch(0, len(table))
    every = month_rows(demo)
    assert len(table) == len(every) == 24 + 12
    assert [table.row(i) for i in range(len(table))] == every
