"""The life of a plan: draft → submitted → approved, or returned → draft; amendments.

A submitted or approved plan refuses changes (store.editing.ensure_editable). An amendment
copies the approved revision into the next revision, a draft; the approved one stays.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import replace

from .audit import current_user, record, record_diff
from .db import writing
from .errors import KehoachError
from .models import (
    HEADER_FIELDS,
    SIGNER_APPROVER,
    STATUS_APPROVED,
    STATUS_DRAFT,
    STATUS_LABELS,
    STATUS_RETURNED,
    STATUS_SUBMITTED,
    Plan,
    PlanEvent,
    Signer,
)
from .plans import load_document, next_revision, save_document
from .results import carry_held
from .vntext import clean, clean_line

ACTION_LABELS = {
    "submit": "Trình duyệt",
    "approve": "Phê duyệt",
    "return": "Trả lại",
    "amend": "Lập bản điều chỉnh",
    "create": "Tạo kế hoạch",
}


def _refuse(plan: Plan, action: str) -> KehoachError:
    label = STATUS_LABELS.get(plan.status, plan.status).lower()
    return KehoachError(
        f"Không thể {ACTION_LABELS[action].lower()}: kế hoạch đang ở trạng thái “{label}”.",
        f"cannot {action}: the plan is {plan.status}",
    )


# the statuses each step starts from
STEP_FROM = {
    "submit": (STATUS_DRAFT, STATUS_RETURNED),
    "approve": (STATUS_SUBMITTED,),
    "return": (STATUS_SUBMITTED,),
    "amend": (STATUS_APPROVED,),
}


def refusal(plan: Plan, action: str) -> KehoachError | None:
    """Why `action` cannot be done on the plan in its current status (None if it can):
    asked before any question or form, so that nothing typed is lost to a refusal. The
    step itself checks again in its transaction."""
    fresh = Plan.get_or_none(Plan.id == plan.id) or plan
    return None if fresh.status in STEP_FROM[action] else _refuse(fresh, action)


def _transition(
    plan: Plan, action: str, allowed: tuple[str, ...], new: str, comment: str = ""
) -> Plan:
    with writing():  # the status is checked and changed in one BEGIN IMMEDIATE
        plan = Plan.get_by_id(plan.id)
        if plan.status not in allowed:
            raise _refuse(plan, action)
        before = plan.status
        values: dict = {"status": new, "version": Plan.version + 1}
        if new == STATUS_SUBMITTED:
            # the header this revision prints from now on, whatever is edited later
            values["header"] = json.dumps(
                {f: getattr(plan.centre, f) for f in HEADER_FIELDS}, ensure_ascii=False
            )
        Plan.update(**values).where(Plan.id == plan.id).execute()
        PlanEvent.create(
            plan=plan,
            user=current_user(),
            action=action,
            status_before=before,
            status_after=new,
            comment=clean(comment, multiline=True).strip(),
        )
        record(plan.id, "status", "plan", plan.id, "status", before, new)
    return Plan.get_by_id(plan.id)


def submit(plan: Plan) -> Plan:
    return _transition(plan, "submit", STEP_FROM["submit"], STATUS_SUBMITTED)


def return_plan(plan: Plan, comment: str) -> Plan:
    if not clean_line(comment):
        raise KehoachError("Trả lại cần ghi ý kiến.", "a return needs a comment")
    return _transition(plan, "return", STEP_FROM["return"], STATUS_RETURNED, comment)


def approval_date_default(plan: Plan, today: _dt.date) -> _dt.date | None:
    """The approval date a form offers: today while the plan's period is not over (a plan
    is approved before or during its period). For a period already over — a 2024 plan
    recorded as approved in 2026 — none: the date is the one on the approval paper, and
    today would put a date on record that nobody signed."""
    from .results import period_bounds

    return today if today <= period_bounds(plan)[1] else None


def approval_date_problem(plan: Plan, when: _dt.date, today: _dt.date) -> KehoachError | None:
    """Why `when` cannot be the plan's approval date, if it cannot: it is still to come, or
    it is before the plan's own date (the plan cannot be approved before it was issued)."""
    if when > today:
        return KehoachError(
            f"Ngày phê duyệt {when:%d/%m/%Y} chưa tới (hôm nay là {today:%d/%m/%Y}).",
            f"the approval date {when:%d/%m/%Y} is still to come (today is {today:%d/%m/%Y})",
        )
    if plan.date is not None and when < plan.date:
        return KehoachError(
            f"Ngày phê duyệt {when:%d/%m/%Y} trước ngày của kế hoạch ({plan.date:%d/%m/%Y}).",
            f"the approval date {when:%d/%m/%Y} is before the plan's own date "
            f"({plan.date:%d/%m/%Y})",
        )
    return None


