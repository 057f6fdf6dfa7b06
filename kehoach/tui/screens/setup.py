"""The first start on an empty database: which centre, which year; then its first plan."""

from __future__ import annotations

import datetime as _dt

from kehoach.store.errors import FieldProblem, KehoachError
from kehoach.store.plans import create_first_plan
from kehoach.store.vntext import ParseError, parse_int

from ..widgets.fields_form import FieldsForm


def setup_form() -> FieldsForm:
    def parse(values: dict[str, str]):
        try:
            year = parse_int(values["year"], allow_blank=False, what="năm")
        except ParseError as exc:
            raise FieldProblem("year", str(exc)) from None
        kind = values["period"].strip().lower()
        if kind in ("", "năm", "nam", "1"):
            period, first = "year", 1
        else:
            try:
                first = parse_int(kind, allow_blank=False, what="tháng")
            except ParseError:
                raise FieldProblem(
                    "period", "Gõ “năm”, hoặc tháng bắt đầu năm học (ví dụ 9)."
                ) from None
            if not 1 <= first <= 12:
                raise FieldProblem("period", "Tháng bắt đầu phải từ 1 đến 12.")
            period = "school_year" if first != 1 else "year"
        if not values["commune"].strip():
            raise FieldProblem("commune", "Chưa nhập tên xã.")
        try:
            return create_first_plan(
                values["commune"],
                year,
                district=values["district"],
                province=values["province"],
                period_kind=period,
                first_month=first,
            )
        except KehoachError as exc:
            raise FieldProblem("year", str(exc)) from None

    return FieldsForm(
        "Chào mừng! Cơ sở dữ liệu còn trống: nhập trung tâm và năm kế hoạch đầu tiên.",
        [
            ("commune", "Tên xã (ví dụ Tân Hương)", ""),
            ("district", "Huyện", ""),
            ("province", "Tỉnh", ""),
            (
                "year",
                "Năm kế hoạch",
                str(_dt.date.today().year + (1 if _dt.date.today().month >= 10 else 0)),
            ),
            ("period", "Kỳ: “năm” hoặc tháng bắt đầu năm học", "năm"),
        ],
        parse,
        hint="Tab: ô sau · Ctrl+S: tạo · Esc: thoát · Ctrl+T: bật/tắt gõ Telex",
        # no plan screen under it: a key bar of its own, Telex with its state
        keys=frozenset({"fields.save", "fields.cancel", "fields.telex_on", "fields.telex_off"}),
    )
