"""Generated docs are current, the README's two commands exist, and manifests match their files."""

import calendar
import hashlib
import re

import pytest
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


METHOD_LANGUAGES = ("ar", "zh", "fr", "ru", "es")
MONTHS = [calendar.month_name[m] for m in range(1, 13)]  # English: the C locale


def _skeleton(text: str) -> dict:
    """What a translation of docs/METHOD.md keeps: headings by level, list items, table rows, code as written."""
    lines = text.splitlines()
    return {
        "headings": [len(line) - len(line.lstrip("#")) for line in lines if re.match(r"#+ ", line)],
        "numbered": [re.match(r"\s*(\d+)\.", line).group(1) for line in lines if re.match(r"\s*\d+\. ", line)],
        "bullets": sum(bool(re.match(r"\s*- ", line)) for line in lines),
        "table_rows": sum(line.startswith("|") for line in lines),
        "fenced": re.findall(r"```.*?```", text, flags=re.S),
        "inline_code": sorted(re.findall(r"(?<!`)`([^`\n]+)`(?!`)", re.sub(r"```.*?```", "", text, flags=re.S))),
    }


def _digit_runs(text: str) -> list[str]:
    return sorted(re.findall(r"\d+", text))


@pytest.mark.parametrize("lang", METHOD_LANGUAGES)
def test_method_translations_keep_the_structure_code_and_numbers(lang):
    english = (paths.ROOT / "docs" / "METHOD.md").read_text(encoding="utf-8")
    translated = (paths.ROOT / "docs" / f"METHOD.{lang}.md").read_text(encoding="utf-8")
    assert _skeleton(translated) == _skeleton(english)
    # Every figure survives (a decimal comma or another thousands separator keeps the digit runs); a month may be
    # written as a number (2026年10月31日), so the English is also read with its months as numbers.
    as_numbers = english
    for number, month in enumerate(MONTHS, start=1):
        as_numbers = re.sub(rf"\b{month}\b", str(number), as_numbers)
    assert _digit_runs(translated) in (_digit_runs(english), _digit_runs(as_numbers))
    assert "docs/METHOD.md" in translated.split("\n\n")[1]  # the note under the title: a translation, English rules
