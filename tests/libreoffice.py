"""LibreOffice in the tests: the mark of the tests that need it, and its headless
conversion, always with a user profile of its own (never the user's)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest

# CI installs LibreOffice (.ci/run): there a missing one is a failure, not a skip
needs_libreoffice = pytest.mark.skipif(
    not shutil.which("soffice") and not os.environ.get("CI"),
    reason="LibreOffice is installed by .ci/run; not on this machine",
)


def soffice_convert(
    files: Iterable[Path], to: str, outdir: Path, profile: Path, timeout: float = 300
) -> None:
    """`soffice --headless --convert-to TO` of `files` into `outdir`, its user profile in
    `profile`; fails unless it exits 0 (it may exit 0 and write nothing: check the files)."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
