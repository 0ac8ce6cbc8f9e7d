from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest

import claimkit as ck
from claimkit.cli import EXIT_BAD_INPUT, EXIT_CONFLICT, EXIT_OK, example_files, main
from claimkit.render import SCHEMA_VERSION
from claimkit.values._format import range_to_dict

ROOT = Path(__file__).resolve().parents[2]
NATO = ROOT / "examples" / "nato_2024.toml"

TWO_FIGURES = """\
format_version = 1

[policy]
rounding = "{rounding}"

[periods.war]
start = 2022-02-24
end = 2024-12-12

[[claims]]
id = "rutte"
measure = "casualties"
subject = "russia"
period = "war"
value = "700,000"

[[claims]]
id = "zelensky"
measure = "casualties"
subject = "russia"
period = "war"
value = "750,000"
"""


@pytest.fixture
def exact(tmp_path: Path) -> Path:
    """Two figures that conflict when read exactly (the policy in the file)."""
    path = tmp_path / "exact.toml"
    path.write_text(TWO_FIGURES.format(rounding="exact"), encoding="utf-8")
    return path


@pytest.fixture
def rounded(tmp_path: Path) -> Path:
    """The same two figures read as rounding intervals: they overlap."""
    path = tmp_path / "rounded.toml"
    path.write_text(TWO_FIGURES.format(rounding="significant"), encoding="utf-8")
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# --------------------------------------------------------------------------- check


def test_check_exits_0_when_the_claims_are_consistent(
    rounded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["check", str(rounded)], capsys)
    assert EXIT_OK == status
    assert out.startswith("Consistency report")


def test_check_exits_1_when_the_claims_conflict(
    exact: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["check", str(exact)], capsys)
    assert EXIT_CONFLICT == status
    assert "conflict" in out


