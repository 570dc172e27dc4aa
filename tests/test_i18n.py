"""The string catalogue: keys exist and are used; a language per session, plurals, formats, every page in six."""

import re
import string
from pathlib import Path

import pytest

from dashboard import filters, navigation
from dashboard.i18n import STRINGS, t
from etl import schema

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard"
# t("key"), tn("key", n) and the empty-state helper that takes a key: widgets.empty("key").
STATIC_KEY = re.compile(r"""\b(?:t|tn|empty)\(\s*(["'])([a-z_][a-z0-9_.]*)\1""")
PROSE_CALL = re.compile(r"""\bprose\(\s*(["'])([a-z_]+)\1""")
DYNAMIC_KEY = re.compile(r"""\bt\(\s*f(["'])([a-z_.]+)\{""")
# The families of keys built at run time, with every value they can take.
FAMILIES = {
    "class.": schema.CATEGORIES,
    "confidence.": schema.CONFIDENCES,
    "label.": schema.LABELS,
    "stream.": filters.STREAM_CHOICES,
    # One full sentence per level (Russian and Arabic agree in case and number): no level word inside a sentence.
    "overview.share_sentence.": filters.LEVELS,
    "overview.silent.": filters.LEVELS,
    "objectives.sentence_head.": filters.LEVELS,
    "objectives.sentence_level.": filters.LEVELS,
    "objectives.sentence_many.": filters.LEVELS,
    "regions.heat_heading.": filters.LEVELS,
    "regions.coverage_title.": filters.LEVELS,
    # A download's README names its filters by the keys of Filters.as_dict().
    "readme.filter.": ("dataset", "rounds", "stream", "objectives", "geographies", "level", "principle"),
    "level.switch.": filters.LEVELS,
    "profile.place.": filters.LEVELS,
    "page.": navigation.PAGE_KEYS,
    "objectives.kind.": ("objectives", "roundtable", "mptf", "principle"),
    # Coded values shown as words in tables (tables._CODED).
    "direction.": schema.REASON_DIRECTIONS,
    "precision.": schema.DATE_PRECISIONS,
    "countries.order.": ("objective", "name"),
    "regions.measure.": ("count_to", "count_from", "class"),
    "extracts.view.": ("activities", "progress", "coverage"),
    "objectives.group_heading.": ("roundtable", "mptf_area"),
    "level.one.": ("country", "subregion", "commission", "global"),
    "basis.": ("count", "share", "breadth", "label", "help"),
    "regions.heat_title.": ("count", "share", "breadth"),
    "exposure.": ("rate", "per_round"),
    "objectives.group_subject.": ("roundtable", "mptf_area"),
    "threshold.": (
        "moderate",
        "substantial",
        "n_min",
        "alpha",
        "continuity",
        "robust_stagnation_n",
        "score_cap",
        "short_window_years",
        "exposure_model",
        "round_close",
        "mechanism_start",
    ),
    # The country brief's reasons table (dashboard/brief.py): a recorded reason's code.
    "reason.": schema.REASON_CODES,
}
# Column headers are looked up by column name (components.column_config), so any col.* key may be used; the
# modebar's texts by Plotly's English text (l10n.PLOTLY_TEXTS, checked below).
LOOKED_UP_BY_NAME = ("col.", "modebar.")


def sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in DASHBOARD.rglob("*.py")}


def test_every_static_key_exists():
    missing = sorted(
        {
            f"{path.name}: {m.group(2)}"
            for path, text in sources().items()
            for m in STATIC_KEY.finditer(text)
            if m.group(2) not in STRINGS
        }
    )
    assert not missing, missing


def test_every_dynamic_key_family_is_known_and_complete():
    prefixes = {m.group(2) for text in sources().values() for m in DYNAMIC_KEY.finditer(text)}
    unknown = prefixes - set(FAMILIES)
    assert not unknown, f"f-string keys with no family in this test: {unknown}"
    missing = [
        prefix + value for prefix, values in FAMILIES.items() for value in values if prefix + value not in STRINGS
    ]
    assert not missing, missing


def test_every_prose_text_is_used_and_named():
    """prose("name") calls name the files of i18n.PROSE, and each of them is shown somewhere."""
    from dashboard.i18n import PROSE

    used = {m.group(2) for text in sources().values() for m in PROSE_CALL.finditer(text)}
    assert used == set(PROSE)


def test_no_unused_keys():
    used = {m.group(2) for text in sources().values() for m in STATIC_KEY.finditer(text)}
    unused = [
        key
        for key in STRINGS
        if key not in used and not key.startswith(tuple(FAMILIES)) and not key.startswith(LOOKED_UP_BY_NAME)
    ]
    assert not unused, unused


