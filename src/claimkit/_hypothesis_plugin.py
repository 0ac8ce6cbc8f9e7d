"""Register claimkit's strategies with hypothesis (the ``hypothesis`` entry point).

hypothesis calls :func:`_hypothesis_setup_hook` when it is imported, through the
entry point declared in claimkit's ``pyproject.toml``. The hook registers a strategy
for each of claimkit's value types, so that ``st.from_type(Range)`` works in any
test suite where claimkit is installed, without importing :mod:`claimkit.strategies`.

The hook imports only modules that never import hypothesis themselves; the
strategies are looked up in :mod:`claimkit.strategies` the first time hypothesis
asks for one, not when the hook runs.

This registry is the only link between claimkit's types and hypothesis: the classes
carry no hypothesis metadata. ``st.from_type(Claim)`` draws valid claims, while
``st.builds(Claim)`` infers each required field from its annotation alone (arbitrary
text for a ``str`` id) and so does not.
"""

from __future__ import annotations

from typing import Any

__all__: list[str] = []


def _resolve(name: str) -> Any:
    """Return a function that builds the strategy ``claimkit.strategies.<name>()``."""

    def strategy(_: type) -> Any:
        from claimkit import strategies

        return getattr(strategies, name)()

    strategy.__name__ = strategy.__qualname__ = f"claimkit.strategies.{name}"
    return strategy


def _hypothesis_setup_hook() -> None:
    """Register strategies for Range, Period, Source and Claim with hypothesis."""
    from hypothesis import strategies as st

    try:
        from claimkit.claims.claim import Claim
        from claimkit.claims.source import Source
        from claimkit.values.period import Period
        from claimkit.values.range import Range
    except ImportError:  # pragma: no cover - a broken install must not break hypothesis
        return
    for cls, name in (
        (Range, "ranges"),
        (Period, "periods"),
        (Source, "sources"),
        (Claim, "claims"),
    ):
        st.register_type_strategy(cls, _resolve(name))