def test_a_policy_option_changes_the_reading(
    rounded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, _ = run(["check", str(rounded), "--policy", "rounding=exact"], capsys)
    assert EXIT_CONFLICT == status


def test_check_json_has_the_documented_keys(
    exact: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(["check", str(exact), "--format", "json"], capsys)
    report = json.loads(out)
    assert {"schema_version", "consistent", "findings", "bounds"} <= set(report)
    assert (2, False) == (report["schema_version"], report["consistent"])
    assert {"verdict", "claims", "sources", "relation", "margin"} <= set(report["findings"][0])


def test_check_markdown_is_a_markdown_document(
    rounded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(["check", str(rounded), "--format", "markdown"], capsys)
    assert out.startswith("# Consistency report")


def test_a_missing_file_exits_2_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["check", "no-such-file.toml"], capsys)
    assert (EXIT_BAD_INPUT, "") == (status, out)
    assert "claimkit: error: No such file or directory: no-such-file.toml" in err


def test_a_bad_claims_file_exits_2_saying_where(
    rounded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rounded.write_text(
        rounded.read_text(encoding="utf-8").replace('"750,000"', '"750,00O"'), encoding="utf-8"
    )
    status, _, err = run(["check", str(rounded)], capsys)
    assert EXIT_BAD_INPUT == status
    assert f"{rounded}, line 22, claims[1].value: cannot read the value '750,00O'" in err


@pytest.mark.parametrize("name", ["claims", "claims.txt"])
def test_a_file_whose_suffix_gives_no_format_asks_for_the_option(
    name: str, rounded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = rounded.rename(rounded.with_name(name))
    status, _, err = run(["check", str(path)], capsys)
    assert EXIT_BAD_INPUT == status
    assert f"{path}: cannot tell the format from the suffix" in err
    assert err.rstrip().endswith("or pass --input-format toml or --input-format json")
    assert "format='toml'" not in err
    assert EXIT_OK == run(["check", str(path), "--input-format", "toml"], capsys)[0]


def test_a_malformed_policy_option_exits_2(
    rounded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(["check", str(rounded), "--policy", "exact"], capsys)
    assert EXIT_BAD_INPUT == status
    assert "expected KEY=VALUE" in err


def test_an_unknown_policy_field_exits_2_with_a_suggestion(
    rounded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(["check", str(rounded), "--policy", "roundng=exact"], capsys)
    assert EXIT_BAD_INPUT == status
    assert "did you mean 'rounding'?" in err


def test_the_policy_help_names_every_field_of_the_policy(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # decimal_mark was missing from a hand-written list
    import attrs

    assert EXIT_OK == main(["check", "--help"])
    helped = " ".join(capsys.readouterr().out.split())
    for field in attrs.fields(ck.HedgePolicy):
        assert field.name in helped


# --------------------------------------------------------------------------- reconcile


def test_reconcile_a_quantity_by_stretch(exact: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        ["reconcile", str(exact), "--quantity", "casualties:russia", "--format", "json"], capsys
    )
    result = json.loads(out)
    assert (EXIT_CONFLICT, "disjoint") == (status, result["status"])
    assert pytest.approx(1 / 29) == result["stretch"]


def test_reconcile_claims_chosen_by_id(rounded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        ["reconcile", str(rounded), "--claims", "rutte", "zelensky", "--method", "intersection",
         "--format", "json"],
        capsys,
    )  # fmt: skip
    result = json.loads(out)
    assert (EXIT_OK, 745_000, 750_000) == (status, result["value"]["lo"], result["value"]["hi"])


def test_an_intersection_of_disjoint_claims_exits_1(
    exact: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(
        ["reconcile", str(exact), "--quantity", "casualties:russia", "--method", "intersection"],
        capsys,
    )
    assert EXIT_CONFLICT == status
    assert err.startswith("claimkit: ")
    assert "'rutte'" in err
    assert "'zelensky'" in err


def test_a_quantity_over_several_periods_needs_the_period(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(["reconcile", str(NATO), "--quantity", "casualties:russia"], capsys)
    assert EXIT_BAD_INPUT == status
    assert "add the period (MEASURE:SUBJECT:PERIOD)" in err


def test_the_period_selects_the_claims(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["reconcile", str(NATO), "--quantity", "casualties:russia:2022-02-24/2024-12-12",
            "--format", "json"]  # fmt: skip
    status, out, _ = run(argv, capsys)
    claims = [a["claim"] for a in json.loads(out)["adjustments"]]
    assert (EXIT_OK, ["rutte-russia", "zelenskyy-russia-total"]) == (status, claims)


def test_an_unknown_quantity_lists_the_stated_ones(
    exact: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(["reconcile", str(exact), "--quantity", "killed:russia"], capsys)
    assert EXIT_BAD_INPUT == status
    assert "the claims state casualties:russia" in err


def test_an_unknown_claim_id_exits_2(exact: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["reconcile", str(exact), "--claims", "rute"], capsys)
    assert EXIT_BAD_INPUT == status
    assert "'rute'" in err


def test_a_one_quantity_method_needs_the_claims_chosen(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["reconcile", str(NATO)], capsys)
    assert EXIT_BAD_INPUT == status
    assert "choose them with --quantity" in err
    assert "two or more claims state: --quantity casualties:russia:2022-02-24/2024-12-12" in err


def test_the_default_method_reconciles_a_file_about_one_quantity(
    rounded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["reconcile", str(rounded), "--format", "json"], capsys)
    result = json.loads(out)
    assert (EXIT_OK, "stretch") == (status, result["method"])
    assert ["rutte", "zelensky"] == [a["claim"] for a in result["adjustments"]]


def test_a_quantity_names_a_period_of_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["reconcile", str(NATO), "--quantity", "casualties:russia:war", "--format", "json"]
    status, out, _ = run(argv, capsys)
    claims = [a["claim"] for a in json.loads(out)["adjustments"]]
    assert (EXIT_OK, ["rutte-russia", "zelenskyy-russia-total"]) == (status, claims)


def test_an_unknown_period_name_lists_the_files_periods(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(["reconcile", str(NATO), "--quantity", "casualties:russia:wa"], capsys)
    assert EXIT_BAD_INPUT == status
    assert "or a period the file names in [periods] (war)" in err


def test_a_quantity_over_a_quarter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "q1.toml"
    text = TWO_FIGURES.format(rounding="exact").replace('period = "war"', 'period = "2025-Q1"')
    path.write_text(text, encoding="utf-8")
    argv = ["reconcile", str(path), "--quantity", "casualties:russia:2025-Q1", "--format", "json"]
    status, out, _ = run(argv, capsys)
    quantity = json.loads(out)["quantity"]
    assert (EXIT_CONFLICT, "2025-01-01", "2025-04-01") == (
        status,
        quantity["start"],
        quantity["end"],
    )


def test_relax_reconciles_the_whole_file_and_exits_1_when_claims_moved(
    exact: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["reconcile", str(exact), "--method", "relax", "--format", "json"], capsys)
    result = json.loads(out)
    assert (EXIT_CONFLICT, "set-reconciliation", 2) == (status, result["type"], result["claims"])
    assert result["moved"]


def test_relax_exits_0_when_nothing_moves(
    rounded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, _ = run(["reconcile", str(rounded), "--method", "relax"], capsys)
    assert EXIT_OK == status


def test_least_squares_narrowed_to_a_quantity(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["reconcile", str(NATO), "--method", "least_squares", "--quantity",
            "casualties:russia", "--format", "json"]  # fmt: skip
    status, out, _ = run(argv, capsys)
    result = json.loads(out)
    assert (EXIT_OK, "least_squares", 4) == (status, result["method"], result["claims"])


# --------------------------------------------------------------------------- parse


def test_parse_shows_the_range_and_rates(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["parse", "over 10,000 a week"], capsys)
    assert EXIT_OK == status
    assert "range                          (10,000, inf) person / week" in out
    assert "in a calendar month (28-31 d)  (40,000, inf) person" in out


def test_parse_converts_to_the_unit_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        ["parse", "10,000 a week", "--to", "person / month", "--format", "json"], capsys
    )
    (conversion,) = json.loads(out)["conversions"]
    assert "person / month" == conversion["range"]["unit"]


def test_parse_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["parse", "about 700,000", "--format", "json"], capsys)
    data = json.loads(out)
    assert ["schema_version", "type", "phrase", "range", "conversions"] == list(data)
    assert {"lo": 650_000, "hi": 750_000, "unit": "person"}.items() <= data["range"].items()


def test_parse_json_writes_ranges_as_every_json_document_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(
        ["parse", "over 10,000 a week", "--to", "person / day", "--format", "json"], capsys
    )
    data = json.loads(out)
    value = ck.parse_quantity("over 10,000 a week")
    (conversion,) = data["conversions"]
    assert SCHEMA_VERSION == data["schema_version"]
    assert {**range_to_dict(value), "text": str(value)} == data["range"]
    day = value.to("person / day")
    assert {**range_to_dict(day), "text": str(day)} == conversion["range"]


def test_example_json_has_the_schema_version_of_every_document(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(["example", "--format", "json"], capsys)
    data = json.loads(out)
    assert SCHEMA_VERSION == data["schema_version"] == data["report"]["schema_version"]


def test_parse_a_total_over_a_period_gives_average_rates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(["parse", "over one million", "--period", "2022-02-24/2024-12-12"], capsys)
    assert "per week               (6,849.315068493" in out


def test_parse_an_unreadable_phrase_exits_2_pointing_at_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(["parse", "about 700,00O"], capsys)
    assert EXIT_BAD_INPUT == status
    assert "claimkit: error: cannot read 'about 700,00O'" in err


def test_parse_defines_the_count_units_given(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["parse", "over 300", "--unit", "tank", "--count-unit", "tank:tanks"]
    status, out, _ = run(argv, capsys)
    assert (EXIT_OK, "range   (300, inf) tank") == (status, out.splitlines()[1])
    argv = [
        "parse",
        "about 40 wagons a day",
        "--unit",
        "wagon",
        "--count-unit",
        "wagon",
        "--to",
        "wagon / week",
    ]
    status, out, _ = run(argv, capsys)
    assert (EXIT_OK, "[245, 315] wagon / week") == (status, out.splitlines()[2].split("  ")[-1])


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Tank", "count unit name 'Tank' is not valid"),
        ("tank:", "expected NAME or NAME:PLURAL"),
        ("tank:tanks:more", "expected NAME or NAME:PLURAL"),
    ],
)
def test_a_bad_count_unit_exits_2(
    given: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(["parse", "300", "--count-unit", given], capsys)
    assert EXIT_BAD_INPUT == status
    assert f"--count-unit {given!r}: " in err
    assert expected in err


def test_parse_a_total_over_a_quarter(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["parse", "9,000", "--period", "2025-Q1", "--policy", "rounding=exact"], capsys)
    assert "per day                [100, 100] person / day" in out


def test_parse_a_bad_period_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["parse", "700,000", "--period", "2024-13"], capsys)
    assert EXIT_BAD_INPUT == status
    assert "--period: '2024-13' is not a period" in err


# --------------------------------------------------------------------------- example


def test_the_bundled_files_are_the_repositorys() -> None:
    files = example_files()
    article = ROOT / "seeds" / "nato_rutte_casualties_2024-12-13.txt"
    assert NATO.read_bytes() == Path(files["claims"]).read_bytes()
    assert article.read_bytes() == Path(files["article"]).read_bytes()


def test_example_locates_every_quote_and_checks_the_claims(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(["example", "--format", "json"], capsys)
    data = json.loads(out)
    assert EXIT_OK == status
    assert len(ck.load(NATO)) == len(data["quotes"])
    assert all(row["span"] is not None for row in data["quotes"])
    assert data["report"]["consistent"]


def test_example_reconciles_the_quantities_that_several_claims_state(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(["example", "--format", "json"], capsys)
    (result,) = json.loads(out)["reconciliations"]
    assert ["rutte-russia", "zelenskyy-russia-total"] == [a["claim"] for a in result["adjustments"]]


def test_example_writes_its_files_to_edit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, _ = run(["example", "--write", str(tmp_path)], capsys)
    assert EXIT_OK == status
    assert ck.load(NATO) == ck.load(tmp_path / "nato_2024.toml")


def test_example_does_not_overwrite_an_edited_file_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(["example", "--write", str(tmp_path)], capsys)
    edited = tmp_path / "nato_2024.toml"
    edited.write_text("# my edits\n", encoding="utf-8")
    status, _, err = run(["example", "--write", str(tmp_path)], capsys)
    assert EXIT_BAD_INPUT == status
    assert f"{edited} and " in err
    assert "pass --force to replace them" in err
    assert "# my edits\n" == edited.read_text(encoding="utf-8")
    status, _, _ = run(["example", "--write", str(tmp_path), "--force"], capsys)
    assert EXIT_OK == status
    assert ck.load(NATO) == ck.load(edited)


# --------------------------------------------------------------------------- the program


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["--version"], capsys)
    assert (EXIT_OK, f"claimkit {ck.__version__}\n") == (status, out)


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["--help"], capsys)
    assert EXIT_OK == status
    for command in ("check", "reconcile", "parse", "example"):
        assert f"    {command}" in out


def test_every_option_of_every_command_has_help() -> None:
    import argparse

    from claimkit.cli import _parser

    parser = _parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for name, command in commands.choices.items():
        assert command.description, name
        for action in command._actions:
            assert action.help, f"{name} {action.dest}"


def test_a_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["check"], capsys)
    assert EXIT_BAD_INPUT == status
    assert "the following arguments are required: FILE" in err


def _raise(error: Exception) -> Callable[..., NoReturn]:
    def fail(*args: object, **kwargs: object) -> NoReturn:
        raise error

    return fail


def test_an_error_that_is_not_claimkits_exits_2_with_one_line(
    exact: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("claimkit.cli.check", _raise(ZeroDivisionError("float\ndivision by zero")))
    status, out, err = run(["check", str(exact)], capsys)
    assert (EXIT_BAD_INPUT, "", 1) == (status, out, err.count("\n"))
    assert err.startswith("claimkit: internal error: ZeroDivisionError: float division by zero (")
    assert f"a bug in claimkit {ck.__version__}" in err
    assert "please report it" in err
    assert "--debug" in err
    assert "Traceback" not in err


def test_an_internal_error_names_the_library_that_raised_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pint

    monkeypatch.setattr("claimkit.cli.parse_quantity", _raise(pint.UndefinedUnitError("x")))
    status, _, err = run(["parse", "5"], capsys)
    assert EXIT_BAD_INPUT == status
    assert err.startswith("claimkit: internal error: pint.errors.UndefinedUnitError: ")


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_prints_the_traceback_of_an_internal_error(
    where: str, exact: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("claimkit.cli.check", _raise(ZeroDivisionError("division by zero")))
    argv = ["check", str(exact)]
    argv = ["--debug", *argv] if where == "before" else [*argv, "--debug"]
    status, _, err = run(argv, capsys)
    assert EXIT_BAD_INPUT == status
    assert err.startswith("Traceback (most recent call last):")
    last = err.splitlines()[-1]
    assert last.startswith("claimkit: internal error: ZeroDivisionError: division by zero (")


def test_debug_changes_nothing_else(exact: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", str(exact)], capsys) == run(["check", str(exact), "--debug"], capsys)
    assert EXIT_BAD_INPUT == run(["--debug", "parse", "700,00O"], capsys)[0]


def test_a_closed_pipe_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fd = os.open(os.devnull, os.O_WRONLY)

    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

        def fileno(self) -> int:
            return fd

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    try:
        status = main(["parse", "about 45,690"])
    finally:
        os.close(fd)
    assert (141, "") == (status, capsys.readouterr().err)


def test_the_console_script_runs(exact: Path) -> None:
    script = shutil.which("claimkit", path=str(Path(sys.executable).parent))
    assert script is not None
    result = subprocess.run(
        [script, "check", str(exact), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (EXIT_CONFLICT, "") == (result.returncode, result.stderr)
    assert not json.loads(result.stdout)["consistent"]


def test_python_m_claimkit_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "claimkit", "parse", "about 45,690"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (EXIT_OK, "phrase  about 45,690\nrange   [45,685, 45,695] person\n") == (
        result.returncode,
        result.stdout,
    )
