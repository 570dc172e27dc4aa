"""fill_progress on a tiny hand-made dataset: exact counts, classes, reasons and coverage."""

from datetime import date

import duckdb
import pytest

from etl import schema
from etl.progress import MethodConfig, classify, fill_progress, main

CUTOFF = date(2025, 12, 31)
TABLES = (
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
ROUNDS = [(1, "2018-12-19", "2022-05-20", False), (2, "2022-05-21", "2026-05-31", False), (3, "2026-06-01", None, True)]
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
]
# (reason_id, objective, level, geo, stream, round, code)
REASONS = [
    (1, 5, "country", "KEN", None, 2, "reporting_artefact"),
    (2, 5, "country", "KEN", "pledges", 2, "policy_or_legal_change"),
    (3, 5, "global", "GLOBAL", "gcm_talks", 2, "mechanism_launched_or_ended"),
    (4, 5, "country", "KEN", None, 1, "funding"),  # round 1 has no previous round: explains nothing
]
PLEDGE_T1, PLEDGE_T2 = 1085 / 365.25, 1321 / 365.25  # pledges start 2019-06-01 (first record); cut-off 2025-12-31


def build(db) -> None:
    """Create the tables from the schema, insert the tiny dataset above and run fill_progress."""
    for name in TABLES:
        db.execute(schema.ddl(schema.table(name)))
    db.executemany("INSERT INTO countries (iso3, name, subregion, is_un_member) VALUES (?, ?, ?, TRUE)", COUNTRIES)
    db.executemany("INSERT INTO commissions VALUES (?, ?, 1)", [(c, c) for c in sorted({m[0] for m in MEMBERS})])
    db.executemany("INSERT INTO commission_members VALUES (?, ?, 'member')", MEMBERS)
    db.executemany(
        "INSERT INTO review_rounds (round_id, name, window_start_date, window_end_date, is_open) "
        "VALUES (?, 'round', ?, ?, ?)",
        ROUNDS,
    )
    db.executemany(
        "INSERT INTO activities (activity_id, stream, record_id, title, activity_date, round_id, "
        "unit_count, is_global) VALUES (?, ?, ?, 'x', ?, ?, ?, ?)",
        [(a[0], a[1], a[0], *a[2:6]) for a in ACTIVITIES],
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
    # 5 streams x 23 objectives x 11 geographies (4 countries, 3 sub-regions, 3 commissions, GLOBAL) x 2 pairs
    assert con.execute("SELECT COUNT(*) FROM progress_cells").fetchall()[0][0] == 5 * 23 * 11 * 2
    assert con.execute("SELECT COUNT(*) FROM breadth_cells").fetchall()[0][0] == 5 * 23 * 7 * 2
    assert con.execute("SELECT COUNT(*) FROM share_cells").fetchall()[0][0] == 5 * 23 * 10 * 2
    assert con.execute("SELECT COUNT(*) FROM coverage").fetchall()[0][0] == 23 * 11 * 3
    assert con.sql("SELECT DISTINCT method_version FROM progress_cells").fetchall() == [("1.0",)]


def test_country_cell_counts_exposures_and_class(con):
    row = cell(con, "progress_cells", "pledges", 5, "country", "KEN")
    assert (row.n_from, row.n_to) == (1, 4)  # the undated pledge p5 is left out
    assert row.t_from == pytest.approx(PLEDGE_T1) and row.t_to == pytest.approx(PLEDGE_T2)
    assert (row.category, row.score, row.label, row.confidence) == ("substantial_progress", 5.0, None, "indicative")
    assert row.p_value == pytest.approx(classify(1, 4, PLEDGE_T1, PLEDGE_T2).p_value)


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
    assert (open_round.t_to, open_round.category) == (0.0, "not_assessable")


def test_new_mechanism_is_not_assessable(con):
    row = cell(con, "progress_cells", "gcm_talks", 5, "global", "GLOBAL")
    assert (row.n_from, row.n_to, row.t_from, row.category) == (0, 1, 0.0, "not_assessable")
    assert row.t_to == pytest.approx(1065 / 365.25)  # 2023-02-01 .. 2025-12-31


def test_composite_is_mean_of_classified_streams(con):
    row = cell(con, "progress_cells", "all", 5, "country", "KEN")
    sub = classify(3, 2, 1.0, 1.0).score
    assert (row.n_from, row.n_to, row.streams_assessed) == (4, 6, 2)
    assert row.score == pytest.approx((5.0 + sub) / 2)
    assert row.rate_ratio == pytest.approx(2 ** (row.score / 5))
    assert (row.category, row.confidence) == ("moderate_progress", "indicative")
    assert (row.substantial_progress_streams, row.moderate_regression_streams, row.stagnation_streams) == (1, 1, 0)
    assert row.t_from != row.t_from  # NULL exposure for the composite


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
            "--explain",
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
        "Pledges tagged objective 5 in Kenya (KEN): 1 in round 1 (over 2.97 years) and 4 in round 2 (over 3.62 years)."
    )
    assert "Class: substantial progress." in out and "Confidence: indicative." in out
    assert "Reasons recorded: 2." in out and "- enabler, policy or legal change" in out


@pytest.mark.parametrize("geo", ["Eastern Africa", "ECA", "Global"])
def test_cli_accepts_regions_and_global(db_file, capsys, geo):
    assert main(["--explain", "--db", str(db_file), "--objective", "5", "--geo", geo]) == 0
    assert "All streams tagged objective 5" in capsys.readouterr().out


def test_cli_exits_2_for_a_missing_cell(db_file, capsys):
    assert main(["--explain", "--db", str(db_file), "--objective", "5", "--geo", "PER"]) == 2
    assert "No progress cell" in capsys.readouterr().err
