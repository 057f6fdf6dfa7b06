"""Plans as wholes: list, find, save a PlanDoc as a new plan, load a plan as a PlanDoc."""

from __future__ import annotations

import datetime as _dt

from peewee import fn

from .document import (
    DEFAULT_DOC_TYPE,
    KNOWN_PROGRAMMES,
    ActivityDoc,
    CentreDoc,
    PlanDoc,
    ProgrammeDoc,
    ResultDoc,
    SignerDoc,
    SurveyDoc,
    known_programme_name,
)
from .errors import KehoachError
from .models import (
    SIGNER_APPROVER,
    SIGNER_DIRECTOR,
    Activity,
    Centre,
    Plan,
    PlanItem,
    PlanText,
    Programme,
    ResultLine,
    Signer,
    SurveyLine,
    Village,
)
from .vntext import clean, clean_line


def plans(centre: Centre | None = None) -> list[Plan]:
    """Every plan (all revisions), newest period first, then newest revision first."""
    q = Plan.select().order_by(Plan.year.desc(), Plan.revision.desc())
    if centre is not None:
        q = q.where(Plan.centre == centre)
    return list(q)


def current_plans(centre: Centre | None = None) -> list[Plan]:
    """The current revision of each period: the highest."""
    seen: set[tuple[int, int]] = set()
    out = []
    for p in plans(centre):
        key = (p.centre_id, p.year)
        if key in seen:
            continue
        seen.add(key)
        out.append(p)
    return out


def find_plan(year: int | None = None, centre: Centre | int | None = None) -> Plan | None:
    """The current revision of `centre`'s plan for `year` (or its latest), or None. A plan
    is its centre plus its period: without `centre`, the database's only centre (several:
    KehoachError listing them). One indexed query for the plan."""
    if centre is None:
        from .centres import resolve_centre

        centre = resolve_centre(None)
        if centre is None:
            return None
    q = (
        Plan.select()
        .where(Plan.centre == centre)
        .order_by(Plan.year.desc(), Plan.revision.desc(), Plan.id.desc())
    )
    if year is not None:
        q = q.where(Plan.year == year)
    return q.first()


def latest_plan(year: int | None = None) -> Plan | None:
    """The newest plan of any centre (for `year`, or of the latest year): where the app
    starts on a database of several centres when no centre is named."""
    q = Plan.select().order_by(Plan.year.desc(), Plan.created_at.desc(), Plan.id.desc())
    if year is not None:
        q = q.where(Plan.year == year)
    return q.first()


def get_plan(year: int | None = None, centre: Centre | int | None = None) -> Plan:
    plan = find_plan(year, centre)
    if plan is None:
        where_vi = where_en = ""
        if centre is not None:
            commune = centre.commune if isinstance(centre, Centre) else Centre[centre].commune
            where_vi, where_en = f" của xã {commune}", f" of {commune}"
        if year is None:
            raise KehoachError(
                f"Chưa có kế hoạch nào{where_vi}.", f"there is no plan{where_en} yet"
            )
        raise KehoachError(
            f"Không có kế hoạch năm {year}{where_vi}.", f"there is no plan for {year}{where_en}"
        )
    return plan


def get_revision(centre: Centre, year: int, revision: int) -> Plan:
    """Revision `revision` of `centre`'s plan for `year` (an approved one kept after an
    amendment, say); one line naming the revisions there are when it is not one of them."""
    plan = Plan.get_or_none(
        (Plan.centre == centre) & (Plan.year == year) & (Plan.revision == revision)
    )
    if plan is None:
        there = ", ".join(
            str(p.revision)
            for p in Plan.select(Plan.revision)
            .where((Plan.centre == centre) & (Plan.year == year))
            .order_by(Plan.revision)
        )
        raise KehoachError(
            f"Kế hoạch năm {year} xã {centre.commune} không có bản {revision} (có bản: {there}).",
            f"the {year} plan of {centre.commune} has no revision {revision} (there are: {there})",
        )
    return plan


