"""Where exported files go, and writing them so an interrupted export leaves nothing half."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from store.errors import KehoachError
from store.models import Plan
from store.vntext import fold

EXTENSIONS = {
    "docx": ".docx",
    "text": ".txt",
    "md": ".md",
    "report-docx": ".docx",
    "report-text": ".txt",
    "pdf": ".pdf",
    "report-pdf": ".pdf",
}


def slug(text: str) -> str:
    """ "Tân Hương" → "tan-huong"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "kehoach"


def default_export_dir() -> Path:
    return Path.home() / "kehoach"


def default_file_name(plan: Plan, fmt: str) -> str:
    kind = "bao-cao" if fmt.startswith("report") else "ke-hoach"
    revision = f"-ban-{plan.revision}" if plan.revision > 1 else ""
    return f"{kind}-{plan.year}-{slug(plan.centre.commune)}{revision}{EXTENSIONS[fmt]}"


def default_export_path(plan: Plan, fmt: str) -> Path:
    return default_export_dir() / default_file_name(plan, fmt)


def write_atomic(target: str | os.PathLike[str], write: Callable[[IO[bytes]], None]) -> Path:
    """Write through `write(file)` into a temporary file beside `target`, flush it to disk,
    then rename it over `target`: the old file stays whole until the new one is."""
    target = Path(target).expanduser()
    folder = target.parent
    if not folder.is_dir():
        raise KehoachError(f"Thư mục {folder} không có.", f"the folder {folder} does not exist")
    if target.is_dir():
        raise KehoachError(f"{target} là một thư mục.", f"{target} is a folder, not a file")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except PermissionError:
        raise KehoachError(
            f"Không có quyền ghi vào thư mục {folder}.", f"no permission to write in {folder}"
        ) from None
    except OSError as exc:
        raise KehoachError(
            f"Không ghi được vào {folder}: {exc.strerror}.",
            f"cannot write in {folder}: {exc.strerror}",
        ) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise KehoachError(
            f"Không ghi được {target}: {exc.strerror}.", f"cannot write {target}: {exc.strerror}"
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
