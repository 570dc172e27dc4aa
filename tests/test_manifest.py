"""The dataset folder's contract: a bad manifest or folder is a line-numbered error, never a trace, a hang or a gap."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from etl import build
from tests.conftest import GOOD

MANIFEST_LINES = len((GOOD / "manifest.yml").read_text(encoding="utf-8").splitlines())


@pytest.fixture()
def raw(tmp_path) -> Path:
    folder = tmp_path / "raw"
    shutil.copytree(GOOD, folder)
    return folder


def run(raw: Path, capsys) -> tuple[int, list[str]]:
    code = build.main(["--raw", str(raw), "--db", str(raw.parent / "out.duckdb")])
    err = capsys.readouterr().err.splitlines()
    assert not (raw.parent / "out.duckdb").exists() or code == 0
    return code, err


def append(raw: Path, text: str) -> None:
    with (raw / "manifest.yml").open("a", encoding="utf-8") as f:
        f.write(text)


def replace_key(raw: Path, key: str, value: str) -> int:
    """Set one top-level key of the manifest; returns its line."""
    lines = (raw / "manifest.yml").read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    lines[number] = f"{key}: {value}"
    (raw / "manifest.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "pledges.xls",
            "pledges.xls: [GCM-E114] looks like an import file but is not read: save it as pledges.csv (CSV UTF-8)",
        ),
        (
            "pledges.CSV",
            "pledges.CSV: [GCM-E114] looks like an import file but is not read: save it as pledges.csv (CSV UTF-8)",
        ),
        (
            "Practices.tsv",
            "Practices.tsv: [GCM-E114] looks like an import file but is not read: save it as practices.csv",
        ),
    ],
)
def test_a_look_alike_of_an_import_file_is_an_error(raw, capsys, name, message):
    (raw / name).write_bytes((raw / "pledges.csv").read_bytes())
    code, err = run(raw, capsys)
    assert code == 1 and any(line.startswith(message) for line in err), err


def test_a_listed_file_must_exist_and_hold_what_the_manifest_says(raw, capsys):
    digest = hashlib.sha256((raw / "practices.csv").read_bytes()).hexdigest()
    rows = len((raw / "practices.csv").read_text(encoding="utf-8").splitlines()) - 1
    (raw / "gcm_talks.csv").unlink()
    append(
        raw,
        "files:\n  gcm_talks.csv: {rows: 8}\n  practices.csv: {rows: 99, sha256: " + digest + "}\n"
        "  pledges.csv: {sha256: " + "f" * 64 + "}\n",
    )
    code, err = run(raw, capsys)
    assert code == 1
    assert "gcm_talks.csv: [GCM-E112] listed in manifest.yml but absent from the folder" in err
    assert f"practices.csv: [GCM-E702] holds {rows:,} records; manifest.yml lists 99" in err
    assert "pledges.csv: [GCM-E703] differs from the sha256 in manifest.yml: it changed since then" in err


@pytest.mark.parametrize(
    ("kind", "code"),
    [("dangling", "GCM-E210"), ("outside", "GCM-E211"), ("directory", "GCM-E212"), ("device", "GCM-E211")],
)
def test_an_import_file_that_is_no_regular_file_inside_the_folder_is_an_error(raw, tmp_path, capsys, kind, code):
    (raw / "pledges.csv").unlink()
    if kind == "dangling":
        os.symlink(tmp_path / "nowhere.csv", raw / "pledges.csv")
    elif kind == "outside":
        shutil.copy(GOOD / "pledges.csv", tmp_path / "elsewhere.csv")
        os.symlink(tmp_path / "elsewhere.csv", raw / "pledges.csv")
    elif kind == "directory":
        (raw / "pledges.csv").mkdir()
    else:
        os.symlink("/dev/zero", raw / "pledges.csv")  # reading it would never end
    exit_code, err = run(raw, capsys)
    assert exit_code == 1
    assert any(line.startswith(f"pledges.csv: [{code}] ") for line in err), err
    assert not any("Traceback" in line for line in err)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("data_cutoff", "2025-13-01", 'data_cutoff: [GCM-E108] "2025-13-01" is not a date (YYYY-MM-DD)'),
        ("data_cutoff", "2025", 'data_cutoff: [GCM-E108] "2025" is not a date (YYYY-MM-DD)'),
        ("name", "123", "name: [GCM-E105] must be text (a dataset name such as demo or public)"),
        ("name", "../../etc", "name: [GCM-E105] '../../etc' is not a dataset name"),
        ("is_synthetic", "maybe", "is_synthetic: [GCM-E107] must be true or false"),
        ("title", "[a, b]", "title: [GCM-E106] must be text"),
    ],
)
def test_a_bad_manifest_value_is_an_error_on_its_line(raw, capsys, key, value, message):
    line = replace_key(raw, key, value)
    code, err = run(raw, capsys)
    assert code == 1 and any(e.startswith(f"manifest.yml:{line}: {message}") for e in err), err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- name: fixture\n- title: x\n", "manifest.yml:1: [GCM-E103] must be a mapping of keys"),
        (None, f"manifest.yml:{MANIFEST_LINES + 1}: files: [GCM-E109] must map file names to"),
        ("name: [unclosed\n", "manifest.yml: [GCM-E102] not valid YAML"),
    ],
)
def test_a_manifest_of_the_wrong_shape_is_an_error_not_a_trace(raw, capsys, text, message):
    if text is None:
        append(raw, "files:\n  - pledges.csv\n")
    else:
        (raw / "manifest.yml").write_text(text, encoding="utf-8")
    code, err = run(raw, capsys)
    assert code == 1 and any(e.startswith(message) for e in err), err


def test_a_manifest_file_name_never_leaves_the_folder(raw, capsys):
    append(raw, "files:\n  ../../../../etc/passwd: {rows: 1}\n  /etc/hosts: {}\n")
    code, err = run(raw, capsys)
    assert code == 1
    assert (
        f"manifest.yml:{MANIFEST_LINES + 2}: files: [GCM-E110] '../../../../etc/passwd': must be a file name in the "
        "folder" in err
    )
    assert (
        f"manifest.yml:{MANIFEST_LINES + 3}: files: [GCM-E110] '/etc/hosts': must be a file name in the folder" in err
    )


# ---------------------------------------------------------------- exports read as they come


def tables_of(db: Path) -> dict[str, list]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        names = ("pledges", "pledge_objectives", "pledge_countries", "practices", "activities", "progress_cells")
        return {
            n: con.execute(f"SELECT * EXCLUDE (source_url) FROM {n} ORDER BY ALL").fetchall()
            if n in ("pledges", "practices")
            else con.execute(f"SELECT * FROM {n} ORDER BY ALL").fetchall()
            for n in names
        }


def write_xlsx(csv_path: Path, xlsx_path: Path, dates: bool = False) -> None:
    """A workbook holding the CSV's cells, as a spreadsheet program would save it (numbers and dates typed)."""
    import csv
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    with csv_path.open(encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.reader(f)):
            cells = []
            for cell in row:
                if i and cell.isdigit() and not cell.startswith("0"):
                    cells.append(int(cell))
                elif i and dates and len(cell) == 10 and cell[4] == "-" and cell[7] == "-":
                    cells.append(dt.datetime.fromisoformat(cell))
                else:
                    cells.append(cell)
            sheet.append(cells)
    book.save(xlsx_path)


