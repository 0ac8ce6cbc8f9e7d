"""Run the ``claimkit`` command: ``python -m claimkit check claims.toml``."""

from __future__ import annotations

import sys

from claimkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
