"""claimkit.distributed on a local Dask cluster: the answers of one machine, and faults.

The cluster (two worker processes) starts once for the module and stops at its end.
The tables come from ``benchmarks/bench_distributed.py`` (:func:`claim_table`),
groups of 90 claims drawn from a hidden true world, some with planted errors.
"""

from __future__ import annotations

import datetime
import importlib.util
import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import claimkit as ck
from claimkit.engine.conflict_sets import skipped_in
from claimkit.errors import ClaimsFileError, InvalidArgumentError, MissingDependencyError
from claimkit.tables import from_frame

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")
pd = pytest.importorskip("pandas")

from claimkit import distributed as ckd  # noqa: E402 -- after the extra is known to be there

ROOT = Path(__file__).resolve().parents[2]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_distributed", ROOT / "benchmarks" / "bench_distributed.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench()


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def _solved(x: float) -> float:
    """A margin that an LP over a block of groups gives, to the solver's precision.

    A group's margin is solved with other groups in one LP, so it differs in its last
    bits with the groups beside it; every other figure is the same to the bit.
    """
    return float(f"{x:.12g}")


def _findings(report: ck.Report) -> list[tuple[Any, ...]]:
    return sorted(
        (f.kind, f.verdict, f.claims, f.touching)
        + (
            (_solved(f.margin), _solved(f.margin_abs))
            if f.kind == "group"
            else (f.margin, f.margin_abs)
        )
        for f in report.findings
    )


def _groups(report: ck.Report) -> list[tuple[Any, ...]]:
    return [(g.claims, g.verdict, g.exact, _solved(g.margin)) for g in report.groups]


def _range(r: ck.Range | None) -> tuple[Any, ...] | None:
    return None if r is None else (_solved(r.lo), _solved(r.hi), r.lo_open, r.hi_open, r.unit)


def _bounds(report: ck.Report) -> list[tuple[Any, ...]]:
    """The bounds; those of conflicting groups (an LP's relaxation) to the solver's precision."""
    return sorted(
        (b.measure, b.subject, b.period, b.claims, b.basis)
        + (
            (_range(b.propagated), _range(b.exact))
            if b.basis == "relaxed"
            else (b.propagated, b.exact)
        )
        for b in report.bounds
    )


def assert_same(one: ck.Report, many: ckd.DistributedReport) -> ck.Report:
    """Assert that a distributed report says what the single-machine report says."""
    whole = many.compute()
    assert one.consistent == many.consistent == whole.consistent
    assert one.counts() == dict(many.counts) == whole.counts()
    assert _findings(one) == _findings(whole)
    assert _bounds(one) == _bounds(whole)
    assert _groups(one) == _groups(whole)
    assert one.components == many.components == whole.components
    assert sorted(one.notes) == sorted(whole.notes)
    assert one.comparisons == whole.comparisons
    assert len(one.claimset) == many.claims
    return whole


@pytest.mark.parametrize(("size", "conflicting"), [(12_000, 0.0), (12_000, 0.03)])
def test_a_generated_table_gives_the_single_machine_report(
    client: Any, size: int, conflicting: float
) -> None:
    frame, relations = BENCH.claim_table(size, seed=3, conflicting=conflicting)
    one = ck.check(from_frame(frame, relations=relations))
    many = ckd.check(frame, relations=relations, client=client, npartitions=6)
    assert 6 == many.partitions
    assert many.components > 100
    assert (conflicting > 0) == (not one.consistent)
    assert not many.exact  # the model is too large for exact bounds, as for one machine
    assert_same(one, many)


def test_one_component_spread_over_many_input_partitions_is_gathered_whole(
    client: Any,
) -> None:
    frame, relations = BENCH.claim_table(1_800, seed=5, conflicting=0.2)
    shuffled = frame.sample(frac=1.0, random_state=1).reset_index(drop=True)
    table = dd.from_pandas(shuffled, npartitions=30, sort=False)
    many = ckd.check(table, relations=relations, client=client, npartitions=4)
    # Each component is in one partition only.
    parts = [set(part["component"]) for part in dask.compute(*many.groups.to_delayed())]
    assert 4 == len(parts)
    assert sum(len(p) for p in parts) == len(set().union(*parts)) > 4
    bounds = many.bounds.compute()
    by_component = bounds.groupby("component")["claims"].apply(
        lambda ids: sorted(i for row in ids for i in row.split(", "))
    )
    ids = {c: set(v) for c, v in by_component.items()}
    for component, members in ids.items():
        prefix = {m.split("-")[0] for m in members}
        assert 1 == len(prefix), (component, prefix)
    assert_same(ck.check(from_frame(frame, relations=relations)), many)


