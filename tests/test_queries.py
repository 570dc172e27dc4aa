"""dashboard.queries on the database built from tests/fixtures/good: columns, order and exact small frames."""

import inspect
import re

import duckdb
import pandas as pd
import pytest

from dashboard import queries
from etl import schema
from tests.frames import csv_frame


@pytest.fixture(scope="module")
def con(fixture_db):
    connection = duckdb.connect(str(fixture_db), read_only=True)
    yield connection
    connection.close()


def test_activity_by_round_objective5_kenya(con):
    got = queries.activity_by_round(con, objectives=(5,), geos=("KEN",))
    assert list(got.columns) == ["stream", "round_id", "round_name", "activities", "units"]
    got = got[got["round_id"] < 3][["stream", "round_id", "activities", "units"]].reset_index(drop=True)
    expected = csv_frame("""
        stream,round_id,activities,units
        pledges,1,2,2
        practices,1,0,0
        gcm_talks,1,0,0
        submissions,1,0,0
        mptf_programmes,1,0,0
        pledges,2,0,0
        practices,2,1,1
        gcm_talks,2,0,0
        submissions,2,0,0
        mptf_programmes,2,0,0
    """)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_progress_cell_objective5_kenya(con):
    got = queries.progress(con, stream="all", rounds=(1, 2), levels=("country",), geos=("KEN",), objectives=(5,))
    assert len(got) == 1
    row = got.iloc[0]
    assert (row["geo_name"], row["n_from"], row["n_to"], row["category"]) == ("Kenya", 2, 1, "insufficient_data")
    assert list(got.columns[:10]) == [
        "objective_id",
        "short_title",
        "stream",
        "geo_level",
        "geo_id",
        "geo_name",
        "round_from",
        "round_to",
        "n_from",
        "n_to",
    ]


def test_progress_streams_of_objective5_kenya(con):
    counts = {}
    for stream in ("pledges", "practices", "submissions"):
        row = queries.progress(
            con, stream=stream, rounds=(1, 2), levels=("country",), geos=("KEN",), objectives=(5,)
        ).iloc[0]
        counts[stream] = (int(row["n_from"]), int(row["n_to"]), int(row["reason_count"]))
    # Kenya's voluntary reviews name no objective: they count in objective 0, not in objective 5 (METHOD.md 1.1).
    assert counts == {"pledges": (2, 0, 1), "practices": (0, 1, 0), "submissions": (0, 0, 0)}
    review = queries.progress(
        con, stream="submissions", rounds=(1, 2), levels=("country",), geos=("KEN",), objectives=(0,)
    ).iloc[0]
    assert (review["n_from"], review["n_to"], review["short_title"]) == (1, 1, "All objectives (each record once)")


def test_activity_list_objective5_kenya(con):
    got = queries.activity_list(con, rounds=(1, 2), objectives=(5,), geos=("KEN",))
    assert list(got.columns) == [
        "activity_id",
        "stream",
        "title",
        "source_url",
        "activity_date",
        "date_precision",
        "round_id",
        "unit_count",
        "is_global",
        "objective_ids",
        "objective_titles",
        "iso3",
        "country_names",
        "record_id",
    ]
    assert got["activity_id"].tolist() == [
        "pledges:fixture-kenya-1",
        "pledges:fixture-kenya-2",
        "practices:fixture-kenya-practice",
    ]
    practice = got[got["stream"] == "practices"].iloc[0]
    assert (practice["iso3"], practice["country_names"]) == ("KEN;UGA", "Kenya;Uganda")
    assert practice["source_url"] == "https://example.org/fixture/practices/1"


@pytest.mark.parametrize("filters", [{}, {"rounds": (1, 2), "objectives": (5,)}, {"geos": ("ECA",), "principle": 8}])
def test_first_rows_and_counts_agree_with_the_whole_list(con, filters):
    rows = queries.activity_list(con, **filters)
    assert queries.activity_count(con, **filters)["rows"].tolist() == [len(rows)]
    for limit in (0, 2, len(rows) + 1):
        pd.testing.assert_frame_equal(
            queries.activity_list(con, limit=limit, **filters), rows.head(limit), check_dtype=False
        )
    pages = queries.cited_pages(con)
    assert queries.cited_page_count(con)["rows"].tolist() == [len(pages)] and len(pages) > 2
    pd.testing.assert_frame_equal(queries.cited_pages(con, limit=2), pages.head(2))
    assert queries.validation_count(con)["rows"].tolist() == [len(queries.validation_report(con))]


def test_the_method_pages_validation_table_shows_each_warnings_code(con):
    report = queries.validation_report(con)
    assert len(report) and list(report.columns) == ["file_name", "line", "column_name", "severity", "code", "message"]
    assert report["code"].str.fullmatch(r"GCM-W\d{3}").all()


def test_extract_csv_is_the_csv_of_every_extract_row(con):
    from etl.csv_writer import csv_bytes

    filters = dict(stream="all", objectives=(5,), geos=("Eastern Africa",), rounds=(1, 2))
    rows = queries.extract(con, **filters)
    assert queries.extract_count(con, **filters)["rows"].tolist() == [len(rows)]
    assert queries.extract_csv(con, **filters) == csv_bytes(rows)
    pd.testing.assert_frame_equal(queries.extract(con, limit=2, **filters), rows.head(2))


def test_activity_filters_by_subregion_and_commission(con):
    by_subregion = queries.activity_list(con, objectives=(5,), geos=("Eastern Africa",))
    by_commission = queries.activity_list(con, objectives=(5,), geos=("ECA",))
    assert "practices:fixture-kenya-practice" in set(by_subregion["activity_id"])
    assert set(by_subregion["activity_id"]) <= set(by_commission["activity_id"])


