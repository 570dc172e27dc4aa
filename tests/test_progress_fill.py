"""The build step of the method on a tiny hand-made dataset: counts, classes, objective 0, groups, reasons."""

from datetime import date

import duckdb
import pytest

from etl import schema
from etl.explain import main
from etl.progress import MethodConfig, classify, exposure_years
from etl.progress_sql import fill as fill_progress

CUTOFF = date(2026, 10, 31)
TABLES = (
    "imrf_roundtables",
    "objectives",
    "mptf_areas",
    "objective_mptf_areas",
    "guiding_principles",
    "pledge_principles",
    "practice_principles",
    "collection_coverage",
    "countries",
    "commissions",
    "commission_members",
    "review_rounds",
    "reasons",
    "activities",
    "activity_objectives",
    "activity_countries",
    "activity_commissions",
    "progress_cells",
    "group_cells",
    "breadth_cells",
    "share_cells",
    "cell_reasons",
    "coverage",
)

COUNTRIES = [
    ("KEN", "Kenya", "Eastern Africa"),
    ("UGA", "Uganda", "Eastern Africa"),
    ("EGY", "Egypt", "Northern Africa"),
    ("FRA", "France", "Western Europe"),
]
# Egypt sits in two commissions (ECA and ESCWA).
MEMBERS = [("ECA", "KEN"), ("ECA", "UGA"), ("ECA", "EGY"), ("ESCWA", "EGY"), ("UNECE", "FRA")]
# (round, window start, window end, open, last regional review)
ROUNDS = [
    (1, "2018-12-19", "2022-05-20", False, "2021-09-01"),
    (2, "2022-05-21", "2026-05-31", False, "2025-03-20"),
    (3, "2026-06-01", None, True, None),
]
# (activity_id, stream, date, round, units, is_global, objectives, countries, commissions)
ACTIVITIES = [
    ("pledges:p1", "pledges", "2019-06-01", 1, 1, False, [5], ["KEN"], ["ECA"]),
    ("pledges:p2", "pledges", "2023-03-01", 2, 1, False, [5, 7], ["KEN", "UGA"], ["ECA"]),
    ("pledges:p3", "pledges", "2023-05-01", 2, 1, False, [5], ["EGY"], ["ECA", "ESCWA"]),
    ("pledges:p5", "pledges", None, None, 1, False, [5], ["KEN"], ["ECA"]),  # undated: in no round
    ("pledges:p6", "pledges", "2023-07-01", 2, 1, False, [5], ["KEN"], ["ECA"]),
    ("pledges:p7", "pledges", "2024-01-10", 2, 1, False, [5], ["KEN"], ["ECA"]),
    ("pledges:p8", "pledges", "2024-02-10", 2, 1, False, [5], ["KEN"], ["ECA"]),
    ("practices:x1", "practices", "2020-07-01", 1, 1, False, [5], ["FRA"], ["UNECE"]),
    ("gcm_talks:t1", "gcm_talks", "2023-04-01", 2, 1, True, [5], [], []),  # Global: counts only globally
    ("submissions:1", "submissions", "2021-02-20", 1, 3, False, [5], ["KEN"], ["ECA"]),
    ("submissions:2", "submissions", "2024-03-01", 2, 2, False, [5], ["KEN"], ["ECA"]),
    # A voluntary review of the whole Compact names no objective: it counts in objective 0 only.
    ("submissions:3", "submissions", "2024-03-01", 2, 4, False, [], ["KEN"], ["ECA"]),
]
# Objectives 5 and 7 share round table 1 and MPTF area 1; 7 also sits in area 2; the rest are in round table 2.
ROUNDTABLE_OF = {o: 1 if o in (5, 7) else 2 for o in range(1, 24)}
AREAS = [(5, 1), (7, 1), (7, 2)]
PLEDGE_PRINCIPLES = [("p1", 1), ("p2", 1), ("p2", 2)]
# (reason_id, objective, level, geo, stream, round, code)
REASONS = [
    (1, 5, "country", "KEN", None, 2, "reporting_artefact"),
    (2, 5, "country", "KEN", "pledges", 2, "policy_or_legal_change"),
    (3, 5, "global", "GLOBAL", "gcm_talks", 2, "mechanism_launched_or_ended"),
    (4, 5, "country", "KEN", None, 1, "funding"),  # round 1 has no previous round: explains nothing
]
TALKS_T2 = exposure_years(date(2022, 5, 21), date(2026, 5, 31), date(2023, 2, 1), CUTOFF)


