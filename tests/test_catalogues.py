"""The gettext catalogues and the reference labels: complete, consistent with the English source, compiled."""

import gettext
import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from dashboard.i18n import LANGUAGES, LOCALE_DIR, PLURALS, PROSE, PROSE_DIR, STRINGS, prose_template, translate_prose
from etl import labels

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [code for code in LANGUAGES if code != "en"]
# The GCM's official name in each language (A/RES/73/195): the glossary names it in full.
GCM_NAMES = {
    "fr": "Pacte mondial pour des migrations sûres, ordonnées et régulières",
    "es": "Pacto Mundial para la Migración Segura, Ordenada y Regular",
    "ru": "Глобальный договор о безопасной, упорядоченной и легальной миграции",
    "zh": "安全、有序和正常移民全球契约",
    "ar": "الاتفاق العالمي من أجل الهجرة الآمنة والمنظمة والنظامية",
}


def po(lang: str):
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def fields(text: str) -> set[str]:
    return {f"{name}:{spec}" for _, name, spec, _ in string.Formatter().parse(text) if name is not None}


def test_the_template_matches_the_english_source():
    """messages.pot is what `pybabel extract` makes of dashboard/messages.py: no key added without re-extracting."""
    extracted = {
        (context, msgid if isinstance(msgid, str) else msgid[0])
        for _, msgid, _, context in extract_from_file(
            "python", ROOT / "dashboard" / "messages.py", keywords={"N_": ((1, "c"), 2), "NP_": ((1, "c"), 2, 3)}
        )
    }
    with (LOCALE_DIR / "messages.pot").open("rb") as fh:
        template = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(fh) if m.id}
    english = {(key, PLURALS[key][0] if key in PLURALS else text) for key, text in STRINGS.items()}
    assert extracted == english
    assert template == english


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_key_is_in_every_catalogue_with_the_same_placeholders(lang):
    catalogue = {m.context: m for m in po(lang) if m.id}
    assert set(catalogue) == set(STRINGS)
    for key, message in catalogue.items():
        english = PLURALS[key] if key in PLURALS else (STRINGS[key],)
        assert message.id == (english if key in PLURALS else english[0]), key
        assert not message.fuzzy, f"{lang} {key}: fuzzy entries are ignored by gettext; use a translator comment"
        if lang == "en":
            continue  # the English catalogue is the source: its msgstr stay empty and gettext falls back to msgid
        forms = message.string if key in PLURALS else (message.string,)
        for form in forms:
            assert form.strip(), f"{lang} {key}: untranslated"
            assert fields(form) == fields(english[-1]), f"{lang} {key}: placeholders differ"
            # Markdown structure: the same list items, bold spans and code spans.
            for mark in ("\n- ", "**", "`"):
                assert form.count(mark) == english[-1].count(mark), f"{lang} {key}: {mark!r} differs"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_plural_entries_have_the_cldr_number_of_forms(lang):
    catalogue = po(lang)
    expected = get_plural(lang)
    assert catalogue.num_plurals == expected.num_plurals
    assert catalogue.plural_expr == expected.plural_expr
    counted = [m for m in catalogue if m.context in PLURALS]
    assert len(counted) == len(PLURALS)
    for message in counted:
        assert message.pluralizable and len(message.string) == expected.num_plurals, (lang, message.context)
    assert {"ar": 6, "ru": 3, "zh": 1, "fr": 2, "es": 2, "en": 2}[lang] == expected.num_plurals


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_committed_mo_files_are_compiled_from_the_po_files(lang):
    """The .mo in git is what `pybabel compile` makes of the .po: a translator cannot forget to compile."""
    compiled = io.BytesIO()
    write_mo(compiled, po(lang))
    compiled.seek(0)
    fresh = gettext.GNUTranslations(compiled)
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.mo").open("rb") as fh:
        committed = gettext.GNUTranslations(fh)
    assert committed._catalog == fresh._catalog  # noqa: SLF001 - the message table is what gettext serves


