"""Unit tests for reconcile(method="drop"): hand-made sets with known answers."""

from __future__ import annotations

import importlib.util
import json
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pytest
from tests.unit.test_reconcile import RUTTE, ZELENSKY, claim, exact

import claimkit as ck
from claimkit.cli import EXIT_BAD_INPUT, EXIT_CONFLICT, EXIT_OK, main
from claimkit.errors import InvalidArgumentError

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "nato_2024.py"


def drop(claims: list[ck.Claim] | ck.ClaimSet, **options: object) -> ck.SetReconciliation:
    result = ck.reconcile(claims, method="drop", **options)  # type: ignore[call-overload]
    assert isinstance(result, ck.SetReconciliation)
    return result


def test_a_single_outlier_among_agreeing_sources_is_dropped() -> None:
    claims = [
        claim("a", ck.Range(690_000, 710_000, "person"), ck.Source("A")),
        claim("b", ck.Range(695_000, 720_000, "person"), ck.Source("B")),
        claim("c", ck.Range(700_000, 705_000, "person"), ck.Source("C")),
        claim("outlier", exact(900_000), ck.Source("D")),
    ]
    result = drop(claims)
    assert result.dropped == ("outlier",)
    assert result.alternatives == ()
    assert result.optimal is True
    assert result.drop_weight == 1.0
    assert result.consistent
    assert [c.id for c in result.reconciled] == ["a", "b", "c"]
    assert ck.check(result.reconciled).consistent


def test_two_sources_tied_give_alternatives() -> None:
    claims = [claim("zelensky", exact(750_000), ZELENSKY), claim("rutte", exact(700_000), RUTTE)]
    result = drop(claims)
    assert result.dropped == ("rutte",)
    assert result.alternatives == (("zelensky",),)
    text = str(result)
    assert "Mark Rutte" in text
    assert "Volodymyr Zelenskyy" in text


def test_weights_change_the_answer_the_heavier_source_survives() -> None:
    heavy = ck.Source("Mark Rutte", weight=3.0)
    claims = [claim("rutte", exact(700_000), heavy), claim("zelensky", exact(750_000), ZELENSKY)]
    result = drop(claims)
    assert result.dropped == ("zelensky",)
    assert result.alternatives == ()
    # Two light claims against one heavy: setting aside the heavy one is cheaper.
    light = [
        claim("x", exact(750_000), ck.Source("X", weight=0.5)),
        claim("y", ck.Range(740_000, 760_000, "person"), ck.Source("Y", weight=0.5)),
        claim("rutte", exact(700_000), ck.Source("Mark Rutte", weight=0.75)),
    ]
    assert drop(light).dropped == ("rutte",)
    heavier = [
        c.replace(source=ck.Source("Mark Rutte", weight=2.0)) if c.id == "rutte" else c
        for c in light
    ]
    assert drop(heavier).dropped == ("x", "y")
    assert drop(heavier).drop_weight == pytest.approx(1.0)


def test_strict_ends_that_touch_count_as_a_conflict() -> None:
    over = claim("over", ck.Range.more_than(750_000, "person"))
    at_most = claim("at-most", ck.Range.at_most(750_000, "person"))
    result = drop([over, at_most])
    assert len(result.dropped) == 1
    assert result.alternatives == (("over",),)
    # Closed, the same ends meet: nothing to set aside.
    closed = drop([over.replace(value=ck.Range.at_least(750_000, "person")), at_most])
    assert closed.dropped == ()


def test_by_source_drops_all_claims_of_the_chosen_source() -> None:
    killed = claim("z-killed", exact(198_000), ZELENSKY, measure="killed")
    wounded = claim("z-wounded", ck.Range.more_than(550_000, "person"), ZELENSKY, measure="wounded")
    other = claim("z-other", exact(5), ZELENSKY, subject="ukraine")
    rutte = claim("rutte", exact(700_000), RUTTE)
    rutte_too = claim("rutte-2", ck.Range(650_000, 720_000, "person"), RUTTE)
    claims = ck.ClaimSet(
        [killed, wounded, other, rutte, rutte_too],
        relations=[ck.Sum("casualties", ["killed", "wounded"])],
    )
    by_claim = drop(claims)
    # One of Zelenskyy's parts suffices claim by claim; Rutte has two claims to lose.
    assert by_claim.dropped == ("z-killed",)
    assert by_claim.alternatives == (("z-wounded",),)
    by_source = drop(claims, by="source")
    assert by_source.by == "source"
    assert by_source.dropped == ("rutte", "rutte-2")
    assert by_source.drop_weight == 1.0
    assert by_source.alternatives == (("z-killed", "z-other", "z-wounded"),)
    text = str(by_source)
    assert "If you set aside the figures of Mark Rutte alone, everything else agrees" in text


