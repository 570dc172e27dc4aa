"""Generated docs are current, the README's two commands exist, and manifests match their files."""

import hashlib
import re

import yaml

from etl import paths, schema

README = (paths.ROOT / "README.md").read_text(encoding="utf-8")


def test_data_dictionary_is_current():
    committed = (paths.DOCS / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    assert committed == schema.markdown(), "run: python -m etl.schema --markdown > docs/DATA_DICTIONARY.md"


def test_import_formats_are_current():
    committed = (paths.DOCS / "IMPORT_FORMATS.md").read_text(encoding="utf-8")
    assert committed == schema.import_formats_markdown(), (
        "run: python -m etl.schema --import-formats > docs/IMPORT_FORMATS.md"
    )


def test_every_table_and_column_is_described():
    for tbl in schema.TABLES:
        assert tbl.description, tbl.name
        assert all(c.description for c in tbl.columns), tbl.name


def test_readme_first_screen_gives_the_two_commands():
    first_screen = "\n".join(README.splitlines()[:25])
    commands = re.findall(r"^python3 -m venv .*$", first_screen, flags=re.MULTILINE)
    assert len(commands) == 2
    run, test = commands
    assert "streamlit run dashboard/app.py" in run
    assert "pytest" in test


def test_ci_runs_the_readme_test_command():
    test_command = re.findall(r"^python3 -m venv .*$", README, flags=re.MULTILINE)[1]
    runner = test_command.split("&& ")[-1]  # .venv/bin/python -m pytest ...
    assert runner in (paths.ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_public_manifest_checksums_match_the_files():
    raw = paths.raw_dir("public")
    manifest = yaml.safe_load((raw / "manifest.yml").read_text(encoding="utf-8"))
    assert manifest["is_synthetic"] is False
    assert set(manifest["files"]) == {p.name for p in raw.glob("*.csv")}
    for name, meta in manifest["files"].items():
        assert hashlib.sha256((raw / name).read_bytes()).hexdigest() == meta["sha256"], name


def test_m49_subregions_carry_the_unsd_2024_corrections():
    """data/reference/m49_subregions.csv re-synced from ../shared (see data/reference/README.md)."""
    import csv

    with (paths.REFERENCE / "m49_subregions.csv").open(encoding="utf-8", newline="") as f:
        rows = {row["iso3"]: row for row in csv.DictReader(f)}
    assert rows["NRU"]["subregion"] == "Micronesia"
    assert rows["BVT"]["subregion"] == "South America" and rows["SGS"]["subregion"] == "South America"
    assert {rows[i]["subregion"] for i in ("HMD", "CCK", "CXR")} == {"Australia and New Zealand"}
    assert rows["ATA"]["region"] == "" and rows["ATA"]["subregion"] == ""
