"""The bad-input corpus (tests/fixtures/bad): each case gives a clear, line-numbered message or is accepted."""

import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import build, paths, schema
from etl.sources import pledges
from etl.validate import Context, RawFile, parse_import, read_csv_file
from tests.conftest import FIXTURES, GOOD

BAD = FIXTURES / "bad"
HEADER = (
    "pledge_id,title,pledging_entity,entity_category,pledge_type,matched_pledge_id,countries,objectives,"
    "guiding_principles,pledged_on,last_updated,deadline,status,source_url"
)

# case → (exit code, the exact problem lines printed, in order); exit 0 means accepted as documented.
CASES = {
    "latin1": (
        1,
        [
            "pledges.csv:3: [GCM-E204] byte 0xF4 is not UTF-8 (the file looks like Latin-1 or Windows-1252): save "
            "it as UTF-8"
        ],
    ),
    "utf16": (
        1,
        ["pledges.csv:1: [GCM-E202] the file is UTF-16: save it as UTF-8 (CSV UTF-8 in spreadsheet programs)"],
    ),
    "empty": (1, ["pledges.csv: [GCM-E201] the file is empty: give at least the header row"]),
    "nul_byte": (1, ["pledges.csv:3: [GCM-E203] the file holds a NUL byte: it is not a text CSV file"]),
    "missing_column": (1, ["pledges.csv:1: title: [GCM-E304] required column is missing"]),
    "duplicate_ids": (
        1,
        ["pledges.csv:4: pledge_id: [GCM-E701] duplicate record (pledge_id='b-1'); the first is on line 2"],
    ),
    # Keys compared by meaning: case, invisible characters (U+200B, U+00AD), spacing, KEN = Kenya, 5;6 = 6;5,
    # 2024-3-11 = 2024-03-11, "Objective 5" = 5, Pledges = pledges. Lines 4 (submissions) and 4 (meetings) differ.
    "duplicates_by_meaning": (
        1,
        [
            "pledges.csv:3: pledge_id: [GCM-E701] duplicate record (pledge_id='B-1\\u200b'); the first is on line 2",
            "pledges.csv:5: pledge_id: [GCM-E701] duplicate record (pledge_id='b-2'); the first is on line 4",
            "submissions.csv:3: commission: [GCM-E701] duplicate record (commission='eca', review_round='1', "
            "country='Kenya', submitter_type='member_state', kind='voluntary_review', objectives='6;5'); the first "
            "is on line 2",
            "review_meetings.csv:3: commission: [GCM-E701] duplicate record (commission='UNECE', review_round='2', "
            "event='intergovernmental  conference\\u200b', start_date='2024-3-11'); the first is on line 2",
            "reasons.csv:3: objective: [GCM-E701] duplicate record (objective='Objective 5', geography='Kenya', "
            "stream='Pledges', review_round='2', reason_code='policy_or_legal_change'); the first is on line 2",
        ],
    ),
    "grouped_counts": (  # lines 6-8 hold 1,234, 1 234 567 and 2147483647: accepted
        1,
        [
            'submissions.csv:2: count: [GCM-E409] "1,5" is not a whole number: write digits only (e.g. 1500) or '
            "separate thousands in groups of three (1,500)",
            'submissions.csv:3: count: [GCM-E409] "12,34" is not a whole number: write digits only (e.g. 1500) or '
            "separate thousands in groups of three (1,500)",
            'submissions.csv:4: count: [GCM-E409] ",,7,," is not a whole number: write digits only (e.g. 1500) or '
            "separate thousands in groups of three (1,500)",
            'submissions.csv:5: count: [GCM-E411] "3000000000" is too large: a count is at most 2,147,483,647',
        ],
    ),
    "long_urls": (  # line 4's address has 1,990 characters: accepted
        1,
        [
            "pledges.csv:2: source_url: [GCM-E414] a web address is 2,120 characters long; the limit is 2,000",
            "pledges.csv:3: source_url: [GCM-E414] a web address is 2,120 characters long; the limit is 2,000",
        ],
    ),
    "objectives_out_of_range": (
        1,
        [
            'pledges.csv:2: objectives: [GCM-E604] "0" is not a GCM objective (1-23)',
            'pledges.csv:3: objectives: [GCM-E604] "24" is not a GCM objective (1-23)',
            'pledges.csv:4: objectives: [GCM-E604] "Objective 25" is not a GCM objective (1-23)',
        ],
    ),
    "unknown_countries": (
        1,
        [
            'pledges.csv:2: countries: [GCM-E602] "Atlantis" is not a known country: give its ISO3 code or UN name',
            'pledges.csv:3: countries: [GCM-E603] "Korea" is ambiguous: write Republic of Korea (KOR) or '
            "Democratic People's Republic of Korea (PRK)",
            'pledges.csv:4: countries: [GCM-E602] "Kenyia" is not a known country: give its ISO3 code or UN name '
            "(did you mean 'Kenya'?)",
        ],
    ),
    "bad_dates": (
        1,
        [
            'pledges.csv:2: pledged_on: [GCM-E403] "2022-02-30" is not a valid date (day is out of range for month)',
            'pledges.csv:3: pledged_on: [GCM-E404] "2017-05-01" is before the GCM was adopted (2018-12-19)',
            'pledges.csv:4: pledged_on: [GCM-E405] "2031-01-01" is after the data cut-off (2025-12-31)',
            'pledges.csv:5: pledged_on: [GCM-E402] "10/01/2022" is not a date: write YYYY-MM-DD, YYYY-MM or YYYY',
        ],
    ),
    "bad_counts": (
        1,
        [
            'submissions.csv:2: count: [GCM-E410] "-3" is negative: a count is a whole number >= 0',
            'submissions.csv:3: count: [GCM-E409] "1.5" is not a whole number: a count is a whole number >= 0',
            'submissions.csv:4: count: [GCM-E409] "three" is not a whole number: a count is a whole number >= 0',
        ],
    ),
    "unbalanced_quotes": (
        1,
        [
            "pledges.csv:3: [GCM-E205] the CSV is malformed from here (unexpected end of data): check for an "
            "unbalanced quote"
        ],
    ),
    "ragged_and_blank_lines": (
        1,
        [
            "pledges.csv:4: [GCM-E207] the row has 2 cells but the header has 14",
            'pledges.csv:5: objectives: [GCM-E604] "99" is not a GCM objective (1-23)',  # the record spans lines 5-6
            'pledges.csv:7: objectives: [GCM-E604] "0" is not a GCM objective (1-23)',
        ],
    ),
    "bom": (0, []),
    "crlf": (0, []),
    "header_only": (0, []),
    "formula_titles": (0, []),  # stored as text; every CSV download neutralises them (tests/test_downloads.py)
    # A look-alike of an import file is never skipped in silence: the stream would vanish with exit 0.
    "misnamed_file": (
        1,
        ["pledge.csv: [GCM-E114] looks like an import file but is not read: save it as pledges.csv (CSV UTF-8)"],
    ),
}


