"""The HTML page: what it holds, that it escapes the claims, and ``--format html``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import claimkit as ck
from claimkit.cli import main
from claimkit.render._html import safe_url
from claimkit.report_page import html_page, report_plots

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "nato_2024.toml"


def _hostile() -> ck.ClaimSet:
    march = ck.Period.month(2025, 3)
    a = ck.Claim(
        id="a",
        measure="cases",
        subject="measles",
        period=march,
        kind="total",
        value=ck.Range(1_305, 1_315, "person"),
        source=ck.Source(name="<img src=x onerror=alert(1)>", url="https://example.org/?q=<x>"),
        quote='</p><script>alert("quote")</script>',
    )
    b = a.replace(
        id="b",
        value=ck.Range(1_350, 1_450, "person"),
        source=ck.Source(name="Agency", url="javascript:alert(1)"),
        quote="plain",
    )
    return ck.ClaimSet([a, b])


def test_the_page_escapes_everything_from_the_claims() -> None:
    page = ck.check(_hostile()).to_html()
    assert "<script" not in page
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="https://example.org/?q=&lt;x&gt;"' in page
    assert "javascript:" not in page


def test_the_page_loads_nothing_and_holds_every_finding_and_claim() -> None:
    report = ck.check(ck.load(EXAMPLE))
    page = report.to_html()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "default-src 'none'" in page
    assert len(report.findings) == page.count('<tr class="finding">')
    assert "745,000 to 750,000" in page.split('id="headline"')[1].split("</p>")[0]
    for claim in report.claimset:
        assert f'data-claim="{claim.id}"' in page
    assert "quick bound" in page
    assert "tightest bound" in page


def test_a_reconciliation_page_has_its_headline_and_tables() -> None:
    result = ck.reconcile(ck.load(EXAMPLE), method="least_squares")
    page = result.to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert "Least squares moves 2 of 6 figures" in page
    assert "Claims read as measurements" in page
    assert page.count("data-claim=") == 10


def test_safe_url_allows_only_web_addresses() -> None:
    assert "https://a.org/x" == safe_url(" https://a.org/x ")
    assert safe_url("ftp://a.org") is None
    assert safe_url("data:text/html,<b>") is None
    assert safe_url("https:///nohost") is None
    assert safe_url(None) is None


def test_the_page_of_the_command_has_the_plots_inline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("matplotlib")
    status = main(["check", str(EXAMPLE), "--format", "html"])
    page = capsys.readouterr().out
    assert 0 == status
    assert page.startswith("<!DOCTYPE html>")
    assert 2 == page.count("<svg")
    assert "<?xml" not in page
    assert "pip install" not in page


def test_a_reconciliation_page_from_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["reconcile", str(EXAMPLE), "--method", "relax", "--format", "html"])
    page = capsys.readouterr().out
    assert 0 == status
    assert "without moving any of them" in page


def test_a_report_without_claims_has_no_plots() -> None:
    assert {} == report_plots(ck.check([]))
    assert "There are no claims to check." in html_page(ck.check([]))


def test_without_matplotlib_the_page_says_how_to_get_the_plots(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import claimkit.report_page as page_module

    def missing(*args: object, **kwargs: object) -> None:
        raise ck.MissingDependencyError("matplotlib is not installed")

    monkeypatch.setattr(page_module, "forest", missing)
    report = ck.check(ck.load(EXAMPLE))
    assert {} == report_plots(report)
    page = html_page(report)
    assert "<svg" not in page
    assert 'pip install "claimkit[plot]"' in page


def test_a_plot_that_does_not_apply_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import claimkit.report_page as page_module

    def refuse(*args: object, **kwargs: object) -> None:
        raise ck.InvalidArgumentError("nothing to draw")

    monkeypatch.setattr(page_module, "timeline", refuse)
    pytest.importorskip("matplotlib")
    plots = report_plots(ck.check(ck.load(EXAMPLE)))
    assert 1 == len(plots)
    assert next(iter(plots)).startswith("The claims about each quantity")


# -- notebooks: _repr_html_ ---------------------------------------------------------------


def test_a_range_shows_its_text_in_a_notebook() -> None:
    assert "<code>[1,305, 1,315] person</code>" == ck.Range(1_305, 1_315, "person")._repr_html_()


def test_a_claim_and_a_claimset_show_escaped_tables_in_a_notebook() -> None:
    claims = _hostile()
    one = claims["a"]._repr_html_()
    assert one.startswith("<table>")
    assert "&lt;/p&gt;&lt;script&gt;" in one
    assert "<script" not in one
    assert "&lt;img src=x onerror=alert(1)&gt;" in one
    many = claims._repr_html_()
    assert 3 == many.count("<tr>")  # a header and one row per claim
    assert "<caption>2 claims, 0 relation(s)</caption>" in many
    assert "<img" not in many


def test_reports_and_reconciliations_show_a_headline_and_tables_in_a_notebook() -> None:
    claims = _hostile()
    view = ck.check(claims)._repr_html_()
    assert 1 == view.count("<table>")
    assert "cannot all be true" in view
    assert "<svg" not in view
    assert "<img" not in view
    assert "had to move" in ck.reconcile(claims, method="relax")._repr_html_()
    one = ck.reconcile(list(claims), method="hull")._repr_html_()
    assert "The 2 claims about cases of measles share no value; hull gives" in one
    assert "<caption>Adjustments" in one