def test_a_small_table_is_checked_whole_with_exact_bounds(client: Any) -> None:
    frame, relations = BENCH.claim_table(270, seed=7, conflicting=0.34)
    one = ck.check(from_frame(frame, relations=relations))
    many = ckd.check(frame, relations=relations, client=client, npartitions=3)
    assert (1, True) == (many.partitions, many.exact)
    assert all(b.exact is not None for b in one.bounds)
    assert_same(one, many)


def test_max_conflicts_keeps_the_conflict_sets_one_machine_lists(client: Any) -> None:
    frame, relations = BENCH.claim_table(2_700, seed=11, conflicting=0.5)
    claims = from_frame(frame, relations=relations)
    every = ck.check(claims, max_conflicts=None)
    sets = [f for f in every.findings if f.kind == "conflict-set"]
    groups = len({g.claims for g in every.groups if g.verdict == "conflict"})
    assert 7 < groups < len(sets) - 3
    # Fewer sets than conflicting groups: one each for the first groups. More: one
    # each, and the rest to the groups in order.
    for limit in (7, groups + 3):
        one = ck.check(claims, max_conflicts=limit)
        many = ckd.check(
            frame, relations=relations, client=client, npartitions=5, max_conflicts=limit
        )
        whole = many.compute()
        assert limit == len([f for f in whole.findings if f.kind == "conflict-set"])
        assert _findings(one) == _findings(whole)
        assert dict(many.counts) == one.counts()
        stopped = [n for n in many.notes if f"max_conflicts={limit}" in n]
        local = [n for n in one.notes if f"max_conflicts={limit}" in n]
        assert [skipped_in(n) for n in stopped] == [skipped_in(n) for n in local]
        assert (limit == 7) == (skipped_in(stopped[0]) > 0)


def _small_claims() -> Any:
    """A table with notes of every kind: a claim with no whole window, a tiny claim."""
    rows = [
        ("big", "killed", "x", "2024-01-01", "2024-02-01", 1e12, 2e12, "person", "total", None),
        ("tiny", "killed", "x", "2024-01-01", "2024-01-02", 1e-3, 2e-3, "person", "total", None),
        ("each", "killed", "y", "2024-01-01", "2024-01-05", 5, 9, "person / week", "rate",
         "each"),
        ("w1", "wounded", "z", "2024-01-01", "2024-02-01", 10, 20, "person", "total", None),
        ("w2", "wounded", "z", "2024-01-01", "2024-02-01", 30, 40, "person", "total", None),
        ("r1", "wounded", "v", "2024-01-01", "2024-01-08", 700, 800, "person / week", "rate",
         None),
        ("t1", "wounded", "v", "2023-12-01", "2024-02-01", 2000, 3000, "person", "total", None),
    ]  # fmt: skip
    names = ["id", "measure", "subject", "start", "end", "lo", "hi", "unit", "kind", "reading"]
    frame = pd.DataFrame(rows, columns=names)
    for column in ("start", "end"):
        frame[column] = [datetime.date.fromisoformat(d) for d in frame[column]]
    return frame


def test_notes_comparisons_and_compare_are_those_of_one_machine(client: Any) -> None:
    frame = _small_claims()
    pairs = [("w1", "r1"), ("big", "t1", "day")]
    one = ck.check(from_frame(frame), compare=pairs, exact_bounds=0)
    many = ckd.check(frame, client=client, npartitions=4, compare=pairs, exact_bounds=0)
    assert 4 == many.partitions
    assert any(n.startswith("claim 'each'") for n in one.notes)
    assert any("'tiny'" in n for n in one.notes)
    assert_same(one, many)


def test_findings_and_bounds_are_written_to_parquet_from_the_workers(
    client: Any, tmp_path: Path
) -> None:
    frame, relations = BENCH.claim_table(1_800, seed=2, conflicting=0.2)
    many = ckd.check(frame, relations=relations, client=client, npartitions=3)
    many.findings.to_parquet(tmp_path / "findings", write_index=False)
    many.bounds.to_parquet(tmp_path / "bounds", write_index=False)
    findings = pd.read_parquet(tmp_path / "findings")
    assert sum(many.counts.values()) == len(findings)
    assert {"kind", "verdict", "margin", "claims", "component", "group"} <= set(findings.columns)
    bounds = pd.read_parquet(tmp_path / "bounds")
    assert isinstance(bounds["start"].iloc[0], datetime.date)
    assert bounds["exact_lo"].isna().all()


