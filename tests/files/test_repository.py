"""The tests need nothing outside the repository (a fresh clone passes them)."""

import re

from tests.conftest import REPO, SEED


def test_the_seed_the_tests_read_is_the_one_the_package_ships():
    from kehoach.export.importer import seed_text

    assert SEED.is_relative_to(REPO) and SEED.is_file()
    assert SEED.read_text(encoding="utf-8") == seed_text()


def test_no_test_reaches_outside_the_repository():
    outside = re.compile(r"REPO\.parent\b|parents\[[3-9]\]|\.\./shared|/work/")
    for path in (REPO / "tests").rglob("*.py"):
        if path.name == "test_repository.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not outside.search(text), f"{path} reads outside the repository"