def test_class_shares_cover_every_class(con):
    got = queries.class_shares(con, stream="all", level="subregion")
    assert list(got.columns) == ["round_from", "round_to", "category", "cells", "total", "share"]
    first = got[got["round_from"] == 1]
    assert first["category"].tolist()[:5] == [
        "substantial_progress",
        "moderate_progress",
        "stagnation",
        "moderate_regression",
        "substantial_regression",
    ]
    assert first["share"].sum() == pytest.approx(1.0)
    assert first.set_index("category").loc["insufficient_data", "cells"] == first["total"].iloc[0]


def test_cell_reasons_kenya(con):
    got = queries.cell_reasons(con, stream="pledges", rounds=(1, 2), levels=("country",), geos=("KEN",))
    assert got[["objective_id", "geo_name", "direction", "reason_code"]].values.tolist() == [
        [5, "Kenya", "enabler", "policy_or_legal_change"]
    ]


def test_country_rounds_and_median_include_zero_countries(con):
    got = queries.country_rounds(con, iso3s=("KEN",), objectives=(5,))
    assert got[["round_id", "count"]].values.tolist() == [[1, 2], [2, 1], [3, 0]]
    medians = queries.subregion_medians(con, subregions=("Eastern Africa",), objectives=(5,))
    # Kenya and Uganda report; the other Member States of Eastern Africa count as zero.
    assert medians["median"].tolist() == [0.0, 0.0, 0.0]
    assert medians["countries"].iloc[0] > 10


def test_country_counts_list_every_member_state(con):
    got = queries.country_counts(con, round_id=1, objectives=(5,))
    assert list(got.columns) == ["iso3", "name", "subregion", "units", "activities"]
    assert len(got) >= 193
    assert got.set_index("iso3").loc["KEN", "units"] == 2


def test_coverage_kenya(con):
    got = queries.coverage(con, level="country", round_id=1, objectives=(5,))
    kenya = got[got["geo_id"] == "KEN"].iloc[0]
    assert (kenya["pledges_count"], kenya["submissions_count"], kenya["streams_reporting"]) == (2, 0, 1)


def test_round_pairs_and_exposures(con):
    pairs = queries.round_pairs(con)
    # Round 3 begins after the fixture's cut-off (2025-12-31): it holds nothing yet and is not offered.
    assert pairs[["round_from", "round_to", "to_is_open"]].values.tolist() == [[1, 2, False]]
    talks = queries.progress(con, stream="gcm_talks", rounds=(1, 2), levels=("global",), objectives=(0,))
    assert (talks["t_from"].iloc[0], talks["label"].iloc[0]) == (0.0, "new_mechanism")


def test_group_progress_reads_the_build_s_group_cells(con):
    got = queries.group_progress(con, group_kind="principle", group_id=2, stream="pledges", rounds=(1, 2))
    found = got[(got["n_from"] + got["n_to"]) > 0]
    assert found[["geo_level", "geo_id", "n_from", "n_to", "category"]].values.tolist() == [
        ["commission", "ECA", 0, 1, "not_assessable"],
        ["subregion", "Western Africa", 0, 1, "not_assessable"],
    ]
    composite = queries.group_progress(con, group_kind="roundtable", group_id=1, rounds=(1, 2), levels=("global",))
    assert len(composite) == 1 and "streams_detail" in composite


def test_reference_queries(con):
    assert queries.objectives(con)["objective_id"].tolist() == list(range(1, 24))
    groups = queries.objective_groups(con)
    assert sorted(o for ids in groups[groups["group_kind"] == "roundtable"]["objective_ids"] for o in ids) == list(
        range(1, 24)
    )
    geos = queries.geographies(con)
    assert geos["geo_level"].iloc[0] == "global"
    assert {"KEN", "Eastern Africa", "ECA"} <= set(geos["geo_id"])
    assert queries.stream_totals(con)["stream"].tolist() == list(schema.STREAMS)
    assert len(queries.build_info(con)) == 1


def test_user_values_are_parameters_not_sql(con):
    nasty = ("'; DROP TABLE activities; --", "KEN' OR '1'='1")
    assert queries.activity_list(con, geos=nasty).empty
    assert queries.progress(con, geos=nasty, levels=("country",)).empty
    assert queries.activity_list(con, stream="x' OR 1=1 --").empty
    assert con.execute("SELECT COUNT(*) FROM activities").fetchone()[0] > 0


def _sql_of(function) -> str:
    """The SQL text of a query function: its longest string constant (f-string parts joined)."""
    import ast
    import textwrap

    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    texts = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            texts.append("".join(v.value for v in node.values if isinstance(v, ast.Constant)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            texts.append(node.value)
    return max((x for x in texts if "SELECT" in x.upper()), key=len, default="")


def test_every_query_ends_with_order_by():
    # `extract*` delegate to etl.export, whose SQL ends with ORDER BY too (tests/test_export.py); a `*_count`
    # query returns one row, which has no order.
    functions = {
        name: fn
        for name, fn in inspect.getmembers(queries, inspect.isfunction)
        if fn.__module__.startswith(queries.__name__ + ".") and not name.startswith(("_", "extract"))
    }
    assert len(functions) > 15
    for name, function in functions.items():
        sql = _sql_of(function).upper()
        if name.endswith("_count"):
            assert "COUNT(" in sql and "GROUP BY" not in sql, name
            continue
        head, _, tail = sql.rpartition("ORDER BY")
        assert head and not re.search(r"\b(SELECT|WHERE|GROUP BY)\b", tail), name
    for module in {inspect.getmodule(fn) for fn in functions.values()}:
        assert "import streamlit" not in inspect.getsource(module), module.__name__