def test_by_source_spans_independent_groups() -> None:
    # One source is off in two unrelated quantities: setting it aside costs 1, where
    # setting aside claims one by one would cost 2 either way.
    a = claim("a", exact(100), ck.Source("A"), subject="x")
    b = claim("b", exact(200), ck.Source("B"), subject="x")
    c = claim("c", exact(300), ck.Source("A"), subject="y")
    d = claim("d", exact(400), ck.Source("C"), subject="y")
    assert drop([a, b, c, d], by="source").dropped == ("a", "c")
    by_claim = drop([a, b, c, d])
    assert by_claim.drop_weight == 2.0
    assert len(by_claim.alternatives) == 3


def test_consistent_input_returns_nothing_dropped() -> None:
    claims = [claim("a", ck.Range(1, 10, "person")), claim("b", ck.Range(5, 20, "person"))]
    result = drop(claims)
    assert result.dropped == ()
    assert result.alternatives == ()
    assert result.optimal is True
    assert result.drop_weight == 0.0
    assert result.reconciled.claims == tuple(claims)
    assert "nothing need be set aside" in str(result)
    assert drop([]).dropped == ()


def test_the_order_of_the_claims_changes_nothing() -> None:
    claims = [
        claim("b", exact(750_000), ZELENSKY),
        claim("a", exact(700_000), RUTTE),
        claim("c", exact(710_000)),
    ]
    first = drop(claims)
    second = drop(list(reversed(claims)))
    assert (first.dropped, first.alternatives) == (second.dropped, second.alternatives)
    assert [a.claim for a in first.adjustments] == ["b", "a", "c"]


def test_alternatives_are_limited_and_a_note_says_so() -> None:
    # Six claims of one quantity, each exact and different: any five must go.
    claims = [claim(f"c{i}", exact(100 + i)) for i in range(6)]
    result = drop(claims, max_alternatives=2)
    assert len(result.dropped) == 5
    assert len(result.alternatives) == 2
    assert any("raise max_alternatives" in n for n in result.notes)
    full = drop(claims)
    assert len(full.alternatives) == 5
    assert not any("raise max_alternatives" in n for n in full.notes)
    assert drop(claims, max_alternatives=0).alternatives == ()


def test_a_time_limit_returns_the_best_set_found_and_says_so() -> None:
    start = date(2024, 1, 1)
    claims = []
    for day in range(30):
        period = ck.Period(start, start + timedelta(day + 1))
        claims.append(claim(f"d{day:02d}", exact(100.0 * (day + 1)), period=period))
        claims.append(claim(f"e{day:02d}", exact(100.0 * (day + 1) + 7), period=period))
    result = drop(claims, time_limit=1e-6)
    assert result.optimal is False
    assert result.consistent
    assert ck.check(result.reconciled).consistent
    assert any("time limit" in n for n in result.notes)
    assert "not proved" in str(result)


def test_renderings_name_the_dropped_claims_sources_quotes_and_alternatives() -> None:
    rutte = claim("rutte", exact(700_000), RUTTE, quote="roughly 700,000 Russian casualties")
    zelensky = claim("zelensky", exact(750_000), ZELENSKY)
    result = drop([rutte, zelensky])
    text = str(result)
    assert "Set aside" in text
    assert "roughly 700,000 Russian casualties" in text
    assert "Alternatives of the same weight" in text
    markdown = result.to_markdown()
    assert "## Set aside" in markdown
    assert "Mark Rutte" in markdown
    data = json.loads(result.to_json())
    assert data["method"] == "drop"
    assert data["by"] == "claim"
    assert data["optimal"] is True
    assert data["drop_weight"] == 1.0
    assert data["dropped"][0]["claim"] == "rutte"
    assert data["dropped"][0]["source"] == "Mark Rutte"
    assert data["dropped"][0]["quote"] == "roughly 700,000 Russian casualties"
    assert data["alternatives"] == [["zelensky"]]
    assert repr(result) == "<SetReconciliation drop: 2 claims, 1 set aside>"
    relax = json.loads(ck.reconcile([rutte, zelensky], method="relax").to_json())
    assert "dropped" not in relax


@pytest.mark.parametrize(
    ("options", "word"),
    [
        ({"by": "person"}, "by"),
        ({"by": None}, "by"),
        ({"max_alternatives": -1}, "max_alternatives"),
        ({"max_alternatives": 1.5}, "max_alternatives"),
        ({"max_alternatives": True}, "max_alternatives"),
        ({"time_limit": 0}, "time_limit"),
        ({"time_limit": float("inf")}, "time_limit"),
        ({"time_limit": "60"}, "time_limit"),
    ],
)
def test_bad_arguments_give_invalid_argument_error(options: dict[str, object], word: str) -> None:
    with pytest.raises(InvalidArgumentError, match=word):
        drop([claim("a", exact(1))], **options)


