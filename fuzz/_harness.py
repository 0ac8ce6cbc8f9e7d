"""What the fuzz targets share: a time bound per input, and the atheris driver.

Each target defines ``check(data: bytes) -> None``, which feeds one input to claimkit
and lets through only what claimkit promises: a result, or a ``ClaimkitError``.
Anything else escapes and is reported as a crash, with the input saved. An input
that takes longer than :data:`LIMIT` seconds raises :class:`SlowInputError`, which is
reported the same way.

Run a target with ``python fuzz/fuzz_<name>.py [libFuzzer options] [corpus folders]``;
``make fuzz`` runs each for a fixed number of inputs from its corpus in
``fuzz/corpus/<name>/``. The same ``check`` functions run under hypothesis in
``tests/properties/test_fuzz_targets.py``, so that ``make test`` exercises them too.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from types import FrameType

#: The most time one input may take, in seconds.
LIMIT = 1.0


class SlowInputError(Exception):
    """An input took longer than :data:`LIMIT` seconds."""


def _interrupt(signum: int, frame: FrameType | None) -> None:
    msg = f"one input took more than {LIMIT} s"
    raise SlowInputError(msg)


@contextmanager
def time_limit(what: object) -> Iterator[None]:
    """Raise :class:`SlowInputError` if the body runs longer than :data:`LIMIT` seconds.

    A timer interrupts a body that hangs; a body that finishes late is caught by the
    clock. ``what`` is quoted in the error.
    """
    previous = signal.signal(signal.SIGALRM, _interrupt)
    signal.setitimer(signal.ITIMER_REAL, LIMIT)
    start = time.perf_counter()
    try:
        yield
    except SlowInputError as err:
        raise SlowInputError(f"{err}: {what!r}"[:2000]) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.perf_counter() - start
    if elapsed > LIMIT:
        msg = f"one input took {elapsed:.2f} s (more than {LIMIT} s): {what!r}"[:2000]
        raise SlowInputError(msg)


def text_of(data: bytes) -> str:
    """Return the input as text: UTF-8, with undecodable bytes kept as lone surrogates."""
    return data.decode("utf-8", "surrogateescape")


def main(check: Callable[[bytes], None], modules: Iterable[str]) -> None:
    """Fuzz ``check`` with atheris, instrumenting claimkit's ``modules`` for coverage."""
    import importlib

    import atheris

    with atheris.instrument_imports(include=["claimkit"]):
        for module in modules:
            importlib.import_module(module)
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()
