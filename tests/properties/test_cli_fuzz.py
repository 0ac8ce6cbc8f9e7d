"""The command line under fuzzing: ``check`` and ``parse`` run in-process on drawn input.

Claims files are drawn as documents of plausible and implausible fields (phrases the
readers argue about, units pint reads differently, huge and non-finite numbers, dates
out of range), written as TOML or JSON under a suffix that may not match, sometimes
with a few bytes cut or put in; the arguments around them are drawn from the options
and from arbitrary text. Whatever comes in, the command exits 0, 1 or 2; it exits 0
or 1 only after printing the report that checking the file directly gives, 1 when that
report says the claims conflict; and it prints no traceback: an error that is not
claimkit's is one line, and the traceback only comes with ``--debug``.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import math
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.cli import EXIT_BAD_INPUT, EXIT_CONFLICT, EXIT_OK, _parser, main


class _Date(str):
    """A date: bare in TOML, a string in JSON."""

    __slots__ = ()


def mostly(valid: Sequence[Any], wild: Sequence[Any] | st.SearchStrategy[Any]) -> Any:
    """Draw from ``valid``, and one time in :data:`WILD` from ``wild``."""
    odd = wild if isinstance(wild, st.SearchStrategy) else st.sampled_from(wild)
    return st.sampled_from(range(WILD)).flatmap(
        lambda k: odd if k == WILD - 1 else st.sampled_from(valid)
    )


#: One field in this many is drawn wrong (hypothesis draws the ends of an integer
#: range often; an index into a range is drawn evenly).
WILD = 64
#: Stands for a number of 5,000 digits, more than Python reads as an int by default;
#: written in the file in place of its quoted self.
HUGE = "<5000 digits>"
TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**7),
    st.floats(min_value=0, max_value=1e12),
    mostly([0, 1, 1000], [10**400, -(10**400), 2**63, HUGE, -1, math.inf, math.nan, 1e308]),
)
MEASURES = mostly(["casualties", "killed", "wounded"], ["Killed", "", "killed!"])
SUBJECTS = mostly(["russia", "ukraine", "both"], ["", "Russia"])
GOOD_DATES = ["2024-01-01", "2024-01-08", "2024-01-10", "2024-01-29", "2024-02-29", "2024-12-31"]
ODD_DATES = ["2023-02-29", "0001-01-01", "9999-12-31", "2024-1-1", "2024-13-01"]
DATES = mostly(GOOD_DATES, ODD_DATES).map(_Date)
#: A start and an end: mostly in order, sometimes the same day, reversed or odd.
SPANS = mostly(list(itertools.combinations(GOOD_DATES, 2)), st.tuples(DATES, DATES)).map(
    lambda span: (_Date(span[0]), _Date(span[1]))
)
PERIODS = mostly(["2024", "2024-01", "2024-01-05", "war"], ["2024-13", "peace", "0000", ""])
COUNT_UNITS = [
    "person", "kiloperson", "megaperson", "person / week", "person / day",
    "kiloperson / month", "person / fortnight",
]  # fmt: skip
ODD_UNITS = [
    "tank", "tank / year", "person / decade", "kiloperson / decade", "person / century",
    "decade", "octave", "neper", "person / octave", "person / neper",
    "meter", "degC", "percent", "", "per son", "1 / day", "person * day", "person ** 2",
    "person / week ** 2",
]  # fmt: skip
UNITS = mostly(COUNT_UNITS, ODD_UNITS)
PHRASES = mostly(
    ["about 700,000", "over 1,000", "at most 1,000", "at least 10,000", "approximately 45,690",
     "half a million", "hundreds", "[1, 2)", "(0, inf)", "[0, 0]", "nearly 10", "zero",
     "over 10,000 a week", "10 a day", "thousands", "up to 5,000", "between 10 and 20"],
    st.sampled_from(
        ["over 550.000", "1.000", "100-200,000", "a quarter of a million", "up to hundreds",
         "between 800 and 1.2 million", "2 to 1.5 million", "1e400", "9" * 400, "1" + "0" * 40,
         "\u2205", "-5", "nan", "", "over 10 a decade"]
    ) | TEXT,
)  # fmt: skip
POLICY = {
    "rounding": mostly(["significant", "exact"], ["nearest"]),
    "one_digit": mostly(["leading-one", "plain", "two"], [1]),
    "approx_rel": mostly([0.0, 0.05, 10], [11, -1, math.inf, math.nan]),
    "nearly_band": mostly([0.1, 1], [0, 2]),
    "plural_min": mostly([2, 1, 9], [0, 10]),
    "max_length": mostly([1000, 5], [0, 10**400]),
}


def _maybe(draw: st.DrawFn, strategy: st.SearchStrategy[Any], chance: float) -> Any:
    """Return a drawn value, or None ``1 - chance`` of the time."""
    return draw(strategy) if draw(st.floats(0, 1)) < chance else None


@st.composite
def _period(draw: st.DrawFn) -> dict[str, Any]:
    form = draw(mostly(["period", "start", "since", "week_ending"], ["both", "none", "half"]))
    if form == "period":
        return {"period": draw(PERIODS)}
    if form in ("start", "since"):
        ends = ("start", "end") if form == "start" else ("since", "until")
        first, second = draw(SPANS)
        return {ends[0]: first, ends[1]: second}
    if form == "week_ending":
        return {"week_ending": draw(DATES)}
    if form == "both":
        return {"period": draw(PERIODS), "start": draw(DATES)}
    if form == "half":
        return {"end": draw(DATES)}
    return {}


@st.composite
def _claim(draw: st.DrawFn, number: int) -> dict[str, Any]:
    claim: dict[str, Any] = {
        "id": draw(mostly([f"c{number}"], ["c0", "", "a b", "-x"])),
        "measure": draw(MEASURES),
        "subject": draw(SUBJECTS),
        **draw(_period()),
    }
    if draw(st.booleans()):
        claim["value"] = draw(PHRASES)
    else:
        for key in ("lo", "hi"):
            if (bound := _maybe(draw, NUMBERS, 0.8)) is not None:
                claim[key] = bound
        for key in ("lo_open", "hi_open"):
            if (flag := _maybe(draw, st.booleans(), 0.3)) is not None:
                claim[key] = flag
        lo, hi = claim.get("lo", -math.inf), claim.get("hi", math.inf)
        if HUGE not in (lo, hi) and lo > hi and draw(mostly([True], [False])):
            claim["lo"], claim["hi"] = hi, lo
    optional = {
        "unit": UNITS,
        "kind": mostly([None], ["total", "rate", "sum"]),
        "source": mostly(["rutte"], ["nobody"]),
        "quote": mostly(["over one million"], [""]),
        "span": mostly([None], st.lists(NUMBERS, max_size=3)),
    }
    for key, strategy in optional.items():
        if (value := _maybe(draw, strategy, 0.3)) is not None:
            claim[key] = value
    if "/" in claim.get("unit", "") or " a " in claim.get("value", ""):
        claim["reading"] = draw(mostly(["average", "each"], ["mean"]))
    if "quote" in claim and "span" not in claim and draw(st.booleans()):
        claim["span"] = [0, len(claim["quote"])]
    return claim


@st.composite
def claims_documents(draw: st.DrawFn) -> dict[str, Any]:
    """Draw a claims file's data: mostly valid, with a wrong field now and then."""
    doc: dict[str, Any] = {"format_version": draw(mostly([1], [2, "1", 0]))}
    if draw(st.booleans()):
        doc["count_units"] = [draw(mostly(["tank"], ["thing7", "person", "", "tank!"]))]
    if draw(st.booleans()):
        keys = draw(st.lists(mostly(sorted(POLICY), ["roundng"]), max_size=2, unique=True))
        doc["policy"] = {key: draw(POLICY.get(key, PHRASES)) for key in keys}
    doc["sources"] = {"rutte": {"name": "Mark Rutte", "weight": draw(mostly([1.0, 0.5], NUMBERS))}}
    doc["periods"] = {"war": {"start": _Date("2024-01-03"), "end": _Date("2024-01-20")}}
    count = draw(st.sampled_from(range(1, 7)))
    doc["claims"] = [draw(_claim(k)) for k in range(count)]
    relations = [
        {"total": "casualties", "parts": ["killed", "wounded"], "over": "measure"},
        {"total": "both", "parts": ["russia", "ukraine"], "over": "subject"},
    ]
    wrong = [
        {"total": "killed", "parts": ["killed"], "over": "measure"},
        {"total": "both", "parts": ["russia"], "over": "subjects"},
    ]
    doc["relations"] = draw(st.lists(mostly(relations, wrong), max_size=2))
    return doc


