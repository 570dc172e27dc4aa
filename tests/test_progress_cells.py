"""The stored progress tables agree with the method, respond to its thresholds, and stay honest on sparse data."""

import json
import math

import duckdb
import pytest

from etl import build, paths
from etl.progress import CellResult, MethodConfig, classify, composite

COMPONENTS = "n_from, n_to, t_from, t_to, category, score, label, confidence, p_value"


def same(stored, expected) -> bool:
    if stored is None or expected is None:
        return stored is None and expected is None
    return (
        math.isclose(stored, expected, rel_tol=1e-9, abs_tol=1e-12) if isinstance(stored, float) else stored == expected
    )


def rows(con, table: str, where: str = "TRUE") -> list[tuple]:
    return con.execute(f"SELECT {COMPONENTS} FROM {table} WHERE {where}").fetchall()


@pytest.fixture(scope="module")
def demo(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("table", ["progress_cells", "breadth_cells", "share_cells"])
def test_every_stored_class_is_recomputed_from_its_components(demo, table):
    checked = 0
    for n_from, n_to, t_from, t_to, category, score, label, confidence, p_value in rows(demo, table, "stream <> 'all'"):
        result = classify(n_from, n_to, t_from, t_to)
        assert (category, label, confidence) == (result.category, result.label, result.confidence)
        assert same(score, result.score) and same(p_value, result.p_value)
        checked += 1
    assert checked > 1000


def test_every_composite_is_the_mean_of_its_streams(demo):
    streams = {}
    for key, n_from, n_to, t_from, t_to in demo.execute(
        "SELECT (objective_id, geo_level, geo_id, round_from), n_from, n_to, t_from, t_to "
        "FROM progress_cells WHERE stream <> 'all'"
    ).fetchall():
        streams.setdefault(key, []).append(classify(n_from, n_to, t_from, t_to))
    composites = demo.execute(
        "SELECT (objective_id, geo_level, geo_id, round_from), category, score, confidence, streams_assessed "
        "FROM progress_cells WHERE stream = 'all'"
    ).fetchall()
    assert len(composites) == len(streams)
    for key, category, score, confidence, assessed in composites:
        expected = composite(streams[key])
        assert (category, confidence) == (expected.category, expected.confidence)
        assert same(score, expected.score)
        assert assessed == sum(expected.class_counts.values())


def test_the_demo_holds_a_believable_mix_at_every_level(demo):
    for level in ("country", "subregion", "commission", "global"):
        classes = dict(
            demo.execute(
                "SELECT category, count(*) FROM progress_cells WHERE geo_level = ? AND round_from = 1 AND round_to = 2 "
                "GROUP BY category",
                [level],
            ).fetchall()
        )
        progress = classes.get("substantial_progress", 0) + classes.get("moderate_progress", 0)
        regression = classes.get("substantial_regression", 0) + classes.get("moderate_regression", 0)
        assert progress > 0 and regression > 0, level
        assert classes.get("insufficient_data", 0) < sum(classes.values()), level


def test_global_cells_count_records_not_sums_of_regions(demo):
    """Türkiye sits in three commissions: summing commissions would count its activity three times."""
    global_n, commission_sum = demo.execute(
        "SELECT (SELECT n_to FROM progress_cells WHERE stream = 'practices' AND objective_id = 5 "
        "        AND geo_level = 'global' AND round_from = 1),"
        "       (SELECT sum(n_to) FROM progress_cells WHERE stream = 'practices' AND objective_id = 5 "
        "        AND geo_level = 'commission' AND round_from = 1)"
    ).fetchall()[0]
    dated = demo.execute(
        "SELECT count(*) FROM activities a JOIN activity_objectives o USING (activity_id) "
        "WHERE a.stream = 'practices' AND o.objective_id = 5 AND a.round_id = 2"
    ).fetchall()[0][0]
    assert global_n == dated
    assert commission_sum != global_n


def test_a_threshold_change_changes_classes_and_is_recorded(demo_db, tmp_path):
    inputs = build.collect(paths.raw_dir("demo"))
    stricter = MethodConfig(moderate=1.5, substantial=4.0)
    db = tmp_path / "strict.duckdb"
    build.write_database(inputs, db, stricter)
    con = duckdb.connect(str(db), read_only=True)
    recorded = json.loads(con.execute("SELECT method_config FROM build_info").fetchall()[0][0])
    assert (recorded["moderate"], recorded["substantial"]) == (1.5, 4.0)
    count = "SELECT count(*) FROM progress_cells WHERE category = 'stagnation'"
    base = duckdb.connect(str(demo_db), read_only=True)
    assert con.execute(count).fetchall()[0][0] > base.execute(count).fetchall()[0][0]


def test_public_data_say_too_few_records_where_counts_are_small(tmp_path):
    db = tmp_path / "public.duckdb"
    assert build.main(["--raw", str(paths.raw_dir("public")), "--db", str(db)]) == 0
    con = duckdb.connect(str(db), read_only=True)
    small = con.execute(
        "SELECT DISTINCT category FROM progress_cells WHERE n_from + n_to < 5 AND stream <> 'all'"
    ).fetchall()
    assert {c for (c,) in small} <= {"insufficient_data", "not_assessable"}
    countries = con.execute("SELECT DISTINCT category FROM progress_cells WHERE geo_level = 'country'").fetchall()
    assert {c for (c,) in countries} == {"insufficient_data", "not_assessable"}


def test_cell_result_is_the_documented_shape():
    assert CellResult("stagnation").category == "stagnation"
