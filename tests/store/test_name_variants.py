"""Rule 6 (one name spelt several ways) compares only the pairs that could be variants,
and finds exactly what comparing every pair finds."""

from __future__ import annotations

import random
import shutil
import unicodedata
from itertools import combinations
from pathlib import Path

import pytest

from kehoach.store import checks
from kehoach.store.checks import check_name_variants, check_plan
from kehoach.store.models import Activity, Plan, Programme
from kehoach.store.plans import create_first_plan

V1 = Path(__file__).resolve().parent.parent / "data" / "kehoach-v1.db"

SYLLABLES = [
    "Đon",
    "Úy",
    "Cầu",
    "Hin",
    "Nam",
    "Hương",
    "Bắc",
    "Sơn",
    "Tân",
    "Lập",
    "Khuổi",
    "Mỏ",
    "Nà",
    "Hin",
    "Lân",
    "Hoá",
    "Làng",
    "Giữa",
    "Pò",
    "Sặt",
    "Vũ",
    "Lễ",
    "Chiến",
    "Thắng",
    "Nhất",
    "Tiến",
    "Hữu",
    "Vĩnh",
    "Quỳnh",
    "Sơn",
    "Long",
    "Đống",
    "Trấn",
    "Yên",
    "Tân",
    "Thành",
    "Đồng",
    "Ý",
]
PREFIXES = ("Nhà văn hóa thôn", "Nhân dân thôn", "CB Hội nông dân", "Trường", "Nhà văn hoá")


def _all_pairs(names):
    return list(combinations(range(len(names)), 2))


def _variant_findings(plan, acts=None):
    acts = acts if acts is not None else checks._activities(plan)
    return [(p.where, p.message, p.target) for p in check_name_variants(plan, acts)]


def _same_as_every_pair(plan, monkeypatch) -> list:
    found = _variant_findings(plan)
    with monkeypatch.context() as m:
        m.setattr(checks, "_variant_candidates", _all_pairs)
        reference = _variant_findings(plan)
    assert found == reference
    return found


def _mutate(name: str, rng: random.Random) -> str:
    """A slip a person makes: a letter dropped or changed, the tone mark moved or lost,
    another case, a locality word added or dropped."""
    kind = rng.randrange(6)
    if kind == 0 and len(name) > 2:
        i = rng.randrange(len(name))
        return name[:i] + name[i + 1 :]
    if kind == 1:
        i = rng.randrange(len(name))
        return name[:i] + rng.choice("aăâeêioôơuưyđ") + name[i + 1 :]
    if kind == 2:
        return name.replace("óa", "oá").replace("Úy", "Uý").replace("hóa", "hoá")
    if kind == 3:
        return "".join(
            ch for ch in unicodedata.normalize("NFD", name) if not unicodedata.combining(ch)
        )
    if kind == 4:
        return name.lower() if rng.random() < 0.5 else name.upper()
    return name.replace(" thôn ", " ") if " thôn " in name else name.replace(" ", " thôn ", 1)


def _names(rng: random.Random, count: int) -> list[str]:
    names = []
    while len(names) < count:
        base = f"{rng.choice(PREFIXES)} {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
        names.append(base)
        if rng.random() < 0.4:
            names.append(unicodedata.normalize("NFC", _mutate(base, rng)))
    return names


def _fill(plan: Plan, places: list[str], partners: list[str]) -> None:
    prog = Programme.select().where(Programme.centre == plan.centre_id).first()
    rows = [
        dict(
            plan=plan,
            month=1 + i % 12,
            position=1 + i // 12,
            content=f"Tập huấn số {i} (KT)",
            programme=prog,
            target_group="Nhân dân",
            classes=1,
            learners=80,
            budget=700_000,
            place=place,
            partner=partner,
        )
        for i, (place, partner) in enumerate(zip(places, partners, strict=True))
    ]
    Activity.insert_many(rows).execute()


@pytest.fixture
def plan(db):
    return create_first_plan("Tân Hương", 2024)


