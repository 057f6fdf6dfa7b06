"""Vietnamese text helpers: clean, fold, compare, format, parse and read numbers aloud.

Every way into the database (typing, paste, import, command line) passes text through
`clean`; every search compares `fold`ed text; every amount in words comes from `read_money`.
The rules are those of shared/docs/vietnamese-text.md.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# --- cleaning ------------------------------------------------------------------------

# CSI / OSC / other escape sequences a terminal paste may carry.
_ESCAPE_RE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]"  # two-byte sequences
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)


def _is_dropped(ch: str, keep_newlines: bool) -> bool:
    if keep_newlines and ch == "\n":
        return False
    if ch == "\t":
        return False
    cat = unicodedata.category(ch)
    # Cc control, Cs surrogates, Cn unassigned non-characters such as U+FFFE, Co private use
    # is kept (fonts may use it). Format chars (Cf, e.g. zero-width joiners, bidi overrides)
    # are dropped: they hide text and confuse terminals.
    return cat in ("Cc", "Cs", "Cf") or ch in ("\ufffe", "\uffff")


def clean(text: str | None, *, multiline: bool = False) -> str:
    """NFC text without control characters or escape sequences.

    Tabs become spaces. In single-line text, line breaks become spaces; in multi-line text
    they are kept as "\\n" (CR LF and CR are folded into LF).
    """
    if text is None:
        return ""
    text = _ESCAPE_RE.sub("", str(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    text = "".join(ch for ch in text if not _is_dropped(ch, multiline))
    return unicodedata.normalize("NFC", text)


def clean_line(text: str | None) -> str:
    """`clean` for one line, with outer spaces stripped and inner runs of spaces folded."""
    return re.sub(r" {2,}", " ", clean(text)).strip()


# --- folding and comparing -----------------------------------------------------------

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Search key: marks stripped, đ→d, case-folded. "Đon Úy" and "Đon Uý" → "don uy"."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D").casefold()


@lru_cache(maxsize=8192)
def tone_key(text: str) -> str:
    """Key equal for both tone-mark placements ("hóa"/"hoá", "Úy"/"Uý") but not for
    other differences: each word's tone mark is moved to the word's end. Case-folded."""
    words = []
    for word in re.split(r"(\W+)", unicodedata.normalize("NFC", text.casefold())):
        nfd = unicodedata.normalize("NFD", word)
        tones = [ch for ch in nfd if ch in _TONE_MARKS]
        base = "".join(ch for ch in nfd if ch not in _TONE_MARKS)
        words.append(unicodedata.normalize("NFC", base) + "".join(tones))
    return "".join(words)


def same_text(a: str, b: str) -> bool:
    """True when a reader sees the same words (tone-mark placement and case aside)."""
    return tone_key(clean_line(a)) == tone_key(clean_line(b))


def matches(query: str, text: str) -> bool:
    """Search without caring for diacritics: every word of `query` begins a word of `text`
    ("don uy" finds "Đon Úy" and "Đon Uý", "nha van hoa" finds "Nhà văn hóa")."""
    words = re.findall(r"\w+", fold(text))
    return all(any(w.startswith(part) for w in words) for part in re.findall(r"\w+", fold(query)))


# --- numbers ---------------------------------------------------------------------------


def format_int(value: int | None, *, width: int = 0) -> str:
    """2320 → "2.320"; width=2 pads with zeros ("01"); None → ""."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    digits = str(abs(value)).zfill(width)
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sign + ".".join(groups)


def format_decimal(value: Decimal | str | float | None, places: int = 2) -> str:
    """Decimal("4239.89") → "4.239,89"; whole numbers lose their decimals."""
    if value is None or value == "":
        return ""
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return format_int(int(d))
    q = d.quantize(Decimal(1).scaleb(-places))
    whole, _, frac = f"{abs(q):f}".partition(".")
    sign = "-" if q < 0 else ""
    return f"{sign}{format_int(int(whole))},{frac.rstrip('0')}"


def format_money(value: int | None) -> str:
    """720000 → "720.000đ" (the seed's form); None → ""."""
    return "" if value is None else format_int(value) + "đ"


class ParseError(ValueError):
    """A value a person typed that is not of the expected form; the message is Vietnamese."""


_INT_RE = re.compile(r"^\d{1,3}(\.\d{3})+$|^\d+$")


def parse_int(text: str | None, *, allow_blank: bool = True, what: str = "số") -> int | None:
    """ "01" → 1, "2.320" → 2320, "2 320" → 2320, "" → None. Refuses negatives and decimals."""
    s = clean_line(text).replace(" ", "").replace("\u00a0", "")
    if not s:
        if allow_blank:
            return None
        raise ParseError(f"Chưa nhập {what}.")
    if not _INT_RE.match(s):
        raise ParseError(f"“{clean_line(text)}” không phải {what} nguyên (ví dụ: 24, 2.320).")
    return int(s.replace(".", ""))


_MONEY_UNITS = {
    "": 1,
    "d": 1,
    "đ": 1,
    "vnd": 1,
    "vnđ": 1,
    "dong": 1,
    "đồng": 1,
    "k": 1000,
    "nghin": 1000,
    "nghìn": 1000,
    "ngan": 1000,
    "ngàn": 1000,
    "tr": 1_000_000,
    "trieu": 1_000_000,
    "triệu": 1_000_000,
    "ty": 1_000_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
}
_MONEY_RE = re.compile(r"^(?P<num>[\d.,]+)\s*(?P<unit>[^\d\s.,]*)\.?$")