def test_parquet_files_are_read_with_their_header(client: Any, tmp_path: Path) -> None:
    frame, relations = BENCH.claim_table(1_800, seed=4, conflicting=0.1)
    BENCH.write_parquet(frame, relations, tmp_path / "claims", 5)
    one = ck.check(from_frame(frame, relations=relations))
    many = ckd.check(str(tmp_path / "claims" / "*.parquet"), client=client, npartitions=3)
    assert_same(one, many)


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing() -> None:
    # A cluster of its own: the worker killed need not come back for the other tests.
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        _kill_a_worker_mid_run(client)


def _kill_a_worker_mid_run(client: Any) -> None:
    frame, relations = BENCH.claim_table(5_400, seed=9, conflicting=0.05)
    one = ck.check(from_frame(frame, relations=relations))
    table = dd.from_pandas(frame, npartitions=6)
    pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_a_worker_while_checking() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            for address, keys in client.processing().items():
                if any("check_part" in str(k) for k in keys):
                    pid = pids[address]
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_a_worker_while_checking)
    killer.start()
    many = ckd.check(table, relations=relations, client=client, npartitions=6)
    killer.join()
    assert killed, "no worker was killed while the partitions were checked"
    whole = assert_same(one, many)
    assert len(whole.findings) == len({(f.kind, f.claims) for f in whole.findings}) or (
        _findings(one) == _findings(whole)
    )


def test_a_component_that_fails_is_reported_and_the_rest_are_kept(client: Any) -> None:
    frame, relations = BENCH.claim_table(1_800, seed=6, conflicting=0.2)
    huge = frame.iloc[:1].assign(id="huge", lo=1e306, hi=1e307, unit="person / day",
                                 kind="rate", subject="a0")  # fmt: skip
    huge["end"] = pd.array([datetime.date(2024, 12, 1)], dtype=frame["end"].dtype)
    table = pd.concat([frame, huge], ignore_index=True)
    with pytest.raises(ck.NumericalError):
        ck.check(from_frame(table, relations=relations))
    many = ckd.check(table, relations=relations, client=client, npartitions=4)
    failures = many.failures
    assert ["NumericalError"] == failures["error"].tolist()
    assert "huge" in failures["message"].iloc[0]
    failed = int(failures["component"].iloc[0])
    assert any(n.startswith(f"component {failed} (") for n in many.notes)
    rest = frame[~frame["subject"].isin(["a0", "b0", "both0"])]
    one = ck.check(from_frame(rest, relations=relations[:1] + relations[2:]))
    kept = many.findings.compute()
    assert failed not in set(kept["component"])
    assert sorted(", ".join(f.claims) for f in one.findings) == sorted(kept["claims"])
    assert (None if one.consistent else False) == many.consistent


def test_rows_that_cannot_be_read_are_numbered_in_the_whole_table(client: Any) -> None:
    frame, relations = BENCH.claim_table(900, seed=8)
    frame = frame.astype({"lo": object})
    frame.loc[3, "lo"] = "many"
    frame.loc[850, "lo"] = "few"
    with pytest.raises(ClaimsFileError) as single:
        from_frame(frame, relations=relations)
    with pytest.raises(ClaimsFileError) as spread:
        ckd.check(dd.from_pandas(frame, npartitions=5), relations=relations, client=client,
                  npartitions=4)  # fmt: skip
    assert str(single.value) == str(spread.value)
    assert "row 3, column 'lo' = 'many'" in str(spread.value)
    assert "row 850, column 'lo' = 'few'" in str(spread.value)


def test_an_id_used_twice_in_two_components_is_an_error(client: Any) -> None:
    frame, relations = BENCH.claim_table(1_800, seed=8)
    frame.loc[1_700, "id"] = frame.loc[3, "id"]
    # Twenty components in twenty partitions: the two rows are read apart.
    with pytest.raises(ClaimsFileError, match=r"claim ids are used more than once: 'g0-"):
        ckd.check(frame, relations=relations, client=client, npartitions=20)


def test_ids_are_made_from_rows_of_the_whole_table(client: Any) -> None:
    frame, relations = BENCH.claim_table(900, seed=8)
    frame.loc[[5, 700], "id"] = None
    one = ck.check(from_frame(frame, relations=relations))
    many = ckd.check(dd.from_pandas(frame, npartitions=7), relations=relations, client=client,
                     npartitions=4)  # fmt: skip
    assert {"row-5", "row-700"} <= set(many.compute().claimset.ids)
    assert_same(one, many)


