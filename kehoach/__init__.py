"""kehoach: the annual activity plan of a commune Community Learning Centre (TTHTCĐ)."""

from __future__ import annotations

import sys

# peewee imports, when it is imported, every database driver it finds installed. psycopg2
# (the `postgres` extra, for a server URL) brings libpq and OpenSSL with it: ~6 MB of every
# process's peak memory and ~10 ms of its start-up, for the SQLite file most runs open. So
# peewee is imported first here, with the server drivers hidden from it;
# store/server.py imports psycopg2 when a server is opened and hands it to peewee then.
SERVER_DRIVERS = frozenset({"psycopg2", "psycopg2cffi", "psycopg", "pymysql", "MySQLdb"})


class _DriversHidden:
    """A finder refusing the server drivers while peewee is imported (and only then)."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> None:
        if name.partition(".")[0] in SERVER_DRIVERS:
            raise ModuleNotFoundError(f"{name} is imported when a server is opened", name=name)


def _import_peewee() -> None:
    if "peewee" in sys.modules:  # imported before kehoach: its drivers are its own
        return
    finder = _DriversHidden()
    sys.meta_path.insert(0, finder)
    try:
        import peewee  # noqa: F401
    finally:
        sys.meta_path.remove(finder)


_import_peewee()
