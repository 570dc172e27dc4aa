"""The Member State pages (issue 17) in AppTest: the country profile answers first, one country per pick, a record's
own link, search with and without accents, and the brief button's PDF."""

import io
from pathlib import Path

import duckdb
import pypdf
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dashboard import sentences
from etl import profile
from etl.file_names import file_name

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
COUNTRIES = "app_pages/countries.py"
RECORDS = "app_pages/records.py"


@pytest.fixture()
def app(databases, monkeypatch):
    def make(dataset: str = "demo") -> AppTest:
        monkeypatch.setenv("GCM_DB_PATH", str(databases / f"{dataset}.duckdb"))
        monkeypatch.setenv("GCM_DATASET", dataset)
        return AppTest.from_file(APP, default_timeout=60)

    return make


def _profile(databases, iso3: str, dataset: str = "demo") -> profile.Profile:
    with duckdb.connect(str(databases / f"{dataset}.duckdb"), read_only=True) as con:
        return profile.profile(con, iso3, (1, 2))


def _texts(at: AppTest) -> str:
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "subheader"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def _country_page(app, iso3: str, dataset: str = "demo") -> AppTest:
    at = app(dataset)
    at.query_params.update({"geo": iso3, "rounds": "1-2"})
    at.switch_page(COUNTRIES)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_country_with_activity_opens_with_its_sentence_and_a_card_per_stream(app, databases):
    p = _profile(databases, "KEN")
    at = _country_page(app, "KEN")
    first = [m.value for m in at.markdown if m.value.startswith("### ")]
    # The page says etl.profile's answer in the view's language (dashboard/sentences.py), here English.
    assert first and first[0] == f"### {sentences.country_sentence(p, p.name)}"
    assert first[0].startswith("### Kenya, rounds 1 → 2: Pledges ")
    cards = [(m.label, m.value) for m in at.metric]
    expected = [f"{c.n_from} → {c.n_to}" for c in p.cards] + [f"{p.overall.n_from} → {p.overall.n_to}"]
    assert [v for _, v in cards] == expected
    assert [label for label, _ in cards] == [
        "Pledges",
        "Practices",
        "GCM Talks",
        "Submissions",
        "MPTF joint programmes",
        "All streams",
    ]
    assert not any("No records for Kenya" in i.value for i in at.info)
    # The objectives without activity are one collapsed line, not rows of zeros.
    line = sentences.inactive_line(p.inactive_count)
    assert line == f"Objectives with no reported activity: {p.inactive_count}"
    assert [e.label for e in at.expander if e.label == line]
    assert "By IMRF round table, rounds 1 → 2" in [s.value for s in at.subheader]


def test_a_country_without_records_says_so_in_one_line_at_the_top(app, databases):
    with duckdb.connect(str(databases / "demo.duckdb"), read_only=True) as con:
        iso3 = con.execute(
            "SELECT iso3 FROM countries c WHERE is_un_member AND NOT EXISTS (SELECT 1 FROM activity_countries ac "
            "JOIN activities a USING (activity_id) WHERE ac.iso3 = c.iso3 AND a.round_id IN (1, 2) "
            "AND a.unit_count > 0) ORDER BY iso3 LIMIT 1"
        ).fetchone()[0]
    p = _profile(databases, iso3)
    at = _country_page(app, iso3)
    message = at.info[0].value
    assert message.startswith(f"No records for {p.name} in rounds 1 → 2 in this dataset. See its sub-region, ")
    assert p.subregion in message and "its regional commission" in message
    assert f"### {sentences.country_sentence(p, p.name)}" in [m.value for m in at.markdown]
    assert f"No records of {p.name} in rounds 1 and 2." in _texts(at)


def test_a_country_in_several_commissions_lists_each_beside_its_sub_region(app, databases):
    p = _profile(databases, "USA")
    assert len(p.commissions) >= 2
    at = _country_page(app, "USA")
    neighbours = next(d.value for d in at.dataframe if "Geography" in d.value.columns)
    shown = list(neighbours["Geography"])
    expected = [
        ("Sub-region " if n.key[0] == "subregion" else "Commission ") + n.title for n in p.neighbours if n.active
    ]
    assert shown == expected and len(expected) >= 2
    assert list(neighbours["n_from"]) == [n.n_from for n in p.neighbours if n.active]