def run_case(raw: Path, db: Path, capsys, check_only: bool = False) -> tuple[int, list[str]]:
    code = build.main(["--raw", str(raw), "--db", str(db)] + (["--check"] if check_only else []))
    err = capsys.readouterr().err.splitlines()
    assert not any("Traceback" in line for line in err)
    return code, err


@pytest.fixture()
def dataset(tmp_path, fixture_db):
    """A copy of the good fixture folder, and a copy of its built database to prove nothing is overwritten."""
    raw = tmp_path / "raw"
    shutil.copytree(GOOD, raw)
    db = tmp_path / "kept.duckdb"
    shutil.copy(fixture_db, db)
    return raw, db


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_corpus(case, dataset, capsys):
    raw, db = dataset
    for file in (BAD / case).iterdir():
        shutil.copy(file, raw / file.name)
    before = db.read_bytes()
    expected_code, expected_lines = CASES[case]
    # An accepted case is only checked here (its full build is the same as the good fixture's).
    code, err = run_case(raw, db, capsys, check_only=expected_code == 0)
    assert code == expected_code
    if expected_code:
        assert err == expected_lines + [f"{len(expected_lines)} problem(s) found; nothing was written."]
        assert db.read_bytes() == before
        assert not (db.parent / (db.name + ".tmp")).exists()


