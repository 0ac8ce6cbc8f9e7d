"""Sphinx configuration for claimkit's documentation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
# Types are added to the parameters a docstring lists, and no parameter list is added
# after a later section (Raises after Attributes would otherwise get one of its own).
autodoc_typehints_description_target = "documented_params"
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
    # a module's private type variables in a generic function's signature
    (r"py:class", r"claimkit\..*\._[A-Z]"),
]

html_theme = "furo"
html_title = "claimkit"
# Maths is rendered to MathML while the pages are built (see _mathml_inline), so that it
# reads offline: MathJax would load from a CDN, and imgmath would need LaTeX.
html_math_renderer = "mathml"


def _draw_figures(app: object) -> None:
    """Draw the tutorial's figures with the code they illustrate (see ``_figures.py``)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _figures import draw

    draw()


def _mathml(latex: str, display: str) -> str:
    from latex2mathml.converter import convert

    return str(convert(latex, display=display))


def _mathml_inline(translator: Any, node: Any) -> None:
    """Write an inline formula as MathML, which browsers draw without any script."""
    from docutils import nodes

    translator.body.append(_mathml(node.astext(), "inline"))
    raise nodes.SkipNode


def _mathml_block(translator: Any, node: Any) -> None:
    """Write a displayed formula as a MathML block, centred like MathJax's."""
    from docutils import nodes

    math = _mathml(node.astext(), "block")
    # No vertical scroll bar: the theme's overflow rule for div.math is meant for MathJax.
    style = "overflow-y: hidden; padding: 0.3em 0"
    translator.body.append(f'<div class="math notranslate" style="{style}">{math}</div>\n')
    raise nodes.SkipNode


def _public_bases(app: object, name: str, obj: object, options: object, bases: list[type]) -> None:
    """Leave private mixins (``claimkit.values._range_compare.Comparisons``) out of "Bases"."""
    public = [base for base in bases if "._" not in f".{base.__module__}"]
    bases[:] = public or [object]


def setup(app: object) -> None:
    """Register the hooks: draw the figures, render maths as MathML, hide private bases."""
    app.connect("builder-inited", _draw_figures)  # type: ignore[attr-defined]
    app.add_html_math_renderer(  # type: ignore[attr-defined]
        "mathml", (_mathml_inline, None), (_mathml_block, None)
    )
    app.connect("autodoc-process-bases", _public_bases)  # type: ignore[attr-defined]
