"""Every page renders on the demo and public databases; links restore filters; junk links fall back to defaults."""

import os
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import filters, navigation, queries
from dashboard.ui import page_frame, tables
from etl import build

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
PAGES = list(navigation.SCRIPTS)
BANNER = "Synthetic demo data, not real GCM figures."


@pytest.fixture()
def app(databases, monkeypatch):
    """An AppTest on the demo database (GCM_DB_PATH/GCM_DATASET); `app("public")` for another dataset."""

    def make(dataset: str = "demo", path: Path | None = None) -> AppTest:
        monkeypatch.setenv("GCM_DB_PATH", str(path or databases / f"{dataset}.duckdb"))
        monkeypatch.setenv("GCM_DATASET", dataset)
        return AppTest.from_file(APP, default_timeout=30)

    return make


def texts(at: AppTest) -> str:
    """All the text an AppTest run put on the page (markdown, captions, alerts, metrics)."""
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "subheader", "title"):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [str(m.label) for m in at.metric]
    return "\n".join(parts)


def visit_all(at: AppTest) -> dict[str, AppTest]:
    seen = {}
    for page in PAGES:
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        seen[page] = texts(at)
        assert "Data built from" in seen[page], page  # the footer: no page stops the frame early
        assert "**Review round**: the four years" in seen[page], page  # the glossary, reachable from every page
    return seen


def test_every_page_renders_on_demo(app):
    at = app("demo")
    at.query_params["obj"] = "13"
    at.query_params["geo"] = "KEN"
    at.run()
    assert not at.exception
    assert at.get("plotly_chart") and at.dataframe
    assert len(at.get("download_button")) >= 2
    for page, text in visit_all(at).items():
        assert BANNER in text, page
    # Filters survive the page switches (re-applied to the URL on every run).
    assert at.query_params["obj"] == ["13"] or at.query_params["obj"] == "13"


def test_the_overview_says_what_this_is_before_anything_else(app):
    at = app("demo")
    at.run()
    first = at.markdown[0].value if at.markdown else ""
    assert "Global Compact for Safe, Orderly and Regular Migration (GCM)" in texts(at)
    assert "not a verdict on how well the Compact is implemented" in texts(at)
    assert "gcm-tile" not in first  # the lead comes before the figures


def test_every_page_renders_on_public(app):
    at = app("public")
    at.run()
    assert not at.exception
    text = texts(at)
    assert BANNER not in text
    assert "partial coverage" in text  # the manifest description says what the dataset covers
    assert at.get("plotly_chart")
    for page, text in visit_all(at).items():
        assert BANNER not in text, page


def test_shared_link_restores_the_view(app):
    at = app("demo")
    at.query_params.update(
        {"rounds": "1-2", "stream": "pledges", "obj": ["5", "7"], "geo": ["KEN", "UGA"], "lvl": "commission"}
    )
    at.switch_page("app_pages/regions.py")
    at.run()
    assert not at.exception
    sidebar = at.sidebar
    assert sidebar.selectbox(key="w_rounds").value == "1-2"
    assert sidebar.selectbox(key="w_stream").value == "pledges"
    assert sidebar.multiselect(key="w_obj").value == [5, 7]
    assert sidebar.multiselect(key="w_geo").value == ["KEN", "UGA"]
    assert at.segmented_control(key="w_lvl").value == "commission"
    assert "Kenya and Uganda" in texts(at)
    assert len(at.get("plotly_chart")) == 3
    # The same link, once more, in a comma list.
    at2 = app("demo")
    at2.query_params.update({"obj": "5,7", "geo": "KEN,UGA"})
    at2.run()
    assert at2.sidebar.multiselect(key="w_obj").value == [5, 7]
    assert at2.sidebar.multiselect(key="w_geo").value == ["KEN", "UGA"]


def test_widget_changes_go_to_the_url_and_survive_page_switches(app):
    at = app("demo")
    at.run()
    at.sidebar.selectbox(key="w_stream").set_value("practices").run()
    at.sidebar.multiselect(key="w_obj").set_value([13]).run()
    assert at.query_params["stream"] in ("practices", ["practices"])
    at.switch_page("app_pages/objectives.py")
    at.run()
    assert not at.exception
    assert at.sidebar.multiselect(key="w_obj").value == [13]
    assert "Objective 13 (Alternatives to detention): reported activity fell in" in texts(at)
    at.sidebar.button(key="w_reset").click().run()
    assert at.sidebar.multiselect(key="w_obj").value == []
    assert at.sidebar.selectbox(key="w_stream").value == "all"


