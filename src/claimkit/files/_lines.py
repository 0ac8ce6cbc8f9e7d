"""The line of each key in a claims file, found from the text when an error needs it.

:mod:`tomllib` and :mod:`json` parse the text but give no positions for what they
return. A :class:`LineIndex` finds the line of each key, with one pass of a regular
expression that finds the text's strings, comments and brackets (so that what is
inside a string never counts), the first time a line is asked for: reading a valid
file never builds it.

In TOML the lines indexed are those that start outside any string, array or inline
table: table headers (``[sources.rutte]``, ``[[claims]]``) and assignments
(``value = "..."``); keys inside inline tables fall back to the line of the key
that holds them. In JSON every member and array element is indexed. The parsers
do all the parsing and report syntax errors with their own lines; the index is
asked only about text that parsed.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Final, Literal

__all__ = ["KeyPath", "LineIndex", "format_path"]

#: A key path into a parsed claims file: ``("claims", 3, "value")``.
KeyPath = tuple[str | int, ...]

_TOML_TOKENS: Final = re.compile(
    r'(?P<string>"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\')'
    r"|(?P<comment>#[^\n]*)|(?P<open>[\[{])|(?P<close>[\]}])|(?P<newline>\n)",
    re.DOTALL,
)
_JSON_TOKENS: Final = re.compile(
    r'(?P<string>"(?:[^"\\]|\\.)*")|(?P<open>[\[{])|(?P<close>[\]}])|(?P<colon>:)'
    r'|(?P<comma>,)|(?P<newline>\n)|(?P<scalar>[^\s"\[\]{}:,]+)'
)
_PART: Final = r'[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\''
_PARTS: Final = re.compile(_PART)
_KEY: Final = rf"(?:{_PART})(?:[ \t]*\.[ \t]*(?:{_PART}))*"
_HEADER: Final = re.compile(rf"[ \t]*(\[\[?)[ \t]*({_KEY})[ \t]*\]")
_ASSIGNMENT: Final = re.compile(rf"[ \t]*({_KEY})[ \t]*=")
_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+\Z")


def format_path(path: KeyPath) -> str:
    """Return a key path as text: ``claims[3].value``, ``sources."a.b".name``.

    >>> format_path(("claims", 3, "value"))
    'claims[3].value'
    >>> format_path(("sources", "who.said", "name"))
    'sources."who.said".name'
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        key = part if _BARE_KEY.match(part) else json.dumps(part, ensure_ascii=False)
        out += f".{key}" if out else key
    return out


class LineIndex:
    """The line of each key path of a TOML or JSON text, found on first use."""

    def __init__(self, text: str, fmt: Literal["toml", "json"]) -> None:
        self.text = text
        self.fmt = fmt
        self._found: _Found | None = None

    @property
    def lines(self) -> dict[KeyPath, int]:
        """The line of each key path indexed."""
        return self._built().lines

    @property
    def duplicate(self) -> tuple[KeyPath, int] | None:
        """The first key written a second time in one JSON object, and that line."""
        return self._built().duplicate

    def _built(self) -> _Found:
        if self._found is None:
            self._found = (_toml_lines if self.fmt == "toml" else _json_lines)(self.text)
        return self._found

    def line(self, path: KeyPath) -> int | None:
        """Return the line of ``path``, or of its nearest indexed ancestor."""
        for end in range(len(path), 0, -1):
            found = self.lines.get(path[:end])
            if found is not None:
                return found
        return None


class _Found:
    """What one pass over a text found: the line of each key path, the first duplicate."""

    def __init__(self) -> None:
        self.lines: dict[KeyPath, int] = {}
        self.duplicate: tuple[KeyPath, int] | None = None

    def record(self, path: KeyPath, line: int) -> None:
        if path not in self.lines:
            self.lines[path] = line
        elif self.duplicate is None:
            self.duplicate = (path, line)


def _key_parts(key: str) -> tuple[str, ...]:
    """Split a TOML key (``a."b.c".'d'``) into its parts, unquoted."""
    parts = []
    for match in _PARTS.finditer(key):
        part = match.group()
        if part.startswith("'"):
            part = part[1:-1]
        elif part.startswith('"'):
            try:
                part = tomllib.loads(f"k = {part}")["k"]
            except tomllib.TOMLDecodeError:
                part = part[1:-1]  # the parser reports the bad escape
        parts.append(part)
    return tuple(parts)


def _toml_lines(text: str) -> _Found:
    """Index the tables and keys of TOML text by line."""
    starts = [(0, 1)]  # where lines begin outside any string, array or inline table
    depth, line = 0, 1
    for token in _TOML_TOKENS.finditer(text):
        kind = token.lastgroup
        if kind == "newline":
            line += 1
            if depth == 0:
                starts.append((token.end(), line))
        elif kind == "string":
            line += token.group().count("\n")
        elif kind == "open":
            depth += 1
        elif kind == "close":
            depth = max(depth - 1, 0)
    index = _Found()
    table: KeyPath = ()
    tables_in_array: dict[KeyPath, int] = {}
    for start, number in starts:
        header = _HEADER.match(text, start)
        assignment = None if header else _ASSIGNMENT.match(text, start)
        if header:
            table = _key_parts(header.group(2))
            if header.group(1) == "[[":
                count = tables_in_array.get(table, 0)
                tables_in_array[table] = count + 1
                table = (*table, count)
            path = table
        elif assignment:
            path = (*table, *_key_parts(assignment.group(1)))
        else:
            continue
        index.record(path, number)
    return index


def _json_lines(text: str) -> _Found:
    """Index the members and elements of JSON text by line, noting a duplicate key."""
    index = _Found()
    stack: list[tuple[KeyPath, bool, list[int]]] = []  # path, is an object, element count
    path: KeyPath = ()  # the path of the next value
    expect_key = starts_value = False
    line = 1
    for token in _JSON_TOKENS.finditer(text):
        kind = token.lastgroup
        if kind == "newline":
            line += 1
        elif kind == "close":
            if stack:
                stack.pop()
            expect_key = starts_value = False
        elif kind == "comma":
            if stack and stack[-1][1]:
                expect_key = True
            elif stack:
                stack[-1][2][0] += 1
                path, starts_value = (*stack[-1][0], stack[-1][2][0]), True
        elif kind == "colon":
            continue
        elif expect_key:
            expect_key = False
            if kind == "string" and stack:
                path = (*stack[-1][0], _json_key(token.group()))
                index.record(path, line)
        else:
            if starts_value:
                index.record(path, line)
                starts_value = False
            if kind == "open":
                is_object = token.group() == "{"
                stack.append((path, is_object, [0]))
                expect_key = is_object
                if not is_object:
                    path, starts_value = (*path, 0), True
    return index


def _json_key(token: str) -> str:
    try:
        key = json.loads(token)
    except ValueError:
        return token[1:-1]  # the parser reports the bad escape
    return key if isinstance(key, str) else token[1:-1]
