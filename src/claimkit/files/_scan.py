"""Scanners for claims files: nesting depth and the line of each key, before parsing.

:mod:`tomllib` and :mod:`json` give no positions for the values they return, and
both recurse (or worse) on deeply nested input. The scanners here make one linear
pass over the text *before* it is parsed: they measure how deeply it nests (so
that hostile input is refused before a parser sees it) and record the line on
which each key of the claims-file schema is written, so that a validation error
can say where the offending key is.

They are tolerant: on text they cannot follow they stop recording and leave the
syntax error to the real parser, which reports it with its own line number.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["KeyPath", "Scan", "TooDeep", "format_path", "scan_json", "scan_toml"]

#: A key path into a parsed claims file: ``("claims", 3, "value")``.
KeyPath = tuple[str | int, ...]

_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")
_BARE_KEY_FULL: Final = re.compile(r"[A-Za-z0-9_-]+\Z")
_BASIC_STRING: Final = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL_STRING: Final = re.compile(r"'[^'\n]*'")
_JSON_STRING: Final = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SPACE: Final = re.compile(r"[ \t]*")
_JSON_SPACE: Final = re.compile(r"[ \t\r\n]*")
_JSON_SCALAR: Final = re.compile(r"[^,\]}\s]+")
_ESCAPES: Final = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


class TooDeep(Exception):  # noqa: N818 -- internal signal, turned into ClaimsFileError
    """Raised by the scanners when the text nests deeper than allowed."""

    def __init__(self, line: int, depth: int) -> None:
        super().__init__(line, depth)
        self.line = line
        self.depth = depth


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
        key = part if _BARE_KEY_FULL.match(part) else '"' + _escape_key(part) + '"'
        out += f".{key}" if out else key
    return out


def _escape_key(key: str) -> str:
    return key.replace("\\", "\\\\").replace('"', '\\"')


class Scan:
    """What a scan found: the line of each key path, and the deepest nesting."""

    def __init__(self) -> None:
        self.lines: dict[KeyPath, int] = {}
        self.duplicate: tuple[KeyPath, int] | None = None

    def record(self, path: KeyPath, line: int) -> None:
        if path in self.lines:
            if self.duplicate is None:
                self.duplicate = (path, line)
            return
        self.lines[path] = line

    def line(self, path: KeyPath) -> int | None:
        """Return the line of ``path``, or of its nearest recorded ancestor."""
        for end in range(len(path), 0, -1):
            found = self.lines.get(path[:end])
            if found is not None:
                return found
        return None


class _Scanner:
    """What both scanners keep: the text, the position and line, the limit, the findings."""

    def __init__(self, text: str, max_depth: int) -> None:
        self.text = text
        self.i = 0
        self.line = 1
        self.max_depth = max_depth
        self.scan = Scan()


# --------------------------------------------------------------------------- TOML


class _TomlScanner(_Scanner):
    """A forgiving one-pass reader of TOML's structure (keys, headers, brackets)."""

    def __init__(self, text: str, max_depth: int) -> None:
        super().__init__(text, max_depth)
        self.table: KeyPath = ()
        self.arrays: dict[KeyPath, int] = {}

    def run(self) -> Scan:
        text = self.text
        while self.i < len(text):
            self.skip_blank()
            if self.i >= len(text):
                break
            char = text[self.i]
            if char == "\n":
                self.newline()
            elif char == "#":
                self.skip_comment()
            elif char == "[":
                if not self.header():
                    break
            elif not self.assignment():
                break
        return self.scan

    # -- lexing helpers ---------------------------------------------------------------

    def skip_blank(self) -> None:
        match = _SPACE.match(self.text, self.i)
        self.i = match.end() if match else self.i
        if self.text.startswith("\r\n", self.i):
            self.i += 1

    def newline(self) -> None:
        self.i += 1
        self.line += 1

    def skip_comment(self) -> None:
        end = self.text.find("\n", self.i)
        self.i = len(self.text) if end < 0 else end

    def check_depth(self, depth: int) -> None:
        if depth > self.max_depth:
            raise TooDeep(self.line, depth)

    def key(self) -> list[str] | None:
        """Read a dotted key at ``i``; return its parts, or None if it is not one."""
        parts: list[str] = []
        while True:
            self.skip_blank()
            part = self.key_part()
            if part is None:
                return None
            parts.append(part)
            self.check_depth(len(self.table) + len(parts))
            self.skip_blank()
            if not self.text.startswith(".", self.i):
                return parts
            self.i += 1

    def key_part(self) -> str | None:
        text = self.text
        for pattern in (_BARE_KEY, _BASIC_STRING, _LITERAL_STRING):
            match = pattern.match(text, self.i)
            if match:
                self.i = match.end()
                token = match.group()
                if token[0] == '"':
                    return _unescape(token[1:-1])
                if token[0] == "'":
                    return token[1:-1]
                return token
        return None

    def string(self) -> bool:
        """Skip a string value of any of TOML's four kinds; False if it is unterminated."""
        text = self.text
        quote = text[self.i]
        if text.startswith(quote * 3, self.i):
            end = self.i + 3
            while True:
                end = text.find(quote * 3, end)
                if end < 0:
                    return False
                if quote == '"' and _escaped(text, end):
                    end += 1
                    continue
                break
            while text.startswith(quote, end + 3):  # up to two quotes may close the content
                end += 1
            self.line += text.count("\n", self.i, end)
            self.i = end + 3
            return True
        pattern = _BASIC_STRING if quote == '"' else _LITERAL_STRING
        match = pattern.match(text, self.i)
        if not match:
            return False
        self.i = match.end()
        return True

    # -- structure ----------------------------------------------------------------------

    def header(self) -> bool:
        array = self.text.startswith("[[", self.i)
        self.i += 2 if array else 1
        self.table = ()
        parts = self.key()
        closing = "]]" if array else "]"
        if parts is None or not self.text.startswith(closing, self.i):
            return False
        self.i += len(closing)
        path: KeyPath = tuple(parts)
        if array:
            index = self.arrays.get(path, 0)
            self.arrays[path] = index + 1
            path = (*path, index)
        self.table = path
        self.scan.record(path, self.line)
        return True

    def assignment(self) -> bool:
        parts = self.key()
        if parts is None or not self.text.startswith("=", self.i):
            return False
        self.i += 1
        self.scan.record((*self.table, *parts), self.line)
        return self.value(len(self.table) + len(parts))

    def value(self, depth: int) -> bool:
        """Skip one value, nested arrays and inline tables included."""
        text = self.text
        stack: list[str] = []
        while self.i < len(text):
            self.skip_blank()
            if self.i >= len(text):
                return True
            char = text[self.i]
            if char == "\n":
                if not stack:
                    return True
                self.newline()
            elif char == "#":
                self.skip_comment()
            elif char in "\"'":
                if not self.string():
                    return False
            elif char in "[{":
                stack.append(char)
                self.check_depth(depth + len(stack))
                self.i += 1
                if char == "{" and not self.inline_key(depth + len(stack)):
                    return False
            elif char in "]}":
                if not stack:
                    return False
                stack.pop()
                self.i += 1
                if not stack:
                    return True
            elif char == ",":
                self.i += 1
                if stack and stack[-1] == "{" and not self.inline_key(depth + len(stack)):
                    return False
            else:
                self.i += 1
        return True

    def inline_key(self, depth: int) -> bool:
        """Read the key of an inline table's entry (nothing if the table closes here)."""
        self.skip_blank()
        if self.text.startswith("}", self.i):
            return True
        saved = self.table
        self.table = ()
        parts = self.key()
        self.table = saved
        if parts is None or not self.text.startswith("=", self.i):
            return False
        self.check_depth(depth + len(parts))
        self.i += 1
        return True