@pytest.mark.parametrize(
    "params",
    [
        {"obj": "'; DROP TABLE activities; --", "rounds": "9-9", "stream": "<script>alert(1)</script>"},
        {"geo": "x" * 5000, "lvl": "planet", "gp": "abc", "ds": "../../etc/passwd"},
        {"obj": ["1"] * 200, "geo": ["KEN", "UGA", "TZA", "RWA", "BDI", "ETH"], "rounds": "1-2-3"},
    ],
)
def test_junk_links_render_defaults_with_a_notice(app, params):
    at = app("demo")
    at.query_params.update(params)
    at.run()
    assert not at.exception
    assert any("not understood" in w.value for w in at.warning)
    assert at.sidebar.selectbox(key="w_stream").value == "all"
    assert at.sidebar.multiselect(key="w_obj").value == []
    at.switch_page("app_pages/objectives.py")
    at.run()
    assert not at.exception


def test_countries_profile_and_compare(app):
    at = app("demo")
    at.query_params["geo"] = "KEN"
    at.switch_page("app_pages/countries.py")
    at.run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1  # objectives with activity × round (issue 17: no 23 empty multiples)
    at.multiselect(key="w_compare").set_value(["UGA", "PRT"]).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 2  # and the comparison's small multiples
    assert at.sidebar.multiselect(key="w_geo").value == ["KEN", "UGA", "PRT"]
    at.radio(key="w_ctry_order").set_value("name").run()
    assert not at.exception


def test_objectives_by_group_and_principle(app):
    at = app("demo")
    at.switch_page("app_pages/objectives.py")
    at.run()
    at.segmented_control(key="w_obj_kind").set_value("roundtable").run()
    at.selectbox(key="w_group_roundtable").set_value(1).run()
    assert not at.exception
    assert at.sidebar.multiselect(key="w_obj").value == [2, 5, 6, 12, 18]
    at.segmented_control(key="w_obj_kind").set_value("principle").run()
    # Switching "Choose by" clears the round table's objectives: no hidden filter under the principle.
    assert at.sidebar.multiselect(key="w_obj").value == []
    at.selectbox(key="w_gp").set_value(6).run()
    assert not at.exception
    assert "Guiding principle 6 (Human rights)" in texts(at)
    assert at.query_params["gp"] in ("6", ["6"])
    assert "obj" not in at.query_params


def test_regions_level_and_map_measures(app):
    at = app("demo")
    at.switch_page("app_pages/regions.py")
    at.run()
    at.segmented_control(key="w_lvl").set_value("commission").run()
    at.radio(key="w_map_measure").set_value("class").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 4  # classes, USD approved per commission and round, map, coverage
    assert at.query_params["lvl"] in ("commission", ["commission"])


def test_extract_views_and_downloads(app):
    at = app("demo")
    at.switch_page("app_pages/extracts.py")
    at.run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(label.startswith("Download CSV (") for label in labels)
    assert any("data package" in label for label in labels)
    # Rows are not records: the page says both, and offers one row per record too.
    assert "records × their objectives and countries" in texts(at)
    assert len([label for label in labels if label.startswith("Download CSV (")]) >= 2
    for view in ("progress", "coverage"):
        at.radio(key="w_extract_view").set_value(view).run()
        assert not at.exception
        assert at.dataframe


def test_long_lists_show_their_first_rows_and_download_them_all(app, monkeypatch):
    monkeypatch.setattr(tables, "SHOWN_ROWS", 5)
    at = app("demo")
    at.query_params["obj"] = "5"
    for page in ("app_pages/objectives.py", "app_pages/extracts.py"):
        at.switch_page(page)
        at.run()
        assert not at.exception, page
        shown = [c.value for c in at.caption if c.value.startswith("The first 5 of ")]
        assert len(shown) == 1, page
        total = int(shown[0].split(" of ")[1].split(" rows")[0].replace(",", ""))
        assert total > 5
        assert any(len(frame.value) == 5 for frame in at.dataframe), page
        labels = [b.proto.label for b in at.get("download_button")]
        assert f"Download CSV ({total:,} rows)" in labels, (page, labels)
    # The Extracts count is the length of the whole extract, which the CSV button writes.
    with duckdb.connect(os.environ["GCM_DB_PATH"], read_only=True) as con:
        assert len(queries.extract(con, objectives=(5,), rounds=(1, 2))) == total


