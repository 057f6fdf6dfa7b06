"""The one error type the program shows to people instead of a traceback."""

from __future__ import annotations


class KehoachError(Exception):
    """Work that could not be done. `vi` is shown in the app; `en` on the command line."""

    def __init__(self, vi: str, en: str | None = None) -> None:
        super().__init__(vi)
        self.vi = vi
        self.en = en or vi

    def __str__(self) -> str:
        return self.vi


class FieldProblem(KehoachError):
    """A value typed in one field of a form is not right; the form shows it there."""

    def __init__(self, field: str, vi: str, en: str | None = None) -> None:
        super().__init__(vi, en)
        self.field = field


def is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    # SQLite: "database is locked"/"busy"; PostgreSQL: "canceling statement due to lock
    # timeout" (store.server sets lock_timeout as SQLite's busy_timeout)
    return "locked" in text or "busy" in text or "lock timeout" in text


def busy_error(exc: BaseException) -> KehoachError:
    """The one line a busy database gives once SQLite's retries (busy_timeout) ran out; on a
    server, also the one line for a lost connection (the next action reconnects)."""
    from .server import forget_lost_connection

    lost = forget_lost_connection(exc)
    if lost is not None:
        return lost
    if not is_busy(exc):
        return KehoachError(f"Lỗi cơ sở dữ liệu: {exc}.", f"database error: {exc}")
    return KehoachError(
        "Cơ sở dữ liệu đang bận (một người khác đang ghi); thử lại sau giây lát.",
        "the database is busy (another session is writing); try again in a moment",
    )


class Conflict(KehoachError):
    """Another session changed or deleted what this change expected to find as it was
    (an undo whose record moved on, a form opened before someone else's save)."""


def gone_error() -> Conflict:
    """A row another session deleted meanwhile (a plan replaced, an activity removed)."""
    return Conflict(
        "Dòng này không còn nữa (có thể người khác vừa xóa hoặc thay kế hoạch); đã tải lại.",
        "that record is gone (another session deleted or replaced it)",
    )
