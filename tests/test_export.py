"""The extract CLI: same bytes as the page's CSV download, exact filtered rows, exit 2 on bad arguments."""

import io
import os
import random
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl import export
from etl.csv_writer import csv_bytes, write_csv
from etl.export import EXTRACT_COLUMNS, extract_pages, extract_rows, main, parse_rounds
from etl.file_names import extract_name_parts

ROOT = Path(__file__).resolve().parent.parent
KEYS = ["stream", "record_id", "objective_id", "iso3"]


def _keys(frame: pd.DataFrame) -> list[tuple]:
    return [
        (s, r, None if pd.isna(o) else int(o), None if pd.isna(c) else c)
        for s, r, o, c in frame[KEYS].itertuples(index=False)
    ]


def test_cli_writes_the_page_bytes(db_path, con, tmp_path):
    out = tmp_path / "x.csv"
    args = [
        "--db",
        str(db_path),
        "--stream",
        "pledges",
        "--objective",
        "5",
        "--country",
        "KEN",
        "--rounds",
        "1:2",
        "--out",
        str(out),
    ]
    done = subprocess.run(
        [sys.executable, "-m", "etl.export", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert "Wrote 2 rows" in done.stdout
    expected = csv_bytes(extract_rows(con, stream="pledges", objectives=[5], countries=["KEN"], rounds=[1, 2]))
    assert (
        out.read_bytes()
        == expected
        == (
            b"stream,record_id,title,activity_date,round_id,objective_id,objective_title,iso3,country_name,unit_count,"
            b"is_global,source_url,pledging_entity,entity_category,status,deadline_date,freshness,overdue\n"
            b"pledges,fixture-kenya-1,Kenya labour mobility pledge,2021-12-15,1,5,Regular pathways,KEN,Kenya,1,false,"
            b"https://example.org/fixture/pledges/1,Kenya,State,in_progress,2026-01-01,never,false\n"
            b"pledges,fixture-kenya-2,Kenya return and reintegration pledge,2022-03-16,1,5,Regular pathways,KEN,"
            b"Kenya,1,false,https://example.org/fixture/pledges/2,Kenya,State,not_stated,,never,false\n"
        )
    )


def test_cli_unfiltered_equals_csv_bytes(db_path, con, tmp_path):
    out = tmp_path / "all.csv"
    assert main(["--db", str(db_path), "--out", str(out)]) == 0
    rows = extract_rows(con)
    assert out.read_bytes() == csv_bytes(rows)
    assert list(rows.columns) == list(EXTRACT_COLUMNS)
    # Every activity is there, those without objectives or countries on one row with the cell empty.
    assert set(rows["stream"] + ":" + rows["record_id"]) == {
        r[0] for r in con.execute("SELECT activity_id FROM activities").fetchall()
    }
    assert _keys(rows) == sorted(_keys(rows), key=lambda k: (k[0], k[1], k[2] or 99, k[3] or "~"))


def test_chunked_writing_equals_csv_bytes(con):
    rows = extract_rows(con)
    out = io.BytesIO()
    count, _ = write_csv(out, EXTRACT_COLUMNS, (rows.iloc[i : i + 7] for i in range(0, len(rows), 7)))
    assert count == len(rows) and out.getvalue() == csv_bytes(rows)


@pytest.mark.parametrize(
    "filters",
    [{}, {"stream": "pledges"}, {"objectives": [5, 13]}, {"countries": ["KEN", "TUR"], "rounds": [1, 2]}],
)
@pytest.mark.parametrize("semi_join_rows", [export.SEMI_JOIN_ROWS, 0])
def test_pages_give_the_same_bytes(con, monkeypatch, filters, semi_join_rows):
    # Pages of two activities, read as Arrow tables, against the one DataFrame of the page: same CSV bytes,
    # whether a filter is applied while paging (narrow) or only inside each page (broad).
    monkeypatch.setattr(export, "SEMI_JOIN_ROWS", semi_join_rows)
    out = io.BytesIO()
    count, _ = write_csv(out, EXTRACT_COLUMNS, extract_pages(con, page_size=2, **filters))
    rows = extract_rows(con, **filters)
    assert count == len(rows) > 0 and out.getvalue() == csv_bytes(rows)


@pytest.mark.parametrize(
    "filters",
    [{}, {"stream": "pledges"}, {"objectives": [5, 13]}, {"countries": ["KEN", "TUR"], "rounds": [1, 2]}],
)
@pytest.mark.parametrize("semi_join_rows", [export.SEMI_JOIN_ROWS, 0])
def test_first_rows_and_count_agree_with_the_whole_extract(con, monkeypatch, filters, semi_join_rows):
    # What the Extracts page shows (the first rows, the total) is the head and length of what it downloads, also
    # when a broad filter is applied only inside each page and a page of activities may give no row.
    monkeypatch.setattr(export, "SEMI_JOIN_ROWS", semi_join_rows)
    rows = extract_rows(con, **filters)
    assert export.extract_row_count(con, **filters) == len(rows) > 3
    for limit in (1, 3, len(rows), len(rows) + 5):
        assert csv_bytes(extract_rows(con, limit=limit, **filters)) == csv_bytes(rows.head(limit))
    assert extract_rows(con, limit=5, stream="gcm_talks", countries=["XXY"]).empty


def test_concatenated_frames(con):
    # pd.concat leaves Arrow-backed text columns in several chunks.
    rows = extract_rows(con)
    joined = pd.concat([rows.iloc[:50], rows.iloc[50:]], ignore_index=True)
    assert csv_bytes(joined) == csv_bytes(rows)


def test_floats_are_written_as_repr():
    rng = random.Random(42)
    values = [rng.uniform(-1e6, 1e6) for _ in range(200)] + [
        0.1 + 0.2,
        1e-7,
        1e20,
        -0.0,
        5e-324,
        1.7976931348623157e308,
    ]
    text = csv_bytes(pd.DataFrame({"x": values})).decode().splitlines()[1:]
    assert text == [repr(v) for v in values]


def test_object_columns_write_the_same_in_any_chunking():
    frame = pd.DataFrame({"mixed": [1, "=x", -2.5, None, True], "n": [1, 2, 3, 4, 5]})
    out = io.BytesIO()
    write_csv(out, ["mixed", "n"], (frame.iloc[i : i + 1] for i in range(len(frame))))
    assert out.getvalue() == csv_bytes(frame) == b"mixed,n\n1,1\n'=x,2\n-2.5,3\n,4\ntrue,5\n"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            {"stream": "pledges", "objectives": [5], "countries": ["KEN"]},
            [("pledges", "fixture-kenya-1", 5, "KEN"), ("pledges", "fixture-kenya-2", 5, "KEN")],
        ),
        # A round filter keeps the records that state no date (empty round): they belong to the view, not to a round.
        (
            {"stream": "pledges", "rounds": [1]},
            [
                ("pledges", "fixture-kenya-1", 5, "KEN"),
                ("pledges", "fixture-kenya-1", 6, "KEN"),
                ("pledges", "fixture-kenya-2", 5, "KEN"),
                ("pledges", "fixture-kenya-2", 21, "KEN"),
                ("pledges", "un-system-pledge", None, None),
            ],
        ),
        # Submission counts that name no objective are no evidence about objective 13 (METHOD.md 1.1): they count
        # in objective 0 only, so an objective filter leaves them out.
        (
            {"objectives": [13]},
            [
                ("gcm_talks", "2024-03-15-southern-africa", 13, "ZAF"),
                ("pledges", "2246", 13, "USA"),
                ("pledges", "2325", 13, "GMB"),
            ],
        ),
        # Only the rows of the chosen country: the pledge's Moldova row is left out.
        (
            {"countries": ["tur"], "objectives": [1]},
            [("pledges", "fixture-tur-1", 1, "TUR")],
        ),
        (
            {"countries": ["KEN"], "objectives": [5], "rounds": [1, 2]},
            [
                ("pledges", "fixture-kenya-1", 5, "KEN"),
                ("pledges", "fixture-kenya-2", 5, "KEN"),
                ("practices", "fixture-kenya-practice", 5, "KEN"),
            ],
        ),
        (
            {"stream": "practices", "objectives": [19]},
            [("practices", "undp-five-pillar-approach-engage-diasporas-local-development", 19, None)],
        ),
        ({"stream": "gcm_talks", "rounds": [1]}, []),
    ],
)
def test_filters(con, filters, expected):
    assert _keys(extract_rows(con, **filters)) == expected


