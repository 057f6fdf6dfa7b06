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
