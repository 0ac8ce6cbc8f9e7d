"""Relations: how measures and subjects add up.

A :class:`Sum` says that one quantity is the sum of others, either across
*measures* (casualties are the killed plus the wounded) or across *subjects*
(the casualties of both sides are Russia's plus Ukraine's). Sums nest: a part of
one sum may be the total of another. Time additivity needs no declaration: a total
over a period is always the sum of the totals over its sub-periods.

Together the sums of one kind form a forest. Its *leaves* are the names that are
not split further; every claim is about a sum of leaf series (a leaf measure for a
leaf subject), which is what the consistency engine counts.

>>> from claimkit.claims.relations import Sum
>>> Sum("casualties", ["killed", "wounded"])
Sum('casualties', ('killed', 'wounded'), over='measure')
>>> print(Sum("both", ["russia", "ukraine"], over="subject"))
both = russia + ukraine (over subject)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal, cast

import attrs

from claimkit.errors import RelationError

__all__ = ["Hierarchy", "Over", "Sum"]

#: What a :class:`Sum` adds up: measures (``killed + wounded``) or subjects (``russia + ukraine``).
Over = Literal["measure", "subject"]

_OVER: tuple[str, ...] = ("measure", "subject")


def _check_name(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        msg = (
            f"{what} must be a non-empty name without surrounding spaces, got {value!r}; "
            "use the same spelling as the claims' measure or subject"
        )
        raise RelationError(msg)
    return value


def _to_parts(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"parts must be a list of names such as ['killed', 'wounded'], got {value!r}"
        raise RelationError(msg)
    return tuple(cast("Iterable[str]", value))


@attrs.frozen(repr=False)
class Sum:
    """A quantity that is the sum of other quantities.

    ``Sum("casualties", ["killed", "wounded"])`` declares that, for every subject
    and every period, casualties = killed + wounded. With ``over="subject"`` the
    names are subjects instead: ``Sum("both", ["russia", "ukraine"], over="subject")``
    declares that, for every measure and period, the figure for both sides is
    Russia's plus Ukraine's.

    Parameters
    ----------
    total : str
        The name of the whole.
    parts : iterable of str
        The names of the parts, at least one, all different and different from
        ``total``. The parts are disjoint and together make up the whole: nothing
        is counted twice and nothing is left out. (Declare an incomplete list by
        adding a part for the rest, such as ``"other"``.)
    over : str, default "measure"
        Whether the names are measures (``"measure"``) or subjects (``"subject"``).

    Raises
    ------
    RelationError
        If a name is empty, a part repeats or equals the total, or ``over`` is not
        one of the two options.

    Notes
    -----
    Each part belongs to one total only, and sums may not form a cycle; these rules
    span several relations, so :class:`~claimkit.claims.claimset.ClaimSet` checks them.

    Examples
    --------
    >>> from claimkit.claims.relations import Sum
    >>> s = Sum("casualties", ["killed", "wounded"], over="measure")
    >>> s.parts
    ('killed', 'wounded')
    >>> Sum("casualties", ["killed", "killed"])
    Traceback (most recent call last):
    ...
    claimkit.errors.RelationError: Sum('casualties', ...): part 'killed' is listed twice; ...
    """

    total: str = attrs.field()
    parts: tuple[str, ...] = attrs.field(converter=_to_parts)
    over: Over = attrs.field(default="measure", kw_only=True)

    def __attrs_post_init__(self) -> None:
        _check_name(self.total, "the total of a Sum")
        for part in self.parts:
            _check_name(part, f"a part of Sum({self.total!r}, ...)")
        if self.over not in _OVER:
            msg = (
                f"Sum({self.total!r}, ...): over must be 'measure' or 'subject', got {self.over!r}"
            )
            raise RelationError(msg)
        if not self.parts:
            msg = f"Sum({self.total!r}, ...) has no parts; list at least one part"
            raise RelationError(msg)
        seen: set[str] = set()
        for part in self.parts:
            if part == self.total:
                msg = (
                    f"Sum({self.total!r}, ...): the total is also listed as a part; a "
                    "quantity cannot be a part of itself"
                )
                raise RelationError(msg)
            if part in seen:
                msg = (
                    f"Sum({self.total!r}, ...): part {part!r} is listed twice; list each part once"
                )
                raise RelationError(msg)
            seen.add(part)

    def replace(self, **changes: Any) -> Sum:
        """Return a copy with some fields changed (:func:`attrs.evolve`).

        Examples
        --------
        >>> from claimkit.claims.relations import Sum
        >>> Sum("casualties", ["killed", "wounded"]).replace(total="losses").total
        'losses'
        """
        return attrs.evolve(self, **changes)

    def __str__(self) -> str:
        return f"{self.total} = {' + '.join(self.parts)} (over {self.over})"

    def __repr__(self) -> str:
        return f"Sum({self.total!r}, {self.parts!r}, over={self.over!r})"


@attrs.frozen
class Hierarchy:
    """The validated forest of one kind of sums (measures or subjects).

    A claim set builds one for its measures and one for its subjects
    (:attr:`ClaimSet.measure_hierarchy <claimkit.claims.claimset.ClaimSet.measure_hierarchy>`
    and :attr:`~claimkit.claims.claimset.ClaimSet.subject_hierarchy`); the engine reads
    them to know which series add up to which. Built by :meth:`from_sums`.

    Attributes
    ----------
    over : str
        ``"measure"`` or ``"subject"``.
    children : Mapping[str, tuple[str, ...]]
        Each total and its parts, in the order declared.
    parent : Mapping[str, str]
        Each part and the total it belongs to.

    Examples
    --------
    >>> from claimkit.claims.relations import Hierarchy, Sum
    >>> h = Hierarchy.from_sums([Sum("casualties", ["killed", "wounded"])], "measure")
    >>> h.root("killed"), h.leaves("casualties")
    ('casualties', ('killed', 'wounded'))
    """

    over: str
    children: Mapping[str, tuple[str, ...]]
    parent: Mapping[str, str]

    @classmethod
    def from_sums(cls, sums: Iterable[Sum], over: str) -> Hierarchy:
        """Check the sums of one kind and return their forest.

        Raises
        ------
        RelationError
            If a total is declared twice with different parts, a part is listed
            under two totals, or the sums form a cycle.
        """
        children: dict[str, tuple[str, ...]] = {}
        declared: dict[str, Sum] = {}
        parent: dict[str, str] = {}
        for s in sums:
            if s.over != over:
                continue
            if s.total in declared:
                if declared[s.total] == s:
                    continue
                msg = (
                    f"{s.total!r} is declared as a sum twice, as {declared[s.total]} and "
                    f"as {s}; declare each total once"
                )
                raise RelationError(msg)
            declared[s.total] = s
            children[s.total] = s.parts
            for part in s.parts:
                if part in parent:
                    msg = (
                        f"{part!r} is listed as a part of both {parent[part]!r} and "
                        f"{s.total!r} (over {over}); a name can be a part of one total "
                        "only, or it would be counted twice"
                    )
                    raise RelationError(msg)
                parent[part] = s.total
        # Every name has at most one parent, so a cycle shows as a walk upwards that
        # comes back to where it started.
        for start in parent:
            seen = [start]
            node = start
            while node in parent:
                node = parent[node]
                if node == start:
                    chain = " -> ".join([*reversed(seen), start])
                    msg = (
                        f"the sums over {over} form a cycle ({chain}): a quantity "
                        "cannot be a part of its own parts"
                    )
                    raise RelationError(msg)
                seen.append(node)
        return cls(over, children, parent)

    @property
    def names(self) -> frozenset[str]:
        """Every name that appears in a sum of this kind."""
        return frozenset(self.children) | frozenset(self.parent)

    def root(self, name: str) -> str:
        """Return the top of the tree that ``name`` belongs to (``name`` if none)."""
        while name in self.parent:
            name = self.parent[name]
        return name

    def ancestors(self, name: str) -> tuple[str, ...]:
        """Return the totals above ``name``, nearest first."""
        found: list[str] = []
        while name in self.parent:
            name = self.parent[name]
            found.append(name)
        return tuple(found)

    def leaves(self, name: str) -> tuple[str, ...]:
        """Return the leaf names under ``name`` (``(name,)`` for a leaf), in order."""
        parts = self.children.get(name)
        if parts is None:
            return (name,)
        return tuple(leaf for part in parts for leaf in self.leaves(part))

    def effective_leaves(self, name: str, split: frozenset[str]) -> tuple[str, ...]:
        """Return the pieces ``name`` is cut into when only the ``split`` names are cut.

        The engine does not split a total into its parts unless some claim (or
        query) needs one of the parts: a model of "casualties" that nobody breaks
        down has one series, not one per part. Splitting more never changes what is
        feasible, because any non-decreasing count can be split into non-decreasing
        parts.
        """
        parts = self.children.get(name)
        if parts is None or name not in split:
            return (name,)
        return tuple(leaf for part in parts for leaf in self.effective_leaves(part, split))

    def needs_split(self, mentioned: Iterable[str]) -> frozenset[str]:
        """Return the totals that must be split to express every mentioned name."""
        split: set[str] = set()
        for name in mentioned:
            split.update(self.ancestors(name))
        return frozenset(split)
