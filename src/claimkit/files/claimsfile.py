"""Claims files: a claim set in TOML (or JSON) that people can write and read.

A claims file holds the sources, the claims, the relations between quantities and
the hedge policy under which the claims' phrases are read. Values are written the
way the sources said them (``value = "over 1,000,000"``), or as explicit bounds;
periods as dates, as ``"2024-11"`` for a calendar month, or by the name of a
period defined once in the file. The format is described completely, key by key,
in the reference page *Claims files*.

:func:`load` and :func:`loads` read a file or a string into a
:class:`~claimkit.claims.claimset.ClaimSet`; :func:`dump` and :func:`dumps` write one.
What is written reads back as an equal claim set, and a claim whose value was
read from a phrase is written with that phrase again.

Reading uses the standard library's ``tomllib`` and ``json`` only. Input larger than
:data:`MAX_BYTES` is refused unread, and input nested deeper than :data:`MAX_DEPTH`
is refused (see the reference page for how nesting is limited). Every problem
raises :class:`~claimkit.errors.ClaimsFileError`, whose message names the file,
the line and the key path (``claims[3].value``) and says what was expected.

Examples
--------
>>> from claimkit.files.claimsfile import dumps, loads
>>> text = '''
... format_version = 1
...
... [sources.rutte]
... name = "Mark Rutte"
... relation = "independent"
...
... [[claims]]
... id = "rutte-total"
... measure = "casualties"
... subject = "both"
... start = 2022-02-24
... end = 2024-12-12
... value = "over one million"
... source = "rutte"
... '''
>>> claims = loads(text)
>>> print(claims["rutte-total"].value)
(1,000,000, inf) person
>>> loads(dumps(claims)) == claims
True
>>> loads(text.replace("over one million", "over one milion"))
Traceback (most recent call last):
...
claimkit.errors.ClaimsFileError: <string>, line 14, claims[0].value: cannot read the value ...
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, Literal

import tomli_w

from claimkit.claims.claimset import ClaimSet
from claimkit.claims.hedges import HedgePolicy
from claimkit.errors import ClaimsFileError, InvalidArgumentError, InvalidClaimError
from claimkit.files._lines import LineIndex
from claimkit.files._read import FORMAT_VERSION as _VERSION
from claimkit.files._read import Reader, parse
from claimkit.files._tablefile import TableFormat, read_table, write_table
from claimkit.files._write import HEADER, file_policy
from claimkit.files._write import document as build_document

__all__ = [
    "FORMAT_VERSION",
    "MAX_BYTES",
    "MAX_DEPTH",
    "Format",
    "dump",
    "dumps",
    "load",
    "loads",
]

#: The version of the claims-file format that this claimkit reads and writes.
FORMAT_VERSION: Final = _VERSION
#: The largest claims file read, in bytes (10 MiB); larger input is refused unread.
MAX_BYTES: Final = 10 * 1024 * 1024
#: The deepest nesting accepted in a claims file, as the longest key path
#: (``claims[0].span[1]`` is 4) and as the most parts of one dotted TOML key.
MAX_DEPTH: Final = 32

#: The two spellings of a claims file.
Format = Literal["toml", "json"]

_FORMATS: Final = ("toml", "json")
_SUFFIXES: Final = {".toml": "toml", ".json": "json"}
_TABLE_SUFFIXES: Final[dict[str, TableFormat]] = {".csv": "csv", ".parquet": "parquet"}


# --------------------------------------------------------------------------- reading


def load(
    path: str | os.PathLike[str],
    *,
    format: Format | TableFormat | None = None,
    policy: HedgePolicy | Mapping[str, Any] | None = None,
) -> ClaimSet:
    """Read a claims file into a :class:`~claimkit.claims.claimset.ClaimSet`.

    Parameters
    ----------
    path : str
        The file (a string or any ``os.PathLike``), UTF-8 encoded, at most
        :data:`MAX_BYTES` bytes.
    format : str, optional
        The file's format, ``"toml"`` or ``"json"``; by default taken from the
        suffix (``.toml`` or ``.json``).
    policy : HedgePolicy or dict, optional
        A :class:`~claimkit.claims.hedges.HedgePolicy` to read the phrases under instead of
        the file's ``[policy]``, or a mapping of policy fields to change in the
        file's policy (``{"approx_rel": 0.05}``).

    Returns
    -------
    ClaimSet
        The claims and relations of the file.

    Raises
    ------
    ClaimsFileError
        If the file is too large, not UTF-8, not valid TOML or JSON, nests too
        deeply, or does not follow the format; the message names the file, the
        line and the key path, and says what was expected.
    OSError
        If the file cannot be opened.
    InvalidArgumentError
        If ``policy`` is a mapping with an unknown field or a bad value.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from claimkit.files.claimsfile import load
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "nov.toml").write_text('''
    ... format_version = 1
    ... [[claims]]
    ... id = "nov"
    ... measure = "casualties"
    ... subject = "russia"
    ... period = "2024-11"
    ... value = "approximately 45,690"
    ... ''', encoding="utf-8")
    >>> claims = load(folder / "nov.toml")
    >>> print(claims["nov"].value, claims["nov"].period.days)
    [45,685, 45,695] person 30
    >>> print(load(folder / "nov.toml", policy={"rounding": "exact"})["nov"].value)
    [45,690, 45,690] person
    """
    name = os.fspath(path)
    table = _table_format(name, format)
    if table is not None:
        return read_table(name, table, policy, MAX_DEPTH)
    fmt = _format_of(name, format)
    try:
        size = Path(name).stat().st_size
    except OSError:
        size = 0  # opening reports the problem
    if size > MAX_BYTES:
        raise _too_large(size, name)
    with open(name, "rb") as stream:
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _too_large(len(data), name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        msg = (
            f"the file is not UTF-8 text: byte {data[err.start : err.start + 1]!r} at offset "
            f"{err.start} cannot be decoded; save the file as UTF-8"
        )
        raise ClaimsFileError(msg, path=name, line=line) from None
    return _read(text, fmt, name, policy)


def loads(
    text: str,
    *,
    format: Format = "toml",
    policy: HedgePolicy | Mapping[str, Any] | None = None,
    name: str | None = None,
) -> ClaimSet:
    r"""Read a claim set from the text of a claims file.

    Parameters
    ----------
    text : str
        The text, at most :data:`MAX_BYTES` bytes in UTF-8.
    format : str, default "toml"
        The format of ``text``, ``"toml"`` or ``"json"``.
    policy : HedgePolicy or dict, optional
        As for :func:`load`.
    name : str, optional
        What to call the text in error messages; default ``"<string>"``.

    Returns
    -------
    ClaimSet

    Raises
    ------
    ClaimsFileError
        As for :func:`load`.

    Examples
    --------
    >>> from claimkit.files.claimsfile import loads
    >>> claims = loads('''{
    ...   "format_version": 1,
    ...   "claims": [{"id": "nov", "measure": "casualties", "subject": "russia",
    ...               "period": "2024-11", "lo": 45000, "hi": 46000}]
    ... }''', format="json")
    >>> print(claims["nov"].value)
    [45,000, 46,000] person
    >>> loads('format_version = 1\nclaims = "none"\n')
    Traceback (most recent call last):
    ...
    claimkit.errors.ClaimsFileError: <string>, line 2, claims: expected an array of claim tables ...
    """
    given: object = text
    if not isinstance(given, str):
        msg = f"loads() reads a str, got {type(given).__name__}; use load() for a file"
        raise ClaimsFileError(msg, path=name)
    label = "<string>" if name is None else name
    fmt = _check_format(format)
    if len(text) > MAX_BYTES:
        raise _too_large(len(text), label)
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as err:
        line = text.count("\n", 0, err.start) + 1
        msg = (
            f"the text holds the lone surrogate {text[err.start]!r} at offset {err.start}, "
            "which is not a character: claims files are Unicode text"
        )
        raise ClaimsFileError(msg, path=label, line=line) from None
    if size > MAX_BYTES:
        raise _too_large(size, label)
    return _read(text.removeprefix("\ufeff"), fmt, label, policy)


def _too_large(size: int, name: str) -> ClaimsFileError:
    msg = (
        f"the input is {size:,} bytes or more; claims files are read up to "
        f"{MAX_BYTES:,} bytes (claimkit.files.claimsfile.MAX_BYTES): split it into several files"
    )
    return ClaimsFileError(msg, path=name)


def _check_format(fmt: object) -> Format:
    if fmt == "toml":
        return "toml"
    if fmt == "json":
        return "json"
    msg = f"format must be 'toml' or 'json', got {fmt!r}"
    raise ClaimsFileError(msg)


def _table_format(name: str, fmt: object) -> TableFormat | None:
    """Return ``"csv"`` or ``"parquet"`` when asked for, or by the suffix if not asked."""
    if fmt in ("csv", "parquet"):
        return "csv" if fmt == "csv" else "parquet"
    if fmt is None:
        return _TABLE_SUFFIXES.get(Path(name).suffix.lower())
    return None


def _format_of(name: str, fmt: object) -> Format:
    if fmt is not None:
        return _check_format(fmt)
    suffix = Path(name).suffix.lower()
    if suffix in _SUFFIXES:
        return _check_format(_SUFFIXES[suffix])
    msg = (
        f"cannot tell the format from the suffix {suffix!r}: name the file *.toml, "
        "*.json, *.csv or *.parquet, or pass format='toml' or format='json'"
    )
    raise ClaimsFileError(msg, path=name)


def _read(
    text: str, fmt: Format, name: str, policy: HedgePolicy | Mapping[str, Any] | None
) -> ClaimSet:
    lines = LineIndex(text, fmt)
    data = parse(text, fmt, name, lines, MAX_DEPTH)
    return Reader(data, lines, text, fmt, name).read(policy)


# --------------------------------------------------------------------------- writing


def dump(
    claimset: ClaimSet,
    path: str | os.PathLike[str],
    *,
    format: Format | TableFormat | None = None,
    policy: HedgePolicy | None = None,
) -> None:
    """Write a claim set to a claims file (UTF-8), replacing the file if it exists.

    Parameters
    ----------
    claimset : ClaimSet
        The claims and relations to write.
    path : str
        The file to write (a string or any ``os.PathLike``).
    format : str, optional
        ``"toml"`` or ``"json"``; by default taken from the suffix (``.toml`` or
        ``.json``).
    policy : HedgePolicy, optional
        The ``[policy]`` to write; see :func:`dumps`.

    Raises
    ------
    ClaimsFileError
        If the format cannot be told from the suffix.
    InvalidClaimError
        If two different sources in the claim set share one id (a file refers to
        sources by id).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import claimkit as ck
    >>> from claimkit.files.claimsfile import dump, load
    >>> claim = ck.Claim(id="nov", measure="casualties", subject="russia", kind="total",
    ...                  period=ck.Period.month(2024, 11),
    ...                  value=ck.Range.from_rounded("45,690", "person"))
    >>> path = Path(tempfile.mkdtemp()) / "claims.json"
    >>> dump(ck.ClaimSet([claim]), path)
    >>> load(path) == ck.ClaimSet([claim])
    True
    """
    name = os.fspath(path)
    table = _table_format(name, format)
    if table is not None:
        given: object = claimset
        if not isinstance(given, ClaimSet):
            msg = f"dump() writes a ClaimSet, got {type(given).__name__}"
            raise InvalidArgumentError(msg)
        write_table(claimset, name, table, policy)
        return
    text = dumps(claimset, format=_format_of(name, format), policy=policy)
    Path(name).write_text(text, encoding="utf-8")


def dumps(
    claimset: ClaimSet,
    *,
    format: Format = "toml",
    policy: HedgePolicy | None = None,
) -> str:
    """Return the text of a claims file for a claim set.

    Sources are written once each, in a ``[sources.<id>]`` table, and referred to by
    id. A calendar month, a calendar year or a single day is written as
    ``period = "2024-11"`` (``"2024"``, ``"2024-11-05"``), any other period with
    ``start`` and ``end``. A claim with a ``phrase``
    (as claims read from a file have) is written with that phrase when it still
    reads as the claim's value under ``policy``; other values are written as a
    printed range (``value = "[650,000, 750,000]"``), which reads back exactly. The
    text depends on ``claimset`` and ``policy`` alone.

    Parameters
    ----------
    claimset : ClaimSet
        The claims and relations to write.
    format : str, default "toml"
        The format to write, ``"toml"`` or ``"json"``.
    policy : HedgePolicy, optional
        The policy to write as ``[policy]``. By default the policy that most of the
        claims' phrases were read under (for a claim set read from a file, the
        file's policy), or ``HedgePolicy()`` if no claim has a phrase.

    Returns
    -------
    str
        The file's text; :func:`loads` reads it back as an equal claim set.

    Raises
    ------
    InvalidClaimError
        If two different sources in the claim set share one id, or a text field
        holds a lone surrogate (a string that is not valid Unicode).
    InvalidArgumentError
        If ``claimset`` is not a :class:`~claimkit.claims.claimset.ClaimSet`.

    Examples
    --------
    >>> import claimkit as ck
    >>> from claimkit.files.claimsfile import dumps
    >>> claim = ck.Claim(id="nov", measure="casualties", subject="russia", kind="total",
    ...                  period=ck.Period.month(2024, 11),
    ...                  value=ck.Range.from_rounded("45,690", "person"))
    >>> print(dumps(ck.ClaimSet([claim])).split("[[claims]]")[1])
    id = "nov"
    measure = "casualties"
    subject = "russia"
    kind = "total"
    period = "2024-11"
    unit = "person"
    value = "[45,685, 45,695]"
    <BLANKLINE>
    """
    fmt = _check_format(format)
    given: object = claimset
    if not isinstance(given, ClaimSet):
        msg = f"dumps() writes a ClaimSet, got {type(given).__name__}"
        raise InvalidArgumentError(msg)
    policy = file_policy(claimset) if policy is None else policy
    document = build_document(claimset, policy, fmt)
    if fmt == "json":
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    else:
        text = HEADER + tomli_w.dumps(document)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        msg = (
            f"a text field holds the lone surrogate {text[err.start]!r}, which is not a "
            "character and cannot be written to a claims file (near "
            f"{text[max(err.start - 30, 0) : err.start]!r})"
        )
        raise InvalidClaimError(msg) from None
    return text
