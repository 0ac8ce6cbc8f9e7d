r"""A small TOML writer for claims files.

The standard library reads TOML (:mod:`tomllib`) but does not write it. Claims
files have a fixed shape: top-level scalars and arrays of scalars, tables of
scalars (``[policy]``), tables of tables (``[sources.<id>]``) and arrays of tables
(``[[claims]]``). This module writes exactly that shape, with strings escaped as
TOML basic strings, floats that read back to the same value, and dates as TOML
local dates.

>>> import datetime
>>> print(write_toml({"format_version": 1, "claims": [{"id": "a", "quote": 'say "hi"',
...       "start": datetime.date(2024, 11, 1), "span": [0, 8]}]}), end="")
format_version = 1
<BLANKLINE>
[[claims]]
id = "a"
quote = "say \"hi\""
start = 2024-11-01
span = [0, 8]
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping
from typing import Any, Final

__all__ = ["write_toml"]

_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+\Z")
_SHORT_ESCAPES: Final = {
    "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\",
}  # fmt: skip
_NEEDS_ESCAPE: Final = re.compile(r'[\x00-\x1f"\\\x7f]')


def _string(text: str) -> str:
    """Return ``text`` as a TOML basic string: control characters, quotes, backslashes escaped."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return _SHORT_ESCAPES.get(char, f"\\u{ord(char):04X}")

    return '"' + _NEEDS_ESCAPE.sub(escape, text) + '"'


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _string(key)


def _float(x: float) -> str:
    if math.isnan(x):
        msg = "TOML claims files do not hold NaN"
        raise ValueError(msg)
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)  # always has a '.' or an exponent, and reads back exactly


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, datetime.datetime):
        msg = f"claims files hold dates, not date-times: {value!r}"
        raise TypeError(msg)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    msg = f"cannot write a {type(value).__name__} as a TOML value: {value!r}"
    raise TypeError(msg)


def _is_table(value: object) -> bool:
    return isinstance(value, Mapping)


def _is_table_array(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(_is_table(v) for v in value)


def _entries(table: Mapping[str, Any]) -> list[str]:
    return [f"{_key(key)} = {_value(value)}" for key, value in table.items()]


def write_toml(document: Mapping[str, Any], *, header: str = "") -> str:
    """Return ``document`` as TOML text.

    Top-level values that are neither tables nor arrays of tables come first; then
    each table (a table whose values are all tables becomes one ``[name.key]``
    section per entry), then each array of tables as ``[[name]]`` sections.
    """
    lines: list[str] = [header.rstrip("\n")] if header else []
    scalars = {k: v for k, v in document.items() if not _is_table(v) and not _is_table_array(v)}
    lines.extend(_entries(scalars))
    for key, value in document.items():
        if _is_table(value) and value:
            nested = all(_is_table(v) for v in value.values())
            sections = value.items() if nested else [(None, value)]
            for sub, table in sections:
                name = _key(key) if sub is None else f"{_key(key)}.{_key(sub)}"
                lines.extend(["", f"[{name}]", *_entries(table)])
        elif _is_table_array(value):
            for table in value:
                lines.extend(["", f"[[{_key(key)}]]", *_entries(table)])
    return "\n".join(lines) + "\n"
