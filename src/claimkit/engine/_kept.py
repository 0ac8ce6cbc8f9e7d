"""A check's linear model, let go after a large check and built again when asked for (internal).

A report works out its bounds and its groups' margins when they are first asked for,
from the linear model of its claims. The model of a large check takes more memory
than the rest of the report (at ten million claims, about 1.4 GiB of its 3.9):
:func:`claimkit.check` lets it go once the check is done, and the bounds and groups
build it again from the claims when first asked for. Building is a function of the
claims alone, so the model built again is the model the check solved.
"""

from __future__ import annotations

from typing import cast

from claimkit.engine.columns import AnyClaims, ClaimColumns
from claimkit.engine.matrix import LinearModel
from claimkit.engine.model import build_with_info

__all__ = ["KEEP_MODEL_ROWS", "KeptModel"]

#: A report keeps the model of at most this many claim rows (see :meth:`KeptModel.release`).
KEEP_MODEL_ROWS = 2_000_000


class KeptModel:
    """The linear model of some claims: kept, or let go and built again when asked for.

    ``claims`` and ``columns`` are what the model was built from (with
    :func:`~claimkit.engine.model.build_with_info`); without them the model is always
    kept.

    Examples
    --------
    >>> import claimkit as ck
    >>> from claimkit.engine.columns import columns_of
    >>> from claimkit.engine.model import build
    >>> from claimkit.engine._kept import KeptModel
    >>> a = ck.Claim(id="a", measure="killed", subject="x", period=ck.Period.month(2024, 1),
    ...              value=ck.Range(10, 20, "person"))
    >>> claims = ck.ClaimSet([a])
    >>> kept = KeptModel(build(claims), claims, columns_of(claims))
    >>> kept.release(rows=0), kept.get().n_rows
    (True, 1)
    """

    def __init__(
        self,
        model: LinearModel,
        claims: AnyClaims | None = None,
        columns: ClaimColumns | None = None,
    ) -> None:
        self._model: LinearModel | None = model
        self._claims = claims
        self._columns = columns

    def get(self) -> LinearModel:
        """Return the model, built again from the claims if it was let go."""
        found = self._model
        if found is None:  # let go by release(), which keeps a model without its claims
            claims = cast(AnyClaims, self._claims)
            found = self._model = build_with_info(claims, columns=self._columns)[0]
        return found

    def release(self, rows: int = KEEP_MODEL_ROWS) -> bool:
        """Let the model go if it has more than ``rows`` claim rows; return whether it went.

        A model without the claims it was built from is kept.
        """
        if self._model is None or self._claims is None or self._model.n_rows <= rows:
            return False
        self._model = None
        return True