def test_crlf_bom_and_lf_files_give_the_same_rows(dataset, capsys):
    raw, _ = dataset
    frames = {}
    for case in ("crlf", "bom"):
        shutil.copy(BAD / case / "pledges.csv", raw / "pledges.csv")
        frames[case] = read_csv_file(raw / "pledges.csv").frame
    assert frames["crlf"].equals(frames["bom"])
    assert list(frames["crlf"]["title"]) == ["A pledge", "Côte d'Ivoire pledge"]


def test_formula_titles_are_stored_verbatim(dataset, tmp_path, capsys):
    raw, _ = dataset
    shutil.copy(BAD / "formula_titles" / "pledges.csv", raw / "pledges.csv")
    db = tmp_path / "formula.duckdb"
    assert run_case(raw, db, capsys)[0] == 0
    titles = duckdb.connect(str(db), read_only=True).execute("SELECT title FROM pledges ORDER BY pledge_id").fetchall()
    assert [t for (t,) in titles] == ['=HYPERLINK("http://evil.example","click")', "+1 pledge", "@SUM(A1)", "-2 things"]


def test_a_ten_thousand_column_row(dataset, capsys):
    raw, db = dataset
    (raw / "pledges.csv").write_text(HEADER + "\n" + ",".join(["x"] * 10_000) + "\n", encoding="utf-8")
    assert run_case(raw, db, capsys) == (
        1,
        [
            "pledges.csv:2: [GCM-E207] the row has 10000 cells but the header has 14",
            "1 problem(s) found; nothing was written.",
        ],
    )


def test_a_ten_thousand_column_header(dataset, capsys):
    raw, db = dataset
    (raw / "pledges.csv").write_text(",".join(f"c{i}" for i in range(10_000)) + "\n", encoding="utf-8")
    code, err = run_case(raw, db, capsys)
    assert code == 1
    assert err[0] == (
        "pledges.csv:1: [GCM-E301] the header has 10000 columns; an import file has at most 200: check the "
        "separator is a comma, a semicolon or a tab"
    )


def test_a_one_megabyte_cell(dataset, capsys):
    raw, db = dataset
    title = "x" * 1_048_576
    (raw / "pledges.csv").write_text(
        f"{HEADER}\nb-1,{title},Kenya,State,,,KEN,5,,2022-01-10,,,,https://example.org/b/1\n", encoding="utf-8"
    )
    assert run_case(raw, db, capsys) == (
        1,
        [
            "pledges.csv:2: title: [GCM-E413] the text is 1,048,576 characters long; the limit is 5,000",
            "1 problem(s) found; nothing was written.",
        ],
    )


@pytest.mark.slow
def test_a_fifty_megabyte_file_is_accepted(dataset, tmp_path, capsys):
    raw, _ = dataset
    row = (
        "b-{i},A pledge on regular pathways number {i} with a long enough title to fill the file quickly,"
        "Kenya,State,individual,,KEN;UGA,5;6;18,,2022-01-10,,,,https://example.org/b/{i}\n"
    )
    with (raw / "pledges.csv").open("w", encoding="utf-8") as f:
        f.write(HEADER + "\n")
        written, i = 0, 0
        while written < 50 * 1024 * 1024:
            written += f.write(row.format(i=i))
            i += 1
    db = tmp_path / "big.duckdb"
    assert run_case(raw, db, capsys)[0] == 0
    assert duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM pledges").fetchone() == (i,)


