"""Benchmark the consistency engine: model build, feasibility, propagation, check().

Synthetic claim sets drawn from a hidden true world (so they are consistent), in
groups of about 100 claims that share series (each group is one component):

- daily cumulative totals of ``killed`` and ``wounded`` for one subject,
  rounded as a source would round them ("about 45,700");
- weekly average rates of ``casualties`` (= killed + wounded) for that subject;
- monthly totals of ``casualties`` for a second subject;
- a total of ``casualties`` for ``both`` subjects (a subject sum) over the run.

Run ``python benchmarks/bench_check.py`` (sizes 1e3, 1e4, 1e5 claims) or
``--quick`` (1e3 and 1e4, for a smoke run). Figures go to benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import numpy as np

import claimkit as ck
from claimkit.engine import components as _engine
from claimkit.engine import conflict_sets as _conflict_sets
from claimkit.engine import exact_bounds as _exact_bounds
from claimkit.engine import propagate as _propagate
from claimkit.engine.highs import Status, solve
from claimkit.engine.model import build_with_info

START = date(2024, 1, 1)
DAYS = 40  # daily totals per series and group


def claimset(n_claims: int, *, seed: int = 0) -> ck.ClaimSet:
    """Return a consistent synthetic claim set of about ``n_claims`` claims."""
    rng = np.random.default_rng(seed)
    claims: list[ck.Claim] = []
    relations: list[ck.Sum] = [ck.Sum("casualties", ["killed", "wounded"])]
    group = 0
    period = ck.Period(START, START + timedelta(DAYS))
    while len(claims) < n_claims:
        a, b, both = f"a{group}", f"b{group}", f"both{group}"
        relations.append(ck.Sum(both, [a, b], over="subject"))
        truth = {
            (m, s): rng.integers(50, 400, DAYS).astype(float)
            for m in ("killed", "wounded")
            for s in (a, b)
        }
        for measure in ("killed", "wounded"):
            daily = np.cumsum(truth[(measure, a)])
            for day in range(DAYS):
                value = ck.Range.around(float(daily[day]), "person", rel=0.002)
                claims.append(
                    ck.Claim(
                        id=f"g{group}-{measure}-{day}",
                        measure=measure,
                        subject=a,
                        period=ck.Period(START, START + timedelta(day + 1)),
                        kind="total",
                        value=value,
                    )
                )
        casualties_a = truth[("killed", a)] + truth[("wounded", a)]
        for week in range(DAYS // 7):
            weekly = float(casualties_a[7 * week : 7 * week + 7].sum())
            claims.append(
                ck.Claim(
                    id=f"g{group}-weekly-{week}",
                    measure="casualties",
                    subject=a,
                    period=ck.Period(START + timedelta(7 * week), START + timedelta(7 * week + 7)),
                    kind="rate",
                    value=ck.Range.around(weekly, "person / week", rel=0.05),
                )
            )
        casualties_b = truth[("killed", b)] + truth[("wounded", b)]
        for first in range(0, DAYS - 9, 10):
            claims.append(
                ck.Claim(
                    id=f"g{group}-b-{first}",
                    measure="casualties",
                    subject=b,
                    period=ck.Period(START + timedelta(first), START + timedelta(first + 10)),
                    kind="total",
                    value=ck.Range.around(
                        float(casualties_b[first : first + 10].sum()), "person", rel=0.01
                    ),
                )
            )
        everything = float(casualties_a.sum() + casualties_b.sum())
        claims.append(
            ck.Claim(
                id=f"g{group}-both",
                measure="casualties",
                subject=both,
                period=period,
                kind="total",
                value=ck.Range.more_than(0.9 * everything, "person"),
            )
        )
        group += 1
    return ck.ClaimSet(claims[:n_claims], relations=relations)


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Return the best wall time of ``repeat`` runs and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def read_all(report: ck.Report) -> int:
    """Read every finding and bound of a report (they are built when first read)."""
    return len(report.findings) + len(report.bounds)


def bare_highs(model: Any) -> float:
    """One HiGHS call on the whole model (all components in one LP), as check() sees it."""
    lp = model.lp(0, model.n_components, strict_shift=_engine.STRICT_TOLERANCE)
    t0 = time.perf_counter()
    status = solve(lp)
    elapsed = time.perf_counter() - t0
    assert status is Status.FEASIBLE
    return elapsed


def lp_bounds(model: Any, info: Any, limit: int) -> tuple[float, int]:
    """Time exact LP bounds for the first ``limit`` claim quantities."""
    quantities = []
    seen: set[int] = set()
    for i in range(len(info.set_id)):
        q = int(info.quantity[i])
        if q in seen or info.n_rows[i] == 0:
            continue
        seen.add(q)
        quantities.append((info.series(i), int(info.span_start[i]), int(info.span_end[i])))
        if len(quantities) >= limit:
            break
    t0 = time.perf_counter()
    _exact_bounds.bounds_lp(model, quantities)
    return time.perf_counter() - t0, len(quantities)


def run(sizes: list[int], repeat: int) -> list[dict[str, float]]:
    ck.check(claimset(200))  # warm-up: imports of scipy.sparse and highspy, registries
    rows = []
    for n in sizes:
        claims = claimset(n)
        t_build, (model, info, _) = best(lambda c=claims: build_with_info(c), repeat)
        t_feas, ok = best(lambda m=model: _engine.feasible_components(m), repeat)
        assert ok.all()
        t_prop, _ = best(lambda m=model: _propagate.propagate(m), repeat)
        t_check, report = best(lambda c=claims: ck.check(c), repeat)
        assert report.consistent
        t_full, _ = best(lambda c=claims: read_all(ck.check(c)), 1)
        t_bare = min(bare_highs(model) for _ in range(repeat))
        t_lp, n_lp = lp_bounds(model, info, 2000)
        n_quantities = len(report.bounds)
        rows.append(
            {
                "claims": n,
                "components": model.n_components,
                "rows": model.n_rows,
                "vars": model.n_vars,
                "build": t_build,
                "feasibility": t_feas,
                "propagation": t_prop,
                "check": t_check,
                "full": t_full,
                "bare": t_bare,
                "findings": len(report.findings),
                "lp_bounds_per_quantity": t_lp / max(n_lp, 1),
                "quantities": n_quantities,
            }
        )
        print(
            f"n={n:>7,}  comps={model.n_components:>5,}  rows={model.n_rows:>7,}  "
            f"build {t_build:7.3f}s  feasibility {t_feas:7.3f}s  propagation {t_prop:7.3f}s  "
            f"check {t_check:7.3f}s  bare HiGHS {t_bare:7.3f}s  findings {len(report.findings):,}  "
            f"check + reading bounds and findings {t_full:7.3f}s",
            flush=True,
        )
    return rows


# -- inconsistent sets, side by side with the same sets made consistent ---------------


def daily_with_windows(n_days: int, n_windows: int, *, clash: bool, seed: int = 0) -> ck.ClaimSet:
    """Exact cumulative daily totals plus 10-day totals, contradictory when ``clash``.

    Set (a): each contradictory 10-day total is 50% above the difference of the two
    cumulative totals at its ends, so each forms a conflict set of three claims.
    """
    rng = np.random.default_rng(seed)
    cum = np.cumsum(rng.integers(50, 400, n_days)).astype(float)
    claims = [
        ck.Claim(
            id=f"day-{d:05d}",
            measure="killed",
            subject="a",
            kind="total",
            period=ck.Period(START, START + timedelta(d + 1)),
            value=ck.Range.exact(float(cum[d]), "person"),
        )
        for d in range(n_days)
    ]
    step = n_days // n_windows
    for k in range(n_windows):
        first = k * step + 1
        true = float(cum[first + 9] - cum[first - 1])
        claims.append(
            ck.Claim(
                id=f"ten-{k:04d}",
                measure="killed",
                subject="a",
                kind="total",
                period=ck.Period(START + timedelta(first), START + timedelta(first + 10)),
                value=ck.Range.around(1.5 * true if clash else true, "person", rel=0.01),
            )
        )
    return ck.ClaimSet(claims)


def two_sources(n_claims: int, *, clash: bool, seed: int = 0) -> ck.ClaimSet:
    """Set (b): two sources give the same cumulative daily series, each with its own noise.

    Each figure is read "about" (0.1%); with ``clash`` each source is off the truth by
    independent noise of 0.3% (so many of their figures disagree, in overlapping
    ways), else both give the truth.
    """
    rng = np.random.default_rng(seed)
    n_days = n_claims // 2
    cum = np.cumsum(rng.integers(50, 400, n_days)).astype(float)
    claims = []
    for source in ("ministry", "agency"):
        noise = rng.normal(0.0, 0.003, n_days) if clash else np.zeros(n_days)
        for d in range(n_days):
            claims.append(
                ck.Claim(
                    id=f"{source}-{d:05d}",
                    measure="killed",
                    subject="a",
                    kind="total",
                    period=ck.Period(START, START + timedelta(d + 1)),
                    value=ck.Range.around(float(cum[d] * (1 + noise[d])), "person", rel=0.001),
                    source=ck.Source(source),
                )
            )
    return ck.ClaimSet(claims)


def shifted(n_claims: int, *, clash: bool, seed: int = 0) -> ck.ClaimSet:
    """Set (c): the grouped sets of :func:`claimset`, 1% of claims moved out of their truth."""
    base = claimset(n_claims, seed=seed)
    if not clash:
        return base
    rng = np.random.default_rng(seed + 1)
    claims = list(base.claims)
    for i in rng.choice(len(claims), size=max(1, len(claims) // 100), replace=False).tolist():
        c = claims[i]
        claims[i] = c.replace(value=c.value * 1.5)
    return ck.ClaimSet(claims, relations=base.relations)


def verify_sample(claims: ck.ClaimSet, report: ck.Report, n: int = 100) -> int:
    """Check up to ``n`` conflict sets (evenly spread) infeasible and irreducible.

    Returns how many were checked; raises ``AssertionError`` on a set that is not.
    """
    from claimkit.engine.conflicts import irreducible

    canonical = claims.canonical
    model, _, _ = build_with_info(canonical)
    index = {c.id: i for i, c in enumerate(canonical.claims)}
    sets = [f for f in report.conflicts if f.kind == "conflict-set"]
    picked = sets[:: max(1, len(sets) // n)][:n]
    for finding in picked:
        assert irreducible(model, [index[i] for i in finding.claims]), finding.claims
    return len(picked)


CONFLICT_SETS: dict[str, Callable[..., ck.ClaimSet]] = {
    "a": lambda n, clash: daily_with_windows(n, n // 100, clash=clash),
    "b": lambda n, clash: two_sources(n, clash=clash),
    "c": lambda n, clash: shifted(n, clash=clash),
}
CONFLICT_SIZES = {
    "a": [2_000, 6_000, 20_000],
    "b": [2_000, 6_000, 20_000],
    "c": [1_000, 10_000, 100_000],
}


class _Timed:
    """Stands in for ``engine.conflict_sets.conflicts_of`` in a check, adding up its time."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.search = _conflict_sets.conflicts_of

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return self.search(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - t0


def check_timed(claims: ck.ClaimSet) -> tuple[float, float, float, ck.Report]:
    """Return the time of ``check()``, its processor time, the part of it spent searching
    for conflict sets (``engine.conflict_sets.conflicts_of``: finding and checking the sets),
    and the report. Processor time counts this process only: on a machine shared
    with other work it is the steadier figure.
    """
    timed = _Timed()
    _conflict_sets.conflicts_of = timed
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        report = ck.check(claims)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        return wall, cpu, timed.seconds, report
    finally:
        _conflict_sets.conflicts_of = timed.search


def run_conflicts(
    which: list[str], repeat: int, *, verify: bool, timeout: float, sizes: list[int] | None
) -> None:
    """Time check() on sets (a), (b), (c), inconsistent and consistent, side by side."""
    ck.check(claimset(200))
    print(
        "| set | claims | consistent check (s) | processor time (s) | inconsistent check (s) "
        "| processor time (s) | of which the search for conflict sets (s) | conflict sets "
        "| checked |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for key in which:
        for n in sizes or CONFLICT_SIZES[key]:
            good = CONFLICT_SETS[key](n, False)
            bad = CONFLICT_SETS[key](n, True)
            good_runs = [check_timed(good) for _ in range(repeat)]
            t_good = min(r[0] for r in good_runs)
            cpu_good = min(r[1] for r in good_runs)
            assert good_runs[-1][3].consistent
            times, cpus, searches = [], [], []
            for _ in range(repeat):
                seconds, cpu, search, report = check_timed(bad)
                times.append(seconds)
                cpus.append(cpu)
                searches.append(search)
                if seconds > timeout:
                    break
            assert not report.consistent
            n_sets = sum(f.kind == "conflict-set" for f in report.conflicts)
            checked = verify_sample(bad, report) if verify else 0
            print(
                f"| ({key}) | {len(bad):,} | {t_good:.3f} | {cpu_good:.3f} | {_spread(times)} "
                f"| {_spread(cpus)} | {_spread(searches)} | {n_sets:,} | {checked} |",
                flush=True,
            )


def _spread(times: list[float]) -> str:
    return f"{min(times):.2f}-{max(times):.2f}" if len(times) > 1 else f"{times[0]:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes 1e3 and 1e4, one run each")
    parser.add_argument(
        "--conflicts",
        nargs="*",
        choices=sorted(CONFLICT_SETS),
        help="time the inconsistent sets (a), (b), (c) instead (all three if none named)",
    )
    parser.add_argument("--sizes", type=int, nargs="+", help="claims per set (with --conflicts)")
    parser.add_argument(
        "--no-verify", action="store_true", help="do not check a sample of the conflict sets"
    )
    args = parser.parse_args(argv)
    if args.conflicts is not None:
        run_conflicts(
            args.conflicts or sorted(CONFLICT_SETS),
            1 if args.quick else 3,
            verify=not args.no_verify,
            timeout=60.0,
            sizes=args.sizes,
        )
        return 0
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    repeat = 1 if args.quick else 3
    rows = run(sizes, repeat)
    print()
    print(
        "| claims | components | build (s) | feasibility (s) | propagation (s) | check (s) "
        "| bare HiGHS (s) | check / bare | check, then read every finding and bound (s) "
        "| propagation speed-up over LP bounds |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        speedup = r["lp_bounds_per_quantity"] * r["quantities"] / r["propagation"]
        print(
            f"| {r['claims']:,} | {r['components']:,} | {r['build']:.3f} | {r['feasibility']:.3f} "
            f"| {r['propagation']:.3f} | {r['check']:.3f} | {r['bare']:.3f} "
            f"| {r['check'] / r['bare']:.1f}x | {r['full']:.3f} | {speedup:,.0f}x |"
        )
    growth = [b["check"] / a["check"] for a, b in itertools.pairwise(rows)]
    print()
    print("growth of check() per 10x claims:", ", ".join(f"{g:.1f}x" for g in growth))
    print("median:", f"{statistics.median(growth):.1f}x" if growth else "-")
    return 0


if __name__ == "__main__":
    sys.exit(main())
