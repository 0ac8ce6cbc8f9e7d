"""Reading claims files: the checks behind :func:`claimkit.files.claimsfile.load`, key by key.

The parsed TOML or JSON is walked once; each key is checked for its type and
meaning, and every problem becomes a :class:`~claimkit.errors.ClaimsFileError`
naming the file, the line (from :mod:`claimkit.files._lines`) and the key path.
"""

from __future__ import annotations

import datetime
import difflib
import json
import math
import re
import sys
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from claimkit.claims._ratio_phrases import parse_ratio
from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.claims.hedges import HedgePolicy, parse_quantity
from claimkit.claims.quantity import Quantity
from claimkit.claims.relations import Sum
from claimkit.claims.source import Source
from claimkit.errors import (
    ClaimkitError,
    ClaimsFileError,
    InvalidArgumentError,
    InvalidPeriodError,
    PhraseError,
    UnitError,
)
from claimkit.files._lines import KeyPath, LineIndex, format_path
from claimkit.files._parse import FileFormat, brief, parse
from claimkit.files._parse import describe as _kind
from claimkit.values.period import Period
from claimkit.values.range import Range
from claimkit.values.units import define_count_unit, normalize_unit

__all__ = [
    "DEFAULT_UNIT",
    "FORMAT_VERSION",
    "RATIO_UNIT",
    "FileFormat",
    "Reader",
    "apply_changes",
    "calendar_period",
    "parse",
    "read_phrase",
]

FORMAT_VERSION: Final = 1
DEFAULT_UNIT: Final = "person"
#: The unit of a ratio claim's value when the file gives none.
RATIO_UNIT: Final = "dimensionless"
_NAME: Final = re.compile(r"[a-z][a-z0-9_-]*\Z")
_YEAR: Final = re.compile(r"\d{4}\Z")
_MONTH: Final = re.compile(r"(\d{4})-(\d{2})\Z")
_QUARTER: Final = re.compile(r"(\d{4})-[Qq](\d)\Z")
_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}\Z")

_TOP_KEYS: Final = ("format_version", "count_units", "policy", "sources", "periods", "claims",
                    "relations")  # fmt: skip
_SOURCE_KEYS: Final = ("name", "role", "date", "venue", "url", "relation", "weight")
_PERIOD_KEYS: Final = ("period", "start", "end", "since", "until", "week_ending")
_VALUE_KEYS: Final = ("unit", "value", "lo", "hi", "lo_open", "hi_open")
_CLAIM_KEYS: Final = ("id", "measure", "subject", "kind", *_PERIOD_KEYS, *_VALUE_KEYS,
                      "reading", "of", "basis", "source", "quote", "span", "note")  # fmt: skip
_OF_KEYS: Final = ("measure", "subject", *_PERIOD_KEYS)
_RELATION_KEYS: Final = ("total", "parts", "over")
_POLICY_KEYS: Final = tuple(field.name for field in attrs.fields(HedgePolicy))
_PERIOD_FORMS: Final = (
    'period = "2024-11" (a calendar month; "2024" is a year, "2025-Q1" a quarter, '
    '"2024-11-05" a day, and a name refers to a [periods] entry), start and end (end '
    "exclusive), since and until "
    "(until exclusive), or week_ending (the 7 days ending on that date)"
)


