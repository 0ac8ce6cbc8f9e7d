"""The ``claimkit example`` command: the worked example on the bundled article."""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import IO, Any, Final

from claimkit.claims.claimset import ClaimSet
from claimkit.cli._common import EXIT_CONFLICT, EXIT_OK, UsageError, render
from claimkit.cli._reconcile import quantities
from claimkit.engine.checking import check
from claimkit.files.claimsfile import load
from claimkit.reconciliation import reconcile
from claimkit.render import SCHEMA_VERSION

__all__ = ["bundled_files", "run_example"]

_EXAMPLE_FILES: Final = ("nato_2024.toml", "nato_rutte_casualties_2024-12-13.txt")


def bundled_files() -> dict[str, str]:
    """Return the paths of the bundled example's claims file and article (see ``example_files``).

    Examples
    --------
    >>> from pathlib import Path
    >>> from claimkit.cli._example import bundled_files
    >>> sorted(Path(path).suffix for path in bundled_files().values())
    ['.toml', '.txt']
    """
    folder = resources.files("claimkit") / "_example"
    claims, article = (str(folder / name) for name in _EXAMPLE_FILES)
    return {"claims": claims, "article": article}


def run_example(args: argparse.Namespace, out: IO[str]) -> int:
    files = {key: Path(path) for key, path in bundled_files().items()}
    if args.write is not None:
        target = Path(args.write)
        there = [target / path.name for path in files.values() if (target / path.name).exists()]
        if there and not args.force:
            names = " and ".join(str(path) for path in there)
            msg = (
                f"{names} already exist{'s' if len(there) == 1 else ''}; an edited copy would "
                "be lost: write to another DIR, or pass --force to replace "
                f"{'it' if len(there) == 1 else 'them'}"
            )
            raise UsageError(msg)
        target.mkdir(parents=True, exist_ok=True)
        for path in files.values():
            shutil.copyfile(path, target / path.name)
            print(f"wrote {target / path.name}", file=out)
        return EXIT_OK
    claimset = load(files["claims"])
    text = files["article"].read_text(encoding="utf-8")
    report = check(claimset)
    reconciliations = _reconcile_all(claimset)
    if args.format == "json":
        data = {
            "schema_version": SCHEMA_VERSION,
            "type": "example",
            "claims_file": files["claims"].name,
            "article": files["article"].name,
            "quotes": _quotes(claimset, text),
            "report": report.to_dict(),
            "reconciliations": [r.to_dict() for r in reconciliations],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False), file=out)
        return EXIT_OK if report.consistent else EXIT_CONFLICT
    markdown = args.format == "markdown"
    section: Callable[[str], str] = (lambda t: f"\n## {t}\n") if markdown else (
        lambda t: f"\n{t}\n{'=' * len(t)}\n"
    )  # fmt: skip
    print(section("The article").lstrip("\n"), file=out)
    print(f"{files['article'].name}: {len(claimset)} claims, quoted at these places:\n", file=out)
    for row in _quotes(claimset, text):
        span = row["span"]
        where = "not in the article" if span is None else f"characters {span[0]}-{span[1]}"
        print(f"{'- ' if markdown else '  '}{row['claim']}: {row['quote']!r} ({where})", file=out)
    print(section("Consistency"), file=out)
    print(render(report, args.format), file=out)
    for result in reconciliations:
        print(section(f"Reconciling {result.measure} of {result.subject}"), file=out)
        print(render(result, args.format), file=out)
    return EXIT_OK if report.consistent else EXIT_CONFLICT


def _quotes(claimset: ClaimSet, text: str) -> list[dict[str, Any]]:
    """Return where each claim's quote is in ``text``: its span, if it is there."""
    rows = []
    for claim in claimset:
        span = None
        if claim.span is not None and text[slice(*claim.span)] == claim.quote:
            span = list(claim.span)
        elif claim.quote is not None and claim.quote in text:
            start = text.index(claim.quote)
            span = [start, start + len(claim.quote)]
        rows.append({"claim": claim.id, "quote": claim.quote, "span": span})
    return rows


def _reconcile_all(claimset: ClaimSet) -> list[Any]:
    """Reconcile, by the stretch method, every quantity that two or more claims state."""
    groups = quantities(claimset).values()
    return [reconcile(group, method="stretch") for group in groups if len(group) > 1]
