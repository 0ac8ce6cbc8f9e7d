"""The entry point :func:`check`: validate the arguments, solve in the order of the ids."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.engine._steps import Progress, run
from claimkit.engine.columns import TableClaims
from claimkit.engine.report import EXACT_BOUNDS_ROWS, MAX_CONFLICTS, TENSION, Report
from claimkit.errors import InvalidArgumentError

__all__ = ["check"]


def check(
    claims: ClaimSet | TableClaims | Iterable[Claim],
    *,
    compare: Iterable[Sequence[str]] = (),
    tension: float = TENSION,
    exact_bounds: int = EXACT_BOUNDS_ROWS,
    max_conflicts: int | None = MAX_CONFLICTS,
    progress: Progress | None = None,
) -> Report:
    """Check whether claims fit together; name the ones that clash and by how much.

    Parameters
    ----------
    claims : ClaimSet, TableClaims or iterable of Claim
        The claims (a plain list is wrapped in a claim set without relations). A
        :class:`~claimkit.engine.columns.TableClaims` holds them as columns, as
        :func:`claimkit.tables.check_table` reads a table (``claimkit.check`` passes
        it a pandas DataFrame or a pyarrow Table); the report is the same as for
        the claim set the table holds, and a :class:`~claimkit.claims.claim.Claim`
        is made only where a finding or a note is read as an object.
    compare : iterable of (str, str) or (str, str, str)
        Extra pairs of claim ids to show side by side as average rates (see
        :class:`.Comparison`); a third item names the time unit (``"week"`` by
        default, or the first rate claim's). Every rate claim is also compared,
        automatically, with the nearest total claim about the same quantity over an
        enclosing period.
    tension : float, default 0.10
        A consistent group whose margin is below this is reported as a tension.
    exact_bounds : int, default 1000
        Compute exact LP bounds for every quantity a claim mentions when the model
        has at most this many rows; above it, ``bounds`` hold propagated bounds
        only (:meth:`.Report.implied` is exact at any size).
    max_conflicts : int or None, default 1000
        At most this many conflict sets (irreducible conflicting groups) in all;
        ``None`` for no limit. Conflict sets may share claims: every claim that
        belongs to some conflict set is named in at least one (within the search's
        neighbourhoods, see "The linear model"). The limit is shared breadth first:
        each conflicting group, in turn, gets one conflict set until that many
        groups have one, then each a second set, in the same order, then a third,
        and so on. When the limit is reached a note says so: whether every conflicting
        group has a conflict set listed, how many groups were not searched, and how
        many more claims may belong to conflict sets not listed.

    progress : callable, optional
        Called as ``progress(done, total, stage)`` as the check moves on: ``done`` of
        ``total`` stages finished, ``stage`` what it does next (``"building the
        model"``, ``"deciding each group and each finding"``, ``"searching for
        conflict sets"``, ``"gathering the findings"``, and ``"done"`` with
        ``done == total``). The
        command line shows it on a terminal when a check takes more than a second.

    Returns
    -------
    Report

    Raises
    ------
    InvalidClaimError, RelationError
        If ``claims`` is not a valid claim set.
    UnknownIdError
        If ``compare`` names an unknown claim.
    InvalidArgumentError
        If a ``compare`` entry is not a tuple or list of two or three strings (a
        string ``"ab"`` is not the pair ``("a", "b")``), ``tension`` is not a
        number from 0 to 1, ``exact_bounds`` is not an int of at least 0, or
        ``max_conflicts`` is neither None nor an int of at least 1, or ``progress``
        is neither None nor callable.
    NumericalError
        If a claim's total over its period, in its measure's count unit, is beyond
        the largest float (about 1.8e308), or (never seen) the LP solver stops
        without an answer.

    Notes
    -----
    The claims are solved in the order of their ids, so that the verdict does not
    depend on the order they were given in (a solver's verdict on claims that only
    just hold can); a conflict set lists its claims by id.

    Tolerances: a claim counts as met when missed by less than 1e-9 of its size,
    and a strict end is honoured with a clearance of 1e-8 of the claim's size.
    Claims that meet exactly where one of them has a strict end ("over 1,000,000"
    against "at most 1,000,000") conflict with margin 0 and ``touching=True``.
    Figures of any size are checked alike, from subnormal ones to 1e308: each group
    of claims is scaled by its largest figure, and each claim is still held to its
    own size: the solver's every "feasible" is confirmed by checking its solution
    against every claim at the claim's own scale (re-solving when one is missed by
    more), so adding a claim, however large, never hides a conflict. A claim
    smaller than a millionth of the largest claim it is tied to is checked to 1e-15
    of that claim's size instead (a note says so).

    Examples
    --------
    >>> from datetime import date
    >>> import claimkit as ck
    >>> war = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
    >>> total = ck.Claim(id="total", measure="casualties", subject="both", period=war,
    ...                  kind="total", value=ck.Range.more_than(1_000_000, "person"))
    >>> weekly = ck.Claim(id="weekly", measure="casualties", subject="both",
    ...                   period=ck.Period.week_ending(date(2024, 12, 11)), kind="rate",
    ...                   value=ck.Range.more_than(10_000, "person / week"))
    >>> report = ck.check([total, weekly])
    >>> comparison = report.comparisons[0]
    >>> comparison.claims
    ('weekly', 'total')
    >>> [str(v) for v in comparison.values]
    ['(10,000, inf) person / week', '(6,849.31506849315, inf) person / week']
    """
    given = claims if isinstance(claims, ClaimSet | TableClaims) else ClaimSet(claims)
    # Solved in the order of their ids: a verdict on claims that only just hold must
    # not depend on the order they were given in (table claims are kept sorted).
    claimset = given.canonical if isinstance(given, ClaimSet) else given
    pairs = []
    if isinstance(compare, str):
        msg = f"check(): compare must be a list of (id_a, id_b) pairs, got the string {compare!r}"
        raise InvalidArgumentError(msg)
    for item in compare:
        if not isinstance(item, tuple | list):
            # A string is a sequence of strings too: "ab" would be read as ("a", "b").
            msg = (
                "check(): each compare entry must be a tuple or list, (id_a, id_b) or "
                f"(id_a, id_b, time_unit), got the {type(item).__name__} {item!r}"
            )
            raise InvalidArgumentError(msg)
        entry = tuple(item)
        if len(entry) not in (2, 3) or not all(isinstance(x, str) for x in entry):
            msg = (
                f"each compare entry must be (id_a, id_b) or (id_a, id_b, time_unit), got {item!r}"
            )
            raise InvalidArgumentError(msg)
        for claim_id in entry[:2]:
            _ = claimset[claim_id]  # an unknown id raises UnknownIdError, with suggestions
        pairs.append(entry)
    if isinstance(tension, bool) or not isinstance(tension, float | int) or not 0 <= tension <= 1:
        msg = f"check(): tension must be a number from 0 to 1, got {tension!r}"
        raise InvalidArgumentError(msg)
    for name, value, least in (
        ("exact_bounds", exact_bounds, 0),
        ("max_conflicts", 1 if max_conflicts is None else max_conflicts, 1),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            msg = f"check(): {name} must be an int of at least {least}, got {value!r}"
            if name == "max_conflicts":
                msg += " (or None for no limit)"
            raise InvalidArgumentError(msg)
    hook: object = progress  # a caller without type checks may pass anything
    if hook is not None and not callable(hook):
        msg = (
            "check(): progress must be None or a function called as progress(done, total, "
            f"stage), got {type(progress).__name__} {progress!r}"
        )
        raise InvalidArgumentError(msg)
    return run(
        claimset,
        compare=pairs,
        tension=float(tension),
        exact_bounds=int(exact_bounds),
        max_conflicts=None if max_conflicts is None else int(max_conflicts),
        progress=progress,
    )