# What every-pair comparison reported on the demo before the candidates were grouped.
DEMO_FINDINGS = [
    (
        "Tháng 3, dòng 2, Phối hợp",
        "Có lẽ là một tên viết 3 cách (khác chữ hoa/thường, khác một chữ cái): "
        "“CB Hội nông dân xã” (Tháng 1, dòng 1, Phối hợp); “CB Hộ nông dân xã” (Tháng 3, "
        "dòng 2, Phối hợp); “CB hội nông dân xã” (Tháng 7, dòng 2, Phối hợp). "
        "Thống nhất một cách viết.",
    ),
    (
        "Tháng 9, dòng 1, Đối tượng",
        "Có lẽ là một tên viết 2 cách (khác vị trí dấu thanh): “Nhân dân thôn Đon Úy” "
        "(Tháng 1, dòng 2, Đối tượng); “Nhân dân thôn Đon Uý” (Tháng 9, dòng 1, Đối tượng). "
        "Thống nhất một cách viết.",
    ),
    (
        "Tháng 9, dòng 1, Địa điểm",
        "Có lẽ là một tên viết 2 cách (khác vị trí dấu thanh): “Nhà văn hóa thôn Đon Úy” "
        "(Tháng 1, dòng 2, Địa điểm); “Nhà văn hóa thôn Đon Uý” (Tháng 9, dòng 1, Địa điểm). "
        "Thống nhất một cách viết.",
    ),
    (
        "Tháng 9, dòng 2, Đối tượng",
        "Có lẽ là một tên viết 2 cách (thiếu/thừa một từ chỉ địa danh): “Nhân dân thôn Nam "
        "Hương 1” (Tháng 2, dòng 2, Đối tượng); “Nhân dân Nam Hương 1” (Tháng 9, dòng 2, "
        "Đối tượng). Thống nhất một cách viết.",
    ),
    (
        "Tháng 5, dòng 2, Phối hợp",
        "Có lẽ là một tên viết 2 cách (khác chữ hoa/thường): “CB Trạm Y tế xã” (Tháng 2, "
        "dòng 2, Phối hợp); “CB trạm y tế xã” (Tháng 5, dòng 2, Phối hợp). "
        "Thống nhất một cách viết.",
    ),
]


def test_demo_findings_unchanged(demo, monkeypatch):
    found = _same_as_every_pair(demo, monkeypatch)
    assert [(where, message) for where, message, _ in found] == DEMO_FINDINGS


def test_upgraded_v1_database_findings_unchanged(tmp_path, monkeypatch):
    from kehoach.store.db import open_database

    path = tmp_path / "v1.db"
    shutil.copy(V1, path)
    database = open_database(path)
    try:
        plans = list(Plan.select())
        assert plans
        for plan in plans:
            _same_as_every_pair(plan, monkeypatch)
    finally:
        database.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_many_misspelt_names_found_as_comparing_every_pair(plan, monkeypatch, seed):
    rng = random.Random(seed)
    places = _names(rng, 300)
    partners = _names(rng, 300)
    n = min(len(places), len(partners))
    _fill(plan, places[:n], partners[:n])
    found = _same_as_every_pair(plan, monkeypatch)
    assert len(found) > 10  # the slips were found, not only matched against nothing


def test_the_rule6_cases_of_the_checks_tests(plan, monkeypatch):
    places = ["Nhà văn hóa thôn Nam Hương 1", "Nhà văn hóa thôn Nam Hương 2"]
    places += ["Nhà văn hóa thôn Đon Úy", "Nhà văn hóa thôn Đon Uý", "Nhà văn hóa Đon Úy"]
    partners = ["CB Hội nông dân xã", "CB Hộ nông dân xã", "CB hội nông dân xã", "", "CB HỘI"]
    _fill(plan, places, partners)
    found = _same_as_every_pair(plan, monkeypatch)
    assert len(found) == 2


def test_600_names_are_not_compared_pair_by_pair(plan, monkeypatch):
    """805 names took ~1 s and 1,605 names ~4 s: every pair was compared."""
    places = [f"Nhà văn hóa điểm {i}" for i in range(300)]
    partners = [f"Tổ chức phối hợp số {i}" for i in range(300)]
    _fill(plan, places, partners)
    calls = []
    real = checks._variant_kind

    def counted(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(checks, "_variant_kind", counted)
    check_plan(plan)
    names = 600 + 1  # the places, the partners and the target group
    assert len(calls) < 10 * names, f"{len(calls)} comparisons for {names} names"
