"""The six UN languages on the pages: names from the labels table, numbers, downloads, the URL, right to left."""

import io
import json
import re
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard import downloads, queries
from dashboard.i18n import LANGUAGES, translate, use_language
from dashboard.l10n import fmt_number
from dashboard.names import Names
from etl import profile

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def _names(con, lang: str) -> Names:
    return Names.from_frame(lang, queries.labels(con, lang=lang))


def test_query_frames_get_their_names_in_the_language(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        french = _names(con, "fr")
        geos = french.localise(queries.geographies(con))
        kenya = geos[geos["geo_id"] == "KEN"]["name"].iloc[0]
        assert kenya == "Kenya" and french.name("country", "DEU") == "Allemagne"
        assert geos[geos["geo_id"] == "Eastern Africa"]["name"].iloc[0] == "Afrique orientale"
        objectives = _names(con, "zh").localise(queries.objectives(con))
        english = queries.objectives(con)
        assert (objectives["short_title"] != english["short_title"]).all()  # all 23 short titles in Chinese
        assert objectives["objective_id"].tolist() == english["objective_id"].tolist()
        # English is the fallback and the identity: no copy, no change.
        assert _names(con, "en").localise(english) is english
    finally:
        con.close()


def test_unofficial_translations_are_listed(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        rows = queries.unofficial_labels(con)
    finally:
        con.close()
    assert len(rows) and set(rows["lang"]) <= set(LANGUAGES) - {"en"}
    assert {"objective", "principle"} <= set(rows["kind"])


def _meta(con, synthetic: bool, lang: str) -> dict:
    info = con.execute("SELECT * FROM build_info").df().iloc[0].to_dict() | {"is_synthetic": synthetic}
    url = "http://x/?lang=" + lang
    return downloads.view_metadata(info, {"dataset": "fixture", "stream": "pledges"}, url, [], lang)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_zip_readme_and_metadata_are_in_the_requested_language(con, lang):
    frame = pd.DataFrame({"iso3": ["KEN"], "unit_count": [1234]})
    data = downloads.metadata_zip(frame, _meta(con, True, lang), lang)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        readme = zf.read("README.md").decode()
        meta = json.loads(zf.read("metadata.json"))
        header = zf.read("data.csv").decode().splitlines()[0]
    assert header == "iso3,unit_count"  # column names stay the stable English identifiers
    assert meta["language"] == lang
    assert meta["column_labels"]["iso3"] == translate(lang, "col.iso3")
    assert readme.startswith("# " + translate(lang, "readme.title", title=meta["dataset_title"] or "fixture"))
    assert f"`iso3`: {translate(lang, 'col.iso3')}" in readme
    # The synthetic-data warning in every UN language, the requested one first.
    assert meta["warning"] == translate(lang, "readme.synthetic")
    assert set(meta["warnings"]) == set(LANGUAGES)
    for code in LANGUAGES:
        assert translate(code, "readme.synthetic") in readme
    assert readme.index(translate(lang, "readme.synthetic")) < readme.index(translate(lang, "readme.intro"))


def test_the_zip_is_deterministic_per_language(con):
    frame = pd.DataFrame({"a": [1]})
    meta = _meta(con, False, "ru")
    assert downloads.metadata_zip(frame, meta, "ru") == downloads.metadata_zip(frame, meta, "ru")
    assert downloads.metadata_zip(frame, meta, "ru") != downloads.metadata_zip(frame, meta, "en")


def _app(databases, monkeypatch, lang: str):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("GCM_DB_PATH", str(databases / "demo.duckdb"))
    monkeypatch.setenv("GCM_DATASET", "demo")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    return at


@pytest.mark.slow
def test_the_method_page_shows_the_method_in_full_in_the_language(databases, monkeypatch):
    """The Method page names docs/METHOD.<lang>.md and shows it; English, said so, while no translation exists."""
    from dashboard.i18n import method_document

    doc = method_document("fr")
    with use_language("fr"):
        at = _app(databases, monkeypatch, "fr")
        at.switch_page("app_pages/method.py")
        at.run()
    assert not at.exception
    expander = next(e for e in at.expander if e.label == translate("fr", "method.document", path=doc.path))
    shown = [m.value for m in expander.markdown]
    assert shown and shown[0].startswith("### ")  # the document's title under the page's own headings
    assert doc.text.splitlines()[0].lstrip("# ") in shown[0]
    english_note = translate("fr", "method.document_english", path=doc.path)
    assert (english_note in [c.value for c in expander.caption]) == (doc.lang == "en")
    assert any(m.value.startswith("Chaque **cellule**") for m in at.markdown)  # the method in words, from prose/fr


@pytest.mark.slow
def test_french_numbers_render_with_a_narrow_no_break_space(databases, monkeypatch):
    with use_language("fr"):
        at = _app(databases, monkeypatch, "fr")
        at.switch_page("app_pages/extracts.py")
        at.run()
    assert not at.exception
    counts = [m.value for m in at.metric]
    assert counts and all(re.fullmatch(r"\d{1,3}(\u202f\d{3})*", v) for v in counts), counts
    assert any("\u202f" in v for v in counts), counts


@pytest.mark.slow
def test_the_language_is_in_the_url_and_survives_a_page_switch(databases, monkeypatch):
    with use_language("ru"):
        at = _app(databases, monkeypatch, "ru")
        at.run()
        assert at.query_params["lang"] == ["ru"] or at.query_params["lang"] == "ru"
        assert at.selectbox(key="w_lang").value == "ru"
        at.switch_page("app_pages/countries.py")
        at.query_params.clear()  # a page switch clears the query; the session keeps the language
        at.run()
    assert not at.exception
    assert at.session_state["lang"] == "ru"
    assert "Язык" in [s.label for s in at.selectbox]
    code = next(c.value for c in at.code)  # "Copy link to this view" carries lang=ru
    assert "lang=ru" in code


@pytest.mark.slow
def test_the_switch_changes_the_language_and_the_url(databases, monkeypatch):
    with use_language("en"):
        at = _app(databases, monkeypatch, "en")
        at.run()
        # The test thread formats the widgets it sends back as they were drawn (English); the script run reads the
        # language the switch's callback set in the session.
        at.selectbox(key="w_lang").set_value("es")
        at.run()
    assert not at.exception
    assert at.session_state["lang"] == "es"
    assert "Idioma" in [s.label for s in at.selectbox]
    value = at.query_params["lang"]
    assert (value[-1] if isinstance(value, list) else value) == "es"


@pytest.mark.slow
def test_country_picker_matches_the_language_and_english(databases, monkeypatch):
    with use_language("zh"):
        at = _app(databases, monkeypatch, "zh")
        at.switch_page("app_pages/countries.py")
        at.run()
        picker = next(m for m in at.multiselect if "KEN" in m.options or any("KEN" in o for o in m.options))
        kenya = next(o for o in picker.options if "(KEN)" in o or "（KEN）" in o)
    assert "肯尼亚" in kenya and "Kenya" in kenya


def _frame_values(at) -> set[str]:
    """Every cell and selectable option the run put on the page, as text."""
    values = {str(v) for df in at.dataframe for col in df.value.columns for v in df.value[col].tolist()}
    return values | {str(o) for box in [*at.selectbox, *at.multiselect] for o in box.options}


def _texts(at) -> str:
    parts = [str(e.value) for kind in ("markdown", "caption", "subheader", "info") for e in getattr(at, kind)]
    return "\n".join(parts + sorted(_frame_values(at)))


@pytest.mark.slow
def test_reference_names_on_the_pages_come_in_the_language(databases, monkeypatch):
    """Objective 0, the MPTF thematic areas, the review rounds, the entity categories and the country profile's
    titles and classes in French: from the labels table (our own translations, unofficial) and the catalogue."""
    from etl import labels, schema

    frame = labels.labels().set_index(["kind", "id", "lang"])["text"]
    con = duckdb.connect(str(databases / "demo.duckdb"), read_only=True)
    try:
        groups = queries.objective_groups(con)
    finally:
        con.close()
    area = groups[(groups["group_kind"] == "mptf") & (groups["group_id"] == 1)]["objective_ids"].iloc[0]
    with use_language("fr"):
        at = _app(databases, monkeypatch, "fr")
        at.switch_page("app_pages/objectives.py")
        at.query_params["obj"] = [str(o) for o in area]
        at.run()
        assert not at.exception
        shown = _texts(at)
        assert f"1 · {frame[('mptf_area', '1', 'fr')]}" in at.selectbox(key="w_group_mptf").options
        assert frame[("mptf_area", "2", "fr")] in shown  # the programmes by thematic area
        assert frame[("objective", "0", "fr")] in shown and frame[("round", "1", "fr")] in shown
        english = [frame[("mptf_area", str(a), "en")] for a in range(1, 6)] + [schema.ALL_OBJECTIVES_TITLE]
        assert not [name for name in english if name in shown]

        at.switch_page("app_pages/countries.py")
        at.query_params.clear()
        at.query_params["geo"] = "KEN"
        at.run()
        assert not at.exception
        shown = _texts(at)
        assert frame[("roundtable", "1", "fr")] in shown
        english = (*profile.NO_CLASS_WORDS.values(), "Moderate progress", "Substantial progress", "Moderate regression")
        assert not [words for words in english if words in shown]

        at.switch_page("app_pages/records.py")
        at.query_params.clear()
        at.run()
        assert not at.exception
        shown = _frame_values(at)
        assert frame[("entity_category", "Civil society", "fr")] in shown and "Civil society" not in shown


def _package(con, lang: str, dataset: str = "fixture") -> bytes:
    from etl.datapackage import datapackage_zip

    return datapackage_zip(con, dataset=dataset, is_synthetic=True, words=downloads.package_words(lang))


@pytest.fixture(scope="module")
def english_package(con) -> bytes:
    return _package(con, "en")


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_data_package_readme_and_title_are_in_the_requested_language(con, english_package, lang):
    """The whole-database package from the Extracts page: README and descriptor title in the view's language, the
    synthetic-data warning first and in every UN language; the tables and their column names as in English."""
    labels_rows = con.execute("SELECT count(*) FROM labels").fetchone()[0]
    dataset_title = con.execute("SELECT dataset_title FROM build_info").fetchone()[0] or "fixture"
    package = english_package if lang == "en" else _package(con, lang)
    with zipfile.ZipFile(io.BytesIO(package)) as zf, zipfile.ZipFile(io.BytesIO(english_package)) as english:
        readme = zf.read("README.md").decode()
        descriptor = json.loads(zf.read("datapackage.json"))
        tables = sorted(n for n in zf.namelist() if n.startswith("data/"))
        assert tables == sorted(n for n in english.namelist() if n.startswith("data/"))
        assert all(zf.read(n) == english.read(n) for n in tables)  # the data and its column names never change
    title = translate(lang, "datapackage.title_synthetic", title=dataset_title)
    assert descriptor["title"] == title and descriptor["gcm"]["language"] == lang
    assert descriptor["description"].startswith(translate(lang, "datapackage.synthetic_note"))
    assert readme.startswith(f"# {title}\n\n**{translate(lang, 'readme.synthetic')}**")
    assert all(translate(code, "readme.synthetic") in readme for code in LANGUAGES)
    for key in ("datapackage.intro", "datapackage.csv_text", "citation.synthetic"):
        assert translate(lang, key) in readme, key
    assert f"## {translate(lang, 'datapackage.tables')}" in readme and f"## {translate(lang, 'readme.cite')}" in readme
    assert f"| `labels` | {fmt_number(labels_rows, lang)} |" in readme  # row counts by Babel for the language


def test_the_demo_data_package_in_french_is_french_and_says_synthetic(demo_db):
    with duckdb.connect(str(demo_db), read_only=True) as con:
        package = _package(con, "fr", "demo")
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        readme = zf.read("README.md").decode()
    assert readme.startswith("# Tableau de bord des progrès du Pacte mondial sur les migrations (SYNTHÉTIQUE) : ")
    assert f"**{translate('fr', 'readme.synthetic')}**" in readme and "Données de démonstration SYNTHÉTIQUES" in readme
    assert "## Tables" in readme and "## Comment citer" in readme and "\u202f" in readme  # 1 234 rows, French


def test_the_cli_data_package_keeps_its_english_readme(con):
    from etl.datapackage import datapackage_zip

    data = datapackage_zip(con, dataset="fixture", is_synthetic=True)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        readme = zf.read("README.md").decode()
        assert json.loads(zf.read("datapackage.json"))["gcm"]["language"] == "en"
    assert readme.startswith("# GCM Progress Dashboard (SYNTHETIC): ")
    assert "SYNTHETIC demo data generated by etl.demo: not real GCM figures. Do not cite" in readme


@pytest.mark.slow
def test_the_reasons_recorded_read_in_the_language(databases, monkeypatch):
    """The reasons table names each reason in the language (the brief's words), never its code."""
    from etl import schema

    with use_language("fr"):
        at = _app(databases, monkeypatch, "fr")
        at.switch_page("app_pages/objectives.py")
        at.query_params["obj"] = "13"
        at.run()
        assert not at.exception
        frames = [d.value for d in at.dataframe if "reason_code" in d.value.columns]
        assert frames, "no reasons table on objective 13"
        shown = set(frames[0]["reason_code"])
        assert shown <= {translate("fr", f"reason.{code}") for code in schema.REASON_CODES}
        assert not shown & set(schema.REASON_CODES)
