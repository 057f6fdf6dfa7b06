"""The plan's data as peewee models, bound to one database proxy (see store/db.py).

One row of `Plan` is one revision of one period's plan. Texts that are lists in the
document (legal bases, advantages, …) are `PlanItem` rows with a kind and a position;
single texts (title, section headings, closing paragraph, …) are `PlanText` rows.
"""

from __future__ import annotations

import datetime as _dt
import re

from peewee import (
    SQL,
    AutoField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    Model,
    NodeList,
    TextField,
)

database = DatabaseProxy()


class IdField(AutoField):
    """An id never given twice. SQLite reuses the highest id once its row is deleted
    unless the key is AUTOINCREMENT; the audit trail names records by id, so a reused id
    would show a deleted activity's edits in a new one's history. (PostgreSQL's serials
    never reuse one.)"""

    def ddl(self, ctx):  # type: ignore[no-untyped-def]
        node = super().ddl(ctx)
        if ctx.state.param == "?" and ctx.state.field_types.get("AUTO") == "INTEGER":  # SQLite
            return NodeList((node, SQL("AUTOINCREMENT")))
        return node


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Centre(BaseModel):
    """A commune's learning centre (TTHTCĐ)."""

    id = IdField()
    parent_body = CharField()  # "ỦY BAN NHÂN DÂN XÃ TÂN HƯƠNG"
    issuing_body = CharField()  # "TRUNG TÂM HỌC TẬP CỘNG ĐỒNG"
    commune = CharField()  # "Tân Hương"
    district = CharField(default="")  # "Bắc Sơn"
    province = CharField(default="")  # "Lạng Sơn"
    place_name = CharField()  # the place written before the date
    code = CharField(default="TTHTCĐ")  # issuer code in "01/KH-TTHTCĐ"
    version = IntegerField(default=1)


# the centre's fields a plan prints in its header (kept per revision from submission)
HEADER_FIELDS = (
    "parent_body",
    "issuing_body",
    "commune",
    "district",
    "province",
    "place_name",
    "code",
)


class Village(BaseModel):
    id = IdField()
    centre = ForeignKeyField(Centre, backref="villages", on_delete="CASCADE")
    name = CharField()
    position = IntegerField()

    class Meta:
        indexes = ((("centre", "name"), True),)


class Programme(BaseModel):
    """A programme (chương trình) of a centre: its code in brackets, its name, its order."""

    id = IdField()
    centre = ForeignKeyField(Centre, backref="programmes", on_delete="CASCADE")
    code = CharField()  # "KT"
    name = CharField()  # "Kinh tế"
    position = IntegerField()

    class Meta:
        indexes = ((("centre", "code"), True),)


PERIOD_YEAR = "year"
PERIOD_SCHOOL_YEAR = "school_year"

STATUS_DRAFT = "draft"
STATUS_SUBMITTED = "submitted"
STATUS_APPROVED = "approved"
STATUS_RETURNED = "returned"

STATUS_LABELS = {
    STATUS_DRAFT: "Dự thảo",
    STATUS_SUBMITTED: "Đã trình",
    STATUS_APPROVED: "Đã phê duyệt",
    STATUS_RETURNED: "Trả lại",
}


