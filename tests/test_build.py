"""The build: sources → tables, validation errors, atomic swap, reproducibility, personal data."""

import hashlib
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from etl import build, checksums, paths, schema
from etl.parsed_columns import Parsed, parse_column
from tests.conftest import FIXTURES, GOOD

WITH_PROBLEMS = {
    "pledges.csv": [
        'pledges.csv:3: objectives: [GCM-E604] "24" is not a GCM objective (1-23)',
        "pledges.csv:4: pledge_id: [GCM-E701] duplicate record (pledge_id='p-1'); the first is on line 2",
        'pledges.csv:5: countries: [GCM-E602] "Atlantis" is not a known country: give its ISO3 code or UN name; '
        "\"Kenyia\" is not a known country: give its ISO3 code or UN name (did you mean 'Kenya'?)",
        'pledges.csv:6: pledged_on: [GCM-E403] "2022-13-40" is not a valid date (month must be in 1..12)',
        'pledges.csv:7: entity_category: [GCM-E601] "Government" is not allowed: use one of '
        + ", ".join(schema.ENTITY_CATEGORIES),
        'pledges.csv:7: objectives: [GCM-E604] "Objective 25" is not a GCM objective (1-23)',
        'pledges.csv:7: pledged_on: [GCM-E405] "2031-01-01" is after the data cut-off (2025-12-31)',
        'pledges.csv:7: source_url: [GCM-E415] "javascript:alert(1)" is not a web address: write it as https://…',
        "pledges.csv:8: pledge_id: [GCM-E401] a value is required",
    ],
    "practices.csv": ['practices.csv:1: dates: [GCM-E303] the header cell "dates " has stray spaces: remove them'],
    "gcm_talks.csv": [
        'gcm_talks.csv:3: format: [GCM-E601] "webinar" is not allowed: use one of online, hybrid, in-person',
        'gcm_talks.csv:3: scope: [GCM-E601] "planet" is not allowed: use one of global, regional, national',
        'gcm_talks.csv:3: commissions: [GCM-E606] "UNESCO" is not a regional commission: use one of '
        "UNECE, ECA, ECLAC, ESCAP, ESCWA",
        'gcm_talks.csv:3: objectives: [GCM-E604] "0" is not a GCM objective (1-23)',
    ],
    "submissions.csv": [
        "submissions.csv:3: commission: [GCM-E701] duplicate record (commission='ECA', review_round='1', "
        "country='KEN', submitter_type='member_state', kind='voluntary_review'); the first is on line 2",
        'submissions.csv:4: review_round: [GCM-E607] "9" is not a review round: use one of 1, 2, 3',
        'submissions.csv:4: count: [GCM-E410] "-1" is negative: a count is a whole number >= 0',
        'submissions.csv:5: count: [GCM-E409] "2.5" is not a whole number: a count is a whole number >= 0',
    ],
    "reasons.csv": [
        'reasons.csv:2: geography: [GCM-E608] "Narnia" is not a geography: give an ISO3 code or country name, an M49 '
        "sub-region, a commission (UNECE, ECA, ECLAC, ESCAP, ESCWA) or Global",
        'reasons.csv:3: reason_code: [GCM-E601] "good_vibes" is not allowed: use one of '
        + ", ".join(schema.REASON_CODES),
    ],
}