def test_templates_are_well_formed():
    for key, text in STRINGS.items():
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name]
        assert all(re.fullmatch(r"[a-z_0-9]+(:,)?", f) or re.fullmatch(r"[a-z_0-9]+", f) for f in fields), key


def test_t_formats_and_shows_unknown_keys():
    assert t("rounds.pair", a=1, b=2) == "rounds 1 → 2"
    assert t("no.such.key") == "no.such.key"
    assert t("banner.synthetic") == "Synthetic demo data, not real GCM figures."


def test_user_facing_literals_live_in_the_catalogue():
    """Pages pass no English literals to Streamlit: every label goes through t()."""
    widget_call = re.compile(
        r"""st\.(?:markdown|caption|subheader|header|title|info|warning|error|success|write|"""
        r"""button|radio|selectbox|multiselect|metric)\(\s*(["'])([A-Za-z][^"']*)\1"""
    )
    offenders = [
        f"{path.name}: {m.group(2)}"
        for path, text in sources().items()
        if "app_pages" in path.parts
        for m in widget_call.finditer(text)
    ]
    assert not offenders, offenders


def test_every_extract_column_has_a_header():
    from etl import export

    assert [c for c in export.EXTRACT_COLUMNS if f"col.{c}" not in STRINGS] == []


# --- languages, sessions, the pseudo-locale and formatting (issue 15)


def test_the_six_un_languages_in_their_own_names():
    from dashboard.i18n import LANGUAGES, PSEUDO

    assert list(LANGUAGES) == ["ar", "zh", "en", "fr", "ru", "es"]
    assert [lang.name for lang in LANGUAGES.values()] == [
        "العربية",
        "中文",
        "English",
        "Français",
        "Русский",
        "Español",
    ]
    assert {code for code, lang in LANGUAGES.items() if lang.direction == "rtl"} == {"ar"}
    assert PSEUDO not in LANGUAGES  # never offered to users


def test_resolve_language_prefers_the_url_then_the_browser_then_english():
    from dashboard.i18n import resolve_language

    assert resolve_language("ru", "fr-FR") == "ru"
    assert resolve_language(["en", "ar"], "fr") == "ar"  # a repeated key: the last value, as st.query_params
    assert resolve_language("de", "fr-CA") == "fr"  # unknown URL value: the browser decides
    assert resolve_language(None, "zh-Hans-CN") == "zh"
    assert resolve_language("", "es_419") == "es"
    assert resolve_language(None, "de-DE") == "en"
    assert resolve_language(None, None) == "en"
    assert resolve_language("qps", "fr") == "qps"  # the pseudo-locale is reachable by URL for test runs
    assert resolve_language(None, "qps") == "en"  # but never chosen from a browser


def test_pseudo_locale_wraps_every_string_and_keeps_placeholders_filled():
    from dashboard.i18n import PROSE, PSEUDO, PSEUDO_CLOSE, PSEUDO_OPEN, translate, translate_prose

    for key, english in STRINGS.items():
        text = translate(PSEUDO, key)
        assert text == f"{PSEUDO_OPEN}{english}{PSEUDO_CLOSE}", key
    assert translate(PSEUDO, "rounds.pair", a=1, b=2) == "⟦rounds 1 → 2⟧"
    for name in PROSE:
        assert translate_prose(PSEUDO, name) == f"{PSEUDO_OPEN}{translate_prose('en', name)}{PSEUDO_CLOSE}", name


def test_language_is_per_context_not_a_module_global():
    """Two threads (as two Streamlit sessions run) each keep their own language."""
    import threading

    from dashboard import i18n

    seen = {}

    def session(code: str) -> None:
        i18n.set_language(code)
        barrier.wait()  # both have set theirs before either reads
        seen[code] = (i18n.current_language(), t("page.overview"))

    barrier = threading.Barrier(2)
    threads = [threading.Thread(target=session, args=(code,)) for code in ("fr", "ru")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"fr": ("fr", "Vue d’ensemble"), "ru": ("ru", "Обзор")}
    assert i18n.current_language() == "en"


def test_session_state_carries_the_language_in_a_streamlit_run():
    from streamlit.testing.v1 import AppTest

    def script():
        import streamlit as st

        from dashboard import i18n

        i18n.init_language()
        st.markdown(i18n.t("page.method"))
        st.caption(i18n.current_language())

    at = AppTest.from_function(script)
    at.query_params["lang"] = "es"
    at.run()
    assert at.markdown[0].value == "Método y fuentes" and at.session_state["lang"] == "es"
    other = AppTest.from_function(script)  # another session, no URL value: English (AppTest has no browser locale)
    other.run()
    assert other.markdown[0].value == "Method & sources"