def _centre_for(doc: CentreDoc) -> Centre:
    """The centre of the commune the document's header names, or a new one."""
    from .centres import centre_of_document

    found = centre_of_document(doc)
    if found is not None:
        return found
    from .centres import ensure_distinct_commune

    ensure_distinct_commune(clean_line(doc.commune))
    return Centre.create(
        parent_body=clean_line(doc.parent_body),
        issuing_body=clean_line(doc.issuing_body),
        commune=clean_line(doc.commune),
        district=clean_line(doc.district),
        province=clean_line(doc.province),
        place_name=clean_line(doc.place_name),
        code=clean_line(doc.code),
    )


def ensure_programme(centre: Centre, code: str, name: str = "") -> Programme:
    """The centre's programme with `code`, added at the end of its list when new."""
    code = clean_line(code)
    prog = Programme.get_or_none(Programme.centre == centre, Programme.code == code)
    if prog is None:
        last = (
            Programme.select(fn.MAX(Programme.position)).where(Programme.centre == centre).scalar()
        )
        prog = Programme.create(
            centre=centre,
            code=code,
            name=clean_line(name) or known_programme_name(code),
            position=(last or 0) + 1,
        )
    return prog


def ensure_village(centre: Centre, name: str) -> Village:
    name = clean_line(name)
    village = Village.get_or_none(Village.centre == centre, Village.name == name)
    if village is None:
        last = Village.select(fn.MAX(Village.position)).where(Village.centre == centre).scalar()
        village = Village.create(centre=centre, name=name, position=(last or 0) + 1)
    return village


def next_revision(centre: Centre, year: int) -> int:
    last = (
        Plan.select(fn.MAX(Plan.revision))
        .where((Plan.centre == centre) & (Plan.year == year))
        .scalar()
    )
    return (last or 0) + 1


def save_document(
    doc: PlanDoc,
    *,
    revision: int | None = None,
    action: str = "create",
    centre: Centre | int | None = None,
) -> Plan:
    """Store `doc` as a new plan (one transaction), with its centre, villages, programmes.
    `action` says on the audit trail how it came: create, import, amend. `centre`: the
    plan's centre when it is known (an amendment), else the one the header names. Every
    count and amount is checked against its bounds first (store.bounds)."""
    from .audit import record
    from .bounds import check_document
    from .db import writing

    check_document(doc)
    with writing():
        if centre is None:
            centre = _centre_for(doc.centre)
        elif not isinstance(centre, Centre):
            centre = Centre.get_by_id(centre)
        for name in doc.centre.villages:
            ensure_village(centre, name)
        progs: dict[str, Programme] = {}
        for p in doc.centre.programmes:
            progs[p.code] = ensure_programme(centre, p.code, p.name)

        def prog(code: str | None) -> Programme | None:
            if not code:
                return None
            if code not in progs:
                progs[code] = ensure_programme(centre, code)
            return progs[code]

        plan = Plan.create(
            centre=centre,
            year=doc.year,
            period_kind=doc.period_kind,
            first_month=doc.first_month,
            revision=revision or next_revision(centre, doc.year),
            number=doc.number,
            doc_code=clean_line(doc.doc_code),
            date=doc.date,
            place=clean_line(doc.place),
            doc_type=clean_line(doc.doc_type) or DEFAULT_DOC_TYPE,
            summary=clean_line(doc.summary),
            area_ha=doc.area_ha,
            villages_count=doc.villages_count,
            households=doc.households,
            population=doc.population,
            poor_households=doc.poor_households,
            near_poor_households=doc.near_poor_households,
            results_classes_written=doc.results_classes_written,
            results_learners_written=doc.results_learners_written,
            survey_topics_written=doc.survey_topics_written,
            survey_people_written=doc.survey_people_written,
            goal_classes=doc.goal_classes,
            goal_topics=doc.goal_topics,
            goal_participants=doc.goal_participants,
            goal_target=clean_line(doc.goal_target),
        )
        if doc.texts:
            PlanText.insert_many(
                [
                    {"plan": plan, "key": k, "value": clean(v, multiline=True)}
                    for k, v in doc.texts.items()
                ]
            ).execute()
        rows = [
            {"plan": plan, "kind": kind, "position": i, "text": clean(t, multiline=True)}
            for kind, items in doc.lists.items()
            for i, t in enumerate(items, 1)
        ]
        if rows:
            PlanItem.insert_many(rows).execute()
        for i, r in enumerate(doc.results, 1):
            ResultLine.create(
                plan=plan,
                programme=prog(r.programme),
                label=clean_line(r.label),
                classes=r.classes,
                learners=r.learners,
                position=i,
            )
        for i, s in enumerate(doc.survey, 1):
            SurveyLine.create(
                plan=plan,
                programme=prog(s.programme),
                label=clean_line(s.label),
                topics=s.topics,
                people=s.people,
                position=i,
            )
        positions: dict[int, int] = {}
        for a in doc.activities:
            positions[a.month] = positions.get(a.month, 0) + 1
            Activity.create(
                plan=plan,
                month=a.month,
                position=positions[a.month],
                content=clean_line(a.content),
                programme=prog(a.programme),
                target_group=clean_line(a.target_group),
                classes=a.classes,
                learners=a.learners,
                budget=a.budget,
                place=clean_line(a.place),
                partner=clean_line(a.partner),
                note=clean_line(a.note),
            )
        for role, signer in ((SIGNER_DIRECTOR, doc.director), (SIGNER_APPROVER, doc.approver)):
            if signer is not None:
                Signer.create(
                    plan=plan,
                    role=role,
                    heading=clean(signer.heading, multiline=True),
                    authority=clean(signer.authority, multiline=True),
                    title=clean_line(signer.title),
                    name=clean_line(signer.name),
                )
        record(plan.id, action, "plan", plan.id, "activities", None, len(doc.activities))
    return plan


