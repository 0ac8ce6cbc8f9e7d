"""The claims of each independent group, kept as one array (internal)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
from numpy.typing import NDArray

__all__ = ["Members"]

Ints = NDArray[np.int64]


class Members(Mapping[int, list[int]]):
    """Each group's claims (indices, in order), as ``{group: [claim, ...]}``.

    ``order`` holds the claims group by group, ``groups`` the groups in that order and
    ``ptr`` where each one's claims start and end. A list is made when a group is
    looked up: a dict of lists would hold a Python int per claim (about 40 bytes each,
    400 MB for ten million claims) for as long as the report lives.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine._members import Members
    >>> members = Members(np.array([2, 5]), np.array([0, 3, 1]), np.array([0, 2, 3]))
    >>> dict(members), members.sizes.tolist(), members.firsts.tolist()
    ({2: [0, 3], 5: [1]}, [2, 1], [0, 1])
    """

    def __init__(self, groups: Ints, order: Ints, ptr: Ints) -> None:
        self._at = {group: k for k, group in enumerate(groups.tolist())}
        self.groups, self._order, self._ptr = groups, order, ptr

    @property
    def sizes(self) -> Ints:
        """How many claims each group of ``groups`` has."""
        sizes: Ints = np.diff(self._ptr)
        return sizes

    @property
    def firsts(self) -> Ints:
        """The first claim of each group of ``groups``."""
        firsts: Ints = self._order[self._ptr[:-1]]
        return firsts

    def __getitem__(self, group: int) -> list[int]:
        k = self._at[group]
        claims: list[int] = self._order[self._ptr[k] : self._ptr[k + 1]].tolist()
        return claims

    def __iter__(self) -> Iterator[int]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)
