"""Parsing a claims file's text: TOML or JSON, with its depth and integers checked.

:func:`parse` turns the text into Python data, or raises a
:class:`~claimkit.errors.ClaimsFileError` with the parser's line; :func:`describe`
says what a parsed value is in the words of its format, for the reader's messages.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
import sys
import tomllib
from decimal import Decimal
from typing import Any, Final, Literal

from claimkit.errors import ClaimsFileError
from claimkit.files._lines import KeyPath, LineIndex, format_path

__all__ = ["FileFormat", "brief", "describe", "parse"]

FileFormat = Literal["toml", "json"]


def parse(text: str, fmt: FileFormat, name: str, index: LineIndex,
          max_depth: int) -> dict[str, Any]:  # fmt: skip
    """Parse the text with :mod:`tomllib` or :mod:`json`; check its depth and strings.

    Nesting is limited three ways: before parsing TOML, a key of more than
    ``max_depth`` dotted parts is refused (:mod:`tomllib` spends time and memory
    quadratic in their number); a parser that recurses too deeply on nested arrays,
    tables or objects raises RecursionError, which is refused; and what parses is
    walked (without recursion) and refused if it nests deeper than ``max_depth``.
    """
    if fmt == "toml" and (deep := _long_key_in(text, max_depth)) is not None:
        msg = (
            f"a key of more than {max_depth} dotted parts; claims files nest at most "
            f"{max_depth} levels (claimkit.files.claimsfile.MAX_DEPTH)"
        )
        raise ClaimsFileError(msg, path=name, line=text.count("\n", 0, deep.start()) + 1)
    try:
        data = _parse_toml(text, name) if fmt == "toml" else _parse_json(text, name, index)
    except RecursionError:
        msg = (
            f"the input nests too deeply to be parsed; claims files nest at most {max_depth} "
            "levels (claimkit.files.claimsfile.MAX_DEPTH)"
        )
        raise ClaimsFileError(msg, path=name) from None
    _check_tree(data, name, index, max_depth)
    return data


@functools.cache
def _long_key(max_depth: int) -> re.Pattern[str]:
    """Match a TOML key of more than ``max_depth`` parts (anywhere, strings too)."""
    part = r"""(?:[A-Za-z0-9_-]++|"(?:[^"\\\n]|\\.)*+"|'[^'\n]*+')"""
    return re.compile(rf"(?<![A-Za-z0-9_-]){part}(?:[ \t]*+\.[ \t]*+{part}){{{max_depth}}}")


def _long_key_in(text: str, max_depth: int) -> re.Match[str] | None:
    """Return the first TOML key of more than ``max_depth`` dotted parts, if any.

    Such a key has ``max_depth`` dots at least: text with fewer (a table's header,
    whose relations may run to megabytes) is not searched.

    Examples
    --------
    >>> from claimkit.files._parse import _long_key_in
    >>> _long_key_in("a.b.c = 1", 2).group()
    'a.b.c'
    >>> _long_key_in("a.b = 1", 2) is None
    True
    """
    if text.count(".") < max_depth:
        return None
    return _long_key(max_depth).search(text)


def _parse_toml(text: str, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"\(at line (\d+), column \d+\)", str(err))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "",
                        str(err))  # fmt: skip
        line = int(found.group(1)) if found else text.count("\n") + 1
        msg = f"not valid TOML: {reason}; see https://toml.io for the syntax"
        raise ClaimsFileError(msg, path=name, line=line) from None
    except ValueError:  # an integer longer than int() reads
        limit = sys.get_int_max_str_digits()
        long = re.search(rf"[0-9][0-9_]{{{limit},}}", text)
        at = None if long is None else text.count("\n", 0, long.start()) + 1
        msg = (
            f"an integer with too many digits (more than {limit:,}); claims files hold "
            f"numbers up to about {sys.float_info.max:.1e}"
        )
        raise ClaimsFileError(msg, path=name, line=at) from None