def plan_header(plan: Plan) -> dict[str, str]:
    """The centre's header fields as `plan` prints them: for a submitted or approved
    revision, as they were when it was submitted (they never change after); for a draft,
    the centre's current ones."""
    import json

    from .models import HEADER_FIELDS, STATUS_APPROVED, STATUS_SUBMITTED

    if plan.header and plan.status in (STATUS_SUBMITTED, STATUS_APPROVED):
        kept = json.loads(plan.header)
        if all(k in kept for k in HEADER_FIELDS):
            return {k: kept[k] for k in HEADER_FIELDS}
    centre = plan.centre
    return {k: getattr(centre, k) for k in HEADER_FIELDS}


def replace_plan(existing: Plan | int, doc: PlanDoc) -> Plan:
    """`doc` in place of the current revision of `existing`'s period, which must be a
    draft (or returned): a submitted or approved revision is never replaced, and the
    period's earlier revisions (approved ones an amendment started from) stay as they are.
    The new plan takes the replaced revision's number, its history of status changes and
    its audit trail, and the replacement itself is on record. The check and the write are
    one transaction (call it inside the caller's, which may have made a backup)."""
    from .audit import record
    from .db import writing
    from .errors import Conflict
    from .models import (
        STATUS_APPROVED,
        STATUS_LABELS,
        STATUS_SUBMITTED,
        ChangeLog,
        PlanEvent,
    )

    with writing():
        old = Plan.get_or_none(Plan.id == (existing.id if isinstance(existing, Plan) else existing))
        if old is None:
            from .errors import gone_error

            raise gone_error()
        latest = (
            Plan.select()
            .where((Plan.centre == old.centre_id) & (Plan.year == old.year))
            .order_by(Plan.revision.desc())
            .first()
        )
        if latest.id != old.id:
            raise Conflict(
                f"Kế hoạch năm {old.year} vừa có bản mới (bản {latest.revision}); không thay.",
                f"the {old.year} plan has a newer revision ({latest.revision}) meanwhile",
            )
        if old.status in (STATUS_SUBMITTED, STATUS_APPROVED):
            label = STATUS_LABELS[old.status].lower()
            raise KehoachError(
                f"Kế hoạch năm {old.year} (bản {old.revision}) {label}, không thay được. "
                "Lập bản điều chỉnh (kehoach plan amend) rồi nhập lại với --replace.",
                f"the {old.year} plan (revision {old.revision}) is {old.status} and is never "
                "replaced; start an amendment (kehoach plan amend), then import with --replace",
            )
        activities = Activity.select().where(Activity.plan == old).count()
        # the slot (centre, year, revision) is freed for the new plan
        Plan.update(revision=-old.id).where(Plan.id == old.id).execute()
        new = save_document(doc, revision=old.revision, action="import", centre=old.centre_id)
        ChangeLog.update(plan=new.id).where(ChangeLog.plan == old.id).execute()
        PlanEvent.update(plan=new.id).where(PlanEvent.plan == old.id).execute()
        record(
            new.id,
            "delete",
            "plan",
            old.id,
            "revision",
            f"bản {old.revision} ({STATUS_LABELS.get(old.status, old.status)}), "
            f"{activities} hoạt động",
            f"thay bằng tệp nhập ({len(doc.activities)} hoạt động)",
        )
        Plan.delete().where(Plan.id == old.id).execute()
    return new


