import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehoach.store.telex import telex, telex_key


@pytest.mark.parametrize(
    "keys,text",
    [
        ("Nhaf vawn hoas", "Nhà văn hóa"),
        ("DDon Uys", "Đon Úy"),
        ("Huwowng", "Hương"),
        ("Vieetj Nam", "Việt Nam"),
        ("thuyr", "thủy"),
        ("khoer", "khỏe"),
        ("toasn", "toán"),
        ("nguwowif", "người"),
        ("quoocs", "quốc"),
        ("gias", "giá"),
        ("Trung taam hocj taapj coongj ddoongf", "Trung tâm học tập cộng đồng"),
        ("Nhaf vawn hoas thoon DDon Uys", "Nhà văn hóa thôn Đon Úy"),
        ("hoaz", "hoaz"),
        ("hoasz", "hoa"),
        ("sass", "sas"),
    ],
)
def test_telex_examples(keys, text):
    assert telex(keys) == text


def test_one_key_at_a_time():
    word = ""
    for key in "tieengs":
        word = telex_key(word, key)
    assert word == "tiếng"


@given(st.text(alphabet="adeouwsfrxjzADEOUWnhgtcmbl ", max_size=40))
def test_any_keys_give_clean_text(keys):
    import unicodedata

    out = telex(keys)
    assert unicodedata.is_normalized("NFC", out)
    assert out.count(" ") == keys.count(" ")  # words stay words
