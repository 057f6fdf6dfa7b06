"""Big plans for the bench: the demo plan in the seed's text form, its month tables grown
to N activities with a chosen number of distinct place and partner names.

Each month keeps the seed's own rows first (so the month table opens on the same first
rows as the demo's), then generated rows after them; `kehoach import` reads the result.
"""

from __future__ import annotations

import random
import re

from kehoach.export.importer import seed_text

PROGRAMMES = ("KT", "PL", "SK", "MT", "VH-XH")
SYLLABLES = [
    "Bản",
    "Cầu",
    "Chè",
    "Dạ",
    "Đông",
    "Giang",
    "Hà",
    "Hin",
    "Hòa",
    "Hưng",
    "Khau",
    "Khuổi",
    "Lân",
    "Làng",
    "Lũng",
    "Mỏ",
    "Nà",
    "Nặm",
    "Pác",
    "Phai",
    "Pò",
    "Quang",
    "Sơn",
    "Tà",
    "Tân",
    "Thạch",
    "Thanh",
    "Tiến",
    "Vằng",
    "Yên",
]


def place_names(count: int) -> list[str]:
    """`count` distinct names of places (half) and partners (half): villages' halls and
    bodies, the way a plan names them."""
    pairs = [f"{a} {b}" for a in SYLLABLES for b in SYLLABLES if a != b]
    random.Random(21).shuffle(pairs)
    places = (count + 1) // 2
    names = [f"Nhà văn hóa thôn {p}" for p in pairs[:places]]
    names += [f"CB hội phụ nữ thôn {p}" for p in pairs[places:count]]
    return names


def _row(i: int, n_place: str, n_partner: str, rng: random.Random) -> str:
    code = PROGRAMMES[i % len(PROGRAMMES)]
    learners = rng.randint(60, 120)
    budget = rng.randint(60, 90) * 10_000
    cells = (
        "",
        f"Tập huấn chuyên đề số {i + 1} cho nhân dân ({code})",
        "Nhân dân trong xã",
        "01",
        str(learners),
        f"{budget:,}".replace(",", ".") + "đ",
        n_place,
        n_partner,
        "Tự mở",
    )
    return "| " + " | ".join(cells) + " |"


def plan_text(activities: int, names: int = 600) -> str:
    """The demo plan with `activities` rows in all (at least the seed's 24), their places
    and partners drawn from `names` distinct names."""
    text = seed_text()
    pool = place_names(names)
    places = pool[: (len(pool) + 1) // 2] or pool
    partners = pool[(len(pool) + 1) // 2 :] or pool
    rng = random.Random(activities * 1000 + names)
    extra = max(0, activities - 24)
    per_month = [extra // 12 + (1 if m < extra % 12 else 0) for m in range(12)]
    lines = text.split("\n")
    out: list[str] = []
    month = 0
    counter = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        if re.match(r"KẾ HOẠCH THÁNG \d+ NĂM", line):
            month = int(line.split()[3])
        elif (
            line.startswith("| ")
            and month
            and (i + 1 == len(lines) or not lines[i + 1].startswith("|"))
        ):
            # the month table's last row: the generated rows follow, numbered on
            stt = int(line.split("|")[1])
            for k in range(per_month[month - 1]):
                row = _row(
                    counter, places[counter % len(places)], partners[counter % len(partners)], rng
                )
                out.append(row.replace("|  |", f"| {stt + k + 1} |", 1))
                counter += 1
        i += 1
    return "\n".join(out)
