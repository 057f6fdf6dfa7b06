"""Is a database file's schema exactly one this program made?

The expected schema is not a list kept by hand: it is what the models create
(`create_tables(MODELS)` in a database in memory), read back the same way as the file's.
A file recorded at the current version must match it; a file at an older version is
accepted when the migration steps after its version bring it to exactly that schema (the
steps run in one transaction, which `verify` ends; see store/migrations.py). Adding a
migration step therefore needs nothing here.

Compared: every object in `sqlite_master`. Tables by their column and constraint
definitions (as a set: a column added by ALTER TABLE comes last, one made with the model
in its place), indexes by their definition; names are compared without their quotes and
everything outside string literals without case. Triggers, views and any object the
models do not make are refused, and so is a schema version that is not a whole number
this program knows.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .errors import KehoachError

_AROUND = re.compile(r" ?([(),]) ?")
_SPACES = re.compile(r" +")
Rows = Callable[[str], Iterable[tuple[Any, ...]]]
Schema = dict[tuple[str, str], object]

_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|\s+|[^'"`\[\s]+|.""", re.S)


class SchemaProblem(KehoachError):
    """The file's schema is not one this program made: what is wrong, as a clause
    ("it holds a trigger (x), …") in both languages; the caller says which file."""


def _rows_of(con: Any) -> Rows:
    """A function running one query on a sqlite3 connection or a peewee database."""
    run = getattr(con, "execute_sql", None) or con.execute
    return lambda sql: run(sql).fetchall()


def _normal(sql: str) -> str:
    """`sql` with identifiers unquoted, whitespace collapsed, case folded outside literals."""
    out = []
    for tok in _TOKEN.findall(sql):
        if tok.startswith("'"):
            out.append(tok)
        elif tok[0] in '"`[':
            out.append(tok[1:-1].replace('""', '"').lower())
        elif tok.isspace():
            out.append(" ")
        else:
            out.append(tok.lower())
    text = "".join(out).strip()
    return _SPACES.sub(" ", _AROUND.sub(r"\1", text))


def _split_top(body: str) -> list[str]:
    """The comma-separated parts of a (normalised) definition list, outside parentheses
    and literals."""
    parts, depth, start = [], 0, 0
    in_quote = False
    for i, ch in enumerate(body):
        if ch == "'":
            in_quote = not in_quote
        elif in_quote:
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    return [p.strip() for p in parts]


def _table_shape(sql: str) -> object:
    text = _normal(sql)
    open_at, close_at = text.find("("), text.rfind(")")
    if open_at < 0 or close_at < open_at:
        return text
    head, body, tail = text[:open_at], text[open_at + 1 : close_at], text[close_at + 1 :]
    return (head.strip(), frozenset(_split_top(body)), tail.strip())


def read_schema(con: Any) -> Schema:
    """The objects of a database as comparable shapes, keyed by (type, name)."""
    rows = _rows_of(con)
    shapes: Schema = {}
    for kind, name, table, sql in rows(_MASTER):
        key = (str(kind), str(name).lower())
        if sql is None:  # an index SQLite makes for a UNIQUE or PRIMARY KEY: the table says it
            shapes[key] = ("auto", str(table).lower())
        elif kind == "table":
            shapes[key] = _table_shape(sql)
        else:
            shapes[key] = _normal(sql)
    return shapes


_MASTER = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"


def expected_schema() -> Schema:
    """What the current models create, read back like a file's schema."""
    return _expected()[1]


@functools.cache
def _expected() -> tuple[list[tuple[str, str, str, str | None]], Schema]:
    """The rows of `sqlite_master` a database made by the current models has, and their
    shapes. Building them takes peewee ~10 ms, paid at every start-up; they are kept in the
    user's cache folder under a key made of the sources they depend on (the models, this
    module, peewee's and SQLite's versions): a changed model is never compared against an
    old schema."""
    cache = _cache_file(_cache_key())
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        return [tuple(row) for row in data["raw"]], _from_json(data["shapes"])
    except (OSError, ValueError, TypeError, KeyError):
        pass
    raw, shapes = _build_expected()
    with contextlib.suppress(OSError):
        cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"raw": raw, "shapes": _to_json(shapes)}), encoding="utf-8")
        os.replace(tmp, cache)
    return raw, shapes


def _cache_key() -> str:
    import sqlite3

    import peewee

    from . import models

    digest = hashlib.sha256()
    for source in (models.__file__, __file__):
        digest.update(Path(source).read_bytes())
    digest.update(f"{peewee.__version__} {sqlite3.sqlite_version}".encode())
    return digest.hexdigest()[:24]


def _cache_file(key: str) -> Path:
    # where platformdirs puts a user cache on Linux (not imported for this: ~6 ms)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kehoach" / f"schema-{key}.json"


