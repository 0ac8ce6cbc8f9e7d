"""The HTML page of a result, with its plots: what ``claimkit ... --format html`` writes.

:meth:`Report.to_html <claimkit.engine.report.Report.to_html>` renders a page from
the report alone; the plots come from :mod:`claimkit.plot`, which sits above the
render layer, so this module (at the top layer) draws them as inline SVG and hands
them to the page. Without matplotlib the page says how to get them.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from claimkit.engine.report import Report
from claimkit.errors import ClaimkitError, MissingDependencyError
from claimkit.plot import forest, timeline

if TYPE_CHECKING:
    from claimkit.reconciliation.results import Reconciliation, SetReconciliation

__all__ = ["html_page", "report_plots"]


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    text = buffer.getvalue()
    # The page holds the <svg> element itself, not an XML document.
    return text[text.index("<svg") :]


def report_plots(report: Report) -> dict[str, str]:
    """Return the report's plots as inline SVG, keyed by caption (none without matplotlib).

    Examples
    --------
    >>> import claimkit as ck
    >>> report_plots(ck.check([]))
    {}
    """
    if not len(report.claimset):
        return {}
    plots: dict[str, str] = {}
    drawings: dict[str, Callable[[], Any]] = {
        "The claims about each quantity, with the range all the claims together allow": (
            lambda: forest(report.claimset, implied=report)
        ),
        "The claims over time: totals at the dates they count up to, rates over their periods": (
            lambda: timeline(report.claimset)
        ),
    }
    for caption, draw in drawings.items():
        try:
            plots[caption] = _svg(draw())
        except MissingDependencyError:
            return {}
        except ClaimkitError:
            continue  # a plot that does not apply to these claims (no series to draw)
    return plots


def html_page(result: Report | Reconciliation | SetReconciliation) -> str:
    """Return a result as one self-contained HTML page; a report with its plots.

    Examples
    --------
    >>> import claimkit as ck
    >>> html_page(ck.check([])).startswith("<!DOCTYPE html>")
    True
    """
    if isinstance(result, Report):
        return result.to_html(plots=report_plots(result))
    return result.to_html()