def test_units_that_do_not_convert_in_one_family_are_an_error(client: Any) -> None:
    frame, relations = BENCH.claim_table(900, seed=8)
    frame.loc[frame["subject"] == "b9", "unit"] = "metre"
    with pytest.raises(ClaimsFileError, match="does not convert"):
        ckd.check(frame, relations=relations, client=client, npartitions=4)


def test_a_misspelt_name_in_a_relation_is_an_error_as_in_one_claim_set(client: Any) -> None:
    frame, _ = BENCH.claim_table(180, seed=8)
    relations = [ck.Sum("casualties", ["killed", "wonded"])]
    with pytest.raises(ClaimsFileError, match="did you mean 'wounded'"):
        ckd.check(frame, relations=relations, client=client)


def test_options_are_checked_before_any_work(client: Any) -> None:
    frame, _ = BENCH.claim_table(90)
    with pytest.raises(InvalidArgumentError, match="tension must be a number from 0 to 1"):
        ckd.check(frame, client=client, tension=2)
    with pytest.raises(InvalidArgumentError, match="npartitions must be an int"):
        ckd.check(frame, client=client, npartitions=0)
    with pytest.raises(InvalidArgumentError, match=r"client must be a dask\.distributed\.Client"):
        ckd.check(frame, client="tcp://x")
    with pytest.raises(InvalidArgumentError, match="reads a dask DataFrame"):
        ckd.check(42, client=client)
    with pytest.raises(ClaimsFileError, match="no Parquet file matches"):
        ckd.check("/nonexistent/*.parquet", client=client)
    with pytest.raises(ClaimsFileError, match="has no column 'subject'"):
        ckd.check(frame.drop(columns=["subject"]), client=client)


def test_without_dask_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def without_distributed(name: str, *args: Any) -> ModuleType:
        if name == "dask.distributed":
            raise ModuleNotFoundError("No module named 'distributed'")
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_distributed)
    frame, _ = BENCH.claim_table(90)
    with pytest.raises(MissingDependencyError, match=r"pip install 'claimkit\[distributed\]'"):
        ckd.check(frame)


def test_a_component_checked_alone_splits_no_total_its_claims_do_not_need(
    client: Any,
) -> None:
    # casualties is split into killed and wounded where some claim names a part; a
    # component that names only casualties is checked without the split, with the
    # same answers.
    frame, relations = BENCH.claim_table(360, seed=12, conflicting=0.5)
    alone = frame[frame["measure"] == "casualties"].copy()
    alone["subject"] = "lonely-" + alone["subject"]
    table = pd.concat([frame, alone.assign(id="lonely-" + alone["id"])], ignore_index=True)
    one = ck.check(from_frame(table, relations=relations), exact_bounds=0)
    many = ckd.check(table, relations=relations, client=client, npartitions=8, exact_bounds=0)
    assert_same(one, many)


# --------------------------------------------------------------------------- the command


def _files(tmp_path: Path, conflicting: float) -> list[str]:
    frame, relations = BENCH.claim_table(1_800, seed=13, conflicting=conflicting)
    return [str(p) for p in BENCH.write_parquet(frame, relations, tmp_path / "data", 3)]


