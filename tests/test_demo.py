"""The synthetic demo generator (etl.demo): deterministic, believable volumes and trends, valid against the contract."""

import hashlib
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml

from etl import cell_values, demo, paths, validate
from etl.schema import ARTEFACT_REASON_CODES, IMPORT_FILES

CUTOFF = date(2026, 10, 31)
GCM_ADOPTED = date(2018, 12, 19)
ROUND_STARTS = (date(2018, 12, 19), date(2022, 5, 21), date(2026, 6, 1))  # data/reference/review_rounds.csv
FILE_NAMES = [spec.name for spec in IMPORT_FILES]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    demo.generate(out, seed=42, scale=1)
    return out


def _read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False)


def _round_of(day: date) -> int:
    """0 before round 1, else the round whose window holds the day."""
    return sum(day >= start for start in ROUND_STARTS)


def test_same_seed_and_scale_give_byte_identical_files(demo_dir, tmp_path):
    demo.generate(tmp_path, seed=42, scale=1)
    for name in FILE_NAMES + ["manifest.yml"]:
        assert (tmp_path / name).read_bytes() == (demo_dir / name).read_bytes(), name


def test_another_seed_gives_other_data(demo_dir, tmp_path):
    demo.generate(tmp_path, seed=7, scale=1)
    assert (tmp_path / "practices.csv").read_bytes() != (demo_dir / "practices.csv").read_bytes()


def test_volumes_at_scale_1(demo_dir):
    rows = {name: len(_read(demo_dir, name)) for name in FILE_NAMES}
    members = pd.read_csv(Path(paths.REFERENCE) / "commission_members.csv")
    assert 200 <= rows["pledges.csv"] <= 300
    assert 900 <= rows["practices.csv"] <= 1100
    assert 120 <= rows["gcm_talks.csv"] <= 180
    # Every member x round (1, 2) x two member-State kinds, plus 3 stakeholder kinds per commission and round.
    assert rows["submissions.csv"] == len(members) * 2 * 2 + 5 * 2 * 3
    assert 15 <= rows["review_meetings.csv"] <= 30
    assert 20 <= rows["reasons.csv"] <= 40


def test_scale_multiplies_items_and_submission_counts_not_submission_rows(demo_dir, tmp_path):
    rows = demo.generate(tmp_path, seed=42, scale=2)
    assert sorted(rows) == sorted(FILE_NAMES)
    assert rows["pledges.csv"] == 2 * len(_read(demo_dir, "pledges.csv"))
    assert rows["practices.csv"] == 2 * len(_read(demo_dir, "practices.csv"))
    once, twice = _read(demo_dir, "submissions.csv"), _read(tmp_path, "submissions.csv")
    assert len(twice) == len(once)
    assert (twice["count"].astype(int) == 2 * once["count"].astype(int)).all()
    assert once["count"].astype(int).gt(0).any()


def test_headers_follow_the_contract_with_unix_line_ends(demo_dir):
    for spec in IMPORT_FILES:
        data = (demo_dir / spec.name).read_bytes()
        assert data.decode("utf-8").split("\n", 1)[0] == ",".join(spec.field_names)
        assert b"\r" not in data and data.endswith(b"\n")


def test_writer_writes_what_pandas_to_csv_writes(demo_dir):
    for name in FILE_NAMES:
        expected = _read(demo_dir, name).to_csv(index=False, lineterminator="\n")
        assert (demo_dir / name).read_text(encoding="utf-8") == expected, name


def test_every_file_passes_the_importer_without_a_problem(demo_dir):
    subregions = frozenset(pd.read_csv(paths.REFERENCE / "m49_subregions.csv")["subregion"].dropna())
    ctx = validate.Context(CUTOFF, frozenset({1, 2, 3}), subregions)
    for spec in IMPORT_FILES:
        parsed, problems = validate.parse_import(spec, validate.read_csv_file(demo_dir / spec.name), ctx)
        assert [str(p) for p in problems] == []
        assert len(parsed) == len(_read(demo_dir, spec.name))


def test_ids_cannot_be_mistaken_for_real_ones(demo_dir):
    patterns = {
        "pledges.csv": ("pledge_id", r"DEMO-P\d{6}"),
        "practices.csv": ("practice_id", r"demo-practice-\d{6}"),
        "gcm_talks.csv": ("talk_id", r"DEMO-T\d{4}"),
    }
    for name, (column, pattern) in patterns.items():
        assert _read(demo_dir, name)[column].str.fullmatch(pattern).all(), name


def test_natural_keys_are_unique(demo_dir):
    for spec in IMPORT_FILES:
        keys = _read(demo_dir, spec.name)[list(spec.natural_key)].apply(lambda s: s.str.strip().str.casefold())
        assert not keys.duplicated().any(), spec.name


def test_gcm_talks_never_before_february_2023(demo_dir):
    dates = [cell_values.parse_date(cell).value for cell in _read(demo_dir, "gcm_talks.csv")["date"]]
    assert min(dates) >= date(2023, 2, 1)


def test_no_pledge_before_the_pledging_launch(demo_dir):
    dates = [cell_values.parse_date(cell).value for cell in _read(demo_dir, "pledges.csv")["pledged_on"]]
    assert min(dates) >= date(2021, 12, 10)


