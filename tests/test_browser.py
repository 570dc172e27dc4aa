"""End-to-end tests in headless Chromium against a real `streamlit run dashboard/app.py` server (issue #7).

Playwright drives Debian's chromium (/usr/bin/chromium; never a downloaded browser). Without it the tests skip on a
developer machine and fail in CI. The fast loop leaves them out with `pytest -m "not browser"`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import browser_support as bs
import pytest

from dashboard.l10n import fmt_date
from dashboard.ui import tables as components
from etl import export

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """A streamlit server on the demo dataset, with the public dataset beside it for the dataset selector."""
    bs.require_browser()
    from etl import build

    folder = tmp_path_factory.mktemp("browser")
    for dataset in ("demo", "public"):
        assert build.main(["--dataset", dataset, "--db", str(folder / f"{dataset}.duckdb")]) == 0
    server = bs.StreamlitServer(folder / "demo.duckdb", "demo", folder / "streamlit.log").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=bs.CHROMIUM, args=bs.LAUNCH_ARGS, timeout=bs.TIMEOUT_MS)
    yield browser
    browser.close()


def _context(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(bs.TIMEOUT_MS)
    return context


@pytest.fixture(scope="session")
def shared_context(browser):
    """One browser context for the tests that need no isolation beyond their own tab: it keeps the HTTP cache of
    streamlit's scripts, so a test does not parse them again. Every tab is still its own streamlit session."""
    context = _context(browser)
    yield context
    context.close()


@pytest.fixture()
def page(shared_context):
    page = shared_context.new_page()
    # Requests that leave the local server: the app promises that no visitor's browser calls a third party.
    page.foreign_requests = []
    page.on(
        "request",
        lambda r: (
            None
            if urlsplit(r.url).hostname == "127.0.0.1" or r.url.startswith("data:")
            else page.foreign_requests.append(r.url)
        ),
    )
    yield page
    page.close()


@pytest.fixture()
def new_page(browser):
    """Pages in fresh browser contexts (nothing shared: no cache, no cookies), closed at the end of the test."""
    contexts = []

    def make():
        contexts.append(_context(browser))
        return contexts[-1].new_page()

    yield make
    for context in contexts:
        context.close()


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


# ---------------------------------------------------------------- every page renders


PAGES = [
    # (url path and query, heading, what must render)
    ("", "Overview", ".js-plotly-plot"),
    ("objectives", "Objectives", ".js-plotly-plot"),
    ("countries?geo=KEN", "Countries", ".js-plotly-plot"),
    ("regions", "Regions", ".js-plotly-plot"),
    ("extracts", "Extracts", "[data-testid='stDataFrame']"),
    ("method", "Method & sources", "[data-testid='stDataFrame']"),
]


@pytest.mark.parametrize(("path", "heading", "content"), PAGES, ids=[p[1].split()[0].lower() for p in PAGES])
def test_page_renders(page, server, path, heading, content):
    page.goto(f"{server.url}/{path}")
    bs.expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    bs.expect(page.locator(content).first).to_be_visible()
    bs.expect(bs.banner(page)).to_be_visible()
    bs.expect(bs.sentence(page)).to_contain_text("Synthetic demo data")
    bs.settled(page)
    bs.expect(page.get_by_test_id("stException")).to_have_count(0)
    assert params(page.url)["ds"] == ["demo"], "the filters are written back to the URL"
    assert page.foreign_requests == [], "the page asked a server other than the app's own"


# ---------------------------------------------------------------- a filter changes chart, table and URL


