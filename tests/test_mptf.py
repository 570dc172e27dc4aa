"""The MPTF joint-programme stream through the real build: budgets, bad input, placement, geography and funding."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from etl import build
from etl.paths import raw_dir
from etl.published_context import published_context
from etl.schema import IMPORT_FILES_BY_NAME
from tests.conftest import GOOD

FILE = "mptf_programmes.csv"
COLUMNS = IMPORT_FILES_BY_NAME[FILE].field_names
URL = "https://migrationnetwork.un.org/projects/example"


def programme(programme_id: str, **cells: str) -> dict[str, str]:
    return {"programme_id": programme_id, "title": f"Joint programme {programme_id}", "source_url": URL} | cells


def build_with(tmp_path: Path, rows: list[dict[str, str]], capsys) -> tuple[int, list[str], Path]:
    """The good fixture plus an mptf_programmes.csv of these rows, built by etl.build as a user would."""
    raw = tmp_path / "raw"
    shutil.copytree(GOOD, raw)
    with (raw / FILE).open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    db = tmp_path / "built.duckdb"
    code = build.main(["--raw", str(raw), "--db", str(db)])
    err = capsys.readouterr().err.splitlines()
    assert not any("Traceback" in line for line in err)
    return code, err, db


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_a_grouped_budget_is_read_as_digits(tmp_path, capsys):
    code, err, db = build_with(
        tmp_path, [programme("JP-1", countries="KEN", start_date="2021-03", budget_usd="1,200,000")], capsys
    )
    assert code == 0, err
    assert query(db, "SELECT budget_usd FROM mptf_programmes") == [(1200000.0,)]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            {"budget_usd": "USD 2.35m"},
            'mptf_programmes.csv:3: budget_usd: [GCM-E412] "USD 2.35m" is not an amount in US dollars: write digits '
            "only, "
            "without a currency or a unit (e.g. 2350000 for USD 2.35 million; thousands may be grouped in threes: "
            "2,350,000)",
        ),
        (
            {"thematic_area": "7"},
            'mptf_programmes.csv:3: thematic_area: [GCM-E609] "7" is not a Migration MPTF thematic area: give its '
            "number 1-5 "
            "(mptf_areas)",
        ),
        (
            {"approved_on": "2026-03-01"},
            'mptf_programmes.csv:3: approved_on: [GCM-E405] "2026-03-01" is after the data cut-off (2025-12-31)',
        ),
    ],
)
def test_bad_cells_are_errors_with_file_and_line(tmp_path, capsys, cells, message):
    rows = [programme("JP-ok", start_date="2021-03"), programme("JP-bad", start_date="2021-03", **cells)]
    code, err, db = build_with(tmp_path, rows, capsys)
    assert code == 1
    assert message in err
    assert not db.exists()


def test_without_approval_a_programme_is_placed_by_its_start(tmp_path, capsys):
    rows = [
        programme("JP-start", approved_on="", start_date="2023-02-10"),
        programme("JP-approved", approved_on="2020-10-19", start_date="2023-02-10"),
    ]
    code, err, db = build_with(tmp_path, rows, capsys)
    assert code == 0, err
    placed = query(
        db, "SELECT record_id, activity_date, round_id FROM activities WHERE stream = 'mptf_programmes' ORDER BY 1"
    )
    assert [(record, str(day), round_id) for record, day, round_id in placed] == [
        ("JP-approved", "2020-10-19", 1),
        ("JP-start", "2023-02-10", 2),
    ]


def test_a_multi_country_programme_counts_once_per_country_and_once_in_its_subregion(tmp_path, capsys):
    # Kenya and Uganda are both in Eastern Africa; Ghana is in Western Africa.
    rows = [programme("JP-multi", countries="KEN;UGA;GHA", objectives="2;5", start_date="2021-06")]
    code, err, db = build_with(tmp_path, rows, capsys)
    assert code == 0, err
    cells = query(
        db,
        """SELECT DISTINCT geo_level, geo_id, n_from FROM progress_cells
        WHERE stream = 'mptf_programmes' AND objective_id = 0 AND round_from = 1 AND n_from > 0
          AND geo_level IN ('country', 'subregion')
        ORDER BY 1, 2""",
    )
    assert cells == [
        ("country", "GHA", 1),
        ("country", "KEN", 1),
        ("country", "UGA", 1),
        ("subregion", "Eastern Africa", 1),
        ("subregion", "Western Africa", 1),
    ]


def test_funding_cells_sum_budgets_in_full_and_take_each_programme_once_in_objective_0(tmp_path, capsys):
    rows = [
        programme("JP-a", countries="KEN;UGA", objectives="2;5", start_date="2021-06", budget_usd="2000000"),
        programme("JP-b", countries="KEN", objectives="5", start_date="2021-07", budget_usd="1500000"),
        programme("JP-c", countries="KEN", objectives="5", start_date="2021-08"),
    ]
    code, err, db = build_with(tmp_path, rows, capsys)
    assert code == 0, err

    def funding(objective: int, level: str, geo: str) -> tuple:
        return query(
            db,
            """SELECT records, records_with_amount, amount_usd FROM funding_cells
            WHERE stream = 'mptf_programmes' AND objective_id = ? AND geo_level = ? AND geo_id = ? AND round_id = 1""",
            [objective, level, geo],
        )[0]

    # Full counting: JP-a's 2 million counts in objective 2 and in objective 5, in Kenya and in Uganda.
    assert funding(2, "country", "UGA") == (1, 1, 2000000.0)
    assert funding(5, "country", "KEN") == (3, 2, 3500000.0)
    # Objective 0 takes each programme once, however many objectives and countries it has.
    assert funding(0, "subregion", "Eastern Africa") == (3, 2, 3500000.0)
    assert funding(0, "global", "GLOBAL") == (3, 2, 3500000.0)


@pytest.fixture(scope="module")
def public_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("public") / "public.duckdb"
    assert build.main(["--raw", str(raw_dir("public")), "--db", str(db)]) == 0
    return db


def test_the_public_build_holds_the_twelve_programmes_with_their_sources(public_db):
    programmes = query(public_db, "SELECT programme_id, source_url FROM mptf_programmes ORDER BY 1")
    assert len(programmes) == 12
    assert all(url.startswith("https://") or url.startswith("http://") for _, url in programmes)
    # Every source of a merged programme is kept: the Philippines BRIDGE programme was described by three pages.
    sources = query(
        public_db,
        "SELECT count(*) FROM record_sources WHERE stream = 'mptf_programmes' AND record_id = 'JP-PHL-BRIDGE'",
    )
    assert sources == [(3,)]
    # No source states a thematic area or an approval date: none is invented.
    assert query(public_db, "SELECT count(thematic_area_id), count(approved_date) FROM mptf_programmes") == [(0, 0)]


def test_published_context_pairs_records_with_whole_stream_totals(public_db):
    with duckdb.connect(str(public_db), read_only=True) as con:
        context = published_context(con)
    first = context.groupby("stream").first()
    assert first.loc["mptf_programmes", ["records", "published_count"]].tolist() == [12, 24]
    assert first.loc["pledges", "published_count"] == 214
    assert context["source_url"].str.startswith("http").all()
    # Only figures that count a stream's records as a whole are paired (never "25 Member States that pledged").
    assert set(context["published_count"]) <= {214, 200, 24, 21}
