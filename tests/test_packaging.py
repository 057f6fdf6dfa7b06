"""What `pip install .` puts into an environment: the one package `kehoach`, whole.

A real install needs the build back-end from PyPI, so these read the build's configuration
instead; the README's commands themselves were tried in a fresh venv on Debian 12's Python.
"""

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = CONFIG["tool"]["setuptools"]


def test_everything_installed_lives_under_one_package_named_kehoach():
    tops = {name.split(".")[0] for name in SETUPTOOLS["packages"]}
    assert tops == {"kehoach"}
    assert CONFIG["project"]["scripts"] == {"kehoach": "kehoach.tui.cli:main"}


def test_every_package_folder_is_installed():
    on_disk = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in REPO.glob("kehoach/**/__init__.py")
    }
    assert set(SETUPTOOLS["packages"]) == on_disk


def test_the_data_files_the_program_reads_are_installed():
    data = CONFIG["tool"]["setuptools"]["package-data"]
    for package, globs in data.items():
        folder = REPO.joinpath(*package.split("."))
        assert [p for g in globs for p in folder.glob(g)], (package, globs)
    # the demo's seed plan and the app's stylesheet are read through the package
    assert "kehoach.store" in data and "kehoach.tui" in data
    non_python = {
        p.relative_to(REPO).as_posix()
        for p in (REPO / "kehoach").rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    }
    covered = {
        p.relative_to(REPO).as_posix()
        for package, globs in data.items()
        for g in globs
        for p in REPO.joinpath(*package.split(".")).glob(g)
    }
    assert non_python <= covered, non_python - covered
