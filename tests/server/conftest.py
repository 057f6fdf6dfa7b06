"""The server tests' shared fixture: one database holding two centres' plans, a role for
each centre and one for the office (#20 item 3)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.anydb import connect_any
from tests.cli.test_centres import commune_plan
from tests.cli.test_cli import run
from tests.pgserver import new_database
from tests.server.test_roles import as_role


@pytest.fixture
def province(tmp_path):
    """Tân Hương's and Tân Lập's 2024 plans on one server database, a role for each centre
    and one for the office. Returns (owner's URL, {name: URL}, {commune: centre id})."""
    try:
        url = new_database()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    run("demo", "--no-open", "--db", url, check_rc=0)
    run("import", commune_plan(tmp_path, "Tân Lập", "TÂN LẬP"), "--db", url, check_rc=0)
    tag = urlsplit(url).path.strip("/")  # the database's name: roles are the cluster's
    roles = {"th": f"{tag}_th", "tl": f"{tag}_tl", "office": f"{tag}_office"}
    out = run("server", "add-centre", "tan huong", "--role", roles["th"], "--db", url, check_rc=0)
    assert "reads and changes the centre of Tân Hương only" in out.stdout
    run("server", "add-centre", "Tân Lập", "--role", roles["tl"], "--db", url, check_rc=0)
    run("server", "add-office", "--role", roles["office"], "--db", url, check_rc=0)
    con = connect_any(url)
    ids = dict(con.execute("SELECT commune, id FROM centre").fetchall())
    con.close()
    return url, {k: as_role(url, r) for k, r in roles.items()}, ids, roles