def _nato() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_drop_nato_2024", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_worked_example_under_the_exact_reading() -> None:
    exact_set = _nato().claim_set(ck.HedgePolicy(rounding="exact"))
    pair = [exact_set["rutte-russia"], exact_set["zelenskyy-russia-total"]]
    result = drop(pair)
    assert result.dropped == ("rutte-russia",)
    assert result.alternatives == (("zelenskyy-russia-total",),)
    assert "Mark Rutte's" in str(result)
    assert "Volodymyr Zelenskyy's" in str(result)
    # The whole set: Rutte's exact 700,000 also clashes with "surpassed 700,000" at the
    # end of November and with Zelenskyy's parts; setting it aside alone fixes all.
    whole = drop(exact_set)
    assert whole.dropped == ("rutte-russia",)
    assert whole.alternatives == ()
    assert ck.check(whole.reconciled).consistent


# -- the command line -----------------------------------------------------------------

CLAIMS_FILE = """\
format_version = 1

[policy]
rounding = "{rounding}"

[periods.war]
start = 2022-02-24
end = 2024-12-12

[sources.rutte]
name = "Mark Rutte"

[sources.zelensky]
name = "Volodymyr Zelenskyy"

[[claims]]
id = "rutte"
measure = "casualties"
subject = "russia"
period = "war"
value = "700,000"
source = "rutte"

[[claims]]
id = "zelensky"
measure = "casualties"
subject = "russia"
period = "war"
value = "750,000"
source = "zelensky"
"""


def _file(tmp_path: Path, rounding: str) -> Path:
    path = tmp_path / f"{rounding}.toml"
    path.write_text(CLAIMS_FILE.format(rounding=rounding), encoding="utf-8")
    return path


def test_cli_drop_exits_1_when_something_was_set_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, "exact")
    status = main(["reconcile", str(path), "--method", "drop", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert status == EXIT_CONFLICT
    assert [d["claim"] for d in data["dropped"]] == ["rutte"]
    assert data["alternatives"] == [["zelensky"]]
    status = main(["reconcile", str(path), "--method", "drop", "--by", "source"])
    out = capsys.readouterr().out
    assert status == EXIT_CONFLICT
    assert "If you set aside the figures of Mark Rutte alone, everything else agrees" in out


def test_cli_drop_exits_0_when_nothing_is_set_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["reconcile", str(_file(tmp_path, "significant")), "--method", "drop"])
    assert status == EXIT_OK
    assert "nothing need be set aside" in capsys.readouterr().out


def test_cli_rejects_an_unknown_by(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["reconcile", str(_file(tmp_path, "exact")), "--method", "drop", "--by", "year"])
    assert status == EXIT_BAD_INPUT
    assert "--by" in capsys.readouterr().err


def test_a_small_miss_on_a_large_total_is_set_aside() -> None:
    # A big-M program would release the last claim's row with a binary of about 1e-9,
    # inside its integrality tolerance, and set nothing aside; the rest must hold here.
    start = date(2024, 1, 1)
    claims = [
        claim(
            f"day-{d:03d}",
            exact(1e6 * (d + 1)),
            period=ck.Period(start, start + timedelta(d + 1)),
        )
        for d in range(100)
    ]
    claims.append(
        claim(
            "trap",
            ck.Range.at_most(1e8 - 300, "person"),
            period=ck.Period(start, start + timedelta(100)),
        )
    )
    result = drop(claims)
    assert result.dropped == ("day-099",)
    assert result.alternatives == (("trap",),)
    assert ck.check(result.reconciled).consistent


def test_the_headline_names_a_few_claims_and_alternatives_by_what_they_swap() -> None:
    claims = [claim(f"c{i}", exact(100 + i)) for i in range(8)]
    result = drop(claims)
    headline = str(result).splitlines()[2:8]
    assert "and 2 more" in " ".join(headline)
    assert len(result.dropped) == 7
    # Two independent clashes: each alternative swaps one claim for another.
    pairs = [
        claim("a1", exact(1), subject="a"),
        claim("a2", exact(2), subject="a"),
        claim("b1", exact(1), subject="b"),
        claim("b2", exact(2), subject="b"),
    ]
    swapped = drop(pairs)
    assert swapped.dropped == ("a1", "b1")
    assert swapped.alternatives == (("a1", "b2"), ("a2", "b1"), ("a2", "b2"))
    text = str(swapped)
    assert "(claim b2) in place of [1, 1] person (claim b1)" in " ".join(text.split())
    assert "1  b2                 b1" in text