def test_undated_activities_are_kept_with_an_empty_round_under_any_round_filter(con):
    """A record that states no date never vanishes silently from an extract (issue: undated records)."""
    for rounds in (None, [1, 2, 3], [2]):
        rows = extract_rows(con, stream="pledges", rounds=rounds)
        undated = rows[rows["record_id"] == "un-system-pledge"]
        assert len(undated) == 1 and undated["round_id"].isna().all(), rounds


def test_default_file_name(db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert (
        main(["--db", str(db_path), "--stream", "pledges", "--objective", "5", "--country", "KEN", "--rounds", "1:2"])
        == 0
    )
    assert (tmp_path / "gcm-fixture_activities_pledges_obj5_KEN_r1-2.csv").exists()
    assert "Wrote 2 rows" in capsys.readouterr().out


def test_name_parts_and_rounds():
    assert extract_name_parts("pledges", [5], ["ken"], [1, 2]) == ["activities", "pledges", "obj5", "KEN", "r1-2"]
    assert extract_name_parts(None, [7, 5], ["UGA", "KEN"], [2]) == [
        "activities",
        "all",
        "obj5-7",
        "KEN",
        "UGA",
        "r2-2",
    ]
    assert parse_rounds("1:3") == [1, 2, 3] and parse_rounds("2") == [2]


@pytest.mark.parametrize(
    "args",
    [
        ["--stream", "tweets"],
        ["--objective", "24"],
        ["--objective", "0"],
        ["--objective", "five"],
        ["--country", "XXX"],
        ["--rounds", "2:1"],
        ["--rounds", "one"],
        ["--rounds", "9"],
        ["--dataset", "demo"],
    ],
)
def test_bad_arguments_exit_2(db_path, tmp_path, capsys, args):
    out = tmp_path / "x.csv"
    try:
        code = main(["--db", str(db_path), "--out", str(out), *args])
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    assert code == 2
    assert "error" in capsys.readouterr().err
    assert not out.exists()


def test_missing_database_exits_2(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "x.csv")]) == 2
    assert "python -m etl.build" in capsys.readouterr().err


