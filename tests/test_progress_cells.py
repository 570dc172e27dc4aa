"""The stored progress tables agree with the method 1.1, respond to its thresholds, and stay honest on sparse data."""

import json
import math

import duckdb
import pandas as pd
import pytest

from etl import build, paths
from etl.progress import CLASSES, PROGRESS_CLASSES, REGRESSION_CLASSES, CellResult, MethodConfig, classify, composite
from etl.progress_sql import exposures

COMPONENTS = "stream, round_to, round_from, n_from, n_to, t_from, t_to, category, score, label, confidence, p_value"
BANDED = "('" + "', '".join(CLASSES) + "')"


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


@pytest.fixture(scope="module")
def public(databases):
    con = duckdb.connect(str(databases / "public.duckdb"), read_only=True)
    yield con
    con.close()


def context(con) -> dict:
    """(stream, round) -> (round is open, collection complete, exposure), as the build saw them."""
    cutoff = con.execute("SELECT data_cutoff FROM build_info").fetchone()[0]
    frame = exposures(con, cutoff, MethodConfig())
    return {(r.stream, r.round_id): (r.is_open, r.complete, 0.0 if pd.isna(r.t) else r.t) for r in frame.itertuples()}


def reclassify(ctx, stream, round_from, round_to, n_from, n_to, t_from, t_to) -> CellResult:
    complete = ctx[(stream, round_from)][1] and ctx[(stream, round_to)][1]
    # A zero exposure of an open round reads round_open (share cells store global counts as t, hence the exposures).
    before, after = ctx[(stream, round_from)], ctx[(stream, round_to)]
    zero_open = (before[0] and not before[2]) or (after[0] and not after[2])
    return classify(n_from, n_to, t_from, t_to, round_open=zero_open, complete=complete)


@pytest.mark.parametrize("table", ["progress_cells", "group_cells", "breadth_cells", "share_cells"])
@pytest.mark.parametrize("dataset", ["demo", "public"])
def test_every_stored_class_is_recomputed_from_its_components(request, dataset, table):
    con = request.getfixturevalue(dataset)
    ctx, checked = context(con), 0
    where = "stream <> 'all'" if table in ("progress_cells", "group_cells") else "TRUE"
    for stream, rt, rf, n_from, n_to, t_from, t_to, category, score, label, confidence, p_value in rows(
        con, table, where
    ):
        result = reclassify(ctx, stream, rf, rt, n_from, n_to, t_from, t_to)
        assert (category, label, confidence) == (result.category, result.label, result.confidence)
        assert same(score, result.score) and same(p_value, result.p_value)
        checked += 1
    assert checked > 1000


@pytest.mark.parametrize("table", ["progress_cells", "group_cells"])
@pytest.mark.parametrize("dataset", ["demo", "public"])
def test_no_single_stream_class_contradicts_its_counts(request, dataset, table):
    """With equal exposures, the direction of a class follows the counts (METHOD.md 1.1, the rule of display)."""
    con = request.getfixturevalue(dataset)
    progress, regression = "('" + "', '".join(PROGRESS_CLASSES) + "')", "('" + "', '".join(REGRESSION_CLASSES) + "')"
    against = con.execute(
        f"SELECT count(*) FROM {table} WHERE stream <> 'all' AND t_from = t_to AND ("
        f"(category IN {progress} AND n_to <= n_from) OR (category IN {regression} AND n_to >= n_from))"
    ).fetchone()[0]
    assert against == 0


@pytest.mark.parametrize("dataset", ["demo", "public"])
def test_no_short_window_cell_is_robust_or_in_a_composite(request, dataset):
    con = request.getfixturevalue(dataset)
    for table in ("progress_cells", "group_cells"):
        short = con.execute(
            f"SELECT count(*) FROM {table} WHERE stream <> 'all' AND least(t_from, t_to) > 0 "
            f"AND least(t_from, t_to) < 1 AND category IN {BANDED} "
            "AND (label <> 'short_window' OR confidence = 'robust')"
        ).fetchone()[0]
        assert short == 0
    assert (
        con.execute(
            "SELECT count(*) FROM progress_cells c JOIN progress_cells s USING (objective_id, geo_level, geo_id, "
            "round_from, round_to) WHERE c.stream = 'all' AND s.stream <> 'all' AND s.label = 'short_window' "
            "AND list_contains(string_split(c.streams_in_mean, ';'), s.stream)"
        ).fetchone()[0]
        == 0
    )