@pytest.mark.slow  # whole builds (2-4 s): the full suite runs it, the fast loop does not
def test_a_build_killed_midway_leaves_the_old_database_and_the_next_build_succeeds(tmp_path, fixture_db):
    raw = tmp_path / "demo"
    subprocess.run(
        [sys.executable, "-m", "etl.demo", "--scale", "5", "--out", str(raw)],
        cwd=paths.ROOT,
        check=True,
        capture_output=True,
    )
    db = tmp_path / "kept.duckdb"
    shutil.copy(fixture_db, db)
    before = db.read_bytes()
    proc = subprocess.Popen(
        [sys.executable, "-m", "etl.build", "--raw", str(raw), "--db", str(db)],
        cwd=paths.ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    # Each build writes its own temporary file (named by its pid), so no build removes or publishes another's.
    while not list(tmp_path.glob(".kept.duckdb.*.tmp")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert list(tmp_path.glob(".kept.duckdb.*.tmp")), "the build finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert db.read_bytes() == before
    assert build.main(["--raw", str(raw), "--db", str(db)]) == 0
    assert not list(tmp_path.glob(".kept.duckdb.*.tmp"))  # the next build removed the killed one's file
    assert duckdb.connect(str(db), read_only=True).execute("SELECT dataset FROM build_info").fetchone() == ("demo",)


def test_a_full_disk_leaves_the_old_database(tmp_path, fixture_db, monkeypatch, capsys):
    db = tmp_path / "kept.duckdb"
    shutil.copy(fixture_db, db)
    before = db.read_bytes()
    real_insert = build._insert
    inserted = []

    def insert_until_the_disk_is_full(con, name, frame):
        if len(inserted) == 10:
            raise OSError(28, "No space left on device")
        inserted.append(name)
        real_insert(con, name, frame)

    monkeypatch.setattr(build, "_insert", insert_until_the_disk_is_full)
    code, err = run_case(GOOD, db, capsys)
    assert code == 1
    assert "No space left on device" in err[-1] and "is unchanged" in err[-1]
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".kept.duckdb.lock", "kept.duckdb"]  # no temporary


CTX = Context(date(2025, 12, 31), frozenset({1, 2, 3}), frozenset())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_any_bytes_give_problems_never_an_exception(tmp_path, data):
    path = tmp_path / "pledges.csv"
    path.write_bytes(data)
    raw = read_csv_file(path)
    assert isinstance(raw, RawFile)
    parse_import(pledges.SPEC, raw, CTX)


# Cells drawn per field, valid and bad, under the right header: tests/test_transforms.py.


def test_manifest_coverage_errors_name_their_line(tmp_path, capsys):
    """METHOD.md 1.1: unknown streams, rounds or values in `coverage` are errors with the manifest line."""
    raw = tmp_path / "raw"
    shutil.copytree(GOOD, raw)
    manifest = (raw / "manifest.yml").read_text(encoding="utf-8")
    lines = len(manifest.splitlines())
    (raw / "manifest.yml").write_text(
        manifest.rstrip("\n") + "\ncoverage:\n  pledgez: {1: partial}\n  practices:\n    1: mostly\n    7: partial\n",
        encoding="utf-8",
    )
    assert build.main(["--raw", str(raw), "--db", str(tmp_path / "x.duckdb")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert (
        f'manifest.yml:{lines + 2}: coverage: [GCM-E116] unknown stream "pledgez" (streams: '
        f"{', '.join(schema.STREAMS)})" in err
    )
    assert (
        f'manifest.yml:{lines + 4}: coverage: [GCM-E118] practices, round 1: "mostly" is not one of complete, '
        "partial, none" in err
    )
    assert (
        f'manifest.yml:{lines + 5}: coverage: [GCM-E117] practices: unknown review round "7" (rounds: 1, 2, 3)' in err
    )
    assert not (tmp_path / "x.duckdb").exists()


def test_manifest_coverage_partial_gives_counts_without_a_class(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(GOOD, raw)
    with (raw / "manifest.yml").open("a", encoding="utf-8") as f:
        f.write("coverage:\n  submissions: {1: partial}\n")
    db = tmp_path / "x.duckdb"
    assert build.main(["--raw", str(raw), "--db", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(
            "SELECT completeness FROM collection_coverage WHERE stream = 'submissions' ORDER BY round_id"
        ).fetchall() == [("partial",), ("complete",), ("complete",)]
        labels = con.execute(
            "SELECT DISTINCT label FROM progress_cells WHERE stream = 'submissions' AND round_from = 1"
        ).fetchall()
        assert labels == [("incomplete_collection",)]  # the counts stay, shown as found
        # The rule comes before "too few": rounds 2 -> 3 keep their own rule (round 3 is still open).
        assert con.execute(
            "SELECT DISTINCT label FROM progress_cells WHERE stream = 'submissions' AND round_from = 2"
        ).fetchall() == [("round_open",)]
