"""Telex typing: turn keystrokes into Vietnamese letters, one key at a time.

`telex_key(word, key)` takes the word before the cursor (as already shown) and the key
typed, and returns the word to show. Tone marks are placed by the traditional rule the
seed plan uses ("hóa", "thủy", "Úy"): on the vowel carrying a shape mark (â ă ê ô ơ ư),
else on the only vowel, else the middle of three, else — of two vowels — the second when a
consonant follows and the first when none does.
"""

from __future__ import annotations

import unicodedata

_TONE_KEYS = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_TONES = set(_TONE_KEYS.values())
_VOWELS = set("aăâeêioôơuưy")
_SHAPED = set("ăâêôơư")
_DOUBLE = {"a": "â", "e": "ê", "o": "ô"}
_UNDOUBLE = {"â": "a", "ê": "e", "ô": "o"}
_HORN = {"a": "ă", "o": "ơ", "u": "ư"}
_UNHORN = {"ă": "a", "ơ": "o", "ư": "u"}


def _split_tone(word: str) -> tuple[str, str]:
    """The word without its tone mark, and the mark ("" when none)."""
    nfd = unicodedata.normalize("NFD", word)
    tone = next((ch for ch in nfd if ch in _TONES), "")
    base = unicodedata.normalize("NFC", "".join(ch for ch in nfd if ch not in _TONES))
    return base, tone


def _vowel_span(base: str) -> tuple[int, int] | None:
    """Start and end (exclusive) of the word's vowel cluster, "qu"/"gi" counted as initials."""
    low = base.lower()
    start = next((i for i, ch in enumerate(low) if ch in _VOWELS), None)
    if start is None:
        return None
    end = start
    while end < len(low) and low[end] in _VOWELS:
        end += 1
    if end - start > 1 and (
        (low[start] == "u" and start > 0 and low[start - 1] == "q")
        or (low[start] == "i" and start > 0 and low[start - 1] == "g")
    ):
        start += 1
    return start, end


def _place_tone(base: str, tone: str) -> str:
    if not tone:
        return base
    span = _vowel_span(base)
    if span is None:
        return base
    start, end = span
    low = base.lower()
    cluster = low[start:end]
    shaped = [i for i, ch in enumerate(cluster) if ch in _SHAPED]
    if shaped:
        pos = shaped[-1]  # "ươ" takes the mark on ơ
    elif len(cluster) == 1:
        pos = 0
    elif len(cluster) >= 3:
        pos = 1
    else:
        pos = 1 if end < len(base) else 0
    i = start + pos
    marked = unicodedata.normalize("NFC", base[i] + tone)
    return base[:i] + marked + base[i + 1 :]


def _with_case(letter: str, like: str) -> str:
    return letter.upper() if like.isupper() else letter


def telex_key(word: str, key: str) -> str:
    """The word after typing `key` at its end in Telex."""
    if len(key) != 1:
        return word + key
    base, tone = _split_tone(word)
    k = key.lower()
    has_vowel = _vowel_span(base) is not None

    if k in _TONE_KEYS and has_vowel:
        new = _TONE_KEYS[k]
        if new == tone:  # typed twice: drop the mark, keep the letter ("ass" → "as")
            return base + key
        return _place_tone(base, new)
    if k == "z" and tone:
        return base
    if k == "d" and base and base[-1] in "dD" and len(base) == 1:
        return _place_tone(_with_case("đ", base[-1]), tone)
    if k == "d" and base[:1] in ("đ", "Đ") and len(base) == 1:
        return _place_tone(base[:1].translate(str.maketrans("đĐ", "dD")) + key, tone)
    if k in _DOUBLE:
        # aa → â, ee → ê, oo → ô (the last vowel of the cluster); a third press undoes
        span = _vowel_span(base)
        if span:
            last = span[1] - 1
            ch = base[last].lower()
            if ch == k:
                new_base = base[:last] + _with_case(_DOUBLE[k], base[last]) + base[last + 1 :]
                return _place_tone(new_base, tone)
            if _UNDOUBLE.get(ch) == k:
                new_base = base[:last] + _with_case(k, base[last]) + base[last + 1 :] + key
                return _place_tone(new_base, tone)
    if k == "w":
        span = _vowel_span(base)
        if span:
            start, end = span
            low = base.lower()
            cluster = low[start:end]
            if cluster.endswith("uo") or cluster in ("uoi", "uou"):
                i = start + cluster.index("uo")
                new_base = (
                    base[:i]
                    + _with_case("ư", base[i])
                    + _with_case("ơ", base[i + 1])
                    + base[i + 2 :]
                )
                return _place_tone(new_base, tone)
            for i in range(end - 1, start - 1, -1):
                if low[i] in _HORN:
                    new_base = base[:i] + _with_case(_HORN[low[i]], base[i]) + base[i + 1 :]
                    return _place_tone(new_base, tone)
                if low[i] in _UNHORN:  # pressed again: undo, keep the w
                    new_base = base[:i] + _with_case(_UNHORN[low[i]], base[i]) + base[i + 1 :]
                    return _place_tone(new_base, tone) + key
        elif not base or base[-1].lower() not in "wư":
            return _place_tone(base + _with_case("ư", key), tone)
    if k.isalpha() and tone:
        return _place_tone(base + key, tone)
    return word + key


def telex(text: str) -> str:
    """Type a whole text in Telex, word by word ("Nhaf vawn hoas" → "Nhà văn hóa")."""
    out: list[str] = []
    word = ""
    for ch in text:
        if ch.isalpha():
            word = telex_key(word, ch)
        else:
            out.append(word + ch)
            word = ""
    out.append(word)
    return "".join(out)


def telex_at(line: str, cursor: int, key: str) -> tuple[int, str]:
    """Typing `key` at `cursor` in `line`: where the word before the cursor starts, and what
    it becomes. Text fields replace line[start:cursor] with the returned word."""
    start = cursor
    while start > 0 and line[start - 1].isalpha():
        start -= 1
    return start, telex_key(line[start:cursor], key)
