import contextlib
import datetime as dt
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehoach.store.vntext import (
    ParseError,
    clean,
    fold,
    format_date_long,
    format_decimal,
    format_int,
    format_money,
    matches,
    parse_date,
    parse_decimal,
    parse_int,
    parse_money,
    read_money,
    read_number,
    same_text,
)


def test_fold_examples():
    assert fold("Đon Úy") == "don uy"
    assert fold("Đon Uý") == "don uy"
    assert fold("Nhà văn hóa") == "nha van hoa"
    assert matches("don uy", "Nhân dân thôn Đon Uý")
    assert matches("nha van hoa", "Nhà văn hóa thôn Cầu Hin")
    assert not matches("nam huong 3", "Nam Hương 1")


def test_fold_nfd_input_equals_nfc():
    nfd = unicodedata.normalize("NFD", "Nhà văn hóa thôn Đon Úy")
    assert fold(nfd) == fold("Nhà văn hóa thôn Đon Úy")


def test_same_text_tone_placement_but_not_other_marks():
    assert same_text("hóa", "hoá")
    assert same_text("thủy", "thuỷ")
    assert same_text("Đon Úy", "Đon Uý")
    assert same_text("khỏe", "khoẻ")
    assert not same_text("hóa", "hòa")
    assert not same_text("Hội", "Hộ")


def test_clean_drops_controls_and_escapes_and_makes_nfc():
    assert clean("a\x1b[31mb\x1b[0m\x0bc") == "abc"
    assert clean("x\x1b]0;title\x07y") == "xy"
    nfd = unicodedata.normalize("NFD", "ệ")
    assert len(nfd) == 3 and clean(nfd) == "ệ"
    assert clean("a\nb") == "a b"
    assert clean("a\r\nb", multiline=True) == "a\nb"


@pytest.mark.parametrize(
    "text,value",
    [
        ("720000", 720000),
        ("720.000", 720000),
        ("720.000đ", 720000),
        ("720.000 đồng", 720000),
        ("720k", 720000),
        ("0,72 tr", 720000),
        ("1,5 triệu", 1500000),
        ("18.005.000 đ", 18005000),
        ("", None),
    ],
)
def test_parse_money_accepts_the_usual_forms(text, value):
    assert parse_money(text) == value


@pytest.mark.parametrize("text", ["abc", "-5", "72.00", "1,2,3", "720 usd", "7,5", "1.5"])
def test_parse_money_refuses_the_rest(text):
    with pytest.raises(ParseError):
        parse_money(text)


def test_numbers_format_and_parse():
    assert format_int(2320) == "2.320"
    assert format_int(1, width=2) == "01"
    assert format_int(None) == ""
    assert format_money(720000) == "720.000đ"
    assert format_decimal(Decimal("4239.89")) == "4.239,89"
    assert parse_decimal("4.239,89") == Decimal("4239.89")
    assert parse_int("01") == 1
    assert parse_int("2.320") == 2320
    with pytest.raises(ParseError):
        parse_int("12a")
    with pytest.raises(ParseError):
        parse_int("1,5")


def test_dates():
    assert (
        format_date_long(dt.date(2024, 1, 10), "Tân Hương")
        == "Tân Hương, ngày 10 tháng 01 năm 2024"
    )
    assert format_date_long(dt.date(2024, 6, 5)) == "ngày 05 tháng 6 năm 2024"
    assert format_date_long(dt.date(2024, 2, 1)) == "ngày 01 tháng 02 năm 2024"
    assert parse_date("10/01/2024") == dt.date(2024, 1, 10)
    assert parse_date("2024-01-10") == dt.date(2024, 1, 10)
    assert parse_date("Tân Hương, ngày 10 tháng 01 năm 2024") == dt.date(2024, 1, 10)
    with pytest.raises(ParseError):
        parse_date("31/02/2024")
    with pytest.raises(ParseError):
        parse_date("hôm qua")


@pytest.mark.parametrize(
    "n,words",
    [
        (0, "không"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (105, "một trăm linh năm"),
        (1010, "một nghìn không trăm mười"),
        (2248, "hai nghìn hai trăm bốn mươi tám"),
        (1_000_005, "một triệu không trăm linh năm"),
        (18_005_000, "mười tám triệu không trăm linh năm nghìn"),
        (2_000_000_000, "hai tỷ"),
    ],
)
def test_read_number_northern(n, words):
    assert read_number(n) == words


def test_read_money_and_southern():
    assert read_money(18_005_000) == "Mười tám triệu không trăm linh năm nghìn đồng"
    assert read_number(105, southern=True) == "một trăm lẻ năm"
    assert read_number(1000, southern=True) == "một ngàn"


@given(st.integers(min_value=0, max_value=10**13))
def test_format_then_parse_gives_the_number_back(n):
    assert parse_int(format_int(n)) == n
    assert parse_money(format_money(n)) == n


@given(st.text())
def test_clean_is_idempotent(text):
    once = clean(text, multiline=True)
    assert clean(once, multiline=True) == once
    assert "\x1b" not in once
    assert unicodedata.is_normalized("NFC", once)


@given(st.text())
def test_fold_same_for_nfc_and_nfd(text):
    assert fold(unicodedata.normalize("NFC", text)) == fold(unicodedata.normalize("NFD", text))


@given(st.integers(min_value=0, max_value=10**12))
def test_reading_aloud_follows_the_rules(n):
    words = read_number(n).split()
    for i, w in enumerate(words):
        if w == "mươi":
            # "mươi" only after a digit 2..9, never for 10..19
            assert words[i - 1] not in ("mười", "một", "không")
        if (
            i > 0
            and words[i - 1] == "mươi"
            and (i + 1 == len(words) or words[i + 1] in ("nghìn", "triệu", "tỷ"))
        ):
            assert w not in ("một", "năm"), words  # mốt / lăm after tens 2..9
        if (
            i > 0
            and words[i - 1] == "mười"
            and (i + 1 == len(words) or words[i + 1] in ("nghìn", "triệu", "tỷ"))
        ):
            assert w != "năm", words  # mười lăm


@given(st.text(max_size=40))
def test_parsers_never_crash_on_any_text(text):
    for parser in (parse_int, parse_money, parse_date, parse_decimal):
        with contextlib.suppress(ParseError):
            parser(text)


def test_search_matches_word_beginnings():
    assert matches("don uy", "Nhà văn hóa thôn Đon Uý")
    assert not matches("don uy", "Tuyên truyền cộng đồng")  # "uy" inside "tuyên" is no match
    assert matches("720", "720.000đ")
    assert matches("", "anything")
