"""The HTML report in a real browser: headless Chromium renders it, as a reader sees it.

Chromium (Debian's ``chromium``; ``.ci/run`` installs it) loads each page from a
file, prints the DOM it built (``--dump-dom``) and takes a screenshot. The tests
check that the DOM holds the headline, one row per finding and the sources, that
the screenshot is not blank, and that the browser logged no console message (a
script error or a fetch the page's Content-Security-Policy refused).

``CLAIMKIT_SCREENSHOTS=docs/how-to/_report pytest tests/unit/test_html_browser.py``
writes the screenshots (and the pages) where the docs show them.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

import claimkit as ck
from claimkit.report_page import html_page

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "nato_2024.toml"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER = next((found for name in BROWSERS if (found := shutil.which(name))), None)

needs_browser = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium binary found (tried " + ", ".join(BROWSERS) + "); "
    "install it with: apt-get install -y chromium",
)


@dataclass
class Rendered:
    dom: str
    console: list[str]
    screenshot: Path


def _chromium(page: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    profile = tmp / f"profile-{len(list(tmp.iterdir()))}"
    args = [
        BROWSER,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *extra,
        page.as_uri(),
    ]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=True)


def console_messages(stderr: str) -> list[str]:
    """Return the console messages Chromium logged (script errors, refused fetches)."""
    return [
        line
        for line in stderr.splitlines()
        if ":CONSOLE" in line or "Uncaught" in line or "Refused to" in line
    ]


def render(html: str, tmp: Path, name: str) -> Rendered:
    page = tmp / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    dumped = _chromium(page, tmp, "--dump-dom")
    shot = tmp / f"{name}.png"
    taken = _chromium(page, tmp, "--window-size=1200,1600", f"--screenshot={shot}")
    return Rendered(dumped.stdout, console_messages(dumped.stderr + taken.stderr), shot)


def ink(png: Path) -> float:
    """Return the share of pixels of a PNG that are not white (read with zlib only)."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8
    channels = {2: 3, 6: 4}[colour]
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    dark = 0
    for y in range(height):
        filt = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = row[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if filt == 1:
                row[i] = (row[i] + a) & 0xFF
            elif filt == 2:
                row[i] = (row[i] + b) & 0xFF
            elif filt == 3:
                row[i] = (row[i] + (a + b) // 2) & 0xFF
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                row[i] = (row[i] + pred) & 0xFF
        if y % 4 == 0:  # a sample of the rows is enough to tell a blank page
            dark += sum(1 for x in range(0, stride, channels) if min(row[x : x + 3]) < 200)
        previous = row
    return dark / (width * ((height + 3) // 4))


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.finding_rows = 0
        self.headline = ""
        self.text: list[str] = []
        self._in_headline = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and found.get("class") == "finding":
            self.finding_rows += 1
        if found.get("id") == "headline":
            self._in_headline = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._in_headline = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_headline:
            self.headline += data


def _save(rendered: Rendered, html: str, name: str) -> None:
    target = os.environ.get("CLAIMKIT_SCREENSHOTS")
    if target:
        where = ROOT / target
        where.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(rendered.screenshot, where / f"{name}.png")
        (where / f"{name}.html").write_text(html, encoding="utf-8")


def _conflicting() -> ck.Report:
    march = ck.Period.month(2025, 3)
    ministry = ck.Source(name="Ministry of Health <MoH>", url="https://example.org/moh?a=1&b=2")
    who = ck.Source(name="WHO", url="javascript:alert(1)")
    claims = [
        ck.Claim(id="ministry-march", measure="cases", subject="measles", period=march,
                 kind="total", value=ck.parse_quantity("1,310", unit="person"),
                 source=ministry, quote="1,310 cases in\xa0March <b>confirmed</b>"),
        ck.Claim(id="who-march", measure="cases", subject="measles", period=march,
                 kind="total", value=ck.parse_quantity("about 1,400", unit="person"),
                 source=who, quote='"about 1,400" & rising'),
    ]  # fmt: skip
    return ck.check(claims)


@needs_browser
@pytest.mark.parametrize("name", ["nato_2024", "conflict"])
def test_the_report_page_in_chromium(name: str, tmp_path: Path) -> None:
    report = ck.check(ck.load(EXAMPLE)) if name == "nato_2024" else _conflicting()
    html = html_page(report)
    rendered = render(html, tmp_path, name)
    assert [] == rendered.console
    dom = _Dom()
    dom.feed(rendered.dom)
    headline = report.to_dict()["headline"]
    assert headline == " ".join(dom.headline.split())
    assert len(report.findings) == dom.finding_rows
    text = "".join(dom.text)
    for claim in report.claimset:
        assert claim.source is not None
        assert claim.source.name in text
        assert claim.quote is not None
        assert claim.quote in text
    assert ink(rendered.screenshot) > 0.01
    _save(rendered, html, name)


@needs_browser
def test_claims_file_text_cannot_become_markup_or_links(tmp_path: Path) -> None:
    rendered = render(html_page(_conflicting()), tmp_path, "escaped")
    assert "<b>confirmed</b>" not in rendered.dom
    assert "&lt;b&gt;confirmed&lt;/b&gt;" in rendered.dom
    assert 'href="https://example.org/moh?a=1&amp;b=2"' in rendered.dom
    assert "javascript:" not in rendered.dom


@needs_browser
def test_the_checks_catch_a_console_error_and_a_blank_page(tmp_path: Path) -> None:
    broken = "<!DOCTYPE html><html><body><script>missing();</script></body></html>"
    rendered = render(broken, tmp_path, "broken")
    assert any("Uncaught ReferenceError" in line for line in rendered.console)
    assert ink(rendered.screenshot) < 0.001


def test_ink_counts_dark_pixels_of_a_png(tmp_path: Path) -> None:
    def png(rows: list[bytes], width: int) -> bytes:
        def chunk(kind: bytes, body: bytes) -> bytes:
            crc = zlib.crc32(kind + body)
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

        header = struct.pack(">IIBBBBB", width, len(rows), 8, 2, 0, 0, 0)
        raw = b"".join(b"\x00" + r for r in rows)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b"")
        )

    white = tmp_path / "white.png"
    white.write_bytes(png([b"\xff" * 6] * 4, 2))
    half = tmp_path / "half.png"
    half.write_bytes(png([b"\x00\x00\x00\xff\xff\xff"] * 4, 2))
    assert 0.0 == ink(white)
    assert 0.5 == ink(half)


def test_a_page_without_plots_says_how_to_get_them() -> None:
    page = ck.check(ck.load(EXAMPLE)).to_html()
    assert 'pip install "claimkit[plot]"' in page.replace("&#34;", '"')
    assert "<svg" not in page
    assert "Content-Security-Policy" in page
