import pytest

from store.telex import telex, telex_key


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