def parse_money(text: str | None, *, allow_blank: bool = True) -> int | None:
    """Whole VND from what people type: "720000", "720.000", "720.000đ", "720.000 đồng",
    "720k", "0,72 tr", "1,5 triệu". Blank → None. Anything else raises ParseError."""
    raw = clean_line(text)
    s = raw.casefold().replace("\u00a0", " ")
    if not s:
        if allow_blank:
            return None
        raise ParseError("Chưa nhập kinh phí.")
    bad = ParseError(f"“{raw}” không phải số tiền (ví dụ: 720.000, 720000đ, 720k, 0,72 tr).")
    m = _MONEY_RE.match(s)
    if not m:
        raise bad
    unit = m.group("unit")
    if unit not in _MONEY_UNITS:
        raise bad
    num = m.group("num")
    factor = _MONEY_UNITS[unit]
    if "," in num:
        whole, _, frac = num.partition(",")
        if "," in frac or "." in frac or not frac or not _INT_RE.match(whole or "0"):
            raise bad
        try:
            value = Decimal(whole.replace(".", "") or "0") + Decimal("0." + frac)
        except InvalidOperation:
            raise bad from None
    else:
        if not _INT_RE.match(num):
            # "1.5tr" (dot as decimal point) is accepted only with a unit above đồng
            if factor > 1 and re.fullmatch(r"\d+\.\d{1,2}", num):
                value = Decimal(num)
            else:
                raise bad
        else:
            value = Decimal(num.replace(".", ""))
    amount = value * factor
    if amount != amount.to_integral_value():
        raise ParseError(f"“{raw}” không ra số đồng tròn.")
    return int(amount)


def parse_decimal(text: str | None) -> Decimal | None:
    """ "4.239,89" → Decimal("4239.89"); "" → None."""
    s = clean_line(text).replace(" ", "")
    if not s:
        return None
    if not re.fullmatch(r"(\d{1,3}(\.\d{3})+|\d+)(,\d+)?", s):
        raise ParseError(f"“{s}” không phải số (ví dụ: 4.239,89).")
    return Decimal(s.replace(".", "").replace(",", "."))


# --- dates ---------------------------------------------------------------------------


def _two(n: int) -> str:
    return f"{n:02d}"


def format_day_month(day: int, month: int) -> tuple[str, str]:
    """Days below 10 and months 1–2 carry a leading zero (nd30-layout.md)."""
    return _two(day), (_two(month) if month <= 2 else str(month))


def format_date_long(d: _dt.date, place: str = "") -> str:
    """ "Tân Hương, ngày 10 tháng 01 năm 2024" (or without the place)."""
    day, month = format_day_month(d.day, d.month)
    text = f"ngày {day} tháng {month} năm {d.year}"
    return f"{place}, {text}" if place else text


def format_date_short(d: _dt.date | None) -> str:
    return "" if d is None else f"{d.day:02d}/{d.month:02d}/{d.year}"


_LONG_DATE_RE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def parse_date(text: str | None, *, allow_blank: bool = True) -> _dt.date | None:
    """ "10/01/2024", "10-1-2024", "2024-01-10", "ngày 10 tháng 01 năm 2024" → a date."""
    s = clean_line(text)
    if not s:
        if allow_blank:
            return None
        raise ParseError("Chưa nhập ngày.")
    m = _LONG_DATE_RE.search(s)
    try:
        if m:
            return _dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
        if m:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", s)
        if m:
            return _dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        raise ParseError(f"“{s}” không phải ngày có thật.") from None
    raise ParseError(f"“{s}” không phải ngày (ví dụ: 10/01/2024).")


# --- reading numbers aloud -------------------------------------------------------------

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _read_group(n: int, full: bool, southern: bool) -> list[str]:
    """Read 0 < n < 1000. `full`: a higher group precedes, so hundreds and tens are said
    even when zero ("không trăm", "linh")."""
    h, t, u = n // 100, (n // 10) % 10, n % 10
    words: list[str] = []
    if h or full:
        words += [_DIGITS[h], "trăm"]
    if t == 0:
        if u:
            if words:
                words.append("lẻ" if southern else "linh")
            words.append(_DIGITS[u])
    elif t == 1:
        words.append("mười")
        if u == 5:
            words.append("lăm")
        elif u:
            words.append(_DIGITS[u])
    else:
        words += [_DIGITS[t], "mươi"]
        if u == 1:
            words.append("mốt")
        elif u == 4:
            words.append("tư")
        elif u == 5:
            words.append("lăm")
        elif u:
            words.append(_DIGITS[u])
    return words


def read_number(n: int, *, southern: bool = False) -> str:
    """A whole number in words: 18005000 → "mười tám triệu không trăm linh năm nghìn"."""
    if n < 0:
        return "âm " + read_number(-n, southern=southern)
    if n == 0:
        return "không"
    thousand = "ngàn" if southern else "nghìn"

    def below_billion(m: int, full: bool) -> list[str]:
        words: list[str] = []
        for scale, name in ((1_000_000, "triệu"), (1000, thousand), (1, "")):
            group = m // scale % 1000
            if group:
                words += _read_group(group, full or bool(words), southern)
                if name:
                    words.append(name)
        return words

    words: list[str] = []
    billions, rest = divmod(n, 1_000_000_000)
    if billions:
        words += read_number(billions, southern=southern).split() + ["tỷ"]
    if rest:
        words += below_billion(rest, bool(billions))
    return " ".join(words)


def read_money(amount: int, *, southern: bool = False) -> str:
    """ "Mười tám triệu không trăm linh năm nghìn đồng" — capital first, "đồng" last."""
    text = read_number(amount, southern=southern) + " đồng"
    return text[0].upper() + text[1:]
