"""Where exported files go, and writing them so an interrupted export leaves nothing half."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO

from kehoach.store.backup import process_alive
from kehoach.store.errors import KehoachError
from kehoach.store.models import Plan
from kehoach.store.vntext import fold

EXTENSIONS = {
    "docx": ".docx",
    "text": ".txt",
    "md": ".md",
    "report-docx": ".docx",
    "report-text": ".txt",
    "pdf": ".pdf",
    "report-pdf": ".pdf",
    "xlsx": ".xlsx",
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


def ensure_export_dir(folder: Path | None = None) -> Path:
    """The default export folder (~/kehoach), made if missing; anything else of that name
    (a file, a dangling link) is one clear error."""
    folder = folder or default_export_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise KehoachError(
            f"{folder} đã có nhưng không phải thư mục; hãy chọn nơi lưu khác hoặc đổi tên nó.",
            f"{folder} exists but is not a folder; use -o, or rename it",
        ) from None
    except OSError as exc:
        raise KehoachError(
            f"Không tạo được thư mục {folder}: {exc.strerror}.",
            f"cannot make the folder {folder}: {exc.strerror}",
        ) from None
    if not folder.is_dir():
        raise KehoachError(
            f"{folder} đã có nhưng không phải thư mục; hãy chọn nơi lưu khác hoặc đổi tên nó.",
            f"{folder} exists but is not a folder; use -o, or rename it",
        )
    return folder


_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[a-z0-9_]+\.tmp$")


def remove_leftovers(folder: Path, name: str) -> None:
    """The temporary files of exports to `name` whose process is gone (killed mid-write)."""
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            match = _TEMP.match(entry.name)
            if match and match["name"] == name and not process_alive(int(match["pid"])):
                with contextlib.suppress(OSError):
                    entry.unlink()


# what a name that is not a regular file is, by its mode: (test, Vietnamese, English)
_SPECIAL = (
    (stat.S_ISDIR, "một thư mục", "a folder"),
    (stat.S_ISCHR, "một thiết bị", "a device"),
    (stat.S_ISBLK, "một thiết bị", "a device"),
    (stat.S_ISFIFO, "một ống (FIFO)", "a FIFO"),
    (stat.S_ISSOCK, "một socket", "a socket"),
)


def _refuse_special(target: Path, st: os.stat_result) -> None:
    kind, kind_en = next(
        ((vi, en) for is_kind, vi, en in _SPECIAL if is_kind(st.st_mode)),
        ("không phải tệp thường", "not a regular file"),
    )
    raise KehoachError(
        f"{target} là {kind}, không ghi vào đó được; hãy chọn tên tệp khác.",
        f"{target} is {kind_en}, not a file to write to; choose another name",
    )


def write_atomic(target: str | os.PathLike[str], write: Callable[[IO[bytes]], None]) -> Path:
    """Write through `write(file)` into a temporary file beside `target`, flush it to disk,
    then rename it over `target`: the old file stays whole until the new one is.

    Only a regular file or a new name is written: a folder, device, FIFO or socket is
    refused (a link is followed to what it names). A new file's mode follows the umask; a
    replaced file keeps its mode. The temporary files of a killed export to the same name
    are removed by the next one."""
    target = Path(target).expanduser()
    if target.is_symlink():
        target = target.resolve()
    folder = target.parent
    if not folder.is_dir():
        raise KehoachError(f"Thư mục {folder} không có.", f"the folder {folder} does not exist")
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise KehoachError(
            f"Không ghi được {target}: {exc.strerror}.", f"cannot write {target}: {exc.strerror}"
        ) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        _refuse_special(target, st)
    remove_leftovers(folder, target.name)
    try:
        fd, tmp_name = _create_temp(folder, target.name)
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
            if st is not None:
                os.fchmod(fh.fileno(), stat.S_IMODE(st.st_mode))
            os.fsync(fh.fileno())
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


def _create_temp(folder: Path, name: str) -> tuple[int, str]:
    """`.NAME.PID.RANDOM.tmp`, created new with mode 0666 less the umask (a new export's
    mode is what any new file of this user gets)."""
    for _ in range(100):
        tmp = folder / f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666), str(tmp)
        except FileExistsError:
            continue
    raise FileExistsError(folder)
