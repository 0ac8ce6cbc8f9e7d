"""Running task graphs on a Dask client, or on Dask's own scheduler without one (internal)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from claimkit.distributed._deps import dask_modules
from claimkit.errors import InvalidArgumentError

__all__ = ["Runner"]


@attrs.frozen
class Runner:
    """Persists and computes on ``client`` (a ``dask.distributed.Client``), or without one.

    Without a client, Dask uses the client made most recently in this process, if
    any, and otherwise its local scheduler (threads), which needs no cluster.
    ``progress`` shows Dask's progress bar on standard error while work runs.
    """

    client: Any = None
    progress: bool = False

    @classmethod
    def of(cls, client: Any, progress: bool, what: str) -> Runner:
        """Return a runner, after checking that ``client`` is a Client or None."""
        _, _, distributed = dask_modules(what)
        if client is not None and not isinstance(client, distributed.Client):
            msg = (
                f"{what}: client must be a dask.distributed.Client or None, got "
                f"{type(client).__name__} {client!r}"
            )
            raise InvalidArgumentError(msg)
        if client is None:
            with contextlib.suppress(ValueError):
                client = distributed.get_client()
        shown: object = progress
        if not isinstance(shown, bool):
            msg = f"{what}: progress must be True or False, got {progress!r}"
            raise InvalidArgumentError(msg)
        return cls(client=client, progress=progress)

    @contextlib.contextmanager
    def _bar(self) -> Iterator[None]:
        if not self.progress or self.client is not None:
            yield
            return
        from dask.diagnostics.progress import ProgressBar

        with ProgressBar(out=sys.stderr):  # type: ignore[no-untyped-call]
            yield

    def persist(self, objects: Sequence[Any]) -> list[Any]:
        """Start computing ``objects`` and keep their results where they are computed.

        Returns when they are done (an error in one is raised here).
        """
        dask, _, distributed = dask_modules("claimkit.distributed")
        if self.client is None:
            with self._bar():
                return list(dask.persist(*objects))
        done = list(self.client.persist(list(objects)))
        futures = distributed.futures_of(done)
        if self.progress:
            with contextlib.redirect_stdout(sys.stderr):
                distributed.progress(futures, notebook=False)
        distributed.wait(futures)
        for future in futures:
            if future.status == "error":
                future.result()  # raises the task's error
        return done

    def compute(self, objects: Sequence[Any]) -> list[Any]:
        """Compute ``objects`` and return their results here."""
        dask, _, _ = dask_modules("claimkit.distributed")
        if self.client is None:
            with self._bar():
                return list(dask.compute(*objects))
        return list(self.client.gather(self.client.compute(list(objects))))