def _escaped(text: str, index: int) -> bool:
    """Whether the character at ``index`` is escaped by an odd run of backslashes."""
    run = 0
    while index - run - 1 >= 0 and text[index - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _unescape(body: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char != "\\" or i + 1 >= len(body):
            out.append(char)
            i += 1
            continue
        code = body[i + 1]
        width = {"u": 4, "U": 8}.get(code)
        if width is not None:
            try:
                out.append(chr(int(body[i + 2 : i + 2 + width], 16)))
            except ValueError:
                out.append(body[i : i + 2 + width])
            i += 2 + width
            continue
        out.append(_ESCAPES.get(code, code))
        i += 2
    return "".join(out)


def scan_toml(text: str, *, max_depth: int) -> Scan:
    """Scan TOML text: the line of each key and table, and its nesting depth.

    Raises
    ------
    TooDeep
        If a key or value nests deeper than ``max_depth``.
    """
    return _TomlScanner(text, max_depth).run()


# --------------------------------------------------------------------------- JSON


def scan_json(text: str, *, max_depth: int) -> Scan:
    """Scan JSON text: the line of each member and element, and its nesting depth.

    Duplicate keys in one object are noted in ``Scan.duplicate``.

    Raises
    ------
    TooDeep
        If containers nest deeper than ``max_depth``.
    """
    return _JsonScanner(text, max_depth).run()


class _JsonScanner(_Scanner):
    """A forgiving one-pass reader of JSON's structure (members, elements, brackets)."""

    def __init__(self, text: str, max_depth: int) -> None:
        super().__init__(text, max_depth)
        # Each open container: its path, whether it is an object, its next array index.
        self.stack: list[tuple[KeyPath, bool, list[int]]] = []
        self.pending: KeyPath | None = ()

    def skip_space(self) -> None:
        match = _JSON_SPACE.match(self.text, self.i)
        if match:
            self.line += self.text.count("\n", self.i, match.end())
            self.i = match.end()

    def run(self) -> Scan:
        text = self.text
        while True:
            self.skip_space()
            if self.i >= len(text):
                break
            char = text[self.i]
            if char in "[{":
                if not self.open(char):
                    break
            elif char in "]}":
                if not self.stack:
                    break
                self.stack.pop()
                self.i += 1
                self.pending = None
            elif char == ",":
                self.i += 1
                if not self.stack or not self.next_item():
                    break
            elif not self.scalar():
                break
        return self.scan

    def open(self, char: str) -> bool:
        path = self.pending if self.pending is not None else ()
        self.stack.append((path, char == "{", [0]))
        if len(self.stack) > self.max_depth:
            raise TooDeep(self.line, len(self.stack))
        self.i += 1
        return self.next_item()

    def next_item(self) -> bool:
        """Record the next member or element of the innermost container."""
        path, is_object, counter = self.stack[-1]
        self.skip_space()
        if self.text.startswith("]}"[is_object], self.i):
            self.pending = None
            return True
        if not is_object:
            self.pending = (*path, counter[0])
            counter[0] += 1
            self.scan.record(self.pending, self.line)
            return True
        string = _JSON_STRING.match(self.text, self.i)
        if not string:
            return False
        self.pending = (*path, _json_key(string.group()))
        self.scan.record(self.pending, self.line)
        self.line += string.group().count("\n")
        self.i = string.end()
        self.skip_space()
        if not self.text.startswith(":", self.i):
            return False
        self.i += 1
        return True

    def scalar(self) -> bool:
        pattern = _JSON_STRING if self.text[self.i] == '"' else _JSON_SCALAR
        match = pattern.match(self.text, self.i)
        if not match:
            return False
        self.line += match.group().count("\n")
        self.i = match.end()
        self.pending = None
        return True


def _json_key(token: str) -> str:
    import json

    try:
        key = json.loads(token)
    except ValueError:
        return token[1:-1]
    return key if isinstance(key, str) else token[1:-1]