def read_phrase(
    phrase: str, unit: str | None, policy: HedgePolicy, *, ratio: bool
) -> tuple[Range, str | None]:
    """Return what a claim's ``value`` phrase reads as, and the denominator it names.

    A count is read by :func:`~claimkit.claims.hedges.parse_quantity` in ``unit``
    (``person`` if None). A ratio is read in ``unit`` when it is given and the phrase
    is a plain figure (``"at least 20"`` percent), else by
    :func:`~claimkit.claims._ratio_phrases.parse_ratio` (``"about 70%"``, ``"one
    killed for every three wounded"``), which must then read in ``unit`` if given;
    the second item is the denominator's noun when the phrase names one.

    Raises
    ------
    PhraseError
        If the phrase cannot be read.
    UnitError
        If a ratio phrase reads in another unit than ``unit``.
    """
    if not ratio:
        return parse_quantity(phrase, DEFAULT_UNIT if unit is None else unit, policy=policy), None
    if unit is not None:
        try:
            return parse_quantity(phrase, unit, policy=policy), None
        except PhraseError:
            pass
    reading = parse_ratio(phrase, policy=policy)
    if unit is not None and reading.value.unit != normalize_unit(unit):
        msg = (
            f"the phrase {phrase!r} reads as {reading.value}, in {reading.value.unit!r}, not "
            f"in the unit {unit!r} given: leave the unit out, or give the value in {unit!r}"
        )
        raise UnitError(msg, unit=unit)
    return reading.value, reading.denominator


def calendar_period(text: str) -> Period | None:
    """Return the period that ``"2024"``, ``"2025-Q1"``, ``"2024-11"`` or ``"2024-11-05"`` is.

    A year, a calendar quarter, a month or a day. Returns None for text of another
    form; raises InvalidPeriodError for a quarter, a month or a day that does not exist
    (``"2025-Q5"``, ``"2024-13"``, ``"2024-02-30"``).
    """
    month = _MONTH.match(text)
    quarter = _QUARTER.match(text)
    if _YEAR.match(text):
        return Period.year(int(text))
    if quarter:
        return Period.quarter(int(quarter.group(1)), int(quarter.group(2)))
    if month:
        return Period.month(int(month.group(1)), int(month.group(2)))
    if _DAY.match(text):
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError as err:
            raise InvalidPeriodError(f"{text!r} is not a date: {err}") from None
        return Period.day(day)
    return None