def test_filter_changes_chart_table_and_url(page, server):
    page.goto(server.url)
    activity_tab = page.get_by_role("tab", name=re.compile(r"^Table \(")).nth(1)  # the activity-by-round twin
    bs.expect(activity_tab).to_be_visible()
    bs.expect(page.locator(".js-plotly-plot")).to_have_count(2)
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')].every(e => e.data)")
    rows_before = bs.rows_in(activity_tab.inner_text())
    chart_before = bs.chart_data(page, 1)
    metric = page.get_by_test_id("stMetric").first  # pledges in the later round
    metric_before = metric.inner_text()

    bs.choose(page, "Stream", "Pledges")
    bs.expect(page).to_have_url(re.compile(r"[?&]stream=pledges(&|$)"))
    bs.expect(bs.sentence(page)).to_contain_text("; Pledges;")
    bs.expect(activity_tab).not_to_have_text(f"Table ({rows_before:,} rows)")
    bs.wait_chart_change(page, 1, chart_before)
    # While a rerun replaces the elements, the new class chart can briefly sit at index 1 beside the stale activity
    # chart: read the chart once the run has settled.
    bs.settled(page)
    chart_after = bs.chart_data(page, 1)
    rows_after = bs.rows_in(activity_tab.inner_text())
    assert 0 < rows_after < rows_before, "one stream of four has fewer rows than all of them"
    assert {trace[0] for trace in json.loads(chart_after)} == {"Pledges"}
    download = page.get_by_test_id("stDownloadButton").filter(has_text="Download CSV").nth(1)
    assert bs.rows_in(download.inner_text()) == rows_after, "the CSV button counts the table's rows"

    bs.choose(page, "Objectives", "5 · Regular pathways")
    bs.expect(page).to_have_url(re.compile(r"[?&]obj=5(&|$)"))
    bs.expect(bs.sentence(page)).to_contain_text("; 5 · Regular pathways;")
    bs.expect(metric).not_to_have_text(metric_before)
    bs.wait_chart_change(page, 1, chart_after)
    assert params(page.url)["stream"] == ["pledges"], "the earlier filter is kept"

    # The filters follow the visitor to another page, in the URL and in the sidebar.
    page.get_by_role("link", name="Objectives", exact=True).click()
    bs.expect(page.get_by_role("heading", level=1)).to_have_text("Objectives")
    bs.expect(page).to_have_url(re.compile(r"/objectives\?.*obj=5"))
    assert params(page.url)["stream"] == ["pledges"]
    assert bs.combobox_value(page, "Stream") == "Pledges"
    assert bs.chips(page, "Objectives") == ["5 · Regular pathways"]


# ---------------------------------------------------------------- CSV downloads


