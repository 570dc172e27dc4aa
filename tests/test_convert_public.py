"""The committed public dataset is exactly what etl.convert_public makes of the shared records, and keeps every link."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from etl import convert_public
from etl.paths import ROOT, raw_dir
from etl.schema import ENTITY_CATEGORIES, IMPORT_FILES_BY_NAME, STREAMS

SHARED = ROOT.parent / "shared"
SHARED_PUBLIC = SHARED / "data" / "public"
COMMITTED = raw_dir("public")
IMPORT_FILE_NAMES = (
    "pledges.csv",
    "practices.csv",
    "gcm_talks.csv",
    "submissions.csv",
    "review_meetings.csv",
    "mptf_programmes.csv",
    "published_totals.csv",
)
# Every record of these source files is imported, so each of their links must reach the output.
FULLY_IMPORTED_SOURCES = (
    "pledges.csv",
    "pledges_more.csv",
    "practices.csv",
    "practices_more.csv",
    "gcm_talks.csv",
    "published_totals.csv",
    "totals_more.csv",
    "harvest3/mptf_programmes.csv",
    "harvest3/pledges_more.csv",
    "harvest3/practices_more.csv",
    "harvest3/counts.csv",
)

needs_shared = pytest.mark.skipif(
    not SHARED_PUBLIC.is_dir(), reason=f"the shared source records ({SHARED_PUBLIC}) are not beside the repository"
)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def output_urls() -> set[str]:
    return {
        url for name in IMPORT_FILE_NAMES for row in read_rows(COMMITTED / name) for url in row["source_url"].split(";")
    }


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("public")
    convert_public.convert(SHARED, out)
    return out


@needs_shared
def test_committed_files_are_the_converter_output(converted):
    written = sorted(path.name for path in converted.iterdir())
    assert written == sorted([*IMPORT_FILE_NAMES, "manifest.yml"])
    for name in written:
        committed = COMMITTED / name
        assert committed.is_file(), f"{name} is not committed: run python -m etl.convert_public"
        assert (converted / name).read_bytes() == committed.read_bytes(), f"{name} is stale: rerun the converter"


@pytest.mark.parametrize("name", IMPORT_FILE_NAMES)
def test_columns_are_the_import_format(name):
    with (COMMITTED / name).open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == IMPORT_FILES_BY_NAME[name].field_names


@pytest.mark.parametrize("name", IMPORT_FILE_NAMES)
def test_every_row_links_its_source(name):
    rows = read_rows(COMMITTED / name)
    assert rows, f"{name} has no rows"
    for line, row in enumerate(rows, start=2):
        urls = row["source_url"].split(";")
        assert all(url.startswith("http") for url in urls), f"{name}:{line}: source_url {row['source_url']!r}"


@needs_shared
@pytest.mark.parametrize("source_name", FULLY_IMPORTED_SOURCES)
def test_every_source_link_reaches_the_output(source_name):
    source_urls = {
        url.strip()
        for row in read_rows(SHARED_PUBLIC / source_name)
        for url in re.split(r"\s+;\s*|\s*;\s+", row["source_url"])
        if url.strip()
    }
    assert source_urls - output_urls() == set()


def test_entity_categories_are_the_schema_ones():
    assert set(convert_public.ENTITY_CATEGORY_MAP.values()) <= set(ENTITY_CATEGORIES)


@needs_shared
def test_the_converter_is_idempotent(converted, tmp_path):
    """A second run over its own output writes the same bytes: nothing depends on what was there before."""
    convert_public.convert(SHARED, converted)
    again = tmp_path / "again"
    convert_public.convert(SHARED, again)
    for path in sorted(converted.iterdir()):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_coverage_stays_partial_for_every_stream():
    manifest = yaml.safe_load((COMMITTED / "manifest.yml").read_text(encoding="utf-8"))
    assert set(manifest["coverage"]) == set(STREAMS)
    assert {value for rounds in manifest["coverage"].values() for value in rounds.values()} == {"partial"}


@needs_shared
def test_the_programmes_are_merged_one_row_each_with_every_source():
    source = read_rows(SHARED_PUBLIC / "harvest3" / "mptf_programmes.csv")
    programmes = {row["programme_id"]: row for row in read_rows(COMMITTED / "mptf_programmes.csv")}
    assert sorted(programmes) == sorted({row["programme_key"] for row in source})
    assert len(programmes) == 12
    for row in source:
        assert row["source_url"] in programmes[row["programme_key"]]["source_url"].split(";")
    # Stated figures are kept as digits; what no source gives stays empty.
    budgets = {key: row["budget_usd"] for key, row in programmes.items() if row["budget_usd"]}
    assert budgets == {
        "JP-MKD-EVIDENCE-POLICY": "1500000",
        "JP-SRB-KIRS-EVIDENCE": "2000000",
        "JP-GMB-TRANS-GAMBIA-CORRIDOR": "2350000",
    }
    assert {row["thematic_area"] for row in programmes.values()} == {""}
    assert {row["approved_on"] for row in programmes.values()} == {""}
    statuses = {key: row["status"] for key, row in programmes.items() if row["status"]}
    assert statuses == {"JP-PHL-BRIDGE": "closed", "JP-TJK-FAMILIES-LEFT-BEHIND": "closed"}


@needs_shared
def test_voluntary_reviews_are_single_submissions_of_a_member_country(tmp_path):
    reviews = [row for row in read_rows(COMMITTED / "submissions.csv") if row["kind"] == "voluntary_review"]
    assert sorted((row["country"], row["review_round"], row["commission"]) for row in reviews) == [
        ("IRQ", "1", "ESCWA"),
        ("KEN", "2", "ECA"),
        ("MLI", "1", "ECA"),
        ("PHL", "1", "ESCAP"),
        ("PRT", "1", "UNECE"),
    ]
    assert {(row["count"], row["submitter_type"]) for row in reviews} == {("1", "member_state")}
    # Azerbaijan's two rows are skipped: one states no round, the other is an update still in preparation.
    log = convert_public.convert(SHARED, tmp_path)
    skipped = [line for line in log.lines if line.startswith("harvest3/voluntary_reviews.csv") and "skipped" in line]
    assert len(skipped) == 2