def build(db, coverage=()) -> None:
    """Create the tables from the schema, insert the tiny dataset above and run fill_progress.

    `coverage`: (stream, round, completeness) rows of collection_coverage; the others are complete."""
    for name in TABLES:
        db.execute(schema.ddl(schema.table(name)))
    db.executemany("INSERT INTO imrf_roundtables VALUES (?, 'rt')", [(r,) for r in range(1, 5)])
    db.executemany("INSERT INTO objectives VALUES (?, 'o', 'objective', ?)", list(ROUNDTABLE_OF.items()))
    db.executemany("INSERT INTO mptf_areas VALUES (?, 'area')", [(a,) for a in range(1, 6)])
    db.executemany("INSERT INTO objective_mptf_areas VALUES (?, ?)", AREAS)
    db.executemany("INSERT INTO guiding_principles VALUES (?, 'gp')", [(g,) for g in range(1, 11)])
    db.executemany("INSERT INTO pledge_principles VALUES (?, ?)", PLEDGE_PRINCIPLES)
    if coverage:
        db.executemany("INSERT INTO collection_coverage VALUES (?, ?, ?)", list(coverage))
    db.executemany("INSERT INTO countries (iso3, name, subregion, is_un_member) VALUES (?, ?, ?, TRUE)", COUNTRIES)
    db.executemany("INSERT INTO commissions VALUES (?, ?, 1)", [(c, c) for c in sorted({m[0] for m in MEMBERS})])
    db.executemany("INSERT INTO commission_members VALUES (?, ?, 'member')", MEMBERS)
    db.executemany(
        "INSERT INTO review_rounds (round_id, name, window_start_date, window_end_date, is_open, "
        "regional_reviews_to_date) VALUES (?, 'round', ?, ?, ?, ?)",
        ROUNDS,
    )
    db.executemany(
        "INSERT INTO activities (activity_id, stream, record_id, title, activity_date, round_id, "
        "unit_count, is_global) VALUES (?, ?, ?, 'x', ?, ?, ?, ?)",
        [(a[0], a[1], a[0].split(":", 1)[1], *a[2:6]) for a in ACTIVITIES],
    )
    for table, position in (("activity_objectives", 6), ("activity_countries", 7), ("activity_commissions", 8)):
        db.executemany(f"INSERT INTO {table} VALUES (?, ?)", [(a[0], v) for a in ACTIVITIES for v in a[position]])
    db.executemany(
        "INSERT INTO reasons (reason_id, objective_id, geo_level, geo_id, stream, round_id, direction, "
        "reason_code) VALUES (?, ?, ?, ?, ?, ?, 'enabler', ?)",
        REASONS,
    )
    fill_progress(db, CUTOFF, MethodConfig())


@pytest.fixture(scope="module")
def con():
    db = duckdb.connect()
    build(db)
    yield db
    db.close()


def cell(con, table, stream, objective, level, geo, pair=(1, 2)):
    df = con.execute(
        f"SELECT * FROM {table} WHERE stream = ? AND objective_id = ? AND geo_level = ? AND geo_id = ? "
        "AND round_from = ? AND round_to = ?",
        [stream, objective, level, geo, *pair],
    ).df()
    assert len(df) == 1
    return df.iloc[0]


def test_cell_set_is_streams_objectives_geographies_pairs(con):
    # (streams + all) x 24 objectives (0-23) x 11 geographies (4 countries, 3 sub-regions, 3 commissions, GLOBAL)
    # x 2 pairs
    cells = len(schema.STREAMS) + 1
    assert con.execute("SELECT COUNT(*) FROM progress_cells").fetchall()[0][0] == cells * 24 * 11 * 2
    assert con.execute("SELECT COUNT(*) FROM breadth_cells").fetchall()[0][0] == cells * 24 * 7 * 2
    assert con.execute("SELECT COUNT(*) FROM share_cells").fetchall()[0][0] == cells * 24 * 10 * 2
    assert con.execute("SELECT COUNT(*) FROM coverage").fetchall()[0][0] == 24 * 11 * 3
    # 4 round tables and 5 MPTF areas x (streams + all), 10 principles x (pledges, practices, all)
    assert con.execute("SELECT COUNT(*) FROM group_cells").fetchall()[0][0] == (4 * cells + 5 * cells + 10 * 3) * 11 * 2
    assert con.sql("SELECT DISTINCT method_version FROM progress_cells").fetchall() == [("1.1",)]


