"""A centre's list of programmes (chương trình): data, not code."""

from __future__ import annotations

import re

from .audit import record
from .db import writing
from .editing import ensure_editable
from .errors import KehoachError
from .models import Activity, Plan, Programme, ResultLine, SurveyLine
from .plans import ensure_programme
from .vntext import clean_line


def add_programme(plan: Plan, code: str, name: str) -> Programme:
    code = clean_line(code).upper()
    if not re.fullmatch(r"[A-ZĐ][A-ZĐ0-9]*(-[A-ZĐ0-9]+)*", code):
        raise KehoachError(
            f"Mã chương trình “{code}” chỉ gồm chữ in hoa, số và dấu gạch (ví dụ KT, VH-XH).",
            f"programme code {code!r} must be capitals, digits and hyphens (KT, VH-XH)",
        )
    with writing():  # checked and added in one BEGIN IMMEDIATE
        plan = ensure_editable(plan)
        if Programme.get_or_none(Programme.centre == plan.centre_id, Programme.code == code):
            raise KehoachError(f"Đã có chương trình {code}.", f"programme {code} exists already")
        prog = ensure_programme(plan.centre, code, name)
        record(plan.id, "create", "programme", prog.id, "code", None, f"{code} {prog.name}")
        return prog


def remove_programme(plan: Plan, code: str) -> None:
    """Remove a programme no plan of the centre uses."""
    with writing():  # checked and removed in one BEGIN IMMEDIATE
        _remove_programme(plan, code)


def _remove_programme(plan: Plan, code: str) -> None:
    plan = ensure_editable(plan)
    prog = Programme.get_or_none(Programme.centre == plan.centre_id, Programme.code == code)
    if prog is None:
        raise KehoachError(f"Không có chương trình {code}.", f"no programme {code}")
    used = (
        Activity.select().where(Activity.programme == prog).count()
        + SurveyLine.select().where(SurveyLine.programme == prog).count()
        + ResultLine.select().where(ResultLine.programme == prog).count()
    )
    if used:
        raise KehoachError(
            f"Chương trình {code} đang được dùng ở {used} dòng; sửa các dòng đó trước.",
            f"programme {code} is used by {used} rows",
        )
    record(plan.id, "delete", "programme", prog.id, "code", f"{code} {prog.name}", None)
    prog.delete_instance()