def test_the_single_select_never_selects_two_countries(app):
    at = app("demo")
    at.switch_page(COUNTRIES)
    at.run()
    picker = at.selectbox(key="w_country")
    assert picker.value is None and type(picker).__name__ == "Selectbox"  # one value, never a list
    assert {"Niger (NER)", "Nigeria (NGA)"} <= set(picker.options)
    picker.set_value("NER").run()
    assert not at.exception
    assert at.sidebar.multiselect(key="w_geo").value == ["NER"]  # Niger alone: never Nigeria with it
    at.multiselect(key="w_compare").set_value(["NGA"]).run()
    assert at.sidebar.multiselect(key="w_geo").value == ["NER", "NGA"]
    assert "Compared side by side" in [s.value for s in at.subheader]
    at.selectbox(key="w_country").set_value("NGA").run()  # the compared country becomes the one: no duplicate
    assert at.sidebar.multiselect(key="w_geo").value == ["NGA"]
    assert at.query_params["geo"] in ("NGA", ["NGA"])


def test_a_record_link_restores_its_detail(app):
    at = app("public")
    at.query_params["record"] = "pledges:2250"
    at.switch_page(RECORDS)
    at.run()
    assert not at.exception
    assert at.subheader[0].value.replace("\\", "") == (
        "Review of the National Implementation Plan of the Global Compact for Migration"
    )
    fields = next(d.value for d in at.dataframe if "field_name" in d.value.columns)
    values = dict(zip(fields["field_name"], fields["field_value"], strict=True))
    assert values["pledge_id"] == "2250" and values["pledging_entity"]
    assert "**Follow-up**" in _texts(at) or "**Status**: Not stated" in _texts(at).replace("\\", "")
    assert at.query_params["record"] in ("pledges:2250", ["pledges:2250"])
    at.button(key="w_record_close").click().run()
    assert "record" not in at.query_params


@pytest.mark.parametrize("query", ["Darién Gap", "darien gap", "DARIEN"])
def test_search_finds_a_title_with_and_without_accents(app, query):
    at = app("public")
    at.switch_page(RECORDS)
    at.run()
    at.text_input(key="w_search").input(query).run()
    assert not at.exception
    results = next(d.value for d in at.dataframe if "fields" in d.value.columns)
    titles = list(results["title"])
    assert any("Darién Gap" in title for title in titles)
    assert {"stream", "round_id", "countries", "detail"} <= set(results.columns)
    assert all(link.startswith("records?") and "record=" in link for link in results["detail"])


@pytest.mark.parametrize(
    ("lang", "label", "title", "warning"),
    [
        ("en", "Download country brief (PDF)", "Country brief: Kenya (KEN)", "Synthetic demo data"),
        ("fr", "Télécharger la fiche pays (PDF)", "Fiche pays : Kenya (KEN)", "Données de démonstration synthétiques"),
    ],
)
def test_the_brief_button_gives_the_brief_pdf_in_the_view_language(
    app, monkeypatch, brief_fonts, lang, label, title, warning
):
    """The download's deferred data, called as Streamlit calls it on click (outside the script run), is the brief
    in the view's language; the file name stays the same ASCII name."""
    deferred = {}
    add = MediaFileManager.add_deferred

    def recording(self, callable_, mimetype, coordinates, file_name=None, **kwargs):
        file_id = add(self, callable_, mimetype, coordinates, file_name, **kwargs)
        deferred[file_id] = (callable_, file_name)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    at = app("demo")
    at.query_params.update({"geo": "KEN", "rounds": "1-2", "lang": lang})
    at.switch_page(COUNTRIES)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    button = next(b for b in at.get("download_button") if b.proto.label == label)
    make, name = deferred[button.proto.deferred_file_id]
    assert name == file_name("demo", True, ["KEN", "r1-2", "brief"], "pdf")  # the same in every language
    data = make()
    assert data[:5] == b"%PDF-"
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert text.startswith(title) and warning in text
    # The page's answer sentence, as the page shows it, is the brief's.
    sentence = next(m.value for m in at.markdown if m.value.startswith("### "))[4:]
    assert " ".join(sentence.split()) in " ".join(text.split())
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert "countries?ds=demo&geo=KEN&rounds=1-2" in text


def test_the_brief_is_cached_per_data_version_and_language(databases, brief_fonts):
    """member_data.brief_pdf goes through db.run with the language as an argument: one cached PDF per language."""
    from dashboard import db
    from dashboard.ui import member_data

    path = databases / "demo.duckdb"
    database = db.Database("demo", str(path), path.stat().st_mtime)
    english = member_data.brief_pdf(database, "KEN", (1, 2), "http://localhost:8501", "en")
    french = member_data.brief_pdf(database, "KEN", (1, 2), "http://localhost:8501", "fr")
    assert member_data.brief_pdf(database, "KEN", (1, 2), "http://localhost:8501", "en") is english
    assert member_data.brief_pdf(database, "KEN", [1, 2], "http://localhost:8501", "fr") is french
    first = [pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text() for pdf in (english, french)]
    assert first[0].startswith("Country brief: Kenya") and first[1].startswith("Fiche pays : Kenya")
