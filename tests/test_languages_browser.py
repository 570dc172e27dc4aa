"""Right to left in headless Chromium: every page in Arabic mirrors its main container; English stays left to right."""

from __future__ import annotations

import browser_support as bs
import pytest

from dashboard.i18n import translate
from dashboard.navigation import PAGES

pytestmark = pytest.mark.browser

DIRECTION = """() => ['stAppViewContainer', 'stMain', 'stSidebar'].map(
    id => getComputedStyle(document.querySelector(`[data-testid="${id}"]`)).direction)"""


@pytest.fixture(scope="module")
def server(databases, tmp_path_factory):
    bs.require_browser()
    log = tmp_path_factory.mktemp("rtl") / "streamlit.log"
    server = bs.StreamlitServer(databases / "demo.duckdb", "demo", log).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def page(server, playwright):
    """A tab of its own browser, on the process's one Playwright (tests/conftest.py)."""
    browser = playwright.chromium.launch(executable_path=bs.CHROMIUM, args=bs.LAUNCH_ARGS, timeout=bs.TIMEOUT_MS)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    context.set_default_timeout(bs.TIMEOUT_MS)
    yield context.new_page()
    context.close()
    browser.close()


@pytest.mark.parametrize("key", [p.key for p in PAGES])
def test_every_page_in_arabic_is_right_to_left(page, server, key):
    path = next(p.url_path for p in PAGES if p.key == key)
    page.goto(f"{server.url}/{path}?lang=ar")
    page.get_by_text(translate("ar", "footer.link")).first.wait_for()  # the footer: the page has run to its end
    bs.settled(page)
    # The stylesheet comes with the run's event messages, which can land just after the footer is drawn.
    page.wait_for_function(f"() => ({DIRECTION})().every(d => d === 'rtl')", timeout=bs.TIMEOUT_MS)
    assert page.evaluate(DIRECTION) == ["rtl", "rtl", "rtl"]
    assert page.locator("html").get_attribute("lang") in (None, "", "en", "ar")
    assert "lang=ar" in page.url  # the language stays in the address


def test_two_rounds_counts_point_from_the_first_round_in_arabic(page, server):
    """A "0 → 1" laid out right to left shows as "1 → 0", a fall: the cards' counts stay a left-to-right island,
    and counts inside Arabic text use "←" (0 ← 1: met first, pointed on to)."""
    page.goto(f"{server.url}/countries?geo=KEN&lang=ar")
    page.get_by_text(translate("ar", "footer.link")).first.wait_for()
    bs.settled(page)
    values = page.locator('[data-testid="stMetricValue"] p')
    values.first.wait_for()
    assert values.count() >= 5
    for i in range(values.count()):
        value = values.nth(i)
        assert "→" in value.inner_text() and value.evaluate("e => getComputedStyle(e).direction") == "ltr"
    page.goto(f"{server.url}/?lang=ar")
    page.get_by_text(translate("ar", "footer.link")).first.wait_for()
    bs.settled(page)
    page.locator(".gcm-tile").first.wait_for()
    tiles = page.locator(".gcm-tile").all_inner_texts()
    assert tiles and not any("→" in text for text in tiles), tiles[:2]


def test_english_stays_left_to_right_and_the_browser_language_is_the_default(page, server):
    page.goto(f"{server.url}/")
    page.get_by_text(translate("en", "footer.link")).first.wait_for()
    bs.settled(page)
    assert page.evaluate(DIRECTION) == ["ltr", "ltr", "ltr"]
    assert "lang=en" in page.url  # en-GB browser: English, written to the URL


def test_a_chart_in_french_titles_its_modebar_in_french(page, server):
    """Streamlit passes the config's `locale` and `locales` through to plotly.js, which titles the buttons from them;
    Streamlit's own fullscreen button keeps its English title, so its tooltip comes from the language's CSS."""
    from dashboard import l10n

    page.goto(f"{server.url}/?lang=fr")
    chart = page.locator(".js-plotly-plot").first
    chart.locator(".modebar-btn").first.wait_for(state="attached")
    bs.settled(page)
    assert chart.evaluate("el => el._context.locale") == "fr"
    titles = chart.locator(".modebar-btn").evaluate_all("els => els.map(e => e.getAttribute('data-title'))")
    for key in ("modebar.download", "modebar.pan", "modebar.zoom_in", "modebar.zoom_out", "modebar.reset_axes"):
        assert translate("fr", key) in titles, (key, titles)
    english = set(l10n.PLOTLY_TEXTS) - {"Zoom"}  # "Zoom" is French as well
    assert not english & set(titles), titles
    tooltip = f'"{translate("fr", "modebar.fullscreen")}"'
    page.wait_for_function(
        """tooltip => getComputedStyle(document.querySelector('.modebar-btn[data-title="Fullscreen"]'), '::after')
                         .content === tooltip""",
        arg=tooltip,
        timeout=bs.TIMEOUT_MS,
    )


def test_the_whole_dataset_download_in_french_has_a_french_readme(page, server):
    """The data package is made on click, on another thread than the session's: its words are the view's."""
    import io
    import zipfile

    page.goto(f"{server.url}/extracts?lang=fr")
    button = page.get_by_test_id("stDownloadButton").filter(has_text=translate("fr", "download.dataset"))
    button.wait_for()
    bs.settled(page)
    with page.expect_download(timeout=bs.TIMEOUT_MS * 4) as download:
        button.click()
    with zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())) as zf:
        readme = zf.read("README.md").decode()
    assert readme.startswith("# " + translate("fr", "datapackage.title_synthetic", title=""))
    assert f"**{translate('fr', 'readme.synthetic')}**" in readme
    assert translate("fr", "datapackage.intro") in readme
