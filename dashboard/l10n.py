"""Numbers, lists and dates by Babel (CLDR) for the view's language; Plotly separators and modebar; the RTL CSS."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import get_decimal_symbol, get_group_symbol, parse_pattern

from dashboard.i18n import (
    DEFAULT,
    babel_locale,
    current_language,
    direction,
    localise_digits,
    numbering_system,
    translate,
)


def _lang(lang: str | None) -> str:
    return lang or current_language()


@functools.lru_cache(maxsize=64)
def _pattern(kind: str, code: str, decimals: int | None):
    """The locale and its CLDR number pattern, parsed once per process (tables format thousands of numbers)."""
    locale = Locale.parse(babel_locale(code))
    formats = locale.percent_formats if kind == "percent" else locale.decimal_formats
    pattern = parse_pattern(formats[None].pattern)
    if decimals is not None:
        pattern.frac_prec = (decimals, decimals)
    return locale, pattern


def _apply(kind: str, value: float, code: str, decimals: int | None) -> str:
    """Format with the locale's own CLDR pattern (its spacing and sign placement), at fixed decimals if given."""
    locale, pattern = _pattern(kind, code, decimals)
    text = pattern.apply(
        value, locale, decimal_quantization=decimals is not None, numbering_system=numbering_system(code)
    )
    return localise_digits(text, code)


def fmt_number(value: float, lang: str | None = None, decimals: int | None = None) -> str:
    """A number with the language's digits and separators (French `1 234,5` with U+202F); fixed decimals if given."""
    return _apply("decimal", value, _lang(lang), decimals)


def fmt_percent(value: float, lang: str | None = None, decimals: int = 0) -> str:
    """A fraction as a percentage the language's way: `12%` (en, zh, ar), `12 %` (fr, es, ru: no-break space)."""
    return _apply("percent", value, _lang(lang), decimals)


def fmt_pair(first: object, second: object, lang: str | None = None) -> str:
    """The values of two rounds, first to second: "3 → 5". Right to left "3 ← 5": the reader meets 3 first and the
    arrow points on to 5; a "→" there would be laid out as "5 → 3" and read as a fall."""
    arrow = "←" if direction(_lang(lang)) == "rtl" else "→"
    return f"{first} {arrow} {second}"


def fmt_counts(first: float, second: float, lang: str | None = None) -> str:
    """Two rounds' counts as the language writes numbers, first to second (fmt_pair)."""
    return fmt_pair(fmt_number(first, lang), fmt_number(second, lang), lang)


def fmt_list(items: Iterable[str], lang: str | None = None, style: str = "standard") -> str:
    """Items joined as CLDR joins them: `a, b and c`, `a、b和c`, `a وb وc` (CLDR's standard Arabic list)."""
    return format_list(list(items), style=style, locale=babel_locale(_lang(lang)))


def fmt_date(value: dt.date | str, lang: str | None = None, length: str = "medium") -> str:
    """A date in the language (`5 mars 2026`, `2026年3月5日`); ISO strings are accepted."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    code = _lang(lang)
    return localise_digits(format_date(value, format=length, locale=babel_locale(code)), code)


def plotly_separators(lang: str | None = None) -> str:
    """Plotly's `layout.separators` (decimal then thousands character) for the language.

    Plotly draws only Latin digits, so the symbols are those of the language's Latin numbering system: with
    Arabic-Indic digits on the page, a chart keeps Latin digits with matching separators rather than mixing scripts.
    """
    locale = babel_locale(_lang(lang))
    return get_decimal_symbol(locale, numbering_system="latn") + get_group_symbol(locale, numbering_system="latn")


# Streamlit has no RTL switch (streamlit/streamlit#552, open since 2019). The selectors are the data-testid
# attributes of the Streamlit 1.67 frontend bundle (checked in streamlit/static/static/js of the installed wheel).
# The app container is flex, so `direction: rtl` also moves the sidebar to the right. Plotly charts, code and
# st.dataframe's canvas grid stay left to right: their contents are drawn, not flowed, and mirroring them by CSS
# breaks hover and axes (charts get RTL legends and axes from plotly_rtl_layout instead).
RTL_CSS = """
[data-testid="stAppViewContainer"], [data-testid="stSidebar"], [data-testid="stHeader"],
[data-testid="stBottom"] { direction: rtl; }
[data-testid="stSidebarContent"], [data-testid="stSidebarUserContent"], [data-testid="stSidebarNav"],
[data-testid="stMain"], [data-testid="stMainBlockContainer"] { direction: rtl; text-align: right; }
[data-testid="stMarkdown"], [data-testid="stMarkdownContainer"],
[data-testid="stHeading"], [data-testid="stAlert"], [data-testid="stAlertContent"],
[data-testid="stExpander"], [data-testid="stTabs"], [data-testid="stWidgetLabel"],
[data-testid="stMetric"], [data-testid="stTooltipIcon"] { direction: rtl; text-align: right; }
[data-testid="stMarkdownContainer"] ul, [data-testid="stMarkdownContainer"] ol {
  padding-inline-start: 1.5em; padding-inline-end: 0; }