@pytest.mark.parametrize("file_name", sorted(WITH_PROBLEMS))
def test_files_with_problems_are_refused_line_by_line(file_name, tmp_path, fixture_db, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(GOOD, raw)
    shutil.copy(FIXTURES / "with_problems" / file_name, raw / file_name)
    db = tmp_path / "kept.duckdb"
    shutil.copy(fixture_db, db)
    before = db.read_bytes()
    assert build.main(["--raw", str(raw), "--db", str(db)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[:-1] == WITH_PROBLEMS[file_name]
    assert lines[-1] == f"{len(WITH_PROBLEMS[file_name])} problem(s) found; nothing was written."
    assert db.read_bytes() == before


def test_check_writes_nothing(tmp_path):
    db = tmp_path / "never.duckdb"
    assert build.main(["--raw", str(GOOD), "--db", str(db), "--check"]) == 0
    assert not db.exists()


def test_a_build_failing_halfway_leaves_the_old_database_byte_identical(tmp_path, fixture_db, monkeypatch, capsys):
    db = tmp_path / "kept.duckdb"
    shutil.copy(fixture_db, db)
    before = db.read_bytes()

    def fail(*args):
        raise RuntimeError("disk full halfway")

    monkeypatch.setattr(build, "fill_progress", fail)
    assert build.main(["--raw", str(GOOD), "--db", str(db)]) == 1
    assert "RuntimeError: disk full halfway" in capsys.readouterr().err
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".kept.duckdb.lock", "kept.duckdb"]  # no temporary
    # The next build succeeds, even over the stale temporary file a killed build would leave.
    monkeypatch.undo()
    (tmp_path / ".kept.duckdb.99999.tmp").write_bytes(b"half-written garbage")
    assert build.main(["--raw", str(GOOD), "--db", str(db)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".kept.duckdb.lock", "kept.duckdb"]  # no temporary


def export_all(db: Path) -> dict[str, bytes]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t.name: con.execute(f"SELECT * FROM {t.name} ORDER BY ALL").df().to_csv(index=False).encode()
            for t in schema.TABLES
        }
    finally:
        con.close()


@pytest.mark.slow  # whole builds (2-4 s): the full suite runs it, the fast loop does not
def test_two_builds_give_identical_exports_of_every_table(tmp_path, fixture_db):
    again = tmp_path / "again.duckdb"
    assert build.main(["--raw", str(GOOD), "--db", str(again)]) == 0
    assert export_all(again) == export_all(fixture_db)


def test_tables_match_the_schema(fixture_con):
    for tbl in schema.TABLES:
        columns = fixture_con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [tbl.name],
        ).fetchall()
        assert [c for (c,) in columns] == tbl.column_names, tbl.name


def test_build_info_and_sources(fixture_con):
    info = fixture_con.execute("SELECT dataset, is_synthetic, data_cutoff::VARCHAR FROM build_info").fetchall()
    assert info == [("fixture", False, "2025-12-31")]
    files = {r[0] for r in fixture_con.execute("SELECT source_id FROM sources").fetchall()}
    assert {"dataset", "pledges.csv", "practices.csv", "manifest.yml", "reference/objectives.csv"} <= files


def test_activities_place_records_in_rounds(fixture_con):
    rows = dict(fixture_con.execute("SELECT activity_id, round_id FROM activities").fetchall())
    assert rows["pledges:fixture-kenya-1"] == 1  # 2021-12-15
    assert rows["pledges:fixture-kenya-2"] == 1  # 2022-03, placed at mid-month
    assert rows["pledges:fixture-tur-1"] == 2  # 2024, placed mid-year
    assert rows["pledges:un-system-pledge"] is None  # undated: listed, never in a round
    assert rows["practices:undp-five-pillar-approach-engage-diasporas-local-development"] is None  # starts 2015
    assert rows["practices:fixture-kenya-practice"] == 2
    # A submission count that names no objective has no objective row (it counts in objective 0 only, METHOD.md
    # 1.1); one that names two counts for those two.
    per_submission = dict(
        fixture_con.execute(
            "SELECT a.record_id, count(*) FROM activity_objectives o JOIN activities a USING (activity_id) "
            "WHERE a.stream = 'submissions' GROUP BY ALL"
        ).fetchall()
    )
    assert sorted(per_submission.values()) == [2]


def test_commissions_named_by_a_record_win_over_its_countries(fixture_con):
    def commissions(activity_id):
        return sorted(
            c
            for (c,) in fixture_con.execute(
                "SELECT commission_id FROM activity_commissions WHERE activity_id = ?", [activity_id]
            ).fetchall()
        )

    assert commissions("gcm_talks:2024-03-15-southern-africa") == ["ECA"]
    assert commissions("pledges:fixture-tur-1") == ["ECLAC", "ESCAP", "UNECE"]  # Türkiye sits in all three
    assert commissions("pledges:2250") == ["ECLAC", "UNECE"]  # Portugal sits in both


def test_a_missing_manifest_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "pledges.csv").write_text("pledge_id,title\n")
    assert build.main(["--raw", str(tmp_path), "--db", str(tmp_path / "x.duckdb")]) == 1
    assert "manifest.yml: [GCM-E101] missing in" in capsys.readouterr().err


def test_an_absent_file_leaves_its_stream_empty(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(GOOD, raw)
    (raw / "gcm_talks.csv").unlink()
    db = tmp_path / "x.duckdb"
    assert build.main(["--raw", str(raw), "--db", str(db)]) == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM gcm_talks").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM pledges").fetchone() == (8,)


CONTACT_VALUES = [
    "Maria Exemplo",
    "maria.exemplo@example.org",
    "+351 21 000 0000",
    "192.0.2.44",
    "Head of Unit",
    "jean.exemple@example.org",
    "198.51.100.7",
    "Awa Exemple",
    "+220 000 0000",
]


@pytest.mark.slow  # whole builds (2-4 s): the full suite runs it, the fast loop does not
def test_webform_export_builds_without_any_contact_data(tmp_path):
    db = tmp_path / "webform.duckdb"
    assert build.main(["--raw", str(FIXTURES / "webform"), "--db", str(db)]) == 0
    con = duckdb.connect(str(db), read_only=True)
    pledged = con.execute(
        "SELECT pledge_id, entity_category, pledge_type, pledged_date::VARCHAR, is_global "
        "FROM pledges ORDER BY pledge_id"
    ).fetchall()
    assert pledged == [
        ("2246", "Other international organization", "common", "2022-06-02", True),
        ("2250", "State", "individual", "2022-07-07", True),
        ("2325", "Academia", "individual", "2022-09-24", True),
    ]
    assert con.execute("SELECT pledge_id, objective_id FROM pledge_objectives ORDER BY ALL").fetchall() == [
        ("2246", 13),
        ("2250", 1),
        ("2250", 2),
        ("2325", 2),
        ("2325", 5),
    ]
    for tbl in schema.TABLES:
        text = con.execute(f"SELECT * FROM {tbl.name}").df().to_csv(index=False)
        for value in CONTACT_VALUES:
            assert value not in text, (tbl.name, value)


