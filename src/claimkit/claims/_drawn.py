"""Field annotations that tell hypothesis how to draw a valid value for a field.

claimkit's value types validate their fields (a claim id is ``[a-z0-9][a-z0-9._-]*``,
a claim's value is a non-empty count or count per time), so the strategies that
hypothesis infers from a bare ``str`` or ``Range`` annotation would draw invalid
fields, and ``st.builds(Claim)`` would fail. The fields are therefore annotated as
``Annotated[str, Drawn("ids")]``: type checkers see a ``str``, and hypothesis, which
reads ``Annotated`` metadata through the annotated-types *grouped metadata* protocol
(an object with ``__is_annotated_types_grouped_metadata__ = True`` that iterates to
its constraints), finds the strategy for the field in :mod:`claimkit.strategies`.

Nothing here imports hypothesis: the strategy is looked up only when hypothesis
iterates the metadata, so ``import claimkit`` stays free of it.
"""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["Drawn"]


class Drawn:
    """``Annotated`` metadata naming the strategy that draws valid values for a field.

    Parameters
    ----------
    name : str
        The name of a function of :mod:`claimkit.strategies` that takes no argument
        and returns the strategy.
    """

    __is_annotated_types_grouped_metadata__ = True
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __iter__(self) -> Iterator[object]:
        from claimkit import strategies

        yield getattr(strategies, self.name)()

    def __repr__(self) -> str:
        return f"Drawn({self.name!r})"