[data-testid="stTable"], [data-testid="stTableStyledTable"] { direction: rtl; }
[data-testid="stTableStyledTable"] th, [data-testid="stTableStyledTable"] td { text-align: right; }
[data-testid="stDataFrame"], [data-testid="stPlotlyChart"], [data-testid="stCode"],
[data-testid="stMarkdownContainer"] code, [data-testid="stMarkdownContainer"] pre { direction: ltr; }
[data-testid="stMarkdownContainer"] code, .gcm-ltr, bdi { unicode-bidi: isolate; }
[data-testid="stMetricValue"], [data-testid="stMetricDelta"] { direction: ltr; unicode-bidi: isolate;
  text-align: right; }
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"], [data-testid="stMetricValue"] p {
  direction: ltr; }
"""


def rtl_css(lang: str | None = None) -> str:
    """The stylesheet for the language: RTL_CSS for right-to-left languages, empty otherwise."""
    return RTL_CSS if direction(_lang(lang)) == "rtl" else ""


def language_css(lang: str | None = None) -> str:
    """The language's CSS for every page: right to left and the fullscreen button's tooltip; empty in English."""
    return rtl_css(lang) + modebar_css(lang)


def ltr(text: object) -> str:
    """Markdown-safe HTML keeping a number, ISO code or URL left to right inside right-to-left text."""
    return f'<bdi dir="ltr">{text}</bdi>'


def plotly_rtl_layout(lang: str | None = None) -> dict:
    """Layout updates placing legend and y axis for a right-to-left reader; empty for left-to-right languages.

    Time axes keep running left to right (as in Arabic statistical publications of the UN); the legend moves to
    the right edge and the y axis to the right side.
    """
    if direction(_lang(lang)) != "rtl":
        return {}
    return {
        "legend": {"x": 1, "xanchor": "right", "traceorder": "normal"},
        "yaxis": {"side": "right"},
        "separators": plotly_separators(lang),
    }


# The texts Plotly's modebar and notices show on this dashboard's charts (bars, heatmaps, a map; box and lasso select
# are removed), by the English text plotly.js 3 looks up in `config.locales[locale].dictionary`, with their catalogue
# keys. Checked against the plotly.js bundled with Streamlit (tests/test_i18n.py).
PLOTLY_TEXTS = {
    "Download plot as a PNG": "modebar.download_png",
    "Download plot": "modebar.download",
    "Zoom": "modebar.zoom",
    "Pan": "modebar.pan",
    "Zoom in": "modebar.zoom_in",
    "Zoom out": "modebar.zoom_out",
    "Autoscale": "modebar.autoscale",
    "Reset axes": "modebar.reset_axes",
    "Reset": "modebar.reset_map",
    "Preparing image - this may take a few seconds": "modebar.preparing",
    "Image download succeeded": "modebar.downloaded",
    "Sorry, there was a problem downloading your image!": "modebar.download_failed",
    "Double-click to zoom back out": "modebar.zoom_back",
    "Double-click on legend to isolate one trace": "modebar.legend_isolate",
}
# Streamlit adds its own fullscreen button to the modebar with an English title that no Plotly dictionary reaches
# (PlotlyChart.tsx sets `title: "Fullscreen"`): its tooltip, drawn by Plotly's CSS from `data-title`, is replaced.
STREAMLIT_MODEBAR = {"Fullscreen": "modebar.fullscreen", "Close fullscreen": "modebar.close_fullscreen"}


def plotly_locale(lang: str | None = None) -> dict:
    """The `locale` and `locales` entries of a chart's Plotly config for the language (nothing in English):
    Streamlit passes them through to plotly.js, which then titles the modebar buttons in the language."""
    return _plotly_locale(_lang(lang))


@functools.lru_cache(maxsize=16)
def _plotly_locale(code: str) -> dict:
    if code == DEFAULT:
        return {}
    dictionary = {english: translate(code, key) for english, key in PLOTLY_TEXTS.items()}
    return {"locale": code, "locales": {code: {"dictionary": dictionary}}}


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def modebar_css(lang: str | None = None) -> str:
    """CSS giving Streamlit's fullscreen button its tooltip in the language (empty in English)."""
    code = _lang(lang)
    if code == DEFAULT:
        return ""
    return "".join(
        f'.js-plotly-plot .plotly [data-title="{english}"]::after {{ content: {_css_string(translate(code, key))} '
        "!important; }\n"
        for english, key in STREAMLIT_MODEBAR.items()
    )