class _DuplicateKey(Exception):  # noqa: N818 -- internal signal, turned into ClaimsFileError
    """Raised while parsing JSON when one object has a key twice."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    table = dict(pairs)
    if len(table) != len(pairs):
        raise _DuplicateKey
    return table


def _integer(digits: str) -> int | Decimal:
    """Read a JSON integer; one too long for ``int`` is kept as a Decimal, refused later."""
    try:
        return int(digits)
    except ValueError:
        return Decimal(digits)


def _parse_json(text: str, name: str, index: LineIndex) -> dict[str, Any]:
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_int=_integer)
    except json.JSONDecodeError as err:
        msg = f"not valid JSON: {err.msg} (column {err.colno})"
        raise ClaimsFileError(msg, path=name, line=err.lineno) from None
    except _DuplicateKey:
        path, line = index.duplicate or ((), None)
        msg = (
            f"the key {path[-1] if path else ''!r} appears twice in one object; JSON readers "
            "keep only one of them, so write it once"
        )
        raise ClaimsFileError(msg, path=name, line=line, field=format_path(path) or None) from None
    if not isinstance(data, dict):
        msg = f"expected a JSON object at the top, got {describe(data, 'json')}"
        raise ClaimsFileError(msg, path=name, line=1)
    return data


_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _check_tree(data: dict[str, Any], name: str, index: LineIndex, max_depth: int) -> None:
    """Refuse nesting deeper than ``max_depth``, and strings with lone surrogates.

    JSON's u-escapes can make lone surrogates. The walk is iterative, so that deep
    input cannot exhaust the stack. The tree is first walked a level at a time
    without the keys' paths; only a tree refused is walked again with them, to say
    where.
    """
    if not _fits(data, max_depth):
        _refuse(data, name, index, max_depth)


def _refuse(data: dict[str, Any], name: str, index: LineIndex, max_depth: int) -> None:
    """Raise the error of the first value too deep or string with a lone surrogate, if any."""
    pending: list[tuple[KeyPath, object]] = [((), data)]
    while pending:
        path, value = pending.pop()
        if len(path) > max_depth:
            where = path[: max_depth + 1]
            msg = (
                f"the input nests more than {max_depth} levels deep here; claims files nest "
                f"at most {max_depth} levels (claimkit.files.claimsfile.MAX_DEPTH)"
            )
            raise ClaimsFileError(msg, path=name, line=index.line(where), field=format_path(where))
        if isinstance(value, str):
            found = _SURROGATE.search(value)
            if found:
                msg = (
                    f"the string {value!r} holds the lone surrogate {found.group()!r}, which "
                    "is not a character: write the character itself, or a pair of \\u escapes"
                )
                raise ClaimsFileError(msg, path=name, line=index.line(path),
                                      field=format_path(path) or None)  # fmt: skip
        elif isinstance(value, dict):
            pending.extend(((*path, k), k) for k in value)  # keys are strings too
            pending.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            pending.extend(((*path, i), v) for i, v in enumerate(value))


def _fits(data: dict[str, Any], max_depth: int) -> bool:
    """Return whether no value nests deeper than ``max_depth`` and no string has a lone surrogate.

    A dictionary's keys are a level below it, as its values are.
    """
    level: list[object] = [data]
    depth = 0
    while level:
        if depth > max_depth:
            return False
        below: list[object] = []
        strings: list[str] = []
        for value in level:
            if isinstance(value, str):
                strings.append(value)
            elif isinstance(value, dict):
                below.extend(value)
                below.extend(value.values())
            elif isinstance(value, list):
                below.extend(value)
        if _SURROGATE.search("".join(strings)):
            return False
        level = below
        depth += 1
    return True


def describe(value: object, fmt: FileFormat) -> str:
    """Describe a parsed value's type in the words of the format."""
    kinds: list[tuple[type, str]] = [
        (bool, "a boolean"),
        (int, "an integer"),
        (float, "a number" if fmt == "json" else "a float"),
        (str, "a string"),
        (datetime.datetime, "a date-time"),
        (datetime.date, "a date"),
        (datetime.time, "a time"),
        (list, "an array"),
        (dict, "an object" if fmt == "json" else "a table"),
    ]
    for kind, words in kinds:
        if isinstance(value, kind):
            if kind in (dict, list):
                return words
            return f"{words} {brief(value)}"
    if isinstance(value, Decimal):
        return f"an integer {brief(value)}"
    return "null" if value is None else type(value).__name__


def brief(value: object) -> str:
    """Return a parsed value as it is written in a file, shortened to about 60 characters."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    text = str(value) if isinstance(value, Decimal) else repr(value)
    if len(text) <= 60:
        return text
    more = f"... ({len(text):,} digits)" if isinstance(value, Decimal) else "..."
    return text[:57] + more
