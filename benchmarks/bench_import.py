"""Import time of claimkit against pint and numpy, side by side in fresh interpreters.

Usage: python benchmarks/bench_import.py [--rounds N] [--no-cache] [BEFORE_SRC]

Each candidate statement runs in a fresh interpreter, which times it (interpreter
start-up is left out, as every candidate pays it alike): the wall time, and the
processor time, which load from other work on the machine disturbs less. The
candidates are ``import pint, numpy``; ``import claimkit``; ``import claimkit`` then
one Range, which builds pint's unit registry; and, for scale, ``import pint, numpy``
then pint's registry alone. When BEFORE_SRC names the ``src`` folder of another
checkout, both claimkit statements also run on that checkout. Rounds are interleaved
so that load on the machine affects every candidate alike; the best round counts, as
the least disturbed; the ratios are to the best of ``import pint, numpy``.

Modules are read from bytecode caches, as an installed package is (pip writes them at
install, and Python on the first import): the caches live in a private folder
(``PYTHONPYCACHEPREFIX``, so the checkout is not touched), written by one untimed run
of each candidate. ``--no-cache`` keeps the environment as it is instead: where
``PYTHONDONTWRITEBYTECODE`` is set and the checkout has no caches, claimkit's modules
are compiled from source on every run while pint's and numpy's come from the caches
pip wrote, which charges claimkit for its compilation.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

IMPORT = "import claimkit"
RANGE = "import claimkit; claimkit.Range(1, 2, 'person')"
BASE = "import pint, numpy"
REGISTRY = "import pint, numpy; pint.get_application_registry().Quantity(1, 'day')"

#: The child's program: time the statement alone, after interpreter start-up.
PROGRAM = (
    "import time\n_t, _c = time.perf_counter(), time.process_time()\n{}\n"
    "print(time.perf_counter() - _t, time.process_time() - _c)\n"
)


def run(statement: str, env: dict[str, str]) -> tuple[float, float]:
    """Return the wall and processor milliseconds of ``statement`` in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM.format(statement)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    wall, cpu = done.stdout.split()[-2:]
    return float(wall) * 1000, float(cpu) * 1000


def measure(
    candidates: dict[str, tuple[str, dict[str, str]]], rounds: int
) -> dict[str, list[tuple[float, float]]]:
    """Return each candidate's (wall, processor) times over ``rounds`` interleaved rounds."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in candidates}
    for _ in range(rounds):
        for name, (statement, env) in candidates.items():
            times[name].append(run(statement, env))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before_src", nargs="?", help="the src folder of another checkout")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--no-cache", action="store_true", help="keep the environment as it is")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as cache:
        env = dict(os.environ)
        if not args.no_cache:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = cache
        candidates = {
            BASE: (BASE, env),
            IMPORT: (IMPORT, env),
            RANGE: (RANGE, env),
            "import pint, numpy; pint's registry": (REGISTRY, env),
        }
        if args.before_src:
            before = dict(env, PYTHONPATH=args.before_src)
            candidates[f"{IMPORT} (BEFORE_SRC)"] = (IMPORT, before)
            candidates[f"{RANGE} (BEFORE_SRC)"] = (RANGE, before)
        if not args.no_cache:
            measure(candidates, 1)  # writes the bytecode caches
        times = measure(candidates, args.rounds)
    base_wall = min(wall for wall, _ in times[BASE])
    base_cpu = min(cpu for _, cpu in times[BASE])
    print("bytecode:", "as the environment has it" if args.no_cache else "cached")
    print(f"{'statement':60s} {'wall: best':>10s} {'median':>6s} {'ratio':>5s}", end="")
    print(f"  {'processor: best':>15s} {'ratio':>5s}")
    for name, values in times.items():
        walls = [wall for wall, _ in values]
        best_cpu = min(cpu for _, cpu in values)
        print(
            f"{name:60s} {min(walls):7.0f} ms {statistics.median(walls):6.0f}"
            f" {min(walls) / base_wall:5.2f}  {best_cpu:12.0f} ms {best_cpu / base_cpu:5.2f}"
        )


if __name__ == "__main__":
    main()
