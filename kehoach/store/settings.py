"""Per-user settings remembered between sessions (Telex on/off, …), a small JSON file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def settings_path() -> Path:
    override = os.environ.get("KEHOACH_CONFIG")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("kehoach", appauthor=False)) / "settings.json"


def load_settings() -> dict[str, Any]:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(key: str, value: Any) -> None:
    """Remember one setting; a folder that cannot be written is not an error worth a crash."""
    data = load_settings()
    data[key] = value
    path = settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def southern_words() -> bool:
    """Amounts in words the southern way ("lẻ", "ngàn") instead of the northern default."""
    return bool(load_settings().get("southern_words", False))


def money_in_words(amount: int) -> str:
    """The amount in words as this user set it: what every screen and export prints."""
    from .vntext import read_money

    return read_money(amount, southern=southern_words())
