"""Sphinx configuration for claimkit's documentation."""

from __future__ import annotations

from pathlib import Path

import claimkit

ROOT = Path(__file__).resolve().parent.parent

project = "claimkit"
author = "The claimkit developers"
copyright = "2026, The claimkit developers"
release = claimkit.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "_generated"]
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]
myst_heading_anchors = 3

autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
# Hints that name the alias (the comparisons mixin cannot import it at run time).
autodoc_type_aliases = {"Operand": "claimkit.values.range.Operand"}
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

# Docstring examples run under pytest's doctest collector; the doctest builder runs
# the testcode blocks of the prose pages (tutorial and how-to guides).
doctest_test_doctest_blocks = ""
doctest_global_setup = f"""
import claimkit as ck
from pathlib import Path
ROOT = Path({str(ROOT)!r})
"""

# The build must not depend on the network, so there is no intersphinx: references
# to other projects' objects are listed here rather than resolved.
nitpick_ignore_regex = [
    (
        r"py:.*",
        r"(pint|numpy|np|attrs|datetime|fractions|collections\.abc|typing|highspy|hypothesis"
        r"|pandas|pyarrow)\..*",
    ),
    (r"py:.*", r"(optional|array-like|callable|iterable|default.*)"),
    # numpydoc-style type words in the engine's docstrings, and the standard library's enum
    (r"py:class", r"(ndarray|mapping|str to str|enum\.Enum)"),
]

html_theme = "furo"
html_title = "claimkit"


def _draw_figures(app: object) -> None:
    """Draw the tutorial's figures with the code they illustrate (see ``_figures.py``)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _figures import draw

    draw()


def _public_bases(app: object, name: str, obj: object, options: object, bases: list[type]) -> None:
    """Leave private mixins (``claimkit.values._range_compare.Comparisons``) out of "Bases"."""
    public = [base for base in bases if "._" not in f".{base.__module__}"]
    bases[:] = public or [object]


def setup(app: object) -> None:
    """Register the hooks: draw the figures when a build starts, hide private bases."""
    app.connect("builder-inited", _draw_figures)  # type: ignore[attr-defined]
    app.connect("autodoc-process-bases", _public_bases)  # type: ignore[attr-defined]