def test_every_date_lies_between_gcm_adoption_and_the_cutoff(demo_dir):
    # `future_date` fields (pledge deadlines) may lie after the cut-off by contract, so only `date` fields count.
    checked = 0
    for spec in IMPORT_FILES:
        frame = _read(demo_dir, spec.name)
        for field in (f for f in spec.fields if f.kind == "date"):
            for cell in frame[field.name][frame[field.name] != ""]:
                value = cell_values.parse_date(cell)
                assert value.value >= GCM_ADOPTED and value.last_day <= CUTOFF, (spec.name, field.name, cell)
                checked += 1
    assert checked > 1000
    ranges = [cell_values.parse_year_range(cell) for cell in _read(demo_dir, "practices.csv")["dates"]]
    assert all(2012 <= r.start_year <= CUTOFF.year and (r.end_year or r.start_year) <= CUTOFF.year for r in ranges)


def test_practice_dates_are_hub_style(demo_dir):
    cells = _read(demo_dir, "practices.csv")["dates"]
    assert cells.str.fullmatch(r"\d{4}( - (\d{4}|Present))?").all()
    assert cells.str.endswith(" - Present").any() and cells.str.fullmatch(r"\d{4}").any()
    assert cells.str.fullmatch(r"\d{4} - \d{4}").any()


def _objective_counts_by_round(demo_dir: Path) -> pd.DataFrame:
    """Pledges and practices per objective (full counting) and round; a practice's year is placed at its middle."""
    pledges, practices = _read(demo_dir, "pledges.csv"), _read(demo_dir, "practices.csv")
    rows = [
        (cell_values.parse_objective(item), _round_of(cell_values.parse_date(day).midpoint))
        for day, cell in zip(pledges["pledged_on"], pledges["objectives"])
        for item in cell_values.split_list(cell)
    ]
    for dates, *cells in zip(practices["dates"], practices["primary_objectives"], practices["secondary_objectives"]):
        practice_round = _round_of(date(cell_values.parse_year_range(dates).start_year, 7, 2))
        rows += [
            (cell_values.parse_objective(item), practice_round)
            for cell in cells
            for item in cell_values.split_list(cell)
        ]
    counts = pd.DataFrame(rows, columns=["objective", "round"])
    return counts.pivot_table(index="objective", columns="round", aggfunc="size", fill_value=0)


def test_some_objectives_rise_and_some_fall_between_rounds_1_and_2(demo_dir):
    counts = _objective_counts_by_round(demo_dir)
    ratio = counts[2] / counts[1]
    assert len(ratio) == 23 and counts[1].min() > 0
    assert (ratio >= 1.5).any(), ratio.to_dict()
    assert (ratio <= 0.67).any(), ratio.to_dict()
    assert ratio[5] > ratio.median() > ratio[13]  # the generator's declared riser and faller


def test_countries_long_tail_global_names_and_titles(demo_dir):
    pledges, practices = _read(demo_dir, "pledges.csv"), _read(demo_dir, "practices.csv")
    cells = pd.concat([pledges["countries"], practices["countries"]])
    assert 0.08 <= (cells == "Global").mean() <= 0.25
    items = [cell_values.parse_country(item) for cell in cells for item in cell_values.split_list(cell)]
    per_country = pd.Series([i for i in items if i != cell_values.GLOBAL]).value_counts()
    assert per_country.max() >= 5 * per_country.median()  # a few busy countries, most with few items
    names = [
        item for cell in cells for item in cell_values.split_list(cell) if not re.fullmatch(r"[A-Z]{3}|Global", item)
    ]
    assert 0.005 <= len(names) / len(cells) <= 0.05
    objective_items = [item for cell in practices["primary_objectives"] for item in cell_values.split_list(cell)]
    assert any(not item.isdigit() for item in objective_items)


def test_submission_zeros_differ_by_commission_and_round(demo_dir):
    frame = _read(demo_dir, "submissions.csv")
    states = frame[frame["submitter_type"] == "member_state"].assign(zero=lambda f: f["count"] == "0")
    share = states.groupby(["commission", "review_round"])["zero"].mean().unstack()
    assert ((share["1"] - share["2"]) > 0.15).any() and ((share["2"] - share["1"]) > 0.15).any()
    assert (frame.loc[frame["submitter_type"] == "stakeholder", "country"] == "").all()


def test_reasons_are_labelled_illustrative_and_include_artefacts(demo_dir):
    reasons = _read(demo_dir, "reasons.csv")
    assert (reasons["text"].str.len() <= 200).all()
    assert reasons["text"].str.contains("Illustrative").all() and reasons["text"].str.contains("synthetic").all()
    assert reasons["reason_code"].isin(ARTEFACT_REASON_CODES).any()
    assert (reasons["review_round"] == "2").all()


def test_manifest_marks_the_data_synthetic_and_lists_every_file(demo_dir):
    manifest = yaml.safe_load((demo_dir / "manifest.yml").read_text(encoding="utf-8"))
    assert manifest["is_synthetic"] is True
    assert manifest["name"] == "demo" and manifest["data_cutoff"] == CUTOFF
    assert (manifest["seed"], manifest["scale"]) == (42, 1)
    assert set(manifest["files"]) == set(FILE_NAMES)
    for name, entry in manifest["files"].items():
        assert entry["rows"] == len(_read(demo_dir, name))
        assert entry["sha256"] == hashlib.sha256((demo_dir / name).read_bytes()).hexdigest()


def test_every_source_url_is_on_example_org(demo_dir):
    for name in FILE_NAMES:
        urls = _read(demo_dir, name)["source_url"]
        assert urls.str.startswith("https://example.org/demo/").all(), name


def test_ensure_demo_generates_only_when_the_manifest_is_missing(tmp_path):
    demo.ensure_demo(tmp_path)
    assert (tmp_path / "manifest.yml").exists()
    edited = tmp_path / "reasons.csv"
    edited.write_text("kept\n", encoding="utf-8")
    demo.ensure_demo(tmp_path)
    assert edited.read_text(encoding="utf-8") == "kept\n"