def centre_doc(centre: Centre, header: dict[str, str] | None = None) -> CentreDoc:
    """`centre` as a CentreDoc: its header fields (or `header`, a plan's: plan_header), its
    villages and programmes in their order."""
    from .models import HEADER_FIELDS

    if header is None:
        header = {k: getattr(centre, k) for k in HEADER_FIELDS}
    return CentreDoc(
        **header,
        villages=[
            v.name
            for v in Village.select().where(Village.centre == centre).order_by(Village.position)
        ],
        programmes=[
            ProgrammeDoc(p.code, p.name)
            for p in Programme.select()
            .where(Programme.centre == centre)
            .order_by(Programme.position)
        ],
    )


def load_document(plan: Plan) -> PlanDoc:
    """Everything `plan` holds, as a PlanDoc (the inverse of save_document)."""
    centre = plan.centre
    codes = {p.id: p.code for p in Programme.select().where(Programme.centre == centre)}
    doc = PlanDoc(
        centre=centre_doc(centre, plan_header(plan)),
        year=plan.year,
        period_kind=plan.period_kind,
        first_month=plan.first_month,
        number=plan.number,
        doc_code=plan.doc_code,
        date=plan.date,
        place=plan.place,
        doc_type=plan.doc_type,
        summary=plan.summary,
        area_ha=plan.area_ha,
        villages_count=plan.villages_count,
        households=plan.households,
        population=plan.population,
        poor_households=plan.poor_households,
        near_poor_households=plan.near_poor_households,
        results_classes_written=plan.results_classes_written,
        results_learners_written=plan.results_learners_written,
        survey_topics_written=plan.survey_topics_written,
        survey_people_written=plan.survey_people_written,
        goal_classes=plan.goal_classes,
        goal_topics=plan.goal_topics,
        goal_participants=plan.goal_participants,
        goal_target=plan.goal_target,
    )
    doc.texts = {t.key: t.value for t in PlanText.select().where(PlanText.plan == plan)}
    for item in (
        PlanItem.select().where(PlanItem.plan == plan).order_by(PlanItem.kind, PlanItem.position)
    ):
        doc.lists.setdefault(item.kind, []).append(item.text)
    doc.results = [
        ResultDoc(r.label, codes.get(r.programme_id), r.classes, r.learners)
        for r in ResultLine.select().where(ResultLine.plan == plan).order_by(ResultLine.position)
    ]
    doc.survey = [
        SurveyDoc(s.label, codes.get(s.programme_id), s.topics, s.people)
        for s in SurveyLine.select().where(SurveyLine.plan == plan).order_by(SurveyLine.position)
    ]
    order = {m: i for i, (_, m) in enumerate(doc.months())}
    # as tuples, not model instances: a third of the time on a plan of 3,000 activities
    acts = (
        Activity.select(
            Activity.month,
            Activity.position,
            Activity.id,
            Activity.content,
            Activity.programme,
            Activity.target_group,
            Activity.classes,
            Activity.learners,
            Activity.budget,
            Activity.place,
            Activity.partner,
            Activity.note,
        )
        .where(Activity.plan == plan)
        .tuples()
    )
    doc.activities = [
        ActivityDoc(
            month=month,
            content=content,
            programme=codes.get(programme_id),
            target_group=target_group,
            classes=classes,
            learners=learners,
            budget=budget,
            place=place,
            partner=partner,
            note=note,
        )
        for (
            month,
            _position,
            _id,
            content,
            programme_id,
            target_group,
            classes,
            learners,
            budget,
            place,
            partner,
            note,
        ) in sorted(acts, key=lambda a: (order.get(a[0], 99), a[1], a[2]))
    ]
    for s in Signer.select().where(Signer.plan == plan):
        signer = SignerDoc(s.heading, s.authority, s.title, s.name)
        if s.role == SIGNER_DIRECTOR:
            doc.director = signer
        elif s.role == SIGNER_APPROVER:
            doc.approver = signer
    return doc