@pytest.mark.slow  # whole builds (2-4 s): the full suite runs it, the fast loop does not
def test_xlsx_semicolon_and_tab_exports_build_the_same_tables_as_csv(raw, tmp_path):
    assert build.main(["--raw", str(GOOD), "--db", str(tmp_path / "csv.duckdb")]) == 0
    expected = tables_of(tmp_path / "csv.duckdb")
    write_xlsx(raw / "pledges.csv", raw / "pledges.xlsx", dates=True)
    (raw / "pledges.csv").unlink()
    text = (raw / "practices.csv").read_text(encoding="utf-8")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)  # a French-locale spreadsheet's CSV
    (raw / "practices.csv").write_text(out.getvalue(), encoding="utf-8")
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\n").writerows(list(csv.reader((raw / "gcm_talks.csv").open())))
    (raw / "gcm_talks.csv").unlink()
    (raw / "gcm_talks.tsv").write_text(out.getvalue(), encoding="utf-8")
    assert build.main(["--raw", str(raw), "--db", str(tmp_path / "mixed.duckdb")]) == 0
    assert tables_of(tmp_path / "mixed.duckdb") == expected


def test_xlsx_errors_name_the_workbook_and_its_row(raw, capsys):
    write_xlsx(raw / "pledges.csv", raw / "pledges.xlsx")
    import openpyxl

    book = openpyxl.load_workbook(raw / "pledges.xlsx")
    sheet = book.active
    header = [c.value for c in sheet[1]]
    sheet.cell(row=4, column=header.index("countries") + 1, value="Atlantis")
    book.save(raw / "pledges.xlsx")
    (raw / "pledges.csv").unlink()
    code, err = run(raw, capsys)
    assert code == 1
    assert any(e.startswith('pledges.xlsx:4: countries: [GCM-E602] "Atlantis" is not a known country') for e in err), (
        err
    )


def test_two_forms_of_one_import_file_are_an_error(raw, capsys):
    write_xlsx(raw / "pledges.csv", raw / "pledges.xlsx")
    code, err = run(raw, capsys)
    assert (
        code == 1
        and "pledges.csv: [GCM-E209] pledges.csv and pledges.xlsx both hold pledges.csv: keep one of them" in err
    )


def test_a_damaged_workbook_is_an_error_not_a_trace(raw, capsys):
    (raw / "pledges.csv").unlink()
    (raw / "pledges.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    code, err = run(raw, capsys)
    assert code == 1 and any(e.startswith("pledges.xlsx: [GCM-E208] not a readable Excel workbook") for e in err), err
