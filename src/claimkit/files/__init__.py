"""Claims files: reading and writing claim sets as TOML or JSON.

:mod:`~claimkit.files.claimsfile` holds :func:`load`, :func:`loads`, :func:`dump`
and :func:`dumps`; :mod:`~claimkit.files._read` checks a parsed document key by key,
:mod:`~claimkit.files._write` builds one (``tomli_w`` writes it as TOML), and
:mod:`~claimkit.files._lines` finds the line of each key.

May import: ``claimkit.claims``, ``claimkit.values``, ``claimkit.errors``.
"""

from __future__ import annotations

from claimkit.files.claimsfile import dump, dumps, load, loads

__all__ = [
    "dump",
    "dumps",
    "load",
    "loads",
]