def test_no_table_has_a_column_named_like_contact_data():
    for tbl in schema.TABLES:
        for name in tbl.column_names:
            assert not any(word in name for word in ("email", "phone", "contact", "ip_address")), name


def test_public_dataset_builds_and_keeps_every_source_url(tmp_path):
    db = tmp_path / "public.duckdb"
    assert build.main(["--dataset", "public", "--db", str(db)]) == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT is_synthetic FROM build_info").fetchone() == (False,)
    for table_name in ("pledges", "practices", "gcm_talks", "submissions", "review_meetings"):
        missing = con.execute(f"SELECT count(*) FROM {table_name} WHERE source_url IS NULL").fetchone()[0]
        assert missing == 0, table_name
    cited = {u for (u,) in con.execute("SELECT source_url FROM record_sources").fetchall()}
    raw_urls = set()
    for csv_file in (paths.raw_dir("public")).glob("*.csv"):
        frame = pd.read_csv(csv_file, dtype=str, keep_default_na=False)
        raw_urls |= {u.strip() for cell in frame["source_url"] for u in cell.split(";") if u.strip()}
    assert raw_urls == cited


def test_participant_counts_stay_out_of_activities(fixture_con):
    kinds = dict(fixture_con.execute("SELECT kind, count(*) FROM submissions GROUP BY kind").fetchall())
    assert kinds["consultation_participant"] == 1
    counted = fixture_con.execute(
        "SELECT count(*) FROM activities a JOIN submissions s ON a.record_id = s.submission_id::VARCHAR "
        "WHERE a.stream = 'submissions' AND s.kind = 'consultation_participant'"
    ).fetchall()[0][0]
    assert counted == 0


def test_every_member_state_sub_region_and_commission_has_cells(fixture_con):
    levels = dict(
        fixture_con.execute(
            "SELECT geo_level, count(DISTINCT geo_id) FROM progress_cells GROUP BY geo_level"
        ).fetchall()
    )
    members = fixture_con.execute("SELECT count(*) FROM countries WHERE is_un_member").fetchall()[0][0]
    assert levels["country"] >= members == 193
    assert levels["commission"] == 5 and levels["global"] == 1
    assert levels["subregion"] >= 17


def test_every_foreign_key_of_every_table_resolves(fixture_con):
    for tbl in schema.TABLES:
        for column, ref_table, ref_column in tbl.foreign_keys:
            orphans = fixture_con.execute(
                f"SELECT count(*) FROM {tbl.name} t WHERE t.{column} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {ref_table} r WHERE r.{ref_column} = t.{column})"
            ).fetchall()[0][0]
            assert orphans == 0, f"{tbl.name}.{column} → {ref_table}.{ref_column}"


def test_derived_keys_are_unique(fixture_con):
    for tbl in (t for t in schema.TABLES if t.group == "derived"):
        key = ", ".join(tbl.primary_key)
        repeated = fixture_con.execute(
            f"SELECT count(*) FROM (SELECT {key} FROM {tbl.name} GROUP BY ALL HAVING count(*) > 1)"
        ).fetchall()[0][0]
        assert repeated == 0, tbl.name


def test_a_changed_file_gets_a_new_checksum(tmp_path):
    # Checksums are kept per file version (the build asks for each input's three times); a rewrite is seen.
    path = tmp_path / "pledges.csv"
    path.write_text("pledge_id\nA\n", encoding="utf-8")
    first = checksums.sha256(path)
    path.write_text("pledge_id\nB\n", encoding="utf-8")
    assert checksums.sha256(path) != first
    assert checksums.sha256(path) == hashlib.sha256(b"pledge_id\nB\n").hexdigest()


@pytest.mark.parametrize(
    "cells",
    [
        ["https://a.example/1", "", " https://b.example/2 ", "https://a.example/1"],
        [
            "https://a.example/1; https://b.example/2",
            "",
            "https://c.example/3;https://c.example/3",
            "https://d.example",
        ],
    ],
)
def test_url_columns_read_the_same_with_or_without_the_one_address_shortcut(cells):
    codes, text, _, _ = parse_column("urls", None, pd.Series(cells))
    fast = Parsed(np.arange(len(cells)), {"source_url": codes}, {"source_url": text})
    split = Parsed(np.arange(len(cells)), {"source_url": codes}, {"source_url": text}, {"source_url": False})
    for got, want in zip(fast.url_pairs(), split.url_pairs()):
        assert list(got) == list(want)
    assert list(fast.first_url()) == list(split.first_url())