def test_csv_download_has_the_rows_on_the_button(page, server):
    page.goto(f"{server.url}/extracts?stream=pledges")
    # The long extract's button comes first; the one-row-per-record file's follows it.
    button = page.get_by_test_id("stDownloadButton").filter(has_text="Download CSV").first
    bs.expect(button).to_be_visible()
    bs.settled(page)
    n = bs.rows_in(button.inner_text())
    metric = page.get_by_test_id("stMetric").filter(has_text="Rows in this extract")
    assert int(metric.get_by_test_id("stMetricValue").inner_text().replace(",", "")) == n
    assert n > 0

    with page.expect_download() as info:
        button.click()
    download = info.value
    assert re.fullmatch(r"gcm-demo-SYNTHETIC_activities_pledges_r\d+-\d+\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(export.EXTRACT_COLUMNS), "the extract has the columns of `python -m etl.export`"
    assert len(rows) - 1 == n
    stream = rows[0].index("stream")
    assert {row[stream] for row in rows[1:]} == {"pledges"}, "the file holds the filtered rows only"

    zipped = page.get_by_test_id("stDownloadButton").filter(has_text="CSV with metadata").first
    assert bs.rows_in(zipped.inner_text()) == n
    with page.expect_download() as info:
        zipped.click()
    with zipfile.ZipFile(info.value.path()) as zf:
        assert sorted(zf.namelist()) == ["README.md", "data.csv", "metadata.json"]
        data = list(csv.reader(io.StringIO(zf.read("data.csv").decode("utf-8"), newline="")))
        meta = json.loads(zf.read("metadata.json"))
    assert data == rows
    assert meta["is_synthetic"] is True and meta["filters"]["stream"] == "pledges" and meta["row_count"] == n


def test_a_long_extract_shows_its_first_rows_and_downloads_them_all(page, server):
    page.goto(f"{server.url}/extracts")
    button = page.get_by_test_id("stDownloadButton").filter(has_text="Download CSV").first
    bs.expect(button).to_be_visible()
    bs.settled(page)
    n = bs.rows_in(button.inner_text())
    assert n > components.SHOWN_ROWS, "the demo's whole extract is longer than a page shows"
    bs.expect(
        page.get_by_test_id("stCaptionContainer").filter(has_text=f"The first {components.SHOWN_ROWS:,} of {n:,} rows")
    ).to_be_visible()
    with page.expect_download() as info:
        button.click()
    with open(info.value.path(), encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) - 1 == n, "the file holds every row, not the page's first ones"


# ---------------------------------------------------------------- a shared link restores the view


def view_state(page) -> dict:
    return {
        "heading": page.get_by_role("heading", level=1).inner_text(),
        "sentence": bs.sentence(page).inner_text(),
        "dataset": bs.combobox_value(page, "Dataset"),
        "rounds": bs.combobox_value(page, "Review rounds"),
        "stream": bs.combobox_value(page, "Stream"),
        "objectives": bs.chips(page, "Objectives"),
        "geos": bs.chips(page, "Geography"),
        "tables": page.get_by_role("tab", name=re.compile(r"^Table \(")).all_inner_texts(),
        "downloads": page.get_by_test_id("stDownloadButton").all_inner_texts(),
    }


def test_shared_link_restores_the_view(page, new_page, server):
    # Some filters come from a link, one from a widget (test_filter_changes_chart_table_and_url covers the others).
    page.goto(f"{server.url}/objectives?stream=practices&obj=7&obj=5")
    bs.expect(page.locator(".js-plotly-plot").first).to_be_visible()
    bs.choose(page, "Geography", "Eastern Africa (M49 sub-region)")
    bs.expect(page).to_have_url(re.compile(r"geo=Eastern(\+|%20)Africa"))
    bs.expect(bs.sentence(page)).to_contain_text("Eastern Africa")
    bs.expect(page.locator(".js-plotly-plot").first).to_be_visible()
    bs.settled(page)
    state = view_state(page)
    # The link a visitor shares: "Copy link to this view" shows the address of the view, as the address bar does.
    page.get_by_role("button", name=re.compile("Copy link to this view")).click()
    shared = page.get_by_test_id("stPopoverBody").get_by_test_id("stCode").inner_text().strip()
    assert shared.startswith(server.url + "/objectives?")
    assert params(shared) == params(page.url)
    assert state["objectives"] == ["5 · Regular pathways", "7 · Reduce vulnerabilities"]
    assert state["stream"] == "Practices" and state["geos"] == ["Eastern Africa (M49 sub-region)"]

    other = new_page()  # a new browser context: nothing shared but the link
    other.goto(shared)
    bs.expect(bs.sentence(other)).to_have_text(state["sentence"])
    bs.expect(other.locator(".js-plotly-plot").first).to_be_visible()
    bs.settled(other)
    assert view_state(other) == state
    assert params(other.url) == params(shared)
    bs.expect(other.get_by_test_id("stAlert").filter(has_text="not understood")).to_have_count(0)
    bs.expect(other.get_by_test_id("stAlert").filter(has_text="This link was made with")).to_have_count(0)


def test_bad_link_values_fall_back_with_a_notice(page, server):
    page.goto(f"{server.url}/?stream=nonsense&obj=99")
    bs.expect(page.get_by_test_id("stAlert").filter(has_text="not understood")).to_contain_text("obj, stream")
    bs.expect(page).to_have_url(re.compile(r"stream=all"))
    assert "obj" not in params(page.url)


# ---------------------------------------------------------------- the dataset selector and the banner


def test_dataset_switch_hides_and_restores_the_synthetic_banner(page, server):
    page.goto(f"{server.url}/countries")  # a page without charts: the frame around it is what changes
    bs.expect(bs.banner(page)).to_be_visible()

    bs.choose(page, "Dataset", "public")
    bs.expect(page).to_have_url(re.compile(r"[?&]ds=public(&|$)"))
    bs.expect(bs.banner(page)).to_have_count(0)
    bs.expect(page.get_by_test_id("stCaptionContainer").filter(has_text="data cut-off").first).to_be_visible()
    bs.expect(bs.sentence(page)).not_to_contain_text("Synthetic")
    bs.settled(page)
    bs.expect(page.get_by_test_id("stException")).to_have_count(0)

    bs.choose(page, "Dataset", "demo")
    bs.expect(page).to_have_url(re.compile(r"[?&]ds=demo(&|$)"))
    bs.expect(bs.banner(page)).to_be_visible()
    bs.expect(bs.sentence(page)).to_contain_text("Synthetic demo data")


# ---------------------------------------------------------------- last: the server logged no error


def test_server_logged_no_error(server):
    """Errors of download callables and other threads reach only the server log; it must hold none."""
    log = server.log_path.read_text(errors="replace")
    assert not re.search(r"Traceback|Uncaught", log), log[-4000:]


def test_a_saved_chart_image_carries_its_source_line(page, server):
    """The modebar's image holds the dataset, SYNTHETIC, the cut-off and the method (issue: images without context)."""
    page.goto(server.url)
    chart = page.locator(".js-plotly-plot").first
    bs.expect(chart).to_be_visible()
    bs.settled(page)
    chart.hover()
    with page.expect_download() as info:
        chart.locator(".modebar-btn[data-title^='Download plot']").click()
    image = Path(info.value.path()).read_text(encoding="utf-8", errors="replace")
    cutoff = fmt_date("2026-10-31", "en")  # the source line gives the cut-off in the view's language
    assert "SYNTHETIC DEMO DATA" in image and f"data cut-off {cutoff}" in image and "method 1.1" in image


# ---------------------------------------------------------------- accessibility (WCAG 2.1 AA, axe-core)

AXE = Path(os.environ.get("AXE_JS") or bs.ROOT / ".venv" / "node_modules" / "axe-core" / "axe.min.js")


@pytest.mark.parametrize("dataset", ["demo", "public"])
@pytest.mark.parametrize(("path", "heading", "content"), PAGES, ids=[p[1].split()[0].lower() for p in PAGES])
def test_every_page_passes_axe_core(browser, server, dataset, path, heading, content):
    """axe-core (npm; `.ci/run` installs it into .venv/node_modules) finds no WCAG 2.1 A/AA violation."""
    if not AXE.exists():
        message = f"{AXE} not found: npm install --no-save --prefix .venv axe-core (as .ci/run does)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    context = _context(browser)
    page = context.new_page()
    try:
        sep = "&" if "?" in path else "?"
        page.goto(f"{server.url}/{path}{sep}ds={dataset}")
        bs.expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        page.get_by_text("Data built from").wait_for()
        bs.settled(page)
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        check = (
            "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}))"
            ".violations.map(v => `${v.id}: ${v.nodes.length} × ${v.nodes[0].failureSummary}`)"
        )
        violations = page.evaluate(check)
        if violations:  # a rerun may have started (its stale elements are faded): measure the settled page again
            page.wait_for_timeout(2_000)
            bs.settled(page)
            violations = page.evaluate(check)
        assert violations == [], violations
    finally:
        context.close()


PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)