DEFAULT_RECIPIENTS_BEFORE_2025_07 = [
    "Phòng GD&ĐT;",
    "Đảng ủy xã (TT);",
    "UBND xã (TT);",
    "Ban quản lý TTHTCĐ;",
    "Lưu: TTHTCĐ.",
]
DEFAULT_RECIPIENTS = [
    "UBND xã (TT);",
    "Phòng Văn hóa – Xã hội xã;",
    "Đảng ủy xã (TT);",
    "Ban quản lý TTHTCĐ;",
    "Lưu: TTHTCĐ.",
]


def default_approver(year: int, first_month: int = 1) -> SignerDoc:
    """The approving office by period: the district Phòng GD&ĐT for plans that start before
    July 2025, when those offices ceased; the commune People's Committee after."""
    if (year, first_month) < (2025, 7):
        return SignerDoc(
            heading="PHÊ DUYỆT CỦA LÃNH ĐẠO\nPHÒNG GD&ĐT",
            authority="KT. TRƯỞNG PHÒNG",
            title="PHÓ TRƯỞNG PHÒNG",
        )
    return SignerDoc(
        heading="PHÊ DUYỆT CỦA\nỦY BAN NHÂN DÂN XÃ",
        authority="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        title="PHÓ CHỦ TỊCH",
    )


def default_document(
    centre: CentreDoc, year: int, period_kind: str = "year", first_month: int = 1
) -> PlanDoc:
    """A new, empty plan for a centre: headings, title, recipients and signers filled."""
    from .document import TEXT_KEYS, period_label

    label = period_label(year, period_kind)
    doc = PlanDoc(
        centre=centre,
        year=year,
        period_kind=period_kind,
        first_month=first_month if period_kind == "school_year" else 1,
        number=1,
        place=centre.place_name or centre.commune,
        doc_type=DEFAULT_DOC_TYPE,
        summary=f"Hoạt động của Trung tâm học tập cộng đồng {label}",
    )
    doc.texts = {k: v for k, v in TEXT_KEYS.items() if v}
    doc.texts["heading_results"] = f"3. Kết quả thực hiện {period_label(year - 1, period_kind)}"
    doc.texts["heading_survey"] = (
        f"4. Kết quả điều tra, khảo sát nhu cầu học tập của người dân trên địa bàn {label}"
    )
    doc.texts["goals_intro"] = f"Trong {label} trung tâm HTCĐ mở:"
    doc.texts["closing"] = (
        f"Trên đây là kế hoạch hoạt động của Trung tâm học tập cộng đồng xã {centre.commune} "
        f"{label}, trình lãnh đạo UBND xã xem xét để trung tâm đi vào hoạt động."
    )
    doc.lists["recipient"] = list(
        DEFAULT_RECIPIENTS_BEFORE_2025_07 if (year, first_month) < (2025, 7) else DEFAULT_RECIPIENTS
    )
    doc.director = SignerDoc(authority="TM. BAN GIÁM ĐỐC", title="GIÁM ĐỐC")
    doc.approver = default_approver(year, doc.first_month)
    return doc


def create_first_plan(
    commune: str,
    year: int,
    *,
    district: str = "",
    province: str = "",
    parent_body: str = "",
    period_kind: str = "year",
    first_month: int = 1,
) -> Plan:
    """The first start: a centre for `commune` and its first, empty plan."""
    commune = clean_line(commune)
    if not commune:
        raise KehoachError("Chưa nhập tên xã.", "the commune's name is missing")
    if not 2000 <= year <= 2100:
        raise KehoachError(f"Năm {year} không hợp lệ.", f"{year} is not a plausible year")
    centre = CentreDoc(
        parent_body=clean_line(parent_body) or f"ỦY BAN NHÂN DÂN XÃ {commune.upper()}",
        commune=commune,
        district=clean_line(district),
        province=clean_line(province),
        place_name=commune,
        programmes=[ProgrammeDoc(c, n) for c, n, _ in KNOWN_PROGRAMMES[:5]],
    )
    return save_document(default_document(centre, year, period_kind, first_month))