def test_the_public_collection_has_no_class_anywhere(public):
    for table in ("progress_cells", "group_cells", "breadth_cells", "share_cells"):
        assert public.execute(f"SELECT count(*) FROM {table} WHERE category IN {BANDED}").fetchone()[0] == 0, table
    labels = public.execute(
        "SELECT DISTINCT label FROM progress_cells WHERE stream = 'practices' AND round_from = 1"
    ).fetchall()
    assert labels == [("incomplete_collection",)]


def test_demo_world_pledges_follow_their_counts(demo):
    cells = demo.execute(
        "SELECT objective_id, n_from, n_to, category, exposure_model FROM progress_cells WHERE stream = 'pledges' "
        "AND geo_level = 'global' AND round_from = 1 AND round_to = 2 ORDER BY objective_id"
    ).fetchall()
    assert len(cells) == 24
    for objective_id, n_from, n_to, category, model in cells:
        assert model == "per_round"
        if category in PROGRESS_CLASSES:
            assert n_to > n_from, objective_id
        elif category in REGRESSION_CLASSES:
            assert n_to < n_from, objective_id
    assert sum(c[3] in PROGRESS_CLASSES for c in cells) > 12  # the demo's pledges grew from IMRF 2022 to 2026


@pytest.mark.parametrize("dataset", ["demo", "public"])
def test_every_geography_level_has_objective_zero(request, dataset):
    con = request.getfixturevalue(dataset)
    levels = con.execute("SELECT DISTINCT geo_level FROM progress_cells WHERE objective_id = 0 ORDER BY 1").fetchall()
    assert levels == [("commission",), ("country",), ("global",), ("subregion",)]
    # Each record once: objective 0 is never more than the records of the stream, and never less than any objective.
    worst = con.execute(
        "SELECT count(*) FROM progress_cells z JOIN progress_cells o USING (stream, geo_level, geo_id, round_from, "
        "round_to) WHERE z.objective_id = 0 AND o.objective_id > 0 AND z.stream <> 'all' AND o.n_to > z.n_to"
    ).fetchone()[0]
    assert worst == 0


def test_every_composite_is_the_mean_of_its_streams(demo):
    ctx, streams = context(demo), {}
    for key, stream, rf, rt, n_from, n_to, t_from, t_to in demo.execute(
        "SELECT (objective_id, geo_level, geo_id, round_from), stream, round_from, round_to, n_from, n_to, t_from, "
        "t_to FROM progress_cells WHERE stream <> 'all' ORDER BY stream"
    ).fetchall():
        streams.setdefault(key, []).append((stream, reclassify(ctx, stream, rf, rt, n_from, n_to, t_from, t_to)))
    composites = demo.execute(
        "SELECT (objective_id, geo_level, geo_id, round_from), category, score, confidence, streams_assessed, "
        "n_from, n_to, streams_in_mean FROM progress_cells WHERE stream = 'all'"
    ).fetchall()
    assert len(composites) == len(streams)
    for key, category, score, confidence, assessed, n_from, n_to, in_mean in composites:
        expected = composite([r for _, r in streams[key]])
        assert (category, confidence) == (expected.category, expected.confidence)
        assert same(score, expected.score)
        assert assessed == sum(expected.class_counts.values())
        # The counts beside a composite class are those of the streams in its mean, and of no other stream.
        assert (n_from, n_to) == (expected.n_from, expected.n_to)
        assert (in_mean or None) == (";".join(streams[key][i][0] for i in expected.in_mean) or None)


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


def test_cell_result_is_the_documented_shape():
    assert CellResult("stagnation").category == "stagnation"