def test_the_command_checks_parquet_files_on_local_workers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimkit.cli import EXIT_CONFLICT, main

    files = _files(tmp_path, 0.2)
    status = main(["check", *files, "--workers", "2", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert (EXIT_CONFLICT, False) == (status, report["consistent"])
    frame, relations = BENCH.claim_table(1_800, seed=13, conflicting=0.2)
    one = ck.check(from_frame(frame, relations=relations))
    assert one.to_dict()["findings"] == report["findings"] or sorted(
        map(json.dumps, one.to_dict()["findings"])
    ) == sorted(map(json.dumps, report["findings"]))


def test_the_command_writes_findings_to_parquet_and_prints_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimkit.cli import EXIT_CONFLICT, main

    files = _files(tmp_path, 0.2)
    output = tmp_path / "findings.parquet"
    status = main(["check", str(tmp_path / "data" / "*.parquet"), "--workers", "2",
                   "--output", str(output)])  # fmt: skip
    out = capsys.readouterr().out
    assert EXIT_CONFLICT == status
    assert out.startswith("1,800 claims: inconsistent; ")
    assert f"findings written to {output}" in out
    written = pd.read_parquet(output)
    assert int(out.split("; ")[1].split()[0].replace(",", "")) == len(written) > 0
    del files


def test_several_files_without_a_cluster_are_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimkit.cli import EXIT_BAD_INPUT, main

    files = _files(tmp_path, 0.0)
    assert EXIT_BAD_INPUT == main(["check", *files])
    assert "several Parquet files are checked together on a Dask cluster, with --workers N" in (
        capsys.readouterr().err
    )
    assert EXIT_BAD_INPUT == main(["check", files[0], "--npartitions", "2"])
    assert "--npartitions needs --workers N" in capsys.readouterr().err


def test_one_machine_writes_findings_to_one_parquet_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimkit.cli import EXIT_CONFLICT, EXIT_OK, main

    output = tmp_path / "findings.parquet"
    nato = ROOT / "examples" / "nato_2024.toml"
    status = main(["check", str(nato), "--output", str(output)])
    report = ck.check(ck.load(str(nato)))
    assert (EXIT_OK if report.consistent else EXIT_CONFLICT) == status
    assert len(report.findings) == len(pd.read_parquet(output))
    assert "findings written to" in capsys.readouterr().out


# --------------------------------------------------------------------------- reconcile

_FIELDS = ("consistent", "total_slack", "chi2", "dof", "p_value", "critical", "suspect",
           "dropped", "alternatives", "optimal", "drop_weight", "adjustments", "measurements",
           "claimset", "reconciled")  # fmt: skip


@pytest.mark.parametrize(
    ("method", "options"),
    [("relax", {}), ("least_squares", {}), ("drop", {"max_alternatives": 300})],
)
def test_reconcile_gives_the_single_machine_result(
    client: Any, method: str, options: dict[str, Any]
) -> None:
    frame, relations = BENCH.claim_table(2_700, seed=2, conflicting=0.3)
    one = ck.reconcile(from_frame(frame, relations=relations), method, **options)
    many = ckd.reconcile(frame, method, relations=relations, client=client, npartitions=4,
                         **options)  # fmt: skip
    whole = many.compute()
    for field in _FIELDS:
        assert getattr(one, field) == getattr(whole, field), field
    # How many groups' tied slacks the solver could not spread depends on the groups
    # solved beside them; every other note is the same.
    spread = "could not spread tied slacks"
    assert [n for n in one.notes if spread not in n] == [n for n in whole.notes if spread not in n]
    assert many.moved == (len(one.dropped) if method == "drop" else len(one.moved)) > 0
    if method == "least_squares":
        assert {m.claim for m in one.measurements if m.flagged} == set(many.flagged) != set()
    adjustments = many.adjustments.compute().sort_values("row")
    assert [a.claim for a in one.adjustments] == adjustments["claim"].tolist()


def test_reconcile_refuses_what_it_cannot_do_apart(client: Any) -> None:
    frame, _ = BENCH.claim_table(90)
    with pytest.raises(InvalidArgumentError, match="by='source' is not offered on a cluster"):
        ckd.reconcile(frame, "drop", by="source", client=client)
    with pytest.raises(InvalidArgumentError, match="method must be one of 'relax'"):
        ckd.reconcile(frame, "stretch", client=client)
    with pytest.raises(InvalidArgumentError, match="level must be a number between 0 and 1"):
        ckd.reconcile(frame, "least_squares", level=2, client=client)


def test_a_partition_is_checked_from_its_columns_as_from_its_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from claimkit.distributed import _tasks
    from claimkit.distributed._input import ROW, prepare

    frame, relations = BENCH.claim_table(2_700, seed=1, conflicting=0.2)
    prepared = prepare(frame, npartitions=2, relations=relations, columns=None, unit=None,
                       policy=None, start=None, sources=None, single=0, what="test")  # fmt: skip
    part = prepared.frame.partitions[0].compute()
    options = _tasks.Options(0.1, 1_000, 1_000)
    columns = _tasks._from_columns(part.sort_values(ROW), prepared.reading, options)
    assert columns is not None  # the claims were read without a Claim per row
    monkeypatch.setattr(_tasks, "_from_columns", lambda *args: None)
    rows = _tasks.check_part(part, prepared.reading, options)
    for name in ("findings", "bounds", "groups"):
        assert getattr(columns, name).equals(getattr(rows, name)), name
    for name in ("counts", "families", "claims", "comparisons", "notes", "conflict_groups"):
        assert getattr(columns, name) == getattr(rows, name), name