def _shift_years(text: str, old: int, new: int) -> str:
    """ "năm 2024" → "năm 2025" and "năm 2023" → "năm 2024" in one pass."""
    import re

    delta = new - old

    def repl(m: re.Match[str]) -> str:
        year = int(m.group(0))
        return str(year + delta) if year in (old, old - 1, old + 1) else m.group(0)

    return re.sub(r"(?<!\d)(?:19|20)\d{2}(?!\d)", repl, text)


def _name_new_year(text: str, old: int, new: int, school: bool) -> str:
    """In a list item, the plan's own year named ("năm 2024", "năm học 2023-2024") becomes
    the new one; a document's date ("ngày 05 tháng 01 năm 2024", "12/01/2024") and number
    are left as they are — a legal basis cites what was issued then."""
    import re

    if school:
        pattern = re.compile(rf"(?<!\d){old}(\s*[-–]\s*){old + 1}(?!\d)")
        return pattern.sub(lambda m: f"{new}{m.group(1)}{new + 1}", text)
    pattern = re.compile(rf"(tháng\s+\d{{1,2}}\s+)?(năm\s+){old}(?!\d)", re.IGNORECASE)
    return pattern.sub(lambda m: m.group(0) if m.group(1) else f"{m.group(2)}{new}", text)


def new_plan_from(
    previous: Plan,
    year: int,
    date: _dt.date | None = None,
    replacements: list[tuple[str, str, str]] | None = None,
) -> Plan:
    """Next period's plan: header, texts, programmes, recipients and signers copied from
    `previous`; survey and months empty; number back to 01; the date left for the user
    (`date` sets one). The texts and list items that named the old year name the new one:
    each change is appended to `replacements` as (where, before, after)."""
    from .document import LIST_KINDS, TEXT_KEYS

    changes: list[tuple[str, str, str]] = [] if replacements is None else replacements
    if find_plan(year, previous.centre) is not None:
        raise KehoachError(f"Đã có kế hoạch năm {year}.", f"there is a plan for {year} already")
    if not 2000 <= year <= 2100:
        raise KehoachError(f"Năm {year} không hợp lệ.", f"{year} is not a plausible year")
    old = load_document(previous)
    doc = default_document(old.centre, year, old.period_kind, old.first_month)
    doc.doc_code = old.doc_code
    doc.place = old.place or doc.place
    doc.date = date
    doc.doc_type = old.doc_type or doc.doc_type
    doc.summary = _shift_years(old.summary, old.year, year) or doc.summary
    if doc.summary != old.summary:
        changes.append(("Trích yếu", old.summary, doc.summary))
    for key, value in old.texts.items():
        doc.texts[key] = _shift_years(value, old.year, year)
        if doc.texts[key] != value:
            label = TEXT_KEYS.get(key) or key
            changes.append((f"Văn bản: {label}", value, doc.texts[key]))
    school = old.period_kind == "school_year"
    for kind in ("legal_basis", "situation", "advantage", "difficulty", "solution", "recipient"):
        items = []
        for i, text in enumerate(old.items(kind), 1):
            items.append(_name_new_year(text, old.year, year, school))
            if items[-1] != text:
                changes.append((f"{LIST_KINDS.get(kind, kind)}, mục {i}", text, items[-1]))
        if items:
            doc.lists[kind] = items
    doc.area_ha, doc.villages_count = old.area_ha, old.villages_count
    doc.households, doc.population = old.households, old.population
    doc.poor_households, doc.near_poor_households = old.poor_households, old.near_poor_households
    doc.goal_target = old.goal_target
    # section 3: what the previous plan recorded as held, per programme
    from .results import progress_total, results_for_next_plan

    held = results_for_next_plan(previous)
    if held:
        doc.results = [
            ResultDoc(name, code, classes, learners) for code, name, classes, learners in held
        ]
        total = progress_total(previous)
        doc.results_classes_written = total.classes_held
        doc.results_learners_written = total.learners_held
    doc.director = old.director
    new_regime = (year, doc.first_month) >= (2025, 7)
    old_regime = (old.year, old.first_month) >= (2025, 7)
    if old.approver is not None and new_regime == old_regime:
        doc.approver = SignerDoc(
            old.approver.heading, old.approver.authority, old.approver.title, ""
        )
    return save_document(doc)