def test_counted_strings_take_the_cldr_plural_form():
    from dashboard.i18n import translate, use_language

    assert t("tabs.table", n=1) == "Table (1 row)" and t("tabs.table", n=1234) == "Table (1,234 rows)"
    assert [translate("ru", "tabs.table", n=n) for n in (1, 3, 5, 21)] == [
        "Таблица (1 строка)",
        "Таблица (3 строки)",
        "Таблица (5 строк)",
        "Таблица (21 строка)",
    ]
    # Arabic's six CLDR categories: zero, one, two, few (3-10), many (11-99), other (100-102, ...).
    assert [translate("ar", "tabs.table", n=n) for n in (0, 1, 2, 3, 11, 100)] == [
        "الجدول (0 صف)",
        "الجدول (1 صف)",
        "الجدول (2 صفّان)",
        "الجدول (3 صفوف)",
        "الجدول (11 صفًا)",
        "الجدول (100 صف)",
    ]
    with use_language("fr"):
        from dashboard.i18n import tn

        assert tn("chart.alt", 1, title="X").startswith("Graphique : X. Sa ligne")


def test_french_numbers_in_strings_use_a_narrow_no_break_space():
    from dashboard.i18n import translate

    assert translate("fr", "tabs.table", n=1234) == "Tableau (1\u202f234 lignes)"
    assert translate("es", "table.first_rows", shown=1000, total=25000).startswith("Las primeras 1.000 filas de 25.000")


def test_arabic_digits_follow_one_setting(monkeypatch):
    from dashboard import i18n, l10n

    assert l10n.fmt_number(1234.5, "ar") == "1,234.5"  # CLDR's default numbering system for ar (Babel 2.18)
    monkeypatch.setattr(i18n, "ARABIC_NUMBERING", "arab")
    assert l10n.fmt_number(1234.5, "ar") == "١٬٢٣٤٫٥"
    assert i18n.translate("ar", "rounds.short", r=2) == "الجولة ٢"
    assert l10n.plotly_separators("ar") == ".,"  # Plotly draws Latin digits: keep their separators


def test_formatters_follow_cldr():
    from dashboard import l10n

    assert l10n.fmt_number(1234.5, "fr") == "1\u202f234,5"
    assert l10n.fmt_number(1234.567, "ru", decimals=1) == "1\xa0234,6"
    assert l10n.fmt_percent(0.12, "en") == "12%" and l10n.fmt_percent(0.12, "fr") == "12\xa0%"
    assert l10n.fmt_percent(0.1234, "es", decimals=1) == "12,3\xa0%"
    assert l10n.fmt_list(["甲", "乙", "丙"], "zh") == "甲、乙和丙"
    assert l10n.fmt_list(["أ", "ب", "ج"], "ar") == "أ وب وج"  # CLDR's standard Arabic list
    assert l10n.fmt_list(["أ", "ب", "ج"], "ar", style="unit") == "أ، وب، وج"
    assert l10n.fmt_date("2026-03-05", "fr", "long") == "5 mars 2026"
    assert l10n.fmt_date("2026-03-05", "zh") == "2026年3月5日"
    assert {lang: l10n.plotly_separators(lang) for lang in ("en", "fr", "ru", "es")} == {
        "en": ".,",
        "fr": ",\u202f",
        "ru": ",\xa0",
        "es": ",.",
    }


def test_rtl_stylesheet_only_for_arabic_and_on_real_streamlit_test_ids():
    import re as _re

    import streamlit

    from dashboard import l10n

    assert l10n.rtl_css("fr") == "" and l10n.language_css("en") == ""
    css = l10n.rtl_css("ar")
    assert l10n.language_css("ar") == css + l10n.modebar_css("ar")
    assert "unicode-bidi: isolate" in css and "direction: rtl" in css
    bundle = Path(streamlit.__file__).parent / "static" / "static" / "js"
    known = set()
    for js in bundle.glob("*.js"):
        known |= set(_re.findall(r'data-testid":`(st[A-Za-z]+)', js.read_text(encoding="utf-8", errors="ignore")))
    used = set(_re.findall(r'data-testid="(st[A-Za-z]+)"', css))
    assert used and used <= known, used - known
    assert l10n.plotly_rtl_layout("en") == {} and l10n.plotly_rtl_layout("ar")["yaxis"] == {"side": "right"}
    assert l10n.ltr("KEN") == '<bdi dir="ltr">KEN</bdi>'


def _streamlit_plotly_bundle() -> str:
    import streamlit

    bundle = Path(streamlit.__file__).parent / "static" / "static" / "js"
    return "".join(js.read_text(encoding="utf-8", errors="ignore") for js in bundle.glob("PlotlyChart*.js"))


