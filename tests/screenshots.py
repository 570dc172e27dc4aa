"""Take the README's screenshots (docs/screenshots/) in headless Chromium: `python -m tests.screenshots`."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from etl import build, paths
from tests.browser_support import CHROMIUM, LAUNCH_ARGS, StreamlitServer, missing, settled, sync_playwright

OUT = paths.DOCS / "screenshots"
# (file name, dataset, path and query): every page, plus the views the README links to.
SHOTS = [
    ("overview", "demo", "/"),
    ("overview_public", "public", "/?ds=public"),
    ("objectives", "demo", "/objectives?obj=13"),
    ("objectives_principle", "demo", "/objectives?gp=8"),
    ("countries", "demo", "/countries?geo=KEN"),
    ("countries_compare", "demo", "/countries?geo=KEN&geo=UGA&geo=ETH"),
    ("regions", "demo", "/regions"),
    ("regions_commission", "demo", "/regions?lvl=commission"),
    ("extracts", "demo", "/extracts?stream=pledges&obj=5"),
    ("method", "demo", "/method"),
]
# Each UN language: the Overview and Countries pages (overview_ar.png, countries_fr.png, ...), the top of the page.
LANGUAGE_SHOTS = [("overview", "/"), ("countries", "/countries?geo=KEN")]
LANGUAGE_HEIGHT = 1600
WIDTH, HEIGHT = 1400, 3400  # tall enough for a whole page: Streamlit scrolls an inner pane, not the document
# Phone shots (390 px wide, a phone's User-Agent: the sidebar starts collapsed, small multiples take two columns).
PHONE_SHOTS = [("phone_overview", "/"), ("phone_countries", "/countries?geo=KEN")]
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)


def take_languages(server: StreamlitServer, out: Path) -> None:
    from dashboard.i18n import LANGUAGES, translate

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for lang in LANGUAGES:
            for name, path in LANGUAGE_SHOTS:
                page = browser.new_page(viewport={"width": WIDTH, "height": LANGUAGE_HEIGHT})
                page.goto(server.url + path + ("&" if "?" in path else "?") + f"lang={lang}")
                # The glossary button is in the footer only (the page link "Method & sources" is in the menu too).
                page.get_by_text(translate(lang, "glossary.button")).first.wait_for(timeout=60_000)
                settled(page)
                page.wait_for_timeout(2_000)
                page.screenshot(path=str(out / f"{name}_{lang}.png"))
                page.close()
                print(f"{out / name}_{lang}.png")
        browser.close()


def take(server: StreamlitServer, out: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for name, _, path in SHOTS:
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.goto(server.url + path)
            page.get_by_text("Data built from").wait_for(timeout=60_000)  # the footer: the page has run to its end
            settled(page)
            page.wait_for_timeout(2_000)  # let Plotly finish drawing (maps load their outlines)
            page.screenshot(path=str(out / f"{name}.png"))
            page.close()
            print(f"{out / name}.png")
        phone = browser.new_context(
            viewport={"width": 390, "height": 2400}, is_mobile=True, has_touch=True, user_agent=PHONE_AGENT
        )
        for name, path in PHONE_SHOTS:
            page = phone.new_page()
            page.goto(server.url + path)
            page.get_by_text("Data built from").wait_for(timeout=60_000)
            settled(page)
            page.wait_for_timeout(2_000)
            page.screenshot(path=str(out / f"{name}.png"))
            page.close()
            print(f"{out / name}.png")
        phone.close()
        browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.screenshots", description=__doc__)
    parser.add_argument("--out", default=str(OUT), help="folder for the PNG files")
    parser.add_argument("--languages", action="store_true", help="only the Overview and Countries in each language")
    args = parser.parse_args(argv)
    if reason := missing():
        print(f"error: {reason}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for dataset in ("demo", "public"):
            assert build.main(["--dataset", dataset, "--db", str(folder / f"{dataset}.duckdb")]) == 0
        server = StreamlitServer(folder / "demo.duckdb", "demo", folder / "server.log").start()
        try:
            (take_languages if args.languages else take)(server, Path(args.out))
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
