"""Components from metadata: which (measure, subject) keys can bear on each other.

Claims interact only through the leaf series they count (a leaf measure of a leaf
subject, see :mod:`claimkit.claims.relations`): two claims that share no series
cannot constrain each other, whatever their periods. Which series a claim counts
depends on its measure, its subject and the relations alone, so the independent
groups of a claim table are decided before any claim is read: a small graph over
the distinct (measure, subject) keys, where a key is linked to every series it
counts. A claim's component is then a lookup of its key.

The series are the engine's: a total is split into its parts only where some key
names a part (:meth:`~claimkit.claims.relations.Hierarchy.effective_leaves`), so a
key counts the *pieces* its names are cut into. Two keys share a series exactly
when they share a (measure piece, subject piece) pair. Time needs no link: every
claim of one key is in that key's component, whatever its period.

A key whose pieces make more than :data:`MAX_PIECE_PAIRS` pairs (a total over
thousands of subjects for a total over hundreds of measures) is not expanded: it
and every key under the same two hierarchy roots become one component. Coarser
components are always correct (they only put claims that cannot interact in one
check); finer ones never are.

>>> from claimkit.claims.relations import Sum
>>> from claimkit.distributed.components import component_keys
>>> keys = [("killed", "x"), ("wounded", "x"), ("killed", "y"), ("casualties", "y")]
>>> component_keys(keys, [Sum("casualties", ["killed", "wounded"])])
{('casualties', 'y'): 0, ('killed', 'x'): 1, ('killed', 'y'): 0, ('wounded', 'x'): 2}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

import numpy as np

from claimkit.claims.relations import Hierarchy, Sum
from claimkit.errors import InvalidArgumentError

__all__ = ["MAX_PIECE_PAIRS", "checked_relations", "component_keys", "relations_for"]

#: A key whose measure and subject are cut into more (measure piece, subject piece)
#: pairs than this is grouped by its hierarchy roots instead (see the module notes).
MAX_PIECE_PAIRS = 100_000


def checked_relations(relations: Iterable[Sum]) -> tuple[Sum, ...]:
    """Return the relations as a tuple, after checking that each is a Sum.

    Raises
    ------
    InvalidArgumentError
        If one is not a :class:`~claimkit.claims.relations.Sum`.
    """
    given: tuple[object, ...] = tuple(relations)
    for item in given:
        if not isinstance(item, Sum):
            msg = f"relations must be Sum objects, got {type(item).__name__} {item!r}"
            raise InvalidArgumentError(msg)
    return cast("tuple[Sum, ...]", given)


def _hierarchies(relations: Iterable[Sum]) -> tuple[Hierarchy, Hierarchy]:
    given = checked_relations(relations)
    return Hierarchy.from_sums(given, "measure"), Hierarchy.from_sums(given, "subject")


def component_keys(
    keys: Iterable[tuple[str, str]],
    relations: Iterable[Sum] = (),
    *,
    max_pairs: int = MAX_PIECE_PAIRS,
) -> dict[tuple[str, str], int]:
    """Return the component of each (measure, subject) key.

    Keys in different components share no leaf series, so their claims can be
    checked apart. Components are numbered from 0 in the order of their smallest
    key, so the numbering depends on the keys and relations alone, not on their order.

    Parameters
    ----------
    keys : iterable of (str, str)
        The distinct (measure, subject) pairs of the claims (repeats are ignored).
    relations : iterable of Sum
        The claims' relations.
    max_pairs : int, default MAX_PIECE_PAIRS
        Keys cut into more (measure, subject) pieces than this are grouped by their
        hierarchy roots (coarser, and still correct).

    Returns
    -------
    dict
        Each key, sorted, and its component.

    Raises
    ------
    RelationError
        If the relations do not form a forest (see
        :meth:`~claimkit.claims.relations.Hierarchy.from_sums`).
    InvalidArgumentError
        If a relation is not a Sum, or a key is not a pair of strings.

    Examples
    --------
    >>> from claimkit.claims.relations import Sum
    >>> from claimkit.distributed.components import component_keys
    >>> both = Sum("both", ["russia", "ukraine"], over="subject")
    >>> found = component_keys([("killed", "russia"), ("killed", "both"),
    ...                         ("killed", "ukraine"), ("wounded", "russia")], [both])
    >>> for key, component in found.items():
    ...     print(key, component)
    ('killed', 'both') 0
    ('killed', 'russia') 0
    ('killed', 'ukraine') 0
    ('wounded', 'russia') 1
    """
    measures, subjects = _hierarchies(relations)
    ordered = sorted(set(keys))
    for key in ordered:
        if not (isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, str) for k in key)):
            msg = f"a key must be a (measure, subject) pair of strings, got {key!r}"
            raise InvalidArgumentError(msg)
    split_m = measures.needs_split(m for m, _ in ordered)
    split_s = subjects.needs_split(s for _, s in ordered)
    nodes: dict[tuple[str, str], int] = {}
    left: list[int] = []
    right: list[int] = []

    def link(k: int, node: tuple[str, str]) -> None:
        left.append(k)
        right.append(nodes.setdefault(node, len(ordered) + len(nodes)))

    pieces_m: dict[str, tuple[str, ...]] = {}
    pieces_s: dict[str, tuple[str, ...]] = {}
    for k, (m, s) in enumerate(ordered):
        pm = pieces_m.get(m) or pieces_m.setdefault(m, measures.effective_leaves(m, split_m))
        ps = pieces_s.get(s) or pieces_s.setdefault(s, subjects.effective_leaves(s, split_s))
        if len(pm) * len(ps) > max_pairs:
            # Linking to the roots' node joins every key under both roots.
            link(k, ("\0root:" + measures.root(m), "\0root:" + subjects.root(s)))
            continue
        for a in pm:
            for b in ps:
                link(k, (a, b))
    coarse = {(m, s) for (m, s) in nodes if m.startswith("\0root:")}
    if coarse:
        # Every key under coarsened roots joins their node too.
        for k, (m, s) in enumerate(ordered):
            node = ("\0root:" + measures.root(m), "\0root:" + subjects.root(s))
            if node in coarse:
                link(k, node)
    labels = _connected(len(ordered) + len(nodes), np.array(left), np.array(right))
    # Renumber in the order of each component's smallest key.
    first: dict[int, int] = {}
    for label in labels[: len(ordered)].tolist():
        first.setdefault(label, len(first))
    return {key: first[int(labels[k])] for k, key in enumerate(ordered)}


def _connected(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Return the connected component of each of ``n`` nodes given the edges."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix(
        (np.ones(left.shape[0], dtype=np.int8), (left.astype(np.int64), right.astype(np.int64))),
        shape=(n, n),
    )
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels, dtype=np.int64)


def relations_for(
    relations: Iterable[Sum], measures: Iterable[str], subjects: Iterable[str]
) -> tuple[Sum, ...]:
    """Return the relations that claims about these measures and subjects need.

    A sum is needed when its total is split: when some named measure (or subject)
    lies under it. Its other sums cannot change what those claims count, and leaving
    them out keeps a part of the table from being checked against names that only
    other parts use.

    Examples
    --------
    >>> from claimkit.claims.relations import Sum
    >>> from claimkit.distributed.components import relations_for
    >>> sums = [Sum("casualties", ["killed", "wounded"]),
    ...         Sum("both", ["russia", "ukraine"], over="subject")]
    >>> relations_for(sums, ["killed", "casualties"], ["x"])
    (Sum('casualties', ('killed', 'wounded'), over='measure'),)
    """
    given = tuple(relations)
    h_m, h_s = _hierarchies(given)
    split = {
        "measure": h_m.needs_split(measures),
        "subject": h_s.needs_split(subjects),
    }
    return tuple(s for s in given if s.total in split[s.over])
