"""A new plan for another year, started from the current one's header, texts and lists."""

from __future__ import annotations

from kehoach.store.errors import FieldProblem, KehoachError
from kehoach.store.models import Plan
from kehoach.store.plans import new_plan_from
from kehoach.store.vntext import ParseError, parse_int

from ..widgets.fields_form import FieldsForm


def new_plan_form(current: Plan) -> FieldsForm:
    def parse(values: dict[str, str]) -> Plan:
        try:
            year = parse_int(values["year"], allow_blank=False, what="năm")
        except ParseError as exc:
            raise FieldProblem("year", str(exc)) from None
        try:
            return new_plan_from(current, year)
        except KehoachError as exc:
            raise FieldProblem("year", str(exc)) from None

    return FieldsForm(
        f"Lập kế hoạch mới từ kế hoạch năm {current.year}: đầu văn bản, căn cứ, các mục văn bản, "
        "chương trình, nơi nhận và người ký được chép sang; khảo sát và các tháng để trống.",
        [("year", "Năm của kế hoạch mới", str(current.year + 1))],
        parse,
    )
