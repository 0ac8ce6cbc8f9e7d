"""Benchmark reconciling whole claim sets: ``method="drop"`` against ``method="relax"``.

The grouped synthetic sets of ``bench_check.py`` (groups of about 100 claims that
share series, each group one component), with 1% of the claims shifted out of their
truth (their ranges times 1.5). For each size the script times ``drop`` and ``relax``
on the same set, and reports how many claims ``drop`` set aside against how many were
shifted (a shifted claim whose range still holds the truth, such as a wide "more
than", need not go; two shifted claims may clash with each other only).

It also times route (a) of the "Drop" section of benchmarks/README.md, one MIP per
conflicting component with a binary per claim and big-M rows (``--big-m``), which
``drop`` does not use, to compare it with the implicit hitting sets that ``drop`` uses.

Run ``python benchmarks/bench_reconcile.py`` (1e4 and 1e5 claims) or ``--sizes N ...``.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

import claimkit as ck

sys.path.insert(0, str(Path(__file__).parent))
from bench_check import claimset


def shifted(n_claims: int, *, seed: int = 0) -> tuple[ck.ClaimSet, list[str]]:
    """Return the grouped set with 1% of its claims shifted, and the shifted ids."""
    base = claimset(n_claims, seed=seed)
    rng = np.random.default_rng(seed + 1)
    claims = list(base.claims)
    picked = rng.choice(len(claims), size=max(1, len(claims) // 100), replace=False).tolist()
    for i in picked:
        claims[i] = claims[i].replace(value=claims[i].value * 1.5)
    return ck.ClaimSet(claims, relations=base.relations), [claims[i].id for i in picked]


def timed(fn: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def big_m(claims: ck.ClaimSet) -> tuple[float, float, int, int]:
    """Route (a): one big-M MIP per conflicting component; time, weight, wrong sets, fails.

    Binary ``z_c`` per claim; a claim row ``lo <= a x <= hi`` becomes
    ``a x >= lo (1 - z_c)`` (a row's value is never negative) and
    ``a x <= hi + M z_c``, with ``M`` the row's days times its series (at least its
    number of increments) times twice the largest finite bound of the component (a
    feasible rest has a point whose every increment is at most that), less its upper
    bound, over the row's scale. Returns the time, the total
    weight, how many components' chosen sets do not in fact leave the rest feasible
    (big-M's tolerance at work) and how many MIPs HiGHS did not solve to optimality.
    """
    from highspy import HighsModelStatus, HighsVarType

    from claimkit.engine.components import STRICT_TOLERANCE, feasible_components
    from claimkit.engine.highs import Status, load, solve
    from claimkit.engine.model import build

    t0 = time.perf_counter()
    ordered = claims.canonical
    model = build(ordered)
    bad = np.flatnonzero(~feasible_components(model)).tolist()
    total = 0.0
    wrong = fails = 0
    for comp in bad:
        lp = model.lp(comp, comp + 1, strict_shift=STRICT_TOLERANCE)
        n = lp.n_claim_rows
        claims_of = np.unique(lp.row_claim)
        col = np.searchsorted(claims_of, lp.row_claim)
        r0 = int(model.comp_row_ptr[comp])
        scale = model.row_scale[r0 : r0 + n]
        top = float(
            np.max(
                np.where(np.isfinite(model.rows.hi[r0 : r0 + n]), model.rows.hi[r0 : r0 + n], 0.0)
            )
        )
        top = max(
            top,
            float(
                np.max(
                    np.where(
                        np.isfinite(model.rows.lo[r0 : r0 + n]), model.rows.lo[r0 : r0 + n], 0.0
                    )
                )
            ),
        )
        steps = (model.rows.end[r0 : r0 + n] - model.rows.start[r0 : r0 + n]) * np.diff(
            model.rows.series_ptr
        )[r0 : r0 + n]
        top = 2.0 * top if top > 0 else 1.0
        h = load(lp)
        nz = claims_of.shape[0]
        h.addCols(
            nz,
            np.ones(nz),
            np.zeros(nz),
            np.ones(nz),
            0,
            np.zeros(0, np.int32),
            np.zeros(0, np.int32),
            np.zeros(0),
        )
        h.changeColsIntegrality(
            nz,
            np.arange(lp.n_col, lp.n_col + nz, dtype=np.int32),
            np.array([HighsVarType.kInteger] * nz),
        )
        lo, hi = lp.row_lo[:n].copy(), lp.row_hi[:n].copy()
        m_hi = steps * top / scale - np.where(np.isfinite(hi), hi, 0.0)
        rows = np.arange(n, dtype=np.int32)
        # Each claim row becomes two one-sided rows with z_c's coefficient.
        h.changeRowsBounds(n, rows, np.full(n, -np.inf), np.full(n, np.inf))
        for r in range(n):
            idx = np.arange(int(lp.start[r]), int(lp.start[r + 1]))
            cols = np.concatenate([lp.index[idx], [lp.n_col + col[r]]]).astype(np.int32)
            if np.isfinite(lo[r]) and lo[r] > 0:
                h.addRow(
                    lo[r], np.inf, cols.shape[0], cols, np.concatenate([lp.value[idx], [lo[r]]])
                )
            if np.isfinite(hi[r]):
                h.addRow(
                    -np.inf, hi[r], cols.shape[0], cols, np.concatenate([lp.value[idx], [-m_hi[r]]])
                )
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.0)
        h.setOptionValue("time_limit", 60.0)
        h.run()
        if h.getModelStatus() != HighsModelStatus.kOptimal:
            fails += 1
            continue
        z = np.asarray(h.getSolution().col_value)[lp.n_col :] > 0.5
        total += float(z.sum())
        keep = r0 + np.flatnonzero(~z[col])
        rest = model.lp(comp, comp + 1, strict_shift=STRICT_TOLERANCE, rows=keep)
        wrong += solve(rest) is not Status.FEASIBLE
    return time.perf_counter() - t0, total, wrong, fails


def trap(days: int = 400) -> ck.ClaimSet:
    """Return a set that big-M programs get wrong: a small miss on a large total.

    Exact cumulative totals of a million a day, and a claim that the total over the
    whole run is at most 300 below the last of them. check() finds the conflict (300
    in 4e8 is far above its tolerance of 1e-9 of the claim), but the trap's binary
    needs only to reach about 1e-9 to release its row, below the integrality
    tolerance of 1e-6: the program sets nothing aside.
    """
    start = date(2024, 1, 1)
    claims = [
        ck.Claim(
            id=f"day-{d:03d}",
            measure="killed",
            subject="a",
            kind="total",
            period=ck.Period(start, start + timedelta(d + 1)),
            value=ck.Range.exact(1e6 * (d + 1), "person"),
        )
        for d in range(days)
    ]
    claims.append(
        ck.Claim(
            id="trap",
            measure="killed",
            subject="a",
            kind="total",
            period=ck.Period(start, start + timedelta(days)),
            value=ck.Range.at_most(1e6 * days - 300, "person"),
        )
    )
    return ck.ClaimSet(claims)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--big-m", action="store_true", help="also time route (a), big-M MIPs")
    parser.add_argument("--no-relax", action="store_true", help="do not time relax")
    args = parser.parse_args(argv)
    ck.reconcile(shifted(200)[0], method="drop")  # warm-up: imports and registries
    print("| claims | shifted | drop (s) | set aside | relax (s) | drop / relax | big-M (s) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in args.sizes:
        claims, moved = shifted(n)
        t_drop, result = timed(lambda c=claims: ck.reconcile(c, method="drop"))
        assert result.consistent, result.notes
        assert result.optimal, result.notes
        t_relax = float("nan")
        if not args.no_relax:
            t_relax, relaxed = timed(lambda c=claims: ck.reconcile(c, method="relax"))
            assert relaxed.consistent
        m_text = "-"
        if args.big_m:
            t_m, weight, wrong, fails = big_m(claims)
            m_text = f"{t_m:.2f} (weight {weight:g}, {wrong} wrong, {fails} unsolved)"
        print(
            f"| {n:,} | {len(moved):,} | {t_drop:.2f} | {len(result.dropped):,} "
            f"(weight {result.drop_weight:g}) | {t_relax:.2f} | {t_drop / t_relax:.2f}x | "
            f"{m_text} |",
            flush=True,
        )
    if args.big_m:
        claims = trap()
        result = ck.reconcile(claims, method="drop")
        _, weight, wrong, _ = big_m(claims)
        print(
            f"\ntrap: check() consistent: {ck.check(claims).consistent}; drop sets aside "
            f"{result.dropped} (or {result.alternatives}); big-M sets aside weight {weight:g}, "
            f"{wrong} component(s) where the rest does not in fact hold"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