def test_country_cell_counts_exposures_and_class(con):
    row = cell(con, "progress_cells", "pledges", 5, "country", "KEN")
    assert (row.n_from, row.n_to) == (1, 4)  # the undated pledge p5 is left out
    # Pledges are a per_round stream: one review cycle each, however long the round's window was.
    assert (row.t_from, row.t_to, row.exposure_model) == (1.0, 1.0, "per_round")
    assert (row.category, row.score, row.label, row.confidence) == ("substantial_progress", 5.0, None, "indicative")
    assert row.p_value == pytest.approx(classify(1, 4, 1, 1).p_value)
    practices = cell(con, "progress_cells", "practices", 5, "global", "GLOBAL")
    assert practices.exposure_model == "rate" and practices.t_from != practices.t_to


def test_geographies_count_each_activity_once(con):
    counts = con.sql(
        "SELECT geo_id, n_from, n_to FROM progress_cells WHERE stream = 'pledges' AND objective_id = 5 "
        "AND round_to = 2 AND geo_level <> 'country' ORDER BY geo_id"
    ).fetchall()
    # p2 is in KEN and UGA but counts once in Eastern Africa; p3 (Egypt) counts in ECA and ESCWA but once globally,
    # so the global 5 is not the 5 + 1 of the commissions.
    assert counts == [
        ("ECA", 1, 5),
        ("ESCWA", 0, 1),
        ("Eastern Africa", 1, 4),
        ("GLOBAL", 1, 5),
        ("Northern Africa", 0, 1),
        ("UNECE", 0, 0),
        ("Western Europe", 0, 0),
    ]
    talks = cell(con, "progress_cells", "gcm_talks", 5, "global", "GLOBAL", (2, 3))
    assert (talks.n_from, talks.n_to) == (1, 0)  # the Global talk counts at the global level only
    assert (
        con.execute(
            "SELECT SUM(n_from + n_to) FROM progress_cells WHERE stream = 'gcm_talks' AND geo_level <> 'global'"
        ).fetchall()[0][0]
        == 0
    )


def test_full_counting_across_objectives(con):
    row = cell(con, "progress_cells", "pledges", 7, "subregion", "Eastern Africa")
    assert (row.n_from, row.n_to, row.category) == (0, 1, "insufficient_data")
    assert row.score is None or row.score != row.score  # NULL score


def test_submission_units_and_rounds_not_started(con):
    row = cell(con, "progress_cells", "submissions", 5, "country", "KEN")
    assert (row.n_from, row.n_to, row.t_from, row.t_to) == (3, 2, 1.0, 1.0)
    assert (row.category, row.confidence, row.p_value) == ("moderate_regression", "indicative", pytest.approx(0.5))
    open_round = cell(con, "progress_cells", "submissions", 5, "country", "KEN", (2, 3))
    assert (open_round.t_to, open_round.category, open_round.label) == (0.0, "not_assessable", "round_open")
    # A rate stream in the open round uses its elapsed part, and so has a short window.
    talks = cell(con, "progress_cells", "gcm_talks", 5, "global", "GLOBAL", (2, 3))
    assert talks.t_to == pytest.approx(153 / 365.25) and talks.category == "insufficient_data"


def test_new_mechanism_is_not_assessable(con):
    row = cell(con, "progress_cells", "gcm_talks", 5, "global", "GLOBAL")
    assert (row.n_from, row.n_to, row.t_from, row.category, row.label) == (0, 1, 0.0, "not_assessable", "new_mechanism")
    assert row.t_to == pytest.approx(TALKS_T2)  # 2023-02-01 .. 2026-05-31


def test_composite_is_mean_of_classified_streams(con):
    row = cell(con, "progress_cells", "all", 5, "country", "KEN")
    sub = classify(3, 2, 1.0, 1.0).score
    # n_from/n_to are the sums over the streams in the mean (pledges 1 -> 4, submissions 3 -> 2) only.
    assert (row.n_from, row.n_to, row.streams_assessed, row.streams_in_mean) == (4, 6, 2, "pledges;submissions")
    assert row.score == pytest.approx((5.0 + sub) / 2)
    assert row.rate_ratio == pytest.approx(2 ** (row.score / 5))
    assert (row.category, row.confidence) == ("moderate_progress", "indicative")
    assert (row.substantial_progress_streams, row.moderate_regression_streams, row.stagnation_streams) == (1, 1, 0)
    assert row.t_from != row.t_from  # NULL exposure for the composite