def test_stream_missing_from_a_dataset_is_explained(app, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "tests" / "fixtures" / "good", raw)
    (raw / "gcm_talks.csv").unlink()
    db = tmp_path / "notalks.duckdb"
    assert build.main(["--raw", str(raw), "--db", str(db)]) == 0
    at = app("notalks", path=db)
    at.query_params["stream"] = "gcm_talks"
    at.run()
    assert not at.exception
    assert any("not present" in i.value for i in at.info)
    at.switch_page("app_pages/regions.py")
    at.run()
    assert not at.exception and any("not present" in i.value for i in at.info)


def test_first_start_builds_the_missing_database(app, tmp_path):
    db = tmp_path / "public.duckdb"
    at = app("public", path=db)
    at.run()
    assert not at.exception
    assert db.exists()
    assert at.status and "Built the public database" in at.status[0].label
    assert at.get("plotly_chart")


def test_missing_database_shows_the_build_command(app, tmp_path):
    at = app("nosuch", path=tmp_path / "nosuch.duckdb")
    at.run()
    assert not at.exception
    assert any("python -m etl.build --dataset nosuch" in e.value for e in at.error)


def test_parse_is_pure_and_strict():
    choices = filters.Choices(
        datasets=("demo", "public"),
        default_dataset="demo",
        round_pairs=((1, 2), (2, 3)),
        default_pair=(1, 2),
        geos=frozenset({"KEN", "Eastern Africa", "ECA"}),
    )
    got, bad = filters.parse({"obj": ["5,7", "7"], "geo": ["Eastern Africa"], "rounds": ["2-3"]}, "demo", choices)
    assert (got.objectives, got.geos, got.rounds, bad) == ((5, 7), ("Eastern Africa",), (2, 3), [])
    got, bad = filters.parse({"obj": ["24"], "stream": ["all streams"]}, "demo", choices)
    assert (got.objectives, got.stream, sorted(bad)) == ((), "all", ["obj", "stream"])
    assert filters.parse_dataset({"ds": ["public"]}, choices) == ("public", [])
    assert filters.parse_dataset({"ds": ["x" * 500]}, choices) == ("demo", ["ds"])
    params = got.to_params()
    assert filters.parse(params, "demo", choices)[0] == got
    # Digits that are not ASCII ("²", "٣") are refused like any junk, not passed to int().
    got, bad = filters.parse({"obj": ["²"], "gp": ["٣"]}, "demo", choices)
    assert (got.objectives, got.principle, sorted(bad)) == ((), None, ["gp", "obj"])


HOSTILE = {
    "obj": "1 OR 1=1",
    "rounds": "1;DROP TABLE x",
    "stream": "pledges' --",
    "geo": "\x00<img src=x>",
    "lvl": "x" * 10_000,
    "gp": "-1",
    "ds": "demo.duckdb; rm -rf /",
}


