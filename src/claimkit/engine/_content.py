"""The content of a report: its findings, bounds and groups, made when first asked for.

Internal: :func:`claimkit.check` makes it and a
:class:`~claimkit.engine.report.Report` holds it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.engine.columns import VERDICT_ORDER, FindingColumns
from claimkit.engine.words import Phrases

if TYPE_CHECKING:
    import claimkit.engine.groups
    from claimkit.engine.report import Finding, QuantityBounds

__all__ = ["VERDICTS", "FindingTable", "ReportContent"]

#: The verdicts a report counts.
VERDICTS: tuple[str, ...] = ("consistent", "tension", "conflict")

Ints = NDArray[np.int64]


class FindingTable:
    """The findings of a check as columns in the report's order, all or a slice at a time.

    ``objects`` makes the findings made as objects (conflict sets, groups, ratios);
    ``local(ks)`` the local findings ``ks`` as columns, and their relations as
    :class:`~claimkit.engine.words.Phrases`; ``order`` lists the local findings by
    verdict and ``ranks`` gives their verdicts' places in
    :data:`~claimkit.engine.columns.VERDICT_ORDER`. Within a verdict the findings
    made as objects come first, as
    :meth:`~claimkit.engine.columns.FindingColumns.by_verdict` orders
    ``objects.then(local)``. A slice makes the columns of its findings only, so that
    the findings of ten million claims can be read a million at a time.
    """

    def __init__(
        self,
        objects: Callable[[], list[Finding]],
        local: Callable[[Ints], tuple[FindingColumns, Phrases]],
        order: Ints,
        ranks: NDArray[np.integer[Any]],
    ) -> None:
        self._objects = objects
        self._local = local
        self._order = order
        self._ranks = ranks
        self._made: tuple[FindingColumns, Ints] | None = None

    def _merged(self) -> tuple[FindingColumns, Ints]:
        """Return the findings made as objects, and where each finding comes from.

        Entry ``j`` of the second is finding ``j``'s index among the objects, or the
        number of objects plus its place in ``order``.
        """
        if self._made is None:
            objects = FindingColumns.of(self._objects())
            rank = np.zeros(objects.n, dtype=np.int64)
            for k, verdict in enumerate(VERDICT_ORDER):
                rank[objects.verdict == verdict] = k
            merged = np.argsort(np.concatenate([rank, self._ranks]), kind="stable")
            self._made = (objects, merged.astype(np.int64))
        return self._made

    def __call__(self, rows: slice) -> FindingColumns:
        """Return the findings ``rows`` (a slice of the report's order) as columns."""
        table, relations = self.phrased(rows)
        return attrs.evolve(table, relation=relations.texts())

    def phrased(self, rows: slice) -> tuple[FindingColumns, Phrases]:
        """Return the findings ``rows`` as columns, and their relations as phrases.

        The columns' ``relation`` is not to be read: the phrases say it. Each
        finding is put back at its place in ``rows``: ``merged`` lists the findings
        by verdict, those made as objects first within one, as
        :meth:`~claimkit.engine.columns.FindingColumns.by_verdict` orders them.
        """
        objects, merged = self._merged()
        picked = merged[rows]
        made = picked < objects.n
        local, words = self._local(self._order[picked[~made] - objects.n])
        if not made.any():  # local findings only, in their places already
            return local, words
        mine = objects.take(picked[made])
        places = np.concatenate([np.flatnonzero(made), np.flatnonzero(~made)])
        back = np.argsort(places).astype(np.int64)
        return mine.then(local).take(back), Phrases.of(mine.relation).then(words).take(back)


class ReportContent:
    """The findings and bounds of a report, made into objects when first asked for.

    A check of many claims yields about as many findings and bounds; building
    them as Python objects costs more than deciding them, so a :class:`Report`
    keeps them as arrays until they are read. Internal: :func:`.check` makes it.
    """

    def __init__(
        self,
        *,
        findings: Callable[[], list[Finding]],
        select: Callable[[str], list[Finding]],
        bounds: Callable[[], list[QuantityBounds]],
        counts: dict[str, int] | Callable[[], dict[str, int]],
        groups: Callable[[], list[claimkit.engine.groups.Group]] = list,
        table: FindingTable | None = None,
    ) -> None:
        self._table = table
        self._findings = findings
        self._select = select
        self._bounds = bounds
        self._groups = groups
        self._counts = counts
        self._cache: dict[str, tuple[Any, ...]] = {}

    @property
    def counts(self) -> dict[str, int]:
        """How many findings have each verdict (worked out when first asked for)."""
        if callable(self._counts):
            self._counts = dict(self._counts())
        return self._counts

    @classmethod
    def of(
        cls,
        findings: Iterable[Finding] = (),
        bounds: Iterable[QuantityBounds] = (),
        groups: Iterable[claimkit.engine.groups.Group] = (),
    ) -> ReportContent:
        """Return content holding ready-made findings and bounds.

        Examples
        --------
        >>> from claimkit.engine.report import ReportContent
        >>> ReportContent.of().counts
        {'consistent': 0, 'tension': 0, 'conflict': 0}
        """
        found = list(findings)
        bound = list(bounds)
        group = list(groups)
        counts = dict.fromkeys(VERDICTS, 0)
        for f in found:
            counts[f.verdict] += 1
        return cls(
            findings=lambda: found,
            select=lambda verdict: [f for f in found if f.verdict == verdict],
            bounds=lambda: bound,
            counts=counts,
            groups=lambda: group,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the findings and bounds themselves, made now if not read yet.

        The functions that make them are closures over the solved model, which do not
        pickle; content loaded back holds the objects, as :meth:`of` makes it.
        """
        return (ReportContent.of, (self.get("findings"), self.get("bounds"), self.get("groups")))

    def table(self, rows: slice | None = None) -> FindingColumns:
        """Return the findings as columns (from the objects if nothing makes them directly).

        All of them are kept once made; ``rows`` (a slice of the findings' order) are
        made anew from the arrays, and not kept, unless all are kept already.
        """
        found: FindingColumns
        if "table" in self._cache:
            found = self._cache["table"][0]
        elif self._table is not None and rows is not None:
            return self._table(rows)
        else:
            if self._table is None:
                found = FindingColumns.of(self.get("findings"))
            else:
                found = self._table(slice(None))
            self._cache["table"] = (found,)
        return found if rows is None else found.take(np.arange(found.n, dtype=np.int64)[rows])

    def phrased(self, rows: slice) -> tuple[FindingColumns, Phrases]:
        """Return findings ``rows`` as columns, their relations as phrases (see :meth:`table`).

        The columns' ``relation`` is not to be read: the phrases say it.
        """
        if "table" in self._cache or self._table is None:
            found = self.table(rows)
            return found, Phrases.of(found.relation)
        return self._table.phrased(rows)

    def get(self, key: str) -> tuple[Any, ...]:
        """Return the findings (``"findings"``), bounds, groups, or findings of one verdict."""
        found = self._cache.get(key)
        if found is None:
            if key == "findings":
                found = tuple(self._findings())
            elif key == "bounds":
                found = tuple(self._bounds())
            elif key == "groups":
                found = tuple(self._groups())
            else:
                found = tuple(self._select(key))
            self._cache[key] = found
        return found