def _toml_value(value: Any) -> str:
    if isinstance(value, _Date):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    pairs = (f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items())
    return "{" + ", ".join(pairs) + "}"


TABLE_ARRAYS = ("claims", "relations")


def to_toml(doc: dict[str, Any]) -> str:
    """Write ``doc`` as TOML: scalars and inline tables first, then arrays of tables."""
    lines = [f"{key} = {_toml_value(v)}" for key, v in doc.items() if key not in TABLE_ARRAYS]
    for key in TABLE_ARRAYS:
        for row in doc.get(key, []):
            lines.append(f"\n[[{key}]]")
            lines += [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in row.items()]
    return "\n".join(lines) + "\n"


@st.composite
def claims_files(draw: st.DrawFn) -> tuple[bytes, str, str]:
    """Draw a claims file's bytes, its suffix (which may not match) and its format."""
    doc = draw(claims_documents())
    fmt = draw(st.sampled_from(["toml", "json"]))
    text = to_toml(doc) if fmt == "toml" else json.dumps(doc, ensure_ascii=False)
    text = text.replace(json.dumps(HUGE), "9" * 5000)
    data = text.encode("utf-8", "surrogateescape")
    for _ in range(draw(mostly([0], [1, 2]))):
        start = draw(st.integers(min_value=0, max_value=len(data)))
        stop = draw(st.integers(min_value=start, max_value=min(len(data), start + 8)))
        data = data[:start] + draw(st.binary(max_size=4)) + data[stop:]
    suffix = draw(mostly([f".{fmt}"], ["", ".txt", ".JSON"]))
    return data, suffix, fmt