def _suggest(key: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Reader:
    """Turns the parsed data of one claims file into a ClaimSet, checking as it goes."""

    def __init__(
        self, data: dict[str, Any], index: LineIndex, text: str, fmt: FileFormat, name: str
    ):
        self.data = data
        self.index = index
        self.text = text
        self.fmt = fmt
        self.name = name
        self.table = "object" if fmt == "json" else "table"
        self.claim_ids: dict[int, str] = {}

    # -- errors ---------------------------------------------------------------------

    def fail(self, path: KeyPath, message: str) -> ClaimsFileError:
        return ClaimsFileError(message, path=self.name, line=self.line(path),
                               field=format_path(path) or None)  # fmt: skip

    def line(self, path: KeyPath) -> int | None:
        for end in range(len(path), 2, -1):  # the key, or one holding it inside a claim
            exact = self.index.lines.get(path[:end])
            if exact is not None:
                return exact
        exact = self.index.lines.get(path)
        if exact is not None:
            return exact
        if len(path) >= 2 and path[0] == "claims" and isinstance(path[1], int):
            claim_id = self.claim_ids.get(path[1])
            if claim_id is not None:
                found = self._find_id(claim_id)
                if found is not None:
                    return found
        return self.index.line(path)

    def _find_id(self, claim_id: str) -> int | None:
        if self.fmt == "json":
            pattern = r'"id"\s*:\s*' + re.escape(json.dumps(claim_id)) + r"\s*[,}]"
        else:
            quoted = "|".join(re.escape(q + claim_id + q) for q in ('"', "'"))
            pattern = r"(?:^|[\s{,])id\s*=\s*(?:" + quoted + ")"
        match = re.search(pattern, self.text)
        return None if match is None else self.text.count("\n", 0, match.start()) + 1

    def expected(self, path: KeyPath, value: object, what: str) -> ClaimsFileError:
        return self.fail(path, f"expected {what}, got {_kind(value, self.fmt)}")

    # -- typed access ------------------------------------------------------------------

    def mapping(
        self, value: object, path: KeyPath, keys: Iterable[str], what: str
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.expected(path, value, f"a {self.table} of {what}")
        allowed = tuple(keys)
        for key in value:
            if key not in allowed:
                msg = (
                    f"unknown key {key!r}{_suggest(key, allowed)}; the keys of {what} are "
                    + ", ".join(allowed)
                )
                raise self.fail((*path, key), msg)
        return value

    def required(self, table: dict[str, Any], path: KeyPath, key: str, what: str) -> Any:
        if key not in table:
            raise self.fail(path, f"missing key {key!r}: expected {what}")
        return table[key]

    def string(self, table: dict[str, Any], path: KeyPath, key: str, *,
               required: bool = False) -> str | None:  # fmt: skip
        if key not in table:
            if required:
                raise self.fail(path, f"missing key {key!r}: expected a string")
            return None
        value = table[key]
        if not isinstance(value, str):
            raise self.expected((*path, key), value, "a string")
        return value

    def choice(self, table: dict[str, Any], path: KeyPath, key: str,
               options: tuple[str, ...]) -> str | None:  # fmt: skip
        value = self.string(table, path, key)
        if value is not None and value not in options:
            listed = ", ".join(repr(o) for o in options[:-1]) + f" or {options[-1]!r}"
            msg = f"{value!r} is not one of {listed}{_suggest(value, options)}"
            raise self.fail((*path, key), msg)
        return value

    def number(self, table: dict[str, Any], path: KeyPath, key: str) -> float | None:
        if key not in table:
            return None
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise self.expected((*path, key), value, "a number")
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if math.isinf(number) and not isinstance(value, float):
            msg = (
                f"the number {brief(value)} is too large: claims files hold numbers up to "
                f"about {sys.float_info.max:.1e}; for an unbounded end leave the key out"
            )
            raise self.fail((*path, key), msg)
        return number

    def flag(self, table: dict[str, Any], path: KeyPath, key: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            raise self.expected((*path, key), value, "true or false")
        return value

    def date(self, table: dict[str, Any], path: KeyPath, key: str) -> datetime.date | None:
        if key not in table:
            return None
        value = table[key]
        where = (*path, key)
        if isinstance(value, datetime.datetime):
            msg = (
                f"expected a date, got the date-time {value.isoformat()!r}; periods are "
                f"whole days, so write the date alone: {value.date().isoformat()}"
            )
            raise self.fail(where, msg)
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str) and _DAY.match(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError as err:
                raise self.fail(where, f"{value!r} is not a date: {err}") from None
        form = '"2024-12-12"' if self.fmt == "json" else '2024-12-12 (or "2024-12-12")'
        raise self.expected(where, value, f"a date such as {form}")

    # -- the file ---------------------------------------------------------------------

    def read(self, override: HedgePolicy | Mapping[str, Any] | None) -> ClaimSet:
        top = self.mapping(self.data, (), _TOP_KEYS, "a claims file")
        self.version(top)
        self.count_units(top.get("count_units"))
        policy = self.policy(top.get("policy"), override)
        sources = self.sources(top.get("sources", {}))
        periods = self.periods(top.get("periods", {}))
        claims = self.claims(top.get("claims", []), policy, sources, periods)
        relations = self.relations(top.get("relations", []))
        try:
            return ClaimSet(claims, relations=relations)
        except ClaimkitError as err:
            raise self.fail(self.blame(err, claims), str(err)) from None

    def blame(self, err: ClaimkitError, claims: list[Claim]) -> KeyPath:
        claim_id = getattr(err, "claim_id", None)
        for i, claim in enumerate(claims):
            if claim.id == claim_id:
                return ("claims", i)
        return ("relations",) if "relations" in self.data else ()

    def version(self, top: dict[str, Any]) -> None:
        if "format_version" not in top:
            msg = (
                f"missing key 'format_version': a claims file starts with "
                f"format_version = {FORMAT_VERSION}"
            )
            raise self.fail((), msg)
        value = top["format_version"]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.expected(("format_version",), value, f"the integer {FORMAT_VERSION}")
        if value != FORMAT_VERSION:
            msg = (
                f"format_version {value} is not supported: this claimkit reads version "
                f"{FORMAT_VERSION}"
                + (" (the file was written by a newer claimkit)" if value > FORMAT_VERSION else "")
            )
            raise self.fail(("format_version",), msg)

    def count_units(self, value: object) -> None:
        if value is None:
            return
        path: KeyPath = ("count_units",)
        if not isinstance(value, list):
            raise self.expected(path, value, 'an array of unit names such as ["tank"]')
        for i, unit in enumerate(value):
            if not isinstance(unit, str):
                raise self.expected((*path, i), unit, "a unit name (a string)")
            try:
                define_count_unit(unit)
            except (UnitError, ValueError) as err:
                raise self.fail((*path, i), str(err)) from None

    def policy(
        self, value: object, override: HedgePolicy | Mapping[str, Any] | None
    ) -> HedgePolicy:
        path: KeyPath = ("policy",)
        fields = {} if value is None else dict(self.mapping(value, path, _POLICY_KEYS,
                                                            "a hedge policy"))  # fmt: skip
        for key, field in fields.items():
            try:
                HedgePolicy(**{key: field})
            except ClaimkitError as err:
                raise self.fail((*path, key), str(err)) from None
        policy = HedgePolicy(**fields)
        if override is None:
            return policy
        if isinstance(override, HedgePolicy):
            return override
        return apply_changes(policy, override)

    def sources(self, value: object) -> dict[str, Source]:
        path: KeyPath = ("sources",)
        if not isinstance(value, dict):
            raise self.expected(path, value, f"a {self.table} of sources, one per id")
        sources: dict[str, Source] = {}
        for source_id, table in value.items():
            where = (*path, source_id)
            entry = self.mapping(table, where, _SOURCE_KEYS, "a source")
            name = self.string(entry, where, "name", required=True)
            role, venue, url = (self.string(entry, where, k) for k in ("role", "venue", "url"))
            relation = self.choice(entry, where, "relation",
                                   ("party", "adversary", "independent", "unknown"))  # fmt: skip
            weight = self.number(entry, where, "weight")
            day = self.date(entry, where, "date")
            try:
                sources[source_id] = Source(
                    name or "",
                    id=source_id,
                    role=role,
                    date=day,
                    venue=venue,
                    url=url,
                    relation=relation or "unknown",  # type: ignore[arg-type]
                    weight=1.0 if weight is None else weight,
                )
            except ClaimkitError as err:
                text = str(err)
                keys = [k for k in _SOURCE_KEYS if text.startswith(f"source {k} ") and k in entry]
                raise self.fail((*where, *keys[:1]), text) from None
        return sources

    def periods(self, value: object) -> dict[str, Period]:
        path: KeyPath = ("periods",)
        if not isinstance(value, dict):
            raise self.expected(path, value, f"a {self.table} of named periods")
        periods: dict[str, Period] = {}
        for name, table in value.items():
            where = (*path, name)
            if not _NAME.match(name):
                msg = (
                    f"period name {name!r} is not valid: expected lowercase letters a-z, "
                    "digits, '_' and '-', starting with a letter (like 'war')"
                )
                raise self.fail(where, msg)
            entry = self.mapping(table, where, _PERIOD_KEYS, "a period")
            periods[name] = self.period(entry, where, {})
        return periods

    def period(self, table: dict[str, Any], path: KeyPath, named: dict[str, Period]) -> Period:
        given = [key for key in ("period", "start", "since", "week_ending") if key in table]
        for partner, key in (("end", "start"), ("until", "since")):
            if partner in table and key not in table:
                msg = f"{partner!r} is given without {key!r}: write both, or use {_PERIOD_FORMS}"
                raise self.fail((*path, partner), msg)
        if len(given) != 1:
            what = "no period" if not given else "the period twice (" + ", ".join(given) + ")"
            raise self.fail(path, f"the entry gives {what}: give it once, as {_PERIOD_FORMS}")
        form = given[0]
        try:
            if form == "period":
                return self.named_period(table, path, named)
            if form == "week_ending":
                day = self.date(table, path, "week_ending")
                assert day is not None
                return Period.week_ending(day)
            first, last = ("start", "end") if form == "start" else ("since", "until")
            start = self.date(table, path, first)
            end = self.date(table, path, last)
            if end is None:
                msg = f"{first!r} is given without {last!r}: expected {last} = <date> too"
                raise self.fail(path, msg)
            assert start is not None
            if end <= start:
                msg = (
                    f"the period ends on {end.isoformat()}, not after its start "
                    f"{start.isoformat()}: {last} is exclusive, so a period covers [{first}, "
                    f'{last}); for the single day write period = "{start.isoformat()}"'
                )
                raise self.fail((*path, last), msg)
            return Period(start, end)
        except InvalidPeriodError as err:
            key = {"start": "end", "since": "until"}.get(form, form)
            raise self.fail((*path, key), str(err)) from None

    def named_period(
        self, table: dict[str, Any], path: KeyPath, named: dict[str, Period]
    ) -> Period:
        text = self.string(table, path, "period")
        assert text is not None
        where = (*path, "period")
        calendar = calendar_period(text)
        if calendar is not None:
            return calendar
        if text in named:
            return named[text]
        if _NAME.match(text):
            listed = ", ".join(repr(n) for n in named) or "none are defined"
            msg = f"no period named {text!r}{_suggest(text, named)} in [periods] ({listed})"
            raise self.fail(where, msg)
        msg = (
            f'{text!r} is not a period: expected a calendar month "2024-11", a quarter '
            f'"2025-Q1", a year "2024", a day "2024-11-05" or the name of a [periods] entry'
        )
        raise self.fail(where, msg)

    # -- claims -------------------------------------------------------------------------

    def claims(
        self,
        value: object,
        policy: HedgePolicy,
        sources: dict[str, Source],
        periods: dict[str, Period],
    ) -> list[Claim]:
        path: KeyPath = ("claims",)
        if not isinstance(value, list):
            raise self.expected(path, value, f"an array of claim {self.table}s ([[claims]])")
        for i, table in enumerate(value):
            if isinstance(table, dict) and isinstance(table.get("id"), str):
                self.claim_ids[i] = table["id"]
        claims: list[Claim] = []
        seen: dict[str, int] = {}
        for i, table in enumerate(value):
            where: KeyPath = (*path, i)
            entry = self.mapping(table, where, _CLAIM_KEYS, "a claim")
            claim_id = self.string(entry, where, "id", required=True)
            assert claim_id is not None
            if claim_id in seen:
                msg = (
                    f"claim id {claim_id!r} is used twice, by claims[{seen[claim_id]}] and "
                    f"claims[{i}]: give every claim its own id"
                )
                raise self.fail((*where, "id"), msg)
            seen[claim_id] = i
            claims.append(self.claim(entry, where, policy, sources, periods))
        return claims

    def claim(
        self,
        table: dict[str, Any],
        path: KeyPath,
        policy: HedgePolicy,
        sources: dict[str, Source],
        periods: dict[str, Period],
    ) -> Claim:
        fields: dict[str, Any] = {
            key: self.string(table, path, key, required=True)
            for key in ("id", "measure", "subject")
        }
        fields["period"] = self.period(table, path, periods)
        kind = self.choice(table, path, "kind", ("total", "rate", "ratio"))
        ratio = kind == "ratio" or (kind is None and "of" in table)
        fields["value"], fields["phrase"] = self.value(table, path, policy, ratio=ratio)
        fields["policy"] = policy
        if kind is not None:
            fields["kind"] = kind
        for key, options in (("reading", ("average", "each")), ("basis", ("total", "rate"))):
            choice = self.choice(table, path, key, options)
            if choice is not None:
                fields[key] = choice
        if "of" in table:
            fields["of"] = self.of(table["of"], (*path, "of"), periods)
        elif ratio and fields["phrase"] is not None:
            fields["of"] = _named_denominator(fields["phrase"], fields["measure"], policy)
        source_id = self.string(table, path, "source")
        if source_id is not None:
            if source_id not in sources:
                listed = ", ".join(repr(s) for s in sources) or "none are defined"
                msg = (
                    f"unknown source {source_id!r}{_suggest(source_id, sources)}: expected "
                    f"the id of a [sources.<id>] entry ({listed})"
                )
                raise self.fail((*path, "source"), msg)
            fields["source"] = sources[source_id]
        for key in ("quote", "note"):
            fields[key] = self.string(table, path, key)
        fields["span"] = self.span(table, path)
        try:
            return Claim(**fields)
        except ClaimkitError as err:
            raise self.fail(_claim_field(err, path, table), str(err)) from None

    def of(self, value: object, path: KeyPath, periods: dict[str, Period]) -> Quantity:
        """Return a ratio claim's denominator: a measure, or a table of its fields."""
        if isinstance(value, str):
            if not _NAME.match(value):
                msg = (
                    f"of {value!r} is not a measure name: expected lowercase letters a-z, "
                    "digits, '_' and '-', starting with a letter (like 'casualties')"
                )
                raise self.fail(path, msg)
            return Quantity(value)
        if not isinstance(value, dict):
            what = (
                'a measure ("casualties") or a table {measure = "casualties", subject = '
                '"ukraine", period = "2024-10"} (subject and period default to the claim\'s)'
            )
            raise self.expected(path, value, what)
        entry = self.mapping(value, path, _OF_KEYS, "a quantity (the denominator of a ratio)")
        measure = self.string(entry, path, "measure", required=True)
        subject = self.string(entry, path, "subject")
        period = None
        if any(key in entry for key in _PERIOD_KEYS):
            period = self.period(entry, path, periods)
        try:
            return Quantity(measure or "", subject, period)
        except ClaimkitError as err:
            key = "subject" if "subject" in str(err) else "measure"
            raise self.fail((*path, key), str(err)) from None

    def value(
        self, table: dict[str, Any], path: KeyPath, policy: HedgePolicy, *, ratio: bool = False
    ) -> tuple[Range, str | None]:
        """Return the value of a claim's table, and the phrase it was read from if any.

        A ratio's value is in ``dimensionless`` unless the table gives its unit.
        """
        unit_text = self.string(table, path, "unit")
        unit = (RATIO_UNIT if ratio else DEFAULT_UNIT) if unit_text is None else unit_text
        try:
            canonical = normalize_unit(unit)
        except UnitError as err:
            raise self.fail((*path, "unit"), str(err)) from None
        bounds = [key for key in ("lo", "hi", "lo_open", "hi_open") if key in table]
        if "value" in table:
            if bounds:
                msg = (
                    f"the value is given twice, as 'value' and as {', '.join(bounds)}: "
                    "keep one of them"
                )
                raise self.fail((*path, bounds[0]), msg)
            phrase = table["value"]
            if not isinstance(phrase, str):
                msg = (
                    'a phrase as the source said it ("about 45,690", "over 1,000,000") '
                    'or a range ("[45,000, 46,000]"); for bounds as numbers use lo and hi'
                )
                raise self.expected((*path, "value"), phrase, msg)
            try:
                value, _ = read_phrase(phrase, unit_text, policy, ratio=ratio)
            except PhraseError as err:
                msg = f"cannot read the value {phrase!r} under the file's policy: {err}"
                raise self.fail((*path, "value"), msg) from None
            except UnitError as err:
                raise self.fail((*path, "unit"), str(err)) from None
            return value, phrase
        if not bounds or ("lo" not in table and "hi" not in table):
            msg = (
                'missing the value: expected value = "<phrase>" (such as "over '
                '1,000,000") or bounds lo and/or hi (numbers; a missing end is unbounded)'
            )
            raise self.fail(path, msg)
        lo = self.number(table, path, "lo")
        hi = self.number(table, path, "hi")
        lo_open, hi_open = self.flag(table, path, "lo_open"), self.flag(table, path, "hi_open")
        try:
            value = Range(
                -math.inf if lo is None else lo,
                math.inf if hi is None else hi,
                canonical,
                lo_open=lo_open,
                hi_open=hi_open,
            )
        except ClaimkitError as err:
            raise self.fail((*path, "lo" if "lo" in table else "hi"), str(err)) from None
        return value, None

    def span(self, table: dict[str, Any], path: KeyPath) -> tuple[int, int] | None:
        if "span" not in table:
            return None
        value = table["span"]
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in value)
        ):
            raise self.expected((*path, "span"), value, "an array of two integers [start, end]")
        return (value[0], value[1])

    # -- relations ----------------------------------------------------------------------

    def relations(self, value: object) -> list[Sum]:
        path: KeyPath = ("relations",)
        if not isinstance(value, list):
            raise self.expected(path, value, f"an array of relation {self.table}s ([[relations]])")
        relations = []
        for i, table in enumerate(value):
            where: KeyPath = (*path, i)
            entry = self.mapping(table, where, _RELATION_KEYS, "a relation")
            total = self.string(entry, where, "total", required=True)
            parts = self.required(entry, where, "parts", "an array of names")
            if not isinstance(parts, list) or not all(isinstance(p, str) for p in parts):
                raise self.expected((*where, "parts"), parts,
                                    'an array of names such as ["killed", "wounded"]')  # fmt: skip
            over = self.choice(entry, where, "over", ("measure", "subject")) or "measure"
            try:
                relations.append(Sum(total, parts, over=over))  # type: ignore[arg-type]
            except ClaimkitError as err:
                raise self.fail(where, str(err)) from None
        return relations


def _named_denominator(phrase: str, measure: str, policy: HedgePolicy) -> Quantity | None:
    """Return the denominator a ratio phrase names beside the claim's own measure.

    ``"one killed for every three wounded"`` in a claim about ``killed`` divides by
    ``wounded``; a phrase that names no nouns, or another numerator, names none.
    """
    reading = parse_ratio(phrase, policy=policy)
    noun = reading.denominator
    if reading.numerator != measure or noun is None or not _NAME.match(noun):
        return None
    return Quantity(noun)


def _claim_field(err: ClaimkitError, path: KeyPath, table: dict[str, Any]) -> KeyPath:
    """Guess which key of a claim an error from :class:`Claim` is about."""
    text = str(err)
    for key in ("measure", "subject", "kind", "reading", "basis", "quote", "span", "note", "id"):
        if re.search(rf": {key} ", text) and key in table:
            return (*path, key)
    if re.search(r": of\b", text) and "of" in table:
        return (*path, "of")
    if "cannot tell whether the claim is a total or a rate" in text:
        return (*path, "unit") if "unit" in table else path
    if "needs a value whose unit" in text:
        return (*path, "kind") if "kind" in table else (*path, "unit")
    if "reading 'each'" in text and "reading" in table:
        return (*path, "reading")
    return path


def apply_changes(policy: HedgePolicy, changes: Mapping[str, Any]) -> HedgePolicy:
    for key in changes:
        if key not in _POLICY_KEYS:
            msg = (
                f"unknown hedge policy field {key!r}{_suggest(key, _POLICY_KEYS)}; the fields "
                "are " + ", ".join(_POLICY_KEYS)
            )
            raise InvalidArgumentError(msg)
    return policy.replace(**changes)