def test_unknown_stream_in_the_query_function(con):
    with pytest.raises(ValueError, match="unknown stream"):
        extract_rows(con, stream="tweets")


@pytest.mark.parametrize(
    ("page_geos", "cli_args"),
    [
        (("KEN",), ["--country", "KEN"]),
        (("Eastern Africa", "ECA"), ["--subregion", "Eastern Africa", "--commission", "ECA"]),
    ],
)
def test_the_extracts_page_and_the_cli_write_the_same_bytes(fixture_db, tmp_path, page_geos, cli_args):
    from dashboard import downloads, queries

    con = duckdb.connect(str(fixture_db), read_only=True)
    page_rows = queries.extract(con, stream="all", objectives=(5,), geos=page_geos, rounds=(1, 2))
    out = tmp_path / "cli.csv"
    assert main(["--db", str(fixture_db), "--objective", "5", "--rounds", "1:2", "--out", str(out), *cli_args]) == 0
    assert len(page_rows) > 0
    assert out.read_bytes() == downloads.csv_bytes(page_rows)


def test_one_row_per_record_holds_the_same_records_as_the_long_extract(con):
    from etl.export_records import RECORD_COLUMNS, record_count, record_rows

    for filters in ({}, {"stream": "pledges", "objectives": [5]}, {"countries": ["KEN"], "rounds": [1, 2]}):
        long = extract_rows(con, **filters)
        records = record_rows(con, **filters)
        assert list(records.columns) == list(RECORD_COLUMNS)
        assert len(records) == record_count(con, **filters) == len(long.drop_duplicates(["stream", "record_id"]))
        assert set(zip(records["stream"], records["record_id"])) == set(zip(long["stream"], long["record_id"]))
    kenya = record_rows(con, stream="pledges")
    row = kenya[kenya["record_id"] == "fixture-kenya-1"].iloc[0]
    assert (row["objective_ids"], row["iso3"]) == ("5;6", "KEN")  # lists joined by ";" in order