def test_objective_zero_counts_each_record_once(con):
    # p2 names objectives 5 and 7 and two Eastern African countries: once in objective 0 of the sub-region.
    pledges = cell(con, "progress_cells", "pledges", 0, "subregion", "Eastern Africa")
    assert (pledges.n_from, pledges.n_to) == (1, 4)
    assert cell(con, "progress_cells", "pledges", 7, "subregion", "Eastern Africa").n_to == 1
    # The review that names no objective counts in objective 0 only.
    assert (cell(con, "progress_cells", "submissions", 0, "country", "KEN").n_to) == 2 + 4
    assert (cell(con, "progress_cells", "submissions", 5, "country", "KEN").n_to) == 2
    named = con.sql(
        "SELECT SUM(n_to) FROM progress_cells WHERE stream = 'submissions' AND objective_id > 0 AND geo_id = 'KEN' "
        "AND round_to = 2"
    ).fetchall()[0][0]
    assert named == 2
    levels = con.sql("SELECT DISTINCT geo_level FROM progress_cells WHERE objective_id = 0 ORDER BY 1").fetchall()
    assert levels == [("commission",), ("country",), ("global",), ("subregion",)]
    assert con.sql("SELECT COUNT(*) FROM coverage WHERE objective_id = 0").fetchall()[0][0] == 11 * 3


def group(con, kind, group_id, stream, level, geo, pair=(1, 2)):
    df = con.execute(
        "SELECT * FROM group_cells WHERE group_kind = ? AND group_id = ? AND stream = ? AND geo_level = ? "
        "AND geo_id = ? AND round_from = ? AND round_to = ?",
        [kind, group_id, stream, level, geo, *pair],
    ).df()
    assert len(df) == 1
    return df.iloc[0]


def test_groups_count_each_record_once(con):
    # p2 names objectives 5 and 7, both in round table 1 and MPTF area 1: it counts once there, not twice.
    for kind in ("roundtable", "mptf_area"):
        row = group(con, kind, 1, "pledges", "subregion", "Eastern Africa")
        assert (row.n_from, row.n_to, row.category) == (1, 4, "substantial_progress")
    assert group(con, "mptf_area", 2, "pledges", "subregion", "Eastern Africa").n_to == 1  # objective 7 only
    principle = group(con, "principle", 1, "pledges", "global", "GLOBAL")
    assert (principle.n_from, principle.n_to, principle.category) == (1, 1, "insufficient_data")
    composite = group(con, "roundtable", 1, "all", "country", "KEN")
    assert composite.streams_in_mean == "pledges;submissions"
    assert not con.sql("SELECT * FROM group_cells WHERE group_kind = 'principle' AND stream = 'gcm_talks'").fetchall()


def test_incomplete_collection_is_not_assessable():
    db = duckdb.connect()
    build(db, coverage=[("pledges", 1, "partial"), ("pledges", 2, "complete"), ("submissions", 2, "none")])
    pledges = cell(db, "progress_cells", "pledges", 5, "country", "KEN")
    assert (pledges.n_from, pledges.n_to, pledges.category, pledges.label) == (
        1,
        4,
        "not_assessable",
        "incomplete_collection",
    )
    assert cell(db, "progress_cells", "submissions", 5, "country", "KEN").label == "incomplete_collection"
    every = cell(db, "progress_cells", "all", 5, "country", "KEN")  # no stream left for a mean: counts as found
    assert (every.category, every.n_from, every.n_to, every.streams_assessed) == ("insufficient_data", 4, 6, 0)
    assert cell(db, "breadth_cells", "pledges", 5, "commission", "ECA").label == "incomplete_collection"
    db.close()


def test_breadth_counts_member_countries(con):
    eca = cell(con, "breadth_cells", "pledges", 5, "commission", "ECA")
    assert (eca.n_from, eca.n_to, eca.t_from, eca.category) == (1, 3, 1.0, "insufficient_data")
    every = cell(con, "breadth_cells", "all", 5, "global", "GLOBAL")
    assert (every.n_from, every.n_to, every.category) == (2, 3, "moderate_progress")  # {KEN, FRA} -> {KEN, UGA, EGY}
    assert cell(con, "breadth_cells", "gcm_talks", 5, "global", "GLOBAL").category == "not_assessable"


