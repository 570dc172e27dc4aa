"""Pledge follow-up (etl.followup): freshness and overdue flags at their boundary dates, and the counts."""

import shutil

import duckdb
import pytest

from etl import build, followup
from tests.conftest import GOOD

CUTOFF = "2025-12-31"  # tests/fixtures/good/manifest.yml
# (id, last_updated, deadline, status, expected freshness, expected overdue)
BOUNDARIES = [
    ("b-cutoff", "2025-12-31", "2025-12-31", "in_progress", "within_1y", False),
    ("b-1y", "2024-12-31", "", "", "within_1y", False),
    ("b-1y-1d", "2024-12-30", "", "planning", "1_2y", False),
    ("b-2y", "2023-12-31", "", "", "1_2y", False),
    ("b-2y-1d", "2023-12-30", "", "", "over_2y", False),
    ("b-never", "", "2025-12-30", "", "never", True),
    ("b-overdue", "2025-06-01", "2025-12-30", "planning", "within_1y", True),
    ("b-fulfilled", "2025-06-01", "2025-12-30", "fulfilled", "within_1y", False),
]


@pytest.fixture(scope="module")
def boundary_con(tmp_path_factory):
    """The good fixture plus one pledge per boundary date, built by the real etl.build."""
    raw = tmp_path_factory.mktemp("followup") / "raw"
    shutil.copytree(GOOD, raw)
    lines = [
        f"{pid},Boundary pledge {pid},Kenya Ministry,State,individual,,KEN,5,,2023-02-10,{updated},{deadline},"
        f"{status},https://example.org/boundary/{pid}"
        for pid, updated, deadline, status, _, _ in BOUNDARIES
    ]
    with (raw / "pledges.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    db = raw.parent / "followup.duckdb"
    assert build.main(["--raw", str(raw), "--db", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert str(con.execute("SELECT data_cutoff FROM build_info").fetchone()[0]) == CUTOFF
        yield con


@pytest.mark.parametrize(("pid", "freshness", "overdue"), [(b[0], b[4], b[5]) for b in BOUNDARIES])
def test_freshness_and_overdue_at_the_boundaries(boundary_con, pid, freshness, overdue):
    row = next(r for r in followup.pledges(boundary_con, iso3="KEN") if r["pledge_id"] == pid)
    assert (row["freshness"], row["overdue"]) == (freshness, overdue)


def test_a_pledge_without_status_reads_not_stated(boundary_con):
    row = next(r for r in followup.pledges(boundary_con) if r["pledge_id"] == "b-1y")
    assert row["status"] == "not_stated"


def test_counts_add_up_per_country_objective_and_category(boundary_con):
    everything = followup.pledges(boundary_con)
    by_category = followup.counts(boundary_con, "entity_category")
    assert sum(r["pledges"] for r in by_category) == len(everything)
    assert sum(r["overdue"] for r in by_category) == sum(r["overdue"] for r in everything)
    kenya = followup.pledges(boundary_con, iso3="KEN")
    by_country = [r for r in followup.counts(boundary_con, "country") if r["key"] == "KEN"]
    assert sum(r["pledges"] for r in by_country) == len(kenya)
    summary = followup.summary(kenya)
    assert summary["freshness"]["never"] == sum(r["freshness"] == "never" for r in kenya) >= 1
    on_five = followup.counts(boundary_con, "objective", objective=5)
    assert {r["key"] for r in on_five} == {"5"}
    states = followup.pledges(boundary_con, category="State")
    assert states and all(r["entity_category"] == "State" for r in states)


def test_an_unknown_grouping_is_refused(boundary_con):
    with pytest.raises(ValueError, match="by must be one of"):
        followup.counts(boundary_con, "pledge_id; DROP TABLE pledges")


def test_the_follow_up_flags_reach_the_extracts_and_the_data_package(fixture_con):
    # pledge_followup is a built table (so the data package carries it) and both extracts carry its columns.
    from etl import export, export_records

    stored = fixture_con.execute("SELECT pledge_id, status, freshness, overdue FROM pledge_followup").fetchall()
    computed = [(r["pledge_id"], r["status"], r["freshness"], r["overdue"]) for r in followup.pledges(fixture_con)]
    assert sorted(stored) == sorted(computed) and stored
    rows = export.extract_rows(fixture_con, stream="pledges")
    assert set(export.FOLLOWUP_COLUMNS) <= set(rows.columns) and rows["status"].notna().all()
    records = export_records.record_rows(fixture_con, stream="practices")
    assert records["status"].isna().all()  # a practice has no pledge follow-up
