"""A database made by schema version 1 (kept in tests/data) opens in this version with
nothing lost, after a backup."""

import shutil
import sqlite3

from kehoach.store.db import integrity_ok, open_database
from kehoach.store.migrations import LATEST, current_version
from kehoach.store.models import Activity
from kehoach.store.plans import find_plan
from kehoach.store.totals import plan_totals
from tests.conftest import REPO

V1 = REPO / "tests" / "data" / "kehoach-v1.db"


def test_version_1_file_opens_with_nothing_lost(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    assert sqlite3.connect(path).execute("SELECT MAX(version) FROM schema_version").fetchone() == (
        1,
    )
    db = open_database(path)
    assert current_version(db) == LATEST
    assert integrity_ok(db)
    plan = find_plan(2024)
    t = plan_totals(plan)
    assert (t.activities, t.learners, t.budget) == (24, 2248, 18_005_000)
    act = Activity.get((Activity.month == 1) & (Activity.position == 1))
    assert act.status == "planned" and act.held_learners is None
    # schema 3: the one-line title is the document type and the summary, kept as written
    assert (plan.doc_type, plan.summary) == (
        "KẾ HOẠCH",
        "HOẠT ĐỘNG CỦA TRUNG TÂM HỌC TẬP CỘNG ĐỒNG NĂM 2024",
    )
    backups = list((tmp_path / "backups").glob("old-*-migration-2.db"))
    assert len(backups) == 1
    db.close()
