"""The page registry: every page's title key, URL path, script and icon, in menu order (app.py and the tests)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    key: str  # its title is the i18n key `page.<key>`
    script: str  # relative to dashboard/, as st.Page and AppTest.switch_page take it
    url_path: str
    icon: str

    @property
    def title_key(self) -> str:
        return f"page.{self.key}"


# The first is the default page, served at "/".
PAGES: tuple[Page, ...] = (
    Page("overview", "app_pages/overview.py", "overview", ":material/dashboard:"),
    Page("objectives", "app_pages/objectives.py", "objectives", ":material/flag:"),
    Page("countries", "app_pages/countries.py", "countries", ":material/location_on:"),
    Page("regions", "app_pages/regions.py", "regions", ":material/public:"),
    Page("records", "app_pages/records.py", "records", ":material/search:"),
    Page("extracts", "app_pages/extracts.py", "extracts", ":material/download:"),
    Page("method", "app_pages/method.py", "method", ":material/menu_book:"),
)
PAGE_KEYS: tuple[str, ...] = tuple(p.key for p in PAGES)
SCRIPTS: tuple[str, ...] = tuple(p.script for p in PAGES)
