"""Putting the partitions' results together on the driver (internal).

Most of a report is the union of its partitions': findings, bounds, groups and
comparisons belong to one independent group each. What :func:`~claimkit.engine.checking.check`
decides over the whole claim set is decided here again, from the partitions'
small summaries:

- whether the bounds are exact: a check computes exact bounds only when its whole
  model has at most ``exact_bounds`` rows, so a partition's exact bounds are kept
  only if the table's model is that small (then the table is checked in one
  partition);
- ``max_conflicts``: shared out round by round: each conflicting group, in the
  order of its first claim, gets one conflict set until that many groups have one,
  then each a second set, in the same order, then a third, and so on; the partitions
  search with the same limit (so each finds at least the sets the whole check keeps
  of its groups), and the sets past what the whole check would keep are dropped
  (the search of a group is the same in a partition as in the whole check, so what
  is kept is what one check lists);
- the notes that speak of the whole set (how many groups conflict, claims too
  small for the solver to check to their own size).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from claimkit.distributed._tasks import Failure, PartResult
from claimkit.engine.conflict_sets import STOPPED, limit_note, share_out, skipped_in
from claimkit.errors import ClaimsFileError
from claimkit.tables import MAX_ROW_ERRORS
from claimkit.values.units import is_compatible

__all__ = ["Decision", "bad_rows", "decide", "merge_notes", "unit_families"]


def bad_rows(results: Sequence[Any]) -> ClaimsFileError | None:
    """Return one error for the rows that cannot be read in any partition, or None.

    ``results`` are the partitions' results, each with ``bad`` (row and problem
    pairs) and ``bad_more`` (problems not listed).
    """
    problems: dict[str, int] = {}
    more = 0
    for result in results:
        more += result.bad_more
        for row, text in result.bad:
            problems.setdefault(text, row)
    if not problems:
        return None
    ordered = sorted(problems, key=lambda text: (problems[text], text))
    if len(ordered) == 1 and not more:
        return ClaimsFileError(ordered[0])
    shown = ordered[:MAX_ROW_ERRORS]
    hidden = len(ordered) - len(shown) + more
    tail = f"\n  ... and {hidden} more (claimkit.tables.MAX_ROW_ERRORS)" if hidden else ""
    total = len(ordered) + more
    msg = f"{total} rows cannot be read:\n  " + "\n  ".join(shown) + tail
    return ClaimsFileError(msg)


def unit_families(results: Sequence[PartResult]) -> ClaimsFileError | None:
    """Return the error for a measure family counted in units that do not convert, or None.

    A claim set counts each measure family in one unit; the partitions each see a
    part of a family, so their units are compared here.
    """
    seen: dict[str, tuple[str, str]] = {}
    for result in results:
        for family, (unit, claim) in sorted(result.families.items()):
            first = seen.setdefault(family, (unit, claim))
            if first[0] != unit and not is_compatible(first[0], unit):
                msg = (
                    f"claim {claim!r} counts the measure family {family!r} in {unit!r}, which "
                    f"does not convert to {first[0]!r}, the unit of claim {first[1]!r} in the "
                    "same family; state both in units of one kind, or use different measures"
                )
                return ClaimsFileError(msg)
    return None


@attrs.frozen
class Decision:
    """What the driver decided over the whole table, sent back to the partitions.

    Attributes
    ----------
    exact : bool
        Whether the bounds keep their exact ends.
    allowed : Mapping[str, int]
        For each group (by its first claim) whose conflict sets pass the limit, how
        many of them are kept.
    truncated : bool
        Whether the search for conflict sets stopped at ``max_conflicts``.
    skipped : int
        How many conflicting groups were not searched at all.
    """

    exact: bool
    allowed: Mapping[str, int]
    truncated: bool = False
    skipped: int = 0


def decide(results: Sequence[PartResult], *, exact: bool, max_conflicts: int | None) -> Decision:
    """Decide which conflict sets are kept, and whether bounds are exact.

    As :func:`~claimkit.engine.conflict_sets.conflicts_of` shares ``max_conflicts`` out
    (:func:`~claimkit.engine.conflict_sets.share_out`): round by round, each group, in
    order, one more set while it has one. A partition's groups get at least as many
    sets as in the whole check (fewer groups share the same limit), so the sets each
    partition found of a group are enough to share out as the whole check does.
    """
    groups = sorted(g for r in results for g in r.conflict_groups)
    allowed: dict[str, int] = {}
    truncated = any(note.startswith(STOPPED) for r in results for note in r.notes)
    # A partition leaves unsearched only groups that come after max_conflicts of its
    # own have a set: past the limit for the whole check too.
    skipped = sum(skipped_in(note) for r in results for note in r.notes)
    if max_conflicts is not None:
        shares = share_out([found for _, found in groups], max_conflicts)
        for (first, found), share in zip(groups, shares, strict=True):
            allowed[first] = share
            skipped += share == 0
            truncated = truncated or found > share
    return Decision(exact=exact, allowed=allowed, truncated=truncated, skipped=skipped)


_PER_CLAIM = re.compile(r"\Aclaim (?:'[^']*'|\"[^\"]*\"): ")
_SMALL = re.compile(
    r"\Aclaims (?P<ids>.+?)(?: and (?P<more>\d+) more)? (?P<rest>are smaller than .*)\Z", re.DOTALL
)
_ID = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
#: The note on the bounds of conflicting groups counts them ("the 3 conflicting groups").
_GROUPS = re.compile(r"\b(\d+) conflicting (group)s?\b")
_LOCAL = "a local finding conflicts although the solver found the whole set feasible"
#: How many claims the note on claims too small for the solver names (as check() does).
_SMALL_SHOWN = 8


def merge_notes(
    results: Sequence[PartResult],
    decision: Decision,
    *,
    max_conflicts: int | None,
    failures: Iterable[Failure],
) -> tuple[str, ...]:
    """Return the notes of the whole check from the partitions' notes."""
    per_claim: list[str] = []
    small: list[str] = []
    small_more = 0
    small_rest = ""
    counted_notes: dict[str, int] = {}
    local = False
    other: dict[str, None] = {}
    for result in results:
        for note in result.notes:
            small_note = _SMALL.match(note)
            groups_note = _GROUPS.search(note)
            if note.startswith(STOPPED):
                continue  # said again below, for the whole table
            if _PER_CLAIM.match(note):
                per_claim.append(note)
            elif small_note is not None:
                ids = small_note.group("ids")
                small.extend(ast.literal_eval(token) for token in _ID.findall(ids))
                small_more += int(small_note.group("more") or 0)
                small_rest = small_note.group("rest")
            elif groups_note is not None:
                key = _GROUPS.sub("\0", note, count=1)
                counted_notes[key] = counted_notes.get(key, 0) + int(groups_note.group(1))
            elif note.startswith(_LOCAL):
                local = True
            else:
                other[note] = None
    notes = sorted(per_claim)
    if small:
        listed = sorted(small)
        shown = ", ".join(repr(i) for i in listed[:_SMALL_SHOWN])
        more = len(listed) - _SMALL_SHOWN + small_more if len(listed) > _SMALL_SHOWN else small_more
        tail = f" and {more} more" if more else ""
        notes.append(f"claims {shown}{tail} {small_rest}")
    if decision.truncated and max_conflicts is not None:
        notes.append(limit_note(max_conflicts, None, decision.skipped))
    for key, n in counted_notes.items():
        notes.append(key.replace("\0", f"{n} conflicting group{'' if n == 1 else 's'}", 1))
    if local and not counted_notes:
        notes.append(next(n for r in results for n in r.notes if n.startswith(_LOCAL)))
    notes.extend(other)
    for failure in failures:
        notes.append(
            f"component {failure.component} ({failure.claims} claims, the first "
            f"{failure.first!r}) was not checked: {failure.error}: {failure.message}"
        )
    return tuple(notes)


def kept(findings: Any, allowed: Mapping[str, int]) -> Any:
    """Return a partition's findings without the conflict sets past the limit."""
    if not allowed or findings.empty:
        return findings
    limit = findings["group"].map(lambda g: allowed.get(g, -1))
    drop = (findings["kind"] == "conflict-set") & (limit >= 0) & (findings["_rank"] >= limit)
    return findings[~drop.to_numpy()].reset_index(drop=True)


def counted(results: Sequence[PartResult], allowed: Mapping[str, int]) -> dict[str, int]:
    """Return the findings of each verdict, without the conflict sets past the limit."""
    counts = {"consistent": 0, "tension": 0, "conflict": 0}
    for result in results:
        for verdict, n in result.counts.items():
            counts[verdict] = counts.get(verdict, 0) + n
    found: Mapping[str, int] = {g: n for r in results for g, n in r.conflict_groups}
    counts["conflict"] -= sum(found[g] - n for g, n in allowed.items() if g in found)
    return counts