@pytest.mark.parametrize("page", PAGES)
def test_hostile_links_on_every_page_render_defaults(app, page):
    at = app("demo")
    at.switch_page(page)
    at.query_params.update(HOSTILE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("not understood" in w.value for w in at.warning)
    assert "Data built from" in texts(at)


def test_the_app_connection_refuses_writes(databases, monkeypatch):
    import duckdb

    from dashboard import db

    monkeypatch.setenv("GCM_DB_PATH", str(databases / "demo.duckdb"))
    monkeypatch.setenv("GCM_DATASET", "demo")
    database = db.open_database("demo")
    cur = db.cursor(database)
    for statement in ("DELETE FROM pledges", "CREATE TABLE x (a INTEGER)", "UPDATE build_info SET dataset = 'x'"):
        with pytest.raises(duckdb.Error, match="read-only"):
            cur.execute(statement)
    assert cur.execute("SELECT count(*) FROM pledges").fetchall()[0][0] > 0


def test_share_link_carries_filters_and_data_version_and_restores_the_view(app):
    from urllib.parse import parse_qs, urlsplit

    at = app("demo")
    at.query_params.update({"obj": "5", "stream": "pledges", "geo": "KEN"})
    at.switch_page("app_pages/objectives.py")
    at.run()
    link = next(c.value for c in at.code if "obj=5" in c.value)
    params = parse_qs(urlsplit(link).query)
    assert params["obj"] == ["5"] and params["stream"] == ["pledges"] and params["geo"] == ["KEN"]
    assert params["v"][0].startswith("1.1-")
    fresh = app("demo")
    fresh.query_params.update(params)
    fresh.switch_page("app_pages/objectives.py")
    fresh.run()
    assert not fresh.exception and not fresh.warning
    assert fresh.sidebar.multiselect(key="w_obj").value == [5]
    assert fresh.sidebar.selectbox(key="w_stream").value == "pledges"


def test_an_old_link_warns_that_the_data_changed(app):
    at = app("demo")
    at.query_params.update({"obj": "5", "v": "1.0-00000000"})
    at.run()
    assert not at.exception
    assert any("is no longer kept on this server" in w.value for w in at.warning)
    assert at.sidebar.multiselect(key="w_obj").value == [5]


@pytest.mark.parametrize("version", ["![](http://x.io/a)", "[login](http://x.io)", "<img src=x>"])
def test_url_text_in_notices_is_shown_literally(app, version):
    """Every notice built from URL text renders it as plain text: no image fetched, no link in the app's notice."""
    at = app("demo")
    at.query_params.update({"v": version, "obj": version})
    at.run()
    assert not at.exception
    shown = " ".join(w.value for w in at.warning)
    # Every Markdown character of the URL's text arrives escaped (the notice shows it as typed, inert).
    assert page_frame.plain(version[:20]) in shown
    assert "obj" in shown and "http" not in shown.replace(page_frame.plain(version[:20]), "")  # values not echoed


TILE = re.compile(r'<div class="gcm-tile".*?</div>')
TILE_COUNTS = re.compile(r'<span class="meta">(?P<words>[^<]*?) · (?P<a>[\d,]+) → (?P<b>[\d,]+)</span>')


STREAM_PART = re.compile(
    r"(?P<stream>[A-Z][\w ]+?) (?P<sym>▲▲|▲|●|▼▼|▼) (?P<a>[\d,]+) → (?P<b>[\d,]+)"
    r"(?: \((?P<ra>[\d.]+) → (?P<rb>[\d.]+) a year\))?"
)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


@pytest.mark.parametrize("stream", ["pledges", "submissions", "all"])
def test_overview_tiles_words_agree_with_their_numbers(app, stream):
    """A tile's class never points against the numbers printed beside it (METHOD.md 1.1, the rule of display):
    per_round streams by their counts; a composite shows, instead of a sum, the streams of its mean, each with its
    class and counts (and its rates per year for practices and GCM Talks), and each of those agrees too."""
    at = app("demo")
    at.query_params.update({"rounds": "1-2", "stream": stream})
    at.run()
    assert not at.exception
    tiles = [m.group(0) for element in at.markdown for m in TILE.finditer(str(element.value))]
    assert len(tiles) == 24  # objective 0 first, then the 23
    checked = 0
    for tile in tiles:
        if stream != "all":
            found = TILE_COUNTS.search(tile).groupdict()
            a, b, words = _number(found["a"]), _number(found["b"]), found["words"]
            assert not ("progress" in words and b <= a) and not ("regression" in words and b >= a), tile
            checked += "progress" in words or "regression" in words
            continue
        parts = list(STREAM_PART.finditer(tile))
        if any(w in tile for w in ("progress", "regression", "Stagnation")):
            assert parts, tile  # a composite class never stands without its streams
        for part in parts:
            a, b = (
                (_number(part["ra"]), _number(part["rb"])) if part["ra"] else (_number(part["a"]), _number(part["b"]))
            )
            if part["sym"].startswith("▲"):
                assert b >= a if part["ra"] else b > a, tile
            elif part["sym"].startswith("▼"):
                assert b <= a if part["ra"] else b < a, tile
            checked += 1
    assert checked >= 1  # demo submissions name no objective: only their objective 0 tile has a class


def test_public_overview_says_once_why_no_class_is_computed(app):
    at = app("public")
    at.run()
    text = texts(at)
    assert "The public collection is partial" in text
    assert "gcm-tile" not in text and "Substantial regression" not in text
    assert "down 21" not in text  # a round not collected completely is not a fall
    # It leads with what its publishers say exists, and with the records found, each with its source.
    assert "What the publishers say exists" in text and "The records found, each with its source" in text
    assert "of these records state no date (date not stated)" in text  # listed, and said, never dropped silently
    totals = next(d.value for d in at.dataframe if "published_value" in d.value.columns)
    assert "214" in set(totals["published_value"])


def test_a_round_table_shows_its_own_class_from_the_build(app, databases):
    """Choosing a round table shows the group's classes (group_cells: each record once), then its objectives."""
    import duckdb

    at = app("demo")
    at.query_params.update({"rounds": "1-2", "stream": "pledges"})
    at.switch_page("app_pages/objectives.py")
    at.run()
    at.segmented_control(key="w_obj_kind").set_value("roundtable").run()
    at.selectbox(key="w_group_roundtable").set_value(1).run()
    assert not at.exception
    assert any("IMRF round table 1 as a whole" in s.value for s in at.subheader)
    table = next(d.value for d in at.dataframe if "class" in d.value.columns and "objective_id" not in d.value.columns)
    world = table[table["geo_id"] == "GLOBAL"].iloc[0]
    with duckdb.connect(str(databases / "demo.duckdb"), read_only=True) as con:
        stored = con.execute(
            "SELECT n_from, n_to FROM group_cells WHERE group_kind = 'roundtable' AND group_id = 1 "
            "AND stream = 'pledges' AND geo_level = 'global' AND round_from = 1"
        ).fetchone()
    assert (int(world["n_from"]), int(world["n_to"])) == stored


def test_a_link_to_a_round_tables_objectives_reopens_the_round_table(app):
    at = app("demo")
    at.query_params["obj"] = ["2", "5", "6", "12", "18"]  # round table 1
    at.switch_page("app_pages/objectives.py")
    at.run()
    assert not at.exception
    assert at.segmented_control(key="w_obj_kind").value == "roundtable"
    assert any("IMRF round table 1 as a whole" in s.value for s in at.subheader)


def test_the_share_and_breadth_readings_are_one_switch_away(app, databases):
    """METHOD.md asks to compare a cell's count with its share of all activity and its countries taking part."""
    import duckdb

    at = app("demo")
    at.query_params.update({"rounds": "1-2", "stream": "pledges"})
    at.switch_page("app_pages/regions.py")
    at.run()
    at.segmented_control(key="w_reg_basis").set_value("breadth").run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "class" in d.value.columns)
    row = table[(table["objective_id"] == 5)].iloc[0]
    with duckdb.connect(str(databases / "demo.duckdb"), read_only=True) as con:
        stored = con.execute(
            "SELECT n_from, n_to FROM breadth_cells WHERE stream = 'pledges' AND objective_id = 5 "
            "AND geo_level = 'subregion' AND geo_id = ? AND round_from = 1",
            [row["geo_id"]],
        ).fetchone()
    assert (int(row["n_from"]), int(row["n_to"])) == stored
    at.switch_page("app_pages/objectives.py")
    at.run()
    at.segmented_control(key="w_obj_basis").set_value("share").run()
    assert not at.exception


def test_the_page_registry_names_every_page_once():
    """navigation.PAGES is the one list of pages: every script exists, each page file is registered once, and every
    page has a title string."""
    from dashboard.i18n import STRINGS

    scripts = {p.name for p in (ROOT / "dashboard" / "app_pages").glob("*.py")}
    assert sorted(Path(s).name for s in navigation.SCRIPTS) == sorted(scripts)
    assert len(set(navigation.PAGE_KEYS)) == len(navigation.PAGES)
    assert all(p.title_key in STRINGS for p in navigation.PAGES)
