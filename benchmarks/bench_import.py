"""Import time of claimkit against pint and numpy, side by side in fresh interpreters.

Usage: python benchmarks/bench_import.py [BEFORE_SRC]

Each round imports ``pint, numpy`` and ``claimkit`` (and, when BEFORE_SRC names the
``src`` folder of another checkout, that checkout's claimkit) in fresh interpreters
with ``-X importtime``, summing the top-level modules' cumulative times. Rounds are
interleaved so that load on the machine affects every candidate alike; the best of 15
counts.
"""

from __future__ import annotations

import os
import subprocess
import sys


def total(code: str, env: dict[str, str] | None = None) -> float:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    ms = 0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|")
        if name.startswith(" ") and not name.startswith("  "):
            ms += int(cumulative)
    return ms / 1000


def main() -> None:
    candidates: dict[str, tuple[str, dict[str, str] | None]] = {
        "import pint, numpy": ("import pint, numpy", None),
        "import claimkit": ("import claimkit", None),
    }
    if len(sys.argv) > 1:
        env = dict(os.environ, PYTHONPATH=sys.argv[1])
        candidates["import claimkit (BEFORE_SRC)"] = ("import claimkit", env)
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(15):
        for name, (code, env) in candidates.items():
            times[name].append(total(code, env))
    base = min(times["import pint, numpy"])
    for name, values in times.items():
        values.sort()
        print(
            f"{name:32s} best {values[0]:5.0f} ms  median {values[len(values) // 2]:5.0f} ms"
            f"  best / best of pint+numpy {values[0] / base:.2f}"
        )


if __name__ == "__main__":
    main()