def _to_json(shapes: Schema) -> list:
    out = []
    for (kind, name), shape in sorted(shapes.items()):
        if isinstance(shape, tuple) and len(shape) == 3:
            head, parts, tail = shape
            shape = {"head": head, "parts": sorted(parts), "tail": tail}
        elif isinstance(shape, tuple):
            shape = {"auto": shape[1]}
        out.append([kind, name, shape])
    return out


def _from_json(data: list) -> Schema:
    shapes: Schema = {}
    for kind, name, shape in data:
        if isinstance(shape, dict) and "parts" in shape:
            shape = (shape["head"], frozenset(shape["parts"]), shape["tail"])
        elif isinstance(shape, dict):
            shape = ("auto", shape["auto"])
        elif not isinstance(shape, str):
            raise TypeError(shape)
        shapes[(kind, name)] = shape
    return shapes


def _build_expected() -> tuple[list[tuple[str, str, str, str | None]], Schema]:
    import sqlite3

    from peewee import SchemaManager, SqliteDatabase

    from .models import MODELS

    memory = SqliteDatabase(":memory:")
    memory.connect()
    try:
        for model in MODELS:
            SchemaManager(model, memory).create_all(safe=False)
        con: sqlite3.Connection = memory.connection()
        return [tuple(row) for row in con.execute(_MASTER)], read_schema(con)
    finally:
        memory.close()


def _describe(key: tuple[str, str]) -> str:
    kind, name = key
    return f"{kind} {name}"


def check_objects(con: Any) -> int:
    """What can be said before any migration: no trigger, no view, nothing but tables and
    indexes, and a schema version that is a whole number this program knows. Returns it."""
    from .migrations import LATEST

    rows = _rows_of(con)
    kinds = {str(name): str(kind) for kind, name in rows("SELECT type, name FROM sqlite_master")}
    for name, kind in sorted(kinds.items()):
        if kind not in ("table", "index"):
            raise SchemaProblem(
                f"có {kind} ({name}), thứ kehoach không bao giờ tạo",
                f"it holds a {kind} ({name}), which kehoach never makes",
            )
    if kinds.get("schema_version") != "table":
        raise SchemaProblem("không có bảng schema_version", "it has no schema_version table")
    try:
        found = rows("SELECT typeof(version), version FROM schema_version")
    except Exception as exc:  # a table made with other columns
        raise SchemaProblem(
            f"không đọc được bảng schema_version ({exc})",
            f"its schema_version table cannot be read ({exc})",
        ) from None
    if not found:
        raise SchemaProblem("bảng schema_version rỗng", "its schema_version table is empty")
    if any(kind != "integer" for kind, _ in found):
        raise SchemaProblem(
            "phiên bản lược đồ không phải số nguyên", "its schema version is not a whole number"
        )
    version = max(int(v) for _, v in found)
    if version > LATEST:
        raise SchemaProblem(
            f"do bản kehoach mới hơn tạo (phiên bản {version}); hãy cập nhật chương trình",
            f"it was made by a newer kehoach (schema {version}); upgrade the program",
        )
    if version < 1:
        raise SchemaProblem(
            f"phiên bản lược đồ {version} không do kehoach tạo",
            f"its schema version {version} is not one kehoach made",
        )
    return version


def checked_version(con: Any) -> int:
    """`check_objects`, and at the current version the whole schema `verify`-ed: what can be
    said of a database before any migration (one at LATEST needs none). Its version."""
    from .migrations import LATEST

    version = check_objects(con)
    if version == LATEST:
        verify(con, version)
    return version


def verify(con: Any, version: int | None = None) -> None:
    """Raise SchemaProblem unless the schema is exactly the current models' (`version`:
    the version the file was recorded at, for the message)."""
    raw, wanted = _expected()
    if [tuple(row) for row in _rows_of(con)(_MASTER)] == raw:
        return  # made by these models, word for word
    found = read_schema(con)
    at = f" (schema {version})" if version is not None else ""
    for key in sorted(found.keys() - wanted.keys()):
        raise SchemaProblem(
            f"có {_describe(key)} mà kehoach không tạo{at}",
            f"its {_describe(key)} is not one kehoach makes{at}",
        )
    for key in sorted(wanted.keys() - found.keys()):
        raise SchemaProblem(f"thiếu {_describe(key)}{at}", f"its {_describe(key)} is missing{at}")
    for key in sorted(wanted):
        if found[key] != wanted[key]:
            raise SchemaProblem(
                f"{_describe(key)} khác với lược đồ của kehoach{at}",
                f"its {_describe(key)} is not as kehoach makes it{at}",
            )