def test_the_modebar_texts_are_those_of_the_bundled_plotly_and_streamlit():
    """Each English text looked up is one the plotly.js inside Streamlit's bundle translates (`_(gd, "...")`) or
    Streamlit's own fullscreen button's title; each has its catalogue key, whose English is that text."""
    from dashboard import l10n

    bundle = _streamlit_plotly_bundle()
    assert bundle, "Streamlit's PlotlyChart bundle not found"
    for english in l10n.PLOTLY_TEXTS:
        assert re.search(r"\b[a-z_]\([a-z],`" + re.escape(english) + "`\\)", bundle), english
    for english in l10n.STREAMLIT_MODEBAR:
        assert f"`{english}`" in bundle, english
    keys = {**l10n.PLOTLY_TEXTS, **l10n.STREAMLIT_MODEBAR}
    assert {key for key in STRINGS if key.startswith("modebar.")} == set(keys.values())
    assert all(STRINGS[key] == english for english, key in keys.items())


def test_the_plotly_config_and_the_fullscreen_tooltip_follow_the_language():
    from dashboard import l10n

    assert l10n.plotly_locale("en") == {} and l10n.modebar_css("en") == ""
    french = l10n.plotly_locale("fr")
    assert french["locale"] == "fr" and french["locales"]["fr"]["dictionary"]["Zoom in"] == "Zoom avant"
    assert set(french["locales"]["fr"]["dictionary"]) == set(l10n.PLOTLY_TEXTS)
    assert l10n.plotly_locale("qps")["locales"]["qps"]["dictionary"]["Pan"] == "⟦Pan⟧"
    assert '[data-title="Fullscreen"]::after { content: "Plein écran" !important; }' in l10n.modebar_css("fr")
    assert l10n.language_css("fr") == l10n.modebar_css("fr")


PAGES = [
    "app_pages/overview.py",
    "app_pages/objectives.py",
    "app_pages/countries.py",
    "app_pages/regions.py",
    "app_pages/extracts.py",
    "app_pages/method.py",
]
TEXT_ELEMENTS = ("markdown", "caption", "info", "warning", "error", "success", "subheader", "title", "header")
LABELLED = ("selectbox", "multiselect", "radio", "button", "toggle", "checkbox", "tabs", "expander", "metric")


def _page_texts(at) -> list[str]:
    values = [str(element.value) for kind in TEXT_ELEMENTS for element in getattr(at, kind)]
    values += [str(getattr(element, "label", "")) for kind in LABELLED for element in getattr(at, kind)]
    return [value for value in values if not value.startswith("<style")]


def _english_left(text: str) -> list[str]:
    """Words of English left once every ⟦…⟧ (nested) and every tag, code span, icon and URL is removed."""
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
    text = re.sub(r"<[^>]+>|`[^`]*`|:material/[a-z_]+:|https?://\S+", " ", text)
    return re.findall(r"[A-Za-z][a-z]{2,}", text)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ar", "zh", "en", "fr", "ru", "es", "qps"])
def test_every_page_renders_in_every_language(databases, monkeypatch, lang):
    """AppTest of each page with the session's language set; the pseudo-locale shows which English is left."""
    from streamlit.testing.v1 import AppTest

    from dashboard.i18n import use_language

    monkeypatch.setenv("GCM_DB_PATH", str(databases / "demo.duckdb"))
    monkeypatch.setenv("GCM_DATASET", "demo")
    # AppTest calls a selectbox's format_func from the test thread too, outside the script run and its session
    # state: the context variable gives that thread the same language as the session.
    with use_language(lang):
        at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py"), default_timeout=60)
        at.session_state["lang"] = lang
        left = set()
        for page in PAGES:
            at.switch_page(page)
            at.run()
            assert not at.exception, (lang, page, [e.value for e in at.exception])
            texts = _page_texts(at)
            if lang == "ar":
                assert any("المنهجية والمصادر" in text for text in texts), page  # the footer link, in Arabic
            if lang == "qps":
                left |= {word for text in texts for word in _english_left(text)}
    if lang == "qps":
        # What is left is reference names, which the pseudo-locale shows in English from the labels table (objective
        # 0 among them): no sentence of the interface is hard-coded in English.
        from etl import labels

        names = labels.labels().query("lang == 'en'")["text"]
        words = {word for name in names for word in re.findall(r"[A-Za-z][a-z]{2,}", str(name))}
        assert left <= words, sorted(left - words)


def test_streamlit_emoji_check_remembered_gives_the_same_answers():
    from streamlit import string_util

    from dashboard.ui import icon_check

    icon_check.install()
    assert string_util.extract_leading_emoji is icon_check.extract_leading_emoji
    for text in ("🚨 تنبيه", "عدد", "数量", "Число", "Count", "", "🌍", "👩‍👩‍👧 семья"):
        assert icon_check.extract_leading_emoji(text) == icon_check.ORIGINAL(text)
    assert string_util.extract_leading_icon("🚨 تنبيه") == ("🚨", "تنبيه")
