"""Printing the live Countries page (headless Chromium's page.pdf, print media): A4 without the sidebar, full tables."""

from __future__ import annotations

import io

import browser_support as bs
import duckdb
import pypdf
import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    bs.require_browser()
    from etl import build

    folder = tmp_path_factory.mktemp("print")
    assert build.main(["--dataset", "demo", "--db", str(folder / "demo.duckdb")]) == 0
    server = bs.StreamlitServer(folder / "demo.duckdb", "demo", folder / "streamlit.log").start()
    server.db = folder / "demo.duckdb"
    yield server
    server.stop()


@pytest.fixture(scope="module")
def page(server, playwright):
    """A tab of its own browser, on the process's one Playwright (tests/conftest.py)."""
    browser = playwright.chromium.launch(executable_path=bs.CHROMIUM, args=bs.LAUNCH_ARGS, timeout=bs.TIMEOUT_MS)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(bs.TIMEOUT_MS)
    yield context.new_page()
    context.close()
    browser.close()


def test_the_printed_countries_page_has_no_sidebar_and_whole_tables(page, server):
    from etl import profile

    with duckdb.connect(str(server.db), read_only=True) as con:
        p = profile.profile(con, "SVK", (1, 2), records_limit=1000)
    page.goto(f"{server.url}/countries?geo=SVK&rounds=1-2")
    bs.expect(page.get_by_text("Slovakia, rounds 1 → 2", exact=False).first).to_be_visible()
    bs.expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    bs.settled(page)
    page.wait_for_timeout(1500)  # let the last tables and the heatmap draw
    data = page.pdf(format="A4", print_background=True)
    (server.log_path.parent / "countries.pdf").write_bytes(data)
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join((pg.extract_text() or "").split()) for pg in reader.pages)
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 1.5 and abs(float(box.height) - 841.9) < 1.5  # A4 in points
    assert "Slovakia, rounds 1 → 2" in text
    # The sidebar's filters and buttons are not printed.
    for sidebar_text in ("Reset filters", "Image format", "Filters Dataset"):
        assert sidebar_text not in text, sidebar_text
    assert "Download CSV" not in text
    assert "Records of Slovakia, rounds 1 and 2" in text and "Pledge follow-up" in text
    # The records table is printed whole (every row, not 25 in a scrolling canvas) and the canvases are not.
    assert len(p.records) > 25
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => [...document.querySelectorAll('.gcm-print-only table')].map(t => [
                 getComputedStyle(t.closest('.gcm-print-only')).display, t.tBodies[0].rows.length])"""
    )
    canvases = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
                 .filter(e => getComputedStyle(e).display !== 'none').length"""
    )
    assert canvases == 0
    assert all(display == "block" for display, _ in shown)
    assert len(p.records) in [rows for _, rows in shown]