def approve(
    plan: Plan,
    *,
    name: str,
    title: str,
    authority: str = "",
    heading: str | None = None,
    date: _dt.date | None = None,
) -> Plan:
    """Record the approval: who signed (name, title, authority line), for which office."""
    if not clean_line(name) or not clean_line(title):
        raise KehoachError(
            "Ghi phê duyệt cần tên và chức vụ người ký.",
            "an approval needs the signer's name and title",
        )
    today = _dt.date.today()
    when = date or today
    with writing():
        fresh = Plan.get_or_none(Plan.id == plan.id)
        if fresh is not None and (problem := approval_date_problem(fresh, when, today)):
            raise problem
        signer = Signer.get_or_none(Signer.plan == plan.id, Signer.role == SIGNER_APPROVER)
        values = {"name": clean_line(name), "title": clean_line(title).upper()}
        if authority:
            values["authority"] = clean(authority, multiline=True).strip().upper()
        if heading is not None:
            values["heading"] = clean(heading, multiline=True).strip()
        plan = _transition(
            plan,
            "approve",
            STEP_FROM["approve"],
            STATUS_APPROVED,
            f"{values['title']} {values['name']}, ngày {when:%d/%m/%Y}",
        )
        if signer is None:
            Signer.create(plan=plan, role=SIGNER_APPROVER, **values)
            record_diff(plan.id, "signer", SIGNER_APPROVER, {}, values)
        else:
            record_diff(
                plan.id, "signer", SIGNER_APPROVER, {k: getattr(signer, k) for k in values}, values
            )
            Signer.update(**values).where(Signer.id == signer.id).execute()
    return plan


def amend(plan: Plan) -> Plan:
    """A new draft revision copied from an approved plan; the approved one stays as it is."""
    with writing():  # checked and written in one BEGIN IMMEDIATE: two amends make one draft
        plan = Plan.get_by_id(plan.id)
        if plan.status != STATUS_APPROVED:
            raise _refuse(plan, "amend")
        if next_revision(plan.centre, plan.year) != plan.revision + 1:
            raise KehoachError(
                f"Kế hoạch năm {plan.year} đã có bản điều chỉnh.",
                f"the {plan.year} plan has an amendment already",
            )
        doc = load_document(plan)
        # the draft prints the centre's current header, not the approved one's snapshot
        doc.centre = replace(doc.centre, **{f: getattr(plan.centre, f) for f in HEADER_FIELDS})
        new = save_document(doc, revision=plan.revision + 1, action="amend", centre=plan.centre_id)
        # the year's tracking goes on in the draft: what was held stays held
        carry_held(plan.id, new.id)
        PlanEvent.create(
            plan=new,
            user=current_user(),
            action="amend",
            status_before=STATUS_APPROVED,
            status_after=STATUS_DRAFT,
            comment=f"điều chỉnh từ bản {plan.revision}",
        )
    return new


def approved_on(plan: Plan, events: list[PlanEvent]) -> str:
    """The approval date of this revision as recorded ("15/01/2024"), or "": the approval
    event's note ends with it (approve() writes "…, ngày dd/mm/yyyy")."""
    import re

    for event in reversed(events):
        if event.plan_id == plan.id and event.action == "approve":
            found = re.search(r"ngày (\d\d/\d\d/\d{4})$", event.comment)
            return found.group(1) if found else ""
    return ""


def history(plan: Plan) -> list[PlanEvent]:
    """Status changes of every revision of the plan's period, oldest first."""
    return list(
        PlanEvent.select()
        .join(Plan)
        .where((Plan.centre == plan.centre_id) & (Plan.year == plan.year))
        .order_by(PlanEvent.at, PlanEvent.id)
    )