def _options(pool: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[list[str]]:
    """Draw a few options from ``pool``, now and then with an arbitrary piece, shuffled."""
    option = st.sampled_from(sorted(pool)).flatmap(
        lambda flag: pool[flag].map(lambda value: [flag, value])
    )
    wild = st.one_of(
        st.sampled_from(sorted(pool)).map(lambda flag: [flag]),
        TEXT.map(lambda text: [text]),
        st.sampled_from(["-h", "--version", "--", "-", "--format=json"]).map(lambda t: [t]),
    )
    return (
        st.tuples(st.lists(option, max_size=3), mostly([[]], st.lists(wild, max_size=2)))
        .flatmap(lambda parts: st.permutations(parts[0] + parts[1]))
        .map(lambda pieces: [arg for piece in pieces for arg in piece])
    )


POLICY_ITEMS = mostly(
    ["rounding=exact", "approx_rel=0.05", "rounding=significant", "one_digit=plain"],
    st.sampled_from(sorted(POLICY)).flatmap(
        lambda key: POLICY[key].map(lambda value: f"{key}={_toml_value(value)}")
    )
    | st.sampled_from(["exact", "roundng=exact", "nouns=[1]", "=1", "rounding="])
    | TEXT,
)
#: In the options of ``check``, stands for the format the file is written in.
FORMAT = "<format>"
CHECK_OPTIONS = _options({
    "--format": mostly(["text", "markdown", "json"], ["yaml"]),
    "--input-format": mostly([FORMAT], ["toml", "json", "xml"]),
    "--policy": POLICY_ITEMS,
})  # fmt: skip
PARSE_OPTIONS = _options({
    "--unit": mostly(COUNT_UNITS + ODD_UNITS, TEXT),
    "--to": mostly(COUNT_UNITS + ODD_UNITS, TEXT),
    "--period": mostly(
        ["2024", "2024-01", "2024-01-05", "2024-01-01/2024-02-01"],
        ["2024-13", "war", "", "9999-12-31/0001-01-01", "0001-01-01/9999-12-31", "0000"],
    ),
    "--policy": POLICY_ITEMS,
    "--format": mostly(["text", "json"], ["markdown"]),
})  # fmt: skip


def run(argv: list[str]) -> tuple[int, str, str]:
    """Run the command in-process; return its status, standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


def assert_no_traceback(status: int, err: str) -> None:
    """Assert the status is a documented one and stderr has no traceback, as without --debug."""
    assert status in (EXIT_OK, EXIT_CONFLICT, EXIT_BAD_INPUT), err
    event(f"exit {status}" + (": internal error" if "internal error" in err else ""))
    assert "Traceback (most recent call last)" not in err, err
    if "internal error" in err:
        assert (EXIT_BAD_INPUT, 1) == (status, err.count("\n")), err


def is_help(out: str) -> bool:
    """Return whether ``out`` is the help that -h prints."""
    return out.startswith("usage: ")


@given(claims_files(), CHECK_OPTIONS)
def test_check_exits_0_1_or_2_and_1_only_for_a_conflict(
    file: tuple[bytes, str, str], options: list[str]
) -> None:
    data, suffix, fmt = file
    options = [fmt if piece == FORMAT else piece for piece in options]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"claims{suffix}"
        path.write_bytes(data)
        argv = ["check", str(path), *options]
        status, out, err = run(argv)
        assert_no_traceback(status, err)
        if status in (EXIT_OK, EXIT_CONFLICT) and not is_help(out):
            args = _parser().parse_args(argv)
            claimset = ck.load(path, format=args.input_format, policy=dict(args.policy) or None)
            report = ck.check(claimset)
            printed = {"text": str, "markdown": ck.Report.to_markdown, "json": ck.Report.to_json}
            assert f"{printed[args.format](report)}\n" == out
            assert (status == EXIT_OK) == report.consistent


@given(PHRASES, PARSE_OPTIONS)
def test_parse_exits_0_or_2_without_a_traceback(phrase: str, options: list[str]) -> None:
    argv = ["parse", phrase, *options]
    status, out, err = run(argv)
    assert_no_traceback(status, err)
    assert EXIT_CONFLICT != status
    if EXIT_OK == status and not is_help(out) and "json" == _parser().parse_args(argv).format:
        assert "parse" == json.loads(out)["type"]