def test_share_divides_by_global_counts(con):
    row = cell(con, "share_cells", "pledges", 5, "country", "KEN")
    assert (row.n_from, row.n_to, row.t_from, row.t_to) == (1, 4, 1.0, 5.0)
    assert row.rate_ratio == pytest.approx((4.5 / 5) / (1.5 / 1))
    assert row.category == "substantial_regression"
    assert cell(con, "share_cells", "pledges", 7, "country", "KEN").category == "not_assessable"  # global 0 -> 1


def test_reasons_and_interpretability(con):
    rows = con.sql("SELECT stream, geo_id, reason_id FROM cell_reasons ORDER BY ALL").fetchall()
    assert rows == [
        ("all", "KEN", 1),
        ("gcm_talks", "GLOBAL", 3),
        ("gcm_talks", "KEN", 1),
        ("mptf_programmes", "KEN", 1),  # a reason naming no stream explains every stream of its cell
        ("pledges", "KEN", 1),
        ("pledges", "KEN", 2),
        ("practices", "KEN", 1),
        ("submissions", "KEN", 1),
    ]
    flags = con.sql(
        "SELECT stream, geo_id, reason_count, is_interpretable FROM progress_cells WHERE objective_id = 5 "
        "AND round_to = 2 AND geo_id IN ('KEN', 'GLOBAL') AND stream IN ('pledges', 'gcm_talks', 'all') "
        "ORDER BY ALL"
    ).fetchall()
    assert flags == [
        ("all", "GLOBAL", 0, True),
        ("all", "KEN", 1, False),
        ("gcm_talks", "GLOBAL", 1, False),
        ("gcm_talks", "KEN", 1, False),
        ("pledges", "GLOBAL", 0, True),
        ("pledges", "KEN", 2, True),
    ]


def test_coverage_counts_streams(con):
    rows = con.sql(
        "SELECT geo_id, round_id, pledges_count, practices_count, gcm_talks_count, submissions_count, "
        "streams_reporting FROM coverage WHERE objective_id = 5 AND geo_id IN ('KEN', 'GLOBAL') "
        "ORDER BY ALL"
    ).fetchall()
    assert rows == [
        ("GLOBAL", 1, 1, 1, 0, 3, 3),
        ("GLOBAL", 2, 5, 0, 1, 2, 3),
        ("GLOBAL", 3, 0, 0, 0, 0, 0),
        ("KEN", 1, 1, 0, 0, 3, 2),
        ("KEN", 2, 4, 0, 0, 2, 2),
        ("KEN", 3, 0, 0, 0, 0, 0),
    ]


def test_no_working_tables_are_left_behind(con):
    assert con.execute(
        "SELECT COUNT(*) FROM duckdb_tables() WHERE table_name LIKE '\\_progress%' ESCAPE '\\'"
    ).fetchall() == [(0,)]


def test_rows_are_stored_in_key_order(con):
    keys = con.sql(
        "SELECT stream, objective_id, geo_level, geo_id, round_from, round_to FROM progress_cells"
    ).fetchall()
    assert keys == sorted(keys)


@pytest.fixture(scope="module")
def db_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("progress") / "tiny.duckdb"
    with duckdb.connect(str(path)) as db:
        build(db)
    return path


def test_cli_explains_a_stored_cell(db_file, capsys):
    code = main(
        [
            "--db",
            str(db_file),
            "--objective",
            "5",
            "--geo",
            "ken",
            "--stream",
            "pledges",
            "--rounds",
            "1:2",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith(
        "Pledges, objective 5, in Kenya (KEN): 1 in round 1 (one review cycle, T = 1) and 4 in round 2 (one review "
        "cycle, T = 1)."
    )
    assert "Class: substantial progress." in out and "Confidence: indicative." in out
    assert "Reasons recorded: 2." in out and "- enabler, policy or legal change" in out


@pytest.mark.parametrize("geo", ["Eastern Africa", "ECA", "Global"])
def test_cli_accepts_regions_and_global(db_file, capsys, geo):
    assert main(["--db", str(db_file), "--objective", "5", "--geo", geo]) == 0
    assert "All streams, objective 5, in" in capsys.readouterr().out


def test_cli_exits_2_for_a_missing_cell(db_file, capsys):
    assert main(["--db", str(db_file), "--objective", "5", "--geo", "PER"]) == 2
    assert "No progress cell" in capsys.readouterr().err