class Plan(BaseModel):
    """One revision of a centre's plan for one period."""

    id = IdField()
    centre = ForeignKeyField(Centre, backref="plans", on_delete="CASCADE")
    year = IntegerField()  # the calendar year, or the first year of a school year
    period_kind = CharField(default=PERIOD_YEAR)
    first_month = IntegerField(default=1)  # 1 for a calendar year, e.g. 9 or 10 for a school year
    revision = IntegerField(default=1)
    status = CharField(default=STATUS_DRAFT)
    number = IntegerField(null=True)  # 1 → "01"
    doc_code = CharField(default="KH")  # the document type code, "KH"
    date = DateField(null=True)
    place = CharField(default="")
    doc_type = CharField(default="KẾ HOẠCH")  # the document type, on its own line (schema 4)
    summary = TextField(default="")  # the trích yếu, as written (schema 4: was `title`)
    # commune figures (section 2)
    area_ha = DecimalField(max_digits=12, decimal_places=2, null=True, auto_round=True)
    villages_count = IntegerField(null=True)
    households = IntegerField(null=True)
    population = IntegerField(null=True)
    poor_households = IntegerField(null=True)
    near_poor_households = IntegerField(null=True)
    # totals as written in the document (they may disagree with the lines: checks say so)
    results_classes_written = IntegerField(null=True)
    results_learners_written = IntegerField(null=True)
    survey_topics_written = IntegerField(null=True)
    survey_people_written = IntegerField(null=True)
    goal_classes = IntegerField(null=True)
    goal_topics = IntegerField(null=True)
    goal_participants = IntegerField(null=True)
    goal_target = TextField(default="")
    created_at = DateTimeField(default=_dt.datetime.now)
    version = IntegerField(default=1)
    # the centre's header fields (names, commune, issuer code) as they were when this
    # revision was submitted, as JSON: what a submitted or approved revision prints never
    # changes, whatever is edited later (store.plans.plan_header). Null while a draft.
    header = TextField(null=True)

    class Meta:
        indexes = ((("centre", "year", "revision"), True),)

    @property
    def title(self) -> str:
        """The type and the summary on one line ("KẾ HOẠCH Hoạt động của …")."""
        return " ".join(x for x in (self.doc_type, self.summary) if x)


class PlanText(BaseModel):
    """A single text of the plan, by key (see store.document.TEXT_KEYS)."""

    id = IdField()
    plan = ForeignKeyField(Plan, backref="texts", on_delete="CASCADE")
    key = CharField()
    value = TextField(default="")

    class Meta:
        indexes = ((("plan", "key"), True),)


class PlanItem(BaseModel):
    """One item of an ordered text list of the plan (see store.document.LIST_KINDS)."""

    id = IdField()
    plan = ForeignKeyField(Plan, backref="items", on_delete="CASCADE")
    kind = CharField()
    position = IntegerField()
    text = TextField()

    class Meta:
        indexes = ((("plan", "kind", "position"), False),)


class ResultLine(BaseModel):
    """Section 3: last year's result of one programme, as written."""

    id = IdField()
    plan = ForeignKeyField(Plan, backref="results", on_delete="CASCADE")
    programme = ForeignKeyField(Programme, null=True, on_delete="SET NULL")
    label = CharField()  # "Kinh tế", as written
    classes = IntegerField(null=True)
    learners = IntegerField(null=True)
    position = IntegerField()


class SurveyLine(BaseModel):
    """Section 4: the learning-needs survey for one programme."""

    id = IdField()
    plan = ForeignKeyField(Plan, backref="survey", on_delete="CASCADE")
    programme = ForeignKeyField(Programme, null=True, on_delete="SET NULL")
    label = CharField()  # "Chương trình giáo dục pháp luật", as written
    topics = IntegerField(null=True)
    people = IntegerField(null=True)
    position = IntegerField()


class Activity(BaseModel):
    """Section 6: one row of a month's table."""

    id = IdField()
    plan = ForeignKeyField(Plan, backref="activities", on_delete="CASCADE")
    month = IntegerField()  # 1..12
    position = IntegerField()  # order within the month, from 1
    content = TextField()
    programme = ForeignKeyField(Programme, null=True, on_delete="SET NULL")
    target_group = TextField(default="")
    classes = IntegerField(null=True)  # may be blank, as in the seed
    learners = IntegerField(null=True)
    budget = IntegerField(null=True)  # whole VND
    place = TextField(default="")
    partner = TextField(default="")
    note = TextField(default="")
    version = IntegerField(default=1)
    # what was held (schema 2): status, date, learners who came, money spent, a note
    status = CharField(default="planned")
    held_date = DateField(null=True)
    held_learners = IntegerField(null=True)
    held_spent = IntegerField(null=True)
    held_note = TextField(default="")

    class Meta:
        indexes = ((("plan", "month", "position"), False),)


