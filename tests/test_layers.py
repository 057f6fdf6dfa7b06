"""store/ and export/ never import Textual (harlequin's trick: a fresh interpreter each)."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
HEADLESS = sorted(
    f"{p.parent.name}.{p.stem}"
    for folder in ("store", "export")
    for p in (REPO / folder).glob("*.py")
    if p.stem != "__init__"
)


@pytest.mark.parametrize("module", HEADLESS)
def test_module_does_not_import_textual(module):
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_the_app_module_does_not_load_export_libraries_at_start():
    code = "import sys, tui.app; print(sorted(m for m in ('docx', 'tabulate') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