def test_a_phone_sees_the_content_without_the_sidebar_or_a_toolbar_over_titles(browser, server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, user_agent=PHONE_AGENT
    )
    page = context.new_page()
    try:
        page.goto(f"{server.url}/countries?geo=KEN")
        bs.expect(page.get_by_role("heading", level=1)).to_have_text("Countries")
        bs.expect(page.locator(".js-plotly-plot").first).to_be_visible()
        bs.settled(page)
        assert not page.evaluate("() => !!document.querySelector('[data-testid=stSidebar][aria-expanded=true]')")
        assert page.locator(".modebar-container").first.is_hidden()  # no toolbar over the chart titles
        # Issue 17 replaced the 24 small multiples by the answer sentence and cards: on a phone nothing runs wider
        # than the screen.
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        context.close()


def test_every_chart_has_a_text_alternative(page, server):
    page.goto(server.url)
    bs.expect(page.locator(".js-plotly-plot").first).to_be_visible()
    bs.settled(page)
    alternatives = page.locator(".gcm-sr").all_inner_texts()
    assert len(alternatives) >= page.locator(".js-plotly-plot").count() >= 2
    assert all(text.startswith("Chart: ") and "Table tab" in text for text in alternatives)


def test_the_keyboard_reaches_the_filters_then_the_page_in_order(page, server):
    page.goto(server.url)
    bs.expect(page.locator(".js-plotly-plot").first).to_be_visible()
    bs.settled(page)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                "() => { const e = document.activeElement; return (e.getAttribute('aria-label') || e.innerText || "
                "e.getAttribute('role') || e.tagName).trim().slice(0, 60); }"
            )
        )
    text = " | ".join(seen)
    first = lambda word: next(i for i, s in enumerate(seen) if word in s)  # noqa: E731
    assert "Overview" in text and "Copy link to this view" in text, text
    # Top navigation, then the sidebar's filters, then the page's own controls: the order a reader expects.
    assert first("Objectives") < first("Copy link to this view"), text
    assert any("Dataset" in s or "demo" in s for s in seen[: first("Copy link to this view")]), text
