import os
import sqlite3
import stat

import pytest

from kehoach.store.db import integrity_ok, open_database, resolve_db_path
from kehoach.store.errors import KehoachError
from kehoach.store.migrations import LATEST, current_version


@pytest.mark.sqlite_only("about the SQLite file itself")
def test_new_database_is_private_wal_with_foreign_keys(db, db_path):
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert current_version(db) == LATEST
    assert integrity_ok(db)


def test_reopening_keeps_the_data(db_path):
    from kehoach.export.importer import load_demo
    from kehoach.store.plans import find_plan

    db = open_database(db_path)
    load_demo()
    db.close()
    db = open_database(db_path)
    assert find_plan().year == 2024
    db.close()


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"hello, not sqlite")
    with pytest.raises(KehoachError) as info:
        open_database(path)
    assert "not a kehoach database" in info.value.en
    assert path.read_bytes() == b"hello, not sqlite"


def test_another_programs_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(KehoachError) as info:
        open_database(path)
    assert "not a kehoach one" in info.value.en


def test_a_newer_schema_is_refused(db_path):
    db = open_database(db_path)
    db.execute_sql(
        f"INSERT INTO schema_version (version, applied_at) VALUES ({db.param}, '2030-01-01')",
        (LATEST + 1,),
    )
    db.close()
    with pytest.raises(KehoachError) as info:
        open_database(db_path)
    assert "newer kehoach" in info.value.en


def test_database_path_order(monkeypatch, tmp_path):
    assert resolve_db_path(tmp_path / "a.db") == tmp_path / "a.db"
    monkeypatch.setenv("KEHOACH_DB", str(tmp_path / "env.db"))
    assert resolve_db_path(tmp_path / "a.db") == tmp_path / "env.db"
    monkeypatch.delenv("KEHOACH_DB")
    assert resolve_db_path(None).name == "kehoach.db"
    assert "kehoach" in str(resolve_db_path(None).parent)
