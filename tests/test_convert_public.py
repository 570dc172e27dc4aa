"""The committed public dataset is exactly what etl.convert_public makes of the shared records, and keeps every link."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from etl import convert_public
from etl.paths import ROOT, raw_dir
from etl.schema import ENTITY_CATEGORIES, IMPORT_FILES_BY_NAME

SHARED = ROOT.parent / "shared"
SHARED_PUBLIC = SHARED / "data" / "public"
COMMITTED = raw_dir("public")
IMPORT_FILE_NAMES = (
    "pledges.csv",
    "practices.csv",
    "gcm_talks.csv",
    "submissions.csv",
    "review_meetings.csv",
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