ACTIVITY_PLANNED = "planned"
ACTIVITY_HELD = "held"
ACTIVITY_POSTPONED = "postponed"
ACTIVITY_CANCELLED = "cancelled"
ACTIVITY_STATUS_LABELS = {
    ACTIVITY_PLANNED: "Theo kế hoạch",
    ACTIVITY_HELD: "Đã tổ chức",
    ACTIVITY_POSTPONED: "Hoãn",
    ACTIVITY_CANCELLED: "Hủy",
}


SIGNER_DIRECTOR = "director"
SIGNER_APPROVER = "approver"


class Signer(BaseModel):
    """A signature block: the director's, or the approving office's."""

    id = IdField()
    plan = ForeignKeyField(Plan, backref="signers", on_delete="CASCADE")
    role = CharField()
    heading = TextField(default="")  # "PHÊ DUYỆT CỦA LÃNH ĐẠO\nPHÒNG GD&ĐT" (approver only)
    authority = TextField(default="")  # "KT. TRƯỞNG PHÒNG", "TM/BAN GD&ĐT"
    title = CharField(default="")  # "PHÓ TRƯỞNG PHÒNG", "GIÁM ĐỐC"
    name = CharField(default="")

    class Meta:
        indexes = ((("plan", "role"), True),)


class PlanEvent(BaseModel):
    """A status change of a plan (submitted, approved, returned, amended), with who and when."""

    id = IdField()
    plan = ForeignKeyField(Plan, backref="events", on_delete="CASCADE")
    at = DateTimeField(default=_dt.datetime.now)
    user = CharField(default="")
    action = CharField()
    status_before = CharField(default="")
    status_after = CharField(default="")
    comment = TextField(default="")
    # the database role on a server, set by the server itself (schema 7); "" on SQLite
    role = CharField(null=True, default="")


class ChangeLog(BaseModel):
    """The audit trail: every change, who made it, the record and field, before and after."""

    id = IdField()
    at = DateTimeField(default=_dt.datetime.now, index=True)
    user = CharField(default="")
    plan = ForeignKeyField(Plan, null=True, backref="changes", on_delete="SET NULL")
    # the database role on a server (schema 3); "" on SQLite; NULL in rows made before it
    role = CharField(null=True, default="")
    action = CharField()  # create, edit, delete, status, import
    table = CharField()
    record = CharField(default="")  # the record's id, or the key of a plan text or list
    field = CharField(default="")
    before = TextField(null=True)
    after = TextField(null=True)

    class Meta:
        indexes = ((("table", "record"), False),)


class SchemaVersion(BaseModel):
    """One row per migration step applied (peewee's examples: steps recorded in the db)."""

    version = IntegerField(primary_key=True)
    applied_at = DateTimeField(default=_dt.datetime.now)


MODELS = [
    Centre,
    Village,
    Programme,
    Plan,
    PlanText,
    PlanItem,
    ResultLine,
    SurveyLine,
    Activity,
    Signer,
    PlanEvent,
    ChangeLog,
    SchemaVersion,
]


_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI … final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC … BEL or ST
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # any other C0 or C1 but tab and line feed
)


def plain(value):
    """Text as read from the database, without control characters or escape sequences: a
    name written around the program (psql, a crafted file) never reaches a terminal as a
    command to it (clear the screen, set the title). Tab and line feed are kept."""
    if isinstance(value, str) and not value.isprintable():
        return _CONTROL.sub("", value)
    return value


def _read_plain() -> None:
    for model in MODELS:
        for field in model._meta.sorted_fields:
            if isinstance(field, (CharField, TextField)):
                read = field.python_value
                field.python_value = lambda v, read=read: plain(read(v))


_read_plain()