@pytest.mark.parametrize("lang", TRANSLATED)
def test_official_un_names_are_used(lang):
    glossary = prose_template(PROSE_DIR, lang, "glossary")
    assert GCM_NAMES[lang] in glossary
    assert "IMRF" in glossary
    assert "73/195" in glossary


KEPT_TOKENS = re.compile(r"\b(?:ISO3|M49|SVG|PNG|CSV|sha256|p < |RR|log2)\b")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_translation_keeps_iso_codes_and_numbers(lang):
    catalogue = {m.context: m.string for m in po(lang) if m.id}
    for key, english in STRINGS.items():
        text = catalogue[key][-1] if key in PLURALS else catalogue[key]
        for token in re.findall(r"\b(?:ISO3|M49|SVG|PNG|CSV|sha256|p < )\b", english):
            assert token in text, (lang, key, token)
    for name in PROSE:
        text = prose_template(PROSE_DIR, lang, name)
        for token in set(KEPT_TOKENS.findall(prose_template(PROSE_DIR, "en", name))):
            assert token in text, (lang, name, token)


# --- the long prose: one Markdown file per language (dashboard/prose/<lang>/<name>.md)


def skeleton(markdown: str) -> dict[str, int]:
    """The Markdown structure a translation keeps: paragraphs, list items, headings, bold and code spans, formulas."""
    lines = markdown.splitlines()
    return {
        "paragraphs": len([block for block in re.split(r"\n\s*\n", markdown) if block.strip()]),
        "list items": sum(bool(re.match(r"\s*(?:[-*]|\d+\.) ", line)) for line in lines),
        "headings": sum(bool(re.match(r"#{1,6} ", line)) for line in lines),
        "bold spans": markdown.count("**") // 2,
        "code spans": markdown.count("`") // 2,
    }


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_prose_file_exists_in_every_language(lang):
    files = {path.stem for path in (PROSE_DIR / lang).glob("*.md")}
    assert files == set(PROSE)


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("name", PROSE)
def test_a_prose_translation_keeps_the_placeholders_and_the_markdown_skeleton(lang, name):
    english, text = prose_template(PROSE_DIR, "en", name), prose_template(PROSE_DIR, lang, name)
    assert text and text != english, f"{lang} {name}: untranslated"
    assert fields(text) == fields(english), f"{lang} {name}: placeholders differ"
    assert skeleton(text) == skeleton(english), f"{lang} {name}: the Markdown structure differs"
    assert "<!--" not in text  # a translator's note never reaches the page


def test_the_method_words_name_every_threshold_of_the_build():
    from dashboard.sentences import method_config

    config = method_config(None)
    text = translate_prose("fr", "method_words", **prose_values(config))
    assert "{" not in text
    assert "p < 0,1" in text and "2,5" in text  # Babel's French decimal comma, as t() formats numbers
    assert translate_prose("qps", "method_words", **prose_values(config)).startswith("⟦Each **cell**")
    assert translate_prose("en", "no_such_text") == "no_such_text"


def prose_values(config) -> dict:
    return {
        "moderate": config.moderate,
        "substantial": config.substantial,
        "n_min": config.n_min,
        "alpha": config.alpha,
        "c": config.continuity,
        "cap": config.score_cap,
        "stag_n": config.robust_stagnation_n,
        "short": config.short_window_years,
        "version": config.method_version,
    }


def test_a_missing_prose_file_falls_back_to_english_and_notes_are_dropped(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "fr").mkdir()
    (tmp_path / "en" / "intro.md").write_text("<!-- TRANSLATORS: keep {n} -->\n\nThere are {n}.\n", "utf-8")
    (tmp_path / "fr" / "other.md").write_text("Autre.", "utf-8")
    assert prose_template(tmp_path, "fr", "intro") == "There are {n}."
    assert prose_template(tmp_path, "fr", "other") == "Autre."
    assert prose_template(tmp_path, "en", "other") is None


def test_the_method_document_is_the_languages_file_else_english(tmp_path):
    from dashboard import i18n

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "METHOD.md").write_text("# Method\n", "utf-8")
    (docs / "METHOD.fr.md").write_text("# Méthode\n", "utf-8")
    assert i18n._method_document(tmp_path, "fr") == i18n.Document("docs/METHOD.fr.md", "fr", "# Méthode\n")
    assert i18n._method_document(tmp_path, "ar") == i18n.Document("docs/METHOD.md", "en", "# Method\n")
    assert i18n._method_document(tmp_path / "nowhere", "ar") == i18n.Document("docs/METHOD.ar.md", "ar", None)
    assert i18n.method_document("en").text.startswith("# How the dashboard classifies progress")
    assert i18n.method_document("qps").text.startswith("⟦# How the dashboard")


# --- the labels table (etl/labels.py)


def test_labels_cover_every_country_in_six_languages():
    frame = labels.labels()
    assert list(frame.columns) == ["kind", "id", "lang", "text", "official"]
    countries = frame[frame["kind"] == "country"]
    assert countries["id"].nunique() == 249
    assert (countries.groupby("id")["lang"].nunique() == 6).all()
    assert not frame.duplicated(["kind", "id", "lang"]).any()
    assert (frame["text"].str.strip() != "").all()


def test_unofficial_names_are_marked():
    frame = labels.labels().set_index(["kind", "id", "lang"])
    assert bool(frame.loc[("country", "TWN", "en"), "official"]) is False
    assert bool(frame.loc[("country", "KEN", "fr"), "official"]) is True
    assert frame.loc[("country", "KEN", "ru"), "text"] == "Кения"
    assert bool(frame.loc[("objective", "5", "fr"), "official"]) is True
    assert bool(frame.loc[("objective", "5", "ru"), "official"]) is False
    assert bool(frame.loc[("commission", "ESCWA", "ar"), "official"]) is False


@pytest.mark.parametrize(
    ("kind", "count"),
    [
        ("objective", 24),  # the 23 and objective 0, "all objectives (each record once)"
        ("principle", 10),
        ("commission", 5),
        ("commission_short", 5),
        ("roundtable", 4),
        ("mptf_area", 5),
        ("round", 3),
        ("entity_category", 13),
    ],
)
def test_every_label_kind_is_complete_in_six_languages(kind, count):
    frame = labels.labels()
    rows = frame[frame["kind"] == kind]
    assert rows["id"].nunique() == count
    assert (rows.groupby("id")["lang"].nunique() == 6).all(), kind


def test_subregion_labels_use_the_dashboards_subregion_ids():
    import pandas as pd

    ids = set(pd.read_csv(ROOT / "data" / "reference" / "m49_subregions.csv", keep_default_na=False)["subregion"]) - {
        ""
    }
    frame = labels.labels()
    sub = frame[frame["kind"] == "subregion"]
    assert set(sub["id"]) == ids
    assert (sub.groupby("id")["lang"].nunique() == 6).all()
    assert set(frame[frame["kind"] == "global"]["text"]) >= {"World", "Monde", "世界"}


@pytest.mark.parametrize("name", ["Kenia", "Кения", "肯尼亚", "كينيا", "Kenya", " kenya ", "KENYA"])
def test_country_names_in_any_language_find_the_iso3(name):
    assert labels.country_iso3(name) == "KEN"


def test_country_name_mapping_covers_all_countries_and_folds_accents():
    mapping = labels.country_names_any_language()
    assert set(mapping.values()) == set(labels.labels().query("kind == 'country'")["id"])
    assert labels.country_iso3("Cote d'Ivoire") == labels.country_iso3("Côte d’Ivoire") == "CIV"
    assert labels.country_iso3("Türkiye") == labels.country_iso3("Турция") == "TUR"
    assert labels.country_iso3("Atlantis") is None
